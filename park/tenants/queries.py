"""Read side of tenancy: tenant lists, occupancy figures and floor plans, all in SQL."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from park.accounts.models import Membership, Organisation
from park.core.audit import AuditEntry
from park.core.caching import watch
from park.core.search import contains
from park.extensions import db
from park.tenants.models import (
    HOLDING_STATUSES,
    Building,
    Lease,
    Occupancy,
    Tenancy,
    TenancyStatus,
    Unit,
    UnitStatus,
)

# The tenant list is kept until a tenant, building, unit or lease changes; names of
# organisations and people it shows that change elsewhere may lag this long.
LIST_CACHE_SECONDS = 60
watch(Organisation, Tenancy, Building, Unit, Lease, namespace="tenants")


def _lease_covers(day: date):
    return and_(Lease.status.in_(HOLDING_STATUSES), Lease.start_on <= day, Lease.end_on >= day)


def _unit_is_let(day: date):
    return exists().where(Lease.unit_id == Unit.id, _lease_covers(day))


# Tenants ------------------------------------------------------------------------------------


def tenants_query(status: TenancyStatus | None = None, search: str = ""):
    query = (
        select(Organisation)
        .join(Tenancy, Tenancy.organisation_id == Organisation.id)
        .options(contains_eager(Organisation.tenancy))
        .order_by(func.lower(Organisation.name), Organisation.id)
    )
    if status is not None:
        query = query.where(Tenancy.status == status)
    if search:
        query = query.where(or_(contains(Organisation.name, search),
                                contains(Organisation.name_zh, search),
                                contains(Organisation.slug, search)))
    return query


def tenancy_counts_by_status() -> dict[TenancyStatus, int]:
    rows = db.session.execute(select(Tenancy.status, func.count()).group_by(Tenancy.status))
    return {status: count for status, count in rows}


@dataclass
class LetSpace:
    units: list[str]
    area_m2: float


def let_space_by_organisation(organisation_ids: list[int], day: date) -> dict[int, LetSpace]:
    """The units each organisation holds on `day`: one query for a whole page of tenants."""
    space: dict[int, LetSpace] = defaultdict(lambda: LetSpace([], 0.0))
    if not organisation_ids:
        return space
    rows = db.session.execute(
        select(Lease.organisation_id, Building.code, Unit.code, Unit.area_m2)
        .join(Lease.unit).join(Unit.building)
        .where(Lease.organisation_id.in_(organisation_ids), _lease_covers(day))
        .order_by(Building.code, Unit.code)
    )
    for organisation_id, building_code, unit_code, area in rows:
        space[organisation_id].units.append(f"{building_code}-{unit_code}")
        space[organisation_id].area_m2 += area
    return space


def tenant_leases(organisation: Organisation) -> list[Lease]:
    return list(db.session.scalars(
        select(Lease)
        .where(Lease.organisation_id == organisation.id)
        .options(joinedload(Lease.unit).joinedload(Unit.building))
        .order_by(Lease.start_on.desc(), Lease.id.desc())
    ))


def tenant_members(organisation: Organisation) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership)
        .where(Membership.organisation_id == organisation.id)
        .options(joinedload(Membership.user))
        .order_by(Membership.id)
    ))


def tenant_history_query(organisation: Organisation):
    return (
        select(AuditEntry)
        .where(AuditEntry.organisation_id == organisation.id)
        .options(joinedload(AuditEntry.actor))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )


# Occupancy ----------------------------------------------------------------------------------


@dataclass
class OccupancyFigures:
    units: int = 0
    units_let: int = 0
    units_reserved: int = 0
    area_m2: float = 0.0
    area_let_m2: float = 0.0
    # Not let and not reserved, but out of service: neither let nor on offer.
    units_out_of_service: int = 0
    area_reserved_m2: float = 0.0
    area_out_of_service_m2: float = 0.0

    @property
    def units_free(self) -> int:
        return self.units - self.units_let

    @property
    def area_free_m2(self) -> float:
        return self.area_m2 - self.area_let_m2

    @property
    def units_available(self) -> int:
        """Free units on offer: not let, not reserved, not out of service."""
        return self.units - self.units_let - self.units_reserved - self.units_out_of_service

    @property
    def area_available_m2(self) -> float:
        return (self.area_m2 - self.area_let_m2 - self.area_reserved_m2
                - self.area_out_of_service_m2)

    @property
    def let_ratio(self) -> float:
        """Share of the floor area that is let, 0 to 1."""
        return self.area_let_m2 / self.area_m2 if self.area_m2 else 0.0

    def add(self, other: OccupancyFigures) -> None:
        self.units += other.units
        self.units_let += other.units_let
        self.units_reserved += other.units_reserved
        self.area_m2 += other.area_m2
        self.area_let_m2 += other.area_let_m2
        self.units_out_of_service += other.units_out_of_service
        self.area_reserved_m2 += other.area_reserved_m2
        self.area_out_of_service_m2 += other.area_out_of_service_m2


def occupancy_by_building(
    day: date, building_id: int | None = None
) -> list[tuple[Building, OccupancyFigures]]:
    """Every building (or the one asked for) with its units and m², let, reserved, out of
    service and free on `day`, from one query."""
    let = _unit_is_let(day)
    reserved = and_(Unit.status == UnitStatus.RESERVED, ~let)
    out_of_service = and_(Unit.status == UnitStatus.OUT_OF_SERVICE, ~let)

    def units_where(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    def area_where(condition):
        return func.coalesce(func.sum(case((condition, Unit.area_m2), else_=literal(0.0))),
                             0.0)

    query = (
        select(
            Building,
            func.count(Unit.id),
            units_where(let),
            units_where(reserved),
            func.coalesce(func.sum(Unit.area_m2), 0.0),
            area_where(let),
            units_where(out_of_service),
            area_where(reserved),
            area_where(out_of_service),
        )
        .outerjoin(Unit, Unit.building_id == Building.id)
        .group_by(Building.id)
        .order_by(Building.code)
    )
    if building_id is not None:
        query = query.where(Building.id == building_id)
    return [
        (building, OccupancyFigures(int(units), int(units_let), int(units_reserved),
                                    float(area), float(area_let), int(units_out),
                                    float(area_reserved), float(area_out)))
        for (building, units, units_let, units_reserved, area, area_let, units_out,
             area_reserved, area_out) in db.session.execute(query)
    ]


def park_occupancy(by_building: list[tuple[Building, OccupancyFigures]]) -> OccupancyFigures:
    total = OccupancyFigures()
    for _building, figures in by_building:
        total.add(figures)
    return total


@dataclass
class UnitOnPlan:
    unit: Unit
    occupancy: Occupancy
    lease: Lease | None


def floor_plan(building: Building, day: date) -> dict[int, list[UnitOnPlan]]:
    """The building's units by floor (top floor first), each with its state on `day`."""
    current = (
        select(Lease.id)
        .where(Lease.unit_id == Unit.id, _lease_covers(day))
        .limit(1)
        .correlate(Unit)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Unit, Lease)
        .outerjoin(Lease, Lease.id == current)
        .where(Unit.building_id == building.id)
        .options(joinedload(Lease.organisation))
        .order_by(Unit.floor.desc(), Unit.code)
    )
    floors: dict[int, list[UnitOnPlan]] = {floor: [] for floor in
                                           range(building.floors, -1, -1)}
    for unit, lease in rows:
        floors.setdefault(unit.floor, []).append(
            UnitOnPlan(unit, _occupancy(unit, lease), lease))
    return {floor: units for floor, units in floors.items() if units or floor > 0}


