"""Who may see events, run them (organisers and the park office), check people in, and see
tickets and agendas (only their own)."""

from __future__ import annotations

from park.core.authz import policy
from park.core.policy import park_admin, signed_in
from park.events.models import EventStatus


@policy
def can_view_event(user, event) -> bool:
    """Published and cancelled events are public; drafts only for those who run them."""
    return event.status is not EventStatus.DRAFT or can_manage_event(user, event)


@policy
def can_create_events(user) -> bool:
    return park_admin(user)


@policy
def can_manage_event(user, event) -> bool:
    """Edit, publish, cancel, see the registrations: the event's organiser and the park office."""
    return park_admin(user) or (signed_in(user) and event.organiser_id == user.id)


@policy
def can_check_in(user, event) -> bool:
    return can_manage_event(user, event)


@policy
def can_manage_venues(user) -> bool:
    return park_admin(user)


@policy
def can_register(user, event) -> bool:
    return signed_in(user) and event.status is EventStatus.PUBLISHED


@policy
def can_view_registration(user, registration) -> bool:
    """A ticket is its holder's (the organisers see it through the check-in list)."""
    return signed_in(user) and registration.user_id == user.id


@policy
def can_book_meetings(user, event) -> bool:
    return signed_in(user) and event.meetings_enabled and event.status is EventStatus.PUBLISHED


@policy
def can_decide_meeting(user, meeting) -> bool:
    """The invited organisation's people accept or decline."""
    return signed_in(user) and user.membership_in(meeting.invitee) is not None


@policy
def can_cancel_meeting(user, meeting) -> bool:
    return signed_in(user) and (user.membership_in(meeting.requester) is not None
                                or user.membership_in(meeting.invitee) is not None)


@policy
def can_use_calendar_feed(user) -> bool:
    return signed_in(user)

