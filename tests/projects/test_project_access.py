"""Who reaches one project's pages: another firm gets 403 on every route of a private or
park-visible project; a public project shows only its public face (no files, notes,
milestones, members, history or client) and every other route stays closed; anonymous
visitors are sent to log in."""

from __future__ import annotations

import re

import pytest

from park.extensions import db
from park.projects.models import Milestone, ProjectMember, Visibility
from tests.factories import AdminFactory, MilestoneFactory
from tests.helpers import count, visible_text
from tests.projects.pages import (
    DOWNLOAD_LINK,
    PDF,
    client_as,
    fresh,
    make_team,
    project_url,
    token,
    upload,
)


def _team(app, visibility: Visibility):
    team = make_team(summary="Public summary of the fairing.")
    lead = client_as(app, team.lead)
    project = team.project
    project.visibility = visibility
    brief = project.stages[0]
    brief.notes = "Secret note about the budget."
    db.session.commit()
    upload(lead, brief.deliverables[0], PDF, "secret-brief.pdf")
    MilestoneFactory(project=project, name="Confidential clay review")
    db.session.expire_all()
    return team


def _routes(team) -> list[tuple[str, str, dict]]:
    """Every route of this module but the project page, with data a real form would send."""
    project = fresh(team.project)
    stage = project.stages[0]
    deliverable = stage.deliverables[0]
    version = deliverable.latest
    member = project.member(team.designer)
    milestone = project.milestones[0]
    base = project_url(project)
    return [
        ("GET", f"{base}/history", {}),
        ("GET", f"{base}/edit", {}),
        ("POST", f"{base}/edit", {"title": "Taken over", "version": project.version,
                                  "visibility": "public", "status": "active"}),
        ("GET", f"{base}/stages/{stage.id}", {}),
        ("POST", f"{base}/stages/{stage.id}", {"notes": "Mine", "version": stage.version}),
        ("POST", f"{base}/stages/{stage.id}/move", {"action": "skip", "comment": "x",
                                                    "version": stage.version}),
        ("POST", f"{base}/stages/{stage.id}/deliverables", {"name": "Injected",
                                                            "kind": "other"}),
        ("POST", f"{base}/deliverables/{deliverable.id}/remove", {}),
        ("POST", f"{base}/deliverables/{deliverable.id}/versions", {"note": "mine"}),
        ("GET", f"{base}/files/{version.id}", {}),
        ("POST", f"{base}/members", {"email": team.outsider.email, "role": "designer"}),
        ("POST", f"{base}/members/{member.id}/remove", {}),
        ("POST", f"{base}/milestones", {"name": "Injected", "due_on": "2027-01-01"}),
        ("GET", f"{base}/milestones/{milestone.id}/edit", {}),
        ("POST", f"{base}/milestones/{milestone.id}/edit", {"name": "Renamed",
                                                            "due_on": "2027-01-01"}),
        ("POST", f"{base}/milestones/{milestone.id}/achieve", {}),
        ("POST", f"{base}/milestones/{milestone.id}/delete", {}),
    ]


def _request(browser, method: str, path: str, data: dict):
    if method == "GET":
        return browser.get(path)
    return browser.post(path, data={"csrf_token": token(browser), **data})


def _assert_nothing_changed(team):
    db.session.expire_all()
    project = fresh(team.project)
    assert project.title == "Electric motorcycle fairing"
    assert project.stages[0].notes == "Secret note about the budget."
    assert project.stages[0].status.value == "in_progress"
    assert count(Milestone) == 1 and fresh(project.milestones[0]).achieved_on is None
    assert project.milestones[0].name == "Confidential clay review"
    assert count(ProjectMember) == 2
    assert len(project.stages[0].deliverables) == 1
    assert len(project.stages[0].deliverables[0].versions) == 1


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.PARK])
def test_another_firm_gets_403_on_every_route_of_a_non_public_project(app, visibility):
    team = _team(app, visibility)
    outsider = client_as(app, team.outsider)
    assert outsider.get(project_url(team.project)).status_code == 403
    refused = {(method, path): _request(outsider, method, path, data).status_code
               for method, path, data in _routes(team)}
    assert set(refused.values()) == {403}, refused
    _assert_nothing_changed(team)


