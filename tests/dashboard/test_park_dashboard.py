"""The park office's dashboard: every figure equals the count of the list it links to, the page
asks a bounded number of queries whatever the data, only administrators see it, and it speaks
Chinese."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest

from park.core.time import now_utc, park_today
from park.dashboard.figures import TARGET_SETTLED, month_ends, quarters_between
from park.extensions import db
from park.projects.lifecycle import StageKind
from park.projects.models import IpStatus, ProjectStatus, Visibility
from park.tenants.models import LeaseStatus, TenancyStatus
from tests.factories import (
    AdminFactory,
    EventFactory,
    IpRecordFactory,
    LeaseFactory,
    MatchFactory,
    MilestoneFactory,
    NeedFactory,
    OrganisationFactory,
    RegistrationFactory,
    TenancyFactory,
    UnitFactory,
    UserFactory,
    advance_to,
    make_project,
    member_of,
)


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _link(html: str, element_id: str, label: str) -> str:
    """The href of the link in chart `element_id` whose accessible name starts with `label`."""
    start = html.index(f'id="{element_id}"')
    chart = html[start:html.index("</svg>", start)]
    match = re.search(r'<a href="([^"]+)" class="dash-link" aria-label="' + re.escape(label),
                      chart)
    assert match, f"no link {label!r} in {element_id}"
    return unescape(match.group(1))


def _table_rows(html: str) -> int:
    """Rows in the list page's table bodies (one page; the data sets here fit on one)."""
    return sum(body.count("<tr") for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S))


def _big_number(html: str, url_fragment: str) -> tuple[str, str]:
    """The number shown in large type and the URL of its link, found by part of the URL."""
    match = re.search(r'<p class="dash-big mb-1"><a href="([^"]*' + re.escape(url_fragment)
                      + r'[^"]*)">([^<]+)</a>', html)
    assert match, f"no big number linking to {url_fragment}"
    return unescape(match.group(1)), match.group(2).strip()


@pytest.fixture
def admin(login):
    return login(AdminFactory())


@pytest.fixture
def park_data():
    """A small park: tenants in each status, leased units, projects in stages, milestones, IP,
    events with registrations, needs with matches."""
    for status, n in ((TenancyStatus.PROSPECT, 2), (TenancyStatus.SIGNED, 1),
                      (TenancyStatus.SETTLED, 3), (TenancyStatus.EXITED, 1)):
        for _ in range(n):
            TenancyFactory(status=status, signed_on=date(2026, 1, 5), settled_on=date(2026, 3, 1),
                           exited_on=date(2026, 6, 1))
    units = [UnitFactory(area_m2=100.0 + 50 * i) for i in range(4)]
    LeaseFactory(unit=units[0], start_on=date(2026, 1, 1), end_on=date(2027, 12, 31))
    LeaseFactory(unit=units[1], start_on=date(2026, 7, 1), end_on=date(2027, 6, 30))
    LeaseFactory(unit=units[2], start_on=date(2025, 1, 1), end_on=date(2026, 8, 31),
                 status=LeaseStatus.ENDED)
    LeaseFactory(unit=units[3], start_on=date(2026, 2, 1), end_on=date(2026, 12, 31),
                 status=LeaseStatus.CANCELLED)

    firm = OrganisationFactory()
    lead = member_of(firm)
    shown = dict(lead=lead, visibility=Visibility.PARK)
    concept = [advance_to(make_project(firm, **shown), StageKind.CONCEPT) for _ in range(2)]
    make_project(firm, **shown)  # in its first stage
    make_project(firm, lead=lead)  # private: the office does not count it
    done = make_project(firm, status=ProjectStatus.COMPLETED, **shown)
    done.completed_on = park_today() - timedelta(days=3)
    old = make_project(firm, status=ProjectStatus.COMPLETED, **shown)
    old.completed_on = date(2025, 2, 10)
    db.session.commit()

    MilestoneFactory(project=concept[0], due_on=park_today() - timedelta(days=5))  # overdue
    MilestoneFactory(project=concept[0], due_on=park_today() - timedelta(days=9))  # overdue
    MilestoneFactory(project=concept[1], due_on=park_today() - timedelta(days=30),
                     achieved_on=park_today() - timedelta(days=20))
    MilestoneFactory(project=done, due_on=date(2025, 1, 1), achieved_on=date(2025, 1, 2))

    this_quarter = quarters_between(None, park_today())[-1].first_day
    IpRecordFactory(project=concept[0], filed_on=this_quarter)
    IpRecordFactory(project=concept[1], filed_on=this_quarter, status=IpStatus.GRANTED,
                    granted_on=this_quarter + timedelta(days=10))
    IpRecordFactory(project=done, filed_on=date(2025, 1, 20))

    week_ago = now_utc() - timedelta(days=7)
    held = EventFactory(starts_at=week_ago, ends_at=week_ago + timedelta(hours=6))
    RegistrationFactory(event=held, checked_in_at=week_ago + timedelta(hours=1))
    RegistrationFactory(event=held)
    RegistrationFactory(event=held)
    RegistrationFactory(event=EventFactory())  # still to come

    need = NeedFactory()
    MatchFactory(need=need)
    NeedFactory()
    return {"concept": concept}


