"""An organisation's dashboard: what a design firm, lab or institute, a manufacturer or any other
organisation sees of its own work at a glance. Every figure is an SQL aggregate or a short,
bounded list; the whole page is a fixed number of queries however much data there is."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from park.accounts.models import Membership, Organisation, OrgKind, User
from park.core.time import now_utc
from park.dashboard.charts import BarChart, BarItem, build_bar_chart
from park.directory.models import (
    PROVIDER_KINDS,
    ProviderProfile,
    profile_service_types,
    profile_specialties,
)
from park.events.meetings import organisation_meetings_query
from park.events.models import Event, EventStatus, Meeting, Registration, RegistrationStatus
from park.extensions import db
from park.matching import scoring
from park.matching.models import (
    ANSWERABLE_NEED_STATUSES,
    Match,
    MatchStatus,
    Need,
    NeedInvitation,
    NeedStatus,
    NeedVisibility,
    need_service_types,
    need_specialties,
)
from park.projects import ip
from park.projects import queries as project_queries
from park.projects.lifecycle import STAGE_ORDER
from park.projects.models import (
    IpRecord,
    LifecycleStage,
    Milestone,
    Project,
    ProjectStatus,
)
from park.tenants.models import Tenancy

LIST_LIMIT = 6  # rows each list shows; its count links to the full list
NEED_POOL = 20  # open needs that share most with the firm, scored in full
FITTING_NEEDS_SHOWN = 5


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


# Providers: design firms, labs, institutes ---------------------------------------------------


@dataclass
class FittingNeed:
    need: Need
    score: int
    parts: list[scoring.ScorePart]


@dataclass
class ProviderFigures:
    stages: BarChart
    active_projects: int
    overdue_projects: int
    overdue_milestones: list[Milestone]
    overdue_milestones_total: int
    ip_deadlines: list[IpRecord]
    ip_deadlines_total: int
    ip_upcoming: dict[int, ip.UpcomingDeadline]
    ip_window_days: int
    fitting_needs: list[FittingNeed]


def _stage_chart(user: User, organisation: Organisation) -> BarChart:
    """Active projects by current stage (one query); each bar opens the list it counts."""
    counts = project_queries.stage_counts(user, organisation=organisation)
    items = [BarItem(key=kind.value, label=str(kind.label), value=counts.get(kind, 0),
                     url=url_for("projects.organisation_projects", slug=organisation.slug,
                                 status=ProjectStatus.ACTIVE.value, stage=kind.value))
             for kind in STAGE_ORDER]
    return build_bar_chart(items, value_label=_("Projects"))


def _overdue(user: User, organisation: Organisation, today: date):
    projects = project_queries.projects_query(
        user, organisation=organisation, today=today,
        filters=project_queries.ProjectFilters(overdue=True))
    project_ids = project_queries.projects_query(user, organisation=organisation) \
        .with_only_columns(Project.id).order_by(None)
    late = (select(Milestone)
            .where(Milestone.project_id.in_(project_ids), Milestone.achieved_on.is_(None),
                   Milestone.due_on < today))
    milestones = list(db.session.scalars(
        late.options(joinedload(Milestone.project))
        .order_by(Milestone.due_on, Milestone.id).limit(LIST_LIMIT)))
    return _count(projects), milestones, _count(late)


def _candidate(organisation: Organisation) -> tuple[scoring.Candidate, dict[int | None, int]]:
    """The organisation as the match score reads it, for any need: all its services and
    fields, load, tenancy; completed projects per field. Four queries."""
    capacity = (select(ProviderProfile.capacity)
                .where(ProviderProfile.organisation_id == organisation.id).scalar_subquery())
    tenancy = (select(Tenancy.status)
               .where(Tenancy.organisation_id == organisation.id).scalar_subquery())
    active = (select(func.count(Project.id))
              .where(Project.firm_id == organisation.id,
                     Project.status == ProjectStatus.ACTIVE).scalar_subquery())
    capacity, tenancy, active = db.session.execute(select(capacity, tenancy, active)).one()
    services = set(db.session.scalars(
        select(profile_service_types.c.service_type_id)
        .where(profile_service_types.c.organisation_id == organisation.id)))
    specialties = set(db.session.scalars(
        select(profile_specialties.c.specialty_id)
        .where(profile_specialties.c.organisation_id == organisation.id)))
    completed = dict(db.session.execute(
        select(Project.specialty_id, func.count(Project.id))
        .where(Project.firm_id == organisation.id, Project.status == ProjectStatus.COMPLETED)
        .group_by(Project.specialty_id)).all())
    candidate = scoring.Candidate(
        kind="organisation", id=organisation.id, name=organisation.name,
        name_zh=organisation.name_zh or "", slug=organisation.slug, org_kind=organisation.kind,
        services=services, specialties=specialties,
        active=active or 0, capacity=capacity or 0, tenancy=tenancy,
    )
    return candidate, completed


def _fitting_needs(organisation: Organisation, locale: str) -> list[FittingNeed]:
    """Open needs the organisation may answer, best by its match score: the NEED_POOL that
    share most services and fields with it are read (three queries) and scored in Python."""
    candidate, completed = _candidate(organisation)
    if not candidate.services and not candidate.specialties:
        return []
    services = (select(func.count()).where(
        need_service_types.c.need_id == Need.id,
        need_service_types.c.service_type_id.in_(candidate.services or [-1]))
        .correlate(Need).scalar_subquery())
    fields = (select(func.count()).where(
        need_specialties.c.need_id == Need.id,
        need_specialties.c.specialty_id.in_(candidate.specialties or [-1]))
        .correlate(Need).scalar_subquery())
    invited = exists(select(1).where(NeedInvitation.need_id == Need.id,
                                     NeedInvitation.organisation_id == organisation.id))
    needs = db.session.scalars(
        select(Need)
        .where(Need.status.in_(ANSWERABLE_NEED_STATUSES), Need.owner_id != organisation.id,
               or_(Need.visibility == NeedVisibility.PARK, invited),
               or_(services > 0, fields > 0))
        .options(joinedload(Need.owner), selectinload(Need.specialties),
                 selectinload(Need.service_types))
        .order_by(services.desc(), fields.desc(), Need.created_at.desc(), Need.id.desc())
        .limit(NEED_POOL)).all()
    fitting = []
    for need in needs:
        field_ids = {s.id for s in need.specialties}
        done = (sum(n for specialty, n in completed.items() if specialty in field_ids)
                if field_ids else sum(completed.values()))
        this = replace(candidate,
                       services=candidate.services & {t.id for t in need.service_types},
                       specialties=candidate.specialties & field_ids, completed=done)
        total, parts = scoring.score(need, this, locale)
        fitting.append(FittingNeed(need, total, parts))
    fitting.sort(key=lambda f: (-f.score, -f.need.created_at.timestamp(), -f.need.id))
    return fitting[:FITTING_NEEDS_SHOWN]


def provider_figures(user: User, organisation: Organisation, today: date,
                     locale: str) -> ProviderFigures:
    stages = _stage_chart(user, organisation)
    overdue_projects, milestones, milestones_total = _overdue(user, organisation, today)
    window = ip.DEADLINE_WINDOW_DAYS
    deadlines, deadlines_total = project_queries.organisation_ip_deadlines(
        user, organisation, today=today, within_days=window, limit=LIST_LIMIT)
    return ProviderFigures(
        stages=stages, active_projects=stages.total, overdue_projects=overdue_projects,
        overdue_milestones=milestones, overdue_milestones_total=milestones_total,
        ip_deadlines=deadlines, ip_deadlines_total=deadlines_total,
        ip_upcoming={r.id: ip.upcoming_deadline(r, today, window) for r in deadlines},
        ip_window_days=window,
        fitting_needs=_fitting_needs(organisation, locale),
    )


# Manufacturers -------------------------------------------------------------------------------


@dataclass
class NeedSummary:
    need: Need
    matches: dict[MatchStatus, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.matches.values())

    @property
    def by_status(self) -> list[tuple[MatchStatus, int]]:
        """The match counts in the workflow's order, statuses with none left out."""
        return [(status, self.matches[status]) for status in MatchStatus
                if self.matches.get(status)]


