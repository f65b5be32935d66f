"""Projects, their members and milestones: each public function is one transaction that checks
the rules, writes, records the audit entry and commits; a refusal is a DomainError."""

from __future__ import annotations

from datetime import date, timedelta
from functools import wraps

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from park.accounts.models import Organisation, OrgKind, OrgStatus, User
from park.accounts.services import normalise_email, user_by_email
from park.core.audit import diff, record
from park.core.errors import Conflict, DomainError, commit_or_refuse
from park.core.time import park_today
from park.directory.models import Specialty
from park.extensions import db
from park.projects.lifecycle import (
    DEFAULT_TEMPLATE,
    DONE_STATUSES,
    REQUIRED_DELIVERABLES,
    TEMPLATES,
    StageStatus,
)
from park.projects.models import (
    Deliverable,
    LifecycleStage,
    Milestone,
    Project,
    ProjectMember,
    ProjectRole,
    ProjectStatus,
    StageTransition,
    Visibility,
)
from park.projects.policy import PROJECT_OWNER_KINDS

STALE = _l("Someone else saved this a moment ago. Please reload the page, check their "
           "changes and make yours again.")


def check_version(obj, expected_version: int | None) -> None:
    """Refuse a save made from a page that showed an older version of `obj`."""
    if expected_version is None or obj.version != expected_version:
        raise Conflict(STALE, "version")


