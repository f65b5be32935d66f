"""Read side of projects: who sees what, lists with filters, the board, the project page, the
history and the IP deadlines; counts in SQL, related rows loaded eagerly."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, case, false, func, or_, select, union
from sqlalchemy.orm import joinedload, selectinload

from park.accounts.models import Membership, Organisation, OrgKind, OrgStatus, User
from park.core.caching import watch
from park.core.models import storable_id
from park.core.policy import park_admin, signed_in
from park.core.search import contains
from park.extensions import db
from park.projects.lifecycle import STAGE_ORDER, StageKind, StageStatus
from park.projects.models import (
    Deliverable,
    DeliverableVersion,
    IpRecord,
    IpStatus,
    LifecycleStage,
    Milestone,
    Project,
    ProjectMember,
    ProjectStatus,
    StageTransition,
    Visibility,
    project_partners,
)

# What pages keep of projects in the cache, and when it goes stale ----------------------------

# A project page's content is shared until the project's next commit; the names of people and
# organisations it shows (which change elsewhere) may lag this long.
PAGE_CACHE_SECONDS = 120
# A list, board or API list as one person sees it is kept until any project's next commit or
# a change of who belongs where; names of organisations may lag this long.
LIST_CACHE_SECONDS = 60


def project_namespace(project_id: int | None) -> str | None:
    """The cache namespace of one project's page."""
    return f"project:{project_id}" if project_id else None


def _project_id(obj) -> int | None:
    """The project a stage, milestone, member, move, deliverable or file belongs to, also
    before its first flush (when only the relationship may be set)."""
    if isinstance(obj, Project):
        return obj.id
    if isinstance(obj, DeliverableVersion):
        return _project_id(obj.deliverable) if obj.deliverable is not None else None
    if isinstance(obj, Deliverable | StageTransition):
        return _project_id(obj.stage) if obj.stage is not None else None
    return obj.project_id or (obj.project.id if obj.project is not None else None)


PROJECT_MODELS = (Project, LifecycleStage, Milestone, ProjectMember, StageTransition, Deliverable,
                  DeliverableVersion)
watch(*PROJECT_MODELS, namespace=lambda obj: project_namespace(_project_id(obj)))
watch(*PROJECT_MODELS, Membership, namespace="projects")


def visible_to(user):
    """A WHERE clause: the projects `user` may see whole (the rule of can_view_project).

    The rule's parts are a union of index lookups rather than an OR of conditions on the
    projects table: PostgreSQL cannot use an index for such an OR and read every project of the
    park for a person who is on three."""
    if not signed_in(user):
        return false()
    org_ids = [m.organisation_id for m in user.memberships]
    mine = union(
        select(Project.id).where(Project.firm_id.in_(org_ids)),
        select(Project.id).where(Project.client_id.in_(org_ids)),
        select(ProjectMember.project_id).where(ProjectMember.user_id == user.id),
    )
    if park_admin(user):
        return or_(Project.visibility.in_((Visibility.PARK, Visibility.PUBLIC)),
                   Project.id.in_(mine))
    return Project.id.in_(mine)


def summary_visible_to(user):
    """A WHERE clause: the projects whose public face at least `user` may see (the rule of
    can_view_project_summary): public ones, and those `user` may see whole."""
    return or_(Project.visibility == Visibility.PUBLIC, visible_to(user))


def involving(organisation: Organisation):
    """Projects an organisation runs, commissions as client, or joins as academic partner (a
    union of index lookups, as in `visible_to`)."""
    return Project.id.in_(union(
        select(Project.id).where(Project.firm_id == organisation.id),
        select(Project.id).where(Project.client_id == organisation.id),
        select(project_partners.c.project_id)
        .where(project_partners.c.organisation_id == organisation.id),
    ))


