"""Tenancy rules: the tenancy lifecycle, buildings and units, and leases that never overlap.

Each public function is one transaction: it checks the rules, writes, records the audit
entry and commits. A refusal is a DomainError with a translatable message.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from park.accounts.models import Organisation, OrgKind, OrgStatus, User
from park.accounts.services import unique_slug
from park.core.audit import diff, record
from park.core.errors import DomainError, commit_or_refuse
from park.core.time import now_utc
from park.extensions import db
from park.tenants.models import (
    HOLDING_STATUSES,
    TENANCY_TRANSITIONS,
    Building,
    Lease,
    LeaseStatus,
    Tenancy,
    TenancyStatus,
    Unit,
    UnitStatus,
)

# Tenancy -----------------------------------------------------------------------------------


def create_tenant(
    actor: User, *, name: str, name_zh: str = "", kind: OrgKind = OrgKind.DESIGN_FIRM,
    website: str = "", notes: str = "",
) -> Organisation:
    """A new organisation the park office is talking to: approved, a prospect, no members yet."""
    organisation = Organisation(
        slug=unique_slug(name), name=name.strip(), name_zh=name_zh.strip(), kind=kind,
        status=OrgStatus.APPROVED, website=website.strip(), decided_at=now_utc(),
        decided_by_id=actor.id,
    )
    db.session.add(organisation)
    tenancy = Tenancy(organisation=organisation, status=TenancyStatus.PROSPECT,
                      notes=notes.strip())
    db.session.add(tenancy)
    db.session.flush()
    record(actor, "tenancy.created", tenancy, organisation=organisation,
           summary=f"{organisation.name}: prospect")
    commit_or_refuse(_l("An organisation with this name was added at the same moment. "
                         "Please try again."), "name")
    return organisation


def track_as_tenant(actor: User, organisation: Organisation, notes: str = "") -> Tenancy:
    """Start following an existing organisation as a prospective tenant."""
    if organisation.tenancy is not None:
        raise DomainError(_l("%(organisation)s is already followed as a tenant.",
                             organisation=organisation.name))
    tenancy = Tenancy(organisation=organisation, status=TenancyStatus.PROSPECT,
                      notes=notes.strip())
    db.session.add(tenancy)
    db.session.flush()
    record(actor, "tenancy.created", tenancy, organisation=organisation,
           summary=f"{organisation.name}: prospect")
    commit_or_refuse(_l("%(organisation)s is already followed as a tenant.",
                         organisation=organisation.name))
    return tenancy


def change_tenancy_status(
    actor: User, tenancy: Tenancy, new_status: TenancyStatus, on: date | None
) -> None:
    """Move a tenancy along prospect → signed → settled → exited, dated `on`."""
    old_status = tenancy.status
    if new_status not in TENANCY_TRANSITIONS[old_status]:
        raise DomainError(_l("A tenancy cannot go from %(old)s to %(new)s.",
                             old=old_status.label, new=new_status.label))
    if new_status is not TenancyStatus.PROSPECT and on is None:
        raise DomainError(_l("Please enter the date."), "on")
    fields = _dates_for(tenancy, new_status, on)
    if new_status is TenancyStatus.EXITED:
        _refuse_exit_with_running_leases(tenancy, on)

    # The UPDATE only applies while the status is still the one this request saw: two
    # administrators clicking at once cannot both move the tenancy.
    result = db.session.execute(
        update(Tenancy)
        .where(Tenancy.id == tenancy.id, Tenancy.status == old_status)
        .values(status=new_status, updated_at=now_utc(), **fields)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise DomainError(_l("Someone else changed this tenancy a moment ago. "
                             "Please look at it again."))
    changes = {"status": [old_status, new_status]}
    changes.update({name: [getattr(tenancy, name), value] for name, value in fields.items()
                    if getattr(tenancy, name) != value})
    record(actor, f"tenancy.{new_status.value}", tenancy, organisation=tenancy.organisation,
           changes=changes, summary=f"{tenancy.organisation.name}: {new_status.value}")
    db.session.commit()
    db.session.refresh(tenancy)


def _dates_for(tenancy: Tenancy, status: TenancyStatus, on: date | None) -> dict:
    if status is TenancyStatus.PROSPECT:
        return {"signed_on": None, "settled_on": None, "exited_on": None}
    if status is TenancyStatus.SIGNED:
        return {"signed_on": on, "exited_on": None}
    if status is TenancyStatus.SETTLED:
        if tenancy.signed_on and on < tenancy.signed_on:
            raise DomainError(_l("A tenant cannot settle before it signed (%(date)s).",
                                 date=tenancy.signed_on.isoformat()), "on")
        return {"settled_on": on}
    latest = tenancy.settled_on or tenancy.signed_on
    if latest and on < latest:
        raise DomainError(_l("A tenant cannot exit before %(date)s.", date=latest.isoformat()),
                          "on")
    return {"exited_on": on}


def _refuse_exit_with_running_leases(tenancy: Tenancy, on: date) -> None:
    running = db.session.scalars(
        select(Lease)
        .join(Lease.unit)
        .where(Lease.organisation_id == tenancy.organisation_id,
               Lease.status == LeaseStatus.ACTIVE, Lease.end_on > on)
    ).all()
    if running:
        raise DomainError(_l(
            "End the leases of %(units)s first: they run past the exit date.",
            units=", ".join(lease.unit.label for lease in running)), "on")


def update_tenancy(
    actor: User, tenancy: Tenancy, *, signed_on: date | None, settled_on: date | None,
    exited_on: date | None, notes: str,
) -> None:
    """Correct a tenancy's dates and notes without moving its status."""
    status = tenancy.status
    if status in (TenancyStatus.SIGNED, TenancyStatus.SETTLED) and signed_on is None:
        raise DomainError(_l("A signed tenant needs its signing date."), "signed_on")
    if status is TenancyStatus.SETTLED and settled_on is None:
        raise DomainError(_l("A settled tenant needs its settling date."), "settled_on")
    if status is TenancyStatus.EXITED and exited_on is None:
        raise DomainError(_l("An exited tenant needs its exit date."), "exited_on")
    if signed_on and settled_on and settled_on < signed_on:
        raise DomainError(_l("The settling date cannot be before the signing date."),
                          "settled_on")
    if exited_on and max(filter(None, (signed_on, settled_on)), default=exited_on) > exited_on:
        raise DomainError(_l("The exit date cannot be before the signing or settling date."),
                          "exited_on")
    changes = diff(tenancy, {"signed_on": signed_on, "settled_on": settled_on,
                             "exited_on": exited_on, "notes": notes.strip()})
    if changes:
        record(actor, "tenancy.updated", tenancy, organisation=tenancy.organisation,
               changes=changes, summary=tenancy.organisation.name)
    db.session.commit()


