"""Milestones (added, flagged when overdue, achieved, edited, deleted) and members (added by
e-mail, removed, the last lead kept) on the project page."""

from __future__ import annotations

import re
from datetime import timedelta

from park.core.time import park_today
from park.extensions import db
from park.projects.models import Milestone, ProjectMember, ProjectRole
from tests.factories import MilestoneFactory, make_project, member_of
from tests.helpers import count, field_errors, flash_texts, redirect_path, visible_text
from tests.projects.pages import client_as, fresh, project_url, token


def _milestones_section(response) -> str:
    html = response.get_data(as_text=True)
    match = re.search(r'<section[^>]*id="milestones".*?</section>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


# Milestones ---------------------------------------------------------------------------------


def test_designer_adds_a_milestone(app, team):
    designer = client_as(app, team.designer)
    response = designer.post(project_url(team.project, "/milestones"), data={
        "csrf_token": token(designer), "name": "Clay model review", "due_on": "2027-02-10"})
    assert redirect_path(response) == project_url(team.project)
    page = designer.get(project_url(team.project))
    assert "Milestone Clay model review has been added." in flash_texts(page)
    assert "Clay model review" in _milestones_section(page)


def test_milestone_without_a_name_is_refused_at_the_field(team, lead_browser):
    response = lead_browser.post(project_url(team.project, "/milestones"), data={
        "csrf_token": token(lead_browser), "name": "", "due_on": "2027-02-10"})
    assert response.status_code == 422
    assert field_errors(response, "name") == ["Please name the milestone."]
    assert count(Milestone) == 0


def test_overdue_milestone_is_flagged_and_achieved_one_is_not(team, lead_browser):
    today = park_today()
    MilestoneFactory(project=team.project, name="Late sign-off",
                     due_on=today - timedelta(days=3))
    MilestoneFactory(project=team.project, name="Done review", due_on=today - timedelta(days=9),
                     achieved_on=today - timedelta(days=10))
    MilestoneFactory(project=team.project, name="Future fair", due_on=today + timedelta(days=30))
    section = _milestones_section(lead_browser.get(project_url(team.project)))
    assert "Milestones 1 overdue" in section
    assert re.search(r"Done review Achieved", section)
    assert re.search(r"Late sign-off Overdue", section)
    assert not re.search(r"Future fair (Overdue|Achieved)", section)


def test_milestone_due_today_is_not_overdue(team, lead_browser):
    MilestoneFactory(project=team.project, name="Today's review", due_on=park_today())
    assert "Overdue" not in _milestones_section(lead_browser.get(project_url(team.project)))


def test_achieving_a_milestone_records_today(team, lead_browser):
    milestone = MilestoneFactory(project=team.project, name="Tooling quote",
                                 due_on=park_today() - timedelta(days=1))
    response = lead_browser.post(
        project_url(team.project, f"/milestones/{milestone.id}/achieve"),
        data={"csrf_token": token(lead_browser)})
    assert "Milestone Tooling quote is achieved." in flash_texts(
        lead_browser.get(redirect_path(response)))
    assert fresh(milestone).achieved_on == park_today()


def test_achieving_twice_says_so(team, lead_browser):
    milestone = MilestoneFactory(project=team.project, achieved_on=park_today(),
                                 due_on=park_today())
    response = lead_browser.post(
        project_url(team.project, f"/milestones/{milestone.id}/achieve"),
        data={"csrf_token": token(lead_browser)})
    texts = flash_texts(lead_browser.get(redirect_path(response)))
    assert any(text.startswith("This milestone was already achieved on") for text in texts)


def test_editing_a_milestone_changes_its_name_and_date(team, lead_browser):
    milestone = MilestoneFactory(project=team.project, name="Draft")
    url = project_url(team.project, f"/milestones/{milestone.id}/edit")
    assert "Draft" in lead_browser.get(url).get_data(as_text=True)
    response = lead_browser.post(url, data={"csrf_token": token(lead_browser),
                                            "name": "Final review", "due_on": "2027-05-01"})
    assert response.status_code == 302
    milestone = fresh(milestone)
    assert milestone.name == "Final review" and milestone.due_on.isoformat() == "2027-05-01"


def test_milestone_achieved_in_the_future_is_refused_at_the_field(team, lead_browser):
    milestone = MilestoneFactory(project=team.project, name="Draft")
    tomorrow = (park_today() + timedelta(days=1)).isoformat()
    response = lead_browser.post(
        project_url(team.project, f"/milestones/{milestone.id}/edit"),
        data={"csrf_token": token(lead_browser), "name": "Draft", "due_on": "2027-05-01",
              "achieved_on": tomorrow})
    assert response.status_code == 422
    assert field_errors(response, "achieved_on") == [
        "A milestone cannot be achieved in the future."]
    assert fresh(milestone).achieved_on is None


def test_deleting_a_milestone(team, lead_browser):
    milestone = MilestoneFactory(project=team.project, name="Obsolete")
    lead_browser.post(project_url(team.project, f"/milestones/{milestone.id}/delete"),
                      data={"csrf_token": token(lead_browser)})
    assert count(Milestone) == 0


def test_milestone_of_another_project_is_not_found(team, lead_browser):
    other = make_project(team.firm, team.lead, title="Other")
    milestone = MilestoneFactory(project=other)
    for action in ("achieve", "delete"):
        response = lead_browser.post(
            project_url(team.project, f"/milestones/{milestone.id}/{action}"),
            data={"csrf_token": token(lead_browser)})
        assert response.status_code == 404
    assert count(Milestone) == 1


def test_client_user_cannot_keep_milestones(app, team):
    browser = client_as(app, team.client_user)
    page = browser.get(project_url(team.project))
    assert "Add a milestone" not in visible_text(page)
    response = browser.post(project_url(team.project, "/milestones"), data={
        "csrf_token": token(browser), "name": "Sneaky", "due_on": "2027-01-01"})
    assert response.status_code == 403 and count(Milestone) == 0


# Members ------------------------------------------------------------------------------------


def test_lead_adds_a_firm_colleague_by_e_mail(team, lead_browser):
    response = lead_browser.post(project_url(team.project, "/members"), data={
        "csrf_token": token(lead_browser), "email": team.colleague.email.upper(),
        "role": "engineer"})
    page = lead_browser.get(redirect_path(response))
    assert "Cora Colleague has joined the project as Engineer." in flash_texts(page)
    assert fresh(team.project).member(team.colleague).role is ProjectRole.ENGINEER


def test_member_form_suggests_people_of_the_firm_and_client(team, lead_browser):
    html = lead_browser.get(project_url(team.project)).get_data(as_text=True)
    assert 'list="member-candidates"' in html
    assert f'<option value="{team.colleague.email}">' in html
    assert f'<option value="{team.outsider.email}">' not in html


def test_unknown_e_mail_is_refused_at_the_field(team, lead_browser):
    response = lead_browser.post(project_url(team.project, "/members"), data={
        "csrf_token": token(lead_browser), "email": "nobody@example.com", "role": "designer"})
    assert response.status_code == 422
    assert field_errors(response, "email") == ["No active account has this e-mail address."]


def test_client_viewer_must_belong_to_the_client(team, lead_browser):
    response = lead_browser.post(project_url(team.project, "/members"), data={
        "csrf_token": token(lead_browser), "email": team.outsider.email,
        "role": "client_viewer"})
    assert response.status_code == 422
    assert field_errors(response, "role") == [
        "A client viewer must belong to the client organisation."]


def test_client_user_joins_as_client_viewer(team, lead_browser):
    lead_browser.post(project_url(team.project, "/members"), data={
        "csrf_token": token(lead_browser), "email": team.client_user.email,
        "role": "client_viewer"})
    members = visible_text(lead_browser.get(project_url(team.project)))
    assert "Chen Client Client viewer" in members


def test_lead_removes_a_member(team, lead_browser):
    designer_membership = fresh(team.project).member(team.designer)
    response = lead_browser.post(
        project_url(team.project, f"/members/{designer_membership.id}/remove"),
        data={"csrf_token": token(lead_browser)})
    assert "Dario Designer is no longer on the project." in flash_texts(
        lead_browser.get(redirect_path(response)))
    assert fresh(team.project).member(team.designer) is None


def test_the_last_lead_cannot_be_removed(team, lead_browser):
    lead_membership = fresh(team.project).member(team.lead)
    response = lead_browser.post(
        project_url(team.project, f"/members/{lead_membership.id}/remove"),
        data={"csrf_token": token(lead_browser)})
    texts = flash_texts(lead_browser.get(redirect_path(response)))
    assert "A project keeps at least one lead: make someone else lead first." in texts
    assert fresh(team.project).member(team.lead) is not None


def test_designer_cannot_change_the_team(app, team):
    designer = client_as(app, team.designer)
    assert "Add a member" not in visible_text(designer.get(project_url(team.project)))
    response = designer.post(project_url(team.project, "/members"), data={
        "csrf_token": token(designer), "email": team.colleague.email, "role": "designer"})
    assert response.status_code == 403
    assert db.session.query(ProjectMember).count() == 2


def test_member_of_another_project_is_not_found(team, lead_browser):
    other = make_project(team.firm, member_of(team.firm), title="Other")
    membership = other.members[0]
    response = lead_browser.post(project_url(team.project, f"/members/{membership.id}/remove"),
                                 data={"csrf_token": token(lead_browser)})
    assert response.status_code == 404
