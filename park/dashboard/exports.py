"""The park's reports: for each one its columns, the query behind it and how a row reads.

Rows are produced one at a time from queries read in batches (`yield_per`), so a writer in
`park.dashboard.streaming` can send a report of any size without holding it in memory. Each
report filters on its natural date for the chosen period:

- tenants: tenancies in force at some point of the period (signed on or before its last day,
  not exited before its first day; prospects, never signed, are always listed), with the
  units and m² they lease on the period's last day (today when the period runs on);
- leases: leases whose dates overlap the period;
- projects: projects that started in the period; a project without a start date counts from
  the day it was created. One row per project, the stages as column pairs (status, finished);
- IP records: filed in the period (drafts, not yet filed, only under "all time");
- attendance: events starting in the period;
- funnel: needs posted in the period, and how far their matches got.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from park.accounts.models import Organisation
from park.core.templating import localised_name
from park.core.time import park_today, to_park_time
from park.dashboard.periods import Period
from park.events.models import Event, Registration, RegistrationStatus
from park.extensions import db
from park.matching.charts import FUNNEL_STEP_LABELS
from park.matching.queries import funnel
from park.projects.lifecycle import STAGE_ORDER
from park.projects.models import IpRecord, LifecycleStage, Project
from park.tenants.models import Building, Lease, Tenancy, Unit
from park.tenants.queries import let_space_by_organisation

BATCH = 500  # rows read from the database at a time


@dataclass(frozen=True)
class Report:
    key: str
    title: object  # lazy string
    description: object
    columns: Callable[[], list[str]]  # headers in the reader's language
    rows: Callable[[Period, Organisation | None], Iterator[list]]
    # Reports an organisation may export about itself (its own projects), besides the office.
    for_organisations: bool = False


class _Names:
    """Labels and names looked up once per export rather than once per row: a translation
    lookup costs more than reading the row. Holds one entry per enum member and per named
    thing (organisation, building, specialty), never per row."""

    def __init__(self):
        self._known: dict = {}

    def label(self, member) -> str:
        if member is None:
            return ""
        if member not in self._known:
            self._known[member] = str(member.label)
        return self._known[member]

    def of(self, thing) -> str:
        if thing is None:
            return ""
        key = (type(thing).__name__, thing.id)
        if key not in self._known:
            self._known[key] = localised_name(thing)
        return self._known[key]


def _batches(query) -> Iterator[list]:
    """The query's rows, BATCH at a time; earlier batches are free to go once used."""
    result = db.session.execute(query.execution_options(yield_per=BATCH))
    yield from result.partitions()


def _between(column, first: date | None, last: date | None) -> list:
    conditions = []
    if first is not None:
        conditions.append(column >= first)
    if last is not None:
        conditions.append(column <= last)
    return conditions


def _area(value: float) -> float:
    return round(value or 0.0, 2)


# Tenants ------------------------------------------------------------------------------------


def _tenant_columns() -> list[str]:
    return [_("Organisation"), _("Kind"), _("Tenancy status"), _("Signed on"), _("Settled on"),
            _("Exited on"), _("Units leased"), _("m² leased")]


def _tenant_rows(period: Period, organisation: Organisation | None = None) -> Iterator[list]:
    first, last = period.days()
    query = (
        select(Organisation, Tenancy)
        .join(Tenancy, Tenancy.organisation_id == Organisation.id)
        .order_by(func.lower(Organisation.name), Organisation.id)
    )
    if last is not None:
        query = query.where(or_(Tenancy.signed_on.is_(None), Tenancy.signed_on <= last))
    if first is not None:
        query = query.where(or_(Tenancy.exited_on.is_(None), Tenancy.exited_on >= first))
    day = min(last, park_today()) if last else park_today()
    names = _Names()
    for batch in _batches(query):
        space = let_space_by_organisation([org.id for org, _tenancy in batch], day)
        for org, tenancy in batch:
            let = space.get(org.id)
            yield [localised_name(org), names.label(org.kind), names.label(tenancy.status),
                   tenancy.signed_on, tenancy.settled_on, tenancy.exited_on,
                   ", ".join(let.units) if let else "", _area(let.area_m2 if let else 0)]


