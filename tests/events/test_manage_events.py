"""Running events through the park office's screens: creating (as a draft or published),
editing, publishing and cancelling events, and keeping the venues; a venue booked twice or an
event bigger than its venue is refused next to the field, naming the reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from park.events.models import Event, EventStatus, RegistrationStatus, Venue
from park.extensions import db
from tests.events.event_browsers import client_as, fresh, post
from tests.factories import (
    AdminFactory,
    EventFactory,
    RegistrationFactory,
    UserFactory,
    VenueFactory,
)
from tests.helpers import field_errors, flash_texts, queries_for_page, visible_text


@pytest.fixture
def admin_browser(app):
    return client_as(app, AdminFactory())


def event_fields(venue, **overrides) -> dict:
    """A valid event form, times in the park's zone (Asia/Shanghai)."""
    fields = {
        "title": "Motorcycle design matchmaking fair",
        "title_zh": "摩托车设计对接会",
        "description": "Firms meet manufacturers.",
        "description_zh": "",
        "kind": "matchmaking_fair",
        "venue": venue.id,
        "starts_at": "2031-05-20T09:00",
        "ends_at": "2031-05-20T17:00",
        "capacity": 10,
        "audience": "everyone",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "meeting_minutes": 20,
        "meeting_tables": 10,
        "meetings_start_at": "",
        "meetings_end_at": "",
    }
    fields.update(overrides)
    return fields


def only_event() -> Event:
    db.session.expire_all()
    return db.session.scalars(select(Event)).one()


# Creating ----------------------------------------------------------------------------------


def test_new_event_is_saved_as_a_draft_with_times_in_park_time(admin_browser):
    venue = VenueFactory()

    response = post(admin_browser, "/admin/events/new", event_fields(venue))

    event = only_event()
    assert response.status_code == 302
    assert response.location.endswith(f"/events/{event.id}")
    assert event.status is EventStatus.DRAFT
    assert event.starts_at.replace(tzinfo=UTC) == datetime(2031, 5, 20, 1, 0, tzinfo=UTC)
    assert event.title_zh == "摩托车设计对接会"
    page = admin_browser.get(response.location)
    assert "is saved as a draft" in " ".join(flash_texts(page))


def test_publish_now_puts_the_new_event_on_the_calendar(admin_browser):
    venue = VenueFactory()

    post(admin_browser, "/admin/events/new", event_fields(venue, publish="y"))

    assert only_event().status is EventStatus.PUBLISHED
    calendar = visible_text(admin_browser.get("/events?month=2031-05"))
    assert "Motorcycle design matchmaking fair" in calendar


def test_a_draft_is_published_from_its_page(admin_browser, client):
    draft = EventFactory(status=EventStatus.DRAFT, title="Workshop on clay")

    response = post(admin_browser, f"/events/{draft.id}/publish", follow_redirects=True)

    assert "is published" in " ".join(flash_texts(response))
    assert fresh(draft).status is EventStatus.PUBLISHED
    assert "Workshop on clay" in visible_text(client.get("/events?view=list"))


def test_venue_clash_is_refused_at_the_start_naming_the_other_event(admin_browser):
    venue = VenueFactory(name="Hall A")
    EventFactory(title="Aerospace apparel show", venue=venue,
                 starts_at=datetime(2031, 5, 20, 2, 0, tzinfo=UTC),
                 ends_at=datetime(2031, 5, 20, 6, 0, tzinfo=UTC))

    response = post(admin_browser, "/admin/events/new", event_fields(venue, publish="y"))

    assert response.status_code == 422
    errors = field_errors(response, "starts_at")
    assert errors == ["Hall A is booked for “Aerospace apparel show” from 2031-05-20 10:00 to "
                      "2031-05-20 14:00."]
    db.session.expire_all()
    assert db.session.scalar(select(Event).where(Event.title.like("Motorcycle%"))) is None


def test_capacity_above_the_venues_is_refused_at_the_field(admin_browser):
    venue = VenueFactory(name="Small room", capacity=30)

    response = post(admin_browser, "/admin/events/new", event_fields(venue, capacity=31))

    assert response.status_code == 422
    assert field_errors(response, "capacity") == ["Small room holds at most 30 people."]
    assert db.session.scalar(select(Event)) is None


def test_an_event_ending_before_it_starts_is_refused_at_the_end(admin_browser):
    response = post(admin_browser, "/admin/events/new",
                    event_fields(VenueFactory(), ends_at="2031-05-20T08:00"))

    assert response.status_code == 422
    assert field_errors(response, "ends_at") == ["The event must end after it starts."]


def test_an_unreadable_time_gets_one_clear_message(admin_browser):
    response = post(admin_browser, "/admin/events/new",
                    event_fields(VenueFactory(), starts_at="next tuesday"))

    assert response.status_code == 422
    assert field_errors(response, "starts_at") == [
        "Please enter a date and time, such as 2026-05-20 09:30."]


def test_meetings_outside_the_events_time_are_refused(admin_browser):
    response = post(admin_browser, "/admin/events/new", event_fields(
        VenueFactory(), meetings_enabled="y", meetings_start_at="2031-05-20T08:00",
        meetings_end_at="2031-05-20T12:00"))

    assert response.status_code == 422
    assert field_errors(response, "meetings_end_at") == [
        "The meetings must run within the event's time."]


def test_event_form_offers_only_venues_in_use(admin_browser):
    VenueFactory(name="Open hall")
    VenueFactory(name="Closed hall", active=False)

    text = visible_text(admin_browser.get("/admin/events/new"))

    assert "Open hall" in text
    assert "Closed hall" not in text