# Buildings and units -----------------------------------------------------------------------


def create_building(actor: User, *, code: str, name: str, name_zh: str, floors: int) -> Building:
    code = code.strip().upper()
    if db.session.scalar(select(Building.id).where(Building.code == code)):
        raise DomainError(_l("Another building already has the code %(code)s.", code=code),
                          "code")
    building = Building(code=code, name=name.strip(), name_zh=name_zh.strip(), floors=floors)
    db.session.add(building)
    db.session.flush()
    record(actor, "building.created", building, summary=f"{code} {building.name}")
    commit_or_refuse(_l("Another building already has the code %(code)s.", code=code), "code")
    return building


def update_building(actor: User, building: Building, *, name: str, name_zh: str,
                    floors: int) -> None:
    highest = db.session.scalar(
        select(Unit.floor).where(Unit.building_id == building.id).order_by(Unit.floor.desc())
    )
    if highest is not None and floors < highest:
        raise DomainError(_l("Units are on floor %(floor)d: the building needs at least that "
                             "many floors.", floor=highest), "floors")
    changes = diff(building, {"name": name.strip(), "name_zh": name_zh.strip(),
                              "floors": floors})
    if changes:
        record(actor, "building.updated", building, changes=changes, summary=building.code)
    db.session.commit()


def _check_unit(building: Building, code: str, floor: int, area_m2: float,
                unit_id: int | None = None) -> None:
    if not 0 <= floor <= building.floors:
        raise DomainError(_l("Building %(building)s has floors 0 to %(floors)d.",
                             building=building.code, floors=building.floors), "floor")
    if area_m2 <= 0:
        raise DomainError(_l("The area must be more than 0 m²."), "area_m2")
    clash = db.session.scalar(
        select(Unit.id).where(Unit.building_id == building.id, Unit.code == code,
                              Unit.id != (unit_id or 0))
    )
    if clash:
        raise DomainError(_l("Building %(building)s already has a unit %(code)s.",
                             building=building.code, code=code), "code")


def create_unit(actor: User, building: Building, *, code: str, floor: int, area_m2: float,
                status: UnitStatus = UnitStatus.AVAILABLE) -> Unit:
    code = code.strip().upper()
    _check_unit(building, code, floor, area_m2)
    unit = Unit(building=building, code=code, floor=floor, area_m2=area_m2, status=status)
    db.session.add(unit)
    db.session.flush()
    record(actor, "unit.created", unit, summary=unit.label)
    commit_or_refuse(_l("Building %(building)s already has a unit %(code)s.",
                         building=building.code, code=code), "code")
    return unit


def update_unit(actor: User, unit: Unit, *, code: str, floor: int, area_m2: float,
                status: UnitStatus) -> None:
    code = code.strip().upper()
    _check_unit(unit.building, code, floor, area_m2, unit.id)
    changes = diff(unit, {"code": code, "floor": floor, "area_m2": area_m2, "status": status})
    if changes:
        record(actor, "unit.updated", unit, changes=changes, summary=unit.label)
    commit_or_refuse(_l("Building %(building)s already has a unit %(code)s.",
                         building=unit.building.code, code=code), "code")


# Leases ------------------------------------------------------------------------------------