# Leases -------------------------------------------------------------------------------------


def _lease_columns() -> list[str]:
    return [_("Unit"), _("Building"), _("Organisation"), _("Start"), _("End"), _("Status"),
            _("Monthly rent (yuan)"), _("Area (m²)")]


def _lease_rows(period: Period, organisation: Organisation | None = None) -> Iterator[list]:
    first, last = period.days()
    query = (
        select(Lease)
        .join(Lease.unit).join(Unit.building)
        .options(joinedload(Lease.unit).joinedload(Unit.building),
                 joinedload(Lease.organisation))
        .order_by(Building.code, Unit.code, Lease.start_on, Lease.id)
    )
    if last is not None:
        query = query.where(Lease.start_on <= last)
    if first is not None:
        query = query.where(Lease.end_on >= first)
    names = _Names()
    for batch in _batches(query):
        for (lease,) in batch:
            yield [lease.unit.label, names.of(lease.unit.building), names.of(lease.organisation),
                   lease.start_on, lease.end_on, names.label(lease.status), lease.monthly_rent,
                   _area(lease.unit.area_m2)]


# Projects with their stages -----------------------------------------------------------------


def _project_columns() -> list[str]:
    columns = [_("Project"), _("Firm"), _("Client"), _("Specialty"), _("Status"),
               _("Current stage"), _("Start"), _("Target end"), _("Completed")]
    for kind in STAGE_ORDER:
        columns.append(_("%(stage)s: status", stage=kind.label))
        columns.append(_("%(stage)s: finished", stage=kind.label))
    return columns


def _own_projects(query, organisation: Organisation | None):
    if organisation is not None:
        query = query.where(Project.firm_id == organisation.id)
    return query


def _stages_of(project_ids: list[int]) -> dict[int, dict]:
    """Each project's stages as {kind: (status, finished on)}: one query of plain columns
    per batch of projects, no stage objects."""
    stages: dict[int, dict] = {}
    rows = db.session.execute(
        select(LifecycleStage.project_id, LifecycleStage.kind, LifecycleStage.status,
               LifecycleStage.actual_end_on)
        .where(LifecycleStage.project_id.in_(project_ids)))
    for project_id, kind, status, finished_on in rows:
        stages.setdefault(project_id, {})[kind] = (status, finished_on)
    return stages


def _project_rows(period: Period, organisation: Organisation | None = None) -> Iterator[list]:
    start, end = period.bounds()
    first, last = period.days()
    query = _own_projects(
        select(Project)
        .options(joinedload(Project.firm), joinedload(Project.client),
                 joinedload(Project.specialty))
        .order_by(Project.id),
        organisation,
    )
    if first is not None or last is not None:
        created = [Project.created_at >= start] if start else []
        created += [Project.created_at < end] if end else []
        query = query.where(or_(
            and_(Project.start_on.is_not(None), *_between(Project.start_on, first, last)),
            and_(Project.start_on.is_(None), *created),
        ))
    names = _Names()
    for batch in _batches(query):
        stages = _stages_of([project.id for (project,) in batch])
        for (project,) in batch:
            row = [project.title, names.of(project.firm), names.of(project.client),
                   names.of(project.specialty), names.label(project.status),
                   names.label(project.current_stage), project.start_on,
                   project.target_end_on, project.completed_on]
            own = stages.get(project.id, {})
            for kind in STAGE_ORDER:
                status, finished_on = own.get(kind, (None, None))
                row += [names.label(status), finished_on]
            yield row


# IP records ---------------------------------------------------------------------------------


def _ip_columns() -> list[str]:
    return [_("Project"), _("Firm"), _("Kind"), _("Title"), _("Application number"),
            _("Status"), _("Filed on"), _("Granted on"), _("Expires on")]