# Editing and cancelling ----------------------------------------------------------------------


def test_edit_form_shows_the_times_in_park_time(admin_browser):
    event = EventFactory(starts_at=datetime(2031, 5, 20, 1, 0, tzinfo=UTC),
                         ends_at=datetime(2031, 5, 20, 9, 0, tzinfo=UTC))

    html = admin_browser.get(f"/events/{event.id}/edit").get_data(as_text=True)

    assert 'value="2031-05-20T09:00"' in html
    assert 'value="2031-05-20T17:00"' in html


def test_organiser_edits_their_event(app):
    organiser = UserFactory()
    event = EventFactory(organiser=organiser, title="Old title")
    browser = client_as(app, organiser)
    fields = event_fields(event.venue, title="New title",
                          starts_at="2031-05-20T09:00", ends_at="2031-05-20T17:00")

    response = post(browser, f"/events/{event.id}/edit", fields)

    assert response.status_code == 302
    assert fresh(event).title == "New title"


def test_moving_a_published_event_clashing_with_another_is_refused(admin_browser):
    venue = VenueFactory(name="Hall B")
    EventFactory(title="Green design forum", venue=venue,
                 starts_at=datetime(2031, 5, 20, 2, 0, tzinfo=UTC),
                 ends_at=datetime(2031, 5, 20, 4, 0, tzinfo=UTC))
    event = EventFactory(title="Mine", venue=venue,
                         starts_at=datetime(2031, 5, 21, 2, 0, tzinfo=UTC),
                         ends_at=datetime(2031, 5, 21, 4, 0, tzinfo=UTC))

    response = post(admin_browser, f"/events/{event.id}/edit",
                    event_fields(venue, title="Mine"))

    assert response.status_code == 422
    assert "“Green design forum”" in field_errors(response, "starts_at")[0]
    assert fresh(event).starts_at.day == 21


def test_cancelling_an_event_tells_everyone_registered(admin_browser, outbox):
    event = EventFactory(title="Roadshow to Chengdu")
    RegistrationFactory(event=event)
    RegistrationFactory(event=event)

    response = post(admin_browser, f"/events/{event.id}/cancel",
                    {"reason": "The venue is flooded."}, follow_redirects=True)

    assert fresh(event).status is EventStatus.CANCELLED
    assert "is cancelled" in " ".join(flash_texts(response))
    assert "This event has been cancelled." in visible_text(response)
    assert len(outbox) == 2
    assert "The venue is flooded." in outbox[0].body


def test_manage_list_shows_drafts_and_counts(admin_browser):
    event = EventFactory(title="Full fair", capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    EventFactory(title="Quiet draft", status=EventStatus.DRAFT)

    text = visible_text(admin_browser.get("/admin/events"))

    assert "Full fair" in text and "1 of 1" in text
    assert "Quiet draft" in text and "Draft" in text


def test_manage_list_filters_by_status(admin_browser):
    EventFactory(title="Published one")
    EventFactory(title="Draft one", status=EventStatus.DRAFT)

    text = visible_text(admin_browser.get("/admin/events?status=draft"))

    assert "Draft one" in text
    assert "Published one" not in text


def test_manage_list_asks_a_fixed_number_of_queries(admin_browser, count_queries):
    for _ in range(2):
        RegistrationFactory(event=EventFactory(venue=VenueFactory()))
    few = queries_for_page(admin_browser, count_queries, "/admin/events")
    for _ in range(12):
        RegistrationFactory(event=EventFactory(venue=VenueFactory(), organiser=UserFactory()))

    assert queries_for_page(admin_browser, count_queries, "/admin/events") == few


# Venues ------------------------------------------------------------------------------------


def test_admin_adds_a_venue(admin_browser):
    response = post(admin_browser, "/admin/venues",
                    {"name": "Exhibition hall", "name_zh": "展厅", "location": "Building B",
                     "capacity": 300}, follow_redirects=True)

    assert "Exhibition hall is added." in flash_texts(response)
    assert "Exhibition hall" in visible_text(response)
    assert db.session.scalar(select(Venue.capacity)) == 300


def test_a_second_venue_with_the_same_name_is_refused_at_the_field(admin_browser):
    VenueFactory(name="Exhibition hall")

    response = post(admin_browser, "/admin/venues", {"name": "Exhibition hall", "capacity": 10})

    assert response.status_code == 422
    assert field_errors(response, "name") == ["Another venue is already called Exhibition hall."]


def test_venue_cannot_shrink_below_an_event_held_there(admin_browser):
    venue = VenueFactory(name="Hall C", capacity=200)
    EventFactory(venue=venue, capacity=120)

    response = post(admin_browser, f"/admin/venues/{venue.id}/edit",
                    {"name": "Hall C", "capacity": 100, "active": "y"})

    assert response.status_code == 422
    assert field_errors(response, "capacity") == [
        "An event here takes 120 people: the venue needs at least that capacity."]
    assert fresh(venue).capacity == 200


def test_admin_takes_a_venue_out_of_use(admin_browser):
    venue = VenueFactory(name="Old shed")

    post(admin_browser, f"/admin/venues/{venue.id}/edit", {"name": "Old shed", "capacity": 20})

    assert fresh(venue).active is False


def test_unknown_venue_is_not_found(admin_browser):
    assert admin_browser.get("/admin/venues/999999/edit").status_code == 404
