"""Fill the database with the demo park. Safe to run again: it only adds what is missing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from park.accounts.models import Membership, Organisation, User
from park.accounts.services import normalise_email
from park.core.audit import record
from park.demo import data
from park.extensions import db


@dataclass
class SeedReport:
    organisations_created: int = 0
    organisations_existing: int = 0
    users_created: int = 0
    users_existing: int = 0
    memberships_created: int = 0

    @property
    def created_anything(self) -> bool:
        return bool(self.organisations_created or self.users_created or self.memberships_created)

    def summary(self) -> str:
        return (
            f"organisations: {self.organisations_created} created, "
            f"{self.organisations_existing} existing; "
            f"users: {self.users_created} created, {self.users_existing} existing; "
            f"memberships: {self.memberships_created} created"
        )


def seed_demo(*, echo: Callable[[str], object] = print) -> SeedReport:
    """Upsert the demo organisations (by slug), users (by e-mail) and their memberships.

    Existing rows are left as they are (no password is reset); the whole run is one
    transaction, committed at the end.
    """
    report = SeedReport()

    # Organisations: one query for those already there, then add the rest.
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
        )
        db.session.add(organisation)
        organisations[spec.slug] = organisation
        report.organisations_created += 1

    # Users: the same, by e-mail.
    specs = data.users()
    wanted_emails = [normalise_email(spec.email) for spec in specs]
    users: dict[str, User] = {
        user.email: user
        for user in db.session.scalars(select(User).where(User.email.in_(wanted_emails)))
    }
    existing_user_ids = [user.id for user in users.values()]
    # Hash once and share the hash: scrypt is deliberately slow (~60 accounts would take
    # many seconds) and these accounts share one public password anyway, so a per-user salt
    # protects nothing here. A user who changes their password gets a fresh salted hash.
    password_hash = generate_password_hash(data.DEMO_PASSWORD)
    for spec in specs:
        email = normalise_email(spec.email)
        if email in users:
            report.users_existing += 1
            continue
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

    # Memberships: only existing users can already have one; new users and new
    # organisations have no id yet, so relationships link them.
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

    if report.created_anything:
        park_office = organisations[data.PARK_OFFICE_SLUG]
        db.session.flush()
        record(None, "demo.seeded", park_office, organisation=park_office,
               summary=f"Demo park seeded ({report.summary()})")
    db.session.commit()
    echo(f"Demo park: {report.summary()}.")
    return report


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
        owner("Design firm owner (motorcycles, smart equipment)", "artop-yuli"),
        owner("Design firm owner (industrial design)", "chuangyu"),
        owner("Manufacturer owner (motorcycles)", data.MANUFACTURERS[0].slug),
        owner("Academic institution owner", data.INSTITUTE_SLUG),
        (f"Faculty member ({faculty.name})", faculty.email, institute),
        (f"Student ({student.name})", student.email, institute),
    ]
