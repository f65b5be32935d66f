"""The public calendar (month grid and list) and an event's page, as visitors and members see
them: published and cancelled events only, in the park's local days and the reader's language."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

from park.core.time import park_today
from park.events.models import EventKind, EventStatus
from tests.events.event_browsers import client_as
from tests.factories import EventFactory, RegistrationFactory, UserFactory, VenueFactory
from tests.helpers import page_text, queries_for_page, visible_text

MARCH_2031 = "/events?month=2031-03"


def _at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2031, month, day, hour, minute, tzinfo=UTC)


def day_cell(response, label: str) -> str:
    """The text of the month grid's cell for the day read out as `label`."""
    html = response.get_data(as_text=True)
    for cell in html.split('<td class="event-day')[1:]:
        cell = cell.split("</td>")[0]
        if f'<span class="visually-hidden">{label}</span>' in cell:
            return " ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split())
    raise AssertionError(f"no day cell {label!r}")


# The month view ------------------------------------------------------------------------------


def test_month_shows_published_event_on_its_day_and_leaves_drafts_out(client):
    EventFactory(title="Motorcycle design fair", starts_at=_at(10, 1), ends_at=_at(10, 9))
    EventFactory(title="Secret draft", status=EventStatus.DRAFT, starts_at=_at(10, 1),
                 ends_at=_at(10, 9))

    response = client.get(MARCH_2031)

    assert response.status_code == 200
    cell = day_cell(response, "Mon, Mar 10, 2031")
    assert "Motorcycle design fair" in cell
    assert "9:00 AM" in cell  # 01:00 UTC is 09:00 in the park
    assert "Secret draft" not in page_text(response)
    assert "1 event this month" in visible_text(response)


def test_month_places_an_evening_event_in_utc_on_the_next_park_day(client):
    EventFactory(title="Night market of prototypes", starts_at=_at(10, 20), ends_at=_at(10, 22))

    response = client.get(MARCH_2031)

    assert "Night market of prototypes" in day_cell(response, "Tue, Mar 11, 2031")
    assert "Night market of prototypes" not in day_cell(response, "Mon, Mar 10, 2031")


def test_month_shows_a_multi_day_exhibition_on_every_day_it_runs(client):
    EventFactory(title="Design week", kind=EventKind.EXHIBITION, starts_at=_at(12, 1),
                 ends_at=_at(14, 10))

    response = client.get(MARCH_2031)

    for label in ("Wed, Mar 12, 2031", "Thu, Mar 13, 2031", "Fri, Mar 14, 2031"):
        assert "Design week" in day_cell(response, label)
    assert "Design week" not in day_cell(response, "Sat, Mar 15, 2031")


def test_month_marks_cancelled_events(client):
    EventFactory(title="Called-off roadshow", status=EventStatus.CANCELLED,
                 starts_at=_at(20, 2), ends_at=_at(20, 6))

    cell = day_cell(client.get(MARCH_2031), "Thu, Mar 20, 2031")

    assert "Called-off roadshow" in cell
    assert "Cancelled" in cell


def test_month_is_a_grid_of_whole_weeks_with_links_to_the_months_around(client):
    response = client.get(MARCH_2031)
    html = page_text(response)

    assert "<h2 class=\"h4 mb-0\" id=\"month-heading\">March 2031</h2>" in html
    assert 'href="/events?month=2031-02"' in html
    assert 'href="/events?month=2031-04"' in html
    # March 2031 starts on a Saturday: the grid opens on Monday 24 February, six weeks long.
    assert html.count('<td class="event-day') == 42
    assert "Mon, Feb 24, 2031" in html


def test_month_highlights_today(client):
    today = park_today()

    response = client.get("/events")

    cells = [c for c in response.get_data(as_text=True).split('<td class="event-day')[1:]
             if 'aria-current="date"' in c.split(">")[0]]
    assert len(cells) == 1
    assert f">{today.day}</span>" in cells[0]
    assert "Today" in cells[0]


def test_unreadable_month_falls_back_to_this_month(client):
    response = client.get("/events?month=2031-13")

    assert response.status_code == 200
    assert park_today().strftime("%B %Y") in visible_text(response)


def test_month_can_be_filtered_by_kind(client):
    EventFactory(title="Fair of the month", starts_at=_at(5, 2), ends_at=_at(5, 6))
    EventFactory(title="Clay modelling workshop", kind=EventKind.WORKSHOP, starts_at=_at(6, 2),
                 ends_at=_at(6, 6))

    text = visible_text(client.get(MARCH_2031 + "&kind=workshop"))

    assert "Clay modelling workshop" in text
    assert "Fair of the month" not in text


