"""The park dashboard's figures as SQL aggregates: one function per group of figures, each a
fixed, small number of queries whatever the number of rows. Projects and IP count what the
park office sees (projects shown to the park or the public), as the lists they link to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Date, and_, case, func, literal, select, union_all

from park.core.caching import cache_key, remember
from park.core.time import now_utc
from park.events.lists import past_events_clause
from park.events.models import Event, EventStatus, Registration, RegistrationStatus
from park.extensions import db
from park.matching.queries import funnel
from park.projects.lifecycle import StageKind
from park.projects.models import IpRecord, Milestone, Project, ProjectStatus, Visibility
from park.tenants import queries as tenant_queries
from park.tenants.models import HOLDING_STATUSES, Lease, TenancyStatus, Unit

# The park's goal for settled tenant firms, set with the city (the issue says "40+ settled").
TARGET_SETTLED = 40

# How many quarters and month ends a chart shows at most.
MAX_QUARTERS = 8
MONTHS_SHOWN = 12

# The park's figures change slowly and are the same for every park officer: the dashboard may
# show them up to this many seconds old (eleven aggregates over every project, event, lease
# and need otherwise run on each view).
FIGURES_CACHE_SECONDS = 60


def _shown():
    """Projects the park office sees: the rule of the park's project list."""
    return Project.visibility.in_((Visibility.PARK, Visibility.PUBLIC))


def _count_where(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


# Calendar helpers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1..4

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def last_day(self) -> date:
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year,
                                                                          self.number + 1)


def _quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def quarters_between(first: date | None, last: date, limit: int = MAX_QUARTERS) -> list[Quarter]:
    """The quarters from `first`'s to `last`'s, at most the `limit` latest; without a start,
    the `limit` quarters up to `last`'s."""
    end = _quarter_of(last)
    quarters = [end]
    while len(quarters) < limit:
        year, number = quarters[0].year, quarters[0].number - 1
        if number == 0:
            year, number = year - 1, 4
        previous = Quarter(year, number)
        if first is not None and previous.last_day < first:
            break
        quarters.insert(0, previous)
    return quarters


def month_ends(last: date, months: int = MONTHS_SHOWN) -> list[date]:
    """The last day of each of the `months` months up to `last`'s; `last` itself for its own
    month (the month is not over)."""
    days = [last]
    cursor = last.replace(day=1)
    while len(days) < months:
        cursor -= timedelta(days=1)  # the last day of the month before
        days.insert(0, cursor)
        cursor = cursor.replace(day=1)
    return days


# Tenants and occupancy -----------------------------------------------------------------------


@dataclass
class TenantFigures:
    by_status: dict[TenancyStatus, int]
    target: int = TARGET_SETTLED

    @property
    def settled(self) -> int:
        return self.by_status.get(TenancyStatus.SETTLED, 0)


def tenant_figures() -> TenantFigures:
    """Tenant firms by tenancy status, now: one query."""
    counts = tenant_queries.tenancy_counts_by_status()
    return TenantFigures({status: counts.get(status, 0) for status in TenancyStatus})


@dataclass(frozen=True)
class OccupancyPoint:
    day: date
    units: int
    units_let: int
    area_m2: float
    area_let_m2: float

    @property
    def units_share(self) -> float:
        return 100 * self.units_let / self.units if self.units else 0.0

    @property
    def area_share(self) -> float:
        return 100 * self.area_let_m2 / self.area_m2 if self.area_m2 else 0.0


def occupancy_now(today: date) -> tenant_queries.OccupancyFigures:
    """Units and m² let today, over every building: one query (the buildings page's)."""
    return tenant_queries.park_occupancy(tenant_queries.occupancy_by_building(today))


def occupancy_over_time(days: list[date]) -> list[OccupancyPoint]:
    """Units and m² let on each day, by the leases holding units then: one query over the
    units crossed with the days."""
    if not days:
        return []
    day_rows = union_all(*[select(literal(day, Date).label("day")) for day in days]).subquery()
    let = (select(Lease.id)
           .where(Lease.unit_id == Unit.id, Lease.status.in_(HOLDING_STATUSES),
                  Lease.start_on <= day_rows.c.day, Lease.end_on >= day_rows.c.day)
           .exists())
    rows = db.session.execute(
        select(day_rows.c.day, func.count(Unit.id), _count_where(let),
               func.coalesce(func.sum(Unit.area_m2), 0.0),
               func.coalesce(func.sum(case((let, Unit.area_m2), else_=literal(0.0))), 0.0))
        .select_from(day_rows).outerjoin(Unit, literal(True))
        .group_by(day_rows.c.day)
    ).all()
    by_day = {_as_date(day): row for day, *row in rows}
    points = []
    for day in days:
        units, units_let, area, area_let = by_day.get(day, (0, 0, 0.0, 0.0))
        points.append(OccupancyPoint(day, int(units), int(units_let), float(area or 0),
                                     float(area_let or 0)))
    return points


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


# Projects and milestones ---------------------------------------------------------------------


