"""Events: the public calendar and event pages, registering (with the waitlist) and cancelling,
and the one-to-one meetings of a matchmaking event with each participant's agenda."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError, fields, validate

from park.accounts.services import organisation_by_slug
from park.api.schemas import (
    OrganisationRefSchema,
    PageArgs,
    Schema,
    Shown,
    UtcDateTime,
    enum_field,
    id_field,
    page_body,
    page_of,
)
from park.api.setup import api_blueprint
from park.core.authz import authorize, guard
from park.core.errors import DomainError, found_or_404
from park.core.pagination import paginate, paginate_list
from park.core.policy import anyone, signed_in
from park.core.time import as_utc, park_today
from park.events import lists, meetings, registration
from park.events.meetings import MESSAGE_MAX
from park.events.models import (
    Audience,
    EventKind,
    EventStatus,
    MeetingStatus,
    RegistrationStatus,
)
from park.events.policy import (
    can_book_meetings,
    can_decide_meeting,
    can_register,
    can_view_registration,
)
from park.events.views.events import MONTH_ARG, _month_arg, event_or_404

blp = api_blueprint("api_events", __name__,
                    "The event calendar, registrations with their waitlist, and one-to-one "
                    "meetings at matchmaking events.")

SLUG_MAX = 80  # organisations.slug


# Schemas ----------------------------------------------------------------------------------


class VenueSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    name_zh = fields.String(required=True)
    location = fields.String(required=True)


class EventSummarySchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    title_zh = fields.String(required=True)
    kind = enum_field(EventKind, required=True)
    status = enum_field(EventStatus, required=True,
                        metadata={"description": "A cancelled event stays on the calendar."})
    audience = enum_field(Audience, required=True,
                          metadata={"description": "Whose organisations may register."})
    starts_at = UtcDateTime(required=True)
    ends_at = UtcDateTime(required=True)
    venue = fields.Nested(VenueSchema, required=True)
    capacity = fields.Integer(required=True)
    confirmed_count = fields.Integer(required=True,
                                     metadata={"description": "Confirmed registrations."})
    places_left = fields.Function(lambda event: max(event.capacity - event.confirmed_count, 0),
                                  required=True, metadata={"type": "integer"})
    registration_opens_at = UtcDateTime(required=True, allow_none=True)
    registration_closes_at = UtcDateTime(required=True, allow_none=True)
    meetings_enabled = fields.Boolean(required=True,
                                      metadata={"description": "One-to-one meetings run."})


class EventSchema(EventSummarySchema):
    description = fields.String(required=True)
    description_zh = fields.String(required=True)
    waitlist_count = fields.Integer(required=True)
    registration_open = fields.Boolean(
        required=True, metadata={"description": "Whether registering is possible now."})
    meeting_minutes = fields.Integer(required=True, metadata={"description": "A slot's length."})
    meeting_tables = fields.Integer(required=True)
    meetings_start_at = UtcDateTime(required=True, allow_none=True)
    meetings_end_at = UtcDateTime(required=True, allow_none=True)
    meeting_slots = fields.List(
        UtcDateTime(), required=True,
        metadata={"description": "Each meeting slot's start (empty without meetings)."})


class RegistrationSchema(Schema):
    id = fields.Integer(required=True)
    status = enum_field(RegistrationStatus, required=True)
    waitlist_position = fields.Integer(
        required=True, allow_none=True,
        metadata={"description": "1 is next for a freed place; null unless waitlisted."})
    event = fields.Nested(EventSummarySchema, required=True)
    organisation = fields.Nested(OrganisationRefSchema, required=True, allow_none=True,
                                 metadata={"description": "Registered on its behalf."})
    queued_at = UtcDateTime(required=True)
    checked_in_at = UtcDateTime(required=True, allow_none=True)


class EventRefSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    title_zh = fields.String(required=True)


class MeetingSchema(Schema):
    id = fields.Integer(required=True)
    event = fields.Nested(EventRefSchema, required=True)
    status = enum_field(MeetingStatus, required=True)
    starts_at = UtcDateTime(required=True)
    ends_at = UtcDateTime(required=True)
    table_number = fields.Integer(required=True)
    requester = fields.Nested(OrganisationRefSchema, required=True)
    invitee = fields.Nested(OrganisationRefSchema, required=True,
                            metadata={"description": "Its people accept or decline."})
    message = fields.String(required=True)


# Arguments and bodies ------------------------------------------------------------------------


def _calendar_month(value: str) -> None:
    """A month the calendar can show: YYYY-MM, as its ?month= takes it."""
    match = MONTH_ARG.fullmatch(value)
    if not match or not (1970 <= int(match.group(1)) <= 2999 and 1 <= int(match.group(2)) <= 12):
        raise ValidationError(_l("Please give a month between 1970-01 and 2999-12, such as "
                                 "2026-06."))


class CalendarArgs(PageArgs):
    kind = enum_field(EventKind)
    when = fields.String(
        validate=validate.OneOf(["upcoming", "past"]), load_default="upcoming",
        metadata={"description": "upcoming: still to come or running, soonest first; past: "
                                 "over, latest first."})
    month = fields.String(
        validate=_calendar_month,
        metadata={"description": "YYYY-MM: instead, the events running in that month (in the "
                                 "park's time zone), by start.", "example": "2026-06"})


class RegisterBody(Schema):
    organisation = fields.String(
        validate=validate.Length(min=1, max=SLUG_MAX), allow_none=True, load_default=None,
        metadata={"description": "Slug of one of your organisations to register on behalf "
                                 "of; without it you register only yourself."})


class MeetingRequestBody(Schema):
    requester = fields.String(required=True, validate=validate.Length(min=1, max=SLUG_MAX),
                              metadata={"description": "Slug of your organisation."})
    invitee = fields.String(required=True, validate=validate.Length(min=1, max=SLUG_MAX),
                            metadata={"description": "Slug of the organisation to meet."})
    starts_at = UtcDateTime(required=True,
                            metadata={"description": "The start of one of the event's "
                                                     "meeting_slots."})
    message = fields.String(load_default="", validate=validate.Length(max=MESSAGE_MAX),
                            metadata={"description": "What you would like to talk about."})


class AgendaArgs(PageArgs):
    event = id_field(
                           metadata={"description": "Only this event's meetings."})


# The calendar and events ---------------------------------------------------------------------


def _month_events(month, kind):
    """The events of the calendar's month grid that run in the month itself, by start."""
    grid = lists.month_grid(month, park_today(), kind)
    in_month = {event.id: event for week in grid.weeks for day in week if day.in_month
                for event in day.events}
    return sorted(in_month.values(), key=lambda event: (as_utc(event.starts_at), event.id))


