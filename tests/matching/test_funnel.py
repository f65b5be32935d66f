"""The park office's matching funnel: how far the needs posted in a period got, with the
conversion rates, drawn and tabled; the queue of introductions asked for, answered from the
page; the recent conversions; and who may see it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from html import unescape

import pytest

from park.accounts.models import OrgKind
from park.core.time import now_utc, park_today, park_zone
from park.extensions import db
from park.matching import services
from park.matching.lifecycle import MatchAction
from park.matching.models import MatchStatus, NeedStatus
from tests.conftest import post_form
from tests.factories import (
    AdminFactory,
    MatchFactory,
    NeedFactory,
    OrganisationFactory,
    ProjectFactory,
    TeamFactory,
    TeamMemberFactory,
    member_of,
)
from tests.helpers import flash_texts, redirect_path, visible_text
from tests.matching.match_setup import (
    browser,
    design_firm,
    fresh,
    interest,
    kinds_for,
    manufacturer,
    posted_need,
)

FUNNEL = "/admin/matching"


@pytest.fixture
def admin():
    return AdminFactory(name="Park Office Zhang")


@pytest.fixture
def office(app, admin):
    return browser(app, admin)


def funnel_rows(response) -> dict[str, list[str]]:
    """The funnel's table: step key → [needs, from the step before, from needs posted]."""
    html = response.get_data(as_text=True)
    rows = {}
    for key, body in re.findall(r'<tr class="funnel-table-(\w+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
        rows[key] = [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]
    return rows


def _funnel_data(posted_at=None) -> None:
    """Five needs: four got interest (one of them twice), two had a provider introduced, one
    had a meeting and became a project; the fifth got nothing."""
    owner = OrganisationFactory(name="Fengchi Motors", kind=OrgKind.MANUFACTURER)
    firms = [OrganisationFactory(name=f"Firm {n}") for n in range(3)]
    at = posted_at or now_utc()
    needs = [NeedFactory(owner=owner, title=f"Need {n}", created_at=at) for n in range(5)]
    project = ProjectFactory(firm=firms[0], client=owner, title="Fairing project")
    needs[0].status, needs[0].project = NeedStatus.CONVERTED, project
    db.session.commit()
    MatchFactory(need=needs[0], provider=firms[0], status=MatchStatus.CONVERTED, project=project,
                 introduced_at=at, meeting_at=at, converted_at=at)
    MatchFactory(need=needs[1], provider=firms[0], status=MatchStatus.INTRODUCED,
                 introduced_at=at)
    MatchFactory(need=needs[2], provider=firms[0])
    MatchFactory(need=needs[2], provider=firms[1], status=MatchStatus.DECLINED, closed_at=at)
    MatchFactory(need=needs[3], provider=firms[2])


def test_the_funnel_counts_each_step_and_its_conversion_rates(office):
    _funnel_data()

    rows = funnel_rows(office.get(f"{FUNNEL}?period=all"))

    assert rows == {
        "posted": ["5", "—", "—"],
        "interested": ["4", "80%", "80%"],
        "introduced": ["2", "50%", "40%"],
        "meeting": ["1", "50%", "20%"],
        "converted": ["1", "100%", "20%"],
    }


def test_the_chart_is_an_svg_with_a_title_and_a_description_in_words(office):
    _funnel_data()

    html = office.get(f"{FUNNEL}?period=all").get_data(as_text=True)

    assert '<svg class="funnel-chart" id="matching-funnel"' in html
    assert '<title id="matching-funnel-title">The matching funnel: All time</title>' in html
    assert ("Of 5 needs posted, 4 got interest, 2 had a provider introduced, 1 had a meeting "
            "proposed and 1 became projects.") in unescape(html)
    assert len(re.findall(r'<rect class="funnel-bar funnel-bar-\d"', html)) == 5


def test_needs_posted_before_the_period_are_left_out(office):
    today = park_today()
    last_year = datetime.combine(date(today.year - 1, 6, 1), time(12), tzinfo=UTC)
    _funnel_data(posted_at=last_year)
    NeedFactory(title="Fresh need")

    this_year = funnel_rows(office.get(f"{FUNNEL}?period=year"))
    all_time = funnel_rows(office.get(f"{FUNNEL}?period=all"))

    assert this_year["posted"][0] == "1"
    assert this_year["interested"][0] == "0"
    assert all_time["posted"][0] == "6"


def test_a_custom_period_counts_whole_park_days_at_both_ends(office):
    day = date(2025, 3, 10)
    # 23:30 on the 9th in the park is still the 9th; 23:30 on the 10th is inside the period.
    before = datetime.combine(day - timedelta(days=1), time(23, 30), tzinfo=park_zone())
    inside = datetime.combine(day, time(23, 30), tzinfo=park_zone())
    NeedFactory(title="Before", created_at=before.astimezone(UTC))
    NeedFactory(title="Inside", created_at=inside.astimezone(UTC))

    response = office.get(f"{FUNNEL}?period=custom&from=2025-03-10&to=2025-03-10")

    assert funnel_rows(response)["posted"][0] == "1"
    assert "Needs posted from Mar 10, 2025 to Mar 10, 2025, park time." in visible_text(response)


def test_an_end_before_the_start_is_explained(office):
    response = office.get(f"{FUNNEL}?period=custom&from=2025-03-10&to=2025-03-01")

    assert "The end date is before the start date: showing all time." in visible_text(response)


def test_a_period_without_needs_says_so(office):
    response = office.get(f"{FUNNEL}?period=quarter")

    assert "No needs were posted in this period." in visible_text(response)


@pytest.mark.parametrize("kind", ["firm", "manufacturer"])
def test_the_funnel_is_for_the_park_office_only(app, kind):
    side = design_firm() if kind == "firm" else manufacturer()

    assert browser(app, side.user).get(FUNNEL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(app):
    response = browser(app).get(FUNNEL)

    assert response.status_code == 302
    assert "/login" in response.location


# The introductions queue ---------------------------------------------------------------------


@pytest.fixture
def intro_match(outbox):
    maker, firm = manufacturer(), design_firm()
    match = interest(posted_need(maker), firm)
    services.move_match(maker.user, match, MatchAction.REQUEST_INTRO,
                        expected_version=match.version)
    outbox.clear()
    return match


def test_introductions_asked_for_are_queued_with_both_sides(office, intro_match):
    text = visible_text(office.get(FUNNEL))

    assert "Introductions asked for 1" in text
    assert "Electric motorcycle fairing" in text
    assert "Fengchi Motors asks to meet Lotus Design" in text


def test_the_office_introduces_from_the_queue_and_comes_back_to_it(office, intro_match,
                                                                   outbox):
    owner = intro_match.need.owner.memberships[0].user
    provider = intro_match.provider.memberships[0].user

    response = post_form(office, f"/matches/{intro_match.id}/move/introduce",
                         {"version": intro_match.version, "note": "Meet on Friday.",
                          "next": FUNNEL}, page=FUNNEL)

    assert redirect_path(response) == FUNNEL
    page = office.get(FUNNEL)
    assert "You introduced them: both sides have been told." in flash_texts(page)
    assert "No introduction is waiting." in visible_text(page)
    assert fresh(intro_match).status is MatchStatus.INTRODUCED
    assert kinds_for(provider)[-1] == "match.introduced"
    assert kinds_for(owner)[-1] == "match.introduced"
    assert sorted(m.to[0] for m in outbox) == sorted([owner.email, provider.email])


def test_an_introduction_cannot_send_the_browser_elsewhere(office, intro_match):
    response = post_form(office, f"/matches/{intro_match.id}/move/introduce",
                         {"version": intro_match.version, "next": "https://evil.example/"},
                         page=FUNNEL)

    assert redirect_path(response) == f"/matches/{intro_match.id}"


def test_recent_conversions_show_the_project_its_client_and_its_firm(office):
    _funnel_data()

    text = visible_text(office.get(FUNNEL))

    assert "Recent conversions" in text
    assert "Fairing project Need 0 Fengchi Motors Firm 0" in text


# Query counts --------------------------------------------------------------------------------


def _many(count: int) -> None:
    maker, firm = manufacturer(f"Maker {count}"), design_firm(f"Firm {count}")
    for number in range(count):
        match = interest(posted_need(maker, title=f"Need {count}-{number}"), firm)
        services.move_match(maker.user, match, MatchAction.REQUEST_INTRO,
                            expected_version=match.version)
    project = ProjectFactory(firm=firm.organisation, client=maker.organisation)
    for number in range(count):
        need = NeedFactory(owner=maker.organisation, status=NeedStatus.CONVERTED,
                           project=project, title=f"Done {count}-{number}")
        MatchFactory(need=need, provider=OrganisationFactory(), status=MatchStatus.CONVERTED,
                     project=project, converted_at=now_utc(), introduced_at=now_utc())


def test_the_funnel_issues_the_same_number_of_queries_for_few_or_many_rows(
        app, admin, count_queries, max_queries):
    client = browser(app, admin)
    _many(1)
    db.session.remove()
    with count_queries() as few:
        assert client.get(f"{FUNNEL}?period=all").status_code == 200
    _many(8)
    db.session.remove()

    with max_queries(few.count):
        response = client.get(f"{FUNNEL}?period=all")
    assert "Need 8-7" in visible_text(response)
    assert few.count <= 15


def test_a_team_in_the_queue_costs_no_query_per_member(app, admin, max_queries):
    maker = manufacturer()
    studio = design_firm("Toway Studio", "Engineer Chen")
    team = TeamFactory(name="Clay and Steel", organisation=studio.organisation)
    TeamMemberFactory(team=team, user=studio.user)
    for _ in range(5):
        TeamMemberFactory(team=team, user=member_of(studio.organisation))
    match = services.express_interest(studio.user, posted_need(maker), team=team)
    services.move_match(maker.user, match, MatchAction.REQUEST_INTRO,
                        expected_version=match.version)
    client = browser(app, admin)
    db.session.remove()

    with max_queries(15):
        response = client.get(FUNNEL)
    assert "Clay and Steel" in visible_text(response)
