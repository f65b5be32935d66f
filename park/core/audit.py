"""The audit log: who did what to which object and when, with the fields that changed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from flask import url_for
from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from park.accounts.models import Organisation, User
from park.core.time import now_utc, to_park_time
from park.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now_utc, nullable=False, index=True
    )
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(String(255), default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor = relationship("User", foreign_keys=[actor_id])
    organisation = relationship("Organisation", foreign_keys=[organisation_id])


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def diff(obj: Any, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """Set `fields` on `obj`; return {field: [before, after]} for those that changed."""
    changes = {}
    for name, new in fields.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(obj, name, new)
    return changes


def diff_terms(obj: Any, fields: dict[str, list]) -> dict[str, list[Any]]:
    """Set taxonomy lists (specialties, service types) on `obj`; return {field: [codes before,
    codes after]} for those whose set of terms changed."""
    changes = {}
    for name, chosen in fields.items():
        current = getattr(obj, name)
        if {t.id for t in chosen} != {t.id for t in current}:
            changes[name] = [sorted(t.code for t in current), sorted(t.code for t in chosen)]
            setattr(obj, name, list(chosen))
    return changes


def _unproxied(obj: Any) -> Any:
    # Views pass Flask-Login's current_user, a proxy: record the object behind it.
    get_current_object = getattr(obj, "_get_current_object", None)
    return get_current_object() if get_current_object else obj


def record(
    actor,
    action: str,
    obj: Any,
    *,
    organisation=None,
    changes: dict[str, Any] | None = None,
    summary: str = "",
) -> AuditEntry:
    """Add an audit entry to the service's open transaction (the service commits)."""
    obj = _unproxied(obj)
    if obj.id is None:
        db.session.flush()
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        organisation_id=getattr(organisation, "id", None),
        action=action,
        object_type=type(obj).__name__,
        object_id=obj.id,
        summary=summary[:255],
        changes={key: [_plain(v) for v in pair] for key, pair in (changes or {}).items()},
    )
    db.session.add(entry)
    return entry


@dataclass
class AuditFilters:
    """What the audit log viewer narrows the entries to; every field empty means everything."""

    actor_id: int | None = None
    organisation_id: int | None = None
    object_type: str = ""
    action: str = ""  # one action, or a prefix ending with "." (every "project." action)
    start: datetime | None = None  # UTC, included
    end: datetime | None = None  # UTC, excluded

    @property
    def any(self) -> bool:
        return bool(self.actor_id or self.organisation_id or self.object_type or self.action
                    or self.start or self.end)


def audit_entries_query(filters: AuditFilters | None = None):
    """The entries matching `filters`, newest first, with their actor and organisation."""
    filters = filters or AuditFilters()
    query = (
        select(AuditEntry)
        .options(joinedload(AuditEntry.actor), joinedload(AuditEntry.organisation))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    if filters.actor_id:
        query = query.where(AuditEntry.actor_id == filters.actor_id)
    if filters.organisation_id:
        query = query.where(AuditEntry.organisation_id == filters.organisation_id)
    if filters.object_type:
        query = query.where(AuditEntry.object_type == filters.object_type)
    if filters.action.endswith("."):
        query = query.where(AuditEntry.action.startswith(filters.action, autoescape=True))
    elif filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.start:
        query = query.where(AuditEntry.created_at >= filters.start)
    if filters.end:
        query = query.where(AuditEntry.created_at < filters.end)
    return query


@dataclass
class AuditFilterChoices:
    actors: list[tuple[int, str, str]]  # id, name, e-mail of everyone who appears in the log
    organisations: list[Organisation]
    object_types: list[str]
    actions: list[str]

    def action_groups(self) -> list[tuple[str, list[str]]]:
        """The actions under their object prefix ("project." → project.created, ...)."""
        groups: dict[str, list[str]] = {}
        for action in self.actions:
            prefix = action.split(".", 1)[0] + "." if "." in action else ""
            groups.setdefault(prefix, []).append(action)
        return list(groups.items())


def audit_filter_choices() -> AuditFilterChoices:
    """The values the viewer's selects offer: only those present in the log (four small
    aggregate queries, whatever the log's size)."""
    logged_actors = select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None)).distinct()
    logged_organisations = (select(AuditEntry.organisation_id)
                            .where(AuditEntry.organisation_id.is_not(None)).distinct())
    actors = db.session.execute(
        select(User.id, User.name, User.email).where(User.id.in_(logged_actors))
        .order_by(User.name, User.email)
    ).all()
    organisations = db.session.scalars(
        select(Organisation).where(Organisation.id.in_(logged_organisations))
        .order_by(Organisation.name, Organisation.id)
    ).all()
    object_types = db.session.scalars(
        select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)).all()
    actions = db.session.scalars(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()
    return AuditFilterChoices([tuple(row) for row in actors], list(organisations),
                              list(object_types), list(actions))


# Each type's page, where one is reached from the object's id alone (no query per entry).
OBJECT_ENDPOINTS = {
    "Project": ("projects.project", "project_id"),
    "Event": ("events.event", "event_id"),
    "Need": ("matching.need", "need_id"),
    "Match": ("matching.match", "match_id"),
    "Team": ("matching.team", "team_id"),
    "Unit": ("tenants.unit_detail", "unit_id"),
    "Lease": ("tenants.edit_lease", "lease_id"),
}


def audit_object_url(entry: AuditEntry) -> str | None:
    """A link to the entry's object, where it costs no query: by id for the types above, by
    slug for an organisation that is also the entry's (already loaded) organisation."""
    if entry.object_id is None:
        return None
    if entry.object_type == "Organisation":
        organisation = entry.organisation
        if organisation is not None and organisation.id == entry.object_id:
            return url_for("accounts.organisation", slug=organisation.slug)
        return None
    target = OBJECT_ENDPOINTS.get(entry.object_type)
    if target is None:
        return None
    endpoint, argument = target
    return url_for(endpoint, **{argument: entry.object_id})


def change_text(value: Any) -> str:
    """One side of a changed field as text: lists joined, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(change_text(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def change_rows(changes: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """The changed fields as (field, before, after) texts."""
    rows = []
    for field, pair in (changes or {}).items():
        if isinstance(pair, list | tuple) and len(pair) == 2:
            before, after = pair
        else:  # not a [before, after] pair: show what was recorded as the new value
            before, after = None, pair
        rows.append((field, change_text(before), change_text(after)))
    return rows


def changes_text(changes: dict[str, Any] | None) -> str:
    """All changed fields on one line: `field: before → after; ...` (for the CSV)."""
    return "; ".join(f"{field}: {before} → {after}"
                     for field, before, after in change_rows(changes))


AUDIT_CSV_COLUMNS = ("when", "user_email", "user_name", "organisation", "action",
                     "object_type", "object_id", "summary", "changes")


def audit_csv_rows(filters: AuditFilters) -> Iterator[list]:
    """The filtered entries as CSV rows, read from the database in batches (streamed)."""
    query = audit_entries_query(filters).execution_options(yield_per=500)
    for entry in db.session.scalars(query):
        actor, organisation = entry.actor, entry.organisation
        yield [to_park_time(entry.created_at).isoformat(timespec="seconds"),
               actor.email if actor else "", actor.name if actor else "",
               organisation.name if organisation else "", entry.action, entry.object_type,
               entry.object_id, entry.summary, changes_text(entry.changes)]
