"""The project page is shared through the cache between people who may do the same things with
the project, until the project's next commit: each reader still gets their own CSRF token, and
what one person may not do never reaches another's page."""

from __future__ import annotations

import re

import pytest

from park.extensions import cache
from tests.conftest import CSRF_RE
from tests.helpers import visible_text
from tests.projects.pages import client_as, project_url, token

pytestmark = pytest.mark.app_settings(CACHE_TYPE="SimpleCache")


@pytest.fixture(autouse=True)
def empty_cache(app):
    cache.clear()


def milestones_section(response) -> str:
    html = response.get_data(as_text=True)
    match = re.search(r'<section[^>]*id="milestones".*?</section>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def tokens_in(response) -> set[str]:
    return {a or b for a, b in CSRF_RE.findall(response.get_data(as_text=True))}


def test_a_second_reader_gets_the_shared_page_with_their_own_csrf_token(app, team):
    lead, designer = client_as(app, team.lead), client_as(app, team.designer)
    lead_tokens = tokens_in(lead.get(project_url(team.project)))
    page = designer.get(project_url(team.project))
    [designer_token] = tokens_in(page)

    assert designer_token not in lead_tokens
    assert "park-shared-fragment" not in page.get_data(as_text=True)
    response = designer.post(project_url(team.project, "/milestones"), data={
        "csrf_token": designer_token, "name": "Clay model review", "due_on": "2027-02-10"})
    assert response.status_code == 302


def test_the_page_is_served_from_the_cache_until_the_project_changes(app, team, count_queries):
    lead = client_as(app, team.lead)
    lead.get(project_url(team.project))
    with count_queries() as cached:
        lead.get(project_url(team.project))
    assert cached.count <= 4  # the user, the project with its members, the notifications

    response = lead.post(project_url(team.project, "/milestones"), data={
        "csrf_token": token(lead), "name": "Clay model review", "due_on": "2027-02-10"})
    assert response.status_code == 302
    assert "Clay model review" in milestones_section(lead.get(project_url(team.project)))


def test_people_who_may_do_less_do_not_get_the_editors_page(app, team):
    lead, client_user = client_as(app, team.lead), client_as(app, team.client_user)
    assert "Add a member" in visible_text(lead.get(project_url(team.project)))

    page = visible_text(client_user.get(project_url(team.project)))
    assert "Add a member" not in page
    assert "Add a milestone" not in page


def test_a_form_with_errors_is_the_readers_own_page(app, team):
    lead = client_as(app, team.lead)
    lead.get(project_url(team.project))
    response = lead.post(project_url(team.project, "/milestones"), data={
        "csrf_token": token(lead), "name": "", "due_on": "2027-02-10"})
    assert response.status_code == 422
    assert "Please name the milestone." in visible_text(response)
    assert "Please name the milestone." not in visible_text(lead.get(project_url(team.project)))


def test_a_stage_move_shows_at_once(app, team):
    lead = client_as(app, team.lead)
    lead.get(project_url(team.project))
    stage = team.project.stages[0]
    response = lead.post(project_url(team.project, f"/stages/{stage.id}/move"), data={
        "csrf_token": token(lead), "version": stage.version, "action": "skip",
        "comment": "Brief agreed on the phone"})
    assert response.status_code == 302
    page = lead.get(project_url(team.project)).get_data(as_text=True)
    assert re.search(r"stage-step-skipped", page)
