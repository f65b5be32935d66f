"""iCalendar: one event's .ics and the personal feed parse with the icalendar library, carry
the right events, meetings, UIDs and UTC times, and a revoked or unknown token opens nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from park.core.time import as_utc
from park.events import calendars
from park.events.models import CalendarFeed, EventStatus, MeetingStatus, RegistrationStatus
from park.extensions import db
from tests.conftest import post_form
from tests.events.meeting_setup import first_slot, meeting_fair, nth_slot, take_part
from tests.factories import (
    EventFactory,
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.helpers import flash_texts, page_text, visible_text

HOST = "127.0.0.1"  # PARK_BASE_URL's host in the test settings


def _parse(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def _vevents(calendar: Calendar) -> dict[str, object]:
    return {str(component["UID"]): component for component in calendar.walk("VEVENT")}


# One event ---------------------------------------------------------------------------------


def test_an_events_ics_parses_and_names_its_producer_and_version(client):
    event = EventFactory()

    calendar = _parse(client.get(f"/events/{event.id}.ics"))

    assert str(calendar["VERSION"]) == "2.0"
    assert "Park" in str(calendar["PRODID"])
    assert list(_vevents(calendar)) == [f"event-{event.id}@{HOST}"]


def test_an_events_ics_carries_its_times_in_utc_and_its_details(client):
    event = EventFactory(title="Motorcycle design fair", description="Firms meet makers.")

    vevent = _vevents(_parse(client.get(f"/events/{event.id}.ics")))[f"event-{event.id}@{HOST}"]

    assert vevent.decoded("DTSTART") == as_utc(event.starts_at)
    assert vevent.decoded("DTSTART").utcoffset() == timedelta(0)
    assert vevent.decoded("DTEND") == as_utc(event.ends_at)
    assert str(vevent["SUMMARY"]) == "Motorcycle design fair"
    assert str(vevent["LOCATION"]).startswith(event.venue.name)
    assert str(vevent["DESCRIPTION"]) == "Firms meet makers."
    assert str(vevent["URL"]).endswith(f"/events/{event.id}")
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert "DTSTAMP" in vevent and "SEQUENCE" in vevent
    utc_start = as_utc(event.starts_at).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{utc_start}".encode() in client.get(f"/events/{event.id}.ics").data


def test_a_cancelled_event_says_so_in_its_ics(client):
    event = EventFactory(status=EventStatus.CANCELLED)

    vevent = _vevents(_parse(client.get(f"/events/{event.id}.ics")))[f"event-{event.id}@{HOST}"]

    assert str(vevent["STATUS"]) == "CANCELLED"


def test_a_draft_has_no_ics(client):
    event = EventFactory(status=EventStatus.DRAFT)

    assert client.get(f"/events/{event.id}.ics").status_code == 404


def test_an_unknown_event_has_no_ics(client):
    assert client.get("/events/999999.ics").status_code == 404


# The personal feed ---------------------------------------------------------------------------


@pytest.fixture
def fair():
    return meeting_fair()


def test_the_feed_carries_the_users_confirmed_events_and_accepted_meetings(client, fair):
    maker = take_part(fair, "Fengchi Motors")
    firm = take_part(fair, "Lotus Design")
    accepted = MeetingFactory(event=fair, requester=maker.organisation,
                              invitee=firm.organisation, starts_at=first_slot(fair))
    MeetingFactory(event=fair, requester=maker.organisation, invitee=firm.organisation,
                   starts_at=nth_slot(fair, 1), status=MeetingStatus.REQUESTED)
    token = calendars.create_feed(maker.user)

    events = _vevents(_parse(client.get(f"/calendar/{token}.ics")))

    assert set(events) == {f"event-{fair.id}@{HOST}", f"meeting-{accepted.id}@{HOST}"}
    meeting = events[f"meeting-{accepted.id}@{HOST}"]
    assert str(meeting["SUMMARY"]) == "Meeting with Lotus Design"
    assert str(meeting["LOCATION"]).endswith("table 1")
    assert meeting.decoded("DTSTART") == first_slot(fair)
    assert meeting.decoded("DTEND") == first_slot(fair) + timedelta(minutes=20)


def test_the_feed_leaves_out_other_peoples_events_and_waitlisted_places(client):
    user, other = UserFactory(), UserFactory()
    mine = RegistrationFactory(user=user).event
    RegistrationFactory(user=other)
    RegistrationFactory(user=user, status=RegistrationStatus.WAITLISTED)
    MeetingFactory(requester=OrganisationFactory(), invitee=OrganisationFactory())
    token = calendars.create_feed(user)

    events = _vevents(_parse(client.get(f"/calendar/{token}.ics")))

    assert set(events) == {f"event-{mine.id}@{HOST}"}


def test_the_feed_speaks_the_users_language(client):
    user = UserFactory(locale="zh_CN")
    event = EventFactory(title="Fair", title_zh="对接会")
    RegistrationFactory(user=user, event=event)
    token = calendars.create_feed(user)

    events = _vevents(_parse(client.get(f"/calendar/{token}.ics")))

    assert str(events[f"event-{event.id}@{HOST}"]["SUMMARY"]) == "对接会"


def test_reading_the_feed_records_when_it_was_used(client):
    user = UserFactory()
    token = calendars.create_feed(user)

    client.get(f"/calendar/{token}.ics")

    db.session.expire_all()
    assert calendars.feed_of(user).last_used_at is not None


def test_a_revoked_feed_is_not_found(client):
    user = UserFactory()
    token = calendars.create_feed(user)
    calendars.revoke_feed(user)

    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_an_unknown_token_is_not_found(client):
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404


def test_a_new_address_stops_the_old_one(client):
    user = UserFactory()
    old = calendars.create_feed(user)
    new = calendars.create_feed(user)

    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_only_a_hash_of_the_token_is_stored(client):
    user = UserFactory()
    token = calendars.create_feed(user)

    assert token not in db.session.get(CalendarFeed, calendars.feed_of(user).id).token_hash


# Feed settings --------------------------------------------------------------------------------


def test_making_a_feed_shows_its_address_once(client, login):
    login(UserFactory())

    response = post_form(client, "/profile/calendar", {})

    html = page_text(response)
    assert "Copy it now: for your safety it is shown only once." in html
    assert 'value="http://park.test/calendar/' in html
    assert 'href="webcal://park.test/calendar/' in html
    assert response.headers["Cache-Control"] == "no-store"
    again = visible_text(client.get("/profile/calendar"))
    assert "On Made" in again and "/calendar/" not in again


def test_the_address_shown_opens_the_feed(client, login):
    user = login(UserFactory())
    RegistrationFactory(user=user)

    html = page_text(post_form(client, "/profile/calendar", {}))

    url = html.split('id="feed-url" type="text" value="', 1)[1].split('"', 1)[0]
    assert client.get(url.replace("http://park.test", "")).status_code == 200


def test_someone_without_a_feed_is_offered_one(client, login):
    login(UserFactory())

    text = visible_text(client.get("/profile/calendar"))

    assert "You have no calendar feed." in text and "Make my feed address" in text


def test_switching_the_feed_off_from_the_page(client, login):
    user = login(UserFactory())
    token = calendars.create_feed(user)

    response = post_form(client, "/profile/calendar/revoke", {}, page="/profile/calendar",
                         follow_redirects=True)

    assert flash_texts(response) == [
        "Your calendar feed is switched off. Calendars subscribed to it get nothing more."]
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_feed_settings_need_a_login(client):
    response = client.get("/profile/calendar")

    assert response.status_code == 302 and "/login" in response.location


def test_the_profile_links_to_the_calendar_feed(client, login):
    login(UserFactory())

    assert 'href="/profile/calendar"' in page_text(client.get("/profile"))
