"""The project lists: a user's projects, an organisation's, and the park office's overview;
who sees which projects, each filter, the row's stage and overdue milestones, and the empty
states and links around them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from park.accounts.models import OrgKind, OrgRole, OrgStatus
from park.core.time import park_today
from park.extensions import db
from park.projects.lifecycle import StageKind, StageStatus
from park.projects.models import LifecycleStage, ProjectStatus, Visibility
from tests.factories import (
    AdminFactory,
    MembershipFactory,
    MilestoneFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectMemberFactory,
    SpecialtyFactory,
    UserFactory,
    advance_to,
    make_project,
    member_of,
)
from tests.helpers import visible_text


@pytest.fixture
def rival():
    return OrganisationFactory(slug="rival", name="Rival Studio")


@pytest.fixture
def designer(firm):
    return member_of(firm)


def _titles(response) -> set[str]:
    """The project titles the list shows (every test title starts with "P-")."""
    text = visible_text(response)
    return {word for word in text.split() if word.startswith("P-")}


# Who sees what --------------------------------------------------------------------------------


def test_my_projects_lists_the_firms_projects_and_those_the_users_organisation_commissions(
    client, login, firm, rival, maker
):
    ProjectFactory(firm=firm, title="P-own")
    ProjectFactory(firm=rival, client=maker, title="P-commissioned")
    ProjectFactory(firm=rival, title="P-elsewhere", visibility=Visibility.PUBLIC)
    buyer = member_of(maker)
    login(buyer)

    response = client.get("/projects")

    assert response.status_code == 200
    assert _titles(response) == {"P-commissioned"}


def test_my_projects_shows_a_project_the_user_was_added_to_in_another_firm(
    client, login, designer, rival
):
    project = ProjectFactory(firm=rival, title="P-joined")
    ProjectMemberFactory(project=project, user=designer)
    ProjectFactory(firm=rival, title="P-not-joined", visibility=Visibility.PARK)
    login(designer)

    assert _titles(client.get("/projects")) == {"P-joined"}


@pytest.mark.parametrize("visibility", list(Visibility))
def test_no_list_shows_another_firms_project_to_a_user_not_involved(
    client, login, designer, firm, rival, visibility
):
    ProjectFactory(firm=firm, title="P-ours")
    ProjectFactory(firm=rival, title="P-theirs", visibility=visibility)
    login(designer)

    assert _titles(client.get("/projects")) == {"P-ours"}
    assert _titles(client.get("/orgs/lotus/projects")) == {"P-ours"}


def test_another_organisations_project_list_is_forbidden_even_knowing_its_address(
    client, login, designer, rival
):
    ProjectFactory(firm=rival, title="P-theirs", visibility=Visibility.PARK)
    login(designer)

    response = client.get("/orgs/rival/projects")

    assert response.status_code == 403
    assert "P-theirs" not in response.get_data(as_text=True)


def test_an_unknown_organisations_project_list_is_not_found(client, login, designer):
    login(designer)
    assert client.get("/orgs/no-such-org/projects").status_code == 404


def test_the_project_lists_ask_anonymous_visitors_to_log_in(client, firm):
    for path in ("/projects", "/orgs/lotus/projects", "/admin/projects"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.location


def test_the_park_office_sees_only_the_park_and_public_projects_of_a_firm(client, login, firm):
    for visibility in Visibility:
        ProjectFactory(firm=firm, title=f"P-{visibility.value}", visibility=visibility)
    login(AdminFactory())

    response = client.get("/orgs/lotus/projects")

    assert response.status_code == 200
    assert _titles(response) == {"P-park", "P-public"}
    assert "As the park office you see the projects" in visible_text(response)


def test_an_organisations_list_includes_the_projects_it_commissions_as_client(
    client, login, designer, rival
):
    ProjectFactory(firm=rival, client=designer.memberships[0].organisation, title="P-client")
    ProjectFactory(firm=rival, title="P-unrelated", visibility=Visibility.PARK)
    login(designer)

    assert _titles(client.get("/orgs/lotus/projects")) == {"P-client"}


def test_a_partner_institutes_list_shows_the_projects_its_people_were_added_to(
    client, login, rival
):
    institute = OrganisationFactory(slug="institute", kind=OrgKind.ACADEMIC)
    advisor = member_of(institute)
    joined = ProjectFactory(firm=rival, title="P-advised")
    joined.partners.append(institute)
    ProjectMemberFactory(project=joined, user=advisor)
    ProjectFactory(firm=rival, title="P-unrelated")
    login(advisor)

    assert _titles(client.get("/orgs/institute/projects")) == {"P-advised"}


# Filters ------------------------------------------------------------------------------------


@pytest.fixture
def filter_scene(firm, maker, designer):
    """Two projects of the firm that differ in every filtered property."""
    today = park_today()
    seats = SpecialtyFactory(name="Seating")
    lamps = SpecialtyFactory(name="Lighting")
    wanted = ProjectFactory(firm=firm, title="P-wanted", summary="carbon fairing",
                            status=ProjectStatus.ACTIVE, current_stage=StageKind.CONCEPT,
                            visibility=Visibility.PARK, specialty=seats, client=maker)
    ProjectFactory(firm=firm, title="P-other", summary="leather seat",
                   status=ProjectStatus.ON_HOLD, current_stage=StageKind.TESTING,
                   visibility=Visibility.PRIVATE, specialty=lamps)
    MilestoneFactory(project=wanted, due_on=today - timedelta(days=3))
    return {"status": "active", "stage": "concept", "visibility": "park",
            "specialty": str(seats.id), "client": str(maker.id), "overdue": "1",
            "q": "CARBON"}


@pytest.mark.parametrize("name", ["q", "status", "stage", "visibility", "specialty", "client",
                                  "overdue"])
def test_each_filter_narrows_the_list_to_the_projects_that_match_it(
    client, login, designer, filter_scene, name
):
    login(designer)
    assert _titles(client.get("/projects")) == {"P-wanted", "P-other"}

    response = client.get("/projects", query_string={name: filter_scene[name]})

    assert _titles(response) == {"P-wanted"}


def test_an_overdue_milestone_already_achieved_does_not_count(client, login, firm, designer):
    late = ProjectFactory(firm=firm, title="P-late")
    done = ProjectFactory(firm=firm, title="P-done")
    past = park_today() - timedelta(days=5)
    MilestoneFactory(project=late, due_on=past)
    MilestoneFactory(project=done, due_on=past, achieved_on=past)
    login(designer)

    response = client.get("/orgs/lotus/projects?overdue=1")

    assert _titles(response) == {"P-late"}
    assert "1 overdue milestone" in visible_text(response)


def test_unreadable_filter_values_are_ignored_rather_than_failing(client, login, firm,
                                                                  designer):
    ProjectFactory(firm=firm, title="P-one")
    login(designer)

    response = client.get("/projects?status=bogus&stage=nope&specialty=-3"
                          "&client=99999999999999999999999")

    assert response.status_code == 200
    assert _titles(response) == {"P-one"}


def test_filters_that_match_nothing_say_so_and_offer_to_clear_them(client, login, firm,
                                                                   designer):
    ProjectFactory(firm=firm, title="P-one")
    login(designer)

    response = client.get("/orgs/lotus/projects?q=nothing-like-this")

    text = visible_text(response)
    assert "No project matches these filters" in text
    assert 'href="/orgs/lotus/projects">Clear filters' in response.get_data(as_text=True)


# What a row shows ---------------------------------------------------------------------------


def test_a_row_shows_the_current_stage_its_status_the_client_and_overdue_milestones(
    client, login, firm, maker
):
    lead = member_of(firm)
    project = make_project(firm, lead, title="P-fairing", client=maker)
    advance_to(project, StageKind.DETAILED_DESIGN, StageStatus.AWAITING_APPROVAL)
    MilestoneFactory(project=project, due_on=park_today() - timedelta(days=1))
    MilestoneFactory(project=project, due_on=park_today() - timedelta(days=2))
    login(lead)

    text = visible_text(client.get("/projects"))

    assert "P-fairing" in text
    assert "Detailed design Awaiting approval" in text
    assert "Fengchi Motors" in text
    assert "2 overdue milestones" in text


def test_a_row_links_to_its_project_page(client, login, firm, designer):
    project = ProjectFactory(firm=firm, title="P-linked")
    login(designer)

    html = client.get("/projects").get_data(as_text=True)

    assert f'href="/projects/{project.id}"' in html


def test_the_list_is_paginated(client, login, firm, designer):
    for number in range(30):
        ProjectFactory(firm=firm, title=f"P-{number:02d}")
    login(designer)

    first = client.get("/projects")
    second = client.get("/projects?page=2")

    assert len(_titles(first)) == 25
    assert len(_titles(second)) == 5
    assert _titles(first).isdisjoint(_titles(second))
    assert "1–25 of 30" in visible_text(first)


# Empty states and buttons -------------------------------------------------------------------


def test_a_firm_member_without_projects_is_invited_to_start_one(client, login, designer):
    login(designer)

    response = client.get("/projects")

    assert "No projects yet" in visible_text(response)
    assert 'href="/orgs/lotus/projects/new"' in response.get_data(as_text=True)


def test_a_client_without_projects_learns_how_projects_reach_them(client, login, maker):
    login(member_of(maker))

    response = client.get("/projects")

    text = visible_text(response)
    assert "names your organisation as its client" in text
    assert "/projects/new" not in response.get_data(as_text=True)


def test_new_project_buttons_are_offered_for_each_organisation_the_user_may_create_in(
    client, login, firm, rival, maker
):
    user = UserFactory()
    pending = OrganisationFactory(slug="pending-firm", status=OrgStatus.PENDING)
    for organisation in (firm, rival, maker, pending):
        MembershipFactory(user=user, organisation=organisation)
    login(user)

    html = client.get("/projects").get_data(as_text=True)

    assert 'href="/orgs/lotus/projects/new"' in html
    assert 'href="/orgs/rival/projects/new"' in html
    assert "/orgs/fengchi/projects/new" not in html
    assert "/orgs/pending-firm/projects/new" not in html


def test_a_clients_organisation_list_has_no_new_project_button(client, login, firm, maker):
    ProjectFactory(firm=firm, client=maker, title="P-ordered")
    login(member_of(maker))

    response = client.get("/orgs/fengchi/projects")

    assert _titles(response) == {"P-ordered"}
    assert "/projects/new" not in response.get_data(as_text=True)


# Navigation ---------------------------------------------------------------------------------


def test_the_navigation_links_signed_in_users_to_their_projects(client, login, designer):
    login(designer)

    html = client.get("/").get_data(as_text=True)

    assert 'href="/projects">Projects</a>' in html
    assert 'href="/admin/projects"' not in html


def test_the_administration_menu_links_to_the_parks_projects(client, login):
    login(AdminFactory())

    assert 'href="/admin/projects"' in client.get("/").get_data(as_text=True)


def test_the_organisation_page_links_its_members_to_its_projects_and_board(
    client, login, designer
):
    login(designer)

    html = client.get("/orgs/lotus").get_data(as_text=True)

    assert 'href="/orgs/lotus/projects"' in html
    assert 'href="/orgs/lotus/projects/board"' in html


def test_the_organisation_page_links_a_client_to_the_projects_it_commissions(
    client, login, maker
):
    login(member_of(maker, OrgRole.OWNER))

    assert 'href="/orgs/fengchi/projects"' in client.get("/orgs/fengchi").get_data(as_text=True)


# The park office's overview -----------------------------------------------------------------


def test_the_parks_overview_is_for_the_park_office_only(client, login, designer):
    login(designer)
    assert client.get("/admin/projects").status_code == 403


def test_the_parks_overview_lists_only_park_and_public_projects_of_every_firm(
    client, login, firm, rival
):
    for organisation in (firm, rival):
        for visibility in Visibility:
            ProjectFactory(firm=organisation, visibility=visibility,
                           title=f"P-{organisation.slug}-{visibility.value}")
    login(AdminFactory())

    response = client.get("/admin/projects")

    assert _titles(response) == {"P-lotus-park", "P-lotus-public", "P-rival-park",
                                 "P-rival-public"}


def test_the_parks_chart_counts_active_projects_by_stage_and_links_each_bar_to_its_list(
    client, login, firm
):
    for _ in range(3):
        ProjectFactory(firm=firm, visibility=Visibility.PARK, current_stage=StageKind.TESTING)
    ProjectFactory(firm=firm, visibility=Visibility.PUBLIC, current_stage=StageKind.BRIEF)
    ProjectFactory(firm=firm, visibility=Visibility.PRIVATE, current_stage=StageKind.BRIEF)
    ProjectFactory(firm=firm, visibility=Visibility.PARK, current_stage=StageKind.BRIEF,
                   status=ProjectStatus.ON_HOLD)
    login(AdminFactory())

    response = client.get("/admin/projects")

    html = response.get_data(as_text=True)
    assert 'aria-label="Testing: 3 active projects"' in html
    assert 'aria-label="Brief: 1 active project"' in html
    assert 'href="/admin/projects?stage=testing&amp;status=active"' in html
    assert "<title id=\"stage-chart-title\">" in html
    assert "4 active projects visible to the park" in visible_text(response)


def test_the_parks_list_filtered_by_a_stage_shows_that_stage_only(client, login, firm):
    ProjectFactory(firm=firm, visibility=Visibility.PARK, current_stage=StageKind.TESTING,
                   title="P-testing")
    ProjectFactory(firm=firm, visibility=Visibility.PARK, current_stage=StageKind.BRIEF,
                   title="P-brief")
    login(AdminFactory())

    assert _titles(client.get("/admin/projects?stage=testing")) == {"P-testing"}


def test_the_parks_overview_counts_gates_waiting_and_overdue_projects(client, login, firm):
    waiting = ProjectFactory(firm=firm, visibility=Visibility.PARK,
                             current_stage=StageKind.CONCEPT)
    db.session.add(LifecycleStage(project=waiting, kind=StageKind.CONCEPT, position=2,
                                  status=StageStatus.AWAITING_APPROVAL,
                                  actual_start_on=park_today()))
    late = ProjectFactory(firm=firm, visibility=Visibility.PUBLIC)
    MilestoneFactory(project=late, due_on=park_today() - timedelta(days=9))
    hidden = ProjectFactory(firm=firm, visibility=Visibility.PRIVATE)
    MilestoneFactory(project=hidden, due_on=park_today() - timedelta(days=9))
    db.session.commit()
    login(AdminFactory())

    text = visible_text(client.get("/admin/projects"))

    assert "Waiting for a gate decision 1" in text
    assert "With overdue milestones 1" in text