def refuses_stale(service):
    """A save whose versioned UPDATE matched no row lost a race to a concurrent save: roll
    back and refuse it with the reload message, wherever in the service the flush happened."""

    @wraps(service)
    def guarded(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except StaleDataError:
            db.session.rollback()
            raise Conflict(STALE, "version") from None

    return guarded


# Projects -----------------------------------------------------------------------------------


def _check_dates(start_on: date | None, target_end_on: date | None) -> None:
    if start_on and target_end_on and target_end_on < start_on:
        raise DomainError(_l("The target end cannot be before the start."), "target_end_on")


def _check_client(firm: Organisation, client: Organisation | None) -> None:
    if client is None:
        return
    if client.id == firm.id:
        raise DomainError(_l("A firm cannot be its own client."), "client")
    if client.status is not OrgStatus.APPROVED:
        raise DomainError(_l("The client must be an approved organisation."), "client")


def _check_partners(partners: list[Organisation]) -> None:
    for partner in partners:
        if partner.kind is not OrgKind.ACADEMIC or partner.status is not OrgStatus.APPROVED:
            raise DomainError(_l("%(organisation)s is not an approved academic institution.",
                                 organisation=partner.name), "partners")


def _planned_spans(count: int, start_on: date | None, end_on: date | None):
    """Split start..end into `count` consecutive spans of (almost) equal length."""
    if not start_on or not end_on or count == 0:
        return [(None, None)] * count
    days = (end_on - start_on).days + 1
    spans = []
    for index in range(count):
        first = start_on + timedelta(days=days * index // count)
        last = start_on + timedelta(days=max(days * (index + 1) // count - 1,
                                             days * index // count))
        spans.append((first, min(last, end_on)))
    return spans


def _english(text) -> str:
    with force_locale("en"):
        return str(text)


def planned_stages(template: str, start_on: date | None, target_end_on: date | None,
                   created_by_id: int | None) -> list[LifecycleStage]:
    """The pending stages of a new project made from `template`, planned evenly between its
    start and target end, each with the deliverables its kind requires."""
    kinds = TEMPLATES[template].stages
    stages = []
    for position, (kind, (planned_start, planned_end)) in enumerate(
        zip(kinds, _planned_spans(len(kinds), start_on, target_end_on), strict=True), start=1
    ):
        stage = LifecycleStage(kind=kind, position=position, status=StageStatus.PENDING,
                               planned_start_on=planned_start, planned_end_on=planned_end)
        stage.deliverables = [
            Deliverable(code=item.code, name=_english(item.name), kind=item.kind,
                        required=True, created_by_id=created_by_id)
            for item in REQUIRED_DELIVERABLES[kind]
        ]
        stages.append(stage)
    return stages


def create_project(actor: User, firm: Organisation, **details) -> Project:
    """A new project of `firm`, its stages made from `template`, the first one started, and
    the actor as its lead."""
    project = start_project(actor, firm, **details)
    db.session.commit()
    return project


def start_project(
    actor: User, firm: Organisation, *, title: str, summary: str = "",
    specialty: Specialty | None = None, client: Organisation | None = None,
    partners: list[Organisation] | None = None, template: str = DEFAULT_TEMPLATE,
    start_on: date | None = None, target_end_on: date | None = None,
    visibility: Visibility = Visibility.PRIVATE, lead: User | None = None,
) -> Project:
    """`create_project` inside a larger transaction (the caller commits). `lead` defaults to
    the actor: a need converted by its client makes one of the firm's people lead instead."""
    if firm.kind not in PROJECT_OWNER_KINDS or firm.status is not OrgStatus.APPROVED:
        raise DomainError(_l("Only approved design firms, labs and institutes run projects."))
    if template not in TEMPLATES:
        raise DomainError(_l("Please choose one of the lifecycle templates."), "template")
    _check_dates(start_on, target_end_on)
    _check_client(firm, client)
    partners = list(partners or [])
    _check_partners(partners)

    today = park_today()
    project = Project(
        firm=firm, client=client, title=title.strip(), summary=summary.strip(),
        specialty=specialty, template=template, start_on=start_on,
        target_end_on=target_end_on, visibility=visibility, status=ProjectStatus.ACTIVE,
        created_by_id=actor.id, partners=partners,
    )
    project.stages = planned_stages(template, start_on, target_end_on, actor.id)
    first = project.stages[0]
    first.status = StageStatus.IN_PROGRESS
    first.actual_start_on = min(start_on or today, today)
    first.owner_id = (lead or actor).id
    project.current_stage = first.kind
    project.members.append(ProjectMember(user_id=(lead or actor).id, role=ProjectRole.LEAD))
    db.session.add(project)
    db.session.flush()
    db.session.add(StageTransition(project_id=project.id, stage_id=first.id, actor_id=actor.id,
                                   from_status=None, to_status=StageStatus.IN_PROGRESS))
    record(actor, "project.created", project, organisation=firm, summary=project.title)
    return project


@refuses_stale
def update_project(
    actor: User, project: Project, *, expected_version: int | None, title: str, summary: str,
    specialty: Specialty | None, client: Organisation | None, partners: list[Organisation],
    start_on: date | None, target_end_on: date | None, visibility: Visibility,
    status: ProjectStatus,
) -> None:
    """Save the project's details; refused when someone else saved since the page was shown."""
    check_version(project, expected_version)
    _check_dates(start_on, target_end_on)
    _check_client(project.firm, client)
    _check_partners(partners)
    if status is not project.status:
        _check_status_change(project, status)
    changes = diff(project, {
        "title": title.strip(), "summary": summary.strip(), "specialty": specialty,
        "client": client, "start_on": start_on, "target_end_on": target_end_on,
        "visibility": visibility, "status": status,
    })
    for name in ("specialty", "client"):
        if name in changes:
            changes[name] = [getattr(value, "name", value) for value in changes[name]]
    if {p.id for p in partners} != {p.id for p in project.partners}:
        changes["partners"] = [sorted(p.name for p in project.partners),
                               sorted(p.name for p in partners)]
        project.partners = list(partners)
    if "status" in changes:
        project.completed_on = park_today() if status is ProjectStatus.COMPLETED else None
    if not changes:
        return
    record(actor, "project.updated", project, organisation=project.firm, changes=changes,
           summary=project.title)
    db.session.commit()


def _check_status_change(project: Project, status: ProjectStatus) -> None:
    if status is ProjectStatus.COMPLETED and any(
        stage.status not in DONE_STATUSES for stage in project.stages
    ):
        raise DomainError(_l("A project is completed when every stage is approved or "
                             "skipped."), "status")
    if project.status is ProjectStatus.COMPLETED and status is ProjectStatus.ACTIVE and all(
        stage.status in DONE_STATUSES for stage in project.stages
    ):
        raise DomainError(_l("Every stage of this project is done: it cannot be active "
                             "again."), "status")


# Members ------------------------------------------------------------------------------------


def _org_ids(user: User) -> set[int]:
    return {m.organisation_id for m in user.memberships}


def add_member(actor: User, project: Project, *, email: str, role: ProjectRole) -> ProjectMember:
    """Add someone from the firm, the client or an academic partner to the project."""
    user = user_by_email(normalise_email(email))
    if user is None or not user.active:
        raise DomainError(_l("No active account has this e-mail address."), "email")
    if project.member(user) is not None:
        raise DomainError(_l("%(name)s is already on this project.", name=user.name), "email")
    organisations = _org_ids(user)
    partner_ids = {p.id for p in project.partners}
    if role is ProjectRole.CLIENT_VIEWER:
        if project.client_id is None or project.client_id not in organisations:
            raise DomainError(_l("A client viewer must belong to the client organisation."),
                              "role")
    elif role is ProjectRole.ACADEMIC_ADVISOR:
        if not organisations & partner_ids:
            raise DomainError(_l("An academic advisor must belong to one of the project's "
                                 "academic partners."), "role")
    elif not organisations & ({project.firm_id} | partner_ids):
        raise DomainError(_l("Only people of the firm or of an academic partner can work on "
                             "the project."), "email")
    member = ProjectMember(project_id=project.id, user_id=user.id, role=role)
    db.session.add(member)
    db.session.flush()
    record(actor, "project.member_added", project, organisation=project.firm,
           changes={"member": [None, f"{user.email} ({role.value})"]}, summary=project.title)
    commit_or_refuse(_l("%(name)s is already on this project.", name=user.name), "email")
    return member


def remove_member(actor: User, member: ProjectMember) -> None:
    project = member.project
    leads = [m for m in project.members if m.role is ProjectRole.LEAD]
    if member.role is ProjectRole.LEAD and len(leads) == 1:
        raise DomainError(_l("A project keeps at least one lead: make someone else lead "
                             "first."))
    record(actor, "project.member_removed", project, organisation=project.firm,
           changes={"member": [f"{member.user.email} ({member.role.value})", None]},
           summary=project.title)
    db.session.delete(member)
    db.session.commit()


# Milestones ---------------------------------------------------------------------------------


def add_milestone(actor: User, project: Project, *, name: str, due_on: date) -> Milestone:
    milestone = Milestone(project_id=project.id, name=name.strip(), due_on=due_on)
    db.session.add(milestone)
    db.session.flush()
    record(actor, "milestone.created", milestone, organisation=project.firm,
           summary=f"{project.title}: {milestone.name}")
    db.session.commit()
    return milestone


def update_milestone(actor: User, milestone: Milestone, *, name: str, due_on: date,
                     achieved_on: date | None) -> None:
    if achieved_on and achieved_on > park_today():
        raise DomainError(_l("A milestone cannot be achieved in the future."), "achieved_on")
    changes = diff(milestone, {"name": name.strip(), "due_on": due_on,
                               "achieved_on": achieved_on})
    if changes:
        record(actor, "milestone.updated", milestone, organisation=milestone.project.firm,
               changes=changes, summary=f"{milestone.project.title}: {milestone.name}")
        db.session.commit()


def achieve_milestone(actor: User, milestone: Milestone, on: date | None = None) -> None:
    if milestone.achieved_on is not None:
        raise DomainError(_l("This milestone was already achieved on %(date)s.",
                             date=milestone.achieved_on.isoformat()))
    update_milestone(actor, milestone, name=milestone.name, due_on=milestone.due_on,
                     achieved_on=on or park_today())


def delete_milestone(actor: User, milestone: Milestone) -> None:
    project = milestone.project
    record(actor, "milestone.deleted", milestone, organisation=project.firm,
           summary=f"{project.title}: {milestone.name}")
    db.session.delete(milestone)
    db.session.commit()

