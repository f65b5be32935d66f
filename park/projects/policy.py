"""Who may see a project (whole, or only its public face), change it, move its stages, reach
its files and keep its IP records.

Private projects are for the owning firm, the project's members and the client; "park"
projects are also open to the park office; public ones show their public fields to anyone.
"""

from __future__ import annotations

from park.accounts.models import OrgKind, OrgStatus
from park.accounts.policy import MANAGING_ROLES
from park.core.authz import policy
from park.core.policy import park_admin, signed_in
from park.projects.lifecycle import StageAction, transition_for
from park.projects.models import CONTRIBUTING_ROLES, ProjectRole, ProjectStatus, Visibility

# Organisations of these kinds run design projects of their own.
PROJECT_OWNER_KINDS = (OrgKind.DESIGN_FIRM, OrgKind.LAB, OrgKind.ACADEMIC)


def _org_role(user, organisation_id: int | None):
    if organisation_id is None or not signed_in(user):
        return None
    return next((m.role for m in user.memberships if m.organisation_id == organisation_id), None)


def _project_role(user, project) -> ProjectRole | None:
    if not signed_in(user):
        return None
    member = project.member(user)
    return member.role if member else None


def in_firm(user, project) -> bool:
    return _org_role(user, project.firm_id) is not None


def is_client(user, project) -> bool:
    return _org_role(user, project.client_id) is not None


def _manages_firm(user, project) -> bool:
    return _org_role(user, project.firm_id) in MANAGING_ROLES


@policy
def can_view_project(user, project) -> bool:
    """The whole project: stages with notes, files, milestones, members, history."""
    if not signed_in(user):
        return False
    if in_firm(user, project) or is_client(user, project) or project.member(user):
        return True
    return park_admin(user) and project.visibility in (Visibility.PARK, Visibility.PUBLIC)


@policy
def can_view_project_summary(user, project) -> bool:
    """The public face: title, summary, firm, specialty and how far along the stages it is."""
    return project.visibility is Visibility.PUBLIC or can_view_project(user, project)


@policy
def can_edit_project(user, project) -> bool:
    """Details, members, stage plans and IP records: the project lead and the firm's managers."""
    return _project_role(user, project) is ProjectRole.LEAD or _manages_firm(user, project)


@policy
def can_contribute(user, project) -> bool:
    """Upload deliverables, submit stages, keep milestones: the people doing the work."""
    return _project_role(user, project) in CONTRIBUTING_ROLES or _manages_firm(user, project)


@policy
def can_approve_gate(user, project) -> bool:
    """A stage gate is approved by the project lead or by the client."""
    return _project_role(user, project) is ProjectRole.LEAD or is_client(user, project)


_WHO = {"contributor": can_contribute, "lead": can_edit_project, "approver": can_approve_gate}


@policy
def can_move_stage(user, stage, action: StageAction) -> bool:
    """May `user` take `action` on `stage` now? False also when the state machine forbids it."""
    project = stage.project
    if project.status is not ProjectStatus.ACTIVE:
        return False
    transition = transition_for(action, stage.status)
    return transition is not None and _WHO[transition.who](user, project)


def stage_actions_for(user, stage) -> list[StageAction]:
    """The actions `user` may take on `stage` now, in the order the page offers them."""
    return [action for action in StageAction if can_move_stage(user, stage, action)]


@policy
def can_create_project(user, organisation) -> bool:
    return (
        organisation.kind in PROJECT_OWNER_KINDS
        and organisation.status is OrgStatus.APPROVED
        and _org_role(user, organisation.id) is not None
    )


@policy
def can_view_organisation_projects(user, organisation) -> bool:
    """An organisation's project list and board: its members, and the park office (which then
    sees only the projects visible to the park)."""
    return park_admin(user) or _org_role(user, organisation.id) is not None


@policy
def can_view_my_projects(user) -> bool:
    return signed_in(user)


@policy
def can_view_park_projects(user) -> bool:
    return park_admin(user)


@policy
def can_view_ip_records(user, project) -> bool:
    """IP of a public project shows its granted rights (already published by the office)."""
    return can_view_project_summary(user, project)


@policy
def can_edit_ip_records(user, project) -> bool:
    return can_edit_project(user, project)


@policy
def can_view_organisation_ip(user, organisation) -> bool:
    return _org_role(user, organisation.id) is not None or park_admin(user)