@dataclass
class ProjectFilters:
    q: str = ""
    status: ProjectStatus | None = None
    stage: StageKind | None = None
    visibility: Visibility | None = None
    specialty_id: int | None = None
    client_id: int | None = None
    overdue: bool = False
    # Park days, both ends included: projects completed, or with a milestone achieved, then
    # (the dashboard's figures link here with them).
    completed_from: date | None = None
    completed_to: date | None = None
    achieved_from: date | None = None
    achieved_to: date | None = None

    @property
    def active(self) -> bool:
        return any((self.q, self.status, self.stage, self.visibility, self.specialty_id,
                    self.client_id, self.overdue, self.completed_from, self.completed_to,
                    self.achieved_from, self.achieved_to))

    def date_args(self) -> dict[str, str]:
        """The date filters as query arguments, for the filter form to keep."""
        names = ("completed_from", "completed_to", "achieved_from", "achieved_to")
        return {name: getattr(self, name).isoformat() for name in names if getattr(self, name)}


def _overdue_milestone(today: date):
    return (select(Milestone.id)
            .where(Milestone.project_id == Project.id, Milestone.achieved_on.is_(None),
                   Milestone.due_on < today)
            .exists())


def projects_query(user, *, organisation: Organisation | None = None,
                   filters: ProjectFilters | None = None, today: date | None = None,
                   park_wide: bool = False, with_public: bool = False):
    """The projects `user` may see, optionally those of one organisation, filtered; newest
    first, with what a list row shows loaded in the same round trip. With `with_public`,
    also the public projects `user` may only see the public face of."""
    filters = filters or ProjectFilters()
    if park_wide:
        query = select(Project).where(Project.visibility.in_((Visibility.PARK,
                                                              Visibility.PUBLIC)))
    elif with_public:
        query = select(Project).where(summary_visible_to(user))
    else:
        query = select(Project).where(visible_to(user))
    if organisation is not None:
        query = query.where(involving(organisation))
    if filters.q:
        query = query.where(or_(contains(Project.title, filters.q),
                                contains(Project.summary, filters.q)))
    if filters.status:
        query = query.where(Project.status == filters.status)
    if filters.stage:
        query = query.where(Project.current_stage == filters.stage)
    if filters.visibility:
        query = query.where(Project.visibility == filters.visibility)
    if filters.specialty_id:
        query = query.where(Project.specialty_id == filters.specialty_id)
    if filters.client_id:
        query = query.where(Project.client_id == filters.client_id)
    if filters.overdue and today is not None:
        query = query.where(_overdue_milestone(today))
    if filters.completed_from:
        query = query.where(Project.completed_on >= filters.completed_from)
    if filters.completed_to:
        query = query.where(Project.completed_on <= filters.completed_to)
    if filters.achieved_from or filters.achieved_to:
        achieved = [Milestone.project_id == Project.id, Milestone.achieved_on.is_not(None)]
        if filters.achieved_from:
            achieved.append(Milestone.achieved_on >= filters.achieved_from)
        if filters.achieved_to:
            achieved.append(Milestone.achieved_on <= filters.achieved_to)
        query = query.where(select(Milestone.id).where(*achieved).exists())
    return query.options(
        joinedload(Project.firm), joinedload(Project.client), joinedload(Project.specialty),
    ).order_by(Project.updated_at.desc(), Project.id.desc())


def overdue_counts(project_ids: list[int], today: date) -> dict[int, int]:
    """Overdue milestones per project, for one page of projects, in one query."""
    if not project_ids:
        return {}
    rows = db.session.execute(
        select(Milestone.project_id, func.count())
        .where(Milestone.project_id.in_(project_ids), Milestone.achieved_on.is_(None),
               Milestone.due_on < today)
        .group_by(Milestone.project_id)
    )
    return dict(rows.all())


def current_stages(project_ids: list[int]) -> dict[int, LifecycleStage]:
    """The current stage row of each project (status, owner, version) in one query."""
    if not project_ids:
        return {}
    stages = db.session.scalars(
        select(LifecycleStage)
        .join(Project, and_(Project.id == LifecycleStage.project_id,
                            Project.current_stage == LifecycleStage.kind))
        .where(LifecycleStage.project_id.in_(project_ids))
        .options(joinedload(LifecycleStage.owner))
    )
    return {stage.project_id: stage for stage in stages}


# The board ----------------------------------------------------------------------------------

BOARD_CARDS_PER_COLUMN = 12


@dataclass
class BoardColumn:
    kind: StageKind
    total: int = 0
    projects: list[Project] = field(default_factory=list)