@dataclass
class ManufacturerFigures:
    needs: list[NeedSummary]
    needs_by_status: dict[NeedStatus, int]
    client_projects: list[Project]
    client_projects_total: int
    client_stages: dict[int, LifecycleStage]

    @property
    def headline(self) -> list[tuple[NeedStatus, int]]:
        """Its needs still in play, and those that became projects."""
        return [(status, self.needs_by_status.get(status, 0))
                for status in (NeedStatus.OPEN, NeedStatus.IN_DISCUSSION, NeedStatus.CONVERTED)]


def manufacturer_figures(user: User, organisation: Organisation) -> ManufacturerFigures:
    by_status = dict(db.session.execute(
        select(Need.status, func.count()).where(Need.owner_id == organisation.id)
        .group_by(Need.status)).all())
    needs = list(db.session.scalars(
        select(Need).where(Need.owner_id == organisation.id,
                           Need.status.in_(ANSWERABLE_NEED_STATUSES))
        .order_by(Need.created_at.desc(), Need.id.desc()).limit(LIST_LIMIT)))
    summaries = {need.id: NeedSummary(need) for need in needs}
    if summaries:
        for need_id, status, count in db.session.execute(
                select(Match.need_id, Match.status, func.count())
                .where(Match.need_id.in_(list(summaries)))
                .group_by(Match.need_id, Match.status)):
            summaries[need_id].matches[status] = count
    clients = project_queries.projects_query(
        user, filters=project_queries.ProjectFilters(client_id=organisation.id))
    projects = list(db.session.scalars(clients.limit(LIST_LIMIT)).unique())
    return ManufacturerFigures(
        needs=list(summaries.values()), needs_by_status=by_status,
        client_projects=projects, client_projects_total=_count(clients),
        client_stages=project_queries.current_stages([p.id for p in projects]),
    )


