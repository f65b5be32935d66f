"""`flask events send-reminders`: the reminder a day before each event, for cron."""

from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import AppGroup
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from park.core.time import now_utc
from park.events.models import Event, EventStatus, Registration, RegistrationStatus
from park.events.notices import notify_reminder
from park.extensions import db

events_cli = AppGroup("events", help="Run cooperation events.")

REMINDER_WINDOW = timedelta(hours=24)


def due_reminder_ids(now) -> list[int]:
    """Confirmed places at published events starting within the next 24 hours, not yet
    reminded."""
    return list(db.session.scalars(
        select(Registration.id).join(Registration.event)
        .where(Registration.status == RegistrationStatus.CONFIRMED,
               Registration.reminder_sent_at.is_(None),
               Event.status == EventStatus.PUBLISHED,
               Event.starts_at > now, Event.starts_at <= now + REMINDER_WINDOW)
        .order_by(Event.starts_at, Registration.id)
    ))


def _claim(registration_id: int, now) -> bool:
    """Mark the reminder sent, only if nobody has: two runs at once never both send it."""
    result = db.session.execute(
        update(Registration)
        .where(Registration.id == registration_id, Registration.reminder_sent_at.is_(None))
        .values(reminder_sent_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def send_reminders(now=None) -> int:
    """Remind everyone whose event starts within a day, once each; returns how many."""
    now = now or now_utc()
    sent = 0
    for registration_id in due_reminder_ids(now):
        if not _claim(registration_id, now):
            db.session.rollback()
            continue
        registration = db.session.scalar(
            select(Registration).where(Registration.id == registration_id)
            .options(joinedload(Registration.user),
                     joinedload(Registration.event).joinedload(Event.venue)))
        notify_reminder(registration)
        db.session.commit()  # the e-mail leaves once the claim and notification are stored
        sent += 1
    return sent


@events_cli.command("send-reminders")
def send_reminders_command():
    """E-mail and notify everyone registered for an event starting within 24 hours (once)."""
    sent = send_reminders()
    click.echo(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
