"""Tenancy rules: the status machine and its dates, leases that never overlap on a unit, ending
and cancelling leases, and the occupancy figures the office reads."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from park.core.errors import DomainError
from park.extensions import db
from park.tenants import services
from park.tenants.models import (
    TENANCY_TRANSITIONS,
    Lease,
    LeaseStatus,
    Tenancy,
    TenancyStatus,
    UnitStatus,
)
from park.tenants.queries import occupancy_by_building, park_occupancy
from tests.factories import (
    AdminFactory,
    BuildingFactory,
    LeaseFactory,
    OrganisationFactory,
    TenancyFactory,
    UnitFactory,
)
from tests.helpers import audit_actions, count

S = TenancyStatus

# Dates that let each status stand on its own, before the move under test (2026-06-01).
DATES_FOR = {
    S.PROSPECT: {"signed_on": None, "settled_on": None},
    S.SIGNED: {"signed_on": date(2026, 1, 5), "settled_on": None},
    S.SETTLED: {"signed_on": date(2026, 1, 5), "settled_on": date(2026, 3, 1)},
    S.EXITED: {"signed_on": date(2026, 1, 5), "settled_on": date(2026, 3, 1),
               "exited_on": date(2026, 5, 1)},
}
MOVE_ON = date(2026, 6, 1)


def tenancy_in(status: TenancyStatus, **fields) -> Tenancy:
    return TenancyFactory(status=status, **{**DATES_FOR[status], **fields})


def signed_tenant(name="Toway Design", **fields):
    return TenancyFactory(organisation__name=name, **fields).organisation


def reload(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def let(unit, organisation, start, end, **fields):
    return services.create_lease(AdminFactory(), organisation, unit, start_on=start, end_on=end,
                                 monthly_rent=fields.pop("monthly_rent", 9000), **fields)


# The tenancy status machine ---------------------------------------------------------------

ALL_MOVES = [(old, new) for old in TenancyStatus for new in TenancyStatus if old is not new]


@pytest.mark.parametrize(("old", "new"), ALL_MOVES, ids=lambda s: s.value)
def test_tenancy_moves_exactly_as_the_transition_table_allows(app, old, new):
    tenancy = tenancy_in(old)

    if new in TENANCY_TRANSITIONS[old]:
        services.change_tenancy_status(AdminFactory(), tenancy, new, MOVE_ON)
        assert reload(tenancy).status is new
        assert audit_actions()[-1] == f"tenancy.{new.value}"
    else:
        with pytest.raises(DomainError) as refused:
            services.change_tenancy_status(AdminFactory(), tenancy, new, MOVE_ON)
        assert str(refused.value.message) == (
            f"A tenancy cannot go from {old.label} to {new.label}.")
        assert reload(tenancy).status is old
        assert audit_actions() == []


def test_signing_records_the_date(app):
    tenancy = tenancy_in(S.PROSPECT)

    services.change_tenancy_status(AdminFactory(), tenancy, S.SIGNED, date(2026, 4, 2))

    assert reload(tenancy).signed_on == date(2026, 4, 2)


def test_signing_without_a_date_is_refused_at_the_date_field(app):
    tenancy = tenancy_in(S.PROSPECT)

    with pytest.raises(DomainError) as refused:
        services.change_tenancy_status(AdminFactory(), tenancy, S.SIGNED, None)

    assert refused.value.field == "on"
    assert reload(tenancy).status is S.PROSPECT


def test_settling_before_the_signing_date_is_refused(app):
    tenancy = tenancy_in(S.SIGNED)

    with pytest.raises(DomainError) as refused:
        services.change_tenancy_status(AdminFactory(), tenancy, S.SETTLED, date(2026, 1, 4))

    assert str(refused.value.message) == "A tenant cannot settle before it signed (2026-01-05)."
    assert refused.value.field == "on"
    assert reload(tenancy).status is S.SIGNED


def test_exiting_before_settling_is_refused(app):
    tenancy = tenancy_in(S.SETTLED)

    with pytest.raises(DomainError) as refused:
        services.change_tenancy_status(AdminFactory(), tenancy, S.EXITED, date(2026, 2, 28))

    assert str(refused.value.message) == "A tenant cannot exit before 2026-03-01."


def test_exiting_while_a_lease_runs_past_the_exit_date_names_the_unit(app):
    tenancy = tenancy_in(S.SETTLED)
    unit = UnitFactory(building__code="A", code="301")
    LeaseFactory(organisation=tenancy.organisation, unit=unit, start_on=date(2026, 3, 1),
                 end_on=date(2028, 2, 29))

    with pytest.raises(DomainError) as refused:
        services.change_tenancy_status(AdminFactory(), tenancy, S.EXITED, MOVE_ON)

    assert "A-301" in str(refused.value.message)
    assert reload(tenancy).status is S.SETTLED


def test_a_returning_tenant_starts_again_as_a_prospect_without_dates(app):
    tenancy = tenancy_in(S.EXITED)

    services.change_tenancy_status(AdminFactory(), tenancy, S.PROSPECT, None)

    tenancy = reload(tenancy)
    assert tenancy.status is S.PROSPECT
    assert (tenancy.signed_on, tenancy.settled_on, tenancy.exited_on) == (None, None, None)


def test_correcting_a_settled_tenancy_cannot_drop_its_settling_date(app):
    tenancy = tenancy_in(S.SETTLED)

    with pytest.raises(DomainError) as refused:
        services.update_tenancy(AdminFactory(), tenancy, signed_on=date(2026, 1, 5),
                                settled_on=None, exited_on=None, notes="")

    assert refused.value.field == "settled_on"


# Leases never overlap -----------------------------------------------------------------------


def test_overlapping_lease_is_refused_with_the_unit_and_the_other_tenant(app):
    unit = UnitFactory(building__code="B", code="204")
    let(unit, signed_tenant("Toway Design"), date(2027, 1, 1), date(2027, 1, 31))

    with pytest.raises(DomainError) as refused:
        let(unit, signed_tenant("Artop Yuli"), date(2027, 1, 15), date(2027, 6, 30))

    assert str(refused.value.message) == (
        "Unit B-204 is already let to Toway Design from 2027-01-01 to 2027-01-31.")
    assert refused.value.field == "start_on"
    assert count(Lease) == 1


def test_lease_starting_the_day_after_another_ends_is_allowed(app):
    unit = UnitFactory()
    let(unit, signed_tenant("First"), date(2027, 1, 1), date(2027, 1, 31))

    let(unit, signed_tenant("Second"), date(2027, 2, 1), date(2027, 12, 31))

    assert count(Lease) == 2


def test_lease_starting_on_the_last_day_of_another_is_refused(app):
    unit = UnitFactory()
    let(unit, signed_tenant("First"), date(2027, 1, 1), date(2027, 1, 31))

    with pytest.raises(DomainError):
        let(unit, signed_tenant("Second"), date(2027, 1, 31), date(2027, 12, 31))

    assert count(Lease) == 1


def test_lease_inside_another_is_refused(app):
    unit = UnitFactory()
    let(unit, signed_tenant("First"), date(2027, 1, 1), date(2027, 12, 31))

    with pytest.raises(DomainError):
        let(unit, signed_tenant("Second"), date(2027, 3, 1), date(2027, 3, 31))


def test_cancelled_lease_does_not_block_the_unit(app):
    unit = UnitFactory()
    LeaseFactory(unit=unit, start_on=date(2027, 1, 1), end_on=date(2027, 12, 31),
                 status=LeaseStatus.CANCELLED)

    let(unit, signed_tenant(), date(2027, 1, 1), date(2027, 12, 31))

    assert count(Lease) == 2


def test_lease_on_another_unit_does_not_block(app):
    building = BuildingFactory()
    let(UnitFactory(building=building), signed_tenant("First"), date(2027, 1, 1),
        date(2027, 12, 31))

    let(UnitFactory(building=building), signed_tenant("Second"), date(2027, 1, 1),
        date(2027, 12, 31))

    assert count(Lease) == 2


def test_lease_for_a_prospect_is_refused(app):
    prospect = tenancy_in(S.PROSPECT).organisation

    with pytest.raises(DomainError) as refused:
        let(UnitFactory(), prospect, date(2027, 1, 1), date(2027, 12, 31))

    assert refused.value.field == "unit"
    assert count(Lease) == 0


def test_lease_of_an_out_of_service_unit_is_refused(app):
    unit = UnitFactory(status=UnitStatus.OUT_OF_SERVICE)

    with pytest.raises(DomainError):
        let(unit, signed_tenant(), date(2027, 1, 1), date(2027, 12, 31))


def test_lease_ending_before_it_starts_is_refused_at_the_end_date(app):
    with pytest.raises(DomainError) as refused:
        let(UnitFactory(), signed_tenant(), date(2027, 2, 1), date(2027, 1, 31))

    assert refused.value.field == "end_on"


def test_moving_a_lease_onto_another_lease_is_refused(app):
    unit = UnitFactory()
    let(unit, signed_tenant("First"), date(2027, 1, 1), date(2027, 1, 31))
    second = let(unit, signed_tenant("Second"), date(2027, 2, 1), date(2027, 12, 31))

    with pytest.raises(DomainError):
        services.update_lease(AdminFactory(), second, start_on=date(2027, 1, 20),
                              end_on=date(2027, 12, 31), monthly_rent=9000)

    assert reload(second).start_on == date(2027, 2, 1)


# Ending and cancelling ------------------------------------------------------------------------


def test_ending_a_lease_early_frees_the_unit_after_its_last_day(app):
    unit = UnitFactory()
    lease = let(unit, signed_tenant("First"), date(2027, 1, 1), date(2027, 12, 31))

    services.end_lease(AdminFactory(), lease, date(2027, 6, 30))

    lease = reload(lease)
    assert (lease.status, lease.end_on) == (LeaseStatus.ENDED, date(2027, 6, 30))
    let(unit, signed_tenant("Next"), date(2027, 7, 1), date(2027, 12, 31))
    assert count(Lease) == 2


def test_ended_lease_still_holds_its_days(app):
    unit = UnitFactory()
    lease = let(unit, signed_tenant("First"), date(2027, 1, 1), date(2027, 12, 31))
    services.end_lease(AdminFactory(), lease, date(2027, 6, 30))

    with pytest.raises(DomainError):
        let(unit, signed_tenant("Next"), date(2027, 6, 30), date(2027, 12, 31))


def test_ending_a_lease_outside_its_dates_is_refused(app):
    lease = let(UnitFactory(), signed_tenant(), date(2027, 1, 1), date(2027, 12, 31))

    with pytest.raises(DomainError) as refused:
        services.end_lease(AdminFactory(), lease, date(2028, 1, 1))

    assert refused.value.field == "end_on"
    assert reload(lease).status is LeaseStatus.ACTIVE


def test_cancelling_a_lease_twice_is_refused(app):
    lease = let(UnitFactory(), signed_tenant(), date(2027, 1, 1), date(2027, 12, 31))
    services.cancel_lease(AdminFactory(), lease)

    with pytest.raises(DomainError):
        services.cancel_lease(AdminFactory(), lease)

    assert reload(lease).status is LeaseStatus.CANCELLED
    assert audit_actions().count("lease.cancelled") == 1


def test_an_ended_lease_cannot_be_ended_again(app):
    lease = let(UnitFactory(), signed_tenant(), date(2027, 1, 1), date(2027, 12, 31))
    services.end_lease(AdminFactory(), lease, date(2027, 6, 30))

    with pytest.raises(DomainError):
        services.end_lease(AdminFactory(), reload(lease), date(2027, 5, 31))


# Occupancy ----------------------------------------------------------------------------------

DAY = date(2027, 3, 15)


def _two_buildings():
    """A: 100 m² let, 50 m² free, 30 m² reserved. B: 200 m² let next year only, 20 m² out of
    service."""
    a = BuildingFactory(code="A")
    b = BuildingFactory(code="B")
    LeaseFactory(unit=UnitFactory(building=a, area_m2=100.0), start_on=date(2027, 1, 1),
                 end_on=date(2027, 12, 31))
    UnitFactory(building=a, area_m2=50.0)
    UnitFactory(building=a, area_m2=30.0, status=UnitStatus.RESERVED)
    LeaseFactory(unit=UnitFactory(building=b, area_m2=200.0), start_on=date(2028, 1, 1),
                 end_on=date(2028, 12, 31))
    UnitFactory(building=b, area_m2=20.0, status=UnitStatus.OUT_OF_SERVICE)
    # A cancelled lease never lets a unit.
    LeaseFactory(unit=UnitFactory(building=b, area_m2=80.0), start_on=date(2027, 1, 1),
                 end_on=date(2027, 12, 31), status=LeaseStatus.CANCELLED)


def test_occupancy_counts_units_and_area_let_and_free_per_building(app):
    _two_buildings()

    figures = {building.code: f for building, f in occupancy_by_building(DAY)}

    a, b = figures["A"], figures["B"]
    assert (a.units, a.units_let, a.units_reserved, a.units_available) == (3, 1, 1, 1)
    assert (a.area_m2, a.area_let_m2, a.area_free_m2) == (180.0, 100.0, 80.0)
    assert round(a.let_ratio, 3) == round(100 / 180, 3)
    assert (b.units, b.units_let, b.units_out_of_service, b.units_available) == (3, 0, 1, 2)
    assert (b.area_let_m2, b.area_out_of_service_m2) == (0.0, 20.0)


def test_a_lease_starting_in_the_future_does_not_count_today(app):
    _two_buildings()

    next_year = {b.code: f for b, f in occupancy_by_building(date(2028, 3, 15))}

    assert next_year["B"].units_let == 1
    assert next_year["A"].units_let == 0


def test_park_occupancy_adds_up_the_buildings(app):
    _two_buildings()

    park = park_occupancy(occupancy_by_building(DAY))

    assert (park.units, park.units_let, park.area_m2, park.area_let_m2) == (6, 1, 480.0, 100.0)
    assert park.area_free_m2 == 380.0


def test_building_without_units_shows_zero_occupancy(app):
    BuildingFactory(code="E")

    [(building, figures)] = occupancy_by_building(DAY)

    assert (building.code, figures.units, figures.let_ratio) == ("E", 0, 0.0)


def test_lease_covers_both_its_first_and_last_day(app):
    lease = LeaseFactory(start_on=date(2027, 1, 1), end_on=date(2027, 1, 31))

    assert lease.covers(date(2027, 1, 1)) and lease.covers(date(2027, 1, 31))
    assert not lease.covers(date(2027, 2, 1))
    assert db.session.scalar(select(Lease.id)) == lease.id


def test_an_organisation_is_followed_as_a_tenant_only_once(app):
    organisation = OrganisationFactory()

    tenancy = services.track_as_tenant(AdminFactory(), organisation)

    assert tenancy.status is S.PROSPECT
    with pytest.raises(DomainError):
        services.track_as_tenant(AdminFactory(), reload(organisation))
