"""The projects API's writes of a project: starting one as the new-project form does, and
saving its details against the version read (two saves from one version: one wins, one 409)."""

from __future__ import annotations

from park.accounts.models import OrgKind, OrgRole, OrgStatus
from park.extensions import db
from park.projects.models import Project
from tests.api.support import error_of
from tests.factories import OrganisationFactory, SpecialtyFactory, member_of
from tests.projects.pages import make_team


def _new(firm, **fields):
    return {"organisation": firm.slug, "title": "Electric scooter body", **fields}


# Creating -----------------------------------------------------------------------------------


def test_a_firm_member_starts_a_project_and_becomes_its_lead(api):
    firm = OrganisationFactory()
    designer = member_of(firm)
    maker = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    institute = OrganisationFactory(kind=OrgKind.ACADEMIC)
    specialty = SpecialtyFactory()

    response = api.post("/projects", as_=designer, json=_new(
        firm, summary="For city riders.", client=maker.slug, partners=[institute.slug],
        specialty=specialty.code, template="concept-study", start_on="2026-07-01",
        target_end_on="2026-09-30", visibility="park"))

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["lead"]["id"] == designer.id
    assert body["client"]["slug"] == maker.slug
    assert [p["slug"] for p in body["partners"]] == [institute.slug]
    assert body["specialty"]["code"] == specialty.code
    assert [s["kind"] for s in body["stages"]] == ["brief", "concept", "handover"]
    assert body["stages"][0]["status"] == "in_progress"
    assert (body["visibility"], body["status"]) == ("park", "active")
    assert db.session.get(Project, body["id"]).firm_id == firm.id


def test_starting_a_project_needs_a_token(api):
    firm = OrganisationFactory()

    response = api.post("/projects", json=_new(firm))

    assert response.status_code == 401


def test_no_one_starts_a_project_for_an_organisation_they_do_not_belong_to(api):
    firm = OrganisationFactory()
    outsider = member_of(OrganisationFactory(), OrgRole.OWNER)

    response = api.post("/projects", as_=outsider, json=_new(firm))

    assert response.status_code == 403


def test_a_manufacturer_does_not_run_design_projects(api):
    maker = OrganisationFactory(kind=OrgKind.MANUFACTURER)

    response = api.post("/projects", as_=member_of(maker), json=_new(maker))

    assert response.status_code == 403


def test_an_unknown_organisation_is_refused_at_its_field(api):
    response = api.post("/projects", as_=member_of(OrganisationFactory()),
                        json={"organisation": "nobody", "title": "Seat"})

    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"organisation"}


def test_the_client_must_be_one_the_form_offers_an_approved_manufacturer(api):
    firm = OrganisationFactory()
    other_firm = OrganisationFactory()
    pending_maker = OrganisationFactory(kind=OrgKind.MANUFACTURER, status=OrgStatus.PENDING)

    for client in (other_firm.slug, pending_maker.slug, firm.slug, "nobody"):
        response = api.post("/projects", as_=member_of(firm), json=_new(firm, client=client))
        assert response.status_code == 422, client
        assert error_of(response)["fields"] == {"client": ["Please choose only from the list."]}


def test_partners_must_be_approved_academic_institutions(api):
    firm = OrganisationFactory()

    response = api.post("/projects", as_=member_of(firm),
                        json=_new(firm, partners=[OrganisationFactory().slug]))

    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"partners"}


def test_bad_project_fields_answer_422_naming_each(api):
    firm = OrganisationFactory()

    response = api.post("/projects", as_=member_of(firm), json=_new(
        firm, title=" x ", template="waterfall", visibility="secret", summary="s" * 4001,
        start_on="someday", colour="red"))

    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"title", "template", "visibility", "summary",
                                                  "start_on", "colour"}


def test_a_target_end_before_the_start_is_refused_by_the_service(api):
    firm = OrganisationFactory()

    response = api.post("/projects", as_=member_of(firm), json=_new(
        firm, start_on="2026-09-01", target_end_on="2026-08-01"))

    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"target_end_on"}


# Saving details -----------------------------------------------------------------------------


def test_the_lead_saves_some_details_and_the_rest_stay(api):
    team = make_team()
    version = team.project.version

    response = api.patch(f"/projects/{team.project.id}", as_=team.lead,
                         json={"version": version, "title": "Fairing, second take",
                               "visibility": "public"})

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["title"], body["visibility"]) == ("Fairing, second take", "public")
    assert body["client"]["slug"] == team.client_org.slug
    assert body["summary"] == team.project.summary
    assert body["version"] == version + 1


def test_a_firm_manager_may_save_a_project_they_do_not_lead(api):
    team = make_team()
    manager = member_of(team.firm, OrgRole.MANAGER)

    response = api.patch(f"/projects/{team.project.id}", as_=manager,
                         json={"version": team.project.version, "client": None})

    assert response.status_code == 200
    assert response.get_json()["client"] is None


def test_a_designer_on_the_project_may_not_save_its_details(api):
    team = make_team()

    response = api.patch(f"/projects/{team.project.id}", as_=team.designer,
                         json={"version": team.project.version, "title": "Mine now"})

    assert response.status_code == 403


def test_saving_without_a_version_is_refused_at_the_field(api):
    team = make_team()

    response = api.patch(f"/projects/{team.project.id}", as_=team.lead,
                         json={"title": "No version"})

    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"version"}


def test_of_two_saves_from_the_same_version_the_second_gets_409(api):
    team = make_team()
    path = f"/projects/{team.project.id}"
    manager = member_of(team.firm, OrgRole.MANAGER)
    seen_by_lead = api.get(path, as_=team.lead).get_json()["version"]
    seen_by_manager = api.get(path, as_=manager).get_json()["version"]

    first = api.patch(path, as_=team.lead, json={"version": seen_by_lead, "title": "Lead's"})
    second = api.patch(path, as_=manager,
                       json={"version": seen_by_manager, "title": "Manager's"})

    assert (first.status_code, second.status_code) == (200, 409)
    error = error_of(second)
    assert error["code"] == "conflict"
    assert "reload" in error["message"]
    assert set(error["fields"]) == {"version"}
    assert api.get(path, as_=team.lead).get_json()["title"] == "Lead's"


def test_completing_a_project_with_open_stages_is_refused(api):
    team = make_team()

    response = api.patch(f"/projects/{team.project.id}", as_=team.lead,
                         json={"version": team.project.version, "status": "completed"})

    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"status"}


def test_a_project_id_too_big_for_the_database_is_not_found(api):
    team = make_team()

    response = api.patch(f"/projects/{2**40}", as_=team.lead, json={"version": 1})

    assert response.status_code == 404
