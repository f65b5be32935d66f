"""Factories for every model. Objects are committed so requests and threads see them."""

from __future__ import annotations

from datetime import timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory
from werkzeug.security import generate_password_hash

from park.accounts.models import (
    Invitation,
    Membership,
    Organisation,
    OrgKind,
    OrgRole,
    OrgStatus,
    User,
)
from park.core.audit import AuditEntry
from park.core.time import now_utc
from park.extensions import db

PASSWORD = "correct horse battery"
# Hashed once: scrypt is deliberately slow and most tests never check it.
PASSWORD_HASH = generate_password_hash(PASSWORD)


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Sequence(lambda n: f"User {n}")
    password_hash = PASSWORD_HASH
    locale = "en"
    is_admin = False
    active = True


class AdminFactory(UserFactory):
    is_admin = True
    name = factory.Sequence(lambda n: f"Admin {n}")


class OrganisationFactory(BaseFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    name_zh = factory.Sequence(lambda n: f"组织{n}")
    kind = OrgKind.DESIGN_FIRM
    status = OrgStatus.APPROVED


class MembershipFactory(BaseFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = OrgRole.MEMBER


class InvitationFactory(BaseFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    role = OrgRole.MEMBER
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: now_utc() + timedelta(days=14))


class AuditEntryFactory(BaseFactory):
    class Meta:
        model = AuditEntry

    action = "test.happened"
    object_type = "Organisation"
    object_id = 1
    summary = "a test entry"
    changes = factory.LazyFunction(dict)


def member_of(organisation: Organisation, role: OrgRole = OrgRole.MEMBER, **user_fields) -> User:
    """A new user who belongs to `organisation` with `role`."""
    membership = MembershipFactory(organisation=organisation, role=role,
                                   user=UserFactory(**user_fields))
    return membership.user
