"""Fill the database with the demo park. Safe to run again: it only adds what is missing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.security import generate_password_hash

from park.accounts.models import Membership, Organisation, User
from park.accounts.services import normalise_email
from park.core.audit import record
from park.demo import data, event_data, matching_data, project_data, providers, space
from park.demo.events import seed_events
from park.demo.matching import seed_matching
from park.demo.projects import seed_projects
from park.directory.models import ProviderProfile, ServiceType, Specialty
from park.events.models import Event, Venue
from park.extensions import db
from park.matching.models import AcademicProfile, Need, Team
from park.projects.models import Project
from park.tenants.models import (
    HOLDING_STATUSES,
    Building,
    Lease,
    LeaseStatus,
    Tenancy,
    Unit,
)


@dataclass
class SeedReport:
    organisations_created: int = 0
    organisations_existing: int = 0
    users_created: int = 0
    users_existing: int = 0
    memberships_created: int = 0
    specialties_created: int = 0
    service_types_created: int = 0
    descriptions_zh_added: int = 0
    profiles_created: int = 0
    profiles_completed: int = 0  # existing profiles whose empty fields the seed filled in
    buildings_created: int = 0
    units_created: int = 0
    tenancies_created: int = 0
    leases_created: int = 0
    leases_skipped: int = 0  # the unit is taken on those dates, or the tenancy has moved on
    projects_created: int = 0
    projects_existing: int = 0
    project_files_created: int = 0  # one small file per deliverable version
    venues_created: int = 0
    events_created: int = 0
    events_existing: int = 0
    events_skipped: int = 0  # the venue is booked at that time by someone else's event
    registrations_created: int = 0
    meetings_created: int = 0
    notifications_created: int = 0
    academic_profiles_created: int = 0
    teams_created: int = 0
    needs_created: int = 0
    needs_existing: int = 0
    matches_created: int = 0
    need_invitations_created: int = 0
    converted_projects_created: int = 0

    @property
    def created_anything(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self)
                   if not f.name.endswith(("_existing", "_skipped")))

    def summary(self) -> str:
        return (
            f"organisations: {self.organisations_created} created, "
            f"{self.organisations_existing} existing; "
            f"users: {self.users_created} created, {self.users_existing} existing; "
            f"memberships: {self.memberships_created} created; "
            f"specialties: {self.specialties_created} created; "
            f"service types: {self.service_types_created} created; "
            f"Chinese descriptions: {self.descriptions_zh_added} added; "
            f"provider profiles: {self.profiles_created} created, "
            f"{self.profiles_completed} completed; "
            f"buildings: {self.buildings_created} created; "
            f"units: {self.units_created} created; "
            f"tenancies: {self.tenancies_created} created; "
            f"leases: {self.leases_created} created, {self.leases_skipped} skipped; "
            f"projects: {self.projects_created} created, {self.projects_existing} existing, "
            f"with {self.project_files_created} files; "
            f"venues: {self.venues_created} created; "
            f"events: {self.events_created} created, {self.events_existing} existing, "
            f"{self.events_skipped} skipped, with {self.registrations_created} registrations "
            f"and {self.meetings_created} meetings; "
            f"academic profiles: {self.academic_profiles_created} created; "
            f"teams: {self.teams_created} created; "
            f"needs: {self.needs_created} created, {self.needs_existing} existing, with "
            f"{self.matches_created} matches and {self.need_invitations_created} invitations; "
            f"projects from converted needs: {self.converted_projects_created} created; "
            f"notifications: {self.notifications_created} created"
        )

    def created_summary(self) -> str:
        """Only what was created, short enough for an audit entry."""
        return ", ".join(
            f"{f.name.removesuffix('_created').removesuffix('_added').replace('_', ' ')} "
            f"{getattr(self, f.name)}"
            for f in fields(self)
            if f.name.endswith(("_created", "_added", "_completed")) and getattr(self, f.name)
        )


def seed_demo(*, echo: Callable[[str], object] = print) -> SeedReport:
    """Upsert the demo park: organisations (by slug), users (by e-mail), memberships,
    taxonomies (by code), provider profiles (by organisation), buildings (by code), units
    (by building and code), tenancies (by organisation), leases (by unit and start) and
    design projects (by firm and title, with their stages, files, milestones and IP), venues
    (by name) and events (by title, with registrations, check-ins and meetings, dated from
    today), academic profiles (by user), teams (by name) and needs (by owner and title, with
    their invitations, matches and the project one became, dated from today).

    Existing rows are left as they are (no password is reset, no edited profile is
    overwritten); only empty Chinese descriptions and empty profile fields are filled in.
    Each table is read once, not once per row. The whole run is one transaction.
    """
    report = SeedReport()
    organisations = _seed_organisations(report)
    users = _seed_users_and_memberships(report, organisations)
    _seed_descriptions_zh(report, organisations)
    specialties, service_types = _seed_taxonomies(report)
    _seed_profiles(report, organisations, specialties, service_types)
    units = _seed_space(report)
    tenancies = _seed_tenancies(report, organisations)
    _seed_leases(report, organisations, tenancies, units)
    projects = seed_projects(organisations, specialties, users,
                             reference_day=space.REFERENCE_DAY)
    report.projects_created, report.projects_existing = projects.created, projects.existing
    report.project_files_created = projects.files
    events = seed_events(organisations, users)
    report.venues_created, report.events_created = events.venues_created, events.created
    report.events_existing, report.events_skipped = events.existing, events.skipped
    report.registrations_created, report.meetings_created = events.registrations, events.meetings
    report.notifications_created = events.notifications
    matching = seed_matching(organisations, users, specialties, service_types)
    report.academic_profiles_created = matching.profiles_created
    report.teams_created = matching.teams_created
    report.needs_created, report.needs_existing = matching.needs_created, matching.needs_existing
    report.matches_created = matching.matches_created
    report.need_invitations_created = matching.invitations_created
    report.converted_projects_created = matching.projects_created
    report.notifications_created += matching.notifications_created

    if report.created_anything:
        park_office = organisations[data.PARK_OFFICE_SLUG]
        db.session.flush()
        record(None, "demo.seeded", park_office, organisation=park_office,
               summary=f"Demo park seeded: {report.created_summary()}")
    db.session.commit()
    echo(f"Demo park: {report.summary()}.")
    return report


# Organisations and people --------------------------------------------------------------------


def _seed_organisations(report: SeedReport) -> dict[str, Organisation]:
    wanted_slugs = [org.slug for org in data.ORGANISATIONS]
    organisations: dict[str, Organisation] = {
        org.slug: org
        for org in db.session.scalars(
            select(Organisation).where(Organisation.slug.in_(wanted_slugs))
        )
    }
    for spec in data.ORGANISATIONS:
        if spec.slug in organisations:
            report.organisations_existing += 1
            continue
        organisation = Organisation(
            slug=spec.slug,
            name=spec.name,
            name_zh=spec.name_zh,
            kind=spec.kind,
            status=spec.status,
            description=spec.description,
            description_zh=providers.DESCRIPTIONS_ZH.get(spec.slug, ""),
        )
        db.session.add(organisation)
        organisations[spec.slug] = organisation
        report.organisations_created += 1
        report.descriptions_zh_added += bool(organisation.description_zh)
    return organisations


def _seed_users_and_memberships(report: SeedReport,
                                organisations: dict[str, Organisation]) -> dict[str, User]:
    """Users by e-mail, created where missing, each with their membership."""
    specs = data.users()
    wanted_emails = [normalise_email(spec.email) for spec in specs]
    users: dict[str, User] = {
        user.email: user
        for user in db.session.scalars(select(User).where(User.email.in_(wanted_emails)))
    }
    existing_user_ids = [user.id for user in users.values()]
    # Hash once, and only when an account is missing, and share the hash: scrypt is
    # deliberately slow (~60 accounts would take many seconds) and these accounts share one
    # public password anyway, so a per-user salt protects nothing here. A user who changes
    # their password gets a fresh salted hash.
    password_hash: str | None = None
    for spec in specs:
        email = normalise_email(spec.email)
        if email in users:
            report.users_existing += 1
            continue
        if password_hash is None:
            password_hash = generate_password_hash(data.DEMO_PASSWORD)
        user = User(
            email=email,
            name=spec.name,
            locale=spec.locale,
            is_admin=spec.is_admin,
            active=True,
            password_hash=password_hash,
        )
        db.session.add(user)
        users[email] = user
        report.users_created += 1

    # Only existing users can already have a membership; new users and new organisations
    # have no id yet, so relationships link them.
    existing_pairs: set[tuple[int, int]] = set()
    if existing_user_ids:
        existing_pairs = {
            (user_id, organisation_id)
            for user_id, organisation_id in db.session.execute(
                select(Membership.user_id, Membership.organisation_id).where(
                    Membership.user_id.in_(existing_user_ids)
                )
            )
        }
    for spec in specs:
        user = users[normalise_email(spec.email)]
        organisation = organisations[spec.organisation]
        if user.id is not None and organisation.id is not None and (
            (user.id, organisation.id) in existing_pairs
        ):
            continue
        db.session.add(Membership(user=user, organisation=organisation, role=spec.role))
        report.memberships_created += 1
    return users


def _seed_descriptions_zh(report: SeedReport, organisations: dict[str, Organisation]) -> None:
    """Organisations seeded before Chinese descriptions existed get theirs, where empty."""
    for slug, description_zh in providers.DESCRIPTIONS_ZH.items():
        organisation = organisations[slug]
        if not organisation.description_zh:
            organisation.description_zh = description_zh
            report.descriptions_zh_added += 1


# The directory --------------------------------------------------------------------------------


def _upsert_terms(model, terms: tuple[providers.DemoTerm, ...]) -> tuple[dict, int]:
    codes = [term.code for term in terms]
    existing = {row.code: row for row in db.session.scalars(
        select(model).where(model.code.in_(codes)))}
    created = 0
    for position, term in enumerate(terms, start=1):
        if term.code in existing:
            continue
        row = model(code=term.code, name=term.name, name_zh=term.name_zh,
                    position=position * 10)
        db.session.add(row)
        existing[term.code] = row
        created += 1
    return existing, created


def _seed_taxonomies(report: SeedReport) -> tuple[dict[str, Specialty], dict[str, ServiceType]]:
    specialties, report.specialties_created = _upsert_terms(Specialty, providers.SPECIALTIES)
    service_types, report.service_types_created = _upsert_terms(
        ServiceType, providers.SERVICE_TYPES)
    return specialties, service_types


def _seed_profiles(report: SeedReport, organisations: dict[str, Organisation],
                   specialties: dict[str, Specialty],
                   service_types: dict[str, ServiceType]) -> None:
    db.session.flush()  # every organisation has its id from here on
    profiles: dict[int, ProviderProfile] = {
        profile.organisation_id: profile
        for profile in db.session.scalars(
            select(ProviderProfile)
            .where(ProviderProfile.organisation_id.in_(
                [organisations[spec.slug].id for spec in providers.PROFILES]))
            .options(selectinload(ProviderProfile.specialties),
                     selectinload(ProviderProfile.service_types))
        )
    }
    owners = {org.slug: org.owner_name for org in data.ORGANISATIONS}
    for index, spec in enumerate(providers.PROFILES):
        organisation = organisations[spec.slug]
        wanted = {
            "contact_name": owners[spec.slug],
            "contact_email": spec.contact_email,
            "contact_phone": providers.contact_phone(index),
        }
        wanted_specialties = [specialties[code] for code in spec.specialties]
        wanted_services = [service_types[code] for code in spec.services]
        profile = profiles.get(organisation.id)
        if profile is None:
            # Ids rather than relationships: assigning `organisation` would load each
            # organisation's `profile` backref, one query per row.
            db.session.add(ProviderProfile(
                organisation_id=organisation.id, listed=True, capacity=spec.capacity,
                specialties=wanted_specialties, service_types=wanted_services, **wanted))
            report.profiles_created += 1
            continue
        # A profile someone has edited keeps its edits; only empty fields are filled in.
        completed = False
        for name, value in wanted.items():
            if not getattr(profile, name):
                setattr(profile, name, value)
                completed = True
        if not profile.specialties:
            profile.specialties = wanted_specialties
            completed = True
        if not profile.service_types:
            profile.service_types = wanted_services
            completed = True
        report.profiles_completed += int(completed)


# Space and tenancy -----------------------------------------------------------------------------


def _seed_space(report: SeedReport) -> dict[str, Unit]:
    """Buildings by code, then their units by (building code, unit code)."""
    codes = [building.code for building in space.BUILDINGS]
    buildings = {b.code: b for b in db.session.scalars(
        select(Building).where(Building.code.in_(codes)))}
    for spec in space.BUILDINGS:
        if spec.code not in buildings:
            building = Building(code=spec.code, name=spec.name, name_zh=spec.name_zh,
                                floors=spec.floors)
            db.session.add(building)
            buildings[spec.code] = building
            report.buildings_created += 1

    db.session.flush()
    units: dict[str, Unit] = {
        f"{code}-{unit.code}": unit
        for unit, code in db.session.execute(
            select(Unit, Building.code).join(Unit.building)
            .where(Unit.building_id.in_([b.id for b in buildings.values()]))
        )
    }
    for spec in space.units():
        if spec.label in units:
            continue
        unit = Unit(building=buildings[spec.building], code=spec.code, floor=spec.floor,
                    area_m2=spec.area_m2, status=spec.status)
        db.session.add(unit)
        units[spec.label] = unit
        report.units_created += 1
    return units


def _seed_tenancies(report: SeedReport,
                    organisations: dict[str, Organisation]) -> dict[str, Tenancy]:
    db.session.flush()
    by_id: dict[int, Tenancy] = {
        tenancy.organisation_id: tenancy
        for tenancy in db.session.scalars(select(Tenancy).where(Tenancy.organisation_id.in_(
            [organisations[spec.slug].id for spec in space.TENANCIES])))
    }
    tenancies: dict[str, Tenancy] = {}
    for spec in space.TENANCIES:
        organisation = organisations[spec.slug]
        tenancy = by_id.get(organisation.id)
        if tenancy is None:
            tenancy = Tenancy(organisation_id=organisation.id, status=spec.status,
                              signed_on=spec.signed_on, settled_on=spec.settled_on,
                              exited_on=spec.exited_on, notes="")
            db.session.add(tenancy)
            report.tenancies_created += 1
        tenancies[spec.slug] = tenancy
    return tenancies


def _seed_leases(report: SeedReport, organisations: dict[str, Organisation],
                 tenancies: dict[str, Tenancy], units: dict[str, Unit]) -> None:
    db.session.flush()  # every unit has its id from here on
    starts: set[tuple[int, date]] = set()
    holding: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for unit_id, start_on, end_on, status in db.session.execute(
        select(Lease.unit_id, Lease.start_on, Lease.end_on, Lease.status)
        .where(Lease.unit_id.in_([unit.id for unit in units.values()]))
    ):
        starts.add((unit_id, start_on))
        if status in HOLDING_STATUSES:
            holding[unit_id].append((start_on, end_on))

    planned_status = {spec.slug: spec.status for spec in space.TENANCIES}
    unit_specs = {spec.label: spec for spec in space.units()}
    building_specs = {spec.code: spec for spec in space.BUILDINGS}
    for spec in space.leases():
        unit = units[spec.unit]
        if (unit.id, spec.start_on) in starts:
            continue
        # Never double-let a unit: someone may have let it since, or moved this tenant on
        # (on PostgreSQL the exclusion constraint would refuse the whole seed).
        taken = any(start <= spec.end_on and spec.start_on <= end
                    for start, end in holding[unit.id])
        if taken or tenancies[spec.slug].status is not planned_status[spec.slug]:
            report.leases_skipped += 1
            continue
        unit_spec = unit_specs[spec.unit]
        db.session.add(Lease(
            organisation_id=organisations[spec.slug].id, unit_id=unit.id,
            start_on=spec.start_on, end_on=spec.end_on,
            monthly_rent=space.monthly_rent(building_specs[unit_spec.building], unit_spec),
            status=LeaseStatus.ENDED if spec.ended else LeaseStatus.ACTIVE,
        ))
        holding[unit.id].append((spec.start_on, spec.end_on))
        report.leases_created += 1


def demo_park_complete() -> bool:
    """Whether every part of the demo park is in the database, in one query.

    Rows are counted rather than matched one by one, so a unit renamed or a profile edited
    since still counts: `seed-demo --if-empty` then leaves the park as its users left it,
    while a park seeded by an earlier, smaller version of the seed is found incomplete.
    """
    slugs = [org.slug for org in data.ORGANISATIONS]
    demo_orgs = select(Organisation.id).where(Organisation.slug.in_(slugs)).scalar_subquery()
    demo_units = (select(Unit.id).join(Unit.building)
                  .where(Building.code.in_([b.code for b in space.BUILDINGS]))
                  .scalar_subquery())

    def count(model, *where):
        return select(func.count()).select_from(model).where(*where).scalar_subquery()

    wanted = {
        "organisations": (count(Organisation, Organisation.slug.in_(slugs)),
                          len(data.ORGANISATIONS)),
        "users": (count(User, User.email.in_([normalise_email(u.email) for u in data.users()])),
                  len(data.users())),
        "descriptions": (count(Organisation, Organisation.slug.in_(providers.DESCRIPTIONS_ZH),
                               Organisation.description_zh != ""),
                         len(providers.DESCRIPTIONS_ZH)),
        "specialties": (count(Specialty, Specialty.code.in_(
            [t.code for t in providers.SPECIALTIES])), len(providers.SPECIALTIES)),
        "service_types": (count(ServiceType, ServiceType.code.in_(
            [t.code for t in providers.SERVICE_TYPES])), len(providers.SERVICE_TYPES)),
        "profiles": (count(ProviderProfile, ProviderProfile.organisation_id.in_(demo_orgs)),
                     len(providers.PROFILES)),
        "buildings": (count(Building, Building.code.in_([b.code for b in space.BUILDINGS])),
                      len(space.BUILDINGS)),
        "units": (count(Unit, Unit.id.in_(demo_units)), len(space.units())),
        "tenancies": (count(Tenancy, Tenancy.organisation_id.in_(demo_orgs)),
                      len(space.TENANCIES)),
        "leases": (count(Lease, Lease.unit_id.in_(demo_units)), len(space.leases())),
        "projects": (count(Project, Project.firm_id.in_(demo_orgs)),
                     len(project_data.PROJECTS)),
        "venues": (count(Venue, Venue.name.in_([v.name for v in event_data.VENUES])),
                   len(event_data.VENUES)),
        "events": (count(Event, Event.title.in_([e.title for e in event_data.EVENTS])),
                   len(event_data.EVENTS)),
        "academic_profiles": (count(AcademicProfile, AcademicProfile.user_id.in_(
            select(User.id).where(User.email.in_(
                [normalise_email(p.email) for p in matching_data.ACADEMIC_PROFILES]))
            .scalar_subquery())), len(matching_data.ACADEMIC_PROFILES)),
        "teams": (count(Team, Team.name.in_([t.name for t in matching_data.TEAMS])),
                  len(matching_data.TEAMS)),
        "needs": (count(Need, Need.owner_id.in_(demo_orgs),
                        Need.title.in_([n.title for n in matching_data.NEEDS])),
                  len(matching_data.NEEDS)),
    }
    found = db.session.execute(select(*(counted for counted, _ in wanted.values()))).one()
    return all(have >= need for have, (_, need) in zip(found, wanted.values(), strict=True))


def demo_logins() -> list[tuple[str, str, str]]:
    """(who, e-mail, organisation) for the logins worth trying first."""
    by_slug = {org.slug: org for org in data.ORGANISATIONS}

    def owner(description: str, slug: str) -> tuple[str, str, str]:
        return description, by_slug[slug].owner_email, by_slug[slug].name

    faculty, student = data.FACULTY[0], data.STUDENTS[0]
    institute = by_slug[data.INSTITUTE_SLUG].name
    return [
        ("Park administrator", data.ADMIN.email, by_slug[data.PARK_OFFICE_SLUG].name),
        owner("Design firm owner (automotive)", "toway"),
        ("Designer on Toway's projects", data.TEAM[0].email, by_slug["toway"].name),
        owner("Design firm owner (motorcycles, smart equipment)", "artop-yuli"),
        owner("Design firm owner (industrial design)", "chuangyu"),
        owner("Manufacturer owner (motorcycles)", data.MANUFACTURERS[0].slug),
        owner("Academic institution owner", data.INSTITUTE_SLUG),
        (f"Faculty member ({faculty.name})", faculty.email, institute),
        (f"Student ({student.name})", student.email, institute),
        ("Firm engineer on the Fairing Studio team", matching_data.FIRM_ENGINEER,
         by_slug["artop-yuli"].name),
    ]
