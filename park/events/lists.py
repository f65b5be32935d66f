"""The queries behind the event pages: the calendar's month grid and list, the park office's
list, someone's registrations with their waitlist places, an event's registrations and the
check-in search. Each page asks a fixed number of queries, however many rows it shows."""

from __future__ import annotations

import calendar as calendar_module
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from park.accounts.models import Membership, Organisation, User
from park.core.models import storable_id
from park.core.search import contains
from park.core.time import now_utc, park_zone, to_park_time
from park.events.models import (
    Event,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
    Venue,
)
from park.extensions import db

PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)
# A month shows at most this many events; a park does not run more.
MONTH_LIMIT = 500
# The cache namespace of the month tables (park.events.views.events): the event services drop
# it when an event is created, changed, published or cancelled.
CALENDAR_CACHE = "calendar-month"
CALENDAR_CACHE_SECONDS = 300
SEARCH_LIMIT = 25


def event_by_id(event_id: int) -> Event | None:
    if not storable_id(event_id):
        return None
    return db.session.scalar(
        select(Event).where(Event.id == event_id)
        .options(joinedload(Event.venue), joinedload(Event.organiser))
    )


def active_venues() -> list[Venue]:
    return list(db.session.scalars(
        select(Venue).where(Venue.active.is_(True)).order_by(Venue.name)))


def venues_query():
    return select(Venue).order_by(Venue.active.desc(), Venue.name)


# The public calendar -----------------------------------------------------------------------


def _local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=park_zone()).astimezone(UTC)


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    events: list[Event] = field(default_factory=list)


@dataclass
class MonthGrid:
    first: date  # the first of the month
    weeks: list[list[CalendarDay]]
    count: int  # events starting or running in the month

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return (self.first + timedelta(days=32)).replace(day=1)


def month_grid(first: date, today: date, kind: EventKind | None = None) -> MonthGrid:
    """Whole weeks (Monday first) covering the month, each day holding the public events that
    run on it in the park's zone: one query for the lot."""
    weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1] + timedelta(days=1)
    query = (
        select(Event)
        .where(Event.status.in_(PUBLIC_STATUSES),
               Event.starts_at < _local_midnight_utc(end),
               Event.ends_at > _local_midnight_utc(start))
        .options(joinedload(Event.venue))
        .order_by(Event.starts_at, Event.id)
        .limit(MONTH_LIMIT)
    )
    if kind is not None:
        query = query.where(Event.kind == kind)
    days = {day: CalendarDay(day, day.month == first.month, day == today)
            for week in weeks for day in week}
    in_month = set()
    for event in db.session.scalars(query):
        # An event ending at midnight does not run on the next day.
        first_day = to_park_time(event.starts_at).date()
        last_day = (to_park_time(event.ends_at) - timedelta(microseconds=1)).date()
        day = max(first_day, start)
        while day <= last_day and day < end:
            days[day].events.append(event)
            if days[day].in_month:
                in_month.add(event.id)
            day += timedelta(days=1)
    return MonthGrid(first, [[days[day] for day in week] for week in weeks], len(in_month))


def calendar_list_query(kind: EventKind | None = None, past: bool = False):
    """Public events: those still to come (or running) soonest first, or past ones latest
    first."""
    now = now_utc()
    query = select(Event).where(Event.status.in_(PUBLIC_STATUSES)).options(
        joinedload(Event.venue))
    if past:
        query = query.where(Event.ends_at <= now).order_by(Event.starts_at.desc(), Event.id)
    else:
        query = query.where(Event.ends_at > now).order_by(Event.starts_at, Event.id)
    if kind is not None:
        query = query.where(Event.kind == kind)
    return query


# The park office's list --------------------------------------------------------------------


def past_events_clause(now: datetime, start: datetime | None = None,
                       end: datetime | None = None):
    """Events over by `now` that started in [start, end): the park office's past list and the
    dashboard's "events held" count the same ones."""
    clauses = [Event.ends_at <= now]
    if start is not None:
        clauses.append(Event.starts_at >= start)
    if end is not None:
        clauses.append(Event.starts_at < end)
    return and_(*clauses)


def manage_events_query(status: EventStatus | None = None, past: bool = False,
                        start: datetime | None = None, end: datetime | None = None):
    """The park office's list; past events may be narrowed to those started in [start, end)."""
    now = now_utc()
    query = select(Event).options(joinedload(Event.venue), joinedload(Event.organiser))
    if past:
        query = query.where(past_events_clause(now, start, end)).order_by(
            Event.starts_at.desc(), Event.id)
    else:
        query = query.where(Event.ends_at > now).order_by(Event.starts_at, Event.id)
    if status is not None:
        query = query.where(Event.status == status)
    return query


