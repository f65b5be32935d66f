"""Users, organisations, memberships and invitations."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from park.core.models import Timestamps, enum_column
from park.extensions import db


class OrgKind(enum.Enum):
    DESIGN_FIRM = "design_firm"
    MANUFACTURER = "manufacturer"
    ACADEMIC = "academic"
    LAB = "lab"
    PUBLIC_BODY = "public_body"

    @property
    def label(self):
        return ORG_KIND_LABELS[self]


ORG_KIND_LABELS = {
    OrgKind.DESIGN_FIRM: _l("Design firm"),
    OrgKind.MANUFACTURER: _l("Manufacturer"),
    OrgKind.ACADEMIC: _l("Academic institution"),
    OrgKind.LAB: _l("Testing / inspection lab"),
    OrgKind.PUBLIC_BODY: _l("Public body"),
}


class OrgStatus(enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label(self):
        return ORG_STATUS_LABELS[self]


ORG_STATUS_LABELS = {
    OrgStatus.PENDING: _l("Awaiting approval"),
    OrgStatus.APPROVED: _l("Approved"),
    OrgStatus.REJECTED: _l("Rejected"),
}


class OrgRole(enum.Enum):
    OWNER = "owner"
    MANAGER = "manager"
    MEMBER = "member"

    @property
    def label(self):
        return ORG_ROLE_LABELS[self]


ORG_ROLE_LABELS = {
    OrgRole.OWNER: _l("Owner"),
    OrgRole.MANAGER: _l("Manager"),
    OrgRole.MEMBER: _l("Member"),
}


class User(UserMixin, Timestamps, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("locale IN ('en', 'zh_CN')", name="locale_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Membership.id"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def set_password(self, password: str) -> None:
        # Werkzeug's default is scrypt with a random salt.
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def membership_in(self, organisation: Organisation) -> Membership | None:
        return next(
            (m for m in self.memberships if m.organisation_id == organisation.id), None
        )

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class Organisation(Timestamps, db.Model):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint("length(slug) >= 2", name="slug_not_short"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[OrgKind] = mapped_column(enum_column(OrgKind, "org_kind"), index=True)
    status: Mapped[OrgStatus] = mapped_column(
        enum_column(OrgStatus, "org_status"), default=OrgStatus.PENDING, index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    description_zh: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(255), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="Membership.id"
    )
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    def display_name(self, locale: str) -> str:
        if locale.startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name

    def display_description(self, locale: str) -> str:
        if locale.startswith("zh") and self.description_zh:
            return self.description_zh
        return self.description or self.description_zh

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class Membership(Timestamps, db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[OrgRole] = mapped_column(enum_column(OrgRole, "org_role"), default=OrgRole.MEMBER)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


class Invitation(Timestamps, db.Model):
    """A link that lets the holder of `email` join `organisation` with `role`.

    Only a SHA-256 of the token is stored, so a database leak does not hand out invitations.
    """

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[OrgRole] = mapped_column(enum_column(OrgRole, "invitation_role"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    organisation: Mapped[Organisation] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
