"""B2B meetings at an event: the slots, who takes part, booking a table for two organisations,
answering and cancelling, and each participant's agenda.

A live meeting writes holds for its table and both organisations in its slot; the unique key
on the holds makes the database refuse a double booking however many ask at once. A request
that loses that race tries the next free table, or is refused with a message naming the clash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from park.accounts.models import Membership, Organisation, User
from park.core.audit import record
from park.core.errors import Conflict, DomainError
from park.core.models import storable_id
from park.core.notifications import organisation_param
from park.core.time import as_utc, now_utc, to_park_time
from park.events.models import (
    HOLDING_MEETING_STATUSES,
    Event,
    EventStatus,
    Meeting,
    MeetingHold,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from park.events.notices import (
    MEETING_ACCEPTED,
    MEETING_CANCELLED,
    MEETING_DECLINED,
    MEETING_REQUESTED,
    notify_meeting,
)
from park.extensions import db

MESSAGE_MAX = 1000


def meeting_slots(event: Event) -> list[datetime]:
    """The start of every slot, in UTC: from meetings_start_at, each meeting_minutes long,
    the last one ending by meetings_end_at."""
    if not (event.meetings_enabled and event.meetings_start_at and event.meetings_end_at):
        return []
    step = timedelta(minutes=event.meeting_minutes)
    slot, last = as_utc(event.meetings_start_at), as_utc(event.meetings_end_at)
    slots = []
    while slot + step <= last:
        slots.append(slot)
        slot += step
    return slots


def participants(event: Event) -> list[Organisation]:
    """Organisations someone is confirmed for at the event (registered on their behalf)."""
    ids = select(Registration.organisation_id).where(
        Registration.event_id == event.id,
        Registration.status == RegistrationStatus.CONFIRMED,
        Registration.organisation_id.is_not(None),
    )
    return list(db.session.scalars(
        select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)))


def participating_organisations(user: User, event: Event) -> list[Organisation]:
    """The user's own organisations that take part in the event."""
    taking_part = {o.id for o in participants(event)}
    return [m.organisation for m in user.memberships if m.organisation_id in taking_part]


def _name(organisation: Organisation) -> str:
    """An organisation's name for a message, in the language it will be read in."""
    return organisation.display_name(str(get_locale() or "en"))


def _hhmm(value: datetime) -> str:
    return to_park_time(value).strftime("%H:%M")


def _org_resource(organisation_id: int) -> str:
    return f"org:{organisation_id}"


def _table_resource(number: int) -> str:
    return f"table:{number}"


def _held(event_id: int, starts_at: datetime) -> set[str]:
    return set(db.session.scalars(select(MeetingHold.resource).where(
        MeetingHold.event_id == event_id, MeetingHold.starts_at == starts_at)))


def _free_table(event: Event, held: set[str]) -> int | None:
    for number in range(1, event.meeting_tables + 1):
        if _table_resource(number) not in held:
            return number
    return None


def _members(organisation: Organisation) -> list[User]:
    return [m.user for m in organisation.memberships if m.user.active]


def _check_request(actor: User, event: Event, requester: Organisation, invitee: Organisation,
                   starts_at: datetime) -> None:
    if not event.meetings_enabled or event.status is not EventStatus.PUBLISHED:
        raise DomainError(_l("This event does not offer one-to-one meetings."))
    if actor.membership_in(requester) is None:
        raise DomainError(_l("You can only request meetings for your own organisation."),
                          "requester")
    if requester.id == invitee.id:
        raise DomainError(_l("Choose another organisation to meet."), "invitee")
    taking_part = {o.id for o in participants(event)}
    if requester.id not in taking_part:
        raise DomainError(_l("%(org)s is not registered for this event.", org=_name(requester)),
                          "requester")
    if invitee.id not in taking_part:
        raise DomainError(_l("%(org)s is not registered for this event.", org=_name(invitee)),
                          "invitee")
    if starts_at not in meeting_slots(event):
        raise DomainError(_l("Please choose one of the event's meeting slots."), "starts_at")
    if starts_at <= now_utc():
        raise DomainError(_l("That slot has already begun."), "starts_at")