def waitlist_counts(event_ids: list[int]) -> dict[int, int]:
    if not event_ids:
        return {}
    rows = db.session.execute(
        select(Registration.event_id, func.count())
        .where(Registration.event_id.in_(event_ids),
               Registration.status == RegistrationStatus.WAITLISTED)
        .group_by(Registration.event_id)
    )
    return dict(rows.all())


def waitlist_count(event: Event) -> int:
    return waitlist_counts([event.id]).get(event.id, 0)


# Someone's registrations -------------------------------------------------------------------


def own_registration(user: User, event: Event) -> Registration | None:
    """The user's live registration for the event (a cancelled one counts as none)."""
    return db.session.scalar(
        select(Registration).where(Registration.event_id == event.id,
                                   Registration.user_id == user.id,
                                   Registration.status != RegistrationStatus.CANCELLED)
    )


def my_registrations_query(user: User):
    """The user's registrations: events to come soonest first, then past ones latest first."""
    now = now_utc()
    upcoming = Event.ends_at > now
    return (
        select(Registration)
        .join(Registration.event)
        .where(Registration.user_id == user.id,
               Registration.status != RegistrationStatus.CANCELLED)
        .options(joinedload(Registration.event).joinedload(Event.venue),
                 joinedload(Registration.organisation))
        .order_by(case((upcoming, 0), else_=1),
                  case((upcoming, Event.starts_at), else_=None),
                  Event.starts_at.desc(), Registration.id)
    )


def waitlist_positions(registrations: list[Registration]) -> dict[int, int]:
    """Each waitlisted registration's place in its event's line (1 is next), in one query."""
    ids = [r.id for r in registrations if r.status is RegistrationStatus.WAITLISTED]
    if not ids:
        return {}
    ahead = aliased(Registration)
    rows = db.session.execute(
        select(Registration.id, func.count(ahead.id))
        .join(ahead, and_(
            ahead.event_id == Registration.event_id,
            ahead.status == RegistrationStatus.WAITLISTED,
            or_(ahead.queued_at < Registration.queued_at,
                and_(ahead.queued_at == Registration.queued_at, ahead.id <= Registration.id)),
        ))
        .where(Registration.id.in_(ids))
        .group_by(Registration.id)
    )
    return dict(rows.all())


def registration_by_id(registration_id: int) -> Registration | None:
    if not storable_id(registration_id):
        return None
    return db.session.scalar(
        select(Registration).where(Registration.id == registration_id)
        .options(joinedload(Registration.event).joinedload(Event.venue),
                 joinedload(Registration.user), joinedload(Registration.organisation))
    )


# An event's registrations and check-in -----------------------------------------------------


def event_registrations_query(event: Event, status: RegistrationStatus):
    """Confirmed people by name, or the waitlist in its order."""
    query = (
        select(Registration).join(Registration.user)
        .where(Registration.event_id == event.id, Registration.status == status)
        .options(joinedload(Registration.user), joinedload(Registration.organisation))
    )
    if status is RegistrationStatus.WAITLISTED:
        return query.order_by(Registration.queued_at, Registration.id)
    return query.order_by(User.name, Registration.id)


def attendance(event: Event) -> tuple[int, int]:
    """(checked in, confirmed) for the event."""
    row = db.session.execute(
        select(func.count(Registration.checked_in_at), func.count())
        .where(Registration.event_id == event.id,
               Registration.status == RegistrationStatus.CONFIRMED)
    ).one()
    return row[0], row[1]


def search_registrations(event: Event, text: str) -> list[Registration]:
    """Live registrations whose person's name or e-mail, organisation or ticket code matches."""
    org_match = select(Membership.user_id).join(Membership.organisation).where(
        or_(contains(Organisation.name, text), contains(Organisation.name_zh, text)))
    reg_org = aliased(Organisation)
    return list(db.session.scalars(
        select(Registration)
        .join(Registration.user)
        .outerjoin(reg_org, reg_org.id == Registration.organisation_id)
        .where(Registration.event_id == event.id,
               Registration.status != RegistrationStatus.CANCELLED,
               or_(contains(User.name, text), contains(User.email, text),
                   contains(reg_org.name, text), contains(reg_org.name_zh, text),
                   Registration.user_id.in_(org_match),
                   Registration.ticket_code == text.strip().lower()))
        .options(joinedload(Registration.user), joinedload(Registration.organisation))
        .order_by(Registration.status, User.name, Registration.id)
        .limit(SEARCH_LIMIT)
    ))


def recent_check_ins(event: Event, limit: int = 10) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.checked_in_at.is_not(None))
        .options(joinedload(Registration.user), joinedload(Registration.organisation))
        .order_by(Registration.checked_in_at.desc(), Registration.id.desc())
        .limit(limit)
    ))


def user_organisations(user: User) -> list[Organisation]:
    """The organisations a user may register on behalf of (loaded with the user)."""
    return [membership.organisation for membership in user.memberships]

