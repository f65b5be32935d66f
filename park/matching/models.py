"""Needs posted by organisations, academic people's profiles, "artists + engineers" teams,
and the matches that carry a need towards a project, with their history."""

from __future__ import annotations

import enum
import re
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from park.accounts.models import Organisation, User
from park.core.models import Timestamps, enum_column
from park.core.time import now_utc
from park.directory.models import ServiceType, Specialty
from park.events.models import Meeting
from park.extensions import db
from park.projects.models import Project

# Needs ---------------------------------------------------------------------------------------


class NeedStatus(enum.Enum):
    OPEN = "open"
    IN_DISCUSSION = "in_discussion"
    CONVERTED = "converted"
    CLOSED = "closed"

    @property
    def label(self):
        return NEED_STATUS_LABELS[self]


NEED_STATUS_LABELS = {
    NeedStatus.OPEN: lazy_pgettext("need status", "Open"),
    NeedStatus.IN_DISCUSSION: lazy_pgettext("need status", "In discussion"),
    NeedStatus.CONVERTED: lazy_pgettext("need status", "Converted to a project"),
    NeedStatus.CLOSED: lazy_pgettext("need status", "Closed"),
}

# Providers may still answer a need in these states.
ANSWERABLE_NEED_STATUSES = (NeedStatus.OPEN, NeedStatus.IN_DISCUSSION)


class NeedVisibility(enum.Enum):
    PARK = "park"
    INVITED = "invited"

    @property
    def label(self):
        return NEED_VISIBILITY_LABELS[self]


NEED_VISIBILITY_LABELS = {
    NeedVisibility.PARK: _l("Everyone in the park"),
    NeedVisibility.INVITED: _l("Invited providers only"),
}


