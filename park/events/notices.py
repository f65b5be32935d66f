"""What events tell people, in-app and by e-mail: each kind of notice declared once, and the
functions the services call to send them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from park.core.notifications import link_to, notification_kind, notify
from park.core.time import to_park_time
from park.events.models import Event, Meeting, Registration

REGISTRATION_CONFIRMED = notification_kind(
    "event.confirmed",
    _l("Your place at %(event)s on %(when)s is confirmed. Your ticket is in Park."),
    _l("Registered: %(event)s"),
)
REGISTRATION_WAITLISTED = notification_kind(
    "event.waitlisted",
    _l("%(event)s is full: you are number %(position)s on the waitlist."),
    _l("On the waitlist: %(event)s"),
)
PROMOTED = notification_kind(
    "event.promoted",
    _l("A place opened up at %(event)s on %(when)s: you are confirmed."),
    _l("You have a place: %(event)s"),
)
EVENT_CHANGED = notification_kind(
    "event.changed",
    _l("%(event)s has changed: it is now on %(when)s at %(venue)s."),
    _l("Changed: %(event)s"),
)
EVENT_CANCELLED = notification_kind(
    "event.cancelled",
    _l("%(event)s on %(when)s has been cancelled. %(reason)s"),
    _l("Cancelled: %(event)s"),
)
REMINDER = notification_kind(
    "event.reminder",
    _l("Reminder: %(event)s starts %(when)s at %(venue)s."),
    _l("Tomorrow: %(event)s"),
)
MEETING_REQUESTED = notification_kind(
    "meeting.requested",
    _l("%(requester)s asks %(invitee)s for a meeting at %(event)s, %(when)s, table %(table)s."),
    _l("Meeting request from %(requester)s"),
)
MEETING_ACCEPTED = notification_kind(
    "meeting.accepted",
    _l("%(invitee)s accepted the meeting at %(event)s, %(when)s, table %(table)s."),
    _l("Meeting accepted by %(invitee)s"),
)
MEETING_CANCELLED = notification_kind(
    "meeting.cancelled",
    _l("%(canceller)s called off the meeting at %(event)s, %(when)s: the slot is free again."),
    _l("Meeting cancelled by %(canceller)s"),
)
MEETING_DECLINED = notification_kind(
    "meeting.declined",
    _l("%(invitee)s declined the meeting at %(event)s, %(when)s."),
    _l("Meeting declined by %(invitee)s"),
)


def _when(value) -> str:
    return to_park_time(value).strftime("%Y-%m-%d %H:%M")


def event_params(event: Event) -> dict:
    return {"event": {"en": event.title, "zh_CN": event.title_zh or event.title},
            "when": _when(event.starts_at),
            "venue": {"en": event.venue.name, "zh_CN": event.venue.name_zh or event.venue.name}}


def event_link(event: Event) -> str:
    return link_to("events.event", event_id=event.id)


def notify_registered(registration: Registration, position: int | None) -> None:
    event = registration.event
    if position is None:
        notify(registration.user, REGISTRATION_CONFIRMED, event_params(event),
               event_link(event))
    else:
        notify(registration.user, REGISTRATION_WAITLISTED,
               {**event_params(event), "position": position}, event_link(event))


def notify_promoted(registration: Registration) -> None:
    event = registration.event
    notify(registration.user, PROMOTED, event_params(event), event_link(event))


def notify_event_changed(registration: Registration) -> None:
    event = registration.event
    notify(registration.user, EVENT_CHANGED, event_params(event), event_link(event))


def notify_event_cancelled(registration: Registration, reason: str) -> None:
    event = registration.event
    notify(registration.user, EVENT_CANCELLED, {**event_params(event), "reason": reason},
           event_link(event))


def notify_reminder(registration: Registration) -> None:
    event = registration.event
    notify(registration.user, REMINDER, event_params(event), event_link(event))


def meeting_params(meeting: Meeting) -> dict:
    return {**event_params(meeting.event), "when": _when(meeting.starts_at),
            "table": meeting.table_number,
            "requester": {"en": meeting.requester.name,
                          "zh_CN": meeting.requester.name_zh or meeting.requester.name},
            "invitee": {"en": meeting.invitee.name,
                        "zh_CN": meeting.invitee.name_zh or meeting.invitee.name}}


def notify_meeting(meeting: Meeting, kind: str, recipients, **extra) -> None:
    link = link_to("events.agenda", event_id=meeting.event_id)
    for user in recipients:
        notify(user, kind, {**meeting_params(meeting), **extra}, link)
