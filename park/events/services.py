"""Venues and events: creating, editing, publishing and cancelling, with the rule that two
published events never share a venue at the same time. Each function is one transaction."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from park.accounts.models import User
from park.core.audit import diff, record
from park.core.caching import invalidate
from park.core.errors import DomainError, commit_or_refuse
from park.core.time import as_utc, to_park_time
from park.events.lists import CALENDAR_CACHE
from park.events.models import Event, EventStatus, Registration, RegistrationStatus, Venue
from park.events.notices import notify_event_cancelled, notify_event_changed
from park.extensions import db

# Venues -----------------------------------------------------------------------------------


def create_venue(actor: User, *, name: str, name_zh: str, location: str, capacity: int
                 ) -> Venue:
    venue = Venue(name=name.strip(), name_zh=name_zh.strip(), location=location.strip(),
                  capacity=capacity)
    taken = _l("Another venue is already called %(name)s.", name=venue.name)
    db.session.add(venue)
    try:
        db.session.flush()  # the unique name is checked here, before the audit entry
    except IntegrityError:
        db.session.rollback()
        raise DomainError(taken, "name") from None
    record(actor, "venue.created", venue, summary=venue.name)
    commit_or_refuse(taken, "name")
    return venue


def update_venue(actor: User, venue: Venue, *, name: str, name_zh: str, location: str,
                 capacity: int, active: bool) -> None:
    largest = db.session.scalar(
        select(Event.capacity).where(Event.venue_id == venue.id,
                                     Event.status != EventStatus.CANCELLED)
        .order_by(Event.capacity.desc()).limit(1)
    )
    if largest is not None and capacity < largest:
        raise DomainError(_l("An event here takes %(count)d people: the venue needs at least "
                             "that capacity.", count=largest), "capacity")
    changes = diff(venue, {"name": name.strip(), "name_zh": name_zh.strip(),
                           "location": location.strip(), "capacity": capacity,
                           "active": active})
    if changes:
        record(actor, "venue.updated", venue, changes=changes, summary=venue.name)
        commit_or_refuse(_l("Another venue is already called %(name)s.", name=venue.name),
                         "name")


# Events -----------------------------------------------------------------------------------

EVENT_FIELDS = ("title", "title_zh", "description", "description_zh", "kind", "venue",
                "starts_at", "ends_at", "capacity", "audience", "registration_opens_at",
                "registration_closes_at", "meetings_enabled", "meeting_minutes",
                "meeting_tables", "meetings_start_at", "meetings_end_at")


def _check_event(fields: dict, event: Event | None = None) -> None:
    starts_at, ends_at = fields["starts_at"], fields["ends_at"]
    if ends_at <= starts_at:
        raise DomainError(_l("The event must end after it starts."), "ends_at")
    venue: Venue = fields["venue"]
    if not venue.active:
        raise DomainError(_l("%(venue)s is not in use.", venue=venue.name), "venue")
    if fields["capacity"] > venue.capacity:
        raise DomainError(_l("%(venue)s holds at most %(count)d people.", venue=venue.name,
                             count=venue.capacity), "capacity")
    if event is not None and fields["capacity"] < event.confirmed_count:
        raise DomainError(_l("%(count)d people are already confirmed: the capacity cannot be "
                             "lower.", count=event.confirmed_count), "capacity")
    opens, closes = fields.get("registration_opens_at"), fields.get("registration_closes_at")
    if opens and closes and closes <= opens:
        raise DomainError(_l("Registration must close after it opens."),
                          "registration_closes_at")
    if closes and closes > ends_at:
        raise DomainError(_l("Registration cannot close after the event ends."),
                          "registration_closes_at")
    if fields.get("meetings_enabled"):
        first, last = fields.get("meetings_start_at"), fields.get("meetings_end_at")
        if not first or not last:
            raise DomainError(_l("Say when the one-to-one meetings run."), "meetings_start_at")
        if not starts_at <= first < last <= ends_at:
            raise DomainError(_l("The meetings must run within the event's time."),
                              "meetings_end_at")


def _clash(event_id: int | None, venue: Venue, starts_at: datetime, ends_at: datetime
           ) -> Event | None:
    return db.session.scalar(
        select(Event).where(
            Event.venue_id == venue.id, Event.status == EventStatus.PUBLISHED,
            Event.id != (event_id or 0), Event.starts_at < ends_at, Event.ends_at > starts_at,
        ).limit(1)
    )


def _refuse_clash(event: Event) -> None:
    """Under a lock on the venue (so two publishers cannot both pass the check), refuse a
    published event overlapping another published one in the same venue."""
    # Not flushed yet: PostgreSQL's exclusion constraint would refuse the row before the
    # check could name the clash.
    with db.session.no_autoflush:
        db.session.execute(update(Venue).where(Venue.id == event.venue_id)
                           .values(capacity=Venue.capacity))
        clash = _clash(event.id, event.venue, as_utc(event.starts_at), as_utc(event.ends_at))
    if clash is not None:
        message = _clash_message(clash)
        db.session.rollback()  # nothing of this change stays, not even flushed
        raise DomainError(message, "starts_at")


def _clash_message(clash: Event):
    starts, ends = to_park_time(clash.starts_at), to_park_time(clash.ends_at)
    return _l("%(venue)s is booked for “%(event)s” from %(start)s to %(end)s.",
              venue=clash.venue.name, event=clash.title,
              start=starts.strftime("%Y-%m-%d %H:%M"), end=ends.strftime("%Y-%m-%d %H:%M"))


def _commit_published(event: Event) -> None:
    """Commit; PostgreSQL's exclusion constraint catches a clash that slipped past."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        clash = _clash(event.id, event.venue, as_utc(event.starts_at), as_utc(event.ends_at))
        raise DomainError(_clash_message(clash) if clash else
                          _l("The venue is booked at that time."), "starts_at") from None
    invalidate(CALENDAR_CACHE)