def _lock_unit(unit: Unit) -> None:
    """Serialise lease writes per unit. The UPDATE takes the unit's row lock on PostgreSQL
    and the database's write lock on SQLite, so a second request checking for overlaps
    waits until the first has committed and then sees its lease."""
    db.session.execute(
        update(Unit).where(Unit.id == unit.id).values(updated_at=now_utc())
        .execution_options(synchronize_session=False)
    )


def overlapping_lease(unit: Unit, start_on: date, end_on: date,
                      ignore: Lease | None = None) -> Lease | None:
    query = select(Lease).where(
        Lease.unit_id == unit.id,
        Lease.status.in_(HOLDING_STATUSES),
        Lease.start_on <= end_on,
        Lease.end_on >= start_on,
    ).order_by(Lease.start_on)
    if ignore is not None:
        query = query.where(Lease.id != ignore.id)
    return db.session.scalars(query.limit(1)).first()


def _overlap_error(unit: Unit, other: Lease) -> DomainError:
    return DomainError(_l(
        "Unit %(unit)s is already let to %(organisation)s from %(start)s to %(end)s.",
        unit=unit.label, organisation=other.organisation.name,
        start=other.start_on.isoformat(), end=other.end_on.isoformat()), "start_on")


def _check_lease_dates(start_on: date, end_on: date, monthly_rent: int) -> None:
    if end_on < start_on:
        raise DomainError(_l("The lease cannot end before it starts."), "end_on")
    if monthly_rent < 0:
        raise DomainError(_l("The rent cannot be negative."), "monthly_rent")


def create_lease(
    actor: User, organisation: Organisation, unit: Unit, *, start_on: date, end_on: date,
    monthly_rent: int,
) -> Lease:
    """Let `unit` to `organisation`; refused when another lease holds the unit on any day."""
    _check_lease_dates(start_on, end_on, monthly_rent)
    tenancy = organisation.tenancy
    if tenancy is None or tenancy.status not in (TenancyStatus.SIGNED, TenancyStatus.SETTLED):
        raise DomainError(_l("Sign %(organisation)s as a tenant before letting it a unit.",
                             organisation=organisation.name), "unit")
    if unit.status is UnitStatus.OUT_OF_SERVICE:
        raise DomainError(_l("Unit %(unit)s is out of service.", unit=unit.label), "unit")
    _lock_unit(unit)
    other = overlapping_lease(unit, start_on, end_on)
    if other is not None:
        error = _overlap_error(unit, other)
        db.session.rollback()
        raise error
    lease = Lease(organisation=organisation, unit=unit, start_on=start_on, end_on=end_on,
                  monthly_rent=monthly_rent, status=LeaseStatus.ACTIVE)
    db.session.add(lease)
    db.session.flush()
    record(actor, "lease.created", lease, organisation=organisation,
           summary=f"{unit.label} {start_on.isoformat()}–{end_on.isoformat()}")
    commit_or_refuse(_l("Unit %(unit)s was let to someone else for these dates a moment ago.",
                         unit=unit.label), "start_on")
    return lease


def update_lease(actor: User, lease: Lease, *, start_on: date, end_on: date,
                 monthly_rent: int) -> None:
    """Change a lease's dates or rent, keeping it clear of the unit's other leases."""
    if lease.status is LeaseStatus.CANCELLED:
        raise DomainError(_l("A cancelled lease cannot be changed."))
    _check_lease_dates(start_on, end_on, monthly_rent)
    unit = lease.unit
    _lock_unit(unit)
    other = overlapping_lease(unit, start_on, end_on, ignore=lease)
    if other is not None:
        error = _overlap_error(unit, other)
        db.session.rollback()
        raise error
    changes = diff(lease, {"start_on": start_on, "end_on": end_on, "monthly_rent": monthly_rent})
    if changes:
        record(actor, "lease.updated", lease, organisation=lease.organisation, changes=changes,
               summary=unit.label)
    commit_or_refuse(_l("Unit %(unit)s was let to someone else for these dates a moment ago.",
                         unit=unit.label), "start_on")


def end_lease(actor: User, lease: Lease, end_on: date) -> None:
    """End a lease early (or on time): it keeps the unit until `end_on`, then frees it."""
    if lease.status is not LeaseStatus.ACTIVE:
        raise DomainError(_l("Only an active lease can be ended."))
    if not lease.start_on <= end_on <= lease.end_on:
        raise DomainError(_l("The end date must be between %(start)s and %(end)s.",
                             start=lease.start_on.isoformat(), end=lease.end_on.isoformat()),
                          "end_on")
    changes = diff(lease, {"end_on": end_on, "status": LeaseStatus.ENDED})
    record(actor, "lease.ended", lease, organisation=lease.organisation, changes=changes,
           summary=lease.unit.label)
    db.session.commit()


def cancel_lease(actor: User, lease: Lease) -> None:
    """Void a lease entered by mistake: it never held the unit."""
    if lease.status is LeaseStatus.CANCELLED:
        raise DomainError(_l("This lease is already cancelled."))
    changes = diff(lease, {"status": LeaseStatus.CANCELLED})
    record(actor, "lease.cancelled", lease, organisation=lease.organisation, changes=changes,
           summary=lease.unit.label)
    db.session.commit()