# Figures equal their lists --------------------------------------------------------------------


def test_each_tenancy_status_bar_counts_the_tenant_list_it_links_to(client, admin, park_data):
    html = _html(client.get("/admin/dashboard?period=all"))
    for label, expected in (("Prospect", 2), ("Signed", 1), ("Settled", 3), ("Exited", 1)):
        url = _link(html, "dash-tenants", label)
        assert f"{label}: {expected}" in html
        assert _table_rows(_html(client.get(url))) == expected


def test_settled_firms_are_shown_against_the_target_of_forty(client, admin, park_data):
    html = _html(client.get("/admin/dashboard"))
    url, text = _big_number(html, "status=settled")
    assert text == f"3 of {TARGET_SETTLED}"
    assert _table_rows(_html(client.get(url))) == 3


def test_occupancy_now_matches_the_buildings_page(client, admin, park_data):
    html = _html(client.get("/admin/dashboard"))
    url, text = _big_number(html, "/admin/buildings")
    assert text == "2 of 4"  # the two active leases; the ended and cancelled ones hold nothing
    assert "2 / 4" in _html(client.get(url))


def test_each_month_end_column_opens_the_buildings_on_that_day(client, admin, park_data):
    html = _html(client.get("/admin/dashboard"))
    for day, units_let in ((date(2026, 5, 31), 2), (date(2026, 9, 30), 2),
                           (date(2026, 8, 31), 3)):
        assert day in month_ends(park_today())
        url = [u for u in re.findall(r'href="([^"]+)"', html)
               if f"on={day.isoformat()}" in u][0]
        assert f"{units_let} / 4" in _html(client.get(unescape(url)))
        share = f"{units_let * 100 // 4}%"
        assert re.search(rf'on={day.isoformat()}" class="dash-link" aria-label="[^"]*Units let: '
                         rf'{share}', html)


def test_each_stage_bar_counts_the_active_projects_listed_in_that_stage(client, admin,
                                                                        park_data):
    html = _html(client.get("/admin/dashboard"))
    for stage, expected in ((StageKind.CONCEPT, 2), (StageKind.BRIEF, 1)):
        url = _link(html, "dash-stages", str(stage.label))
        assert f"{stage.label}: {expected}" in html
        assert f"{expected} project" in _html(client.get(url))


def test_completed_this_quarter_counts_the_projects_listed_as_completed_then(client, admin,
                                                                             park_data):
    html = _html(client.get("/admin/dashboard"))
    quarter = quarters_between(None, park_today())[-1]
    label = f"Q{quarter.number} {quarter.year}: 1"
    url = _link(html, "dash-completed", label)
    assert "1 project" in _html(client.get(url))
    assert "Completed from" in _html(client.get(url))


def test_milestones_achieved_and_overdue_count_the_projects_listed(client, admin, park_data):
    html = _html(client.get("/admin/dashboard?period=quarter"))
    url, achieved = _big_number(html, "achieved_from")
    assert achieved == "1"  # the one achieved last year is outside the quarter
    assert "1 project" in _html(client.get(url))
    url, overdue = _big_number(html, "overdue=1")
    assert overdue == "2"
    assert "in 1 project" in html
    assert "1 project" in _html(client.get(url))


