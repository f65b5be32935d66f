"""The park office lets a unit to a newly signed tenant; a manufacturer finds a mould designer
for motorcycles in the directory and asks for contact, in English and in Chinese."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from park.accounts.models import OrgKind, OrgRole
from park.directory.models import ContactRequest
from park.tenants.models import Lease, TenancyStatus
from tests.browser.helpers import log_in
from tests.factories import (
    AdminFactory,
    BuildingFactory,
    LeaseFactory,
    OrganisationFactory,
    ProviderProfileFactory,
    ServiceTypeFactory,
    SpecialtyFactory,
    TenancyFactory,
    UnitFactory,
    member_of,
)


def test_admin_signs_a_prospect_lets_it_a_unit_and_sees_occupancy_change(page, live_server, db):
    admin = AdminFactory()
    building = BuildingFactory(code="A", name="Design Tower", floors=3)
    free_unit = UnitFactory(building=building, code="101", floor=1, area_m2=100.0)
    taken_unit = UnitFactory(building=building, code="102", floor=1, area_m2=100.0)
    LeaseFactory(unit=taken_unit, organisation=TenancyFactory().organisation)
    TenancyFactory(status=TenancyStatus.PROSPECT, signed_on=None, settled_on=None,
                   organisation__name="Yubei Mobility Design", organisation__slug="yubei")

    log_in(page, live_server, admin.email)
    page.goto(live_server + "/admin/buildings/A")
    expect(page.get_by_text("1 / 2")).to_be_visible()

    page.goto(live_server + "/admin/tenants")
    page.get_by_role("link", name="Yubei Mobility Design", exact=True).click()
    page.locator("#on-signed").fill("2026-11-20")
    page.get_by_role("button", name="Mark as signed").click()
    expect(page.get_by_text("Yubei Mobility Design is now Signed.")).to_be_visible()

    # The unit already let is refused, with the reason at the field, and nothing changes.
    page.get_by_label("Unit", exact=True).select_option(str(taken_unit.id))
    page.get_by_label("From").fill("2026-12-01")
    page.get_by_label("Until (included)").fill("2029-11-30")
    page.get_by_label("Monthly rent (yuan)").fill("9000")
    page.get_by_role("button", name="Give this unit").click()
    expect(page.get_by_text(re.compile(r"Unit A-102 is already let to"))).to_be_visible()

    page.get_by_label("Unit", exact=True).select_option(str(free_unit.id))
    page.get_by_label("From").fill("2026-11-25")
    page.get_by_role("button", name="Give this unit").click()
    expect(page.get_by_text(re.compile(r"Unit A-101 is let to Yubei Mobility"))).to_be_visible()

    page.goto(live_server + "/admin/buildings/A")
    expect(page.get_by_text("2 / 2")).to_be_visible()
    db.session.expire_all()
    assert db.session.query(Lease).filter_by(unit_id=free_unit.id).count() == 1


@pytest.fixture
def directory_park(db):
    motorcycle = SpecialtyFactory(code="motorcycle", name="Motorcycles", name_zh="摩托车")
    automotive = SpecialtyFactory(code="automotive", name="Automotive", name_zh="汽车")
    mould = ServiceTypeFactory(code="mould-design", name="Mould design", name_zh="模具设计")
    styling = ServiceTypeFactory(code="industrial-design", name="Industrial design",
                                 name_zh="工业设计")
    ProviderProfileFactory(organisation__name="Hengya Die-Casting Mould Design",
                           organisation__name_zh="恒亚压铸模具设计", organisation__slug="hengya",
                           contact_email="info@hengya.example",
                           specialties=[motorcycle], service_types=[mould])
    ProviderProfileFactory(organisation__name="Jingmo Mould Design",
                           organisation__name_zh="精模模具设计",
                           specialties=[automotive], service_types=[mould])
    ProviderProfileFactory(organisation__name="Mocheng Motorcycle Styling",
                           organisation__name_zh="摩程摩托车造型",
                           specialties=[motorcycle], service_types=[styling])
    manufacturer = OrganisationFactory(kind=OrgKind.MANUFACTURER, name="Fengchi Motorcycles")
    return member_of(manufacturer, OrgRole.OWNER)


@pytest.mark.parametrize(("locale", "words", "facet"), [
    ("en", "mould design", "Motorcycles"),
    ("zh_CN", "模具设计", "摩托车"),
])
def test_manufacturer_finds_mould_design_for_motorcycles_and_asks_for_contact(
    page, live_server, directory_park, db, locale, words, facet
):
    buyer = directory_park
    buyer.locale = locale
    db.session.commit()
    log_in(page, live_server, buyer.email)

    page.goto(live_server + "/directory")
    page.locator("#q").fill(words)
    # Until the results page has loaded, its script that applies a ticked facet may not run.
    with page.expect_navigation():
        page.locator("#q").press("Enter")
    results = page.locator(".provider-name")
    expect(results).to_have_count(2)

    page.get_by_label(re.compile(facet)).check()  # ticking a facet applies it at once
    expect(results).to_have_count(1)
    expect(results.first).to_have_text(
        "Hengya Die-Casting Mould Design" if locale == "en" else "恒亚压铸模具设计")

    results.first.click()
    expect(page.get_by_text("info@hengya.example")).to_be_visible()
    page.locator("#message").fill("We need moulds for a new 250 cc frame.")
    page.locator("form[action$='/contact'] [type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    db.session.expire_all()
    assert db.session.query(ContactRequest).filter_by(requester_id=buyer.memberships[0]
                                                      .organisation_id).count() == 1
