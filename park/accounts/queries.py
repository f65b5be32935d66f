"""Read-side queries for account pages: lists with their relations loaded eagerly."""

from __future__ import annotations

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from park.accounts.models import Membership, Organisation, OrgKind, OrgRole, OrgStatus, User
from park.core.search import contains
from park.extensions import db

# Owners first, then managers, then members.
ROLE_ORDER = case(
    (Membership.role == OrgRole.OWNER, 0), (Membership.role == OrgRole.MANAGER, 1), else_=2
)


def members_query(organisation: Organisation):
    return (
        select(Membership)
        .where(Membership.organisation_id == organisation.id)
        .options(joinedload(Membership.user))
        .order_by(ROLE_ORDER, Membership.id)
    )


def organisations_query(status: OrgStatus | None, kind: OrgKind | None, search: str):
    query = (
        select(Organisation)
        .options(selectinload(Organisation.memberships).joinedload(Membership.user))
        .order_by(Organisation.created_at.desc(), Organisation.id.desc())
    )
    if status is not None:
        query = query.where(Organisation.status == status)
    if kind is not None:
        query = query.where(Organisation.kind == kind)
    if search:
        query = query.where(
            or_(contains(Organisation.name, search), contains(Organisation.name_zh, search),
                contains(Organisation.slug, search))
        )
    return query


def organisation_counts_by_status() -> dict[OrgStatus, int]:
    rows = db.session.execute(
        select(Organisation.status, func.count(Organisation.id)).group_by(Organisation.status)
    )
    return {status: count for status, count in rows}


def approved_counts_by_kind() -> dict[OrgKind, int]:
    rows = db.session.execute(
        select(Organisation.kind, func.count(Organisation.id))
        .where(Organisation.status == OrgStatus.APPROVED)
        .group_by(Organisation.kind)
    )
    return {kind: count for kind, count in rows}


def users_query(search: str, active: bool | None):
    query = (
        select(User)
        .options(selectinload(User.memberships).joinedload(Membership.organisation))
        .order_by(User.created_at.desc(), User.id.desc())
    )
    if search:
        query = query.where(or_(contains(User.email, search), contains(User.name, search)))
    if active is not None:
        query = query.where(User.active.is_(active))
    return query
