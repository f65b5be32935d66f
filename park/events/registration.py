"""Registration: a place while there is one, the waitlist after, promotion when someone
cancels, and check-in at the door.

Capacity holds under any number of simultaneous registrations because a place is taken by
one conditional UPDATE (`confirmed_count < capacity`), which the database applies to one
request at a time; whoever's UPDATE matches no row goes on the waitlist.
"""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from park.accounts.models import Organisation, OrgKind, OrgStatus, User
from park.core.audit import record
from park.core.errors import Conflict, DomainError
from park.core.time import as_utc, now_utc
from park.events.models import (
    Audience,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from park.events.notices import notify_promoted, notify_registered
from park.extensions import db

AUDIENCE_KINDS = {
    Audience.DESIGN_FIRMS: {OrgKind.DESIGN_FIRM, OrgKind.LAB},
    Audience.MANUFACTURERS: {OrgKind.MANUFACTURER},
    Audience.ACADEMIC: {OrgKind.ACADEMIC},
}


def audience_allows(event: Event, user: User) -> bool:
    kinds = AUDIENCE_KINDS.get(event.audience)
    if kinds is None:
        return True
    return any(m.organisation.kind in kinds and m.organisation.status is OrgStatus.APPROVED
               for m in user.memberships)


def registration_open(event: Event, at=None) -> bool:
    at = at or now_utc()
    if event.status is not EventStatus.PUBLISHED or as_utc(event.starts_at) <= at:
        return False
    if event.registration_opens_at and at < as_utc(event.registration_opens_at):
        return False
    return not (event.registration_closes_at and at >= as_utc(event.registration_closes_at))


def _take_place(event_id: int) -> bool:
    result = db.session.execute(
        update(Event).where(Event.id == event_id, Event.confirmed_count < Event.capacity)
        .values(confirmed_count=Event.confirmed_count + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _release_place(event_id: int) -> None:
    db.session.execute(
        update(Event).where(Event.id == event_id)
        .values(confirmed_count=Event.confirmed_count - 1)
        .execution_options(synchronize_session=False)
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first on the waitlist; None when the registration is not waitlisted."""
    if registration.status is not RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(
        select(func.count()).select_from(Registration).where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            or_(Registration.queued_at < registration.queued_at,
                and_(Registration.queued_at == registration.queued_at,
                     Registration.id < registration.id)),
        )
    )
    return (ahead or 0) + 1


def register(actor: User, event: Event, organisation: Organisation | None = None
             ) -> Registration:
    """Register `actor` (on behalf of `organisation`, one of theirs): confirmed while places
    last, waitlisted after. Registering again after cancelling goes to the back of the line."""
    if not registration_open(event):
        raise DomainError(_l("Registration for this event is not open."))
    if not audience_allows(event, actor):
        raise DomainError(_l("This event is open to one audience only: %(audience)s.",
                             audience=event.audience.label))
    if organisation is not None and actor.membership_in(organisation) is None:
        raise DomainError(_l("You can only register on behalf of your own organisation."),
                          "organisation")
    existing = db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.user_id == actor.id))
    if existing is not None and existing.status is not RegistrationStatus.CANCELLED:
        raise Conflict(_l("You are already registered for this event."))

    confirmed = _take_place(event.id)
    status = RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITLISTED
    registration = existing or Registration(event_id=event.id, user_id=actor.id,
                                            ticket_code=secrets.token_hex(16))
    registration.status = status
    registration.organisation_id = organisation.id if organisation else None
    registration.queued_at = now_utc()
    registration.checked_in_at = None
    registration.reminder_sent_at = None
    db.session.add(registration)
    try:
        db.session.flush()
    except IntegrityError:  # the same person, registering twice at the same moment
        db.session.rollback()
        raise Conflict(_l("You are already registered for this event.")) from None
    record(actor, f"registration.{status.value}", registration, organisation=organisation,
           summary=event.title)
    registration.event = event
    notify_registered(registration, waitlist_position(registration))
    db.session.commit()
    return registration


def cancel_registration(actor: User, registration: Registration) -> Registration | None:
    """Give up a place or leave the waitlist. A freed place goes to the first on the waitlist,
    who is told; returns that promoted registration, if any."""
    if registration.status is RegistrationStatus.CANCELLED:
        raise Conflict(_l("This registration is already cancelled."))
    event = registration.event
    was_confirmed = registration.status is RegistrationStatus.CONFIRMED
    # Only the row still in the state this request saw is changed: two cancellations of one
    # registration free one place, not two.
    result = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id,
               Registration.status == registration.status)
        .values(status=RegistrationStatus.CANCELLED, updated_at=now_utc())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise Conflict(_l("This registration was changed a moment ago. Please look again."))
    promoted = None
    if was_confirmed:
        _release_place(event.id)
        if event.status is EventStatus.PUBLISHED and as_utc(event.starts_at) > now_utc():
            promoted = _promote_first(event)
    record(actor, "registration.cancelled", registration, summary=event.title)
    db.session.commit()
    db.session.refresh(registration)
    return promoted


def _promote_first(event: Event) -> Registration | None:
    first = db.session.scalar(
        select(Registration)
        .where(Registration.event_id == event.id,
               Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.queued_at, Registration.id).limit(1)
    )
    if first is None or not _take_place(event.id):
        return None
    first.status = RegistrationStatus.CONFIRMED
    record(None, "registration.promoted", first, summary=event.title)
    notify_promoted(first)
    return first


def check_in(actor: User, registration: Registration) -> None:
    if registration.status is not RegistrationStatus.CONFIRMED:
        raise DomainError(_l("Only a confirmed registration can be checked in."))
    result = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.checked_in_at.is_(None))
        .values(checked_in_at=now_utc(), checked_in_by_id=actor.id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise DomainError(_l("%(name)s is already checked in.", name=registration.user.name))
    record(actor, "registration.checked_in", registration, summary=registration.event.title)
    db.session.commit()
    db.session.refresh(registration)


def registration_by_ticket(event: Event, code: str) -> Registration | None:
    return db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.ticket_code == code.strip().lower()))
