"""Project details, members, milestones and deliverable files: the rules the services keep."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest

from park.accounts.models import OrgKind, OrgStatus
from park.core.errors import DomainError
from park.core.time import park_today
from park.extensions import db
from park.projects import services, workflow
from park.projects.lifecycle import DeliverableKind, StageKind
from park.projects.models import DeliverableVersion, ProjectRole, ProjectStatus, Visibility
from tests.factories import OrganisationFactory, advance_to, make_project, member_of
from tests.helpers import audit_actions, count

PDF = b"%PDF-1.4\n%%EOF\n"


def _details(project, **overrides):
    fields = dict(expected_version=project.version, title=project.title,
                  summary=project.summary, specialty=project.specialty, client=project.client,
                  partners=list(project.partners), start_on=project.start_on,
                  target_end_on=project.target_end_on, visibility=project.visibility,
                  status=project.status)
    fields.update(overrides)
    return fields


def test_only_approved_firms_create_projects():
    manufacturer = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    with pytest.raises(DomainError):
        make_project(manufacturer)
    pending = OrganisationFactory(status=OrgStatus.PENDING)
    with pytest.raises(DomainError):
        make_project(pending)


def test_a_firm_cannot_be_its_own_client():
    firm = OrganisationFactory()
    with pytest.raises(DomainError) as refused:
        make_project(firm, client=firm)
    assert refused.value.field == "client"


def test_partners_must_be_academic_institutions():
    with pytest.raises(DomainError) as refused:
        make_project(partners=[OrganisationFactory(kind=OrgKind.MANUFACTURER)])
    assert refused.value.field == "partners"


def test_target_end_before_start_is_refused_at_that_field():
    with pytest.raises(DomainError) as refused:
        make_project(start_on=date(2027, 5, 1), target_end_on=date(2027, 4, 1))
    assert refused.value.field == "target_end_on"


def test_editing_records_the_changes_in_the_audit_log():
    project = make_project()
    services.update_project(project.created_by, project,
                            **_details(project, title="Fairing, second generation",
                                       visibility=Visibility.PUBLIC))
    assert project.title == "Fairing, second generation"
    assert "project.updated" in audit_actions()


def test_editing_from_a_stale_page_is_refused_and_keeps_the_other_save():
    project = make_project()
    lead = project.created_by
    seen = project.version
    services.update_project(lead, project, **_details(project, title="First save"))
    with pytest.raises(DomainError, match="reload"):
        services.update_project(lead, project, **_details(project, title="Second save",
                                                          expected_version=seen))
    db.session.refresh(project)
    assert project.title == "First save"


def test_a_project_with_open_stages_cannot_be_marked_completed():
    project = make_project()
    with pytest.raises(DomainError) as refused:
        services.update_project(project.created_by, project,
                                **_details(project, status=ProjectStatus.COMPLETED))
    assert refused.value.field == "status"


def test_members_come_from_the_firm_the_client_or_a_partner():
    client = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    project = make_project(client=client)
    outsider = member_of(OrganisationFactory())
    with pytest.raises(DomainError):
        services.add_member(project.created_by, project, email=outsider.email,
                            role=ProjectRole.DESIGNER)
    buyer = member_of(client)
    member = services.add_member(project.created_by, project, email=buyer.email.upper(),
                                 role=ProjectRole.CLIENT_VIEWER)
    assert member.user_id == buyer.id


def test_a_client_viewer_must_belong_to_the_client():
    project = make_project()
    colleague = member_of(project.firm)
    with pytest.raises(DomainError) as refused:
        services.add_member(project.created_by, project, email=colleague.email,
                            role=ProjectRole.CLIENT_VIEWER)
    assert refused.value.field == "role"


def test_the_last_lead_cannot_be_removed():
    project = make_project()
    with pytest.raises(DomainError, match="at least one lead"):
        services.remove_member(project.created_by, project.members[0])


def test_overdue_means_due_before_today_and_not_achieved():
    project = make_project()
    today = park_today()
    late = services.add_milestone(project.created_by, project, name="Clay model",
                                  due_on=today - timedelta(days=1))
    assert late.overdue(today)
    services.achieve_milestone(project.created_by, late)
    assert not late.overdue(today)


def test_a_milestone_cannot_be_achieved_in_the_future():
    project = make_project()
    milestone = services.add_milestone(project.created_by, project, name="Tooling",
                                       due_on=date(2027, 1, 1))
    with pytest.raises(DomainError) as refused:
        services.update_milestone(project.created_by, milestone, name="Tooling",
                                  due_on=date(2027, 1, 1),
                                  achieved_on=park_today() + timedelta(days=3))
    assert refused.value.field == "achieved_on"


def test_a_new_upload_keeps_the_earlier_version():
    project = make_project()
    deliverable = project.stages[0].deliverables[0]
    first = workflow.upload_version(project.created_by, deliverable, io.BytesIO(PDF),
                                    filename="brief.pdf")
    second = workflow.upload_version(project.created_by, deliverable, io.BytesIO(PDF + b" "),
                                     filename="brief-v2.pdf", note="Budget added")
    assert (first.number, second.number) == (1, 2)
    db.session.refresh(deliverable)
    assert [v.number for v in deliverable.versions] == [2, 1]
    assert deliverable.latest.original_name == "brief-v2.pdf"


def test_a_file_whose_content_is_not_what_its_name_says_is_refused(app):
    project = make_project()
    deliverable = project.stages[0].deliverables[0]
    with pytest.raises(DomainError) as refused:
        workflow.upload_version(project.created_by, deliverable,
                                io.BytesIO(b"<html><script>alert(1)</script></html>"),
                                filename="brief.pdf")
    assert refused.value.field == "file"
    assert count(DeliverableVersion) == 0


def test_a_file_over_the_limit_is_refused(app):
    app.config["DELIVERABLE_MAX_BYTES"] = 100
    project = make_project()
    deliverable = project.stages[0].deliverables[0]
    with pytest.raises(DomainError, match="too large"):
        workflow.upload_version(project.created_by, deliverable,
                                io.BytesIO(PDF + b"x" * 200), filename="brief.pdf")
    assert count(DeliverableVersion) == 0


def test_uploads_to_an_approved_stage_are_refused():
    project = make_project()
    advance_to(project, StageKind.CONCEPT)
    with pytest.raises(DomainError, match="final"):
        workflow.upload_version(project.created_by, project.stages[0].deliverables[0],
                                io.BytesIO(PDF), filename="late.pdf")


def test_an_extra_deliverable_can_be_required_and_then_blocks_submission():
    from park.projects.lifecycle import StageAction

    project = make_project()
    brief = project.stages[0]
    workflow.upload_version(project.created_by, brief.deliverables[0], io.BytesIO(PDF),
                            filename="brief.pdf")
    workflow.add_deliverable(project.created_by, brief, name="Competitor teardown",
                             kind=DeliverableKind.REPORT, required=True)
    db.session.refresh(brief)
    with pytest.raises(DomainError, match="Competitor teardown"):
        workflow.move_stage(project.created_by, brief, StageAction.SUBMIT,
                            expected_version=brief.version)


def test_a_deliverable_name_is_unique_within_its_stage():
    project = make_project()
    with pytest.raises(DomainError) as refused:
        workflow.add_deliverable(project.created_by, project.stages[0], name="design BRIEF",
                                 kind=DeliverableKind.DOCUMENT, required=False)
    assert refused.value.field == "name"
