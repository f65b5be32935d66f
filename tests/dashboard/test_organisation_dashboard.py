"""An organisation's dashboard: a firm's projects by stage, overdue milestones, IP deadlines and
needs that fit; a manufacturer's needs with their matches and the projects it is client of;
who may see it; a bounded number of queries; Chinese."""

from __future__ import annotations

import re
from datetime import timedelta

from park.accounts.models import OrgKind
from park.core.time import park_today
from park.events.models import MeetingStatus
from park.matching.models import MatchStatus
from park.projects.lifecycle import StageKind
from park.projects.models import IpStatus, ProjectStatus
from tests.factories import (
    AdminFactory,
    EventFactory,
    IpRecordFactory,
    MatchFactory,
    MeetingFactory,
    MilestoneFactory,
    NeedFactory,
    OrganisationFactory,
    ProjectFactory,
    ProviderProfileFactory,
    RegistrationFactory,
    ServiceTypeFactory,
    member_of,
)


def _url(org) -> str:
    return f"/orgs/{org.slug}/dashboard"


def _rows_in_list(client, path: str) -> int:
    """How many projects the linked list shows (each row links to its project)."""
    html = client.get(path).get_data(as_text=True)
    return len(set(re.findall(r'href="/projects/(\d+)"', html)))


def _firm_with_work(projects: int = 3, milestones: int = 2):
    firm = OrganisationFactory(kind=OrgKind.DESIGN_FIRM)
    today = park_today()
    for index in range(projects):
        stage = (StageKind.CONCEPT, StageKind.PROTOTYPE, StageKind.CONCEPT)[index % 3]
        project = ProjectFactory(firm=firm, current_stage=stage, title=f"Fairing {index}")
        for _ in range(milestones):
            MilestoneFactory(project=project, due_on=today - timedelta(days=3))
        IpRecordFactory(project=project, status=IpStatus.GRANTED, granted_on=today,
                        renewal_due_on=today + timedelta(days=30))
    return firm


def test_firm_stage_bars_equal_the_project_lists_they_link_to(client, login):
    firm = _firm_with_work()
    ProjectFactory(firm=firm, current_stage=StageKind.CONCEPT, status=ProjectStatus.ON_HOLD)
    login(member_of(firm))

    html = client.get(_url(firm)).get_data(as_text=True)

    links = re.findall(r'href="(/orgs/[^"]+/projects\?[^"]*stage=(\w+)[^"]*)"[^>]*'
                       r'aria-label="[^"]*: (\d+)"', html.replace("&amp;", "&"))
    shown = {stage: int(count) for _url_, stage, count in links}
    assert shown["concept"] == 2 and shown["prototype"] == 1 and shown["brief"] == 0
    for path, _stage, count in links:
        assert _rows_in_list(client, path) == int(count)


def test_firm_sees_overdue_milestones_and_ip_deadlines_linking_to_their_lists(client, login):
    firm = _firm_with_work(projects=2, milestones=2)
    login(member_of(firm))

    html = client.get(_url(firm)).get_data(as_text=True).replace("&amp;", "&")

    overdue = re.search(r'<a href="(/orgs/[^"]+/projects\?overdue=1)">(\d+)</a>', html)
    assert overdue and int(overdue.group(2)) == 2 == _rows_in_list(client, overdue.group(1))
    assert "4 milestones past their date" in html
    deadlines = re.search(r'<a href="(/orgs/[^"]+/ip\?due=1)">(\d+)</a>', html)
    assert deadlines and deadlines.group(2) == "2"
    assert "Renewal due" in html


def test_firm_sees_open_needs_that_fit_it_best_first(client, login):
    firm = OrganisationFactory(kind=OrgKind.DESIGN_FIRM)
    cmf, mould = ServiceTypeFactory(), ServiceTypeFactory()
    ProviderProfileFactory(organisation=firm, service_types=[cmf, mould])
    NeedFactory(title="Half a fit", service_types=[cmf, ServiceTypeFactory()])
    NeedFactory(title="A full fit", service_types=[cmf, mould])
    NeedFactory(title="Nothing in common", service_types=[ServiceTypeFactory()])
    login(member_of(firm))

    html = client.get(_url(firm)).get_data(as_text=True)

    assert html.index("A full fit") < html.index("Half a fit")
    assert "Nothing in common" not in html


