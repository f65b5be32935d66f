"""The project page (header, stepper, timeline chart, stages with their files and actions,
recent history), its bounded queries, the edit form with its stale-save refusal, and the
history page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from babel.dates import format_skeleton

from park.accounts.models import OrgKind
from park.core.time import park_today
from park.projects import workflow
from park.projects.lifecycle import StageAction
from park.projects.models import ProjectRole, ProjectStatus, Visibility
from park.projects.services import STALE
from park.projects.views.project import projects_date
from tests.conftest import CSRF_RE
from tests.factories import (
    MilestoneFactory,
    OrganisationFactory,
    ProjectMemberFactory,
    SpecialtyFactory,
    make_project,
    member_of,
)
from tests.helpers import field_errors, flash_texts, queries_for_page, visible_text
from tests.projects.pages import (
    client_as,
    fresh,
    make_team,
    move,
    project_url,
    upload,
)


@pytest.fixture
def start(app):
    """About three months ago, so today falls inside the plan."""
    return park_today().replace(day=5) - timedelta(days=95)


@pytest.fixture
def team(start):
    return make_team(start_on=start, target_end_on=start + timedelta(days=330),
                     summary="A lighter fairing for an electric commuter motorcycle.")


def _svg(response) -> str:
    html = response.get_data(as_text=True)
    match = re.search(r'<svg class="timeline-chart".*?</svg>', html, re.S)
    assert match, "no timeline chart on the page"
    return match.group(0)


def test_header_shows_title_badges_firm_and_client(team, lead_browser):
    text = visible_text(lead_browser.get(project_url(team.project)))
    assert "Electric motorcycle fairing" in text
    assert "Active" in text and "Private" in text
    assert "Design firm Toway Design" in text and "Client Loncin Motor" in text
    assert "A lighter fairing for an electric commuter motorcycle." in text


def test_stepper_lists_every_stage_in_order_and_marks_the_current_one(team, lead_browser):
    html = lead_browser.get(project_url(team.project)).get_data(as_text=True)
    stepper = re.search(r'<ol class="stage-stepper".*?</ol>', html, re.S).group(0)
    labels = re.findall(r'<a href="#stage-\d+">([^<]+)</a>', stepper)
    assert labels == ["Brief", "Concept design", "Detailed design", "Mould design",
                      "Prototype production", "Inspection", "Testing", "Production handover"]
    assert stepper.count('aria-current="step"') == 1
    assert re.search(r'aria-current="step">\s*<span[^>]*>1</span>', stepper)


def test_timeline_has_one_row_per_stage_planned_and_actual_bars_and_today(
        team, lead_browser, start):
    svg = _svg(lead_browser.get(project_url(team.project)))
    assert "<title" in svg and "<desc" in svg
    assert svg.count('class="timeline-planned"') == 8
    assert svg.count("timeline-actual timeline-in_progress") == 1
    assert 'class="timeline-today"' in svg
    first_month = format_skeleton("yMMM", start.replace(day=1), locale="en")
    assert f">{first_month}<" in svg


def test_timeline_comes_with_a_table_for_screen_readers(team, lead_browser):
    html = lead_browser.get(project_url(team.project)).get_data(as_text=True)
    table = re.search(r'<table class="table table-sm timeline-table.*?</table>', html, re.S)
    assert table
    rows = re.findall(r'<th scope="row">([^<]+)</th>', table.group(0))
    assert rows[0] == "Brief" and rows[-1] == "Production handover" and len(rows) == 8
    assert 'role="img"' in html
    assert 'aria-labelledby="project-timeline-title project-timeline-desc"' in html


def test_timeline_shows_a_late_stage_past_its_plan(app, team):
    """Planned to end long ago and still under way: the bar runs on in the overrun colour."""
    lead = team.lead
    project = make_project(team.firm, lead, title="Late one", start_on=date(2025, 1, 1),
                           target_end_on=date(2025, 8, 31))
    browser = client_as(app, lead)
    response = browser.get(project_url(project))
    svg = _svg(response)
    assert "timeline-overrun" in svg
    assert "days behind plan" in svg
    # The chart's description says so too; later stages planned to end by now are behind.
    assert "Behind plan: Brief, Concept design" in svg


def test_undated_project_still_shows_its_first_stage_under_way(app, team):
    project = make_project(team.firm, team.lead, title="Undated")
    svg = _svg(client_as(app, team.lead).get(project_url(project)))
    assert svg.count("timeline-actual timeline-in_progress") == 1
    assert 'class="timeline-planned"' not in svg


def test_blocked_submit_is_explained_before_the_user_tries(team, lead_browser):
    html = lead_browser.get(project_url(team.project)).get_data(as_text=True)
    text = visible_text(lead_browser.get(project_url(team.project)))
    assert ("Submitting for approval needs every required deliverable. Still missing: "
            "Design brief.") in text
    button = re.search(r'<button[^>]*value="submit"[^>]*>', html).group(0)
    assert "disabled" in button and "aria-describedby" in button


def test_submit_button_is_enabled_once_the_files_are_there(team, lead_browser):
    upload(lead_browser, team.project.stages[0].deliverables[0])
    html = lead_browser.get(project_url(team.project)).get_data(as_text=True)
    button = re.search(r'<button[^>]*value="submit"[^>]*>', html).group(0)
    assert "disabled" not in button
    assert "Still missing" not in html


def test_stage_panel_shows_owner_dates_and_missing_deliverable(team, lead_browser, start):
    html = lead_browser.get(project_url(team.project)).get_data(as_text=True)
    brief = team.project.stages[0]
    panel = re.search(rf'<section class="stage-panel[^"]*" id="stage-{brief.id}".*?</section>',
                      html, re.S).group(0)
    text = " ".join(re.sub(r"<[^>]+>", " ", panel).split())
    assert "Stage owner Lena Lead" in text
    assert f"Planned {projects_date(start)}" in text
    assert "Design brief Required Missing" in text


def test_recent_history_starts_with_project_created_and_links_the_full_history(
        team, lead_browser):
    upload(lead_browser, team.project.stages[0].deliverables[0])
    move(lead_browser, team.project.stages[0], "submit", comment="Ready for review")
    html = lead_browser.get(project_url(team.project)).get_data(as_text=True)
    section = re.search(r'<section[^>]*id="history".*?</section>', html, re.S).group(0)
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert text.index("In progress → Awaiting approval") < text.index("project created")
    assert "Ready for review" in text and "Lena Lead" in text
    assert f'href="/projects/{team.project.id}/history"' in section


def test_recent_history_shows_the_latest_ten_moves(app, team, lead_browser):
    brief = team.project.stages[0]
    upload(lead_browser, brief.deliverables[0])
    for round_ in range(6):
        move(lead_browser, brief, "submit")
        move(lead_browser, brief, "return", comment=f"Round {round_}")
    html = lead_browser.get(project_url(team.project)).get_data(as_text=True)
    section = re.search(r'<section[^>]*id="history".*?</section>', html, re.S).group(0)
    assert section.count('class="history-entry"') == 10
    assert "Round 5" in section and "project created" not in section


def test_history_page_lists_every_move_and_paginates(app, team, lead_browser):
    app.config["PER_PAGE"] = 5
    brief = team.project.stages[0]
    upload(lead_browser, brief.deliverables[0])
    for round_ in range(3):
        move(lead_browser, brief, "submit")
        move(lead_browser, brief, "return", comment=f"Round {round_}")
    first = visible_text(lead_browser.get(project_url(team.project, "/history")))
    last = visible_text(lead_browser.get(project_url(team.project, "/history?page=2")))
    assert "Round 2" in first and "Round 0" in first and "1–5 of 7" in first
    assert "project created" in last and "Round" not in last and "6–7 of 7" in last


def test_page_queries_stay_the_same_with_many_deliverables_milestones_and_members(
        app, count_queries, team, lead_browser):
    small = make_project(team.firm, team.lead, title="Small", template="concept-study")
    upload(lead_browser, small.stages[0].deliverables[0])
    MilestoneFactory(project=small)

    large = make_project(team.firm, team.lead, title="Large", client=team.client_org,
                         partners=[], start_on=date(2026, 1, 1), target_end_on=date(2026, 12, 31))
    for stage in large.stages:
        for number in range(2):
            deliverable = workflow.add_deliverable(team.lead, stage, name=f"Extra {number}",
                                                   kind=workflow.DeliverableKind.OTHER,
                                                   required=False)
            upload(lead_browser, deliverable)
            upload(lead_browser, deliverable)
        for deliverable in stage.deliverables:
            upload(lead_browser, deliverable)
    for number in range(20):
        MilestoneFactory(project=large, name=f"Milestone {number}",
                         due_on=park_today() + timedelta(days=number - 10))
    for _ in range(10):
        ProjectMemberFactory(project=large, user=member_of(team.firm), role=ProjectRole.ENGINEER)
    workflow.move_stage(team.lead, fresh(large.stages[0]), StageAction.SUBMIT,
                        expected_version=fresh(large.stages[0]).version)

    small_url, large_url = project_url(small), project_url(large)
    few = queries_for_page(lead_browser, count_queries, small_url)
    many = queries_for_page(lead_browser, count_queries, large_url)
    assert few == many
    # The access check reads the project and its members; a page not in the cache (tests
    # cache nothing) then loads the rest.
    assert many <= 13, many


# Editing --------------------------------------------------------------------------------------


def _edit_data(browser, project, **changes) -> dict:
    """The edit form as the browser shows it now (its version included), with `changes`."""
    html = browser.get(project_url(project, "/edit")).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"|'
                        r'type="hidden" name="version" value="(\d+)"|'
                        r'id="version" name="version" type="hidden" value="(\d+)"', html)
    assert version, "no version field on the edit form"
    match = CSRF_RE.search(html)
    data = {
        "csrf_token": match.group(1) or match.group(2),
        "version": next(g for g in version.groups() if g),
        "title": project.title, "summary": project.summary,
        "specialty": "None", "client": str(project.client_id or "None"),
        "start_on": project.start_on.isoformat() if project.start_on else "",
        "target_end_on": project.target_end_on.isoformat() if project.target_end_on else "",
        "visibility": project.visibility.value, "status": project.status.value,
    }
    data.update(changes)
    return data


def test_edit_form_is_filled_with_the_project(team, lead_browser):
    page = lead_browser.get(project_url(team.project, "/edit"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'value="Electric motorcycle fairing"' in html
    assert re.search(rf'<option selected value="{team.client_org.id}">Loncin Motor</option>', html)


def test_lead_saves_new_details(team, lead_browser):
    specialty = SpecialtyFactory()
    data = _edit_data(lead_browser, team.project, title="Fairing, second generation",
                      visibility="public", specialty=str(specialty.id))
    response = lead_browser.post(project_url(team.project, "/edit"), data=data)
    assert response.status_code == 302
    project = fresh(team.project)
    assert project.title == "Fairing, second generation"
    assert project.visibility is Visibility.PUBLIC and project.specialty_id == specialty.id
    page = lead_browser.get(project_url(project))
    assert "The project has been saved." in flash_texts(page)


def test_second_of_two_concurrent_edits_is_refused_and_the_first_kept(app, team):
    first_browser = client_as(app, team.lead)
    manager = member_of(team.firm, name="Mia Manager")
    ProjectMemberFactory(project=team.project, user=manager, role=ProjectRole.LEAD)
    second_browser = client_as(app, manager)
    first = _edit_data(first_browser, team.project, title="Title from the first")
    second = _edit_data(second_browser, team.project, title="Title from the second",
                        summary="Overwritten?")

    assert first_browser.post(project_url(team.project, "/edit"), data=first).status_code == 302
    response = second_browser.post(project_url(team.project, "/edit"), data=second)
    assert response.status_code == 409
    assert str(STALE) in flash_texts(response)
    assert 'value="Title from the second"' in response.get_data(as_text=True)  # kept to copy
    project = fresh(team.project)
    assert project.title == "Title from the first"
    assert project.summary == "A lighter fairing for an electric commuter motorcycle."


def test_target_end_before_start_is_refused_at_the_field(team, lead_browser):
    data = _edit_data(lead_browser, team.project, start_on="2026-06-01",
                      target_end_on="2026-05-01")
    response = lead_browser.post(project_url(team.project, "/edit"), data=data)
    assert response.status_code == 422
    assert field_errors(response, "target_end_on") == [
        "The target end cannot be before the start."]


def test_project_cannot_be_completed_with_stages_open(team, lead_browser):
    data = _edit_data(lead_browser, team.project, status="completed")
    response = lead_browser.post(project_url(team.project, "/edit"), data=data)
    assert response.status_code == 422
    assert field_errors(response, "status") == [
        "A project is completed when every stage is approved or skipped."]
    assert fresh(team.project).status is ProjectStatus.ACTIVE


def test_on_hold_project_offers_no_stage_moves(team, lead_browser):
    data = _edit_data(lead_browser, team.project, status="on_hold")
    lead_browser.post(project_url(team.project, "/edit"), data=data)
    page = lead_browser.get(project_url(team.project))
    assert "its stages cannot move until it is active again" in visible_text(page)
    assert 'name="action"' not in page.get_data(as_text=True)


def test_designer_cannot_edit_the_project(app, team):
    designer = client_as(app, team.designer)
    assert designer.get(project_url(team.project, "/edit")).status_code == 403
    assert "Edit project" not in visible_text(designer.get(project_url(team.project)))


def test_a_client_that_is_not_a_manufacturer_stays_selectable(team, lead_browser):
    lab = OrganisationFactory(name="Test Lab", kind=OrgKind.LAB)
    project = make_project(team.firm, team.lead, title="For a lab", client=lab)
    html = lead_browser.get(project_url(project, "/edit")).get_data(as_text=True)
    assert re.search(rf'<option selected value="{lab.id}">Test Lab</option>', html)


def test_unknown_project_is_not_found(lead_browser):
    assert lead_browser.get("/projects/999999").status_code == 404
    assert lead_browser.get("/projects/999999/edit").status_code == 404
