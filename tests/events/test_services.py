"""Events and registrations: the rules the services keep (venue clashes, capacity, audience,
the registration window, the waitlist and promotion) and the notices they send."""

from __future__ import annotations

from datetime import timedelta

import pytest

from park.accounts.models import OrgKind
from park.core.errors import DomainError
from park.core.notifications import Notification
from park.core.time import now_utc
from park.events import registration as registrations
from park.events import services
from park.events.models import Audience, EventKind, EventStatus, RegistrationStatus
from park.extensions import db
from tests.factories import (
    AdminFactory,
    EventFactory,
    OrganisationFactory,
    UserFactory,
    VenueFactory,
    member_of,
)


def _fields(venue, starts_at, hours=3, **overrides):
    fields = dict(title="CMF trends workshop", title_zh="CMF趋势工作坊", description="",
                  description_zh="", kind=EventKind.WORKSHOP, venue=venue, starts_at=starts_at,
                  ends_at=starts_at + timedelta(hours=hours), capacity=30,
                  audience=Audience.EVERYONE, registration_opens_at=None,
                  registration_closes_at=None, meetings_enabled=False, meeting_minutes=20,
                  meeting_tables=10, meetings_start_at=None, meetings_end_at=None)
    fields.update(overrides)
    return fields


def _soon(days=10):
    return (now_utc() + timedelta(days=days)).replace(hour=2, minute=0, second=0,
                                                       microsecond=0)


def test_publishing_an_event_that_overlaps_another_in_the_venue_names_the_clash():
    admin, venue = AdminFactory(), VenueFactory(name="Matchmaking Hall")
    services.create_event(admin, publish=True, **_fields(venue, _soon(), title="Spring fair"))
    with pytest.raises(DomainError) as refused:
        services.create_event(admin, publish=True,
                              **_fields(venue, _soon() + timedelta(hours=2)))
    assert refused.value.field == "starts_at"
    assert "Matchmaking Hall" in str(refused.value.message)
    assert "Spring fair" in str(refused.value.message)


def test_a_draft_may_overlap_but_cannot_be_published_over_another():
    admin, venue = AdminFactory(), VenueFactory()
    services.create_event(admin, publish=True, **_fields(venue, _soon()))
    draft = services.create_event(admin, **_fields(venue, _soon()))
    assert draft.status is EventStatus.DRAFT
    with pytest.raises(DomainError):
        services.publish_event(admin, draft)
    db.session.refresh(draft)
    assert draft.status is EventStatus.DRAFT


def test_back_to_back_events_in_one_venue_do_not_clash():
    admin, venue = AdminFactory(), VenueFactory()
    services.create_event(admin, publish=True, **_fields(venue, _soon(), hours=3))
    later = services.create_event(admin, publish=True,
                                  **_fields(venue, _soon() + timedelta(hours=3)))
    assert later.status is EventStatus.PUBLISHED


def test_capacity_above_the_venue_is_refused_at_that_field():
    with pytest.raises(DomainError) as refused:
        services.create_event(AdminFactory(), **_fields(VenueFactory(capacity=40), _soon(),
                                                         capacity=41))
    assert refused.value.field == "capacity"


def test_the_eleventh_registrant_waits_and_is_promoted_when_someone_cancels(outbox):
    event = EventFactory(capacity=10)
    people = [UserFactory() for _ in range(11)]
    placed = [registrations.register(person, event) for person in people]
    assert [p.status for p in placed].count(RegistrationStatus.CONFIRMED) == 10
    eleventh = placed[-1]
    assert eleventh.status is RegistrationStatus.WAITLISTED
    assert registrations.waitlist_position(eleventh) == 1

    promoted = registrations.cancel_registration(people[3], placed[3])

    assert promoted.id == eleventh.id
    db.session.refresh(eleventh)
    assert eleventh.status is RegistrationStatus.CONFIRMED
    assert outbox[-1].to == [people[-1].email]
    assert "A place opened up" in outbox[-1].body
    kinds = [n.kind for n in db.session.query(Notification).filter_by(user_id=people[-1].id)]
    assert kinds == ["event.waitlisted", "event.promoted"]


