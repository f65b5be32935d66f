"""Seed the demo park's venues and cooperation events (`park.demo.event_data`), dated from
today: past events with their attendance checked in, upcoming ones with tickets, a full
matchmaking fair with its waitlist and its one-to-one meetings, a draft and a cancelled one.

Rows are written the way the services leave them: `confirmed_count` equals the confirmed
registrations, the waitlist is ordered by `queued_at`, every ticket has a random code, and
each live meeting holds its table and both organisations for its slot (`MeetingHold`), so no
one is double-booked. A published event that would overlap one already in its venue (someone
booked the room since) is left out. Rows are added in bulk, in the seed's one transaction.
"""

from __future__ import annotations

import secrets
import zlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from park.accounts.models import Organisation, OrgStatus, User
from park.accounts.services import normalise_email
from park.core.notifications import Notification, notify
from park.core.time import as_utc, now_utc, park_zone
from park.demo import data
from park.demo.event_data import EVENTS, VENUES, DemoEvent, owner
from park.events import notices
from park.events.models import (
    HOLDING_MEETING_STATUSES,
    Event,
    EventStatus,
    Meeting,
    MeetingHold,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    Venue,
)
from park.events.registration import AUDIENCE_KINDS
from park.extensions import db

# Of the confirmed people at a past event, every sixth did not turn up.
NO_SHOW_EVERY = 6
# The event placed within the next 24 hours starts on the hour, in daytime.
SOON_EARLIEST_HOUR, SOON_LATEST_HOUR, SOON_AT_LEAST = 9, 18, timedelta(hours=2)
# Registration that closes the day before closes at this park-local time.
EVENING = time(18)


@dataclass
class EventsReport:
    venues_created: int = 0
    created: int = 0
    existing: int = 0
    skipped: int = 0  # the venue is booked at that time by an event of someone else's
    registrations: int = 0
    meetings: int = 0
    notifications: int = 0


def seed_events(organisations: dict[str, Organisation], users: dict[str, User], *,
                now: datetime | None = None) -> EventsReport:
    """Add the venues (by name) and demo events (by title) that are missing."""
    report = EventsReport()
    db.session.flush()  # every organisation and user has its id from here on
    venues = _seed_venues(report)
    titles = [spec.title for spec in EVENTS]
    existing = set(db.session.scalars(select(Event.title).where(Event.title.in_(titles))))
    missing = [spec for spec in EVENTS if spec.title not in existing]
    report.existing = len(EVENTS) - len(missing)
    if not missing:
        return report

    now = now or now_utc()
    db.session.flush()  # venue ids
    booked: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for venue_id, starts_at, ends_at in db.session.execute(
        select(Event.venue_id, Event.starts_at, Event.ends_at).where(
            Event.venue_id.in_([venue.id for venue in venues.values()]),
            Event.status == EventStatus.PUBLISHED)
    ):
        booked[venue_id].append((as_utc(starts_at), as_utc(ends_at)))

    built: list[tuple[DemoEvent, Event]] = []
    for spec in missing:
        event = _event(spec, venues[spec.venue], users, now)
        if event.status is EventStatus.PUBLISHED:
            taken = booked[event.venue.id]
            if any(start < event.ends_at and event.starts_at < end for start, end in taken):
                report.skipped += 1
                continue
            taken.append((event.starts_at, event.ends_at))
        built.append((spec, event))
    db.session.add_all(event for _, event in built)
    db.session.flush()  # event ids for the registrations, meetings and holds

    people = eligible_people()
    registrations: list[Registration] = []
    for spec, event in built:
        rows = _registrations(spec, event, people, users, organisations, now)
        db.session.add_all(rows)
        event.confirmed_count = sum(r.status is RegistrationStatus.CONFIRMED for r in rows)
        registrations += rows
    meetings = [meeting for spec, event in built
                for meeting in _meetings(spec, event, users, organisations, now)]
    db.session.add_all(meetings)
    db.session.flush()  # meeting ids for the holds
    db.session.add_all(hold for meeting in meetings for hold in _holds(meeting))
    notifications = _notifications(registrations, meetings, users, now)
    report.created = len(built)
    report.registrations = len(registrations)
    report.meetings = len(meetings)
    report.notifications = len(notifications)
    return report


def _seed_venues(report: EventsReport) -> dict[str, Venue]:
    names = [spec.name for spec in VENUES]
    venues = {venue.name: venue
              for venue in db.session.scalars(select(Venue).where(Venue.name.in_(names)))}
    for spec in VENUES:
        if spec.name not in venues:
            venue = Venue(name=spec.name, name_zh=spec.name_zh, location=spec.location,
                          capacity=spec.capacity)
            db.session.add(venue)
            venues[spec.name] = venue
            report.venues_created += 1
    return venues


# Times ----------------------------------------------------------------------------------------


def _local(day: date, at: time) -> datetime:
    """A park-local moment, as UTC."""
    return datetime.combine(day, at, tzinfo=park_zone()).astimezone(UTC)


