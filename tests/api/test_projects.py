"""The projects API's reads: the list with the site's filters and visibility, one project whole
or as its public face, and what a list costs the database."""

from __future__ import annotations

from park.accounts.models import OrgKind
from park.extensions import db
from park.projects.models import ProjectStatus, Visibility
from tests.api.support import error_of
from tests.factories import (
    AdminFactory,
    OrganisationFactory,
    SpecialtyFactory,
    UserFactory,
    make_project,
    member_of,
)
from tests.projects.bulk import add_projects
from tests.projects.pages import make_team


def _titles(response) -> set[str]:
    assert response.status_code == 200, response.get_json()
    return {item["title"] for item in response.get_json()["items"]}


# The list -----------------------------------------------------------------------------------


def test_anonymous_callers_list_only_public_projects(api):
    make_project(title="Public fairing", visibility=Visibility.PUBLIC)
    make_project(title="Park-only seat", visibility=Visibility.PARK)
    make_project(title="Private helmet")

    assert _titles(api.get("/projects")) == {"Public fairing"}


def test_a_public_project_listed_for_anonymous_callers_withholds_its_client(api):
    maker = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    make_project(title="Public fairing", visibility=Visibility.PUBLIC, client=maker)

    item = api.get("/projects").get_json()["items"][0]

    assert item["full_view"] is False
    assert item["client"] is None and item["overdue_milestones"] is None
    assert item["current_stage"] == "brief" and item["current_stage_status"] == "in_progress"


def test_a_firm_member_lists_the_firms_projects_whole_and_others_public_ones(api):
    team = make_team()
    make_project(title="Rival public", visibility=Visibility.PUBLIC)
    make_project(title="Rival private")

    body = api.get("/projects", as_=team.colleague).get_json()

    items = {item["title"]: item for item in body["items"]}
    assert set(items) == {team.project.title, "Rival public"}
    assert items[team.project.title]["full_view"] is True
    assert items[team.project.title]["client"]["slug"] == team.client_org.slug
    assert items["Rival public"]["full_view"] is False


def test_the_client_lists_the_projects_it_commissioned(api):
    team = make_team()

    assert _titles(api.get("/projects", as_=team.client_user)) == {team.project.title}


def test_the_park_office_lists_projects_shown_to_the_park(api):
    make_project(title="Park-only seat", visibility=Visibility.PARK)
    make_project(title="Private helmet")

    assert _titles(api.get("/projects", as_=AdminFactory())) == {"Park-only seat"}


def test_the_list_filters_by_status_stage_and_words_as_the_site_does(api):
    firm = OrganisationFactory()
    lead = member_of(firm)
    make_project(firm, lead, title="Carbon fairing")
    make_project(firm, lead, title="Carbon seat", status=ProjectStatus.ON_HOLD)
    make_project(firm, lead, title="Leather seat")

    assert _titles(api.get("/projects", as_=lead, query={"q": "carbon"})) == {
        "Carbon fairing", "Carbon seat"}
    assert _titles(api.get("/projects", as_=lead, query={"status": "on_hold"})) == {
        "Carbon seat"}
    assert _titles(api.get("/projects", as_=lead, query={"stage": "concept"})) == set()


def test_the_list_filters_by_specialty_and_client(api):
    team = make_team()
    specialty = SpecialtyFactory()
    make_project(team.firm, team.lead, title="Seat", specialty=specialty)

    assert _titles(api.get("/projects", as_=team.lead,
                           query={"specialty": specialty.id})) == {"Seat"}
    assert _titles(api.get("/projects", as_=team.lead,
                           query={"client": team.client_org.id})) == {team.project.title}


def test_the_list_narrows_to_one_organisations_projects(api):
    firm = OrganisationFactory(slug="lotus")
    make_project(firm, title="Lotus public", visibility=Visibility.PUBLIC)
    make_project(title="Other public", visibility=Visibility.PUBLIC)

    assert _titles(api.get("/projects", query={"organisation": "lotus"})) == {"Lotus public"}


def test_an_unknown_organisation_in_the_list_filter_is_not_found(api):
    response = api.get("/projects", query={"organisation": "nobody"})

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_unreadable_list_filters_answer_422_naming_them(api):
    response = api.get("/projects", query={"status": "sleeping", "specialty": 2**31,
                                           "completed_from": "yesterday"})

    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"status", "specialty", "completed_from"}


def test_the_list_asks_the_same_number_of_queries_for_3_or_60_projects(api, count_queries):
    firm = OrganisationFactory()
    lead = member_of(firm)
    bearer = {"Authorization": f"Bearer {api.token_for(lead)}"}
    add_projects(firm, 3, prefix="Few")
    db.session.commit()

    def queries_for_list() -> int:
        db.session.remove()
        with count_queries() as counter:
            response = api.get("/projects", headers=bearer, query={"per_page": 100})
        assert response.status_code == 200
        assert counter.count <= 8, counter.statements
        return counter.count, len(response.get_json()["items"])

    queries_for_list()  # the token's first use is noted once, outside the comparison
    few, shown_few = queries_for_list()
    add_projects(firm, 57, prefix="Many")
    db.session.commit()
    many, shown_many = queries_for_list()

    assert (shown_few, shown_many) == (3, 60)
    assert many == few


# One project --------------------------------------------------------------------------------


def test_those_on_a_project_get_it_whole_with_its_stages(api):
    partner = OrganisationFactory(kind=OrgKind.ACADEMIC)
    team = make_team(partners=[partner])

    response = api.get(f"/projects/{team.project.id}", as_=team.designer)

    assert response.status_code == 200
    body = response.get_json()
    assert body["full_view"] is True
    assert body["client"]["slug"] == team.client_org.slug
    assert [p["slug"] for p in body["partners"]] == [partner.slug]
    assert body["lead"] == {"id": team.lead.id, "name": team.lead.name}
    assert body["version"] == team.project.version
    brief, concept = body["stages"][:2]
    assert (brief["kind"], brief["status"], brief["owner"]["id"]) == (
        "brief", "in_progress", team.lead.id)
    assert brief["actions"] == ["submit"]
    assert brief["missing_deliverables"] == ["Design brief"]
    assert (concept["status"], concept["actual_start_on"]) == ("pending", None)


def test_the_stage_actions_say_what_the_caller_may_do(api):
    team = make_team()

    lead_view = api.get(f"/projects/{team.project.id}", as_=team.lead).get_json()
    client_view = api.get(f"/projects/{team.project.id}", as_=team.client_user).get_json()

    assert lead_view["stages"][0]["actions"] == ["submit", "skip"]
    assert client_view["stages"][0]["actions"] == []


def test_anyone_gets_a_public_projects_public_face(api):
    team = make_team(visibility=Visibility.PUBLIC)

    response = api.get(f"/projects/{team.project.id}")

    assert response.status_code == 200
    body = response.get_json()
    assert body["full_view"] is False
    assert (body["client"], body["partners"], body["lead"]) == (None, [], None)
    assert body["title"] == team.project.title
    assert all(stage["owner"] is None and stage["notes"] is None for stage in body["stages"])
    assert body["stages"][0]["status"] == "in_progress"


def test_anonymous_callers_must_sign_in_for_a_project_that_is_not_public(api):
    team = make_team(visibility=Visibility.PARK)

    response = api.get(f"/projects/{team.project.id}")

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_another_firms_member_is_refused_a_private_project(api):
    team = make_team()

    response = api.get(f"/projects/{team.project.id}", as_=team.outsider)

    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"


def test_a_missing_project_is_not_found(api):
    assert api.get("/projects/999999", as_=UserFactory()).status_code == 404
