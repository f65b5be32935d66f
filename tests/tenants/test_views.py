"""The park office's tenant screens as an administrator uses them, and nobody else getting in."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from park.accounts.models import Organisation, OrgKind, OrgRole
from park.core.time import park_today
from park.extensions import db
from park.tenants.models import Building, Lease, LeaseStatus, Tenancy, TenancyStatus, Unit
from tests.conftest import post_form
from tests.factories import (
    AdminFactory,
    BuildingFactory,
    LeaseFactory,
    OrganisationFactory,
    TenancyFactory,
    UnitFactory,
    member_of,
)
from tests.helpers import (
    audit_actions,
    count,
    field_errors,
    flash_texts,
    page_text,
    redirect_path,
    visible_text,
)

FORBIDDEN = "You do not have permission to do that."


def reload(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def give_unit(client, organisation, unit, start, end, rent="9000"):
    return post_form(client, f"/admin/tenants/{organisation.slug}/leases",
                     {"unit": str(unit.id), "start_on": start, "end_on": end,
                      "monthly_rent": rent},
                     page=f"/admin/tenants/{organisation.slug}")


# Tenant list ---------------------------------------------------------------------------------


def test_tenant_list_shows_names_status_and_units_held_today(client, login):
    login(AdminFactory())
    tenancy = TenancyFactory(organisation__name="Toway Design", organisation__name_zh="拓维设计")
    today = park_today()
    LeaseFactory(organisation=tenancy.organisation,
                 unit=UnitFactory(building__code="A", code="801", area_m2=560.0),
                 start_on=today - timedelta(days=30), end_on=today + timedelta(days=300))
    TenancyFactory(organisation__name="Artop Yuli", status=TenancyStatus.PROSPECT,
                   signed_on=None, settled_on=None)

    text = visible_text(client.get("/admin/tenants"))

    assert "Toway Design 拓维设计 Design firm Settled 2026-01-05 2026-03-01 A-801 1 unit, 560 m²" \
        in text
    assert "Artop Yuli" in text


def test_tenant_list_tabs_count_each_status_and_filter(client, login):
    login(AdminFactory())
    TenancyFactory(organisation__name="Settled One")
    TenancyFactory(organisation__name="Settled Two")
    TenancyFactory(organisation__name="Prospect One", status=TenancyStatus.PROSPECT,
                   signed_on=None, settled_on=None)

    response = client.get("/admin/tenants?status=prospect")

    text = visible_text(response)
    assert "All 3" in text and "Prospect 1" in text and "Settled 2" in text
    assert "Prospect One" in text
    assert "Settled One" not in text


def test_tenant_list_searches_chinese_names(client, login):
    login(AdminFactory())
    TenancyFactory(organisation__name="Toway Design", organisation__name_zh="拓维设计")
    TenancyFactory(organisation__name="Artop Yuli", organisation__name_zh="浪尖渝力")

    text = visible_text(client.get("/admin/tenants?q=拓维"))

    assert "Toway Design" in text
    assert "Artop Yuli" not in text


def test_organisations_not_followed_as_tenants_are_not_listed(client, login):
    login(AdminFactory())
    OrganisationFactory(name="Just A Manufacturer")

    text = visible_text(client.get("/admin/tenants"))

    assert "Just A Manufacturer" not in text
    assert "No tenants here" in text


# Adding and following tenants --------------------------------------------------------------


def test_admin_adds_a_new_tenant_as_a_prospect(client, login):
    login(AdminFactory())

    response = post_form(client, "/admin/tenants/new", {
        "name": "Yubei Mould Design", "name_zh": "渝北模具设计", "kind": "design_firm",
        "website": "https://yubei.example", "notes": "Met at the fair."})

    organisation = db.session.scalar(db.select(Organisation).filter_by(name="Yubei Mould Design"))
    assert redirect_path(response) == f"/admin/tenants/{organisation.slug}"
    assert organisation.tenancy.status is TenancyStatus.PROSPECT
    assert organisation.tenancy.notes == "Met at the fair."
    assert "Yubei Mould Design is now followed as a prospective tenant." in flash_texts(
        client.get(response.location))


def test_new_tenant_with_bad_input_shows_field_errors_and_adds_nothing(client, login):
    login(AdminFactory())

    response = post_form(client, "/admin/tenants/new", {
        "name": "", "kind": "design_firm", "website": "javascript:alert(1)"})

    assert response.status_code == 422
    assert field_errors(response, "name") == ["Please enter the organisation's name."]
    assert field_errors(response, "website") == [
        "Please enter a full web address, such as https://example.com."]
    assert count(Tenancy) == 0


def test_admin_follows_an_existing_organisation_from_its_page(client, login):
    login(AdminFactory())
    organisation = OrganisationFactory(name="Zongshen Motor Works", kind=OrgKind.MANUFACTURER)
    page = f"/orgs/{organisation.slug}"
    assert "Follow as prospective tenant" in visible_text(client.get(page))

    response = post_form(client, f"/admin/tenants/track/{organisation.slug}", {}, page=page)

    assert redirect_path(response) == f"/admin/tenants/{organisation.slug}"
    assert reload(organisation).tenancy.status is TenancyStatus.PROSPECT
    assert "Tenancy: Prospect · View tenancy" in visible_text(client.get(page))


def test_organisation_page_shows_no_tenancy_block_to_its_members(client, login):
    organisation = OrganisationFactory()
    TenancyFactory(organisation=organisation)
    login(member_of(organisation, OrgRole.OWNER))

    text = visible_text(client.get(f"/orgs/{organisation.slug}"))

    assert "View tenancy" not in text
    assert "Follow as prospective tenant" not in text


# The tenant's page: status, leases ------------------------------------------------------------


def test_admin_signs_a_prospect_gives_it_a_unit_and_the_plan_shows_it_let(client, login):
    login(AdminFactory())
    tenancy = TenancyFactory(organisation__name="Toway Design", status=TenancyStatus.PROSPECT,
                             signed_on=None, settled_on=None)
    organisation = tenancy.organisation
    building = BuildingFactory(code="A", name="Design Tower")
    unit = UnitFactory(building=building, code="801", floor=1, area_m2=300.0)
    UnitFactory(building=building, code="802", floor=1, area_m2=100.0)
    today = park_today()
    before = visible_text(client.get("/admin/buildings"))
    assert "Design Tower 5 2 0 0 0 2 0 m² 400 m² 0%" in before

    signed = post_form(client, f"/admin/tenants/{organisation.slug}/status",
                       {"status": "signed", "on": today.isoformat()},
                       page=f"/admin/tenants/{organisation.slug}")
    assert redirect_path(signed) == f"/admin/tenants/{organisation.slug}"
    assert reload(tenancy).status is TenancyStatus.SIGNED

    given = give_unit(client, organisation, unit, today.isoformat(),
                      (today + timedelta(days=365)).isoformat())
    assert redirect_path(given) == f"/admin/tenants/{organisation.slug}"

    detail = visible_text(client.get(f"/admin/tenants/{organisation.slug}"))
    assert "A-801" in detail and "Holds the unit today" in detail
    after = visible_text(client.get("/admin/buildings"))
    assert "Design Tower 5 2 1 0 0 1 300 m² 400 m² 75%" in after
    plan = client.get("/admin/buildings/A")
    plan_text = visible_text(plan)
    assert "Units let 1 / 2" in plan_text
    assert "A-801 Floor 1 300 m² Let Toway Design" in plan_text
    assert "A-802 Floor 1 100 m² Free" in plan_text
    # The drawing: the let unit's box carries the tenant's name and a description.
    html = page_text(plan)
    assert re.search(r'<rect class="plan-let"[^>]*width="[\d.]+"', html)
    assert "<title>A-801 · 300 m² · let to Toway Design until" in html


def test_overlapping_lease_from_the_form_shows_the_message_at_the_field(client, login):
    login(AdminFactory())
    first = TenancyFactory(organisation__name="Toway Design").organisation
    second = TenancyFactory(organisation__name="Artop Yuli").organisation
    unit = UnitFactory(building__code="B", code="204")
    LeaseFactory(organisation=first, unit=unit, start_on=date(2027, 1, 1),
                 end_on=date(2027, 1, 31))

    response = give_unit(client, second, unit, "2027-01-31", "2027-12-31")

    assert response.status_code == 422
    assert field_errors(response, "start_on") == [
        "Unit B-204 is already let to Toway Design from 2027-01-01 to 2027-01-31."]
    assert count(Lease) == 1


def test_lease_form_with_bad_input_shows_field_errors_and_creates_nothing(client, login):
    login(AdminFactory())
    organisation = TenancyFactory().organisation
    unit = UnitFactory()

    response = give_unit(client, organisation, unit, "31/01/2027", "", rent="-5")

    assert response.status_code == 422
    assert field_errors(response, "start_on") == ["Please enter a date as YYYY-MM-DD."]
    assert field_errors(response, "end_on") == ["Please enter the date."]
    assert field_errors(response, "monthly_rent") == [
        "The rent must be between 0 and 100000000 yuan."]
    assert count(Lease) == 0


def test_settling_before_signing_shows_the_message_at_that_date(client, login):
    login(AdminFactory())
    tenancy = TenancyFactory(status=TenancyStatus.SIGNED, signed_on=date(2026, 5, 1),
                             settled_on=None)
    slug = tenancy.organisation.slug

    response = post_form(client, f"/admin/tenants/{slug}/status",
                         {"status": "settled", "on": "2026-04-30"},
                         page=f"/admin/tenants/{slug}")

    assert response.status_code == 422
    assert field_errors(response, "on-settled") == [
        "A tenant cannot settle before it signed (2026-05-01)."]
    assert reload(tenancy).status is TenancyStatus.SIGNED


def test_a_move_the_table_does_not_allow_is_refused_and_changes_nothing(client, login):
    login(AdminFactory())
    tenancy = TenancyFactory(status=TenancyStatus.PROSPECT, signed_on=None, settled_on=None)
    slug = tenancy.organisation.slug

    response = post_form(client, f"/admin/tenants/{slug}/status",
                         {"status": "settled", "on": "2026-04-30"},
                         page=f"/admin/tenants/{slug}")

    assert response.status_code == 422
    assert "A tenancy cannot go from Prospect to Settled." in flash_texts(response)
    assert reload(tenancy).status is TenancyStatus.PROSPECT


def test_tenant_page_offers_only_the_allowed_next_statuses(client, login):
    login(AdminFactory())
    slug = TenancyFactory(status=TenancyStatus.SIGNED, settled_on=None).organisation.slug

    text = visible_text(client.get(f"/admin/tenants/{slug}"))

    assert "Mark as settled" in text and "Mark as exited" in text
    assert "Mark as signed" not in text


def test_tenant_page_history_shows_who_changed_what(client, login):
    admin = login(AdminFactory(name="Office Wang"))
    tenancy = TenancyFactory(status=TenancyStatus.PROSPECT, signed_on=None, settled_on=None)
    slug = tenancy.organisation.slug
    post_form(client, f"/admin/tenants/{slug}/status", {"status": "signed", "on": "2026-04-02"},
              page=f"/admin/tenants/{slug}")

    text = visible_text(client.get(f"/admin/tenants/{slug}"))

    assert f"{admin.name} Signed" in text
    assert "status : prospect → signed" in text
    assert "signed_on : — → 2026-04-02" in text


def test_ending_a_lease_early_from_the_tenant_page(client, login):
    login(AdminFactory())
    lease = LeaseFactory(organisation=TenancyFactory().organisation,
                         start_on=date(2026, 1, 1), end_on=date(2028, 12, 31))

    response = post_form(client, f"/admin/leases/{lease.id}/end", {"end_on": "2027-06-30"},
                         page=f"/admin/tenants/{lease.organisation.slug}")

    assert redirect_path(response) == f"/admin/tenants/{lease.organisation.slug}"
    lease = reload(lease)
    assert (lease.status, lease.end_on) == (LeaseStatus.ENDED, date(2027, 6, 30))


def test_ending_a_lease_after_its_end_shows_the_message_and_changes_nothing(client, login):
    login(AdminFactory())
    lease = LeaseFactory(organisation=TenancyFactory().organisation,
                         start_on=date(2026, 1, 1), end_on=date(2028, 12, 31))

    response = post_form(client, f"/admin/leases/{lease.id}/end", {"end_on": "2029-01-01"},
                         page=f"/admin/leases/{lease.id}/edit")

    assert response.status_code == 422
    assert field_errors(response, "end_on") == [
        "The end date must be between 2026-01-01 and 2028-12-31."]
    assert reload(lease).status is LeaseStatus.ACTIVE


def test_cancelling_a_lease_frees_the_unit(client, login):
    login(AdminFactory())
    lease = LeaseFactory(organisation=TenancyFactory().organisation)

    response = post_form(client, f"/admin/leases/{lease.id}/cancel", {},
                         page=f"/admin/tenants/{lease.organisation.slug}")

    assert redirect_path(response) == f"/admin/tenants/{lease.organisation.slug}"
    assert reload(lease).status is LeaseStatus.CANCELLED


def test_editing_a_lease_onto_another_shows_the_overlap_at_the_field(client, login):
    login(AdminFactory())
    unit = UnitFactory(building__code="C", code="101")
    LeaseFactory(organisation=TenancyFactory(organisation__name="First").organisation,
                 unit=unit, start_on=date(2027, 1, 1), end_on=date(2027, 1, 31))
    second = LeaseFactory(organisation=TenancyFactory().organisation, unit=unit,
                          start_on=date(2027, 2, 1), end_on=date(2027, 12, 31))

    response = post_form(client, f"/admin/leases/{second.id}/edit",
                         {"start_on": "2027-01-15", "end_on": "2027-12-31",
                          "monthly_rent": "9000"})

    assert response.status_code == 422
    assert field_errors(response, "start_on") == [
        "Unit C-101 is already let to First from 2027-01-01 to 2027-01-31."]
    assert reload(second).start_on == date(2027, 2, 1)


def test_correcting_tenancy_dates(client, login):
    login(AdminFactory())
    tenancy = TenancyFactory()
    slug = tenancy.organisation.slug

    response = post_form(client, f"/admin/tenants/{slug}/edit",
                         {"signed_on": "2026-01-04", "settled_on": "2026-02-15",
                          "exited_on": "", "notes": "Moved in early."})

    assert redirect_path(response) == f"/admin/tenants/{slug}"
    tenancy = reload(tenancy)
    assert (tenancy.signed_on, tenancy.settled_on, tenancy.notes) == (
        date(2026, 1, 4), date(2026, 2, 15), "Moved in early.")
    assert audit_actions()[-1] == "tenancy.updated"


def test_unknown_or_untracked_tenant_is_not_found(client, login):
    login(AdminFactory())
    untracked = OrganisationFactory()

    assert client.get("/admin/tenants/no-such-firm").status_code == 404
    assert client.get(f"/admin/tenants/{untracked.slug}").status_code == 404
    assert client.get("/admin/leases/999/edit").status_code == 404
    assert client.get("/admin/buildings/ZZ").status_code == 404
    assert client.get("/admin/units/999").status_code == 404


# Buildings, floor plans and units ------------------------------------------------------------


def test_admin_adds_a_building_and_a_unit(client, login):
    login(AdminFactory())

    response = post_form(client, "/admin/buildings/new",
                         {"code": "e", "name": "East Hall", "name_zh": "东厅", "floors": "3"})
    assert redirect_path(response) == "/admin/buildings/E"
    response = post_form(client, "/admin/buildings/E/units/new",
                         {"code": "201", "floor": "2", "area_m2": "85.5",
                          "status": "available"})

    assert redirect_path(response) == "/admin/buildings/E"
    text = visible_text(client.get("/admin/buildings/E"))
    assert "E-201 Floor 2 85.5 m² Free" in text


def test_unit_on_a_floor_the_building_lacks_is_refused_at_the_floor(client, login):
    login(AdminFactory())
    BuildingFactory(code="F", floors=2)

    response = post_form(client, "/admin/buildings/F/units/new",
                         {"code": "501", "floor": "5", "area_m2": "abc",
                          "status": "available"})

    assert response.status_code == 422
    assert field_errors(response, "area_m2") == ["Please enter a number, such as 120 or 85.5."]
    response = post_form(client, "/admin/buildings/F/units/new",
                         {"code": "501", "floor": "5", "area_m2": "80",
                          "status": "available"})
    assert field_errors(response, "floor") == ["Building F has floors 0 to 2."]
    assert count(Unit) == 0


def test_duplicate_building_code_is_refused_at_the_code(client, login):
    login(AdminFactory())
    BuildingFactory(code="A")

    response = post_form(client, "/admin/buildings/new",
                         {"code": "A", "name": "Another", "floors": "2"})

    assert response.status_code == 422
    assert field_errors(response, "code") == ["Another building already has the code A."]
    assert count(Building) == 1


def test_floor_plan_of_another_day_shows_a_future_lease(client, login):
    login(AdminFactory())
    unit = UnitFactory(building__code="G", code="101")
    LeaseFactory(organisation=TenancyFactory(organisation__name="Future Firm").organisation,
                 unit=unit, start_on=date(2030, 1, 1), end_on=date(2030, 12, 31))

    assert "Future Firm" not in visible_text(client.get("/admin/buildings/G"))
    text = visible_text(client.get("/admin/buildings/G?on=2030-06-01"))
    assert "Occupancy on 2030-06-01" in text
    assert "G-101 Floor 1 120 m² Let Future Firm" in text


def test_letting_a_unit_from_its_page(client, login):
    login(AdminFactory())
    organisation = TenancyFactory(organisation__name="Toway Design").organisation
    TenancyFactory(organisation__name="Prospect Firm", status=TenancyStatus.PROSPECT,
                   signed_on=None, settled_on=None)
    unit = UnitFactory(building__code="H", code="101")
    page = client.get(f"/admin/units/{unit.id}")
    assert "Prospect Firm" not in visible_text(page)

    response = post_form(client, f"/admin/units/{unit.id}",
                         {"organisation": str(organisation.id), "start_on": "2027-01-01",
                          "end_on": "2027-12-31", "monthly_rent": "9000"})

    assert redirect_path(response) == f"/admin/units/{unit.id}"
    text = visible_text(client.get(f"/admin/units/{unit.id}"))
    assert "Toway Design 2027-01-01 2027-12-31 ¥9,000 Active" in text


def test_editing_a_unit_to_out_of_service(client, login):
    login(AdminFactory())
    unit = UnitFactory(building__code="J", code="101")

    response = post_form(client, f"/admin/units/{unit.id}/edit",
                         {"code": "101", "floor": "1", "area_m2": "120",
                          "status": "out_of_service"})

    assert redirect_path(response) == f"/admin/units/{unit.id}"
    assert "J-101 Floor 1 120 m² Out of service" in visible_text(
        client.get("/admin/buildings/J"))


# Nobody else gets in ------------------------------------------------------------------------


@pytest.fixture
def firm_member_and_objects(app):
    tenancy = TenancyFactory()
    organisation = tenancy.organisation
    unit = UnitFactory(building__code="K")
    lease = LeaseFactory(organisation=organisation, unit=unit)
    return member_of(organisation, OrgRole.OWNER), organisation, unit, lease


def test_firm_member_gets_403_on_every_tenant_page(client, login, firm_member_and_objects):
    member, organisation, unit, lease = firm_member_and_objects
    login(member)
    pages = [
        "/admin/tenants", "/admin/tenants/new", f"/admin/tenants/{organisation.slug}",
        f"/admin/tenants/{organisation.slug}/edit", f"/admin/leases/{lease.id}/edit",
        "/admin/buildings", "/admin/buildings/new", "/admin/buildings/K",
        "/admin/buildings/K/edit", "/admin/buildings/K/units/new", f"/admin/units/{unit.id}",
        f"/admin/units/{unit.id}/edit",
    ]

    for path in pages:
        response = client.get(path)
        assert response.status_code == 403, path
        assert FORBIDDEN in visible_text(response)


def test_firm_member_gets_403_on_every_tenant_post_and_nothing_changes(
    client, login, firm_member_and_objects
):
    member, organisation, unit, lease = firm_member_and_objects
    login(member)
    token_page = f"/orgs/{organisation.slug}"
    posts = [
        ("/admin/tenants/new", {"name": "Sneaky", "kind": "design_firm"}),
        (f"/admin/tenants/track/{OrganisationFactory().slug}", {}),
        (f"/admin/tenants/{organisation.slug}/status", {"status": "exited", "on": "2026-06-01"}),
        (f"/admin/tenants/{organisation.slug}/edit", {"signed_on": "2026-01-01",
                                                      "settled_on": "2026-01-02"}),
        (f"/admin/tenants/{organisation.slug}/leases",
         {"unit": str(unit.id), "start_on": "2030-01-01", "end_on": "2030-12-31",
          "monthly_rent": "1"}),
        (f"/admin/leases/{lease.id}/edit", {"start_on": "2026-01-01", "end_on": "2026-01-02",
                                            "monthly_rent": "1"}),
        (f"/admin/leases/{lease.id}/end", {"end_on": "2026-01-02"}),
        (f"/admin/leases/{lease.id}/cancel", {}),
        ("/admin/buildings/new", {"code": "Z", "name": "Z", "floors": "1"}),
        ("/admin/buildings/K/edit", {"name": "Renamed", "floors": "1"}),
        ("/admin/buildings/K/units/new", {"code": "9", "floor": "1", "area_m2": "5",
                                          "status": "available"}),
        (f"/admin/units/{unit.id}", {"organisation": str(organisation.id),
                                     "start_on": "2030-01-01", "end_on": "2030-12-31",
                                     "monthly_rent": "1"}),
        (f"/admin/units/{unit.id}/edit", {"code": "X", "floor": "1", "area_m2": "5",
                                          "status": "available"}),
    ]
    entries_before = len(audit_actions())

    for path, data in posts:
        response = post_form(client, path, data, page=token_page)
        assert response.status_code == 403, path

    assert len(audit_actions()) == entries_before
    assert count(Lease) == 1 and count(Building) == 1 and count(Tenancy) == 1
    assert reload(lease).status is LeaseStatus.ACTIVE


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get("/admin/buildings")

    assert response.status_code == 302
    assert "/login" in response.location
