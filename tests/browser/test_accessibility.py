"""WCAG 2.1 AA checks (axe-core, shipped inside axe-playwright-python) on every page this far,
in English and Chinese, for anonymous visitors, members and the park administrator."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from park.accounts.models import Membership, OrgKind, OrgRole, OrgStatus
from park.events import registration as registrations
from park.matching import services as matching_services
from park.matching.models import Discipline
from park.projects import workflow
from park.projects.models import IpStatus, Visibility
from park.tenants.models import UnitStatus
from tests.browser.helpers import log_in
from tests.factories import (
    AcademicProfileFactory,
    AdminFactory,
    AuditEntryFactory,
    BuildingFactory,
    ContactRequestFactory,
    EventFactory,
    InvitationFactory,
    IpRecordFactory,
    LeaseFactory,
    MilestoneFactory,
    NeedFactory,
    OrganisationFactory,
    ProviderProfileFactory,
    ServiceTypeFactory,
    SpecialtyFactory,
    TeamFactory,
    TeamMemberFactory,
    TenancyFactory,
    UnitFactory,
    make_project,
    member_of,
)

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

ANONYMOUS_PAGES = ["/", "/login", "/signup", "/password/forgot", "/no-such-page", "/directory",
                   "/events", "/events?view=list", "/api/docs"]
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




@dataclass
class ParkWithData:
    admin: object  # the park administrator, also owner of the firm
    project_pages: list[str]
    public_project_pages: list[str]


@pytest.fixture
def park_with_data(db):
    firm = OrganisationFactory(slug="yubei-design", name="Yubei Design",
                               description="Motorcycle styling.", website="https://yubei.example")
    member_of(firm, OrgRole.OWNER)
    member_of(firm, OrgRole.MEMBER)
    InvitationFactory(organisation=firm)
    OrganisationFactory(status=OrgStatus.PENDING)
    admin = AdminFactory()
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
    # A public project with a client, a file, a milestone and an IP record.
    project = make_project(firm, admin, title="Scrambler fuel tank", specialty=motorcycle,
                           client=OrganisationFactory(kind=OrgKind.MANUFACTURER),
                           visibility=Visibility.PUBLIC, start_on=date(2026, 9, 1),
                           target_end_on=date(2027, 6, 30))
    brief = project.stages[0]
    workflow.upload_version(admin, brief.deliverables[0], io.BytesIO(b"%PDF-1.4\n%%EOF"),
                            filename="brief.pdf")
    milestone = MilestoneFactory(project=project, due_on=date(2026, 10, 1))
    record = IpRecordFactory(project=project, status=IpStatus.GRANTED,
                             granted_on=date(2026, 9, 20))
    project_pages = [
        "/projects", "/orgs/yubei-design/projects", "/orgs/yubei-design/projects/board",
        "/orgs/yubei-design/projects/new", "/admin/projects", "/orgs/yubei-design/ip",
        f"/projects/{project.id}", f"/projects/{project.id}/edit",
        f"/projects/{project.id}/history", f"/projects/{project.id}/stages/{brief.id}",
        f"/projects/{project.id}/milestones/{milestone.id}/edit",
        f"/projects/{project.id}/ip", f"/projects/{project.id}/ip/new",
        f"/projects/{project.id}/ip/{record.id}/edit",
    ]
    # A fair with one-to-one meetings that the administrator is registered for.
    fair = EventFactory(meetings_enabled=True)
    fair.meetings_start_at = fair.starts_at + timedelta(hours=1)
    fair.meetings_end_at = fair.starts_at + timedelta(hours=3)
    db.session.commit()
    ticket = registrations.register(admin, fair, firm)
    project_pages += [
        "/events", "/events?view=list", f"/events/{fair.id}", "/admin/events",
        "/admin/events/new", f"/events/{fair.id}/edit", "/admin/venues",
        f"/admin/venues/{fair.venue_id}/edit", "/my/events", f"/tickets/{ticket.id}",
        f"/events/{fair.id}/registrations", f"/events/{fair.id}/check-in",
        f"/events/{fair.id}/meetings", f"/events/{fair.id}/agenda", "/profile/calendar",
        "/notifications",
    ]
    # A need of a manufacturer the administrator also belongs to, answered by the firm; a
    # team and an academic profile at the institute.
    maker = OrganisationFactory(kind=OrgKind.MANUFACTURER, name="Fengchi Motorcycle")
    institute = OrganisationFactory(kind=OrgKind.ACADEMIC, name="Fine Arts Institute")
    for organisation in (maker, institute):
        db.session.add(Membership(user=admin, organisation=organisation, role=OrgRole.OWNER))
    db.session.commit()
    need = NeedFactory(owner=maker, specialties=[motorcycle],
                       service_types=list(firm.profile.service_types))
    match = matching_services.express_interest(admin, need, organisation=firm,
                                               message="We styled two fairings.")
    team = TeamFactory(organisation=firm, specialties=[motorcycle])
    TeamMemberFactory(team=team, user=admin)
    TeamMemberFactory(team=team, organisation=institute, discipline=Discipline.ART_DESIGN)
    AcademicProfileFactory(organisation=institute)
    project_pages += [
        "/needs", "/needs/new", f"/needs/{need.id}", f"/needs/{need.id}/edit",
        f"/matches/{match.id}", f"/matches/{match.id}/meeting",
        f"/matches/{match.id}/convert", "/inbox", "/admin/matching", "/teams",
        f"/teams/{team.id}", f"/teams/{team.id}/edit", "/teams/new", "/people",
        "/profile/academic",
        "/admin/dashboard", "/orgs/yubei-design/dashboard", f"/orgs/{maker.slug}/dashboard",
        "/admin/reports", "/admin/ip",
    ]
    return ParkWithData(admin, project_pages,
                        public_project_pages=[f"/projects/{project.id}",
                                              f"/projects/{project.id}/ip"])


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_public_pages_meet_wcag_aa(page, live_server, path):
    page.goto(live_server + path)
    assert _violations(page) == []


def test_public_project_pages_meet_wcag_aa(page, live_server, park_with_data):
    problems = {}
    for path in park_with_data.public_project_pages:
        page.goto(live_server + path)
        found = _violations(page)
        if found:
            problems[path] = found
    assert problems == {}


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_signed_in_pages_meet_wcag_aa(page, live_server, park_with_data, db, locale):
    park_with_data.admin.locale = locale
    db.session.commit()
    log_in(page, live_server, park_with_data.admin.email)
    problems = {}
    for path in ADMIN_PAGES + park_with_data.project_pages:
        page.goto(live_server + path)
        found = _violations(page)
        if found:
            problems[path] = found
    assert problems == {}
