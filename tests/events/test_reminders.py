"""`flask events send-reminders`: a reminder a day ahead for each confirmed place at a published
event, in the registrant's language, never twice, even when two runs overlap."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from park.core.notifications import Notification
from park.core.time import now_utc
from park.events.cli import send_reminders
from park.events.models import EventStatus, Registration, RegistrationStatus
from park.events.notices import REMINDER
from park.extensions import db
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.helpers import race


def _event_in(hours: float, **fields):
    starts = now_utc() + timedelta(hours=hours)
    return EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=3), **fields)


def _reminders() -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(select(Notification).where(Notification.kind == REMINDER)))


def test_the_command_reminds_registrants_of_an_event_tomorrow(runner, outbox):
    user = UserFactory(name="Li Wei")
    RegistrationFactory(user=user, event=_event_in(20, title="Mould workshop"))

    result = runner.invoke(args=["events", "send-reminders"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Sent 1 reminder."
    assert [n.user_id for n in _reminders()] == [user.id]
    assert [m.to for m in outbox] == [[user.email]]
    assert outbox[0].subject == "Tomorrow: Mould workshop"


def test_running_again_sends_nothing_more(runner, outbox):
    RegistrationFactory(event=_event_in(20))
    runner.invoke(args=["events", "send-reminders"])

    result = runner.invoke(args=["events", "send-reminders"])

    assert result.output.strip() == "Sent 0 reminders."
    assert len(_reminders()) == 1 and len(outbox) == 1


def test_the_reminder_is_in_the_users_language(outbox):
    user = UserFactory(locale="zh_CN")
    RegistrationFactory(user=user, event=_event_in(5, title="Fair", title_zh="对接会"))

    send_reminders()

    assert "对接会" in outbox[0].subject and "对接会" in outbox[0].body


def test_events_more_than_a_day_ahead_or_already_begun_are_skipped(outbox):
    RegistrationFactory(event=_event_in(30))
    RegistrationFactory(event=_event_in(-1))

    assert send_reminders() == 0
    assert outbox == []


def test_waitlisted_cancelled_and_cancelled_events_get_no_reminder(outbox):
    soon = _event_in(10)
    RegistrationFactory(event=soon, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=soon, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=_event_in(10, status=EventStatus.CANCELLED))

    assert send_reminders() == 0


def test_the_registration_records_when_it_was_reminded(outbox):
    registration = RegistrationFactory(event=_event_in(10))

    send_reminders()

    db.session.expire_all()
    assert db.session.get(Registration, registration.id).reminder_sent_at is not None


def test_two_runs_at_the_same_moment_send_each_reminder_once(app, outbox):
    event = _event_in(10)
    for _ in range(5):
        RegistrationFactory(event=event)
    db.session.remove()

    results = race(app, 4, lambda index: send_reminders)

    assert not [r for r in results if isinstance(r, tuple)], results
    assert sum(results) == 5
    assert len(_reminders()) == 5
