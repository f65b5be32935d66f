"""The demo park seed: what it creates, that it is idempotent, and the seed-demo command."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, text

from park.accounts.models import Membership, Organisation, OrgKind, OrgRole, OrgStatus, User
from park.core.audit import AuditEntry
from park.demo import data, project_data, providers, space
from park.demo.seed import demo_logins, demo_park_complete, seed_demo
from park.directory.models import (
    ProviderProfile,
    ServiceType,
    Specialty,
    profile_service_types,
    profile_specialties,
)
from park.events.models import Event, Meeting, MeetingHold, Registration, Venue
from park.matching.models import (
    AcademicProfile,
    Match,
    MatchStep,
    Need,
    NeedInvitation,
    Team,
    TeamMember,
)
from park.projects.lifecycle import StageKind
from park.projects.models import (
    Deliverable,
    DeliverableVersion,
    IpRecord,
    LifecycleStage,
    Milestone,
    Project,
    ProjectMember,
    ProjectStatus,
    StageTransition,
    project_partners,
)
from park.tenants.models import (
    HOLDING_STATUSES,
    Building,
    Lease,
    LeaseStatus,
    Tenancy,
    TenancyStatus,
    Unit,
    UnitStatus,
)
from park.tenants.queries import occupancy_by_building, park_occupancy
from tests.factories import LeaseFactory, OrganisationFactory, TenancyFactory

PROJECT_MODELS = (Project, ProjectMember, LifecycleStage, StageTransition, Deliverable,
                  DeliverableVersion, Milestone, IpRecord)


def _quiet(_message: str) -> None:
    pass


def _count(db, column) -> int:
    return db.session.scalar(select(func.count(column)))


SEEDED_TABLES = (Organisation.id, User.id, Membership.id, AuditEntry.id, Specialty.id,
                 ServiceType.id, ProviderProfile.organisation_id,
                 profile_specialties.c.specialty_id, profile_service_types.c.service_type_id,
                 Building.id, Unit.id, Tenancy.id, Lease.id, Project.id, ProjectMember.id,
                 project_partners.c.project_id, LifecycleStage.id, StageTransition.id,
                 Deliverable.id, DeliverableVersion.id, Milestone.id, IpRecord.id,
                 Venue.id, Event.id, Registration.id, Meeting.id, MeetingHold.id,
                 AcademicProfile.user_id, Team.id, TeamMember.id, Need.id, NeedInvitation.id,
                 Match.id, MatchStep.id)


def _counts(db) -> tuple[int, ...]:
    return tuple(_count(db, column) for column in SEEDED_TABLES)


def _organisation(db, slug: str) -> Organisation:
    return db.session.scalar(select(Organisation).where(Organisation.slug == slug))


def _forget_the_new_demo_data(db) -> None:
    """Leave the database as the first version of the seed left it: organisations and people
    only, no Chinese descriptions, taxonomies, profiles, space, tenancies, projects, events
    or matching."""
    for table in (Need.__table__, Team.__table__, AcademicProfile.__table__,
                  Event.__table__, Venue.__table__,
                  Project.__table__, Lease.__table__, Tenancy.__table__, Unit.__table__,
                  Building.__table__, profile_specialties, profile_service_types,
                  ProviderProfile.__table__, Specialty.__table__, ServiceType.__table__):
        db.session.execute(table.delete())
    db.session.execute(Organisation.__table__.update().values(description_zh=""))
    db.session.commit()


def test_seed_creates_at_least_forty_design_firms_approved_or_pending(app, db):
    seed_demo(echo=_quiet)

    firms = db.session.scalars(
        select(Organisation).where(Organisation.kind == OrgKind.DESIGN_FIRM)
    ).all()
    assert len(firms) >= 40
    assert {firm.status for firm in firms} == {OrgStatus.APPROVED, OrgStatus.PENDING}
    assert sum(firm.status is OrgStatus.PENDING for firm in firms) == 2


def test_seed_includes_the_three_article_firms_with_chinese_names(app, db):
    seed_demo(echo=_quiet)

    firms = {
        org.slug: org
        for org in db.session.scalars(
            select(Organisation).where(Organisation.slug.in_(data.ARTICLE_FIRM_SLUGS))
        )
    }
    assert firms["toway"].name == "Chongqing Toway Automotive Design Co., Ltd."
    assert firms["artop-yuli"].name == "Chongqing Artop Yuli Technology Co., Ltd."
    assert firms["artop-yuli"].name_zh == "重庆浪尖渝力科技有限公司"
    assert firms["chuangyu"].name == "Chongqing Chuangyu Industrial Design Co., Ltd."
    for firm in firms.values():
        assert firm.kind is OrgKind.DESIGN_FIRM
        assert firm.status is OrgStatus.APPROVED
        assert firm.name_zh.startswith("重庆")


def test_every_organisation_gets_an_owner_login_at_its_slug(app, db):
    seed_demo(echo=_quiet)

    owner_emails = set(
        db.session.scalars(
            select(User.email).join(Membership).where(Membership.role == OrgRole.OWNER)
        )
    )
    slugs = db.session.scalars(select(Organisation.slug)).all()
    assert {f"{slug}@{data.DEMO_DOMAIN}" for slug in slugs} <= owner_emails


def test_seeding_twice_creates_nothing_the_second_time(app, db):
    first = seed_demo(echo=_quiet)
    counts_after_first = _counts(db)

    second = seed_demo(echo=_quiet)

    assert first.organisations_created == len(data.ORGANISATIONS)
    assert first.users_created == len(data.users())
    assert first.leases_created == len(space.leases())
    assert first.projects_created == len(project_data.PROJECTS)
    assert not second.created_anything
    assert (second.leases_skipped, second.profiles_completed) == (0, 0)
    assert second.organisations_existing == len(data.ORGANISATIONS)
    assert second.users_existing == len(data.users())
    assert second.projects_existing == len(project_data.PROJECTS)
    assert _counts(db) == counts_after_first


def test_seed_creates_projects_that_stand_at_every_stage(app, db):
    report = seed_demo(echo=_quiet)

    projects = db.session.scalars(select(Project)).all()
    assert report.projects_created == len(project_data.PROJECTS)
    # Besides them, the project a demo need was converted into.
    assert len(projects) == len(project_data.PROJECTS) + report.converted_projects_created
    assert report.converted_projects_created == 1
    assert 25 <= len(projects) <= 35
    assert {p.current_stage for p in projects if p.status is ProjectStatus.ACTIVE} == set(
        StageKind)
    assert any(p.status is ProjectStatus.COMPLETED for p in projects)
    assert report.project_files_created == _count(db, DeliverableVersion.id)


def test_reseeding_adds_back_a_deleted_demo_project_and_leaves_the_others(app, db):
    seed_demo(echo=_quiet)
    fairing = db.session.scalar(select(Project).where(Project.title.startswith(
        "Electric motorcycle fairing")))
    fairing_id = fairing.id
    db.session.delete(fairing)
    db.session.commit()

    report = seed_demo(echo=_quiet)

    assert (report.projects_created, report.projects_existing) == (
        1, len(project_data.PROJECTS) - 1)
    titles = db.session.scalars(select(Project.title)).all()
    assert len(titles) == len(set(titles)) == len(project_data.PROJECTS) + 1  # + converted
    assert db.session.get(Project, fairing_id) is None


def test_seed_creates_the_taxonomies_space_tenancies_and_profiles(app, db):
    report = seed_demo(echo=_quiet)

    expected = {
        Specialty.id: 12, ServiceType.id: 11, ProviderProfile.organisation_id: 46,
        Building.id: 4, Unit.id: 76, Tenancy.id: 45, Lease.id: 62,
    }
    assert {column: _count(db, column) for column in expected} == expected
    assert (report.specialties_created, report.service_types_created, report.profiles_created,
            report.buildings_created, report.units_created, report.tenancies_created,
            report.leases_created) == (12, 11, 46, 4, 76, 45, 62)
    assert report.descriptions_zh_added == len(data.ORGANISATIONS)


def test_seed_summary_reports_the_new_data(app, db):
    printed = []

    seed_demo(echo=printed.append)

    assert "specialties: 12 created" in printed[0]
    assert "service types: 11 created" in printed[0]
    assert "provider profiles: 46 created" in printed[0]
    assert "units: 76 created" in printed[0]
    assert "leases: 62 created, 0 skipped" in printed[0]


def test_seeding_an_empty_database_reads_each_table_once(app, db, count_queries):
    with count_queries() as first:
        seed_demo(echo=_quiet)
    with count_queries() as second:
        seed_demo(echo=_quiet)

    # One read per table, never one per row (inserts are batched where the driver can).
    # Matching adds five: academic profiles, teams, needs, the fair's meetings, and the
    # projects that converted needs became.
    reads = [s for s in first.statements if not s.lstrip().upper().startswith("INSERT")]
    assert len(reads) <= 25, "\n".join(reads)
    assert second.count <= 25, "\n".join(second.statements)


def test_taxonomies_have_stable_codes_chinese_names_and_chain_order(app, db):
    seed_demo(echo=_quiet)

    services = db.session.scalars(select(ServiceType).order_by(ServiceType.position)).all()
    codes = [service.code for service in services]
    assert codes.index("industrial-design") < codes.index("mould-design") \
        < codes.index("prototype-production") < codes.index("inspection") \
        < codes.index("testing") < codes.index("production-handover")
    specialties = db.session.scalars(select(Specialty)).all()
    assert {"automotive", "motorcycle", "electrification", "aerospace-apparel",
            "digital-design", "green-design"} <= {s.code for s in specialties}
    assert all(term.name_zh and term.name for term in [*services, *specialties])
    assert {s.code: s.name_zh for s in services}["mould-design"] == "模具设计"


def test_every_firm_and_lab_is_listed_with_a_specialty_and_a_service(app, db):
    seed_demo(echo=_quiet)

    providers_ = db.session.scalars(
        select(Organisation).where(Organisation.kind.in_([OrgKind.DESIGN_FIRM, OrgKind.LAB]))
    ).all()
    profiles = {
        profile.organisation_id: profile
        for profile in db.session.scalars(select(ProviderProfile))
    }
    assert len(providers_) == len(data.DESIGN_FIRMS) + len(data.LABS)
    for organisation in providers_:
        profile = profiles[organisation.id]
        assert profile.listed, organisation.slug
        assert 1 <= len(profile.specialties) <= 3, organisation.slug
        assert 2 <= len(profile.service_types) <= 5, organisation.slug
        assert 3 <= profile.capacity <= 12, organisation.slug
        assert profile.contact_email == f"info@{organisation.slug}.{data.DEMO_DOMAIN}"
        assert profile.contact_phone.startswith("+86 23 ")
        assert profile.contact_name


def test_the_institute_is_listed_and_manufacturers_have_no_profile(app, db):
    seed_demo(echo=_quiet)

    institute = _organisation(db, data.INSTITUTE_SLUG)
    assert institute.profile.listed
    assert "design-research" in {s.code for s in institute.profile.service_types}
    manufacturer_profiles = db.session.scalar(
        select(func.count()).select_from(ProviderProfile).join(ProviderProfile.organisation)
        .where(Organisation.kind == OrgKind.MANUFACTURER)
    )
    assert manufacturer_profiles == 0


def test_the_article_firms_have_their_real_specialties_and_services(app, db):
    seed_demo(echo=_quiet)

    def tags(slug):
        profile = _organisation(db, slug).profile
        return ({s.code for s in profile.specialties}, {s.code for s in profile.service_types})

    assert tags("toway") == ({"automotive", "electrification"},
                             {"industrial-design", "cmf", "structural-engineering"})
    specialties, services = tags("artop-yuli")
    assert specialties == {"motorcycle", "smart-equipment"}
    assert {"mould-design", "prototype-production"} <= services
    specialties, services = tags("chuangyu")
    assert "consumer-products" in specialties
    assert "industrial-design" in services


def test_mould_design_for_motorcycles_finds_artop_yuli_among_a_few_approved_firms(app, db):
    seed_demo(echo=_quiet)

    # Straight from the tables: the directory's own search is tested in tests/directory.
    slugs = db.session.scalars(
        select(Organisation.slug)
        .join(ProviderProfile, ProviderProfile.organisation_id == Organisation.id)
        .join(profile_specialties,
              profile_specialties.c.organisation_id == ProviderProfile.organisation_id)
        .join(Specialty, Specialty.id == profile_specialties.c.specialty_id)
        .join(profile_service_types,
              profile_service_types.c.organisation_id == ProviderProfile.organisation_id)
        .join(ServiceType, ServiceType.id == profile_service_types.c.service_type_id)
        .where(ProviderProfile.listed, Organisation.status == OrgStatus.APPROVED,
               Specialty.code == "motorcycle", ServiceType.code == "mould-design")
    ).all()

    assert "artop-yuli" in slugs
    assert 2 <= len(slugs) <= 4
    assert len(set(slugs)) == len(slugs)


def test_both_labs_offer_inspection_and_testing(app, db):
    seed_demo(echo=_quiet)

    for lab in data.LABS:
        services = {s.code for s in _organisation(db, lab.slug).profile.service_types}
        assert {"inspection", "testing"} <= services, lab.slug


def test_firms_labs_and_the_institute_get_short_chinese_descriptions(app, db):
    seed_demo(echo=_quiet)

    organisations = db.session.scalars(select(Organisation)).all()
    for organisation in organisations:
        if organisation.description:
            assert organisation.description_zh, organisation.slug
            assert len(organisation.description_zh) <= 80, organisation.slug
            # Chinese text, not an English copy.
            assert any("\u4e00" <= ch <= "\u9fff" for ch in organisation.description_zh)
    toway = _organisation(db, "toway")
    assert toway.display_description("zh_CN").startswith("为乘用车和商用车")


def test_reseeding_keeps_a_chinese_description_someone_wrote(app, db):
    seed_demo(echo=_quiet)
    toway = _organisation(db, "toway")
    toway.description_zh = "我们自己写的介绍。"
    db.session.commit()

    seed_demo(echo=_quiet)

    db.session.refresh(toway)
    assert toway.description_zh == "我们自己写的介绍。"


def test_reseeding_keeps_an_edited_profile_and_fills_an_emptied_one(app, db):
    seed_demo(echo=_quiet)
    toway = _organisation(db, "toway").profile
    toway.capacity, toway.listed, toway.contact_phone = 2, False, "+86 23 1111 2222"
    chuangyu = _organisation(db, "chuangyu").profile
    chuangyu.specialties, chuangyu.service_types, chuangyu.contact_email = [], [], ""
    db.session.commit()

    report = seed_demo(echo=_quiet)

    assert report.profiles_completed == 1
    db.session.refresh(toway)
    db.session.refresh(chuangyu)
    assert (toway.capacity, toway.listed, toway.contact_phone) == (2, False, "+86 23 1111 2222")
    assert chuangyu.specialties and chuangyu.service_types
    assert chuangyu.contact_email == f"info@chuangyu.{data.DEMO_DOMAIN}"


def test_the_park_has_four_buildings_with_chinese_names_and_floor_numbered_units(app, db):
    seed_demo(echo=_quiet)

    buildings = db.session.scalars(select(Building).order_by(Building.code)).all()
    assert [(b.code, b.name, b.name_zh, b.floors) for b in buildings] == [
        ("A", "Design Tower", "设计大厦", 8),
        ("B", "Prototype Workshop", "样机工坊", 3),
        ("C", "Incubator", "孵化中心", 4),
        ("D", "Exhibition Hall", "展示中心", 2),
    ]
    units = db.session.scalars(select(Unit)).all()
    assert 70 <= len(units) <= 90
    assert all(unit.code.startswith(str(unit.floor)) and len(unit.code) == 3 for unit in units)
    assert all(60 <= unit.area_m2 <= 600 for unit in units)
    assert len({unit.area_m2 for unit in units}) >= 15
    statuses = [unit.status for unit in units]
    assert 3 <= statuses.count(UnitStatus.RESERVED) <= 6
    assert 1 <= statuses.count(UnitStatus.OUT_OF_SERVICE) <= 2


def test_tenancies_follow_the_park_s_story(app, db):
    seed_demo(echo=_quiet)

    tenancies = db.session.scalars(select(Tenancy).join(Tenancy.organisation)).all()
    by_status = {status: [t for t in tenancies if t.status is status]
                 for status in TenancyStatus}
    settled_firms = [t for t in by_status[TenancyStatus.SETTLED]
                     if t.organisation.kind is OrgKind.DESIGN_FIRM]
    assert len(settled_firms) == 35
    assert {t.organisation.slug for t in by_status[TenancyStatus.SETTLED]} >= {
        lab.slug for lab in data.LABS} | set(data.ARTICLE_FIRM_SLUGS)
    assert (len(by_status[TenancyStatus.SIGNED]), len(by_status[TenancyStatus.PROSPECT]),
            len(by_status[TenancyStatus.EXITED])) == (4, 3, 1)
    for tenancy in by_status[TenancyStatus.SETTLED]:
        assert date(2025, 1, 1) <= tenancy.signed_on <= tenancy.settled_on <= date(2026, 12, 31)
    exited = by_status[TenancyStatus.EXITED][0]
    assert exited.exited_on is not None
    exited_leases = db.session.scalars(
        select(Lease).where(Lease.organisation_id == exited.organisation_id)).all()
    assert [lease.status for lease in exited_leases] == [LeaseStatus.ENDED]
    assert exited_leases[0].end_on == exited.exited_on


def test_no_unit_has_two_overlapping_holding_leases(app, db):
    seed_demo(echo=_quiet)

    overlaps = db.session.execute(text(
        "SELECT a.id, b.id FROM leases a JOIN leases b "
        "ON a.unit_id = b.unit_id AND a.id < b.id "
        "AND a.start_on <= b.end_on AND b.start_on <= a.end_on "
        "WHERE a.status IN (:active, :ended) AND b.status IN (:active, :ended)"
    ), {"active": LeaseStatus.ACTIVE.value, "ended": LeaseStatus.ENDED.value}).all()

    assert overlaps == []
    # The exited firm's unit was let again afterwards, so the check has something to check.
    relet = db.session.scalar(
        select(func.count(func.distinct(Lease.unit_id))).where(Lease.status.in_(HOLDING_STATUSES))
    )
    assert relet < _count(db, Lease.id)


def test_settled_firms_hold_one_or_two_units_on_three_year_leases(app, db):
    seed_demo(echo=_quiet)

    leases = db.session.scalars(
        select(Lease).join(Lease.organisation).join(Tenancy)
        .where(Tenancy.status == TenancyStatus.SETTLED)
    ).all()
    per_tenant: dict[int, int] = {}
    for lease in leases:
        per_tenant[lease.organisation_id] = per_tenant.get(lease.organisation_id, 0) + 1
        assert lease.start_on == lease.organisation.tenancy.settled_on
        assert lease.end_on == space.lease_end(lease.start_on)
        assert lease.status is LeaseStatus.ACTIVE
        rate = lease.monthly_rent / lease.unit.area_m2
        assert 40 <= rate <= 95 and lease.monthly_rent % 100 == 0, lease.unit.label
    assert set(per_tenant.values()) == {1, 2}
    assert len(per_tenant) == 37


def test_signed_firms_move_in_after_the_reference_day(app, db):
    seed_demo(echo=_quiet)

    leases = db.session.scalars(
        select(Lease).join(Lease.organisation).join(Tenancy)
        .where(Tenancy.status == TenancyStatus.SIGNED)
    ).all()
    assert len(leases) == 4
    assert all(lease.start_on > space.REFERENCE_DAY for lease in leases)
    assert all(lease.unit.status is UnitStatus.RESERVED for lease in leases)


def test_occupancy_shows_on_the_reference_day_and_into_2028(app, db):
    seed_demo(echo=_quiet)

    today = park_occupancy(occupancy_by_building(space.REFERENCE_DAY))
    free = today.units - today.units_let - today.units_reserved - 2  # 2 out of service
    assert 0.10 <= free / today.units <= 0.20
    assert today.units_let >= 50
    assert park_occupancy(occupancy_by_building(date(2027, 12, 31))).units_let >= 50
    assert park_occupancy(occupancy_by_building(date(2028, 6, 30))).units_let >= 30


def test_reseeding_skips_a_lease_whose_unit_was_let_to_someone_else(app, db):
    seed_demo(echo=_quiet)
    unit = db.session.scalar(
        select(Unit).join(Unit.building).where(Building.code == "A", Unit.code == "801"))
    db.session.execute(Lease.__table__.delete().where(Lease.unit_id == unit.id))
    db.session.commit()
    stranger = TenancyFactory().organisation
    LeaseFactory(organisation=stranger, unit=unit, start_on=date(2026, 1, 1),
                 end_on=date(2029, 12, 31))

    report = seed_demo(echo=_quiet)

    assert (report.leases_created, report.leases_skipped) == (0, 1)
    holders = db.session.scalars(select(Lease.organisation_id).where(Lease.unit_id == unit.id))
    assert list(holders) == [stranger.id]


def test_seeding_writes_one_audit_entry_only_when_something_was_created(app, db):
    seed_demo(echo=_quiet)
    seed_demo(echo=_quiet)

    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "demo.seeded")
    ).all()
    assert len(entries) == 1
    assert entries[0].organisation.slug == data.PARK_OFFICE_SLUG


def test_reseeding_keeps_an_existing_users_changed_password(app, db):
    seed_demo(echo=_quiet)
    user = db.session.scalar(select(User).where(User.email == f"toway@{data.DEMO_DOMAIN}"))
    user.set_password("a different password")
    db.session.commit()

    seed_demo(echo=_quiet)

    db.session.refresh(user)
    assert user.check_password("a different password")
    assert not user.check_password(data.DEMO_PASSWORD)


def test_reseeding_adds_a_missing_membership_without_duplicating_others(app, db):
    seed_demo(echo=_quiet)
    manager = db.session.scalar(
        select(User).where(User.email == f"manager.toway@{data.DEMO_DOMAIN}")
    )
    db.session.delete(manager.memberships[0])
    db.session.commit()

    report = seed_demo(echo=_quiet)

    assert report.memberships_created == 1
    assert _count(db, Membership.id) == len(data.users())


def test_every_demo_login_password_checks_out(app, db):
    seed_demo(echo=_quiet)

    for _who, email, _organisation in demo_logins():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None, email
        assert user.check_password(data.DEMO_PASSWORD), email


def test_the_demo_admin_is_a_park_admin_and_owns_the_park_office(app, db):
    seed_demo(echo=_quiet)

    admin = db.session.scalar(select(User).where(User.email == data.ADMIN_EMAIL))
    assert admin.is_admin
    memberships = {m.organisation.slug: m.role for m in admin.memberships}
    assert memberships == {data.PARK_OFFICE_SLUG: OrgRole.OWNER}
    others = db.session.scalar(
        select(func.count(User.id)).where(User.is_admin, User.email != data.ADMIN_EMAIL)
    )
    assert others == 0


def test_institute_has_faculty_and_students_as_members(app, db):
    seed_demo(echo=_quiet)

    institute = db.session.scalar(select(Organisation).where(Organisation.slug == "scfai"))
    assert institute.kind is OrgKind.ACADEMIC
    assert institute.name_zh == "四川美术学院"
    roles = {m.user.email: m.role for m in institute.memberships}
    assert roles[f"scfai@{data.DEMO_DOMAIN}"] is OrgRole.OWNER
    academics = [e for e in roles if e.endswith(f"@{data.INSTITUTE_DOMAIN}")]
    assert len(academics) == 7
    assert all(roles[e] is OrgRole.MEMBER for e in academics)


def test_seed_demo_command_seeds_an_empty_database_and_prints_logins(app, db):
    result = app.test_cli_runner().invoke(args=["seed-demo"])

    assert result.exit_code == 0, result.output
    assert data.ADMIN_EMAIL in result.output
    assert data.DEMO_PASSWORD in result.output
    assert _count(db, Organisation.id) == len(data.ORGANISATIONS)


def test_seed_demo_if_empty_does_nothing_on_a_seeded_database(app, db):
    seed_demo(echo=_quiet)
    counts_before = _counts(db)

    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert "already there; not seeding" in result.output
    assert _counts(db) == counts_before


def test_seed_demo_if_empty_leaves_a_renamed_unit_alone_once_the_park_is_complete(app, db):
    seed_demo(echo=_quiet)
    unit = db.session.scalar(select(Unit).where(Unit.code == "101").limit(1))
    unit.code = "1A"
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])

    assert "not seeding" in result.output
    assert _count(db, Unit.id) == len(space.units())


def test_seed_demo_if_empty_completes_a_park_seeded_by_the_first_version(app, db):
    seed_demo(echo=_quiet)
    _forget_the_new_demo_data(db)
    assert not demo_park_complete()

    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert "organisations: 0 created, 53 existing" in result.output
    assert "leases: 62 created" in result.output
    assert f"projects: {len(project_data.PROJECTS)} created, 0 existing" in result.output
    assert demo_park_complete()
    assert _count(db, ProviderProfile.organisation_id) == len(providers.PROFILES)
    assert _organisation(db, "artop-yuli").description_zh.startswith("面向摩托车")


def test_seed_demo_if_empty_leaves_a_database_with_other_organisations_alone(app, db):
    OrganisationFactory(slug="a-real-firm")

    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert "not seeding" in result.output
    assert _count(db, Organisation.id) == 1
    assert _count(db, Building.id) == 0


def test_seed_demo_quiet_prints_nothing(app, db):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--quiet"])

    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert _count(db, Organisation.id) == len(data.ORGANISATIONS)


def test_seed_demo_if_empty_adds_projects_to_a_demo_park_seeded_before_them(app, db):
    seed_demo(echo=_quiet)
    # A park seeded before projects had no needs either (a converted need keeps its project).
    db.session.execute(Need.__table__.delete())
    db.session.execute(Project.__table__.delete())
    db.session.commit()
    assert not demo_park_complete()

    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert f"projects: {len(project_data.PROJECTS)} created, 0 existing" in result.output
    assert "leases: 0 created" in result.output
    assert demo_park_complete()
    assert _count(db, Project.id) == len(project_data.PROJECTS) + 1  # + the converted need's
