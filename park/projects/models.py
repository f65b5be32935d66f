"""Projects, their members and partners, lifecycle stages and their history, deliverables with
versions, milestones and IP records."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import force_locale, lazy_pgettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
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
from park.directory.models import Specialty
from park.extensions import db
from park.projects.lifecycle import (
    DeliverableKind,
    StageKind,
    StageStatus,
    required_deliverable,
)


class ProjectStatus(enum.Enum):
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return PROJECT_STATUS_LABELS[self]


PROJECT_STATUS_LABELS = {
    ProjectStatus.ACTIVE: lazy_pgettext("project status", "Active"),
    ProjectStatus.ON_HOLD: lazy_pgettext("project status", "On hold"),
    ProjectStatus.COMPLETED: lazy_pgettext("project status", "Completed"),
    ProjectStatus.CANCELLED: lazy_pgettext("project status", "Cancelled"),
}


class Visibility(enum.Enum):
    PRIVATE = "private"
    PARK = "park"
    PUBLIC = "public"

    @property
    def label(self):
        return VISIBILITY_LABELS[self]

    @property
    def explanation(self):
        return VISIBILITY_EXPLANATIONS[self]


VISIBILITY_LABELS = {
    Visibility.PRIVATE: _l("Private"),
    Visibility.PARK: _l("Visible to the park"),
    Visibility.PUBLIC: _l("Public portfolio"),
}

VISIBILITY_EXPLANATIONS = {
    Visibility.PRIVATE: _l("Only the firm, the project's members and the client see it."),
    Visibility.PARK: _l("The park office sees it too, in the park's project overview."),
    Visibility.PUBLIC: _l("Its title, summary and stages appear in the firm's public "
                          "portfolio; files, milestones and notes stay private."),
}


class ProjectRole(enum.Enum):
    LEAD = "lead"
    DESIGNER = "designer"
    ENGINEER = "engineer"
    ARTIST = "artist"
    CLIENT_VIEWER = "client_viewer"
    ACADEMIC_ADVISOR = "academic_advisor"

    @property
    def label(self):
        return PROJECT_ROLE_LABELS[self]


PROJECT_ROLE_LABELS = {
    ProjectRole.LEAD: _l("Project lead"),
    ProjectRole.DESIGNER: _l("Designer"),
    ProjectRole.ENGINEER: _l("Engineer"),
    ProjectRole.ARTIST: _l("Artist"),
    ProjectRole.CLIENT_VIEWER: _l("Client viewer"),
    ProjectRole.ACADEMIC_ADVISOR: _l("Academic advisor"),
}

# Members in these roles work on the project: they upload, submit and keep milestones.
CONTRIBUTING_ROLES = frozenset(
    {ProjectRole.LEAD, ProjectRole.DESIGNER, ProjectRole.ENGINEER, ProjectRole.ARTIST}
)


project_partners = Table(
    "project_partners",
    db.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"),
           primary_key=True, index=True),
)


class Project(Timestamps, db.Model):
    """A design project owned by a firm. `version` guards against lost updates: a save made
    from a stale page is refused rather than silently overwriting someone else's."""

    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint("length(title) >= 2", name="title_not_short"),
        CheckConstraint("target_end_on IS NULL OR start_on IS NULL OR target_end_on >= start_on",
                        name="target_after_start"),
        CheckConstraint("client_id IS NULL OR client_id <> firm_id", name="client_not_firm"),
        Index("ix_projects_firm_status", "firm_id", "status"),
        Index("ix_projects_visibility_stage", "visibility", "current_stage"),
        # Every list is "most recently changed first": a page walks this index, not a sort of
        # every project.
        Index("ix_projects_updated", "updated_at", "id"),
        # The match score's completed/active counts per firm (and field) read only this index.
        Index("ix_projects_status_firm_specialty", "status", "firm_id", "specialty_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                         index=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    specialty_id: Mapped[int | None] = mapped_column(
        ForeignKey("specialties.id", ondelete="SET NULL"), index=True
    )
    template: Mapped[str] = mapped_column(String(40))
    start_on: Mapped[date | None] = mapped_column(Date)
    target_end_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ProjectStatus] = mapped_column(
        enum_column(ProjectStatus, "project_status"), default=ProjectStatus.ACTIVE, index=True
    )
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, "project_visibility"), default=Visibility.PRIVATE
    )
    # The first stage not yet approved or skipped (None once all are): kept by the lifecycle
    # service so lists and the board can group by it without reading every stage.
    current_stage: Mapped[StageKind | None] = mapped_column(
        enum_column(StageKind, "project_current_stage"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    firm: Mapped[Organisation] = relationship(foreign_keys=[firm_id])
    client: Mapped[Organisation | None] = relationship(foreign_keys=[client_id])
    specialty: Mapped[Specialty | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    partners: Mapped[list[Organisation]] = relationship(
        secondary=project_partners, order_by=Organisation.name
    )
    members: Mapped[list[ProjectMember]] = relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ProjectMember.id",
    )
    stages: Mapped[list[LifecycleStage]] = relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True,
        order_by="LifecycleStage.position",
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Milestone.due_on",
    )

    def member(self, user) -> ProjectMember | None:
        user_id = getattr(user, "id", None)
        return next((m for m in self.members if m.user_id == user_id), None)

    def stage_of(self, kind: StageKind) -> LifecycleStage | None:
        return next((s for s in self.stages if s.kind is kind), None)

    @property
    def current(self) -> LifecycleStage | None:
        return self.stage_of(self.current_stage) if self.current_stage else None

    def __repr__(self) -> str:
        return f"<Project {self.id} {self.title!r}>"


class ProjectMember(Timestamps, db.Model):
    __tablename__ = "project_members"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"),
                                            index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[ProjectRole] = mapped_column(enum_column(ProjectRole, "project_role"))

    project: Mapped[Project] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class LifecycleStage(db.Model):
    """One step of a project's lifecycle; `version` guards moves made from a stale page."""

    __tablename__ = "lifecycle_stages"
    __table_args__ = (
        UniqueConstraint("project_id", "kind"),
        UniqueConstraint("project_id", "position"),
        CheckConstraint("planned_end_on IS NULL OR planned_start_on IS NULL "
                        "OR planned_end_on >= planned_start_on", name="planned_in_order"),
        CheckConstraint("actual_end_on IS NULL OR actual_start_on IS NULL "
                        "OR actual_end_on >= actual_start_on", name="actual_in_order"),
        CheckConstraint("status NOT IN ('in_progress', 'awaiting_approval', 'approved') "
                        "OR actual_start_on IS NOT NULL", name="started_has_start_date"),
        CheckConstraint("status <> 'approved' OR actual_end_on IS NOT NULL",
                        name="approved_has_end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[StageKind] = mapped_column(enum_column(StageKind, "stage_kind"))
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[StageStatus] = mapped_column(
        enum_column(StageStatus, "stage_status"), default=StageStatus.PENDING, index=True
    )
    planned_start_on: Mapped[date | None] = mapped_column(Date)
    planned_end_on: Mapped[date | None] = mapped_column(Date)
    actual_start_on: Mapped[date | None] = mapped_column(Date)
    actual_end_on: Mapped[date | None] = mapped_column(Date)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                 index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc,
                                                 onupdate=now_utc, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project] = relationship(back_populates="stages")
    owner: Mapped[User | None] = relationship()
    deliverables: Mapped[list[Deliverable]] = relationship(
        back_populates="stage", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Deliverable.id",
    )

    @property
    def label(self):
        return self.kind.label


class StageTransition(db.Model):
    """The project's history: every move of every stage, who made it, when and why."""

    __tablename__ = "stage_transitions"
    __table_args__ = (Index("ix_stage_transitions_project_at", "project_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("lifecycle_stages.id", ondelete="CASCADE"),
                                          index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                 index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc,
                                                 nullable=False)
    from_status: Mapped[StageStatus | None] = mapped_column(
        enum_column(StageStatus, "transition_from_status")
    )
    to_status: Mapped[StageStatus] = mapped_column(enum_column(StageStatus, "transition_to_status"))
    comment: Mapped[str] = mapped_column(Text, default="")

    stage: Mapped[LifecycleStage] = relationship()
    actor: Mapped[User | None] = relationship()


class Deliverable(db.Model):
    """Something a stage produces (a drawing, a CAD export, a test report); each upload is a
    new version and the old ones stay."""

    __tablename__ = "deliverables"
    __table_args__ = (
        CheckConstraint("length(name) >= 1", name="name_not_empty"),
        UniqueConstraint("stage_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("lifecycle_stages.id", ondelete="CASCADE"),
                                          index=True)
    # Deliverables a stage requires by its kind carry the template's code and are shown in
    # the reader's language; `name` keeps the English one for uniqueness and exports.
    code: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[DeliverableKind] = mapped_column(enum_column(DeliverableKind,
                                                              "deliverable_kind"))
    required: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc,
                                                 nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                      index=True)

    stage: Mapped[LifecycleStage] = relationship(back_populates="deliverables")
    versions: Mapped[list[DeliverableVersion]] = relationship(
        back_populates="deliverable", cascade="all, delete-orphan", passive_deletes=True,
        order_by="DeliverableVersion.number.desc()",
    )

    def display_name(self, locale: str) -> str:
        template = required_deliverable(self.code)
        if template is None:
            return self.name
        with force_locale(locale):
            return str(template.name)

    @property
    def latest(self) -> DeliverableVersion | None:
        return self.versions[0] if self.versions else None


class DeliverableVersion(db.Model):
    __tablename__ = "deliverable_versions"
    __table_args__ = (
        UniqueConstraint("deliverable_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("size_bytes > 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deliverable_id: Mapped[int] = mapped_column(
        ForeignKey("deliverables.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc,
                                                  nullable=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    deliverable: Mapped[Deliverable] = relationship(back_populates="versions")
    uploaded_by: Mapped[User | None] = relationship()


class Milestone(Timestamps, db.Model):
    __tablename__ = "milestones"
    __table_args__ = (
        CheckConstraint("length(name) >= 1", name="name_not_empty"),
        Index("ix_milestones_open_due", "achieved_on", "due_on"),
        # Overdue milestones of one page of projects.
        Index("ix_milestones_project_open_due", "project_id", "achieved_on", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    achieved_on: Mapped[date | None] = mapped_column(Date)

    project: Mapped[Project] = relationship(back_populates="milestones")

    def overdue(self, today: date) -> bool:
        return self.achieved_on is None and self.due_on < today


class IpKind(enum.Enum):
    DESIGN_PATENT = "design_patent"
    UTILITY_MODEL = "utility_model"
    INVENTION_PATENT = "invention_patent"
    COPYRIGHT = "copyright"
    TRADEMARK = "trademark"

    @property
    def label(self):
        return IP_KIND_LABELS[self]


IP_KIND_LABELS = {
    IpKind.DESIGN_PATENT: _l("Design patent"),
    IpKind.UTILITY_MODEL: _l("Utility model"),
    IpKind.INVENTION_PATENT: _l("Invention patent"),
    IpKind.COPYRIGHT: _l("Copyright"),
    IpKind.TRADEMARK: _l("Trademark"),
}


class IpStatus(enum.Enum):
    DRAFTING = "drafting"
    FILED = "filed"
    GRANTED = "granted"
    REJECTED = "rejected"
    LAPSED = "lapsed"

    @property
    def label(self):
        return IP_STATUS_LABELS[self]


IP_STATUS_LABELS = {
    IpStatus.DRAFTING: lazy_pgettext("IP status", "Drafting"),
    IpStatus.FILED: lazy_pgettext("IP status", "Filed"),
    IpStatus.GRANTED: lazy_pgettext("IP status", "Granted"),
    IpStatus.REJECTED: lazy_pgettext("IP status", "Rejected"),
    IpStatus.LAPSED: lazy_pgettext("IP status", "Lapsed"),
}


class IpRecord(Timestamps, db.Model):
    """A design patent, utility model, invention patent, copyright or trademark of a project."""

    __tablename__ = "ip_records"
    __table_args__ = (
        CheckConstraint("length(title) >= 2", name="title_not_short"),
        CheckConstraint("granted_on IS NULL OR filed_on IS NULL OR granted_on >= filed_on",
                        name="granted_after_filed"),
        CheckConstraint("expires_on IS NULL OR filed_on IS NULL OR expires_on > filed_on",
                        name="expires_after_filed"),
        CheckConstraint("status IN ('drafting') OR filed_on IS NOT NULL",
                        name="filed_has_date"),
        CheckConstraint("status <> 'granted' OR granted_on IS NOT NULL",
                        name="granted_has_date"),
        UniqueConstraint("kind", "application_number"),
        Index("ix_ip_records_expires", "expires_on"),
        Index("ix_ip_records_renewal", "renewal_due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[IpKind] = mapped_column(enum_column(IpKind, "ip_kind"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # NULL while drafting; unique per kind once the office has given one.
    application_number: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[IpStatus] = mapped_column(enum_column(IpStatus, "ip_status"),
                                             default=IpStatus.DRAFTING, index=True)
    filed_on: Mapped[date | None] = mapped_column(Date)
    granted_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    renewal_due_on: Mapped[date | None] = mapped_column(Date)
    owners: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship()

    def next_deadline(self) -> date | None:
        """The earlier of renewal and expiry, for records that are still alive."""
        if self.status in (IpStatus.REJECTED, IpStatus.LAPSED):
            return None
        dates = [d for d in (self.renewal_due_on, self.expires_on) if d is not None]
        return min(dates) if dates else None