@blp.route("/events", methods=["GET"])
@guard(anyone)
@blp.arguments(CalendarArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(EventSummarySchema))
def list_events(kind=None, when="upcoming", month=None, **_args):
    """The public calendar: published (and cancelled) events, to come or past, or by month."""
    if month is not None:
        return page_body(paginate_list(_month_events(_month_arg(park_today()), kind)))
    return page_body(paginate(lists.calendar_list_query(kind, past=when == "past")))


@blp.route("/events/<int:event_id>", methods=["GET"])
@guard(anyone)
@blp.response(200, EventSchema)
def get_event(event_id: int):
    """One event: its place, capacity and waitlist, registration window and meeting slots.

    Drafts are seen only by the event's organiser and the park office (404 for others)."""
    event = event_or_404(event_id)
    return Shown(event, waitlist_count=lists.waitlist_count(event),
                 registration_open=registration.registration_open(event),
                 meeting_slots=meetings.meeting_slots(event))


# Registrations ------------------------------------------------------------------------------


def _organisation_named(slug: str, field: str, message):
    """The organisation a body names by slug; an unknown one is refused at `field`."""
    organisation = organisation_by_slug(slug)
    if organisation is None:
        raise DomainError(message, field)
    return organisation


def _registration_out(mine):
    return Shown(mine, waitlist_position=registration.waitlist_position(mine))