def _occupancy(unit: Unit, lease: Lease | None) -> Occupancy:
    if lease is not None:
        return Occupancy.LET
    if unit.status is UnitStatus.OUT_OF_SERVICE:
        return Occupancy.OUT_OF_SERVICE
    if unit.status is UnitStatus.RESERVED:
        return Occupancy.RESERVED
    return Occupancy.FREE


def unit_leases(unit: Unit) -> list[Lease]:
    return list(db.session.scalars(
        select(Lease).where(Lease.unit_id == unit.id)
        .options(joinedload(Lease.organisation))
        .order_by(Lease.start_on.desc(), Lease.id.desc())
    ))


def lettable_units() -> list[Unit]:
    """Units a lease can be given for, grouped by building in the lease form."""
    return list(db.session.scalars(
        select(Unit).join(Unit.building)
        .where(Unit.status != UnitStatus.OUT_OF_SERVICE)
        .options(contains_eager(Unit.building))
        .order_by(Building.code, Unit.floor, Unit.code)
    ))


def building_by_code(code: str) -> Building | None:
    return db.session.scalar(select(Building).where(Building.code == code.upper()))


# Look-ups for the office's pages -------------------------------------------------------------


def tenant_by_slug(slug: str) -> Organisation | None:
    """An organisation followed as a tenant, with its tenancy; None for any other."""
    return db.session.scalar(
        select(Organisation)
        .join(Tenancy, Tenancy.organisation_id == Organisation.id)
        .where(Organisation.slug == slug)
        .options(contains_eager(Organisation.tenancy))
    )


def lease_by_id(lease_id: int) -> Lease | None:
    return db.session.scalar(
        select(Lease).where(Lease.id == lease_id)
        .options(joinedload(Lease.organisation), joinedload(Lease.unit).joinedload(Unit.building))
    )


def unit_by_id(unit_id: int) -> Unit | None:
    return db.session.scalar(
        select(Unit).where(Unit.id == unit_id).options(joinedload(Unit.building))
    )


def lease_takers() -> list[Organisation]:
    """Tenants a unit can be let to: those signed or settled, by name."""
    return list(db.session.scalars(
        select(Organisation)
        .join(Tenancy, Tenancy.organisation_id == Organisation.id)
        .where(Tenancy.status.in_((TenancyStatus.SIGNED, TenancyStatus.SETTLED)))
        .options(contains_eager(Organisation.tenancy))
        .order_by(func.lower(Organisation.name), Organisation.id)
    ))


def building_occupancy(building: Building, day: date) -> OccupancyFigures:
    """One building's figures on `day` (the floor plan's summary)."""
    rows = occupancy_by_building(day, building.id)
    return rows[0][1] if rows else OccupancyFigures()


def unit_state(unit: Unit, leases: list[Lease], day: date) -> tuple[Occupancy, Lease | None]:
    """A unit's state on `day` from its already loaded leases, as the floor plan shows it."""
    current = next((lease for lease in leases if lease.covers(day)), None)
    return _occupancy(unit, current), current
