"""The audit log: who did what to which object and when, with the fields that changed."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from park.core.time import now_utc
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


def audit_entries_query(action: str | None = None, object_type: str | None = None):
    query = (
        select(AuditEntry)
        .options(joinedload(AuditEntry.actor), joinedload(AuditEntry.organisation))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    if action:
        query = query.where(AuditEntry.action == action)
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    return query
