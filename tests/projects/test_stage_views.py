"""Stages through the browser: the whole journey from brief to production handover, gates
refused and approved, the stage page's plan, and moves from stale or foreign pages."""

from __future__ import annotations

from datetime import date

from park.extensions import db
from park.projects.lifecycle import StageKind, StageStatus
from park.projects.models import ProjectStatus, StageTransition
from park.projects.services import STALE
from tests.factories import make_project, member_of
from tests.helpers import count, field_errors, flash_texts, redirect_path, visible_text
from tests.projects.pages import (
    PDF,
    client_as,
    fresh,
    move,
    project_url,
    stage_url,
    token,
    upload,
)


def test_whole_journey_from_brief_to_handover_through_the_pages(app, team, lead_browser):
    project = team.project
    client_browser = client_as(app, team.client_user)
    kinds = [stage.kind for stage in project.stages]
    assert kinds[0] is StageKind.BRIEF and kinds[-1] is StageKind.HANDOVER

    for index, stage in enumerate(fresh(project).stages):
        required = [d for d in stage.deliverables if d.required]
        # Submitting without the files is refused, and says which file is missing.
        refused = move(lead_browser, stage, "submit")
        assert redirect_path(refused).startswith(project_url(project))
        page = lead_browser.get(project_url(project))
        assert any("Upload the required deliverables first" in text and required[0].name in text
                   for text in flash_texts(page))
        assert fresh(stage).status is StageStatus.IN_PROGRESS

        for deliverable in required:
            response = upload(lead_browser, deliverable, PDF, f"{deliverable.code}.pdf")
            assert response.status_code == 302

        move(lead_browser, stage, "submit")
        assert fresh(stage).status is StageStatus.AWAITING_APPROVAL

        # The client (not a project member, but of the client organisation) decides the gate.
        approved = move(client_browser, stage, "approve", comment="Looks right.")
        assert approved.status_code == 302
        assert fresh(stage).status is StageStatus.APPROVED
        following = fresh(project).stages[index + 1] if index + 1 < len(kinds) else None
        if following is not None:
            assert following.status is StageStatus.IN_PROGRESS
            assert fresh(project).current_stage is following.kind

    project = fresh(project)
    assert project.status is ProjectStatus.COMPLETED and project.current_stage is None
    page = lead_browser.get(project_url(project))
    assert "This project is completed" in visible_text(page)

    history = visible_text(lead_browser.get(project_url(project, "/history")))
    # Created, then per stage: submitted and approved, and each later stage started.
    assert count(StageTransition) == 1 + 2 * len(kinds) + (len(kinds) - 1)
    assert history.count("Awaiting approval") == 2 * len(kinds)  # as "to", then as "from"
    assert "project created" in history
    assert "Production handover" in history and "Looks right." in history


def test_submit_is_refused_with_the_missing_deliverable_named(team, lead_browser):
    brief = team.project.stages[0]
    response = move(lead_browser, brief, "submit")
    page = lead_browser.get(redirect_path(response))
    assert "Upload the required deliverables first: Design brief." in flash_texts(page)
    assert fresh(brief).status is StageStatus.IN_PROGRESS
    assert count(StageTransition) == 1


def test_designer_approving_a_gate_is_refused_with_a_clear_message(app, team, lead_browser):
    brief = team.project.stages[0]
    upload(lead_browser, brief.deliverables[0])
    move(lead_browser, brief, "submit")
    designer = client_as(app, team.designer)
    response = move(designer, brief, "approve")
    page = designer.get(redirect_path(response))
    assert "Only the project lead or the client can decide on a gate." in flash_texts(page)
    assert fresh(brief).status is StageStatus.AWAITING_APPROVAL


def test_designer_is_not_offered_the_approve_button(app, team, lead_browser):
    brief = team.project.stages[0]
    upload(lead_browser, brief.deliverables[0])
    move(lead_browser, brief, "submit")
    page = client_as(app, team.designer).get(project_url(team.project)).get_data(as_text=True)
    assert 'value="approve"' not in page
    client_page = client_as(app, team.client_user).get(project_url(team.project))
    assert 'value="approve"' in client_page.get_data(as_text=True)


def test_request_changes_needs_a_comment_and_then_returns_the_stage(team, lead_browser):
    brief = team.project.stages[0]
    upload(lead_browser, brief.deliverables[0])
    move(lead_browser, brief, "submit")
    refused = move(lead_browser, brief, "return")
    page = lead_browser.get(redirect_path(refused))
    assert "“Request changes” needs a comment: please say why." in flash_texts(page)
    assert fresh(brief).status is StageStatus.AWAITING_APPROVAL

    move(lead_browser, brief, "return", comment="The brief misses the budget.")
    assert fresh(brief).status is StageStatus.IN_PROGRESS
    history = visible_text(lead_browser.get(project_url(team.project)))
    assert "The brief misses the budget." in history


def test_lead_can_skip_a_later_stage_with_a_reason(team, lead_browser):
    mould = next(s for s in team.project.stages if s.kind is StageKind.MOULD_DESIGN)
    move(lead_browser, mould, "skip", comment="The client makes its own moulds.")
    assert fresh(mould).status is StageStatus.SKIPPED
    assert fresh(team.project).current_stage is StageKind.BRIEF


def test_a_move_from_a_stale_page_is_refused_with_the_reload_message(team, lead_browser):
    brief = team.project.stages[0]
    upload(lead_browser, brief.deliverables[0])
    old_version = fresh(brief).version
    move(lead_browser, brief, "submit")
    response = move(lead_browser, brief, "approve", version=old_version)
    assert str(STALE) in flash_texts(lead_browser.get(redirect_path(response)))
    assert fresh(brief).status is StageStatus.AWAITING_APPROVAL


