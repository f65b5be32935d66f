"""iCalendar (RFC 5545) for events: one event's .ics, and each user's personal feed (their
confirmed registrations and their organisations' accepted meetings) behind a secret token of
which only a SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from icalendar import Calendar
from icalendar import Event as VEvent
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from park.accounts.models import User
from park.core.audit import record
from park.core.errors import commit_or_refuse
from park.core.notifications import link_to
from park.core.time import as_utc, now_utc
from park.events.meetings import organisation_meetings_query
from park.events.models import (
    CalendarFeed,
    Event,
    EventStatus,
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from park.extensions import db

PRODID = "-//Chongqing Industrial Design Industrial Park//Park//EN"
# A feed carries what is to come and what ended recently, not years of history.
FEED_HISTORY = timedelta(days=90)
FEED_LIMIT = 500
ICS_EVENT_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


def _host() -> str:
    return urlsplit(current_app.config["PARK_BASE_URL"]).hostname or "park"


def _sequence(obj) -> int:
    """Grows with every change, as RFC 5545 asks: seconds between creation and last update."""
    if obj.created_at is None or obj.updated_at is None:
        return 0
    return max(0, int((as_utc(obj.updated_at) - as_utc(obj.created_at)).total_seconds()))


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _event_component(event: Event, locale: str, stamp: datetime) -> VEvent:
    component = VEvent()
    component.add("uid", f"event-{event.id}@{_host()}")
    component.add("dtstamp", stamp)
    component.add("dtstart", as_utc(event.starts_at))
    component.add("dtend", as_utc(event.ends_at))
    component.add("summary", event.display_title(locale))
    component.add("location", ", ".join(filter(None, [event.venue.display_name(locale),
                                                      event.venue.location])))
    description = event.display_description(locale)
    if description:
        component.add("description", description)
    component.add("url", link_to("events.event", event_id=event.id))
    component.add("sequence", _sequence(event))
    component.add("status", "CANCELLED" if event.status is EventStatus.CANCELLED
                  else "CONFIRMED")
    return component


def _meeting_component(meeting: Meeting, own_ids: set[int], locale: str, stamp: datetime
                       ) -> VEvent:
    ours = meeting.requester if meeting.requester_id in own_ids else meeting.invitee
    other = meeting.invitee if ours is meeting.requester else meeting.requester
    event = meeting.event
    component = VEvent()
    component.add("uid", f"meeting-{meeting.id}@{_host()}")
    component.add("dtstamp", stamp)
    component.add("dtstart", as_utc(meeting.starts_at))
    component.add("dtend", as_utc(meeting.ends_at))
    component.add("summary", _("Meeting with %(org)s", org=other.display_name(locale)))
    component.add("location", _("%(venue)s, table %(number)d",
                                venue=event.venue.display_name(locale),
                                number=meeting.table_number))
    description = _("One-to-one meeting at %(event)s between %(ours)s and %(other)s.",
                    event=event.display_title(locale), ours=ours.display_name(locale),
                    other=other.display_name(locale))
    if meeting.message:
        description += "\n\n" + meeting.message
    component.add("description", description)
    component.add("url", link_to("events.agenda", event_id=event.id))
    component.add("sequence", _sequence(meeting))
    component.add("status", "CONFIRMED")
    return component


def event_ics(event: Event, locale: str) -> bytes:
    """One published or cancelled event as an iCalendar file."""
    with force_locale(locale):
        calendar = _calendar(event.display_title(locale))
        calendar.add_component(_event_component(event, locale, now_utc()))
    return calendar.to_ical()


def feed_ics(user: User) -> bytes:
    """The user's feed, in their language: their confirmed places at published or cancelled
    events (a cancelled one says so, so calendars drop it) and their accepted meetings."""
    locale = user.locale or "en"
    since = now_utc() - FEED_HISTORY
    registrations = db.session.scalars(
        select(Registration)
        .join(Registration.event)
        .where(Registration.user_id == user.id,
               Registration.status == RegistrationStatus.CONFIRMED,
               Event.status.in_(ICS_EVENT_STATUSES), Event.ends_at >= since)
        .options(joinedload(Registration.event).joinedload(Event.venue))
        .order_by(Event.starts_at).limit(FEED_LIMIT)
    )
    own_ids = {m.organisation_id for m in user.memberships}
    meetings = list(db.session.scalars(
        organisation_meetings_query(own_ids, (MeetingStatus.ACCEPTED,))
        .where(Meeting.ends_at >= since)
        .options(joinedload(Meeting.event).joinedload(Event.venue))
        .limit(FEED_LIMIT)
    )) if own_ids else []
    stamp = now_utc()
    with force_locale(locale):
        calendar = _calendar(_("Park: %(name)s", name=user.name))
        for registration in registrations:
            calendar.add_component(_event_component(registration.event, locale, stamp))
        for meeting in meetings:
            calendar.add_component(_meeting_component(meeting, own_ids, locale, stamp))
    return calendar.to_ical()


# The feed's secret ----------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def create_feed(user: User) -> str:
    """A new secret feed address for the user (the old one stops working); returns the token,
    which is never stored and so can be shown only now."""
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    feed = CalendarFeed(user_id=user.id, token_hash=_hash(token))
    db.session.add(feed)
    db.session.flush()
    record(user, "calendar_feed.created", feed)
    commit_or_refuse(_l("Your feed address was changed a moment ago. Please look again."))
    return token


def revoke_feed(user: User) -> bool:
    """Stop the user's feed; False when there was none."""
    feed = feed_of(user)
    if feed is None:
        return False
    record(user, "calendar_feed.revoked", feed)
    db.session.delete(feed)
    db.session.commit()
    return True


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed a token opens (its use recorded), or None for an unknown or revoked one."""
    if not token or len(token) > 200:
        return None
    feed = db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.token_hash == _hash(token))
        .options(joinedload(CalendarFeed.user)))
    if feed is None or not feed.user.active:
        return None
    feed.last_used_at = now_utc()
    db.session.commit()
    return feed
