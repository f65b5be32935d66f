"""An academic's own profile: kept through the form, shown again pre-filled, refused to people
outside an institute, linked from the account page, and listing the teams the person is on."""

from __future__ import annotations

from park.accounts.models import OrgKind
from park.extensions import db
from park.matching.models import AcademicProfile, Availability, Discipline
from tests.factories import (
    AcademicProfileFactory,
    OrganisationFactory,
    TeamFactory,
    TeamMemberFactory,
    member_of,
)
from tests.helpers import count, field_errors, flash_texts, redirect_path, visible_text
from tests.projects.pages import client_as, token

PATH = "/profile/academic"


def _institute():
    return OrganisationFactory(name="Sichuan Fine Arts Institute", kind=OrgKind.ACADEMIC)


def _form(institute, **fields) -> dict:
    return {"organisation": str(institute.id), "position": "student",
            "discipline": "art_design", "skills": "clay modelling,  CMF , ,Alias surfacing",
            "availability": "limited", "bio": "Second-year industrial design.",
            "listed": "y", **fields}


def test_institute_student_keeps_a_profile_through_the_form(app):
    institute = _institute()
    student = member_of(institute, name="Wen Student")
    browser = client_as(app, student)

    response = browser.post(PATH, data={"csrf_token": token(browser), **_form(institute)})

    assert redirect_path(response) == PATH
    page = browser.get(PATH)
    assert "Your academic profile has been saved." in flash_texts(page)
    profile = db.session.get(AcademicProfile, student.id)
    assert profile.discipline is Discipline.ART_DESIGN
    assert profile.availability is Availability.LIMITED
    assert profile.skill_list == ["clay modelling", "CMF", "Alias surfacing"]
    # The form shows what was saved.
    assert 'value="clay modelling, CMF, Alias surfacing"' in page.get_data(as_text=True)


def test_a_saved_profile_is_updated_not_duplicated(app):
    institute = _institute()
    student = member_of(institute)
    AcademicProfileFactory(user=student, organisation=institute, skills="sketching")
    browser = client_as(app, student)

    browser.post(PATH, data={"csrf_token": token(browser),
                             **_form(institute, discipline="engineering", skills="FEA")})

    db.session.expire_all()
    assert count(AcademicProfile) == 1
    profile = db.session.get(AcademicProfile, student.id)
    assert (profile.discipline, profile.skills) == (Discipline.ENGINEERING, "FEA")


def test_profile_without_a_discipline_is_refused_at_the_field_and_nothing_saved(app):
    institute = _institute()
    browser = client_as(app, member_of(institute))

    response = browser.post(PATH, data={"csrf_token": token(browser),
                                        **_form(institute, discipline="")})

    assert response.status_code == 422
    assert field_errors(response, "discipline") == ["Please choose one."]
    assert count(AcademicProfile) == 0


def test_someone_outside_an_institute_gets_403(app):
    firm_engineer = member_of(OrganisationFactory(name="Toway Design"))
    browser = client_as(app, firm_engineer)

    assert browser.get(PATH).status_code == 403
    response = browser.post(PATH, data={"csrf_token": token(browser),
                                        **_form(_institute())})
    assert response.status_code == 403
    assert count(AcademicProfile) == 0


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(PATH)

    assert redirect_path(response).startswith("/login")


def test_account_page_links_to_the_academic_profile_for_institute_people_only(app):
    student = member_of(_institute())
    firm_member = member_of(OrganisationFactory())

    assert 'href="/profile/academic"' in client_as(app, student).get("/profile").get_data(
        as_text=True)
    assert 'href="/profile/academic"' not in client_as(app, firm_member).get(
        "/profile").get_data(as_text=True)


def test_profile_page_lists_the_teams_the_person_is_on(app):
    institute = _institute()
    student = member_of(institute)
    team = TeamFactory(name="Fairing Makers")
    TeamMemberFactory(team=team, user=student, organisation=institute,
                      discipline=Discipline.ART_DESIGN, role="CMF lead")
    TeamMemberFactory(team=team)
    TeamFactory(name="Someone Else's Team")

    text = visible_text(client_as(app, student).get(PATH))

    assert "Fairing Makers" in text
    assert "CMF lead" in text
    assert "1 artist · 1 engineer" in text
    assert "Someone Else's Team" not in text