def test_public_project_shows_another_firm_only_its_public_face(app):
    team = _team(app, Visibility.PUBLIC)
    response = client_as(app, team.outsider).get(project_url(team.project))
    html = response.get_data(as_text=True)
    text = visible_text(response)
    assert response.status_code == 200
    assert "Electric motorcycle fairing" in text and "Public summary of the fairing." in text
    assert "Toway Design" in text and "Brief" in text and "In progress" in text
    assert 'class="timeline-chart"' in html
    # Never files, notes, milestones, members, history or the client.
    assert not DOWNLOAD_LINK.search(html) and "/files/" not in html
    assert "secret-brief.pdf" not in html and "Design brief" not in html
    assert "Secret note" not in html and "Confidential clay review" not in html
    assert "Lena Lead" not in html and "Dario Designer" not in html
    assert "Loncin Motor" not in html and "/history" not in html
    assert 'name="action"' not in html and "/edit" not in html


def test_public_project_keeps_every_other_route_closed_to_another_firm(app):
    team = _team(app, Visibility.PUBLIC)
    outsider = client_as(app, team.outsider)
    refused = {(method, path): _request(outsider, method, path, data).status_code
               for method, path, data in _routes(team)}
    assert set(refused.values()) == {403}, refused
    _assert_nothing_changed(team)


def test_anonymous_visitor_sees_a_public_projects_public_face(app):
    team = _team(app, Visibility.PUBLIC)
    response = client_as(app, None).get(project_url(team.project))
    assert response.status_code == 200
    assert "Secret note" not in response.get_data(as_text=True)
    assert "/files/" not in response.get_data(as_text=True)


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.PUBLIC])
def test_anonymous_visitor_is_sent_to_log_in_for_everything_else(app, visibility):
    team = _team(app, visibility)
    anonymous = client_as(app, None)
    routes = _routes(team)
    if visibility is Visibility.PRIVATE:
        routes.append(("GET", project_url(team.project), {}))
    for method, path, data in routes:
        response = _request(anonymous, method, path, data)
        assert response.status_code == 302 and "/login" in response.location, (method, path)
    _assert_nothing_changed(team)


def test_park_admin_sees_a_park_visible_project_whole_but_cannot_change_it(app):
    team = _team(app, Visibility.PARK)
    admin = client_as(app, AdminFactory())
    page = admin.get(project_url(team.project))
    assert page.status_code == 200 and "secret-brief.pdf" in page.get_data(as_text=True)
    assert admin.get(project_url(team.project, "/edit")).status_code == 403
    version = fresh(team.project).stages[0].deliverables[0].latest
    assert admin.get(project_url(team.project, f"/files/{version.id}")).data == PDF


def test_park_admin_cannot_open_a_private_project(app):
    team = _team(app, Visibility.PRIVATE)
    assert client_as(app, AdminFactory()).get(project_url(team.project)).status_code == 403


def test_client_user_sees_the_whole_project(app):
    team = _team(app, Visibility.PRIVATE)
    page = client_as(app, team.client_user).get(project_url(team.project))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "secret-brief.pdf" in html and "Confidential clay review" in html
    assert re.search(DOWNLOAD_LINK, html)
    assert "Edit project" not in visible_text(page)


def test_firm_colleague_off_the_project_reads_but_cannot_upload(app):
    team = _team(app, Visibility.PRIVATE)
    colleague = client_as(app, team.colleague)
    assert colleague.get(project_url(team.project)).status_code == 200
    deliverable = fresh(team.project).stages[0].deliverables[0]
    assert upload(colleague, deliverable).status_code == 403
    _assert_nothing_changed(team)