def request_meeting(actor: User, event: Event, requester: Organisation, invitee: Organisation,
                    starts_at: datetime, message: str = "") -> Meeting:
    """Ask `invitee` for a meeting in the slot starting at `starts_at`, at the lowest free
    table. Both parties and the table are held until the meeting is declined or cancelled."""
    starts_at = as_utc(starts_at)
    _check_request(actor, event, requester, invitee, starts_at)
    # Each lost race means someone else took a table or a party: at most one retry per table.
    for _attempt in range(event.meeting_tables + 1):
        held = _held(event.id, starts_at)
        for party in (requester, invitee):
            if _org_resource(party.id) in held:
                raise Conflict(_l("%(org)s is already booked at %(time)s.", org=_name(party),
                                  time=_hhmm(starts_at)), "starts_at")
        table = _free_table(event, held)
        if table is None:
            raise Conflict(_l("All tables are taken at %(time)s.", time=_hhmm(starts_at)),
                           "starts_at")
        meeting = _book(actor, event, requester, invitee, starts_at, table, message)
        if meeting is not None:
            return meeting
    raise Conflict(_l("Too many requests for %(time)s at once. Please try again.",
                      time=_hhmm(starts_at)), "starts_at")


def _book(actor, event, requester, invitee, starts_at, table, message) -> Meeting | None:
    """Write the meeting and its holds and commit; None when a concurrent booking won."""
    meeting = Meeting(event_id=event.id, starts_at=starts_at,
                      ends_at=starts_at + timedelta(minutes=event.meeting_minutes),
                      table_number=table, requester_id=requester.id, invitee_id=invitee.id,
                      requested_by_id=actor.id, status=MeetingStatus.REQUESTED,
                      message=(message or "").strip()[:MESSAGE_MAX])
    db.session.add(meeting)
    try:
        db.session.flush()
        db.session.add_all([
            MeetingHold(meeting_id=meeting.id, event_id=event.id, starts_at=starts_at,
                        resource=resource)
            for resource in (_table_resource(table), _org_resource(requester.id),
                             _org_resource(invitee.id))
        ])
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return None
    meeting.event, meeting.requester, meeting.invitee = event, requester, invitee
    record(actor, "meeting.requested", meeting, organisation=requester,
           summary=f"{requester.name} → {invitee.name}, {event.title}")
    notify_meeting(meeting, MEETING_REQUESTED, _members(invitee))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return meeting