def _ip_rows(period: Period, organisation: Organisation | None = None) -> Iterator[list]:
    first, last = period.days()
    query = _own_projects(
        select(IpRecord).join(IpRecord.project)
        .options(joinedload(IpRecord.project).joinedload(Project.firm))
        .order_by(IpRecord.filed_on, IpRecord.id),
        organisation,
    )
    query = query.where(*_between(IpRecord.filed_on, first, last))
    names = _Names()
    for batch in _batches(query):
        for (record,) in batch:
            yield [record.project.title, names.of(record.project.firm), names.label(record.kind),
                   record.title, record.application_number or "", names.label(record.status),
                   record.filed_on, record.granted_on, record.expires_on]


# Event attendance ---------------------------------------------------------------------------


def _attendance_columns() -> list[str]:
    return [_("Event"), _("Date"), _("Status"), _("Confirmed"), _("Waitlisted"),
            _("Checked in"), _("Attendance rate (%)")]


def _registrations(*conditions):
    return (select(func.count(Registration.id))
            .where(Registration.event_id == Event.id, *conditions)
            .correlate(Event).scalar_subquery())


def _attendance_rows(period: Period, organisation: Organisation | None = None
                     ) -> Iterator[list]:
    start, end = period.bounds()
    confirmed = RegistrationStatus.CONFIRMED
    query = (
        select(Event,
               _registrations(Registration.status == confirmed),
               _registrations(Registration.status == RegistrationStatus.WAITLISTED),
               _registrations(Registration.status == confirmed,
                              Registration.checked_in_at.is_not(None)))
        .order_by(Event.starts_at, Event.id)
    )
    if start is not None:
        query = query.where(Event.starts_at >= start)
    if end is not None:
        query = query.where(Event.starts_at < end)
    names = _Names()
    for batch in _batches(query):
        for event, registered, waitlisted, checked_in in batch:
            rate = round(100 * checked_in / registered, 1) if registered else None
            yield [_event_title(event), to_park_time(event.starts_at).date(),
                   names.label(event.status), registered, waitlisted, checked_in, rate]


def _event_title(event: Event) -> str:
    return event.display_title(str(get_locale() or "en"))


# The needs funnel ---------------------------------------------------------------------------


def _funnel_columns() -> list[str]:
    return [_("Step"), _("Needs"), _("Share of the step before (%)"),
            _("Share of needs posted (%)")]


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(100 * rate, 1)


def _funnel_rows(period: Period, organisation: Organisation | None = None) -> Iterator[list]:
    # Five figures from two aggregate queries: nothing to stream.
    for step in funnel(*period.bounds()):
        yield [str(FUNNEL_STEP_LABELS[step.key]), step.count,
               _percent(step.rate_from_previous), _percent(step.rate_from_posted)]


REPORTS: dict[str, Report] = {report.key: report for report in (
    Report("tenants", _l("Tenants"),
           _l("Tenant organisations with their tenancy dates and the space they lease."),
           _tenant_columns, _tenant_rows),
    Report("leases", _l("Leases"),
           _l("Leases whose dates overlap the period, with unit, tenant and rent."),
           _lease_columns, _lease_rows),
    Report("projects", _l("Projects with stages"),
           _l("Projects started in the period, one row each, with every stage's status and "
              "the day it finished."),
           _project_columns, _project_rows, for_organisations=True),
    Report("ip-records", _l("IP records"),
           _l("Design patents, utility models, invention patents, copyrights and trademarks "
              "filed in the period."),
           _ip_columns, _ip_rows, for_organisations=True),
    Report("attendance", _l("Event attendance"),
           _l("Events starting in the period: registrations, waitlist and check-ins."),
           _attendance_columns, _attendance_rows),
    Report("funnel", _l("Needs funnel"),
           _l("Needs posted in the period and how far their matches got."),
           _funnel_columns, _funnel_rows),
)}

FORMATS = ("csv", "xlsx")


def park_report(key: str) -> Report | None:
    return REPORTS.get(key)


def organisation_report(key: str) -> Report | None:
    report = REPORTS.get(key)
    return report if report is not None and report.for_organisations else None


def organisation_reports() -> list[Report]:
    return [report for report in REPORTS.values() if report.for_organisations]
