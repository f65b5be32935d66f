"""The demo park's venues and events: every kind, past and upcoming around today, a full fair
with a waitlist and meetings, counts and holds consistent with the rules the services keep."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from park.accounts.models import User
from park.core.notifications import notifications_query
from park.core.time import as_utc, now_utc, park_zone, to_park_time
from park.demo import data, event_data
from park.demo.events import eligible_people, registrants, soon_start
from park.demo.seed import demo_park_complete, seed_demo
from park.events.models import (
    HOLDING_MEETING_STATUSES,
    Event,
    EventKind,
    EventStatus,
    Meeting,
    MeetingHold,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    Venue,
)
from park.events.registration import audience_allows, registration_open, waitlist_position
from park.extensions import db
from tests.factories import EventFactory


def _quiet(_message: str) -> None:
    pass


@pytest.fixture
def events(app) -> list[Event]:
    seed_demo(echo=_quiet)
    db.session.expire_all()
    return list(db.session.scalars(
        select(Event).order_by(Event.starts_at).options(selectinload(Event.venue))))


def _fair(events: list[Event]) -> Event:
    return next(e for e in events if e.title == event_data.FAIR_TITLE)


def _registrations(event: Event, status: RegistrationStatus | None = None
                   ) -> list[Registration]:
    query = select(Registration).where(Registration.event_id == event.id)
    if status is not None:
        query = query.where(Registration.status == status)
    return list(db.session.scalars(query.order_by(Registration.queued_at, Registration.id)
                                   .options(selectinload(Registration.user))))


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_five_bilingual_venues_with_capacities(events):
    venues = db.session.scalars(select(Venue).order_by(Venue.name)).all()
    assert len(venues) == len(event_data.VENUES) == 5
    assert all(v.name_zh and v.location and v.capacity >= 40 for v in venues)
    assert {e.venue.name for e in events} == {v.name for v in venues}
    assert all(e.capacity <= e.venue.capacity for e in events)


def test_events_of_every_kind_past_and_upcoming_with_a_draft_and_a_cancelled_one(events):
    now = now_utc()
    assert 12 <= len(events) <= 14
    assert {e.kind for e in events} == set(EventKind)
    assert all(e.title_zh and e.description and e.description_zh for e in events)
    published = [e for e in events if e.status is EventStatus.PUBLISHED]
    past = [e for e in published if as_utc(e.ends_at) < now]
    upcoming = [e for e in published if as_utc(e.starts_at) > now]
    assert len(past) >= 5 and len(upcoming) >= 4
    assert all(as_utc(e.starts_at) > now - timedelta(days=62) for e in events)
    statuses = Counter(e.status for e in events)
    assert statuses[EventStatus.DRAFT] == 1 and statuses[EventStatus.CANCELLED] == 1


def test_one_published_event_starts_within_the_next_24_hours_with_no_reminder_sent(events):
    now = now_utc()
    soon = [e for e in events if e.status is EventStatus.PUBLISHED
            and now < as_utc(e.starts_at) <= now + timedelta(hours=24)]
    assert len(soon) == 1
    confirmed = _registrations(soon[0], RegistrationStatus.CONFIRMED)
    assert confirmed and all(r.reminder_sent_at is None for r in confirmed)


@pytest.mark.parametrize("hour", range(24))
def test_the_soon_event_starts_in_daytime_within_a_day_whatever_the_hour(app, hour):
    now = datetime(2026, 11, 29, hour, 17, tzinfo=UTC)
    starts = soon_start(now)
    assert now + timedelta(hours=2) <= starts <= now + timedelta(hours=24)
    local = starts.astimezone(park_zone())
    assert 9 <= local.hour <= 18 and local.minute == 0


def test_published_events_never_overlap_in_one_venue(events):
    published = [e for e in events if e.status is EventStatus.PUBLISHED]
    for event in published:
        for other in published:
            if other.id != event.id and other.venue_id == event.venue_id:
                assert not (as_utc(other.starts_at) < as_utc(event.ends_at)
                            and as_utc(event.starts_at) < as_utc(other.ends_at)), \
                    (event.title, other.title)


def test_confirmed_count_equals_the_confirmed_registrations_of_every_event(events):
    for event in events:
        confirmed = len(_registrations(event, RegistrationStatus.CONFIRMED))
        assert event.confirmed_count == confirmed <= event.capacity, event.title
    assert _count(Registration) >= 200


def test_registrants_register_for_their_own_organisation_within_the_audience(events):
    for event in events:
        registrations = _registrations(event)
        assert len({r.user_id for r in registrations}) == len(registrations)
        for registration in registrations:
            user = registration.user
            assert user.membership_in(registration.organisation) is not None
            assert audience_allows(event, user), (event.title, user.email)
            assert not user.is_admin
            queued = as_utc(registration.queued_at)
            assert as_utc(event.registration_opens_at) <= queued < min(
                as_utc(event.starts_at), now_utc())
    codes = db.session.scalars(select(Registration.ticket_code)).all()
    assert len(set(codes)) == len(codes) and all(len(code) == 32 for code in codes)


def test_past_events_have_most_people_checked_in_and_upcoming_ones_none(events):
    now = now_utc()
    for event in events:
        registrations = _registrations(event)
        checked_in = [r for r in registrations if r.checked_in_at]
        if event.status is EventStatus.PUBLISHED and as_utc(event.ends_at) < now:
            confirmed = [r for r in registrations if r.status is RegistrationStatus.CONFIRMED]
            assert 0.7 * len(confirmed) <= len(checked_in) < len(confirmed), event.title
            assert all(r.status is RegistrationStatus.CONFIRMED and r.checked_in_by_id
                       and as_utc(event.starts_at) <= as_utc(r.checked_in_at)
                       <= as_utc(event.ends_at) for r in checked_in)
        else:
            assert checked_in == [], event.title
    draft = next(e for e in events if e.status is EventStatus.DRAFT)
    assert _registrations(draft) == []


def test_the_fair_is_full_with_a_waitlist_of_three_in_order(events):
    fair = _fair(events)
    assert fair.kind is EventKind.MATCHMAKING_FAIR and fair.meetings_enabled
    assert (fair.meeting_minutes, fair.meeting_tables) == (20, 12)
    assert fair.confirmed_count == fair.capacity
    assert registration_open(fair)
    days_ahead = (to_park_time(fair.starts_at).date() - to_park_time(now_utc()).date()).days
    assert days_ahead == 10
    waitlist = _registrations(fair, RegistrationStatus.WAITLISTED)
    assert [r.user.email for r in waitlist] == list(event_data.FAIR_WAITLIST)
    assert [waitlist_position(r) for r in waitlist] == [1, 2, 3]
    confirmed = _registrations(fair, RegistrationStatus.CONFIRMED)
    assert max(as_utc(r.queued_at) for r in confirmed) < as_utc(waitlist[0].queued_at)
    assert len(_registrations(fair, RegistrationStatus.CANCELLED)) == 1


def test_the_fair_has_accepted_requested_and_one_declined_meeting_between_participants(events):
    fair = _fair(events)
    meetings = db.session.scalars(select(Meeting).where(Meeting.event_id == fair.id)).all()
    statuses = Counter(m.status for m in meetings)
    assert statuses[MeetingStatus.ACCEPTED] >= 5 and statuses[MeetingStatus.REQUESTED] >= 3
    assert statuses[MeetingStatus.DECLINED] == 1
    participants = {r.organisation_id for r in
                    _registrations(fair, RegistrationStatus.CONFIRMED)}
    length = timedelta(minutes=fair.meeting_minutes)
    for meeting in meetings:
        assert {meeting.requester_id, meeting.invitee_id} <= participants
        assert 1 <= meeting.table_number <= fair.meeting_tables
        starts = as_utc(meeting.starts_at)
        assert as_utc(fair.meetings_start_at) <= starts
        assert as_utc(meeting.ends_at) == starts + length <= as_utc(fair.meetings_end_at)
        assert (starts - as_utc(fair.meetings_start_at)) % length == timedelta(0)
        assert (meeting.decided_by_id is not None) == (
            meeting.status in (MeetingStatus.ACCEPTED, MeetingStatus.DECLINED))


def test_holds_match_the_live_meetings_and_no_one_is_double_booked(events):
    meetings = db.session.scalars(select(Meeting)).all()
    holds = db.session.scalars(select(MeetingHold)).all()
    expected = {
        (m.id, m.event_id, as_utc(m.starts_at), resource)
        for m in meetings if m.status in HOLDING_MEETING_STATUSES
        for resource in (f"table:{m.table_number}", f"org:{m.requester_id}",
                         f"org:{m.invitee_id}")
    }
    assert {(h.meeting_id, h.event_id, as_utc(h.starts_at), h.resource)
            for h in holds} == expected
    assert len(holds) == len(expected)


def test_demo_logins_see_a_ticket_a_waitlist_place_and_an_incoming_meeting_request(events):
    fair = _fair(events)
    by_email = {r.user.email: r for r in _registrations(fair)}
    assert by_email[data.TEAM[0].email].status is RegistrationStatus.CONFIRMED
    assert by_email["toway@demo.park.example"].status is RegistrationStatus.CONFIRMED
    assert waitlist_position(by_email["chuangyu@demo.park.example"]) == 1
    artop = _user("artop-yuli@demo.park.example").memberships[0].organisation_id
    incoming = db.session.scalars(select(Meeting).where(
        Meeting.invitee_id == artop, Meeting.status == MeetingStatus.REQUESTED)).all()
    assert len(incoming) == 1


def test_each_event_draws_as_many_registrants_as_it_says_within_its_capacity(app):
    people = eligible_people()
    for spec in event_data.EVENTS:
        chosen = registrants(spec, people)
        assert len(chosen) == len(set(chosen)) == spec.registrants <= spec.capacity, spec.title
        assert not set(chosen) & {*spec.waitlist, *spec.cancelled}, spec.title
        # Only a full event has a waitlist.
        assert not spec.waitlist or spec.registrants == spec.capacity, spec.title


def test_seeding_twice_adds_no_event_registration_or_meeting(events):
    counts = [_count(model) for model in (Venue, Event, Registration, Meeting, MeetingHold)]

    report = seed_demo(echo=_quiet)

    assert (report.venues_created, report.events_created, report.registrations_created,
            report.meetings_created) == (0, 0, 0, 0)
    assert report.events_existing == len(event_data.EVENTS)
    assert [_count(model) for model in (Venue, Event, Registration, Meeting,
                                        MeetingHold)] == counts


def test_seed_demo_if_empty_adds_events_to_a_demo_park_seeded_before_them(app):
    seed_demo(echo=_quiet)
    db.session.execute(Event.__table__.delete())
    db.session.execute(Venue.__table__.delete())
    db.session.commit()
    assert not demo_park_complete()

    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert "venues: 5 created" in result.output
    assert f"events: {len(event_data.EVENTS)} created, 0 existing" in result.output
    assert "projects: 0 created" in result.output
    assert demo_park_complete()
    assert _count(Event) == len(event_data.EVENTS)


def test_an_event_booked_since_in_a_demo_venue_is_not_clashed_with(app):
    seed_demo(echo=_quiet)
    fair = db.session.scalar(select(Event).where(Event.title == event_data.FAIR_TITLE))
    venue, starts_at, ends_at = fair.venue, fair.starts_at, fair.ends_at
    db.session.execute(Event.__table__.delete())
    db.session.commit()
    EventFactory(venue=venue, starts_at=starts_at, ends_at=ends_at, title="Someone's fair")

    report = seed_demo(echo=_quiet)

    assert report.events_skipped == 1
    assert report.events_created == len(event_data.EVENTS) - 1
    assert report.meetings_created == 0
    assert db.session.scalar(select(Event).where(Event.title == event_data.FAIR_TITLE)) is None


def test_people_find_in_app_notices_of_their_places_and_meetings_but_get_no_email(app, outbox):
    seed_demo(echo=_quiet)

    def unread(email: str) -> list[str]:
        user = _user(email)
        return [n.text("en") for n in db.session.scalars(notifications_query(user))
                if n.read_at is None]

    artop = unread("artop-yuli@demo.park.example")
    assert any("asks Chongqing Artop Yuli Technology Co., Ltd. for a meeting" in text
               for text in artop)
    assert any("number 1 on the waitlist" in text
               for text in unread("chuangyu@demo.park.example"))
    assert any("accepted the meeting" in text
               for text in unread("fengchi-motorcycle@demo.park.example"))
    assert any("has been cancelled" in text for text in unread("toway@demo.park.example"))
    assert outbox == []
