"""The demo park's design projects: spread over every stage, consistent with their history,
dated before the reference day, with files that download, milestones and IP records."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from park.accounts.models import OrgKind, OrgStatus
from park.core import storage
from park.demo import data, project_data
from park.demo.projects import pdf_file, png_file, step_file
from park.demo.seed import seed_demo
from park.demo.space import REFERENCE_DAY
from park.extensions import db
from park.projects import ip, queries
from park.projects.lifecycle import DONE_STATUSES, STAGE_ORDER, TEMPLATES, StageStatus
from park.projects.models import (
    Deliverable,
    IpKind,
    IpRecord,
    IpStatus,
    LifecycleStage,
    Project,
    ProjectMember,
    ProjectRole,
    ProjectStatus,
    StageTransition,
    Visibility,
)


def _quiet(_message: str) -> None:
    pass


@pytest.fixture
def projects(app) -> list[Project]:
    """The projects of `project_data`, dated around the reference day (the project a demo
    need was converted into is dated from today, like the needs: see tests/demo/
    test_matching.py)."""
    seed_demo(echo=_quiet)
    db.session.expire_all()
    titles = [spec.title for spec in project_data.PROJECTS]
    return list(db.session.scalars(
        select(Project).where(Project.title.in_(titles)).order_by(Project.id).options(
            selectinload(Project.firm), selectinload(Project.client),
            selectinload(Project.partners),
            selectinload(Project.members).selectinload(ProjectMember.user),
            selectinload(Project.milestones),
            selectinload(Project.stages).selectinload(LifecycleStage.deliverables)
            .selectinload(Deliverable.versions),
        )
    ))


def _history(project: Project) -> list[StageTransition]:
    return list(db.session.scalars(
        select(StageTransition).where(StageTransition.project_id == project.id)
        .order_by(StageTransition.created_at, StageTransition.id)
    ))


def test_about_thirty_projects_of_approved_design_firms(projects):
    assert 25 <= len(projects) <= 35
    assert len(projects) == len(project_data.PROJECTS)
    assert all(p.firm.kind is OrgKind.DESIGN_FIRM and p.firm.status is OrgStatus.APPROVED
               for p in projects)
    assert len({p.firm_id for p in projects}) >= 15
    assert {"toway", "artop-yuli", "chuangyu"} <= {p.firm.slug for p in projects}
    assert len({p.template for p in projects}) == len(TEMPLATES)


def test_active_projects_stand_at_every_stage_and_a_few_are_finished(projects):
    active = [p for p in projects if p.status is ProjectStatus.ACTIVE]
    assert {p.current_stage for p in active} == set(STAGE_ORDER)
    completed = [p for p in projects if p.status is ProjectStatus.COMPLETED]
    assert len(completed) >= 2
    assert all(p.current_stage is None and p.completed_on <= REFERENCE_DAY for p in completed)
    assert all(stage.status in DONE_STATUSES for p in completed for stage in p.stages)
    statuses = Counter(p.status for p in projects)
    assert statuses[ProjectStatus.ON_HOLD] >= 1 and statuses[ProjectStatus.CANCELLED] >= 1
    awaiting = [p for p in projects if p.current and
                p.current.status is StageStatus.AWAITING_APPROVAL]
    assert 3 <= len(awaiting) <= 10


def test_clients_partners_and_visibility_are_mixed(projects):
    clients = {p.client.slug for p in projects if p.client}
    assert len(clients) >= 4
    assert all(p.client.kind is OrgKind.MANUFACTURER for p in projects if p.client)
    with_institute = [p for p in projects if [o.slug for o in p.partners] == [data.INSTITUTE_SLUG]]
    assert len(with_institute) >= 3
    visibility = Counter(p.visibility for p in projects)
    assert all(visibility[v] >= 5 for v in Visibility)
    toway = next(p.firm for p in projects if p.firm.slug == "toway")
    assert queries.public_portfolio(toway)


def test_members_are_a_lead_and_people_of_the_firm_client_or_institute(projects):
    for project in projects:
        leads = [m for m in project.members if m.role is ProjectRole.LEAD]
        assert len(leads) == 1, project.title
        for member in project.members:
            orgs = {m.organisation_id for m in member.user.memberships}
            if member.role is ProjectRole.CLIENT_VIEWER:
                assert project.client_id in orgs, project.title
            elif member.role is ProjectRole.ACADEMIC_ADVISOR:
                assert orgs & {p.id for p in project.partners}, project.title
            else:
                assert orgs & ({project.firm_id} | {p.id for p in project.partners}), \
                    project.title


def test_stages_follow_the_template_and_the_current_stage_is_the_first_not_done(projects):
    for project in projects:
        assert tuple(s.kind for s in project.stages) == TEMPLATES[project.template].stages
        first_open = next((s for s in project.stages if s.status not in DONE_STATUSES), None)
        assert project.current_stage == (first_open.kind if first_open else None), project.title
        if first_open:
            later = project.stages[first_open.position:]
            assert all(s.status is StageStatus.PENDING for s in later), project.title


def test_stage_dates_are_in_order_and_before_the_reference_day(projects):
    for project in projects:
        previous_end = project.start_on
        for stage in project.stages:
            assert stage.planned_start_on and stage.planned_end_on
            if stage.status is StageStatus.PENDING or stage.status is StageStatus.SKIPPED:
                assert stage.actual_start_on is None and stage.actual_end_on is None
                continue
            assert previous_end <= stage.actual_start_on <= REFERENCE_DAY, project.title
            if stage.status is StageStatus.APPROVED:
                assert stage.actual_start_on <= stage.actual_end_on <= REFERENCE_DAY
                previous_end = stage.actual_end_on
            else:
                assert stage.actual_end_on is None


def test_the_history_tells_how_each_stage_got_to_its_status(projects):
    for project in projects:
        history = _history(project)
        assert history[0].from_status is None and history[0].stage.position == 1
        assert all(t.created_at.date() <= REFERENCE_DAY for t in history)
        by_stage: dict[int, list[StageTransition]] = {}
        for transition in history:
            by_stage.setdefault(transition.stage_id, []).append(transition)
        for stage in project.stages:
            moves = by_stage.get(stage.id, [])
            if stage.status is StageStatus.PENDING:
                assert moves == [], project.title
                continue
            assert moves[-1].to_status is stage.status, (project.title, stage.kind)
            # Each move starts where the previous one ended.
            for before, after in zip(moves, moves[1:], strict=False):
                assert after.from_status is before.to_status, (project.title, stage.kind)
            if stage.status is StageStatus.SKIPPED:
                assert moves[-1].comment
            if any(t.to_status is StageStatus.IN_PROGRESS and
                   t.from_status is StageStatus.AWAITING_APPROVAL for t in moves):
                assert all(t.comment for t in moves
                           if t.from_status is StageStatus.AWAITING_APPROVAL
                           and t.to_status is StageStatus.IN_PROGRESS)


def test_some_gates_were_approved_by_the_client_and_one_was_sent_back(projects):
    client_approvals = 0
    returns = 0
    for project in projects:
        client_ids = {m.user_id for m in project.members if m.role is ProjectRole.CLIENT_VIEWER}
        for transition in _history(project):
            if transition.to_status is StageStatus.APPROVED and project.client_id and any(
                m.organisation_id == project.client_id for m in transition.actor.memberships
            ):
                client_approvals += 1
            if transition.from_status is StageStatus.AWAITING_APPROVAL and \
                    transition.to_status is StageStatus.IN_PROGRESS:
                returns += 1
        assert client_ids <= {m.user_id for m in project.members}
    assert client_approvals >= 5
    assert returns >= 1


def test_done_and_submitted_stages_have_a_downloadable_file_for_each_required_deliverable(
        projects):
    files = 0
    for project in projects:
        for stage in project.stages:
            submitted = stage.status in (StageStatus.APPROVED, StageStatus.AWAITING_APPROVAL)
            for deliverable in stage.deliverables:
                assert deliverable.required
                if not submitted:
                    assert deliverable.versions == [], (project.title, stage.kind)
                    continue
                assert deliverable.versions, (project.title, stage.kind, deliverable.name)
                for version in deliverable.versions:
                    content = storage.path_of(version.stored_name).read_bytes()
                    assert len(content) == version.size_bytes
                    assert storage.document_type(content, version.original_name) == \
                        version.content_type
                    assert version.uploaded_at.date() <= REFERENCE_DAY
                    files += 1
    assert 50 <= files <= 200
    revised = [v for p in projects for s in p.stages for d in s.deliverables for v in d.versions
               if v.number == 2]
    assert revised and all(v.note for v in revised)


def test_the_generated_files_are_what_their_type_says():
    pdf = pdf_file("Electric motorcycle fairing", ["Design brief, version 1"])
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert b"startxref" in pdf
    from io import BytesIO

    from PIL import Image

    with Image.open(BytesIO(png_file())) as image:
        assert image.format == "PNG" and image.size == (240, 150)
    assert storage.document_type(step_file("Cab"), "cab.step") == "model/step"


def test_milestones_are_achieved_overdue_and_upcoming_on_the_reference_day(projects):
    milestones = [m for p in projects for m in p.milestones]
    achieved = [m for m in milestones if m.achieved_on]
    overdue = [m for m in milestones if m.overdue(REFERENCE_DAY)]
    upcoming = [m for m in milestones if not m.achieved_on and m.due_on >= REFERENCE_DAY]
    assert len(achieved) >= 10 and len(overdue) >= 3 and len(upcoming) >= 10
    assert all(m.achieved_on <= REFERENCE_DAY for m in achieved)


def test_ip_records_cover_every_kind_and_status_and_some_fall_due_within_ninety_days(projects):
    records = db.session.scalars(select(IpRecord)).all()
    assert {r.kind for r in records} == set(IpKind)
    assert {r.status for r in records} == set(IpStatus)
    due = [r for r in records if ip.upcoming_deadline(r, REFERENCE_DAY)]
    assert 4 <= len(due) <= 10
    # A renewal just outside the window is not among them, nor a lapsed record's.
    assert any(r.renewal_due_on and (r.renewal_due_on - REFERENCE_DAY).days == 92
               for r in records)
    assert all(r.status not in (IpStatus.LAPSED, IpStatus.REJECTED) for r in due)
