"""Concurrent lettings of one unit: under real threads exactly one lease is written and every
other request gets the overlap refusal, never a database error."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from park.accounts.models import Organisation, User
from park.core.errors import DomainError
from park.extensions import db
from park.tenants import services
from park.tenants.models import Lease, Unit
from tests.factories import AdminFactory, TenancyFactory, UnitFactory
from tests.helpers import race

RACERS = 8


def _race(app, prepare):
    return race(app, RACERS, prepare)


def test_concurrent_lettings_of_one_unit_leave_exactly_one_lease(app):
    unit_id = UnitFactory(building__code="R", code="101").id
    admin_id = AdminFactory().id
    tenant_ids = [TenancyFactory(organisation__name=f"Racer {i}").organisation_id
                  for i in range(RACERS)]
    db.session.remove()

    def letting(index):
        actor = db.session.get(User, admin_id)
        organisation = db.session.get(Organisation, tenant_ids[index])
        unit = db.session.get(Unit, unit_id)
        # Every racer wants an overlapping stretch of 2027.
        start = date(2027, 1 + index % 3, 1)
        return lambda: services.create_lease(actor, organisation, unit, start_on=start,
                                             end_on=date(2027, 12, 31), monthly_rent=8000)

    results = _race(app, letting)

    unexpected = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert not unexpected, unexpected
    assert len(results) == RACERS
    assert len(refused) == RACERS - 1
    assert all(error.field == "start_on" for error in refused)
    assert all("R-101" in str(error.message) for error in refused)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Lease.id))) == 1