def test_ip_filed_and_granted_columns_count_the_ip_records_listed(client, admin, park_data):
    html = _html(client.get("/admin/dashboard"))
    quarter = quarters_between(None, park_today())[-1]
    filed = _link(html, "dash-ip", f"Q{quarter.number} {quarter.year}, Filings: 2")
    granted = _link(html, "dash-ip", f"Q{quarter.number} {quarter.year}, Grants: 1")
    assert "2 IP records" in _html(client.get(filed))
    assert "1 IP record" in _html(client.get(granted))


def test_events_held_count_the_past_events_listed_for_the_period(client, admin, park_data):
    html = _html(client.get("/admin/dashboard?period=quarter"))
    url, held = _big_number(html, "when=past")
    assert held == "1"
    assert "1 event" in _html(client.get(url))
    assert "33%" in html  # one of three confirmed checked in


def test_funnel_on_the_dashboard_matches_the_funnel_page_for_the_period(client, admin,
                                                                        park_data):
    html = _html(client.get("/admin/dashboard?period=year"))
    assert "/admin/matching?period=year" in html
    funnel = _html(client.get("/admin/matching?period=year"))
    counts = re.findall(r'funnel-table-count">([^<]+)<', html)
    assert counts == re.findall(r'funnel-table-count">([^<]+)<', funnel) == ["2", "1", "0",
                                                                               "0", "0"]


def test_projects_the_firm_keeps_private_are_not_counted(client, admin, park_data):
    html = _html(client.get("/admin/dashboard"))
    assert f"{StageKind.BRIEF.label}: 1" in html  # the private project in its brief is left out


# Bounded queries ------------------------------------------------------------------------------


def _more_data(n: int):
    firm = OrganisationFactory()
    lead = member_of(firm)
    for i in range(n):
        TenancyFactory()
        LeaseFactory(start_on=date(2026, 1, 1) + timedelta(days=i))
        project = make_project(firm, lead=lead, visibility=Visibility.PARK)
        MilestoneFactory(project=project, due_on=park_today() - timedelta(days=1))
        IpRecordFactory(project=project)
        RegistrationFactory(event=EventFactory(starts_at=now_utc() - timedelta(days=2 + i),
                                               ends_at=now_utc() - timedelta(days=1 + i)))
        MatchFactory(need=NeedFactory())


def test_dashboard_asks_the_same_number_of_queries_for_small_and_larger_data(
        client, admin, count_queries):
    _more_data(2)
    with count_queries() as small:
        _html(client.get("/admin/dashboard"))
    _more_data(12)
    with count_queries() as larger:
        _html(client.get("/admin/dashboard?period=all"))
    assert larger.count == small.count
    assert small.count <= 16, "\n".join(small.statements)


# Who sees it ----------------------------------------------------------------------------------


def test_a_firm_member_is_refused_the_park_dashboard(client, login):
    login(member_of(OrganisationFactory()))
    assert client.get("/admin/dashboard").status_code == 403


def test_a_manufacturer_is_refused_the_park_dashboard(client, login):
    from park.accounts.models import OrgKind
    login(member_of(OrganisationFactory(kind=OrgKind.MANUFACTURER)))
    assert client.get("/admin/dashboard").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/admin/dashboard")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_dashboard_home_sends_an_administrator_to_the_park_dashboard(client, admin):
    response = client.get("/dashboard")
    assert response.headers["Location"].endswith("/admin/dashboard")


def test_dashboard_home_sends_a_member_to_their_organisation(client, login):
    organisation = OrganisationFactory()
    login(member_of(organisation))
    response = client.get("/dashboard")
    assert response.headers["Location"].endswith(f"/orgs/{organisation.slug}/dashboard")


def test_dashboard_home_asks_a_user_without_an_organisation_to_join_one(client, login):
    login(UserFactory())
    html = _html(client.get("/dashboard"))
    assert "You are not a member of an organisation yet" in html


def test_the_park_ip_list_is_for_administrators_only(client, login):
    login(member_of(OrganisationFactory()))
    assert client.get("/admin/ip").status_code == 403


# Language -------------------------------------------------------------------------------------


def test_dashboard_renders_in_chinese(client, login, park_data):
    login(AdminFactory(locale="zh_CN"))
    html = _html(client.get("/admin/dashboard"))
    assert 'lang="zh' in html
    assert "已入驻" in html  # the "Settled" tenancy status, from the catalog
