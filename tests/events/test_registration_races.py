"""Fifty people register for ten places at the same moment, with real threads: exactly ten
are confirmed, the other forty wait in one unbroken line, nobody is lost or counted twice;
and cancellations racing each other promote exactly as many as they free."""

from __future__ import annotations

from sqlalchemy import select

from park.accounts.models import User
from park.core.errors import DomainError
from park.events import registration as registrations
from park.events.models import Event, Registration, RegistrationStatus
from park.extensions import db
from tests.factories import EventFactory, UserFactory
from tests.helpers import race

RACERS = 50
CAPACITY = 10


def _registrations(event_id: int) -> list[Registration]:
    db.session.expire_all()
    return list(db.session.scalars(
        select(Registration).where(Registration.event_id == event_id)
        .order_by(Registration.queued_at, Registration.id)))


def test_fifty_simultaneous_registrations_fill_ten_places_and_queue_the_rest(app):
    event_id = EventFactory(capacity=CAPACITY).id
    user_ids = [UserFactory().id for _ in range(RACERS)]
    db.session.remove()

    def registering(index):
        actor = db.session.get(User, user_ids[index])
        event = db.session.get(Event, event_id)
        _ = actor.memberships, event.venue
        return lambda: registrations.register(actor, event)

    results = race(app, RACERS, registering)

    problems = [r for r in results if isinstance(r, (tuple, DomainError))]
    assert not problems, problems
    rows = _registrations(event_id)
    assert len(rows) == RACERS and len({r.user_id for r in rows}) == RACERS
    confirmed = [r for r in rows if r.status is RegistrationStatus.CONFIRMED]
    waiting = [r for r in rows if r.status is RegistrationStatus.WAITLISTED]
    assert len(confirmed) == CAPACITY and len(waiting) == RACERS - CAPACITY
    assert [registrations.waitlist_position(r) for r in waiting] == list(
        range(1, RACERS - CAPACITY + 1))
    assert db.session.get(Event, event_id).confirmed_count == CAPACITY


def test_simultaneous_cancellations_promote_one_waiting_person_each(app):
    event = EventFactory(capacity=3)
    people = [UserFactory() for _ in range(6)]
    for person in people:
        registrations.register(person, event)
    confirmed_ids = [r.id for r in _registrations(event.id)
                     if r.status is RegistrationStatus.CONFIRMED]
    event_id, actor_ids = event.id, {r.id: r.user_id for r in _registrations(event.id)}
    db.session.remove()

    def cancelling(index):
        registration = db.session.get(Registration, confirmed_ids[index])
        actor = db.session.get(User, actor_ids[registration.id])
        _ = registration.event.venue
        return lambda: registrations.cancel_registration(actor, registration)

    results = race(app, len(confirmed_ids), cancelling)

    assert not [r for r in results if isinstance(r, (tuple, DomainError))], results
    rows = _registrations(event_id)
    statuses = [r.status for r in rows]
    assert statuses.count(RegistrationStatus.CANCELLED) == 3
    assert statuses.count(RegistrationStatus.CONFIRMED) == 3
    assert statuses.count(RegistrationStatus.WAITLISTED) == 0
    assert db.session.get(Event, event_id).confirmed_count == 3


def test_the_same_registration_cancelled_twice_at_once_frees_one_place(app):
    event = EventFactory(capacity=1)
    holder, waiting_one, waiting_two = UserFactory(), UserFactory(), UserFactory()
    for person in (holder, waiting_one, waiting_two):
        registrations.register(person, event)
    held_id = _registrations(event.id)[0].id
    event_id, holder_id = event.id, holder.id
    db.session.remove()

    def cancelling(index):
        registration = db.session.get(Registration, held_id)
        actor = db.session.get(User, holder_id)
        _ = registration.event.venue
        return lambda: registrations.cancel_registration(actor, registration)

    results = race(app, 4, cancelling)

    assert not [r for r in results if isinstance(r, tuple)], results
    assert len([r for r in results if isinstance(r, DomainError)]) == 3
    rows = _registrations(event_id)
    assert [r.status for r in rows] == [RegistrationStatus.CANCELLED,
                                        RegistrationStatus.CONFIRMED,
                                        RegistrationStatus.WAITLISTED]
    assert db.session.get(Event, event_id).confirmed_count == 1