def soon_start(now: datetime) -> datetime:
    """The next full daytime hour at least two hours from `now`: within the next 24 hours."""
    local_now = now.astimezone(park_zone())
    for day in (local_now.date(), local_now.date() + timedelta(days=1)):
        for hour in range(SOON_EARLIEST_HOUR, SOON_LATEST_HOUR + 1):
            candidate = _local(day, time(hour))
            if candidate >= now + SOON_AT_LEAST:
                return candidate
    raise AssertionError("unreachable: tomorrow's first hour is always far enough ahead")


def event_times(spec: DemoEvent, now: datetime) -> tuple[datetime, datetime]:
    if spec.day is None:
        starts_at = soon_start(now)
        length = datetime.combine(date.min, spec.end) - datetime.combine(date.min, spec.start)
        return starts_at, starts_at + length
    first = now.astimezone(park_zone()).date() + timedelta(days=spec.day)
    return _local(first, spec.start), _local(first + timedelta(days=spec.days - 1), spec.end)


def _event(spec: DemoEvent, venue: Venue, users: dict[str, User], now: datetime) -> Event:
    starts_at, ends_at = event_times(spec, now)
    opens_at = starts_at - timedelta(days=spec.registration_opens_days_before)
    first_day = starts_at.astimezone(park_zone()).date()
    closes_at = (_local(first_day - timedelta(days=1), EVENING)
                 if spec.registration_closes_the_evening_before else None)
    created_at = min(opens_at - timedelta(days=2), now - timedelta(days=1))
    event = Event(
        title=spec.title, title_zh=spec.title_zh, description=spec.description,
        description_zh=spec.description_zh, kind=spec.kind, venue=venue,
        organiser=users[normalise_email(spec.organiser)], starts_at=starts_at,
        ends_at=ends_at, capacity=spec.capacity, confirmed_count=0, audience=spec.audience,
        registration_opens_at=opens_at, registration_closes_at=closes_at, status=spec.status,
        meetings_enabled=spec.meetings_enabled, meeting_minutes=spec.meeting_minutes,
        meeting_tables=spec.meeting_tables or 10,
        meetings_start_at=_local(first_day, spec.meetings_from) if spec.meetings_from else None,
        meetings_end_at=_local(first_day, spec.meetings_until) if spec.meetings_until else None,
        created_at=created_at,
        # A cancelled event was called off two days ago.
        updated_at=now - timedelta(days=2) if spec.status is EventStatus.CANCELLED
        else created_at,
    )
    return event


# Registrations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    email: str
    organisation: str  # slug


def eligible_people() -> list[_Person]:
    """Everyone who may register for demo events: people of approved organisations other
    than the park office (which runs them), in the seed's order."""
    approved = {org.slug: org for org in data.ORGANISATIONS
                if org.status is OrgStatus.APPROVED and org.slug != data.PARK_OFFICE_SLUG}
    return [_Person(normalise_email(user.email), user.organisation) for user in data.users()
            if user.organisation in approved]


def registrants(spec: DemoEvent, people: list[_Person]) -> list[str]:
    """The e-mails of who registers and stays registered, confirmed ones in queue order:
    `spec.people` first, then others of the audience, from a place that depends on the
    title so events do not all draw the same people."""
    kinds = AUDIENCE_KINDS.get(spec.audience)
    kind_of = {org.slug: org.kind for org in data.ORGANISATIONS}
    named = {normalise_email(e) for e in (*spec.people, *spec.waitlist, *spec.cancelled)}
    pool = [person.email for person in people if person.email not in named and (
        kinds is None or kind_of[person.organisation] in kinds)]
    chosen = [normalise_email(e) for e in spec.people]
    wanted = spec.registrants - len(chosen)
    if wanted > 0 and pool:
        start = zlib.crc32(spec.title.encode()) % len(pool)
        rotated = pool[start:] + pool[:start]
        chosen += rotated[:wanted]
    return chosen


def _registrations(spec: DemoEvent, event: Event, people: list[_Person],
                   users: dict[str, User], organisations: dict[str, Organisation],
                   now: datetime) -> list[Registration]:
    organisation_of = {person.email: person.organisation for person in people}
    confirmed = registrants(spec, people)
    cancelled = [normalise_email(e) for e in spec.cancelled]
    waitlisted = [normalise_email(e) for e in spec.waitlist]
    queue = [*cancelled, *confirmed, *waitlisted]
    if not queue:
        return []
    # Everyone registered while registration was open, before the event (or before now).
    first = as_utc(event.registration_opens_at) + timedelta(hours=1)
    last = min(event.starts_at, now) - timedelta(hours=2)
    step = (last - first) / (len(queue) + 1)
    past = event.ends_at < now
    rows = []
    for index, email in enumerate(queue):
        queued_at = (first + step * (index + 1)).replace(microsecond=0)
        if email in cancelled:
            status = RegistrationStatus.CANCELLED
        elif email in waitlisted:
            status = RegistrationStatus.WAITLISTED
        else:
            status = RegistrationStatus.CONFIRMED
        registration = Registration(
            event=event, user=users[email],
            organisation_id=organisations[organisation_of[email]].id, status=status,
            queued_at=queued_at, ticket_code=secrets.token_hex(16), created_at=queued_at,
            updated_at=queued_at + timedelta(days=3) if email in cancelled else queued_at,
        )
        if past and status is RegistrationStatus.CONFIRMED:
            registration.reminder_sent_at = event.starts_at - timedelta(hours=24)
            place = index - len(cancelled)
            if place % NO_SHOW_EVERY != NO_SHOW_EVERY - 1:
                days = (event.ends_at - event.starts_at).days + 1
                registration.checked_in_at = (event.starts_at
                                              + timedelta(days=place % days,
                                                          minutes=place * 7 % 45))
                registration.checked_in_by_id = event.organiser.id
        rows.append(registration)
    return rows


