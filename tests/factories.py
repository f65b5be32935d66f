"""Factories for every model. Objects are committed so requests and threads see them."""

from __future__ import annotations

from datetime import date, timedelta

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
from park.directory.models import ContactRequest, ProviderProfile, ServiceType, Specialty
from park.extensions import db
from park.tenants.models import (
    Building,
    Lease,
    LeaseStatus,
    Tenancy,
    TenancyStatus,
    Unit,
    UnitStatus,
)

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


class TenancyFactory(BaseFactory):
    """A settled tenant unless told otherwise."""

    class Meta:
        model = Tenancy

    organisation = factory.SubFactory(OrganisationFactory)
    status = TenancyStatus.SETTLED
    signed_on = date(2026, 1, 5)
    settled_on = date(2026, 3, 1)


class BuildingFactory(BaseFactory):
    class Meta:
        model = Building

    code = factory.Sequence(lambda n: f"B{n}")
    name = factory.Sequence(lambda n: f"Building {n}")
    name_zh = factory.Sequence(lambda n: f"{n}号楼")
    floors = 5


class UnitFactory(BaseFactory):
    class Meta:
        model = Unit

    building = factory.SubFactory(BuildingFactory)
    code = factory.Sequence(lambda n: f"{100 + n}")
    floor = 1
    area_m2 = 120.0
    status = UnitStatus.AVAILABLE


class LeaseFactory(BaseFactory):
    class Meta:
        model = Lease

    organisation = factory.SubFactory(OrganisationFactory)
    unit = factory.SubFactory(UnitFactory)
    start_on = date(2026, 1, 1)
    end_on = date(2028, 12, 31)
    monthly_rent = 12000
    status = LeaseStatus.ACTIVE


class SpecialtyFactory(BaseFactory):
    class Meta:
        model = Specialty

    code = factory.Sequence(lambda n: f"specialty-{n}")
    name = factory.Sequence(lambda n: f"Specialty {n}")
    name_zh = factory.Sequence(lambda n: f"专业{n}")
    position = factory.Sequence(int)


class ServiceTypeFactory(BaseFactory):
    class Meta:
        model = ServiceType

    code = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    name_zh = factory.Sequence(lambda n: f"服务{n}")
    position = factory.Sequence(int)


class ProviderProfileFactory(BaseFactory):
    """A listed provider; pass specialties=[...] and service_types=[...] to tag it."""

    class Meta:
        model = ProviderProfile

    organisation = factory.SubFactory(OrganisationFactory)
    listed = True
    capacity = 5
    contact_name = "Li Wei"
    contact_email = factory.Sequence(lambda n: f"contact{n}@firm.example")
    contact_phone = "+86 23 6000 0000"

    @factory.post_generation
    def specialties(self, create, extracted, **kwargs):
        if extracted:
            self.specialties.extend(extracted)
            db.session.commit()

    @factory.post_generation
    def service_types(self, create, extracted, **kwargs):
        if extracted:
            self.service_types.extend(extracted)
            db.session.commit()


class ContactRequestFactory(BaseFactory):
    class Meta:
        model = ContactRequest

    provider = factory.SubFactory(OrganisationFactory)
    requester = factory.SubFactory(OrganisationFactory, kind=OrgKind.MANUFACTURER)
    message = "We are looking for a partner for a new motorcycle."


def member_of(organisation: Organisation, role: OrgRole = OrgRole.MEMBER, **user_fields) -> User:
    """A new user who belongs to `organisation` with `role`."""
    membership = MembershipFactory(organisation=organisation, role=role,
                                   user=UserFactory(**user_fields))
    return membership.user
