"""The stage gate: the state machine, deliverables before submission, who may decide, the
next stage starting, the history and the project's current stage."""

from __future__ import annotations

import io

import pytest

from park.accounts.models import OrgKind, OrgRole
from park.core.errors import DomainError
from park.extensions import db
from park.projects import workflow
from park.projects.lifecycle import StageAction, StageKind, StageStatus
from park.projects.models import ProjectRole, ProjectStatus, StageTransition
from tests.factories import (
    OrganisationFactory,
    ProjectMemberFactory,
    advance_to,
    make_project,
    member_of,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _upload_required(actor, stage):
    for deliverable in stage.deliverables:
        if deliverable.required:
            workflow.upload_version(actor, deliverable, io.BytesIO(PDF), filename="file.pdf")


def _move(actor, stage, action, comment=""):
    db.session.refresh(stage)
    return workflow.move_stage(actor, stage, action, expected_version=stage.version,
                               comment=comment)


@pytest.fixture
def firm():
    return OrganisationFactory(name="Toway Design")


@pytest.fixture
def lead(firm):
    return member_of(firm)


@pytest.fixture
def client_org():
    return OrganisationFactory(name="Loncin Motor", kind=OrgKind.MANUFACTURER)


@pytest.fixture
def project(firm, lead, client_org):
    return make_project(firm, lead, client=client_org)


def test_new_project_starts_its_first_stage_and_makes_the_creator_lead(project, lead):
    brief = project.stages[0]
    assert brief.kind is StageKind.BRIEF and brief.status is StageStatus.IN_PROGRESS
    assert all(s.status is StageStatus.PENDING for s in project.stages[1:])
    assert project.current_stage is StageKind.BRIEF
    assert project.member(lead).role is ProjectRole.LEAD


def test_template_without_mould_leaves_that_stage_out(firm, lead):
    project = make_project(firm, lead, template="digital")
    kinds = [s.kind for s in project.stages]
    assert StageKind.MOULD_DESIGN not in kinds and StageKind.INSPECTION not in kinds
    assert kinds[0] is StageKind.BRIEF and kinds[-1] is StageKind.HANDOVER


def test_stages_are_planned_evenly_between_start_and_target_end(firm, lead):
    from datetime import date

    project = make_project(firm, lead, template="concept-study", start_on=date(2027, 1, 1),
                           target_end_on=date(2027, 3, 31))
    spans = [(s.planned_start_on, s.planned_end_on) for s in project.stages]
    assert spans[0][0] == date(2027, 1, 1) and spans[-1][1] == date(2027, 3, 31)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_submitting_without_the_required_deliverable_is_refused_and_names_it(project, lead):
    brief = project.stages[0]
    with pytest.raises(DomainError, match="Design brief"):
        _move(lead, brief, StageAction.SUBMIT)
    db.session.refresh(brief)
    assert brief.status is StageStatus.IN_PROGRESS


def test_submitting_with_the_deliverable_waits_for_approval(project, lead):
    brief = project.stages[0]
    _upload_required(lead, brief)
    _move(lead, brief, StageAction.SUBMIT)
    assert brief.status is StageStatus.AWAITING_APPROVAL


def test_client_approves_a_gate_and_the_next_stage_starts(project, lead, client_org):
    client_person = member_of(client_org)
    brief, concept = project.stages[0], project.stages[1]
    _upload_required(lead, brief)
    _move(lead, brief, StageAction.SUBMIT)
    current = _move(client_person, brief, StageAction.APPROVE)
    db.session.refresh(concept)
    db.session.refresh(project)
    assert brief.status is StageStatus.APPROVED and brief.actual_end_on is not None
    assert current.id == concept.id and concept.status is StageStatus.IN_PROGRESS
    assert concept.actual_start_on is not None
    assert project.current_stage is StageKind.CONCEPT


def test_a_designer_cannot_approve_a_gate(project, lead):
    designer = member_of(project.firm)
    ProjectMemberFactory(project=project, user=designer, role=ProjectRole.DESIGNER)
    brief = project.stages[0]
    _upload_required(lead, brief)
    _move(lead, brief, StageAction.SUBMIT)
    with pytest.raises(DomainError, match="project lead or the client"):
        _move(designer, brief, StageAction.APPROVE)
    db.session.refresh(brief)
    assert brief.status is StageStatus.AWAITING_APPROVAL


def test_a_firm_manager_who_is_not_lead_cannot_approve_a_gate(project, lead):
    manager = member_of(project.firm, OrgRole.MANAGER)
    brief = project.stages[0]
    _upload_required(lead, brief)
    _move(lead, brief, StageAction.SUBMIT)
    with pytest.raises(DomainError):
        _move(manager, brief, StageAction.APPROVE)


def test_a_pending_stage_cannot_be_submitted(project, lead):
    concept = project.stages[1]
    with pytest.raises(DomainError, match="Pending"):
        _move(lead, concept, StageAction.SUBMIT)


def test_a_later_stage_cannot_start_before_the_earlier_ones_are_done(project, lead):
    testing = project.stage_of(StageKind.TESTING)
    with pytest.raises(DomainError, match="starts once the stages before it"):
        _move(lead, testing, StageAction.START)
    db.session.refresh(testing)
    assert testing.status is StageStatus.PENDING


def test_an_approved_stage_cannot_move_again(project, lead):
    advance_to(project, StageKind.CONCEPT)
    brief = project.stages[0]
    for action in (StageAction.SUBMIT, StageAction.APPROVE, StageAction.SKIP):
        with pytest.raises(DomainError):
            _move(lead, brief, action, comment="why not")


def test_requesting_changes_needs_a_comment_and_returns_the_stage(project, lead):
    brief = project.stages[0]
    _upload_required(lead, brief)
    _move(lead, brief, StageAction.SUBMIT)
    with pytest.raises(DomainError) as refused:
        _move(lead, brief, StageAction.RETURN)
    assert refused.value.field == "comment"
    _move(lead, brief, StageAction.RETURN, comment="The target price is missing.")
    assert brief.status is StageStatus.IN_PROGRESS


def test_skipping_a_stage_starts_the_next_and_is_kept_with_its_reason(project, lead):
    advance_to(project, StageKind.MOULD_DESIGN)
    mould = project.stage_of(StageKind.MOULD_DESIGN)
    _move(lead, mould, StageAction.SKIP, comment="Client makes its own moulds.")
    prototype = project.stage_of(StageKind.PROTOTYPE)
    db.session.refresh(prototype)
    assert mould.status is StageStatus.SKIPPED
    assert prototype.status is StageStatus.IN_PROGRESS
    last = db.session.query(StageTransition).filter_by(stage_id=mould.id).one()
    assert last.comment == "Client makes its own moulds."


def test_moves_are_refused_while_the_project_is_on_hold(project, lead):
    project.status = ProjectStatus.ON_HOLD
    db.session.commit()
    brief = project.stages[0]
    _upload_required(lead, brief)
    with pytest.raises(DomainError, match="On hold"):
        _move(lead, brief, StageAction.SUBMIT)


def test_a_move_from_a_stale_page_is_refused(project, lead):
    brief = project.stages[0]
    _upload_required(lead, brief)
    seen = brief.version
    _move(lead, brief, StageAction.SUBMIT)
    with pytest.raises(DomainError, match="reload"):
        workflow.move_stage(lead, brief, StageAction.APPROVE, expected_version=seen)
    assert brief.status is StageStatus.AWAITING_APPROVAL


def test_approving_the_last_stage_completes_the_project(project, lead, client_org):
    client_person = member_of(client_org)
    advance_to(project, StageKind.HANDOVER)
    handover = project.stage_of(StageKind.HANDOVER)
    _upload_required(lead, handover)
    _move(lead, handover, StageAction.SUBMIT)
    current = _move(client_person, handover, StageAction.APPROVE)
    db.session.refresh(project)
    assert current is None
    assert project.current_stage is None
    assert project.status is ProjectStatus.COMPLETED and project.completed_on is not None


def test_every_move_is_in_the_history_with_who_and_from_where(project, lead, client_org):
    client_person = member_of(client_org)
    brief = project.stages[0]
    _upload_required(lead, brief)
    _move(lead, brief, StageAction.SUBMIT)
    _move(client_person, brief, StageAction.APPROVE)
    rows = (db.session.query(StageTransition).filter_by(project_id=project.id)
            .order_by(StageTransition.id).all())
    assert [(r.stage.kind, r.from_status, r.to_status, r.actor_id) for r in rows] == [
        (StageKind.BRIEF, None, StageStatus.IN_PROGRESS, lead.id),
        (StageKind.BRIEF, StageStatus.IN_PROGRESS, StageStatus.AWAITING_APPROVAL, lead.id),
        (StageKind.BRIEF, StageStatus.AWAITING_APPROVAL, StageStatus.APPROVED, client_person.id),
        (StageKind.CONCEPT, StageStatus.PENDING, StageStatus.IN_PROGRESS, client_person.id),
    ]


def test_a_stage_move_does_not_make_an_open_project_edit_stale(project, lead):
    seen = project.version
    brief = project.stages[0]
    _upload_required(lead, brief)
    _move(lead, brief, StageAction.SUBMIT)
    db.session.refresh(project)
    assert project.version == seen