def board(user, *, organisation: Organisation | None = None, park_wide: bool = False,
          filters: ProjectFilters | None = None, today: date | None = None,
          per_column: int = BOARD_CARDS_PER_COLUMN) -> list[BoardColumn]:
    """Active projects in one column per stage: each column's count, and its most recently
    changed cards (the list view has the rest) with their members (who may move a card).
    Three queries whatever the number of projects; one with `per_column=0`."""
    base = projects_query(user, organisation=organisation, park_wide=park_wide,
                          filters=filters, today=today).where(
        Project.status == ProjectStatus.ACTIVE, Project.current_stage.is_not(None))
    columns = {kind: BoardColumn(kind) for kind in STAGE_ORDER}
    if per_column <= 0:
        ids = base.with_only_columns(Project.id, Project.current_stage).order_by(None).subquery()
        for kind, total in db.session.execute(
            select(ids.c.current_stage, func.count()).group_by(ids.c.current_stage)
        ):
            columns[kind].total = total
        return list(columns.values())

    # Each column's count and its newest cards' ids in one query; the cards then load by id.
    # (Joining the ranking to the projects instead lets PostgreSQL misjudge the OR of the
    # visibility rule and scan every project of the park.)
    ranked = base.with_only_columns(
        Project.id,
        Project.current_stage,
        func.row_number().over(partition_by=Project.current_stage,
                               order_by=(Project.updated_at.desc(), Project.id.desc()))
        .label("rank"),
        func.count().over(partition_by=Project.current_stage).label("total"),
    ).order_by(None).subquery()
    card_ids = []
    for project_id, kind, _rank, total in db.session.execute(
        select(ranked).where(ranked.c.rank <= per_column)
    ):
        columns[kind].total = total
        card_ids.append(project_id)
    if not card_ids:
        return list(columns.values())
    cards = db.session.scalars(
        select(Project)
        .where(Project.id.in_(card_ids))
        .options(joinedload(Project.firm), joinedload(Project.client),
                 joinedload(Project.specialty), selectinload(Project.members))
        .order_by(Project.updated_at.desc(), Project.id.desc())
    ).unique()
    for project in cards:
        columns[project.current_stage].projects.append(project)
    return list(columns.values())


def stage_counts(user, *, park_wide: bool = False,
                 organisation: Organisation | None = None) -> dict[StageKind, int]:
    return {column.kind: column.total
            for column in board(user, organisation=organisation, park_wide=park_wide,
                                per_column=0)}


@dataclass
class ParkOverview:
    awaiting: int
    overdue: int
    completed: int


def park_overview(today: date) -> ParkOverview:
    """The park office's numbers over projects visible to it, in one query: active projects
    waiting for a gate decision, active ones with overdue milestones, completed ones."""
    shown = Project.visibility.in_((Visibility.PARK, Visibility.PUBLIC))
    active = and_(shown, Project.status == ProjectStatus.ACTIVE)
    awaiting = (
        select(func.count()).select_from(Project)
        .join(LifecycleStage, and_(LifecycleStage.project_id == Project.id,
                                   LifecycleStage.kind == Project.current_stage))
        .where(active, LifecycleStage.status == StageStatus.AWAITING_APPROVAL)
        .scalar_subquery()
    )
    overdue = (select(func.count()).select_from(Project)
               .where(active, _overdue_milestone(today)).scalar_subquery())
    completed = (select(func.count()).select_from(Project)
                 .where(shown, Project.status == ProjectStatus.COMPLETED).scalar_subquery())
    row = db.session.execute(select(awaiting, overdue, completed)).one()
    return ParkOverview(*row)


# Choices for the list filters and the new-project form --------------------------------------


def filter_clients(user, *, organisation: Organisation | None = None,
                   park_wide: bool = False) -> list[Organisation]:
    """The clients of the projects a list may show, for its client filter: one query."""
    projects = projects_query(user, organisation=organisation, park_wide=park_wide)
    client_ids = (projects.with_only_columns(Project.client_id).order_by(None)
                  .where(Project.client_id.is_not(None)))
    return list(db.session.scalars(
        select(Organisation).where(Organisation.id.in_(client_ids)).order_by(Organisation.name)
    ))