def test_month_page_asks_a_fixed_number_of_queries(app, client, count_queries):
    for day in range(1, 4):
        EventFactory(starts_at=_at(day, 2), ends_at=_at(day, 6))
    few = queries_for_page(client, count_queries, MARCH_2031)
    for day in range(4, 28):
        EventFactory(starts_at=_at(day, 2), ends_at=_at(day, 6))

    assert queries_for_page(client, count_queries, MARCH_2031) == few


# The list view --------------------------------------------------------------------------------


def test_list_shows_upcoming_published_events_soonest_first(client):
    later = EventFactory(title="Later fair", starts_at=datetime.now(UTC) + timedelta(days=30))
    sooner = EventFactory(title="Sooner fair", starts_at=datetime.now(UTC) + timedelta(days=3))
    EventFactory(title="Draft fair", status=EventStatus.DRAFT)
    EventFactory(title="Last year's fair", starts_at=datetime.now(UTC) - timedelta(days=300))

    text = visible_text(client.get("/events?view=list"))

    assert text.index(sooner.title) < text.index(later.title)
    assert "Draft fair" not in text
    assert "Last year's fair" not in text


def test_list_of_past_events_shows_what_is_over(client):
    EventFactory(title="Last year's fair", starts_at=datetime.now(UTC) - timedelta(days=300))
    EventFactory(title="Coming fair")

    text = visible_text(client.get("/events?view=list&when=past"))

    assert "Last year's fair" in text
    assert "Coming fair" not in text


def test_list_is_paginated(client):
    for _ in range(27):
        EventFactory()

    text = visible_text(client.get("/events?view=list"))

    assert "1–25 of 27" in text


def test_list_page_asks_a_fixed_number_of_queries(client, count_queries):
    for _ in range(2):
        EventFactory(venue=VenueFactory())
    few = queries_for_page(client, count_queries, "/events?view=list")
    for _ in range(15):
        EventFactory(venue=VenueFactory())

    assert queries_for_page(client, count_queries, "/events?view=list") == few


def test_calendar_shows_titles_in_the_readers_language(client):
    EventFactory(title="Spring meetup", title_zh="设计对接会", starts_at=_at(10, 1),
                 ends_at=_at(10, 9))

    response = client.get(MARCH_2031, headers={"Accept-Language": "zh-CN"})

    assert "设计对接会" in visible_text(response)
    assert "Spring meetup" not in visible_text(response)


# One event --------------------------------------------------------------------------------------


def test_event_page_shows_when_where_and_places_in_park_time(client):
    venue = VenueFactory(name="Hall of Moulds", location="Building C")
    event = EventFactory(title="Mould makers meet", venue=venue, capacity=40,
                         starts_at=_at(10, 1, 30), ends_at=_at(10, 9), description="Bring samples.")
    RegistrationFactory(event=event)

    text = visible_text(client.get(f"/events/{event.id}"))

    assert "Mould makers meet" in text
    assert "Mon, Mar 10, 2031, 9:30 AM–5:00 PM" in text
    assert "Hall of Moulds" in text and "Building C" in text
    assert "39 places left of 40" in text
    assert "Bring samples." in text
    assert "Open to: Everyone" in text
    assert "Log in to register" in text


def test_event_page_links_to_the_ics_file(client):
    event = EventFactory()

    html = page_text(client.get(f"/events/{event.id}"))

    assert f'href="/events/{event.id}.ics"' in html
    assert "Add to calendar" in html


def test_draft_is_not_found_for_visitors_and_other_members(app, client):
    draft = EventFactory(status=EventStatus.DRAFT)

    assert client.get(f"/events/{draft.id}").status_code == 404
    assert client_as(app, UserFactory()).get(f"/events/{draft.id}").status_code == 404


def test_draft_is_shown_to_its_organiser_as_a_draft(app):
    organiser = UserFactory()
    draft = EventFactory(status=EventStatus.DRAFT, organiser=organiser)

    response = client_as(app, organiser).get(f"/events/{draft.id}")

    assert response.status_code == 200
    assert "This event is a draft" in visible_text(response)


def test_unknown_event_is_not_found(client):
    assert client.get("/events/999999").status_code == 404


def test_cancelled_event_says_so_and_offers_no_registration(app):
    event = EventFactory(status=EventStatus.CANCELLED)

    text = visible_text(client_as(app, UserFactory()).get(f"/events/{event.id}"))

    assert "This event has been cancelled." in text
    assert "Registration is not possible for this event." in text