# Everyone: upcoming events and meetings ------------------------------------------------------


@dataclass
class EventAttendance:
    event: Event
    people: int  # of the organisation, confirmed


def upcoming_events(organisation: Organisation) -> tuple[list[EventAttendance], int]:
    """Published events still to come that the organisation's people are confirmed for
    (registered on its behalf, or members registered themselves), soonest first: two queries."""
    members = select(Membership.user_id).where(Membership.organisation_id == organisation.id)
    people = (
        select(Registration.event_id, func.count(func.distinct(Registration.user_id))
               .label("people"))
        .join(Event, Event.id == Registration.event_id)
        .where(Registration.status == RegistrationStatus.CONFIRMED,
               Event.status == EventStatus.PUBLISHED, Event.ends_at > now_utc(),
               or_(Registration.organisation_id == organisation.id,
                   Registration.user_id.in_(members)))
        .group_by(Registration.event_id).subquery()
    )
    rows = db.session.execute(
        select(Event, people.c.people).join(people, people.c.event_id == Event.id)
        .options(joinedload(Event.venue))
        .order_by(Event.starts_at, Event.id).limit(LIST_LIMIT)).all()
    total = db.session.scalar(select(func.count()).select_from(people))
    return [EventAttendance(event, count) for event, count in rows], total


def upcoming_meetings(organisation: Organisation) -> tuple[list[Meeting], int]:
    """The organisation's requested and accepted one-to-one meetings still to come: two
    queries."""
    query = (organisation_meetings_query([organisation.id])
             .join(Event, Event.id == Meeting.event_id)
             .where(Meeting.ends_at > now_utc(), Event.status == EventStatus.PUBLISHED))
    meetings = list(db.session.scalars(
        query.options(joinedload(Meeting.event)).limit(LIST_LIMIT)).unique())
    return meetings, _count(query)


# The page ------------------------------------------------------------------------------------


@dataclass
class OrganisationDashboard:
    organisation: Organisation
    today: date
    viewer_is_member: bool
    provider: ProviderFigures | None
    manufacturer: ManufacturerFigures | None
    events: list[EventAttendance]
    events_total: int
    meetings: list[Meeting]
    meetings_total: int

    def counterpart(self, meeting: Meeting) -> Organisation:
        return meeting.invitee if meeting.requester_id == self.organisation.id \
            else meeting.requester


def organisation_dashboard(user: User, organisation: Organisation, *, today: date,
                           locale: str) -> OrganisationDashboard:
    """What the organisation's dashboard shows, by the kind of organisation it is."""
    provider = manufacturer = None
    if organisation.kind in PROVIDER_KINDS:
        provider = provider_figures(user, organisation, today, locale)
    elif organisation.kind is OrgKind.MANUFACTURER:
        manufacturer = manufacturer_figures(user, organisation)
    events, events_total = upcoming_events(organisation)
    meetings, meetings_total = upcoming_meetings(organisation)
    return OrganisationDashboard(
        organisation=organisation, today=today,
        viewer_is_member=user.membership_in(organisation) is not None,
        provider=provider, manufacturer=manufacturer,
        events=events, events_total=events_total,
        meetings=meetings, meetings_total=meetings_total,
    )