need_specialties = Table(
    "need_specialties",
    db.metadata,
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
    Column("specialty_id", ForeignKey("specialties.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)

need_service_types = Table(
    "need_service_types",
    db.metadata,
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
    Column("service_type_id", ForeignKey("service_types.id", ondelete="CASCADE"),
           primary_key=True, index=True),
)


class Need(Timestamps, db.Model):
    """A brief an organisation (usually a manufacturer) posts for providers to answer."""

    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint("length(title) >= 3", name="title_not_short"),
        CheckConstraint("budget_min IS NULL OR budget_min >= 0", name="budget_min_positive"),
        CheckConstraint("budget_max IS NULL OR budget_min IS NULL OR budget_max >= budget_min",
                        name="budget_ordered"),
        CheckConstraint("project_id IS NULL OR status = 'converted'",
                        name="project_means_converted"),
        Index("ix_needs_status_visibility", "status", "visibility"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                          index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    budget_min: Mapped[int | None] = mapped_column(Integer)  # yuan
    budget_max: Mapped[int | None] = mapped_column(Integer)
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    visibility: Mapped[NeedVisibility] = mapped_column(
        enum_column(NeedVisibility, "need_visibility"), default=NeedVisibility.PARK
    )
    status: Mapped[NeedStatus] = mapped_column(
        enum_column(NeedStatus, "need_status"), default=NeedStatus.OPEN, index=True
    )
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="SET NULL"), index=True
    )
    closed_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    owner: Mapped[Organisation] = relationship(foreign_keys=[owner_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    project: Mapped[Project | None] = relationship()
    specialties: Mapped[list[Specialty]] = relationship(
        secondary=need_specialties, order_by=Specialty.position
    )
    service_types: Mapped[list[ServiceType]] = relationship(
        secondary=need_service_types, order_by=ServiceType.position
    )
    invitations: Mapped[list[NeedInvitation]] = relationship(
        back_populates="need", cascade="all, delete-orphan", passive_deletes=True,
        order_by="NeedInvitation.id",
    )

    @property
    def answerable(self) -> bool:
        return self.status in ANSWERABLE_NEED_STATUSES


class NeedInvitation(db.Model):
    """An organisation or a team invited to see and answer an invited-only need."""

    __tablename__ = "need_invitations"
    __table_args__ = (
        CheckConstraint("(organisation_id IS NULL) <> (team_id IS NULL)", name="one_invitee"),
        UniqueConstraint("need_id", "organisation_id"),
        UniqueConstraint("need_id", "team_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"),
                                                index=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    need: Mapped[Need] = relationship(back_populates="invitations")
    organisation: Mapped[Organisation | None] = relationship()
    team: Mapped[Team | None] = relationship()


# Academic people and teams ------------------------------------------------------------------


class Discipline(enum.Enum):
    ART_DESIGN = "art_design"
    ENGINEERING = "engineering"

    @property
    def label(self):
        return DISCIPLINE_LABELS[self]


DISCIPLINE_LABELS = {
    Discipline.ART_DESIGN: _l("Art and design"),
    Discipline.ENGINEERING: _l("Engineering"),
}


class AcademicPosition(enum.Enum):
    FACULTY = "faculty"
    STUDENT = "student"

    @property
    def label(self):
        return ACADEMIC_POSITION_LABELS[self]


ACADEMIC_POSITION_LABELS = {
    AcademicPosition.FACULTY: _l("Faculty"),
    AcademicPosition.STUDENT: _l("Student"),
}


class Availability(enum.Enum):
    AVAILABLE = "available"
    LIMITED = "limited"
    UNAVAILABLE = "unavailable"

    @property
    def label(self):
        return AVAILABILITY_LABELS[self]


AVAILABILITY_LABELS = {
    Availability.AVAILABLE: _l("Available for projects"),
    Availability.LIMITED: _l("A few hours a week"),
    Availability.UNAVAILABLE: _l("Not available at the moment"),
}


class AcademicProfile(Timestamps, db.Model):
    """What a member of the institute offers to teams: discipline, skills, availability."""

    __tablename__ = "academic_profiles"
    __table_args__ = (Index("ix_academic_profiles_listing", "listed", "discipline"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[AcademicPosition] = mapped_column(
        enum_column(AcademicPosition, "academic_position")
    )
    discipline: Mapped[Discipline] = mapped_column(enum_column(Discipline, "profile_discipline"))
    skills: Mapped[str] = mapped_column(String(500), default="")
    availability: Mapped[Availability] = mapped_column(
        enum_column(Availability, "availability"), default=Availability.AVAILABLE
    )
    bio: Mapped[str] = mapped_column(Text, default="")
    listed: Mapped[bool] = mapped_column(Boolean, default=True)

    user: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()

    @property
    def skill_list(self) -> list[str]:
        return split_skills(self.skills)


def split_skills(text: str) -> list[str]:
    """Skills as typed, separated by commas (ASCII or Chinese), enumeration commas or
    semicolons."""
    return [skill.strip() for skill in re.split(r"[,，、;；]", text) if skill.strip()]


team_specialties = Table(
    "team_specialties",
    db.metadata,
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    Column("specialty_id", ForeignKey("specialties.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)

team_service_types = Table(
    "team_service_types",
    db.metadata,
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    Column("service_type_id", ForeignKey("service_types.id", ondelete="CASCADE"),
           primary_key=True, index=True),
)


class Team(Timestamps, db.Model):
    """An "artists + engineers" team: people from several organisations working as one.

    Its home organisation runs the projects the team takes on."""

    __tablename__ = "teams"
    __table_args__ = (CheckConstraint("length(name) >= 2", name="name_not_short"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    listed: Mapped[bool] = mapped_column(Boolean, default=True, index=True)

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()
    members: Mapped[list[TeamMember]] = relationship(
        back_populates="team", cascade="all, delete-orphan", passive_deletes=True,
        order_by="TeamMember.id",
    )
    specialties: Mapped[list[Specialty]] = relationship(
        secondary=team_specialties, order_by=Specialty.position
    )
    service_types: Mapped[list[ServiceType]] = relationship(
        secondary=team_service_types, order_by=ServiceType.position
    )

    def member(self, user) -> TeamMember | None:
        user_id = getattr(user, "id", None)
        return next((m for m in self.members if m.user_id == user_id), None)

    @property
    def artists(self) -> int:
        return sum(1 for m in self.members if m.discipline is Discipline.ART_DESIGN)

    @property
    def engineers(self) -> int:
        return sum(1 for m in self.members if m.discipline is Discipline.ENGINEERING)


class TeamMember(db.Model):
    __tablename__ = "team_members"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The organisation the person comes from (the institute, a firm): kept with the member so
    # the team's mix of organisations shows without reading every membership.
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    discipline: Mapped[Discipline] = mapped_column(enum_column(Discipline, "member_discipline"))
    role: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    team: Mapped[Team] = relationship(back_populates="members")
    user: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()


# Matches -------------------------------------------------------------------------------------


class MatchStatus(enum.Enum):
    INTERESTED = "interested"
    SHORTLISTED = "shortlisted"
    INTRO_REQUESTED = "intro_requested"
    INTRODUCED = "introduced"
    MEETING = "meeting"
    CONVERTED = "converted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self):
        return MATCH_STATUS_LABELS[self]


MATCH_STATUS_LABELS = {
    MatchStatus.INTERESTED: lazy_pgettext("match status", "Interested"),
    MatchStatus.SHORTLISTED: lazy_pgettext("match status", "Shortlisted"),
    MatchStatus.INTRO_REQUESTED: lazy_pgettext("match status", "Introduction requested"),
    MatchStatus.INTRODUCED: lazy_pgettext("match status", "Introduced"),
    MatchStatus.MEETING: lazy_pgettext("match status", "Meeting proposed"),
    MatchStatus.CONVERTED: lazy_pgettext("match status", "Converted to a project"),
    MatchStatus.DECLINED: lazy_pgettext("match status", "Declined"),
    MatchStatus.WITHDRAWN: lazy_pgettext("match status", "Withdrawn"),
}

CLOSED_MATCH_STATUSES = frozenset(
    {MatchStatus.CONVERTED, MatchStatus.DECLINED, MatchStatus.WITHDRAWN}
)


class Match(Timestamps, db.Model):
    """A provider (an organisation or a team) in play for a need. Each step's first time is
    kept so the funnel counts how far matches got, even those declined later."""

    __tablename__ = "matches"
    __table_args__ = (
        CheckConstraint("(provider_id IS NULL) <> (team_id IS NULL)", name="one_provider"),
        CheckConstraint("project_id IS NULL OR status = 'converted'",
                        name="project_means_converted"),
        UniqueConstraint("need_id", "provider_id"),
        UniqueConstraint("need_id", "team_id"),
        Index("ix_matches_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"))
    provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"),
                                                index=True)
    status: Mapped[MatchStatus] = mapped_column(enum_column(MatchStatus, "match_status"))
    message: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was declined or withdrawn
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    interested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    shortlisted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    introduced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    meeting_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    converted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A proposed meeting: an event's one-to-one slot where one fits, otherwise a time and place.
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    meeting_starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    meeting_place: Mapped[str] = mapped_column(String(200), default="")
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="SET NULL"), index=True
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    need: Mapped[Need] = relationship()
    provider: Mapped[Organisation | None] = relationship(foreign_keys=[provider_id])
    team: Mapped[Team | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    meeting: Mapped[Meeting | None] = relationship()
    project: Mapped[Project | None] = relationship()
    steps: Mapped[list[MatchStep]] = relationship(
        back_populates="match", cascade="all, delete-orphan", passive_deletes=True,
        order_by="MatchStep.id",
    )

    @property
    def closed(self) -> bool:
        return self.status in CLOSED_MATCH_STATUSES

    def provider_name(self, locale: str) -> str:
        if self.team is not None:
            return self.team.name
        return self.provider.display_name(locale)


class MatchStep(db.Model):
    """One move of a match, for its history."""

    __tablename__ = "match_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"),
                                          index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                 index=True)
    from_status: Mapped[MatchStatus | None] = mapped_column(
        enum_column(MatchStatus, "step_from_status")
    )
    to_status: Mapped[MatchStatus] = mapped_column(enum_column(MatchStatus, "step_to_status"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    match: Mapped[Match] = relationship(back_populates="steps")
    actor: Mapped[User | None] = relationship()
