"""Starting a project from the firm's pages: who may, the choices the form offers, a project
made with its stages and lead, and bad input that changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from park.accounts.models import OrgKind, OrgRole, OrgStatus
from park.extensions import db
from park.projects.lifecycle import StageKind, StageStatus
from park.projects.models import Project, ProjectRole, Visibility
from tests.conftest import post_form
from tests.factories import OrganisationFactory, SpecialtyFactory, member_of
from tests.helpers import count, field_errors, flash_texts, redirect_path, visible_text

NEW = "/orgs/lotus/projects/new"


@pytest.fixture
def firm():
    return OrganisationFactory(slug="lotus", name="Lotus Design")


@pytest.fixture
def designer(firm):
    return member_of(firm, name="Wang Lei")


@pytest.fixture
def choices():
    """A specialty, a manufacturer, an institute, and organisations that are neither."""
    return {
        "specialty": SpecialtyFactory(name="Motorcycles"),
        "maker": OrganisationFactory(name="Fengchi Motors", kind=OrgKind.MANUFACTURER),
        "institute": OrganisationFactory(name="Fine Arts Institute", kind=OrgKind.ACADEMIC),
        "pending_maker": OrganisationFactory(name="Pending Motors", kind=OrgKind.MANUFACTURER,
                                             status=OrgStatus.PENDING),
        "other_firm": OrganisationFactory(name="Rival Studio"),
    }


def _valid(choices, **changes) -> dict:
    data = {
        "title": "Electric scooter fairing",
        "summary": "A fairing for the 2027 scooter.",
        "specialty": str(choices["specialty"].id),
        "client": str(choices["maker"].id),
        "partners": [str(choices["institute"].id)],
        "template": "soft-goods",
        "start_on": "2027-01-04",
        "target_end_on": "2027-06-30",
        "visibility": "park",
    }
    data.update(changes)
    return data


def test_the_form_offers_approved_manufacturers_as_clients_and_institutes_as_partners(
    client, login, designer, choices
):
    login(designer)

    response = client.get(NEW)

    assert response.status_code == 200
    client_select = _select(response, "client")
    assert "Fengchi Motors" in client_select
    assert "Pending Motors" not in client_select
    assert "Rival Studio" not in client_select
    assert "Lotus Design" not in client_select
    assert "Fine Arts Institute" in _select(response, "partners")
    assert "Motorcycles" in _select(response, "specialty")


def _select(response, name: str) -> str:
    html = response.get_data(as_text=True)
    start = html.index(f'name="{name}"')
    return html[start:html.index("</select>", start)]


def test_each_lifecycle_choice_shows_its_description_and_stages(client, login, designer):
    login(designer)

    text = visible_text(client.get(NEW))

    assert ("Apparel and soft goods No mould: patterns go straight to prototype samples. "
            "Brief Concept design Detailed design Prototype production Inspection Testing "
            "Production handover") in text
    assert ("Concept study Brief, concept and a handover of the design package. "
            "Brief Concept design Production handover") in text


def test_a_valid_project_is_created_with_its_stages_and_the_creator_as_lead(
    client, login, designer, choices
):
    login(designer)

    response = post_form(client, NEW, _valid(choices))

    project = db.session.scalar(select(Project))
    assert redirect_path(response) == f"/projects/{project.id}"
    assert project.title == "Electric scooter fairing"
    assert project.client_id == choices["maker"].id
    assert [p.id for p in project.partners] == [choices["institute"].id]
    assert project.visibility is Visibility.PARK
    assert StageKind.MOULD_DESIGN not in [s.kind for s in project.stages]
    assert project.stages[0].status is StageStatus.IN_PROGRESS
    assert project.member(designer).role is ProjectRole.LEAD
    assert "has been created" in " ".join(flash_texts(client.get("/projects")))


def test_a_project_needs_only_a_title(client, login, designer):
    login(designer)

    response = post_form(client, NEW, {"title": "Quick concept", "specialty": "None",
                                       "client": "None", "template": "full",
                                       "visibility": "private"})

    assert response.status_code == 302
    assert db.session.scalar(select(Project.title)) == "Quick concept"


def test_a_missing_title_is_shown_at_the_field_and_creates_nothing(client, login, designer,
                                                                   choices):
    login(designer)

    response = post_form(client, NEW, _valid(choices, title=""))

    assert response.status_code == 422
    assert field_errors(response, "title") == ["Please give the project a title."]
    assert count(Project) == 0


def test_a_target_end_before_the_start_is_shown_at_the_field_and_creates_nothing(
    client, login, designer, choices
):
    login(designer)

    response = post_form(client, NEW, _valid(choices, start_on="2027-06-01",
                                             target_end_on="2027-01-01"))

    assert response.status_code == 422
    assert field_errors(response, "target_end_on") == [
        "The target end cannot be before the start."]
    assert count(Project) == 0


def test_a_client_that_is_not_offered_is_refused_at_the_field(client, login, designer, choices):
    login(designer)

    response = post_form(client, NEW, _valid(choices, client=str(choices["other_firm"].id)))

    assert response.status_code == 422
    assert field_errors(response, "client")
    assert count(Project) == 0


def test_an_unreadable_date_is_shown_at_the_field(client, login, designer, choices):
    login(designer)

    response = post_form(client, NEW, _valid(choices, start_on="next spring"))

    assert response.status_code == 422
    assert field_errors(response, "start_on") == ["Please enter a date as YYYY-MM-DD."]
    assert count(Project) == 0


def test_the_form_keeps_what_was_typed_after_an_error(client, login, designer, choices):
    login(designer)

    response = post_form(client, NEW, _valid(choices, target_end_on="2026-01-01"))

    html = response.get_data(as_text=True)
    assert 'value="Electric scooter fairing"' in html
    assert 'id="template-soft-goods" value="soft-goods" checked' in html


@pytest.mark.parametrize("kind", [OrgKind.MANUFACTURER, OrgKind.PUBLIC_BODY])
def test_organisations_that_do_not_run_projects_cannot_start_one(client, login, kind):
    organisation = OrganisationFactory(slug="maker", kind=kind)
    login(member_of(organisation, OrgRole.OWNER))

    assert client.get("/orgs/maker/projects/new").status_code == 403
    assert post_form(client, "/orgs/maker/projects/new", {"title": "Sneaky"},
                     page="/projects").status_code == 403
    assert count(Project) == 0


def test_an_organisation_awaiting_approval_cannot_start_a_project(client, login):
    newcomer = OrganisationFactory(slug="newcomer", status=OrgStatus.PENDING)
    login(member_of(newcomer))

    assert client.get("/orgs/newcomer/projects/new").status_code == 403


def test_a_member_of_another_firm_cannot_start_a_project_for_this_one(client, login, firm):
    outsider = member_of(OrganisationFactory())
    login(outsider)

    assert client.get(NEW).status_code == 403
    assert post_form(client, NEW, {"title": "Not ours"}, page="/projects").status_code == 403
    assert count(Project) == 0


def test_anonymous_visitors_are_asked_to_log_in(client, firm):
    response = client.get(NEW)

    assert response.status_code == 302
    assert "/login" in response.location
