"""A matchmaking fair with one-to-one meetings and the organisations taking part in it, for
the meeting, calendar and notification tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from park.accounts.models import Organisation, OrgKind, User
from park.core.time import as_utc
from park.events.models import Event
from park.extensions import db
from tests.factories import EventFactory, OrganisationFactory, RegistrationFactory, member_of


def meeting_fair(tables: int = 2, slots: int = 3, minutes: int = 20, **fields) -> Event:
    """A published fair whose meetings start an hour in (18:00 park time: the factory's
    events start at 09:00 UTC), `slots` slots of `minutes` at `tables` tables."""
    event = EventFactory(meetings_enabled=True, meeting_minutes=minutes, meeting_tables=tables,
                         **fields)
    event.meetings_start_at = as_utc(event.starts_at) + timedelta(hours=1)
    event.meetings_end_at = event.meetings_start_at + timedelta(minutes=minutes * slots)
    db.session.commit()
    return event


def first_slot(event: Event):
    return as_utc(event.meetings_start_at)


def nth_slot(event: Event, n: int):
    return first_slot(event) + timedelta(minutes=event.meeting_minutes * n)


@dataclass
class Party:
    organisation: Organisation
    user: User


def take_part(event: Event, name: str, kind: OrgKind = OrgKind.DESIGN_FIRM, **user_fields
              ) -> Party:
    """An organisation confirmed at the event, and its member who registered for it."""
    organisation = OrganisationFactory(name=name, kind=kind)
    user = member_of(organisation, name=f"{name} person", **user_fields)
    RegistrationFactory(event=event, user=user, organisation=organisation)
    return Party(organisation, user)