def _change_status(meeting: Meeting, allowed: tuple[MeetingStatus, ...], status: MeetingStatus,
                   **values) -> None:
    """Move the meeting on only if it is still as this request saw it."""
    result = db.session.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.status.in_(allowed),
               Meeting.status == meeting.status)
        .values(status=status, updated_at=now_utc(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise Conflict(_l("This meeting was changed a moment ago. Please look again."))
    if status not in HOLDING_MEETING_STATUSES:
        db.session.execute(delete(MeetingHold).where(MeetingHold.meeting_id == meeting.id))


def answer_meeting(actor: User, meeting: Meeting, accept: bool) -> None:
    """The invited organisation accepts or declines; declining frees the slot and table."""
    if actor.membership_in(meeting.invitee) is None:
        raise DomainError(_l("Only %(org)s can answer this request.",
                             org=_name(meeting.invitee)))
    if meeting.status is not MeetingStatus.REQUESTED:
        raise Conflict(_l("This meeting has already been answered."))
    status = MeetingStatus.ACCEPTED if accept else MeetingStatus.DECLINED
    _change_status(meeting, (MeetingStatus.REQUESTED,), status, decided_by_id=actor.id)
    record(actor, f"meeting.{status.value}", meeting, organisation=meeting.invitee,
           summary=f"{meeting.requester.name} → {meeting.invitee.name}")
    notify_meeting(meeting, MEETING_ACCEPTED if accept else MEETING_DECLINED,
                   _members(meeting.requester))
    db.session.commit()
    db.session.refresh(meeting)


def cancel_meeting(actor: User, meeting: Meeting) -> None:
    """Either party calls a requested or accepted meeting off; its slot and table are freed."""
    if (actor.membership_in(meeting.requester) is None
            and actor.membership_in(meeting.invitee) is None):
        raise DomainError(_l("Only the two organisations can cancel this meeting."))
    if meeting.status not in HOLDING_MEETING_STATUSES:
        raise Conflict(_l("This meeting is no longer on."))
    ours = meeting.requester if actor.membership_in(meeting.requester) else meeting.invitee
    theirs = meeting.invitee if ours is meeting.requester else meeting.requester
    _change_status(meeting, HOLDING_MEETING_STATUSES, MeetingStatus.CANCELLED)
    record(actor, "meeting.cancelled", meeting, organisation=ours,
           summary=f"{meeting.requester.name} → {meeting.invitee.name}")
    notify_meeting(meeting, MEETING_CANCELLED, _members(theirs),
                   canceller=organisation_param(ours))
    db.session.commit()
    db.session.refresh(meeting)


# Reading ----------------------------------------------------------------------------------


def busy_organisations(event: Event) -> set[tuple[datetime, int]]:
    """(slot, organisation id) for every party held in a slot: busy, not with whom."""
    rows = db.session.execute(select(MeetingHold.starts_at, MeetingHold.resource).where(
        MeetingHold.event_id == event.id, MeetingHold.resource.like("org:%")))
    return {(as_utc(starts_at), int(resource.split(":", 1)[1])) for starts_at, resource in rows}


def tables_taken(event: Event) -> dict[datetime, int]:
    rows = db.session.execute(select(MeetingHold.starts_at, MeetingHold.resource).where(
        MeetingHold.event_id == event.id, MeetingHold.resource.like("table:%")))
    taken: dict[datetime, int] = {}
    for starts_at, _resource in rows:
        taken[as_utc(starts_at)] = taken.get(as_utc(starts_at), 0) + 1
    return taken


@dataclass
class Agenda:
    event: Event
    registration: Registration | None
    organisation_ids: set[int]
    meetings: list[Meeting] = field(default_factory=list)

    @property
    def incoming(self) -> list[Meeting]:
        """Requests the user's organisations have yet to answer."""
        return [m for m in self.meetings if m.status is MeetingStatus.REQUESTED
                and m.invitee_id in self.organisation_ids]

    @property
    def several_organisations(self) -> bool:
        """Whether the user meets for more than one of their organisations here."""
        return len({self.ours(m).id for m in self.meetings}) > 1

    def ours(self, meeting: Meeting) -> Organisation:
        return meeting.requester if meeting.requester_id in self.organisation_ids \
            else meeting.invitee

    def counterpart(self, meeting: Meeting) -> Organisation:
        return meeting.invitee if meeting.requester_id in self.organisation_ids \
            else meeting.requester


def organisation_meetings_query(organisation_ids, statuses=HOLDING_MEETING_STATUSES):
    return (select(Meeting)
            .where(Meeting.status.in_(statuses),
                   or_(Meeting.requester_id.in_(organisation_ids),
                       Meeting.invitee_id.in_(organisation_ids)))
            .options(joinedload(Meeting.requester), joinedload(Meeting.invitee))
            .order_by(Meeting.starts_at, Meeting.table_number, Meeting.id))


def own_organisation_ids(user: User) -> set[int]:
    return {m.organisation_id for m in user.memberships}


def agendas_query(user: User, event_id: int | None = None):
    """The live meetings of the user's organisations by time, at every event or at one, with
    their event: the agenda across events (the API's)."""
    query = organisation_meetings_query(own_organisation_ids(user)).options(
        joinedload(Meeting.event))
    if event_id is not None:
        query = query.where(Meeting.event_id == event_id)
    return query


def agenda(user: User, event: Event) -> Agenda:
    """The user's registration and their organisations' live meetings at the event, by time."""
    registration = db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.user_id == user.id))
    ids = own_organisation_ids(user)
    meetings = list(db.session.scalars(
        organisation_meetings_query(ids).where(Meeting.event_id == event.id))) if ids else []
    return Agenda(event=event, registration=registration, organisation_ids=ids,
                  meetings=meetings)


def _meeting_with_parties(meeting_id: int):
    """A meeting with both organisations' people (an answer tells the other side)."""
    return (select(Meeting).where(Meeting.id == meeting_id)
            .options(selectinload(Meeting.requester).selectinload(Organisation.memberships)
                     .joinedload(Membership.user),
                     selectinload(Meeting.invitee).selectinload(Organisation.memberships)
                     .joinedload(Membership.user)))


def meeting_of(event: Event, meeting_id: int) -> Meeting | None:
    """The meeting, only if it belongs to the event."""
    if not storable_id(meeting_id):
        return None
    return db.session.scalar(_meeting_with_parties(meeting_id).where(Meeting.event_id == event.id))


def meeting_by_id(meeting_id: int) -> Meeting | None:
    """The meeting with its event, whichever event it belongs to."""
    if not storable_id(meeting_id):
        return None
    return db.session.scalar(_meeting_with_parties(meeting_id)
                             .options(joinedload(Meeting.event)))