def client_candidates(firm: Organisation) -> list[Organisation]:
    """Who a new project can be for: approved manufacturers (the firm itself excluded)."""
    return list(db.session.scalars(
        select(Organisation)
        .where(Organisation.kind == OrgKind.MANUFACTURER,
               Organisation.status == OrgStatus.APPROVED, Organisation.id != firm.id)
        .order_by(Organisation.name)
    ))


def partner_candidates(firm: Organisation) -> list[Organisation]:
    """Approved academic institutions that can join a project as partners."""
    return list(db.session.scalars(
        select(Organisation)
        .where(Organisation.kind == OrgKind.ACADEMIC, Organisation.status == OrgStatus.APPROVED,
               Organisation.id != firm.id)
        .order_by(Organisation.name)
    ))


# One project --------------------------------------------------------------------------------


def project_with_members(project_id: int) -> Project | None:
    """A project with what deciding who may see it needs: its members."""
    if not storable_id(project_id):
        return None
    return db.session.scalars(
        select(Project).where(Project.id == project_id).options(joinedload(Project.members))
    ).unique().one_or_none()


def project_by_id(project_id: int, *, with_uploaders: bool = False) -> Project | None:
    """A project with everything its page shows: stages with their deliverables and
    versions, members, milestones and partners; with `with_uploaders`, also who uploaded each
    version (the stage page lists them)."""
    versions = (selectinload(Project.stages).selectinload(LifecycleStage.deliverables)
                .selectinload(Deliverable.versions))
    if not storable_id(project_id):
        return None
    if with_uploaders:
        versions = versions.joinedload(DeliverableVersion.uploaded_by)
    return db.session.scalar(
        select(Project)
        .where(Project.id == project_id)
        .options(
            joinedload(Project.firm), joinedload(Project.client), joinedload(Project.specialty),
            selectinload(Project.partners),
            selectinload(Project.members).joinedload(ProjectMember.user),
            selectinload(Project.milestones),
            selectinload(Project.stages).joinedload(LifecycleStage.owner),
            versions,
        )
    )


def milestones_query(project: Project):
    """The project's milestones in the order its page lists them: soonest due first."""
    return (select(Milestone).where(Milestone.project_id == project.id)
            .order_by(Milestone.due_on, Milestone.id))


def history_query(project: Project):
    return (
        select(StageTransition)
        .where(StageTransition.project_id == project.id)
        .options(joinedload(StageTransition.stage), joinedload(StageTransition.actor))
        .order_by(StageTransition.created_at.desc(), StageTransition.id.desc())
    )


def candidate_users(project: Project) -> list[User]:
    """People who could join the project: members of the firm, the client and the partners."""
    from park.accounts.models import Membership

    org_ids = [project.firm_id, *(p.id for p in project.partners)]
    if project.client_id:
        org_ids.append(project.client_id)
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id.in_(org_ids), User.active.is_(True))
        .distinct().order_by(User.name)
    ))


# Portfolio and IP ---------------------------------------------------------------------------


def public_portfolio(organisation: Organisation, limit: int = 6) -> list[Project]:
    """The firm's public projects for its directory profile, most recently finished first."""
    return list(db.session.scalars(
        select(Project)
        .where(Project.firm_id == organisation.id, Project.visibility == Visibility.PUBLIC,
               Project.status != ProjectStatus.CANCELLED)
        .options(joinedload(Project.specialty), joinedload(Project.client))
        .order_by(Project.completed_on.desc().nulls_last(), Project.updated_at.desc())
        .limit(limit)
    ))


def ip_records_query(project: Project, *, public_only: bool = False):
    query = select(IpRecord).where(IpRecord.project_id == project.id)
    if public_only:
        query = query.where(IpRecord.status == IpStatus.GRANTED)
    return query.order_by(IpRecord.kind, IpRecord.filed_on.desc().nulls_first(), IpRecord.id)


def next_deadline():
    """The earlier of a record's renewal and expiry dates, in SQL (either may be NULL)."""
    renewal, expires = IpRecord.renewal_due_on, IpRecord.expires_on
    return case(
        (renewal.is_(None), expires),
        (expires.is_(None), renewal),
        (renewal < expires, renewal),
        else_=expires,
    )