def test_a_move_returns_to_a_safe_next_page_only(team, lead_browser):
    brief = team.project.stages[0]
    board = f"/orgs/{team.firm.slug}/projects/board"
    response = move(lead_browser, brief, "submit", next=board)
    assert redirect_path(response) == board
    response = move(lead_browser, brief, "submit", next="https://evil.example/")
    assert redirect_path(response).startswith(project_url(team.project))


def test_an_unknown_action_changes_nothing(team, lead_browser):
    brief = team.project.stages[0]
    response = move(lead_browser, brief, "teleport")
    assert "Please choose what to do with the stage." in flash_texts(
        lead_browser.get(redirect_path(response)))
    assert fresh(brief).status is StageStatus.IN_PROGRESS


def test_stage_of_another_project_is_not_found(team, lead_browser):
    other = make_project(team.firm, team.lead, title="Another one")
    stage = other.stages[0]
    assert lead_browser.get(project_url(team.project, f"/stages/{stage.id}")).status_code == 404
    response = lead_browser.post(project_url(team.project, f"/stages/{stage.id}/move"),
                                 data={"csrf_token": token(lead_browser), "action": "submit",
                                       "version": stage.version})
    assert response.status_code == 404


# The stage page -------------------------------------------------------------------------------


def test_stage_page_shows_plan_form_to_the_lead(team, lead_browser):
    brief = team.project.stages[0]
    page = lead_browser.get(stage_url(brief))
    text = visible_text(page)
    assert page.status_code == 200
    assert "Brief" in text and "Planned start" in text and "Save stage" in text
    assert "Required before this stage can be submitted for approval: Design brief." in text


def test_lead_plans_a_stage_with_dates_owner_and_notes(team, lead_browser):
    concept = team.project.stages[1]
    response = lead_browser.post(stage_url(concept), data={
        "csrf_token": token(lead_browser), "planned_start_on": "2026-03-01",
        "planned_end_on": "2026-04-15", "owner": str(team.designer.id),
        "notes": "Three directions, one chosen with the client.", "version": concept.version,
    })
    assert redirect_path(response) == stage_url(concept)
    concept = fresh(concept)
    assert concept.planned_start_on == date(2026, 3, 1)
    assert concept.planned_end_on == date(2026, 4, 15)
    assert concept.owner_id == team.designer.id
    assert "Three directions" in visible_text(lead_browser.get(stage_url(concept)))


def test_stage_owner_must_be_a_project_member(team, lead_browser):
    brief = team.project.stages[0]
    response = lead_browser.post(stage_url(brief), data={
        "csrf_token": token(lead_browser), "owner": str(team.colleague.id),
        "version": brief.version,
    })
    assert response.status_code == 422
    assert field_errors(response, "owner")
    assert fresh(brief).owner_id == team.lead.id


def test_planned_end_before_start_is_refused_at_the_field(team, lead_browser):
    brief = team.project.stages[0]
    response = lead_browser.post(stage_url(brief), data={
        "csrf_token": token(lead_browser), "planned_start_on": "2026-05-01",
        "planned_end_on": "2026-04-01", "owner": str(team.lead.id), "version": brief.version,
    })
    assert response.status_code == 422
    assert field_errors(response, "planned_end_on") == [
        "The planned end cannot be before the planned start."]


def test_stale_stage_plan_is_refused_with_the_reload_message(team, lead_browser):
    brief = team.project.stages[0]
    old = brief.version
    data = {"csrf_token": token(lead_browser), "owner": str(team.lead.id), "version": old}
    lead_browser.post(stage_url(brief), data={**data, "notes": "First"})
    response = lead_browser.post(stage_url(brief), data={**data, "notes": "Second"})
    assert response.status_code == 409
    assert str(STALE) in flash_texts(response)
    assert fresh(brief).notes == "First"


def test_designer_sees_the_plan_but_cannot_change_it(app, team):
    designer = client_as(app, team.designer)
    brief = team.project.stages[0]
    page = designer.get(stage_url(brief))
    assert page.status_code == 200 and "Save stage" not in visible_text(page)
    response = designer.post(stage_url(brief), data={
        "csrf_token": token(designer), "notes": "Mine now", "version": brief.version})
    assert response.status_code == 403
    assert fresh(brief).notes == ""


def test_firm_colleague_off_the_project_sees_it_but_cannot_move_stages(app, team):
    colleague = client_as(app, team.colleague)
    assert colleague.get(project_url(team.project)).status_code == 200
    brief = team.project.stages[0]
    response = move(colleague, brief, "skip", comment="Not needed")
    assert "Your role on this project does not allow “Skip stage”." in flash_texts(
        colleague.get(redirect_path(response)))
    assert fresh(brief).status is StageStatus.IN_PROGRESS


def test_client_user_follows_and_approves_but_cannot_upload(app, team):
    browser = client_as(app, team.client_user)
    deliverable = team.project.stages[0].deliverables[0]
    assert upload(browser, deliverable).status_code == 403
    db.session.expire_all()
    assert not fresh(deliverable).versions


def test_second_client_user_can_also_approve(app, team, lead_browser):
    brief = team.project.stages[0]
    upload(lead_browser, brief.deliverables[0])
    move(lead_browser, brief, "submit")
    another = member_of(team.client_org, name="Second Client")
    move(client_as(app, another), brief, "approve")
    assert fresh(brief).status is StageStatus.APPROVED