# Meetings -----------------------------------------------------------------------------------


def _meetings(spec: DemoEvent, event: Event, users: dict[str, User],
              organisations: dict[str, Organisation], now: datetime) -> list[Meeting]:
    """The fair's meetings, each at the lowest table still free in its slot."""
    tables: dict[int, int] = defaultdict(int)
    meetings = []
    length = timedelta(minutes=spec.meeting_minutes)
    for index, demo in enumerate(spec.meetings):
        tables[demo.slot] += 1
        starts_at = as_utc(event.meetings_start_at) + length * demo.slot
        requested_at = now - timedelta(days=6) + timedelta(hours=5 * index)
        decided = demo.status in (MeetingStatus.ACCEPTED, MeetingStatus.DECLINED)
        meetings.append(Meeting(
            event=event, starts_at=starts_at, ends_at=starts_at + length,
            table_number=tables[demo.slot], requester=organisations[demo.requester],
            invitee=organisations[demo.invitee],
            requested_by_id=users[owner(demo.requester)].id,
            decided_by_id=users[owner(demo.invitee)].id if decided else None,
            status=demo.status, message=demo.message, created_at=requested_at,
            updated_at=requested_at + timedelta(hours=3) if decided else requested_at,
        ))
    return meetings


def _holds(meeting: Meeting) -> list[MeetingHold]:
    """What a live meeting occupies in its slot: its table and both organisations."""
    if meeting.status not in HOLDING_MEETING_STATUSES:
        return []
    return [MeetingHold(meeting_id=meeting.id, event_id=meeting.event_id,
                        starts_at=meeting.starts_at, resource=resource)
            for resource in (f"table:{meeting.table_number}", f"org:{meeting.requester_id}",
                             f"org:{meeting.invitee_id}")]


# Notifications ----------------------------------------------------------------------------


def _notifications(registrations: list[Registration], meetings: list[Meeting],
                   users: dict[str, User], now: datetime) -> list[Notification]:
    """What the services would have told people about upcoming events, in-app only (no
    e-mail to demo addresses): places confirmed (read), waitlist places and a cancelled
    event (unread), and the meetings asked for, accepted or declined."""
    added = []

    def tell(user: User, kind: str, params: dict, link: str, at: datetime, *, read: bool
             ) -> None:
        notification = notify(user, kind, params, link, email=False)
        notification.created_at = at
        notification.read_at = at + timedelta(hours=2) if read else None
        added.append(notification)

    positions: dict[int, int] = defaultdict(int)
    for registration in registrations:  # in queue order, event by event
        event = registration.event
        if as_utc(event.starts_at) <= now or registration.status is RegistrationStatus.CANCELLED:
            continue
        params, link = notices.event_params(event), notices.event_link(event)
        at = as_utc(registration.queued_at)
        if event.status is EventStatus.CANCELLED:
            tell(registration.user, notices.EVENT_CANCELLED, {**params, "reason": ""}, link,
                 as_utc(event.updated_at), read=False)
        elif registration.status is RegistrationStatus.WAITLISTED:
            positions[event.id] += 1
            tell(registration.user, notices.REGISTRATION_WAITLISTED,
                 {**params, "position": positions[event.id]}, link, at, read=False)
        else:
            tell(registration.user, notices.REGISTRATION_CONFIRMED, params, link, at, read=True)

    owners = {user.id: user for user in users.values()}
    for meeting in meetings:
        params = notices.meeting_params(meeting)
        link = notices.link_to("events.agenda", event_id=meeting.event_id)
        asked, answered = as_utc(meeting.created_at), as_utc(meeting.updated_at)
        invitee = users[owner(meeting.invitee.slug)]
        requester = owners[meeting.requested_by_id]
        tell(invitee, notices.MEETING_REQUESTED, params, link, asked,
             read=meeting.status is not MeetingStatus.REQUESTED)
        if meeting.status is MeetingStatus.ACCEPTED:
            tell(requester, notices.MEETING_ACCEPTED, params, link, answered, read=False)
        elif meeting.status is MeetingStatus.DECLINED:
            tell(requester, notices.MEETING_DECLINED, params, link, answered, read=False)
    return added
