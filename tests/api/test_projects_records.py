"""The projects API's milestones and IP records: who sees them, who adds them, and what a
bad or clashing record gets."""

from __future__ import annotations

from datetime import date

import pytest

from park.projects.models import IpStatus, Visibility
from tests.api.support import error_of
from tests.factories import IpRecordFactory, MilestoneFactory
from tests.projects.pages import make_team


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def public_team():
    return make_team(visibility=Visibility.PUBLIC)


# Milestones ---------------------------------------------------------------------------------


def test_those_on_a_project_list_its_milestones_soonest_first(api, team):
    MilestoneFactory(project=team.project, name="Clay model", due_on=date(2099, 11, 1))
    MilestoneFactory(project=team.project, name="Kick-off", due_on=date(2020, 1, 10))

    response = api.get(f"/projects/{team.project.id}/milestones", as_=team.client_user)

    assert response.status_code == 200
    items = response.get_json()["items"]
    assert [(m["name"], m["overdue"]) for m in items] == [("Kick-off", True),
                                                           ("Clay model", False)]


def test_a_public_projects_milestones_stay_private(api, public_team):
    MilestoneFactory(project=public_team.project)
    path = f"/projects/{public_team.project.id}/milestones"

    assert api.get(path).status_code == 401
    assert api.get(path, as_=public_team.outsider).status_code == 403


def test_a_contributor_adds_a_milestone(api, team):
    response = api.post(f"/projects/{team.project.id}/milestones", as_=team.designer,
                        json={"name": "Clay model review", "due_on": "2026-10-15"})

    assert response.status_code == 201
    body = response.get_json()
    assert (body["name"], body["due_on"], body["achieved_on"]) == (
        "Clay model review", "2026-10-15", None)
    listed = api.get(f"/projects/{team.project.id}/milestones", as_=team.lead).get_json()
    assert [m["id"] for m in listed["items"]] == [body["id"]]


def test_the_client_does_not_keep_the_firms_milestones(api, team):
    response = api.post(f"/projects/{team.project.id}/milestones", as_=team.client_user,
                        json={"name": "Mine", "due_on": "2026-10-15"})

    assert response.status_code == 403


def test_adding_a_milestone_needs_a_token(api, team):
    response = api.post(f"/projects/{team.project.id}/milestones",
                        json={"name": "Mine", "due_on": "2026-10-15"})

    assert response.status_code == 401


def test_a_milestone_needs_a_name_and_a_due_day(api, team):
    response = api.post(f"/projects/{team.project.id}/milestones", as_=team.designer,
                        json={"name": "   ", "due_on": "soon"})

    assert response.status_code == 422
    assert error_of(response)["fields"]["name"] == ["Please name the milestone."]
    assert set(error_of(response)["fields"]) == {"name", "due_on"}


# IP records ---------------------------------------------------------------------------------


def test_those_on_a_project_list_all_its_ip_records(api, team):
    IpRecordFactory(project=team.project, title="Fairing shape", notes="Check the claims")
    IpRecordFactory(project=team.project, title="Seat draft", status=IpStatus.DRAFTING,
                    application_number=None, filed_on=None)

    response = api.get(f"/projects/{team.project.id}/ip-records", as_=team.designer)

    assert response.status_code == 200
    items = {r["title"]: r for r in response.get_json()["items"]}
    assert set(items) == {"Fairing shape", "Seat draft"}
    assert items["Fairing shape"]["notes"] == "Check the claims"
    assert items["Fairing shape"]["full_view"] is True


def test_anyone_sees_a_public_projects_granted_rights_only(api, public_team):
    IpRecordFactory(project=public_team.project, title="Granted shape",
                    status=IpStatus.GRANTED, granted_on=date(2026, 5, 1), notes="Internal")
    IpRecordFactory(project=public_team.project, title="Filed only")

    response = api.get(f"/projects/{public_team.project.id}/ip-records")

    assert response.status_code == 200
    (record,) = response.get_json()["items"]
    assert (record["title"], record["granted_on"], record["full_view"]) == (
        "Granted shape", "2026-05-01", False)
    assert record["notes"] is None and record["owners"] is None and record["filed_on"] is None


def test_a_private_projects_ip_records_are_refused_to_others(api, team):
    path = f"/projects/{team.project.id}/ip-records"

    assert api.get(path).status_code == 401
    assert api.get(path, as_=team.outsider).status_code == 403


def test_the_lead_records_ip_owned_by_the_firm_by_default(api, team):
    response = api.post(f"/projects/{team.project.id}/ip-records", as_=team.lead, json={
        "kind": "design_patent", "title": "Fairing shape", "status": "filed",
        "application_number": "202630012345", "filed_on": "2026-04-01"})

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["kind"], body["status"], body["owners"]) == (
        "design_patent", "filed", team.firm.name)


def test_a_designer_does_not_keep_ip_records(api, team):
    response = api.post(f"/projects/{team.project.id}/ip-records", as_=team.designer,
                        json={"kind": "copyright", "title": "Livery artwork"})

    assert response.status_code == 403


def test_a_filed_record_needs_its_application_number(api, team):
    response = api.post(f"/projects/{team.project.id}/ip-records", as_=team.lead, json={
        "kind": "utility_model", "title": "Hinge", "status": "filed", "filed_on": "2026-04-01"})

    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"application_number"}


def test_an_application_number_already_used_for_the_kind_is_refused(api, team):
    IpRecordFactory(project=team.project, application_number="202630000001")

    response = api.post(f"/projects/{team.project.id}/ip-records", as_=team.lead, json={
        "kind": "design_patent", "title": "Twin", "status": "filed",
        "application_number": "202630000001", "filed_on": "2026-04-01"})

    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"application_number"}


def test_bad_ip_fields_answer_422_naming_each(api, team):
    response = api.post(f"/projects/{team.project.id}/ip-records", as_=team.lead, json={
        "kind": "secret", "title": "x", "status": "pending", "application_number": "9" * 65,
        "owners": "o" * 501})

    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"kind", "title", "status",
                                                  "application_number", "owners"}