@blp.route("/events/<int:event_id>/registrations", methods=["POST"])
@guard(signed_in)
@blp.arguments(RegisterBody)
@blp.response(201, RegistrationSchema)
def register(body: dict, event_id: int):
    """Register for an event: confirmed while places last, else on the waitlist.

    The answer's `waitlist_position` is your place in line (1 is next). Registering again
    while registered is a conflict (409); after cancelling you join at the back."""
    event = event_or_404(event_id)
    authorize(can_register, event)
    organisation = None
    if body["organisation"] is not None:
        organisation = _organisation_named(
            body["organisation"], "organisation",
            _l("You can only register on behalf of your own organisation."))
    return _registration_out(registration.register(current_user, event, organisation))


@blp.route("/registrations", methods=["GET"])
@guard(signed_in)
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(RegistrationSchema))
def list_my_registrations(**_args):
    """Your live registrations: events to come soonest first, then past ones latest first."""
    page = paginate(lists.my_registrations_query(current_user))
    positions = lists.waitlist_positions(page.items)
    page.items = [Shown(mine, waitlist_position=positions.get(mine.id))
                  for mine in page.items]
    return page_body(page)


@blp.route("/registrations/<int:registration_id>/cancel", methods=["POST"])
@guard(signed_in)
@blp.response(200, RegistrationSchema)
def cancel_registration(registration_id: int):
    """Cancel your registration or leave the waitlist; a freed place goes to the next in line.

    Only the registration's holder may cancel it (403 for others); an already cancelled one
    is a conflict (409)."""
    mine = found_or_404(lists.registration_by_id(registration_id))
    authorize(can_view_registration, mine)
    registration.cancel_registration(current_user, mine)
    return _registration_out(mine)


# One-to-one meetings -------------------------------------------------------------------------


@blp.route("/events/<int:event_id>/meetings", methods=["POST"])
@guard(signed_in)
@blp.arguments(MeetingRequestBody)
@blp.response(201, MeetingSchema)
def request_meeting(body: dict, event_id: int):
    """Ask another participating organisation for a meeting in one of the event's slots.

    The lowest free table is booked for both until the meeting is declined or cancelled. A
    party already booked, or no table free, in that slot is a conflict (409); an organisation
    not confirmed at the event or a time that is not a slot is refused (422)."""
    event = found_or_404(lists.event_by_id(event_id))
    authorize(can_book_meetings, event)
    requester = _organisation_named(
        body["requester"], "requester",
        _l("You can only request meetings for your own organisation."))
    invitee = _organisation_named(body["invitee"], "invitee",
                                  _l("Please choose the organisation to meet."))
    return meetings.request_meeting(current_user, event, requester, invitee,
                                    body["starts_at"], body["message"])


def _answer(meeting_id: int, accept: bool):
    meeting = found_or_404(meetings.meeting_by_id(meeting_id))
    authorize(can_decide_meeting, meeting)
    meetings.answer_meeting(current_user, meeting, accept)
    return meeting


@blp.route("/meetings/<int:meeting_id>/accept", methods=["POST"])
@guard(signed_in)
@blp.response(200, MeetingSchema)
def accept_meeting(meeting_id: int):
    """Accept a meeting requested of your organisation (its people only: 403 for others).

    A request already answered or cancelled is a conflict (409)."""
    return _answer(meeting_id, accept=True)


@blp.route("/meetings/<int:meeting_id>/decline", methods=["POST"])
@guard(signed_in)
@blp.response(200, MeetingSchema)
def decline_meeting(meeting_id: int):
    """Decline a meeting requested of your organisation; its slot and table are freed.

    A request already answered or cancelled is a conflict (409)."""
    return _answer(meeting_id, accept=False)


@blp.route("/meetings", methods=["GET"])
@guard(signed_in)
@blp.arguments(AgendaArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(MeetingSchema))
def list_my_meetings(event=None, **_args):
    """Your agenda: your organisations' requested and accepted meetings, by time."""
    return page_body(paginate(meetings.agendas_query(current_user, event)))
