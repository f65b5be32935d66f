"""Venues, events, registrations (with waitlist and ticket), B2B meetings and the holds that
keep tables and people from being double-booked, calendar feeds and notifications."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from park.accounts.models import Organisation, User
from park.core.models import Timestamps, enum_column
from park.core.time import now_utc
from park.extensions import db


class EventKind(enum.Enum):
    MATCHMAKING_FAIR = "matchmaking_fair"
    WORKSHOP = "workshop"
    EXHIBITION = "exhibition"
    ROADSHOW = "roadshow"
    SITE_VISIT = "site_visit"

    @property
    def label(self):
        return EVENT_KIND_LABELS[self]


EVENT_KIND_LABELS = {
    EventKind.MATCHMAKING_FAIR: _l("Matchmaking fair"),
    EventKind.WORKSHOP: _l("Workshop"),
    EventKind.EXHIBITION: _l("Exhibition"),
    EventKind.ROADSHOW: _l("Roadshow"),
    EventKind.SITE_VISIT: _l("Site visit"),
}


class Audience(enum.Enum):
    EVERYONE = "everyone"
    DESIGN_FIRMS = "design_firms"
    MANUFACTURERS = "manufacturers"
    ACADEMIC = "academic"

    @property
    def label(self):
        return AUDIENCE_LABELS[self]


AUDIENCE_LABELS = {
    Audience.EVERYONE: _l("Everyone"),
    Audience.DESIGN_FIRMS: _l("Design firms"),
    Audience.MANUFACTURERS: _l("Manufacturers"),
    Audience.ACADEMIC: _l("Academic"),
}


class EventStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return EVENT_STATUS_LABELS[self]


EVENT_STATUS_LABELS = {
    EventStatus.DRAFT: lazy_pgettext("event status", "Draft"),
    EventStatus.PUBLISHED: lazy_pgettext("event status", "Published"),
    EventStatus.CANCELLED: lazy_pgettext("event status", "Cancelled"),
}


class Venue(Timestamps, db.Model):
    """A room or hall of the park that events take place in."""

    __tablename__ = "venues"
    __table_args__ = (
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("length(name) >= 2", name="name_not_short"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    name_zh: Mapped[str] = mapped_column(String(120), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def display_name(self, locale: str) -> str:
        if locale.startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name


class Event(Timestamps, db.Model):
    """A cooperation event. `confirmed_count` is kept by the registration service with a
    conditional UPDATE, so capacity holds however many register at the same moment."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("confirmed_count >= 0 AND confirmed_count <= capacity",
                        name="confirmed_within_capacity"),
        CheckConstraint("registration_closes_at IS NULL OR registration_opens_at IS NULL "
                        "OR registration_closes_at > registration_opens_at",
                        name="registration_window_in_order"),
        CheckConstraint("NOT meetings_enabled OR (meeting_minutes BETWEEN 5 AND 240 "
                        "AND meeting_tables BETWEEN 1 AND 500)", name="meetings_configured"),
        Index("ix_events_status_starts", "status", "starts_at"),
        # PostgreSQL refuses two published events overlapping in one venue; on SQLite the
        # service checks it under a lock on the venue.
        ExcludeConstraint(
            (text("venue_id"), "="),
            (text("tstzrange(starts_at, ends_at)"), "&&"),
            name="ex_events_no_venue_overlap",
            using="gist",
            where=text("status = 'published'"),
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    title_zh: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_zh: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "event_kind"), index=True)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                     index=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="RESTRICT"),
                                          index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    capacity: Mapped[int] = mapped_column(Integer)
    confirmed_count: Mapped[int] = mapped_column(Integer, default=0)
    audience: Mapped[Audience] = mapped_column(enum_column(Audience, "event_audience"),
                                               default=Audience.EVERYONE)
    registration_opens_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    registration_closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[EventStatus] = mapped_column(enum_column(EventStatus, "event_status"),
                                                default=EventStatus.DRAFT)
    meetings_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    meeting_minutes: Mapped[int] = mapped_column(Integer, default=20)
    meeting_tables: Mapped[int] = mapped_column(Integer, default=10)
    meetings_start_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    meetings_end_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    venue: Mapped[Venue] = relationship()
    organiser: Mapped[User | None] = relationship()

    def display_title(self, locale: str) -> str:
        if locale.startswith("zh") and self.title_zh:
            return self.title_zh
        return self.title

    def display_description(self, locale: str) -> str:
        if locale.startswith("zh") and self.description_zh:
            return self.description_zh
        return self.description or self.description_zh



# The exclusion constraint compares venue ids with "=" inside a GiST index: btree_gist.
event.listen(
    Event.__table__,
    "before_create",
    db.DDL("CREATE EXTENSION IF NOT EXISTS btree_gist").execute_if(dialect="postgresql"),
)

class RegistrationStatus(enum.Enum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return REGISTRATION_STATUS_LABELS[self]


REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.CONFIRMED: lazy_pgettext("registration status", "Confirmed"),
    RegistrationStatus.WAITLISTED: lazy_pgettext("registration status", "On the waitlist"),
    RegistrationStatus.CANCELLED: lazy_pgettext("registration status", "Cancelled"),
}


class Registration(Timestamps, db.Model):
    """One person's place at an event (for themself, on behalf of their organisation).
    The waitlist is ordered by `queued_at`, then id."""

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        Index("ix_registrations_event_status_queue", "event_id", "status", "queued_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus, "registration_status")
    )
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    # A random code printed as the ticket's QR code; the check-in desk scans it.
    ticket_code: Mapped[str] = mapped_column(String(32), unique=True)
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checked_in_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reminder_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    event: Mapped[Event] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organisation: Mapped[Organisation | None] = relationship()


class MeetingStatus(enum.Enum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return MEETING_STATUS_LABELS[self]


MEETING_STATUS_LABELS = {
    MeetingStatus.REQUESTED: lazy_pgettext("meeting status", "Requested"),
    MeetingStatus.ACCEPTED: lazy_pgettext("meeting status", "Accepted"),
    MeetingStatus.DECLINED: lazy_pgettext("meeting status", "Declined"),
    MeetingStatus.CANCELLED: lazy_pgettext("meeting status", "Cancelled"),
}

# A meeting in one of these holds its table and both organisations for its slot.
HOLDING_MEETING_STATUSES = (MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED)


class Meeting(Timestamps, db.Model):
    """A one-to-one meeting between two participating organisations at an event's table."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("requester_id <> invitee_id", name="two_parties"),
        CheckConstraint("table_number >= 1", name="table_positive"),
        Index("ix_meetings_event_slot", "event_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    table_number: Mapped[int] = mapped_column(Integer)
    requester_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                              index=True)
    invitee_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                            index=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus, "meeting_status"),
                                                  default=MeetingStatus.REQUESTED)
    message: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship()
    requester: Mapped[Organisation] = relationship(foreign_keys=[requester_id])
    invitee: Mapped[Organisation] = relationship(foreign_keys=[invitee_id])
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])


class MeetingHold(db.Model):
    """What a live meeting occupies in its slot: its table and each party. The unique key
    makes the database refuse a double booking, whoever asks and however fast."""

    __tablename__ = "meeting_holds"
    __table_args__ = (UniqueConstraint("event_id", "starts_at", "resource"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resource: Mapped[str] = mapped_column(String(40))  # "table:3" or "org:17"


class CalendarFeed(db.Model):
    """A user's personal calendar feed: only a SHA-256 of its secret token is kept."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()
