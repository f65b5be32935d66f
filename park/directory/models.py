"""Taxonomies (specialties, service types), provider profiles and contact requests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from park.accounts.models import Organisation, OrgKind, User
from park.core.models import Timestamps
from park.core.time import now_utc
from park.extensions import db

# Organisations of these kinds offer design services and may be listed in the directory.
PROVIDER_KINDS = (OrgKind.DESIGN_FIRM, OrgKind.LAB, OrgKind.ACADEMIC)


class TaxonomyTerm(Timestamps):
    """A bilingual term with a stable code, shown in `position` order."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    name_zh: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0, index=True)

    def display_name(self, locale: str) -> str:
        if locale.startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name


class Specialty(TaxonomyTerm, db.Model):
    """A field a provider works in: automotive, motorcycle, aerospace apparel, ..."""

    __tablename__ = "specialties"
    __table_args__ = (CheckConstraint("length(code) >= 2", name="code_not_short"),)


class ServiceType(TaxonomyTerm, db.Model):
    """A service along the design chain: industrial design, CMF, mould design, testing, ..."""

    __tablename__ = "service_types"
    __table_args__ = (CheckConstraint("length(code) >= 2", name="code_not_short"),)


profile_specialties = Table(
    "profile_specialties",
    db.metadata,
    Column("organisation_id", ForeignKey("provider_profiles.organisation_id", ondelete="CASCADE"),
           primary_key=True),
    Column("specialty_id", ForeignKey("specialties.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)

profile_service_types = Table(
    "profile_service_types",
    db.metadata,
    Column("organisation_id", ForeignKey("provider_profiles.organisation_id", ondelete="CASCADE"),
           primary_key=True),
    Column("service_type_id", ForeignKey("service_types.id", ondelete="CASCADE"),
           primary_key=True, index=True),
)


class ProviderProfile(Timestamps, db.Model):
    """What the directory shows of a provider beyond its organisation record."""

    __tablename__ = "provider_profiles"
    __table_args__ = (
        CheckConstraint("capacity >= 0 AND capacity <= 1000", name="capacity_in_range"),
        CheckConstraint("(logo_file IS NULL) = (logo_type IS NULL)", name="logo_complete"),
    )

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    listed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    capacity: Mapped[int] = mapped_column(Integer, default=0)  # projects at once
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    logo_file: Mapped[str | None] = mapped_column(String(64))
    logo_type: Mapped[str | None] = mapped_column(String(40))

    organisation: Mapped[Organisation] = relationship(
        backref=backref("profile", uselist=False, passive_deletes=True)
    )
    specialties: Mapped[list[Specialty]] = relationship(
        secondary=profile_specialties, order_by=Specialty.position
    )
    service_types: Mapped[list[ServiceType]] = relationship(
        secondary=profile_service_types, order_by=ServiceType.position
    )


class ContactRequest(db.Model):
    """A manufacturer asking a provider to get in touch."""

    __tablename__ = "contact_requests"
    __table_args__ = (
        CheckConstraint("length(message) >= 1", name="message_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now_utc, nullable=False, index=True
    )
    provider_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    requester_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    message: Mapped[str] = mapped_column(Text)

    provider: Mapped[Organisation] = relationship(foreign_keys=[provider_id])
    requester: Mapped[Organisation] = relationship(foreign_keys=[requester_id])
    sender: Mapped[User | None] = relationship(foreign_keys=[sender_id])
