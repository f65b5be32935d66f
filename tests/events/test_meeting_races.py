"""Many organisations asking for the same person or the last table at the same moment, with
real threads: the database's holds let exactly as many win as there is room for, the others
get a clear refusal, and no database error leaks."""

from __future__ import annotations

from sqlalchemy import func, select

from park.accounts.models import Organisation, OrgKind, User
from park.core.errors import DomainError
from park.events import meetings as service
from park.events.models import Event, Meeting, MeetingHold
from park.extensions import db
from tests.events.meeting_setup import first_slot, meeting_fair, take_part
from tests.helpers import race

RACERS = 12


def _racing(event_id: int, pairs: list[tuple[int, int, int]]):
    """prepare(index) for `race`: pair = (user id, requester id, invitee id)."""

    def prepare(index):
        user_id, requester_id, invitee_id = pairs[index]
        actor = db.session.get(User, user_id)
        event = db.session.get(Event, event_id)
        requester = db.session.get(Organisation, requester_id)
        invitee = db.session.get(Organisation, invitee_id)
        _ = actor.memberships, event.venue, requester.memberships, invitee.memberships
        slot = first_slot(event)
        return lambda: service.request_meeting(actor, event, requester, invitee, slot, "")

    return prepare


def _meetings(event_id: int) -> list[Meeting]:
    db.session.expire_all()
    return list(db.session.scalars(select(Meeting).where(Meeting.event_id == event_id)))


def _hold_count(event_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(MeetingHold)
                             .where(MeetingHold.event_id == event_id))


def test_many_asking_the_same_organisation_for_the_same_slot_leave_one_meeting(app):
    fair = meeting_fair(tables=RACERS)
    wanted = take_part(fair, "Lotus Design")
    askers = [take_part(fair, f"Maker {i}", OrgKind.MANUFACTURER) for i in range(RACERS)]
    pairs = [(a.user.id, a.organisation.id, wanted.organisation.id) for a in askers]
    event_id, name = fair.id, wanted.organisation.name
    db.session.remove()

    results = race(app, RACERS, _racing(event_id, pairs))

    assert not [r for r in results if isinstance(r, tuple)], results
    refusals = [r for r in results if isinstance(r, DomainError)]
    assert len(refusals) == RACERS - 1
    assert {str(r.message) for r in refusals} == {f"{name} is already booked at 18:00."}
    assert len(_meetings(event_id)) == 1
    assert _hold_count(event_id) == 3


def test_many_pairs_racing_for_the_last_table_leave_one_meeting(app):
    fair = meeting_fair(tables=1)
    parties = [take_part(fair, f"Org {i}") for i in range(RACERS * 2)]
    pairs = [(parties[2 * i].user.id, parties[2 * i].organisation.id,
              parties[2 * i + 1].organisation.id) for i in range(RACERS)]
    event_id = fair.id
    db.session.remove()

    results = race(app, RACERS, _racing(event_id, pairs))

    assert not [r for r in results if isinstance(r, tuple)], results
    refusals = [r for r in results if isinstance(r, DomainError)]
    assert len(refusals) == RACERS - 1
    assert {str(r.message) for r in refusals} == {"All tables are taken at 18:00."}
    assert [m.table_number for m in _meetings(event_id)] == [1]


def test_pairs_racing_for_a_few_tables_each_get_a_different_one(app):
    tables = 4
    fair = meeting_fair(tables=tables)
    parties = [take_part(fair, f"Org {i}") for i in range(RACERS * 2)]
    pairs = [(parties[2 * i].user.id, parties[2 * i].organisation.id,
              parties[2 * i + 1].organisation.id) for i in range(RACERS)]
    event_id = fair.id
    db.session.remove()

    results = race(app, RACERS, _racing(event_id, pairs))

    assert not [r for r in results if isinstance(r, tuple)], results
    assert len([r for r in results if isinstance(r, Meeting)]) == tables
    assert sorted(m.table_number for m in _meetings(event_id)) == list(range(1, tables + 1))
    assert _hold_count(event_id) == tables * 3