def test_registering_twice_is_refused():
    event, person = EventFactory(), UserFactory()
    registrations.register(person, event)
    with pytest.raises(DomainError, match="already registered"):
        registrations.register(person, event)


def test_registering_again_after_cancelling_goes_to_the_back_of_the_line():
    event = EventFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    mine = registrations.register(first, event)
    registrations.register(second, event)
    registrations.cancel_registration(first, mine)
    again = registrations.register(first, event)
    assert again.id == mine.id
    assert again.status is RegistrationStatus.WAITLISTED


def test_an_event_for_manufacturers_refuses_a_design_firm():
    event = EventFactory(audience=Audience.MANUFACTURERS)
    designer = member_of(OrganisationFactory(kind=OrgKind.DESIGN_FIRM))
    with pytest.raises(DomainError, match="Manufacturers"):
        registrations.register(designer, event)
    buyer = member_of(OrganisationFactory(kind=OrgKind.MANUFACTURER))
    assert registrations.register(buyer, event).status is RegistrationStatus.CONFIRMED


def test_registration_closes_when_the_window_ends():
    event = EventFactory(registration_closes_at=now_utc() - timedelta(hours=1))
    with pytest.raises(DomainError, match="not open"):
        registrations.register(UserFactory(), event)


def test_on_behalf_of_an_organisation_one_does_not_belong_to_is_refused():
    with pytest.raises(DomainError) as refused:
        registrations.register(UserFactory(), EventFactory(), OrganisationFactory())
    assert refused.value.field == "organisation"


def test_cancelling_an_event_tells_everyone_registered(outbox):
    event = EventFactory()
    people = [UserFactory() for _ in range(3)]
    for person in people:
        registrations.register(person, event)
    outbox.clear()
    services.cancel_event(AdminFactory(), event, reason="The hall is flooded.")
    assert sorted(m.to[0] for m in outbox) == sorted(p.email for p in people)
    assert all("The hall is flooded." in m.body for m in outbox)


def test_moving_an_event_tells_the_registrants_in_their_language(outbox):
    event = EventFactory()
    reader = UserFactory(locale="zh_CN")
    registrations.register(reader, event)
    outbox.clear()
    fields = _fields(event.venue, event.starts_at + timedelta(days=1), title=event.title,
                     title_zh=event.title_zh, capacity=event.capacity, kind=event.kind)
    services.update_event(AdminFactory(), event, **fields)
    assert outbox and event.title_zh in outbox[0].subject


def test_checking_in_twice_is_refused():
    event, person = EventFactory(), UserFactory()
    ticket = registrations.register(person, event)
    desk = AdminFactory()
    registrations.check_in(desk, ticket)
    with pytest.raises(DomainError, match="already checked in"):
        registrations.check_in(desk, ticket)


def test_a_waitlisted_registration_cannot_be_checked_in():
    event = EventFactory(capacity=1)
    registrations.register(UserFactory(), event)
    waiting = registrations.register(UserFactory(), event)
    with pytest.raises(DomainError):
        registrations.check_in(AdminFactory(), waiting)


def test_mail_is_not_sent_when_the_registration_is_rolled_back(outbox):
    event = EventFactory(capacity=1)
    with pytest.raises(DomainError):
        registrations.register(UserFactory(), EventFactory(status=EventStatus.DRAFT))
    assert outbox == []
    registrations.register(UserFactory(), event)
    assert len(outbox) == 1


def test_saving_an_event_unchanged_tells_nobody(outbox):
    event = EventFactory()
    registrations.register(UserFactory(), event)
    outbox.clear()
    db.session.expire_all()  # times come back from the database as stored
    fields = _fields(event.venue, event.starts_at, title=event.title, title_zh=event.title_zh,
                     description=event.description, capacity=event.capacity, kind=event.kind,
                     hours=8)
    assert services.update_event(AdminFactory(), event, **fields) == {}
    assert outbox == []
