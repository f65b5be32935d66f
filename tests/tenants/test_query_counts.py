"""The tenant list, the buildings page and the floor plan ask the database a bounded number of
times, however many tenants, units and leases there are."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select

from park.accounts.models import Organisation, OrgKind, OrgStatus
from park.core.time import park_today
from park.extensions import db
from park.tenants.models import Building, Lease, LeaseStatus, Tenancy, TenancyStatus, Unit
from tests.factories import AdminFactory, AuditEntryFactory, BuildingFactory, MembershipFactory
from tests.helpers import queries_for_page

# Every page here: the session user and the navigation bar's unread-notification count, then
# the page's own few queries.
MAX_QUERIES = 9
FAR_END = date(2099, 12, 31)


def _add_tenants_with_leases(number: int, prefix: str) -> None:
    """`number` settled tenants, each holding one unit today, written in a few statements."""
    slugs = [f"{prefix}-{i}" for i in range(number)]
    db.session.execute(insert(Organisation), [
        {"slug": slug, "name": f"Firm {slug}", "name_zh": f"公司{slug}",
         "kind": OrgKind.DESIGN_FIRM, "status": OrgStatus.APPROVED} for slug in slugs])
    ids = list(db.session.scalars(select(Organisation.id).where(Organisation.slug.in_(slugs))))
    db.session.execute(insert(Tenancy), [
        {"organisation_id": org_id, "status": TenancyStatus.SETTLED,
         "signed_on": date(2026, 1, 5), "settled_on": date(2026, 3, 1)} for org_id in ids])
    building = Building(code=prefix.upper()[:20], name=f"Hall {prefix}", floors=5)
    db.session.add(building)
    db.session.flush()
    _add_units(building, len(ids))
    unit_ids = list(db.session.scalars(select(Unit.id).where(Unit.building_id == building.id)
                                       .order_by(Unit.id)))
    db.session.execute(insert(Lease), [
        {"organisation_id": org_id, "unit_id": unit_id, "start_on": date(2026, 1, 1),
         "end_on": FAR_END, "monthly_rent": 9000, "status": LeaseStatus.ACTIVE}
        for org_id, unit_id in zip(ids, unit_ids, strict=True)])
    db.session.commit()


def _add_units(building: Building, number: int, let_to: int | None = None) -> None:
    db.session.execute(insert(Unit), [
        {"building_id": building.id, "code": f"{i + 1:04d}", "floor": i % building.floors + 1,
         "area_m2": 50.0 + i % 7 * 10} for i in range(number)])
    if let_to is not None:
        unit_ids = db.session.scalars(select(Unit.id).where(Unit.building_id == building.id))
        db.session.execute(insert(Lease), [
            {"organisation_id": let_to, "unit_id": unit_id, "start_on": date(2026, 1, 1),
             "end_on": FAR_END, "monthly_rent": 9000, "status": LeaseStatus.ACTIVE}
            for unit_id in list(unit_ids)[::2]])
    db.session.commit()


def test_tenant_list_asks_the_same_number_of_queries_for_10_or_500_tenants(
    client, login, count_queries
):
    login(AdminFactory())
    _add_tenants_with_leases(10, "few")
    with_few = queries_for_page(client, count_queries, "/admin/tenants")

    _add_tenants_with_leases(490, "many")
    with_many = queries_for_page(client, count_queries, "/admin/tenants")

    assert with_many == with_few
    assert with_many <= MAX_QUERIES
    assert db.session.scalar(select(db.func.count(Tenancy.id))) == 500


def test_tenant_list_shows_the_units_of_a_whole_page_from_one_query(client, login,
                                                                    count_queries):
    login(AdminFactory())
    _add_tenants_with_leases(30, "page")
    db.session.remove()

    with count_queries() as counter:
        client.get("/admin/tenants")

    lease_queries = [s for s in counter.statements if "FROM leases" in s]
    assert len(lease_queries) == 1


def _tenant_organisation_id() -> int:
    _add_tenants_with_leases(1, "holder")
    return db.session.scalar(select(Organisation.id).where(Organisation.slug == "holder-0"))


def test_buildings_page_asks_the_same_number_of_queries_for_few_or_many_buildings(
    client, login, count_queries
):
    login(AdminFactory())
    holder = _tenant_organisation_id()
    for _ in range(2):
        _add_units(BuildingFactory(), 5, let_to=holder)
    with_few = queries_for_page(client, count_queries, "/admin/buildings")

    for _ in range(30):
        _add_units(BuildingFactory(floors=10), 20, let_to=holder)
    with_many = queries_for_page(client, count_queries, "/admin/buildings")

    assert with_many == with_few
    assert with_many <= MAX_QUERIES


def test_floor_plan_asks_the_same_number_of_queries_for_few_or_many_units(
    client, login, count_queries
):
    login(AdminFactory())
    holder = _tenant_organisation_id()
    small = BuildingFactory(code="S", floors=3)
    _add_units(small, 5, let_to=holder)
    large = BuildingFactory(code="L", floors=20)
    _add_units(large, 300, let_to=holder)

    with_few = queries_for_page(client, count_queries, "/admin/buildings/S")
    with_many = queries_for_page(client, count_queries, "/admin/buildings/L")

    assert with_many == with_few
    assert with_many <= MAX_QUERIES


def test_unit_page_asks_a_bounded_number_of_queries(client, login, max_queries):
    login(AdminFactory())
    holder = _tenant_organisation_id()
    building = BuildingFactory(code="U")
    _add_units(building, 1, let_to=holder)
    unit_id = db.session.scalar(select(Unit.id).where(Unit.building_id == building.id))
    db.session.remove()

    with max_queries(MAX_QUERIES):
        response = client.get(f"/admin/units/{unit_id}")

    assert response.status_code == 200
    assert park_today() < FAR_END


def test_tenant_page_asks_the_same_number_of_queries_for_few_or_many_leases(
    client, login, count_queries
):
    login(AdminFactory())
    holder = _tenant_organisation_id()
    path = "/admin/tenants/holder-0"
    with_few = queries_for_page(client, count_queries, path)

    _add_units(BuildingFactory(code="T", floors=10), 60, let_to=holder)
    organisation = db.session.get(Organisation, holder)
    for _ in range(15):
        MembershipFactory(organisation=organisation)
        AuditEntryFactory(organisation_id=holder, actor_id=AdminFactory().id)
    with_many = queries_for_page(client, count_queries, path)

    assert with_many == with_few
    assert with_many <= MAX_QUERIES