def create_event(actor: User, **fields) -> Event:
    """A new event, as a draft unless `publish` is set."""
    publish = fields.pop("publish", False)
    _check_event(fields)
    event = Event(organiser_id=actor.id, status=EventStatus.DRAFT, confirmed_count=0,
                  **{name: fields.get(name) for name in EVENT_FIELDS if name in fields})
    db.session.add(event)
    db.session.flush()
    if publish:
        event.status = EventStatus.PUBLISHED
        _refuse_clash(event)
    record(actor, "event.created", event, summary=event.title)
    _commit_published(event)
    return event


def update_event(actor: User, event: Event, **fields) -> dict:
    """Change an event; the changes are returned so the caller can tell the registrants."""
    if event.status is EventStatus.CANCELLED:
        raise DomainError(_l("A cancelled event cannot be changed."))
    _check_event(fields, event)
    changes = diff(event, {name: fields[name] for name in EVENT_FIELDS
                           if name in fields and not _same(getattr(event, name), fields[name])})
    if "venue" in changes:
        changes["venue"] = [getattr(v, "name", v) for v in changes["venue"]]
    if not changes:
        return {}
    if event.status is EventStatus.PUBLISHED:
        _refuse_clash(event)
    record(actor, "event.updated", event, changes=changes, summary=event.title)
    _notify_changed(event, changes)
    _commit_published(event)
    return changes


def _same(stored, given) -> bool:
    """SQLite hands back times without their zone: compare them as the UTC they are."""
    if isinstance(stored, datetime) and isinstance(given, datetime):
        return as_utc(stored) == as_utc(given)
    return stored == given


def publish_event(actor: User, event: Event) -> None:
    if event.status is not EventStatus.DRAFT:
        raise DomainError(_l("Only a draft can be published."))
    event.status = EventStatus.PUBLISHED
    _refuse_clash(event)
    record(actor, "event.published", event, changes={"status": ["draft", "published"]},
           summary=event.title)
    _commit_published(event)


def cancel_event(actor: User, event: Event, reason: str = "") -> None:
    if event.status is EventStatus.CANCELLED:
        raise DomainError(_l("This event is already cancelled."))
    before = event.status
    event.status = EventStatus.CANCELLED
    record(actor, "event.cancelled", event, changes={"status": [before, event.status]},
           summary=event.title)
    if before is EventStatus.PUBLISHED:
        for registration in active_registrations(event):
            notify_event_cancelled(registration, reason.strip())
    db.session.commit()
    invalidate(CALENDAR_CACHE)


def active_registrations(event: Event) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration).where(Registration.event_id == event.id,
                                   Registration.status != RegistrationStatus.CANCELLED)
    ))


def _notify_changed(event: Event, changes: dict) -> None:
    if event.status is not EventStatus.PUBLISHED:
        return
    if not {"starts_at", "ends_at", "venue"} & set(changes):
        return
    for registration in active_registrations(event):
        notify_event_changed(registration)
