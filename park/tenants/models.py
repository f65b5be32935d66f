"""Tenancies, buildings, units and leases."""

from __future__ import annotations

import enum
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from park.accounts.models import Organisation
from park.core.models import Timestamps, enum_column
from park.extensions import db


class TenancyStatus(enum.Enum):
    PROSPECT = "prospect"
    SIGNED = "signed"
    SETTLED = "settled"
    EXITED = "exited"

    @property
    def label(self):
        return TENANCY_STATUS_LABELS[self]


TENANCY_STATUS_LABELS = {
    TenancyStatus.PROSPECT: _l("Prospect"),
    TenancyStatus.SIGNED: _l("Signed"),
    TenancyStatus.SETTLED: _l("Settled"),
    TenancyStatus.EXITED: _l("Exited"),
}

# The tenancy lifecycle as data: the service refuses any move not listed here. An exited
# tenant that comes back starts again as a prospect.
TENANCY_TRANSITIONS: dict[TenancyStatus, set[TenancyStatus]] = {
    TenancyStatus.PROSPECT: {TenancyStatus.SIGNED, TenancyStatus.EXITED},
    TenancyStatus.SIGNED: {TenancyStatus.SETTLED, TenancyStatus.EXITED},
    TenancyStatus.SETTLED: {TenancyStatus.EXITED},
    TenancyStatus.EXITED: {TenancyStatus.PROSPECT},
}


class UnitStatus(enum.Enum):
    """What the park says about a unit; whether it is let follows from its leases."""

    AVAILABLE = "available"
    RESERVED = "reserved"
    OUT_OF_SERVICE = "out_of_service"

    @property
    def label(self):
        return UNIT_STATUS_LABELS[self]


UNIT_STATUS_LABELS = {
    UnitStatus.AVAILABLE: _l("Available"),
    UnitStatus.RESERVED: _l("Reserved"),
    UnitStatus.OUT_OF_SERVICE: _l("Out of service"),
}


class Occupancy(enum.Enum):
    """A unit's state on a given day, as the floor plan colours it."""

    LET = "let"
    FREE = "free"
    RESERVED = "reserved"
    OUT_OF_SERVICE = "out_of_service"

    @property
    def label(self):
        return OCCUPANCY_LABELS[self]


OCCUPANCY_LABELS = {
    Occupancy.LET: _l("Let"),
    Occupancy.FREE: _l("Free"),
    Occupancy.RESERVED: _l("Reserved"),
    Occupancy.OUT_OF_SERVICE: _l("Out of service"),
}


class LeaseStatus(enum.Enum):
    """Active and ended leases hold their unit for their dates; cancelled ones never did."""

    ACTIVE = "active"
    ENDED = "ended"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return LEASE_STATUS_LABELS[self]


LEASE_STATUS_LABELS = {
    LeaseStatus.ACTIVE: _l("Active"),
    LeaseStatus.ENDED: _l("Ended"),
    LeaseStatus.CANCELLED: _l("Cancelled"),
}

HOLDING_STATUSES = (LeaseStatus.ACTIVE, LeaseStatus.ENDED)


class Tenancy(Timestamps, db.Model):
    """An organisation's relationship with the park as a tenant."""

    __tablename__ = "tenancies"
    __table_args__ = (
        CheckConstraint(
            "status NOT IN ('signed', 'settled') OR signed_on IS NOT NULL",
            name="signed_has_date",
        ),
        CheckConstraint("status <> 'settled' OR settled_on IS NOT NULL", name="settled_has_date"),
        CheckConstraint("status <> 'exited' OR exited_on IS NOT NULL", name="exited_has_date"),
        CheckConstraint(
            "settled_on IS NULL OR signed_on IS NULL OR settled_on >= signed_on",
            name="settled_after_signed",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[TenancyStatus] = mapped_column(
        enum_column(TenancyStatus, "tenancy_status"), default=TenancyStatus.PROSPECT, index=True
    )
    signed_on: Mapped[date | None] = mapped_column(Date)
    settled_on: Mapped[date | None] = mapped_column(Date)
    exited_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship(
        backref=backref("tenancy", uselist=False, passive_deletes=True)
    )

    @property
    def next_statuses(self) -> list[TenancyStatus]:
        return [s for s in TenancyStatus if s in TENANCY_TRANSITIONS[self.status]]


class Building(Timestamps, db.Model):
    __tablename__ = "buildings"
    __table_args__ = (
        CheckConstraint("floors >= 1 AND floors <= 200", name="floors_in_range"),
        CheckConstraint("length(code) >= 1", name="code_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str] = mapped_column(String(120), default="")
    floors: Mapped[int] = mapped_column(Integer, default=1)

    units: Mapped[list[Unit]] = relationship(
        back_populates="building", order_by="(Unit.floor.desc(), Unit.code)",
        passive_deletes=True,
    )

    def display_name(self, locale: str) -> str:
        if locale.startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name


class Unit(Timestamps, db.Model):
    __tablename__ = "units"
    __table_args__ = (
        UniqueConstraint("building_id", "code"),
        CheckConstraint("area_m2 > 0", name="area_positive"),
        CheckConstraint("length(code) >= 1", name="code_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(
        ForeignKey("buildings.id", ondelete="RESTRICT"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    floor: Mapped[int] = mapped_column(Integer)
    area_m2: Mapped[float] = mapped_column(Float)
    status: Mapped[UnitStatus] = mapped_column(
        enum_column(UnitStatus, "unit_status"), default=UnitStatus.AVAILABLE, index=True
    )

    building: Mapped[Building] = relationship(back_populates="units")
    leases: Mapped[list[Lease]] = relationship(
        back_populates="unit", order_by="Lease.start_on.desc()", passive_deletes=True
    )

    @property
    def label(self) -> str:
        return f"{self.building.code}-{self.code}"


class Lease(Timestamps, db.Model):
    """A unit let to an organisation from `start_on` to `end_on`, both days included.

    No two holding (active or ended) leases of one unit overlap: the service checks it with
    the unit row locked, and on PostgreSQL an exclusion constraint holds it as well.
    """

    __tablename__ = "leases"
    __table_args__ = (
        CheckConstraint("end_on >= start_on", name="ends_after_start"),
        CheckConstraint("monthly_rent >= 0", name="rent_not_negative"),
        ExcludeConstraint(
            (text("unit_id"), "="),
            (text("daterange(start_on, end_on, '[]')"), "&&"),
            name="ex_leases_no_overlap",
            using="gist",
            where=text("status <> 'cancelled'"),
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    start_on: Mapped[date] = mapped_column(Date, index=True)
    end_on: Mapped[date] = mapped_column(Date, index=True)
    monthly_rent: Mapped[int] = mapped_column(Integer)  # yuan per month
    status: Mapped[LeaseStatus] = mapped_column(
        enum_column(LeaseStatus, "lease_status"), default=LeaseStatus.ACTIVE, index=True
    )

    organisation: Mapped[Organisation] = relationship()
    unit: Mapped[Unit] = relationship(back_populates="leases")

    def covers(self, day: date) -> bool:
        return self.status in HOLDING_STATUSES and self.start_on <= day <= self.end_on


# The exclusion constraint compares unit ids with "=" inside a GiST index: btree_gist.
event.listen(
    Lease.__table__,
    "before_create",
    db.DDL("CREATE EXTENSION IF NOT EXISTS btree_gist").execute_if(dialect="postgresql"),
)
