"""IP records of a project: design patents, utility models, invention patents, copyrights and
trademarks, with their dates and the deadlines that come up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from park.accounts.models import User
from park.core.audit import diff, record
from park.core.errors import DomainError, commit_or_refuse
from park.extensions import db
from park.projects.models import IpKind, IpRecord, IpStatus, Project

# How far ahead the firm's IP list warns about expiry and renewal.
DEADLINE_WINDOW_DAYS = 90

# Records in these states have no deadlines left to keep.
CLOSED_STATUSES = (IpStatus.REJECTED, IpStatus.LAPSED)


@dataclass(frozen=True)
class UpcomingDeadline:
    """The next renewal or expiry of a live record that falls within the warning window."""

    on: date
    is_renewal: bool
    days_left: int

    @property
    def label(self):
        return _l("Renewal due") if self.is_renewal else _l("Expires")


def upcoming_deadline(ip_record: IpRecord, today: date,
                      window_days: int = DEADLINE_WINDOW_DAYS) -> UpcomingDeadline | None:
    """The earliest renewal or expiry between today and today + `window_days`, if any; past
    dates and closed (rejected, lapsed) records have none."""
    if ip_record.status in CLOSED_STATUSES:
        return None
    until = today + timedelta(days=window_days)
    candidates = [(on, is_renewal) for on, is_renewal in ((ip_record.renewal_due_on, True),
                                                          (ip_record.expires_on, False))
                  if on is not None and today <= on <= until]
    if not candidates:
        return None
    on, is_renewal = min(candidates, key=lambda item: (item[0], not item[1]))
    return UpcomingDeadline(on=on, is_renewal=is_renewal, days_left=(on - today).days)


def _check(kind: IpKind, status: IpStatus, application_number: str | None,
           filed_on: date | None, granted_on: date | None, expires_on: date | None,
           renewal_due_on: date | None) -> None:
    if status is not IpStatus.DRAFTING:
        if filed_on is None:
            raise DomainError(_l("A record that has been filed needs its filing date."),
                              "filed_on")
        if not application_number:
            raise DomainError(_l("A record that has been filed needs its application number."),
                              "application_number")
    if status is IpStatus.GRANTED and granted_on is None:
        raise DomainError(_l("A granted record needs its grant date."), "granted_on")
    if granted_on and filed_on and granted_on < filed_on:
        raise DomainError(_l("The grant date cannot be before the filing date."), "granted_on")
    if expires_on and filed_on and expires_on <= filed_on:
        raise DomainError(_l("The expiry date must be after the filing date."), "expires_on")
    if renewal_due_on and expires_on and renewal_due_on > expires_on:
        raise DomainError(_l("The renewal must fall due before the record expires."),
                          "renewal_due_on")


def _duplicate(kind: IpKind, application_number: str | None):
    return _l("Another record of the kind “%(kind)s” already has the application number "
              "%(number)s.", kind=kind.label, number=application_number or "")


def _refuse_taken_number(kind: IpKind, application_number: str | None,
                         exclude_id: int | None = None) -> None:
    """Application numbers are unique per kind: say so at the field rather than let the
    database refuse the write. (A concurrent twin is still caught by the constraint.)"""
    if not application_number:
        return
    query = select(IpRecord.id).where(IpRecord.kind == kind,
                                      IpRecord.application_number == application_number)
    if exclude_id is not None:
        query = query.where(IpRecord.id != exclude_id)
    if db.session.scalar(query.limit(1)) is not None:
        raise DomainError(_duplicate(kind, application_number), "application_number")


def create_ip_record(actor: User, project: Project, *, kind: IpKind, title: str,
                     application_number: str | None, status: IpStatus, filed_on: date | None,
                     granted_on: date | None, expires_on: date | None,
                     renewal_due_on: date | None, owners: str = "",
                     notes: str = "") -> IpRecord:
    application_number = (application_number or "").strip() or None
    _check(kind, status, application_number, filed_on, granted_on, expires_on, renewal_due_on)
    _refuse_taken_number(kind, application_number)
    ip_record = IpRecord(
        project_id=project.id, kind=kind, title=title.strip(),
        application_number=application_number, status=status, filed_on=filed_on,
        granted_on=granted_on, expires_on=expires_on, renewal_due_on=renewal_due_on,
        owners=(owners or "").strip(), notes=(notes or "").strip(),
    )
    db.session.add(ip_record)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise DomainError(_duplicate(kind, application_number), "application_number") from None
    record(actor, "ip_record.created", ip_record, organisation=project.firm,
           summary=f"{project.title}: {ip_record.title}")
    commit_or_refuse(_duplicate(kind, application_number), "application_number")
    return ip_record


def update_ip_record(actor: User, ip_record: IpRecord, *, kind: IpKind, title: str,
                     application_number: str | None, status: IpStatus, filed_on: date | None,
                     granted_on: date | None, expires_on: date | None,
                     renewal_due_on: date | None, owners: str = "", notes: str = "") -> None:
    application_number = (application_number or "").strip() or None
    _check(kind, status, application_number, filed_on, granted_on, expires_on, renewal_due_on)
    # Before `diff` sets the new values: the query would otherwise flush them first.
    _refuse_taken_number(kind, application_number, exclude_id=ip_record.id)
    project = ip_record.project
    changes = diff(ip_record, {
        "kind": kind, "title": title.strip(), "application_number": application_number,
        "status": status, "filed_on": filed_on, "granted_on": granted_on,
        "expires_on": expires_on, "renewal_due_on": renewal_due_on,
        "owners": (owners or "").strip(), "notes": (notes or "").strip(),
    })
    if not changes:
        return
    record(actor, "ip_record.updated", ip_record, organisation=project.firm,
           changes=changes, summary=f"{project.title}: {ip_record.title}")
    commit_or_refuse(_duplicate(kind, application_number), "application_number")


def delete_ip_record(actor: User, ip_record: IpRecord) -> None:
    project = ip_record.project
    record(actor, "ip_record.deleted", ip_record, organisation=project.firm,
           summary=f"{project.title}: {ip_record.title}")
    db.session.delete(ip_record)
    db.session.commit()