def active_projects_by_stage() -> dict[StageKind, int]:
    """Active projects by their current lifecycle stage: one query."""
    rows = db.session.execute(
        select(Project.current_stage, func.count())
        .where(_shown(), Project.status == ProjectStatus.ACTIVE,
               Project.current_stage.is_not(None))
        .group_by(Project.current_stage)
    )
    return dict(rows.all())


def _per_quarter(column, quarters: list[Quarter]):
    return [_count_where(column.between(q.first_day, q.last_day)) for q in quarters]


def completed_per_quarter(quarters: list[Quarter]) -> list[int]:
    """Projects completed in each quarter (by completed_on): one query."""
    if not quarters:
        return []
    row = db.session.execute(
        select(*_per_quarter(Project.completed_on, quarters))
        .where(_shown(), Project.status == ProjectStatus.COMPLETED)
    ).one()
    return [int(n) for n in row]


@dataclass(frozen=True)
class MilestoneFigures:
    achieved: int  # milestones achieved in the period
    achieved_projects: int  # projects they belong to
    overdue: int  # milestones overdue today
    overdue_projects: int


def milestone_figures(first: date | None, last: date | None, today: date) -> MilestoneFigures:
    """Milestones achieved in the period and overdue now, with their projects: one query."""
    achieved = [Milestone.achieved_on.is_not(None)]
    if first is not None:
        achieved.append(Milestone.achieved_on >= first)
    if last is not None:
        achieved.append(Milestone.achieved_on <= last)
    achieved_clause = and_(*achieved)
    overdue_clause = and_(Milestone.achieved_on.is_(None), Milestone.due_on < today)
    row = db.session.execute(
        select(_count_where(achieved_clause),
               func.count(func.distinct(case((achieved_clause, Milestone.project_id)))),
               _count_where(overdue_clause),
               func.count(func.distinct(case((overdue_clause, Milestone.project_id)))))
        .join(Project, Project.id == Milestone.project_id)
        .where(_shown())
    ).one()
    return MilestoneFigures(*(int(n) for n in row))


def ip_per_quarter(quarters: list[Quarter]) -> list[tuple[int, int]]:
    """IP filings (filed_on) and grants (granted_on) in each quarter: one query."""
    if not quarters:
        return []
    row = db.session.execute(
        select(*_per_quarter(IpRecord.filed_on, quarters),
               *_per_quarter(IpRecord.granted_on, quarters))
        .join(Project, Project.id == IpRecord.project_id)
        .where(_shown())
    ).one()
    n = len(quarters)
    return [(int(row[i]), int(row[n + i])) for i in range(n)]


# Events --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFigures:
    held: int  # published events that started in the period and have ended
    confirmed: int  # their confirmed registrations
    checked_in: int

    @property
    def attendance_rate(self) -> float | None:
        return self.checked_in / self.confirmed if self.confirmed else None


def event_figures(start: datetime | None, end: datetime | None) -> EventFigures:
    """Events held in the period, their confirmed registrations and how many checked in:
    one query."""
    held = and_(Event.status == EventStatus.PUBLISHED,
                past_events_clause(now_utc(), start, end))
    confirmed = Registration.status == RegistrationStatus.CONFIRMED
    row = db.session.execute(
        select(func.count(func.distinct(Event.id)),
               _count_where(confirmed),
               _count_where(and_(confirmed, Registration.checked_in_at.is_not(None))))
        .select_from(Event).outerjoin(Registration, Registration.event_id == Event.id)
        .where(held)
    ).one()
    return EventFigures(*(int(n) for n in row))


# The whole dashboard -------------------------------------------------------------------------


@dataclass
class ParkFigures:
    today: date
    first_day: date | None
    last_day: date  # the period's last day, today when open-ended
    tenants: TenantFigures
    occupancy: tenant_queries.OccupancyFigures
    occupancy_history: list[OccupancyPoint]
    stages: dict[StageKind, int]
    quarters: list[Quarter]
    completed: list[int]
    milestones: MilestoneFigures
    ip: list[tuple[int, int]]
    events: EventFigures
    funnel: list


def park_figures(period, today: date) -> ParkFigures:
    """Every figure of the park dashboard for `period`: eleven queries, whatever the data."""
    first, last = period.days()
    last = min(last or today, today)
    start, end = period.bounds()
    quarters = quarters_between(first, last)
    return ParkFigures(
        today=today, first_day=first, last_day=last,
        tenants=tenant_figures(),
        occupancy=occupancy_now(today),
        occupancy_history=occupancy_over_time(month_ends(last)),
        stages=active_projects_by_stage(),
        quarters=quarters,
        completed=completed_per_quarter(quarters),
        milestones=milestone_figures(first, period.days()[1], today),
        ip=ip_per_quarter(quarters),
        events=event_figures(start, end),
        funnel=funnel(start, end),
    )


def cached_park_figures(period, today: date) -> ParkFigures:
    """`park_figures`, at most FIGURES_CACHE_SECONDS old. Keyed by everything that selects the
    figures (the period, its days, today); they hold counts only, no person's data."""
    first, last = period.days()
    key = cache_key("park-figures", period.key, first, last, period.error != "", today)
    return remember(key, lambda: park_figures(period, today), timeout=FIGURES_CACHE_SECONDS)
