"""Matching in the browser: a firm engineer forms an "artists + engineers" team with two
institute artists; a manufacturer posts a motorcycle fairing need and sees the firms that cover
its services in its field ranked first, each explained, with the team ranked too; a firm
answers, and the manufacturer converts the match into a project it is the client of."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from park.accounts.models import OrgKind, OrgRole
from park.matching.models import Discipline, Need, Team
from park.projects.models import Project, ProjectStatus
from park.tenants.models import TenancyStatus
from tests.browser.helpers import log_in
from tests.factories import (
    AcademicProfileFactory,
    OrganisationFactory,
    ProviderProfileFactory,
    ServiceTypeFactory,
    SpecialtyFactory,
    TenancyFactory,
    make_project,
    member_of,
)


def _park():
    motorcycle = SpecialtyFactory(code="motorcycle", name="Motorcycles")
    kitchen = SpecialtyFactory(code="kitchen", name="Kitchen appliances")
    cmf = ServiceTypeFactory(code="cmf", name="CMF")
    mould = ServiceTypeFactory(code="mould-design", name="Mould design")
    prototype = ServiceTypeFactory(code="prototype-production", name="Prototype production")

    def firm(name, services, specialties, settled=False):
        organisation = OrganisationFactory(name=name)
        ProviderProfileFactory(organisation=organisation, service_types=services,
                               specialties=specialties, capacity=5)
        if settled:
            TenancyFactory(organisation=organisation, status=TenancyStatus.SETTLED)
        return organisation

    xunfeng = firm("Xunfeng Moto Styling", [cmf, mould, prototype], [motorcycle], settled=True)
    for title in ("Sport scooter fairing", "Adventure tank and lamp"):
        make_project(firm=xunfeng, title=title, specialty=motorcycle,
                     status=ProjectStatus.COMPLETED)
    firm("Zhiwen Surface Design", [cmf, mould], [motorcycle], settled=True)
    firm("Hengya Die-Casting", [mould], [])
    firm("Homeware Studio", [cmf], [kitchen])
    artop = firm("Artop Yuli", [prototype], [])
    return xunfeng, artop


def test_a_team_is_formed_and_a_need_becomes_a_project_of_the_best_ranked_firm(
        page, chromium_browser, live_server, db):
    xunfeng, artop = _park()
    designer = member_of(xunfeng, OrgRole.MEMBER, name="Xu Designer")
    engineer = member_of(artop, OrgRole.MEMBER, name="Chen Jing")
    institute = OrganisationFactory(name="Fine Arts Institute", kind=OrgKind.ACADEMIC)
    artists = [member_of(institute, name=name) for name in ("Chen Yutong", "Wang Zihan")]
    for artist in artists:
        AcademicProfileFactory(user=artist, organisation=institute,
                               discipline=Discipline.ART_DESIGN)
    fengchi = OrganisationFactory(name="Fengchi Motorcycle", kind=OrgKind.MANUFACTURER)
    buyer = member_of(fengchi, OrgRole.OWNER, name="Feng Buyer")

    # The firm's engineer forms a team and brings in two institute artists.
    log_in(page, live_server, engineer.email)
    page.goto(live_server + "/teams/new")
    page.get_by_label("Team name").fill("Fairing Studio")
    page.get_by_label("What the team does").fill("Students shape fairings; we make them "
                                                 "mouldable.")
    page.get_by_label("CMF").check()
    page.get_by_label("Prototype production").check()
    page.get_by_label("Motorcycles").check()
    page.get_by_role("radio", name="Engineering").check()
    page.get_by_label("Your role on the team").fill("Structural engineer")
    page.get_by_role("button", name="Form team").click()
    expect(page.get_by_role("heading", name="Fairing Studio")).to_be_visible()
    for artist in artists:
        page.get_by_label("E-mail address").fill(artist.email)
        page.get_by_role("radio", name="Art and design").check()
        page.get_by_label("Role").fill("Industrial design student")
        page.get_by_role("button", name="Add to team").click()
        expect(page.get_by_role("rowheader", name=artist.name)).to_be_visible()

    # Listed in the directory's teams, with its balance.
    page.goto(live_server + "/teams")
    card = page.locator(".card", has_text="Fairing Studio")
    expect(card.get_by_text("2 artists · 1 engineer")).to_be_visible()
    expect(card.get_by_text("Fine Arts Institute")).to_be_visible()

    # The manufacturer posts its need.
    buyer_context = chromium_browser.new_context(locale="en-GB")
    buyer_page = buyer_context.new_page()
    log_in(buyer_page, live_server, buyer.email)
    buyer_page.goto(live_server + "/needs/new")
    buyer_page.get_by_label("Title").fill(
        "Electric motorcycle fairing: CMF + mould design + prototype")
    buyer_page.get_by_label("Description").fill("Fairing panels for our 10 kW sport model.")
    for service in ("CMF", "Mould design", "Prototype production"):
        buyer_page.get_by_label(service, exact=True).check()
    buyer_page.get_by_label("Motorcycles").check()
    buyer_page.get_by_label("Budget from (yuan)").fill("400000")
    buyer_page.get_by_label("Budget up to (yuan)").fill("300000")
    buyer_page.get_by_role("button", name="Post need").click()
    expect(buyer_page.get_by_text("The most you would spend cannot be below the least."))\
        .to_be_visible()
    buyer_page.get_by_label("Budget up to (yuan)").fill("900000")
    buyer_page.get_by_role("button", name="Post need").click()
    expect(buyer_page.get_by_role("heading", name=re.compile("Electric motorcycle fairing")))\
        .to_be_visible()

    # Its ranking: the firms covering the services in the field first, each explained.
    rows = buyer_page.locator("#ranking tbody tr")
    expect(rows.nth(0)).to_contain_text("Xunfeng Moto Styling")
    expect(rows.nth(0)).to_contain_text("covers 3 of 3 services")
    expect(rows.nth(0)).to_contain_text("2 completed Motorcycles projects")
    expect(rows.nth(0)).to_contain_text("settled in the park")
    expect(rows.nth(1)).to_contain_text("Zhiwen Surface Design")
    expect(rows.nth(1)).to_contain_text("covers 2 of 3 services (not Prototype production)")
    team_row = rows.filter(has_text="Fairing Studio")
    expect(team_row).to_contain_text("2 artists and 1 engineer")
    expect(rows.filter(has_text="Homeware Studio")).to_contain_text("covers 1 of 3 services")

    # The best-ranked firm answers.
    firm_context = chromium_browser.new_context(locale="en-GB")
    firm_page = firm_context.new_page()
    log_in(firm_page, live_server, designer.email)
    need = db.session.query(Need).one()
    firm_page.goto(f"{live_server}/needs/{need.id}")
    firm_page.get_by_label("Message to the owner").fill("We styled two scooters' fairings.")
    firm_page.get_by_role("button", name="Express interest").click()
    expect(firm_page.locator("blockquote", has_text="We styled two scooters' fairings."))\
        .to_be_visible()
    firm_context.close()

    # The manufacturer converts the match into a project, pre-filled from its need.
    buyer_page.goto(f"{live_server}/needs/{need.id}")
    buyer_page.get_by_role("link", name="Xunfeng Moto Styling").first.click()
    buyer_page.get_by_role("link", name="Convert to a project").click()
    expect(buyer_page.get_by_label("Title")).to_have_value(
        "Electric motorcycle fairing: CMF + mould design + prototype")
    buyer_page.get_by_role("button", name="Create the project").click()
    expect(buyer_page.get_by_role(
        "heading", name="Electric motorcycle fairing: CMF + mould design + prototype"))\
        .to_be_visible()
    expect(buyer_page.get_by_text("Fengchi Motorcycle").first).to_be_visible()
    buyer_context.close()

    db.session.expire_all()
    project = db.session.query(Project).filter_by(firm_id=xunfeng.id,
                                                  client_id=fengchi.id).one()
    assert db.session.get(Need, need.id).project_id == project.id
    assert project.member(designer) is not None
    assert db.session.query(Team).filter_by(name="Fairing Studio").one().artists == 2
