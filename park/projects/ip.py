"""IP records of a project: design patents, utility models, invention patents, copyrights and
trademarks, with their dates and the deadlines that come up."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from park.accounts.models import User
from park.core.audit import diff, record
from park.core.errors import DomainError, commit_or_refuse
from park.extensions import db
from park.projects.models import IpKind, IpRecord, IpStatus, Project

# How far ahead the firm's IP list warns about expiry and renewal.
DEADLINE_WINDOW_DAYS = 90


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
    return _l("Another %(kind)s already has the application number %(number)s.",
              kind=kind.label.lower(), number=application_number or "")


def create_ip_record(actor: User, project: Project, *, kind: IpKind, title: str,
                     application_number: str | None, status: IpStatus, filed_on: date | None,
                     granted_on: date | None, expires_on: date | None,
                     renewal_due_on: date | None, owners: str = "",
                     notes: str = "") -> IpRecord:
    application_number = (application_number or "").strip() or None
    _check(kind, status, application_number, filed_on, granted_on, expires_on, renewal_due_on)
    ip_record = IpRecord(
        project_id=project.id, kind=kind, title=title.strip(),
        application_number=application_number, status=status, filed_on=filed_on,
        granted_on=granted_on, expires_on=expires_on, renewal_due_on=renewal_due_on,
        owners=owners.strip(), notes=notes.strip(),
    )
    db.session.add(ip_record)
    db.session.flush()
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
    changes = diff(ip_record, {
        "kind": kind, "title": title.strip(), "application_number": application_number,
        "status": status, "filed_on": filed_on, "granted_on": granted_on,
        "expires_on": expires_on, "renewal_due_on": renewal_due_on, "owners": owners.strip(),
        "notes": notes.strip(),
    })
    if not changes:
        return
    record(actor, "ip_record.updated", ip_record, organisation=ip_record.project.firm,
           changes=changes, summary=f"{ip_record.project.title}: {ip_record.title}")
    commit_or_refuse(_duplicate(kind, application_number), "application_number")


def delete_ip_record(actor: User, ip_record: IpRecord) -> None:
    project = ip_record.project
    record(actor, "ip_record.deleted", ip_record, organisation=project.firm,
           summary=f"{project.title}: {ip_record.title}")
    db.session.delete(ip_record)
    db.session.commit()
