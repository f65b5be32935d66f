"""WCAG 2.1 AA checks (axe-core, shipped inside axe-playwright-python) on every page this far,
in English and Chinese, for anonymous visitors, members and the park administrator."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from park.accounts.models import OrgRole, OrgStatus
from park.tenants.models import UnitStatus
from tests.factories import (
    PASSWORD,
    AdminFactory,
    AuditEntryFactory,
    BuildingFactory,
    ContactRequestFactory,
    InvitationFactory,
    LeaseFactory,
    OrganisationFactory,
    ProviderProfileFactory,
    ServiceTypeFactory,
    SpecialtyFactory,
    TenancyFactory,
    UnitFactory,
    member_of,
)

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

ANONYMOUS_PAGES = ["/", "/login", "/signup", "/password/forgot", "/no-such-page", "/directory"]
ADMIN_PAGES = ["/", "/profile", "/orgs/yubei-design", "/orgs/yubei-design/edit",
               "/admin/organisations", "/admin/organisations?status=", "/admin/users",
               "/admin/audit",
               "/admin/tenants", "/admin/tenants/new", "/admin/tenants/yubei-design",
               "/admin/tenants/yubei-design/edit", "/admin/tenants/import", "/admin/units/import",
               "/admin/buildings", "/admin/buildings/new", "/admin/buildings/A",
               "/admin/buildings/A/edit", "/admin/buildings/A/units/new",
               "/directory", "/directory?q=motorcycle&specialty=motorcycle",
               "/directory/yubei-design", "/orgs/yubei-design/profile/edit",
               "/orgs/yubei-design/contact-requests", "/admin/taxonomies"]


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} elements, e.g. "
        f"{violation['nodes'][0]['html'][:120]})"
        for violation in results.response["violations"]
    ]


def _log_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("#submit").click()
    page.wait_for_url(live_server + "/")


@pytest.fixture
def park_with_data(db):
    firm = OrganisationFactory(slug="yubei-design", name="Yubei Design",
                               description="Motorcycle styling.", website="https://yubei.example")
    member_of(firm, OrgRole.OWNER)
    member_of(firm, OrgRole.MEMBER)
    InvitationFactory(organisation=firm)
    OrganisationFactory(status=OrgStatus.PENDING)
    admin = AdminFactory()
    from park.accounts.models import Membership

    db.session.add(Membership(user=admin, organisation=firm, role=OrgRole.OWNER))
    db.session.commit()
    AuditEntryFactory(changes={"status": ["pending", "approved"]})
    # Tenancy, space and a directory listing, so the tenant and directory pages show data.
    motorcycle = SpecialtyFactory(code="motorcycle", name="Motorcycles", name_zh="摩托车")
    ProviderProfileFactory(organisation=firm, specialties=[motorcycle],
                           service_types=[ServiceTypeFactory()])
    unit = UnitFactory(building=BuildingFactory(code="A"), code="101")
    UnitFactory(building=unit.building, code="102", status=UnitStatus.RESERVED)
    LeaseFactory(organisation=TenancyFactory(organisation=firm).organisation, unit=unit)
    ContactRequestFactory(provider=firm)
    return admin


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_public_pages_meet_wcag_aa(page, live_server, path):
    page.goto(live_server + path)
    assert _violations(page) == []


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_signed_in_pages_meet_wcag_aa(page, live_server, park_with_data, db, locale):
    park_with_data.locale = locale
    db.session.commit()
    _log_in(page, live_server, park_with_data.email)
    problems = {}
    for path in ADMIN_PAGES:
        page.goto(live_server + path)
        found = _violations(page)
        if found:
            problems[path] = found
    assert problems == {}
