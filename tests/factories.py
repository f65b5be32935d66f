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
from park.events.models import (
    Audience,
    Event,
    EventKind,
    EventStatus,
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    Venue,
)
from park.extensions import db
from park.matching.models import (
    AcademicPosition,
    AcademicProfile,
    Availability,
    Discipline,
    Match,
    MatchStatus,
    Need,
    NeedStatus,
    NeedVisibility,
    Team,
    TeamMember,
)
from park.projects import services as project_services
from park.projects.lifecycle import DONE_STATUSES, StageKind, StageStatus
from park.projects.models import (
    IpKind,
    IpRecord,
    IpStatus,
    Milestone,
    Project,
    ProjectMember,
    ProjectRole,
    ProjectStatus,
    Visibility,
)
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


def tagged(relationship: str):
    """A post-generation hook: `Factory(specialties=[...])` adds the terms after creation."""

    @factory.post_generation
    def add_terms(self, create, extracted, **kwargs):
        if extracted:
            getattr(self, relationship).extend(extracted)
            db.session.commit()

    return add_terms


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

    specialties = tagged("specialties")
    service_types = tagged("service_types")


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


class ProjectFactory(BaseFactory):
    """A bare project row, without stages: for lists and counts. `make_project` builds a real
    one through the service."""

    class Meta:
        model = Project

    firm = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    summary = "A test project."
    template = "full"
    status = ProjectStatus.ACTIVE
    visibility = Visibility.PRIVATE
    current_stage = StageKind.BRIEF


class ProjectMemberFactory(BaseFactory):
    class Meta:
        model = ProjectMember

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    role = ProjectRole.DESIGNER


class MilestoneFactory(BaseFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = date(2026, 12, 15)
    achieved_on = None


class IpRecordFactory(BaseFactory):
    class Meta:
        model = IpRecord

    project = factory.SubFactory(ProjectFactory)
    kind = IpKind.DESIGN_PATENT
    title = factory.Sequence(lambda n: f"Fairing design {n}")
    application_number = factory.Sequence(lambda n: f"2026300{n:06d}")
    status = IpStatus.FILED
    filed_on = date(2026, 3, 1)
    owners = "Test firm"


def make_project(firm: Organisation | None = None, lead: User | None = None, **fields) -> Project:
    """A project made as a firm makes it (stages from the template, the lead as member, the
    first stage started), through the real service. Returns it freshly loaded."""
    firm = firm or OrganisationFactory()
    lead = lead or member_of(firm)
    fields.setdefault("title", "Electric motorcycle fairing")
    status = fields.pop("status", None)
    project = project_services.create_project(lead, firm, **fields)
    if status is not None:  # a finished or paused project, without walking its stages
        project.status = status
        db.session.commit()
    return project


def advance_to(project: Project, kind: StageKind, status: StageStatus = StageStatus.IN_PROGRESS,
               on: date = date(2026, 6, 1)) -> Project:
    """Set the stages as if the project had got to `kind` (earlier ones approved), without the
    workflow: for tests about what comes after."""
    reached = False
    for stage in project.stages:
        if stage.kind is kind:
            reached = True
            stage.status = status
            if status is not StageStatus.PENDING:
                stage.actual_start_on = on
            if status is StageStatus.APPROVED:
                stage.actual_end_on = on
        elif not reached:
            stage.status = StageStatus.APPROVED
            stage.actual_start_on = stage.actual_end_on = on
        else:
            stage.status = StageStatus.PENDING
            stage.actual_start_on = stage.actual_end_on = None
    current = next((s for s in project.stages if s.status not in DONE_STATUSES), None)
    project.current_stage = current.kind if current else None
    db.session.commit()
    return project


class VenueFactory(BaseFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Hall {n}")
    name_zh = factory.Sequence(lambda n: f"{n}号厅")
    location = "Building A, ground floor"
    capacity = 200


# Events start a fortnight from now unless told otherwise, so registration is open.
def _in_days(days: int, hour: int = 9):
    start = now_utc().replace(hour=hour, minute=0, second=0, microsecond=0)
    return start + timedelta(days=days)


class EventFactory(BaseFactory):
    """A published matchmaking fair two weeks ahead, open to everyone."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Matchmaking fair {n}")
    title_zh = factory.Sequence(lambda n: f"对接会{n}")
    description = "Design firms meet manufacturers."
    kind = EventKind.MATCHMAKING_FAIR
    venue = factory.SubFactory(VenueFactory)
    starts_at = factory.LazyFunction(lambda: _in_days(14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=8))
    capacity = 50
    confirmed_count = 0
    audience = Audience.EVERYONE
    status = EventStatus.PUBLISHED
    meetings_enabled = False
    meeting_minutes = 20
    meeting_tables = 10


class RegistrationFactory(BaseFactory):
    """A confirmed registration; the event's confirmed count is kept in step."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = RegistrationStatus.CONFIRMED
    ticket_code = factory.Sequence(lambda n: f"{n:032x}")

    @factory.post_generation
    def count_place(self, create, extracted, **kwargs):
        if self.status is RegistrationStatus.CONFIRMED:
            self.event.confirmed_count += 1
            db.session.commit()


class MeetingFactory(BaseFactory):
    """An accepted meeting without holds: for reading pages, not for booking rules."""

    class Meta:
        model = Meeting

    event = factory.SubFactory(EventFactory, meetings_enabled=True)
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at + timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=20))
    table_number = 1
    requester = factory.SubFactory(OrganisationFactory, kind=OrgKind.MANUFACTURER)
    invitee = factory.SubFactory(OrganisationFactory)
    status = MeetingStatus.ACCEPTED


# Matching ------------------------------------------------------------------------------------


class NeedFactory(BaseFactory):
    """An open need of a manufacturer, seen by the whole park; pass specialties=[...] and
    service_types=[...] to say what it wants."""

    class Meta:
        model = Need

    owner = factory.SubFactory(OrganisationFactory, kind=OrgKind.MANUFACTURER)
    title = factory.Sequence(lambda n: f"Need {n}: a new motorcycle fairing")
    description = "CMF, mould design and a prototype for an electric motorcycle."
    budget_min = 200_000
    budget_max = 500_000
    visibility = NeedVisibility.PARK
    status = NeedStatus.OPEN

    specialties = tagged("specialties")
    service_types = tagged("service_types")


class AcademicProfileFactory(BaseFactory):
    class Meta:
        model = AcademicProfile

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind=OrgKind.ACADEMIC)
    position = AcademicPosition.STUDENT
    discipline = Discipline.ART_DESIGN
    skills = "clay modelling, CMF"
    availability = Availability.AVAILABLE
    listed = True


class TeamFactory(BaseFactory):
    """A listed team run from a design firm; add people with TeamMemberFactory."""

    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    description = "Institute artists with firm engineers."
    organisation = factory.SubFactory(OrganisationFactory)
    listed = True

    specialties = tagged("specialties")
    service_types = tagged("service_types")


class TeamMemberFactory(BaseFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda o: o.team.organisation)
    discipline = Discipline.ENGINEERING
    role = "Engineer"


class MatchFactory(BaseFactory):
    """A provider that has said it is interested in a need."""

    class Meta:
        model = Match

    need = factory.SubFactory(NeedFactory)
    provider = factory.SubFactory(OrganisationFactory)
    status = MatchStatus.INTERESTED
    message = "We did three fairings last year."
    interested_at = factory.LazyFunction(now_utc)