def organisation_ip_query(user, organisation: Organisation, *, today: date,
                          due_within_days: int | None = None, kind=None, status=None):
    """IP records of the organisation's projects that `user` may see; with `due_within_days`,
    only those whose renewal or expiry falls in the next that many days, soonest first."""
    query = (
        select(IpRecord).join(IpRecord.project)
        .where(Project.firm_id == organisation.id, visible_to(user))
        .options(joinedload(IpRecord.project))
    )
    if kind is not None:
        query = query.where(IpRecord.kind == kind)
    if status is not None:
        query = query.where(IpRecord.status == status)
    if due_within_days is not None:
        until = today + timedelta(days=due_within_days)
        alive = IpRecord.status.not_in((IpStatus.REJECTED, IpStatus.LAPSED))
        query = query.where(alive, or_(IpRecord.renewal_due_on.between(today, until),
                                       IpRecord.expires_on.between(today, until)))
        return query.order_by(upcoming_deadline(today), IpRecord.title, IpRecord.id)
    return query.order_by(next_deadline().nulls_last(), IpRecord.title, IpRecord.id)


def park_ip_query(*, kind=None, status=None, filed_from: date | None = None,
                  filed_to: date | None = None, granted_from: date | None = None,
                  granted_to: date | None = None):
    """IP records of the projects the park office sees (shown to the park or the public),
    filtered by kind, status and the days they were filed or granted (both ends included);
    latest filing first, with the project and its firm loaded."""
    query = (
        select(IpRecord).join(IpRecord.project)
        .where(Project.visibility.in_((Visibility.PARK, Visibility.PUBLIC)))
        .options(joinedload(IpRecord.project).joinedload(Project.firm))
    )
    if kind is not None:
        query = query.where(IpRecord.kind == kind)
    if status is not None:
        query = query.where(IpRecord.status == status)
    for column, first, last in ((IpRecord.filed_on, filed_from, filed_to),
                                (IpRecord.granted_on, granted_from, granted_to)):
        if first is not None:
            query = query.where(column >= first)
        if last is not None:
            query = query.where(column <= last)
    return query.order_by(IpRecord.filed_on.desc().nulls_last(), IpRecord.title, IpRecord.id)


# IP pages -----------------------------------------------------------------------------------


def upcoming_deadline(today: date):
    """The earlier of a record's renewal and expiry dates that is not yet past, in SQL (NULL
    when both are past or missing): a renewal missed yesterday does not hide an expiry next
    month."""
    renewal, expires = IpRecord.renewal_due_on, IpRecord.expires_on
    renewal_ahead = and_(renewal.is_not(None), renewal >= today)
    expires_ahead = and_(expires.is_not(None), expires >= today)
    return case(
        (and_(renewal_ahead, or_(~expires_ahead, renewal <= expires)), renewal),
        (expires_ahead, expires),
        else_=None,
    )


def project_for_ip(project_id: int) -> Project | None:
    """A project with what its IP page and the permission checks read: firm, client, members."""
    if not storable_id(project_id):
        return None
    return db.session.scalar(
        select(Project)
        .where(Project.id == project_id)
        .options(joinedload(Project.firm), joinedload(Project.client),
                 selectinload(Project.members))
    )


def organisation_ip_deadlines(user, organisation: Organisation, *, today: date,
                              within_days: int, limit: int) -> tuple[list[IpRecord], int]:
    """The first `limit` deadlines coming up in the next `within_days` days, and how many
    there are in all: two queries."""
    query = organisation_ip_query(user, organisation, today=today, due_within_days=within_days)
    total = db.session.scalar(select(func.count()).select_from(
        query.order_by(None).subquery()))
    return list(db.session.scalars(query.limit(limit)).unique()), total


def organisation_ip_counts(user, organisation: Organisation) -> dict[IpStatus, int]:
    """How many of the organisation's IP records `user` may see are in each status."""
    rows = db.session.execute(
        select(IpRecord.status, func.count())
        .join(IpRecord.project)
        .where(Project.firm_id == organisation.id, visible_to(user))
        .group_by(IpRecord.status)
    )
    return dict(rows.all())


def recent_history(project: Project, limit: int = 10) -> list[StageTransition]:
    """The latest moves of the project's stages, newest first, for its page."""
    return list(db.session.scalars(history_query(project).limit(limit)))