def test_manufacturer_sees_its_needs_with_match_counts_and_its_client_projects(client, login):
    maker = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    need = NeedFactory(owner=maker, title="Electric scooter fairing")
    MatchFactory(need=need)
    MatchFactory(need=need)
    MatchFactory(need=need, status=MatchStatus.DECLINED)
    firm = OrganisationFactory()
    ProjectFactory(firm=firm, client=maker, title="Scooter body",
                   current_stage=StageKind.MOULD_DESIGN)
    ProjectFactory(firm=firm, title="Someone else's project")
    login(member_of(maker))

    html = client.get(_url(maker)).get_data(as_text=True)

    row = html[html.index("Electric scooter fairing"):]
    row = row[:row.index("</tr>")]
    assert re.search(r"Interested</span> 2", row) and re.search(r"Declined</span> 1", row)
    assert "Scooter body" in html and "Mould design" in html
    assert "Someone else&#39;s project" not in html
    client_link = re.search(r'<a href="(/projects\?client=\d+)">(\d+)</a>', html)
    assert client_link.group(2) == "1" == str(_rows_in_list(client, client_link.group(1)))


def test_organisation_sees_its_upcoming_events_and_meetings(client, login):
    maker = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    user = member_of(maker)
    RegistrationFactory(event=EventFactory(title="Motorcycle fair"), user=user,
                        organisation=maker)
    MeetingFactory(requester=maker, invitee=OrganisationFactory(name="Toway Design"),
                   status=MeetingStatus.REQUESTED)
    login(user)

    html = client.get(_url(maker)).get_data(as_text=True)

    assert "Motorcycle fair" in html and "1 person confirmed" in html
    assert "With Toway Design" in html


def test_member_of_another_organisation_is_refused(client, login):
    firm = _firm_with_work(projects=1)
    login(member_of(OrganisationFactory()))

    assert client.get(_url(firm)).status_code == 403


def test_park_admin_may_see_an_organisations_dashboard(client, login):
    firm = _firm_with_work(projects=1)
    login(AdminFactory())

    response = client.get(_url(firm))

    assert response.status_code == 200
    assert "Active projects by stage" in response.get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_log_in(client):
    firm = OrganisationFactory()

    response = client.get(_url(firm))

    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_organisation_page_links_to_the_dashboard_for_members(client, login):
    firm = OrganisationFactory()
    login(member_of(firm))

    html = client.get(f"/orgs/{firm.slug}").get_data(as_text=True)

    assert f'href="/orgs/{firm.slug}/dashboard"' in html


def test_dashboard_renders_in_chinese(client, login):
    firm = _firm_with_work(projects=1)
    login(member_of(firm, locale="zh_CN"))

    html = client.get(_url(firm)).get_data(as_text=True)

    assert 'lang="zh-CN"' in html and "概念设计" in html


def _page_queries(client, count_queries, org) -> int:
    with count_queries() as counter:
        assert client.get(_url(org)).status_code == 200
    return counter.count


def test_firm_dashboard_queries_do_not_grow_with_its_data(client, login, count_queries):
    firm = _firm_with_work(projects=1, milestones=1)
    service = ServiceTypeFactory()
    ProviderProfileFactory(organisation=firm, service_types=[service])
    NeedFactory(service_types=[service])
    user = login(member_of(firm))
    MeetingFactory(requester=firm)
    RegistrationFactory(user=user, organisation=firm)
    small = _page_queries(client, count_queries, firm)

    for index in range(8):
        project = ProjectFactory(firm=firm, current_stage=StageKind.TESTING)
        for _ in range(3):
            MilestoneFactory(project=project, due_on=park_today() - timedelta(days=index + 1))
        IpRecordFactory(project=project, renewal_due_on=park_today() + timedelta(days=index))
    for _ in range(6):
        need = NeedFactory(service_types=[service])
        MatchFactory(need=need)
        MeetingFactory(invitee=firm)
        RegistrationFactory(user=member_of(firm), organisation=firm)
    large = _page_queries(client, count_queries, firm)

    assert large == small


def test_manufacturer_dashboard_queries_do_not_grow_with_its_data(client, login, count_queries):
    maker = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    MatchFactory(need=NeedFactory(owner=maker))
    ProjectFactory(client=maker)
    MeetingFactory(requester=maker)
    login(member_of(maker))
    small = _page_queries(client, count_queries, maker)

    for _ in range(8):
        need = NeedFactory(owner=maker)
        MatchFactory(need=need)
        MatchFactory(need=need, status=MatchStatus.SHORTLISTED)
        ProjectFactory(client=maker)
        MeetingFactory(requester=maker)
    large = _page_queries(client, count_queries, maker)

    assert large == small
