"""The people list and "artists + engineers" teams: forming a team through the pages and adding
its people by e-mail, its balance and organisations on the list, who sees the names, who may
change it, and the query counts of the lists."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from park.accounts.models import Organisation, OrgKind, User
from park.extensions import db
from park.matching.models import Availability, Discipline, Team, TeamMember
from tests.factories import (
    AcademicProfileFactory,
    AdminFactory,
    OrganisationFactory,
    SpecialtyFactory,
    TeamFactory,
    TeamMemberFactory,
    UserFactory,
    member_of,
)
from tests.helpers import (
    count,
    field_errors,
    flash_texts,
    queries_for_page,
    redirect_path,
    visible_text,
)
from tests.projects.pages import client_as, token


@dataclass
class People:
    institute: Organisation
    firm: Organisation
    artist: User  # institute students
    other_artist: User
    engineer: User  # a firm's engineer, who forms the team
    outsider: User  # another firm's member


@pytest.fixture
def people() -> People:
    institute = OrganisationFactory(name="Sichuan Fine Arts Institute", kind=OrgKind.ACADEMIC)
    firm = OrganisationFactory(name="Toway Design")
    return People(
        institute=institute,
        firm=firm,
        artist=member_of(institute, name="Wen Artist", email="wen@sfai.example"),
        other_artist=member_of(institute, name="Li Sculptor", email="li@sfai.example"),
        engineer=member_of(firm, name="Zhao Engineer", email="zhao@toway.example"),
        outsider=member_of(OrganisationFactory(name="Rival Studio"), name="Otto Outsider"),
    )


def _team(people: People, *, listed: bool = True, name: str = "Fairing Makers") -> Team:
    """Zhao (engineer, firm) with Wen (artist, institute), run from the firm."""
    team = TeamFactory(name=name, organisation=people.firm, listed=listed)
    TeamMemberFactory(team=team, user=people.engineer, organisation=people.firm,
                      discipline=Discipline.ENGINEERING, role="Structures")
    TeamMemberFactory(team=team, user=people.artist, organisation=people.institute,
                      discipline=Discipline.ART_DESIGN, role="CMF lead")
    return team


def _add(browser, team: Team, email: str, discipline: str = "art_design", role: str = ""):
    return browser.post(f"/teams/{team.id}/members", data={
        "csrf_token": token(browser), "email": email, "discipline": discipline, "role": role})


def _only_team() -> Team:
    db.session.expire_all()
    return db.session.scalars(select(Team)).one()


# Forming a team ------------------------------------------------------------------------------


def test_firm_engineer_forms_a_team_with_two_institute_artists_through_the_pages(app, people):
    specialty = SpecialtyFactory(code="motorcycle", name="Motorcycle design")
    browser = client_as(app, people.engineer)

    response = browser.post("/teams/new", data={
        "csrf_token": token(browser), "organisation": str(people.firm.id),
        "name": "Fairing Makers", "description": "Fairings from clay to mould.",
        "specialties": ["motorcycle"], "listed": "y", "discipline": "engineering",
        "role": "Structures"})
    team = _only_team()
    assert redirect_path(response) == f"/teams/{team.id}"
    assert "The team Fairing Makers has been formed. Add its people below." in flash_texts(
        browser.get(f"/teams/{team.id}"))

    for email in ("wen@sfai.example", "li@sfai.example"):
        response = _add(browser, team, email, "art_design", "Clay modelling")
        assert redirect_path(response) == f"/teams/{team.id}"

    text = visible_text(client_as(app, None).get("/teams"))
    assert "Fairing Makers" in text
    assert "2 artists · 1 engineer" in text
    assert "Balanced" in text
    assert "Sichuan Fine Arts Institute" in text and "Toway Design" in text
    assert specialty.name in text
    team = _only_team()
    assert sorted((m.user.name, m.organisation.name) for m in team.members) == [
        ("Li Sculptor", "Sichuan Fine Arts Institute"),
        ("Wen Artist", "Sichuan Fine Arts Institute"),
        ("Zhao Engineer", "Toway Design"),
    ]


def test_team_without_a_name_is_refused_at_the_field(app, people):
    browser = client_as(app, people.engineer)

    response = browser.post("/teams/new", data={
        "csrf_token": token(browser), "organisation": str(people.firm.id), "name": "",
        "discipline": "engineering"})

    assert response.status_code == 422
    assert field_errors(response, "name") == ["Please give the team a name."]
    assert count(Team) == 0


def test_new_team_form_offers_only_the_users_own_organisations(app, people):
    page = client_as(app, people.engineer).get("/teams/new")

    assert "Run from: Toway Design" in visible_text(page)
    assert "Rival Studio" not in visible_text(page)


def test_a_manufacturer_cannot_form_a_team(app):
    buyer = member_of(OrganisationFactory(kind=OrgKind.MANUFACTURER))

    assert client_as(app, buyer).get("/teams/new").status_code == 403


# Adding and removing people ------------------------------------------------------------------


def test_unknown_email_is_refused_at_the_field_and_nobody_is_added(app, people):
    team = _team(people)
    browser = client_as(app, people.engineer)

    response = _add(browser, team, "nobody@nowhere.example")

    assert response.status_code == 422
    assert field_errors(response, "email") == [
        "Nobody in Park has that e-mail address. Invite them to their organisation first."]
    assert "Nobody was added." in visible_text(response)
    assert count(TeamMember) == 2


def test_someone_already_on_the_team_is_not_added_twice(app, people):
    team = _team(people)

    response = _add(client_as(app, people.engineer), team, "wen@sfai.example")

    assert response.status_code == 422
    assert field_errors(response, "email") == ["Wen Artist is already on the team."]
    assert count(TeamMember) == 2


def test_team_member_removes_someone_from_the_team(app, people):
    team = _team(people)
    artist_row = team.member(people.artist)
    browser = client_as(app, people.engineer)

    response = browser.post(f"/teams/{team.id}/members/{artist_row.id}/delete",
                            data={"csrf_token": token(browser)})

    assert redirect_path(response) == f"/teams/{team.id}"
    page = browser.get(f"/teams/{team.id}")
    assert "Wen Artist is no longer on the team." in flash_texts(page)
    assert [m.user.name for m in _only_team().members] == ["Zhao Engineer"]


def test_the_last_member_cannot_be_removed(app, people):
    team = TeamFactory(organisation=people.firm)
    only = TeamMemberFactory(team=team, user=people.engineer, organisation=people.firm)
    browser = client_as(app, people.engineer)

    browser.post(f"/teams/{team.id}/members/{only.id}/delete",
                 data={"csrf_token": token(browser)})

    assert "A team needs at least one member." in flash_texts(browser.get(f"/teams/{team.id}"))
    assert count(TeamMember) == 1


def test_a_member_of_another_team_is_not_found_through_this_one(app, people):
    team = _team(people)
    other = TeamMemberFactory(team=TeamFactory(name="Other Team"))
    browser = client_as(app, people.engineer)

    response = browser.post(f"/teams/{team.id}/members/{other.id}/delete",
                            data={"csrf_token": token(browser)})

    assert response.status_code == 404
    assert count(TeamMember) == 3


def test_someone_not_on_the_team_gets_403_on_edit_add_and_remove(app, people):
    team = _team(people)
    artist_row = team.member(people.artist)
    browser = client_as(app, people.outsider)
    csrf = token(browser)

    assert browser.get(f"/teams/{team.id}/edit").status_code == 403
    assert browser.post(f"/teams/{team.id}/edit", data={
        "csrf_token": csrf, "name": "Taken Over"}).status_code == 403
    assert _add(browser, team, people.outsider.email).status_code == 403
    assert browser.post(f"/teams/{team.id}/members/{artist_row.id}/delete",
                        data={"csrf_token": csrf}).status_code == 403
    team = _only_team()
    assert team.name == "Fairing Makers"
    assert len(team.members) == 2


def test_outsider_sees_no_edit_controls_on_a_listed_team(app, people):
    team = _team(people)

    html = client_as(app, people.outsider).get(f"/teams/{team.id}").get_data(as_text=True)

    assert f"/teams/{team.id}/edit" not in html
    assert f"/teams/{team.id}/members" not in html


# Editing -------------------------------------------------------------------------------------


def test_team_member_edits_the_team_from_a_prefilled_form(app, people):
    team = _team(people)
    browser = client_as(app, people.artist)
    form = browser.get(f"/teams/{team.id}/edit").get_data(as_text=True)
    assert 'value="Fairing Makers"' in form

    response = browser.post(f"/teams/{team.id}/edit", data={
        "csrf_token": token(browser), "name": "Fairing Makers 2", "description": "New.",
        "listed": "y"})

    assert redirect_path(response) == f"/teams/{team.id}"
    assert "The team has been saved." in flash_texts(browser.get(f"/teams/{team.id}"))
    assert _only_team().name == "Fairing Makers 2"


def test_a_name_another_team_has_is_refused_at_the_field(app, people):
    team = _team(people)
    TeamFactory(name="Mould Masters")
    browser = client_as(app, people.engineer)

    response = browser.post(f"/teams/{team.id}/edit", data={
        "csrf_token": token(browser), "name": "Mould Masters", "listed": "y"})

    assert response.status_code == 422
    assert field_errors(response, "name") == ["Another team already has that name."]


# Who sees what -------------------------------------------------------------------------------


def test_anonymous_visitor_sees_listed_teams_but_not_the_names_of_their_people(app, people):
    team = _team(people)
    anonymous = client_as(app, None)

    listing = visible_text(anonymous.get("/teams"))
    page = visible_text(anonymous.get(f"/teams/{team.id}"))

    assert "Fairing Makers" in listing and "1 artist · 1 engineer" in listing
    assert "Fairing Makers" in page and "1 artist · 1 engineer" in page
    for text in (listing, page):
        assert "Wen Artist" not in text and "Zhao Engineer" not in text
    assert "Log in to see them." in page


def test_park_member_sees_the_team_members_with_their_availability(app, people):
    team = _team(people)
    AcademicProfileFactory(user=people.artist, organisation=people.institute,
                           availability=Availability.LIMITED)

    page = visible_text(client_as(app, people.outsider).get(f"/teams/{team.id}"))

    assert "Wen Artist Sichuan Fine Arts Institute Art and design CMF lead A few hours a week" \
        in page
    assert "Zhao Engineer Toway Design Engineering Structures Not given" in page


def test_unlisted_team_is_hidden_from_outsiders_and_shown_to_its_members(app, people):
    team = _team(people, listed=False)

    assert "Fairing Makers" not in visible_text(client_as(app, None).get("/teams"))
    assert redirect_path(client_as(app, None).get(f"/teams/{team.id}")).startswith("/login")
    assert client_as(app, people.outsider).get(f"/teams/{team.id}").status_code == 403
    assert "Wen Artist" in visible_text(client_as(app, people.artist).get(f"/teams/{team.id}"))
    assert client_as(app, AdminFactory()).get(f"/teams/{team.id}").status_code == 200


def test_unknown_team_is_not_found(client):
    assert client.get("/teams/999999").status_code == 404


def test_form_a_team_button_shows_only_to_those_who_may(app, people):
    assert 'href="/teams/new"' in client_as(app, people.engineer).get("/teams").get_data(
        as_text=True)
    assert 'href="/teams/new"' not in client_as(app, None).get("/teams").get_data(as_text=True)


def test_directory_search_links_to_the_teams(client):
    page = client.get("/directory")

    assert "Artists + engineers teams" in visible_text(page)
    assert 'href="/teams"' in page.get_data(as_text=True)


# Filters -------------------------------------------------------------------------------------


def test_balanced_filter_keeps_teams_with_both_artists_and_engineers(app, people):
    _team(people)
    engineers_only = TeamFactory(name="Only Engineers")
    TeamMemberFactory(team=engineers_only, discipline=Discipline.ENGINEERING)

    everyone = visible_text(client_as(app, None).get("/teams"))
    balanced = visible_text(client_as(app, None).get("/teams?balanced=1"))

    assert "Only Engineers" in everyone and "Engineers only" in everyone
    assert "Fairing Makers" in balanced and "Only Engineers" not in balanced


# People --------------------------------------------------------------------------------------


def test_firm_member_finds_listed_institute_people_with_their_skills(app, people):
    AcademicProfileFactory(user=people.artist, organisation=people.institute,
                           skills="clay modelling, CMF", discipline=Discipline.ART_DESIGN)
    AcademicProfileFactory(user=people.other_artist, organisation=people.institute,
                           listed=False)
    engineer = member_of(people.institute, name="Hu Mechanic")
    AcademicProfileFactory(user=engineer, organisation=people.institute,
                           discipline=Discipline.ENGINEERING, skills="FEA")
    browser = client_as(app, people.engineer)

    everyone = visible_text(browser.get("/people"))
    artists = visible_text(browser.get("/people?discipline=art_design"))

    assert "Wen Artist" in everyone and "clay modelling" in everyone and "CMF" in everyone
    assert "Student at Sichuan Fine Arts Institute" in everyone
    assert "Hu Mechanic" in everyone
    assert "Li Sculptor" not in everyone  # not listed
    assert "Wen Artist" in artists and "Hu Mechanic" not in artists
    assert 'href="/teams/new"' in browser.get("/people").get_data(as_text=True)


def test_available_only_leaves_out_people_not_available(app, people):
    AcademicProfileFactory(user=people.artist, organisation=people.institute)
    AcademicProfileFactory(user=people.other_artist, organisation=people.institute,
                           availability=Availability.UNAVAILABLE)

    text = visible_text(client_as(app, people.engineer).get("/people?available=1"))

    assert "Wen Artist" in text and "Li Sculptor" not in text


def test_people_list_is_for_park_members_only(app):
    lone = UserFactory()

    assert client_as(app, lone).get("/people").status_code == 403
    assert redirect_path(client_as(app, None).get("/people")).startswith("/login")


# Query counts --------------------------------------------------------------------------------


def _add_teams(people: People, number: int, start: int) -> None:
    specialty = SpecialtyFactory()
    for index in range(start, start + number):
        team = TeamFactory(name=f"Team {index:03d}", organisation=people.firm,
                           specialties=[specialty])
        TeamMemberFactory(team=team, user=UserFactory(), organisation=people.institute,
                          discipline=Discipline.ART_DESIGN)
        TeamMemberFactory(team=team, user=UserFactory(), organisation=people.firm,
                          discipline=Discipline.ENGINEERING)


@pytest.mark.parametrize("viewer", ["anonymous", "engineer"])
def test_teams_list_asks_the_same_number_of_queries_for_3_or_30_teams(
        app, people, count_queries, max_queries, viewer):
    browser = client_as(app, None if viewer == "anonymous" else people.engineer)
    _add_teams(people, 3, 0)
    few = queries_for_page(browser, count_queries, "/teams")
    _add_teams(people, 27, 3)

    db.session.remove()
    with max_queries(few) as counter:
        response = browser.get("/teams")

    assert len(re.findall(r'class="team-name"', response.get_data(as_text=True))) == 25
    assert counter.count == few <= 12, few


def test_people_list_asks_the_same_number_of_queries_for_3_or_30_people(
        app, people, count_queries, max_queries):
    browser = client_as(app, people.engineer)

    def add(number):
        for _ in range(number):
            AcademicProfileFactory(user=member_of(people.institute),
                                   organisation=people.institute)

    add(3)
    few = queries_for_page(browser, count_queries, "/people")
    add(27)

    db.session.remove()
    with max_queries(few) as counter:
        response = browser.get("/people")

    assert response.get_data(as_text=True).count('class="card h-100 shadow-sm person-card"') == 25
    assert counter.count == few <= 10


def test_team_page_asks_a_bounded_number_of_queries_however_many_members(
        app, people, count_queries, max_queries):
    team_id, institute_id = _team(people).id, people.institute.id
    path = f"/teams/{team_id}"
    browser = client_as(app, people.engineer)
    few = queries_for_page(browser, count_queries, path)
    team, institute = db.session.get(Team, team_id), db.session.get(Organisation, institute_id)
    for _ in range(20):
        user = member_of(institute)
        AcademicProfileFactory(user=user, organisation=institute)
        TeamMemberFactory(team=team, user=user, organisation=institute,
                          discipline=Discipline.ART_DESIGN)

    db.session.remove()
    with max_queries(few):
        response = browser.get(path)

    assert visible_text(response).count("Sichuan Fine Arts Institute Art and design") == 21
