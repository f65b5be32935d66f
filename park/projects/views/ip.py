"""IP records: a project's patents, models, copyrights and trademarks (in full for the people
on the project, granted rights only for the public), their forms, and the firm's IP list with
its upcoming deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from park.accounts.forms import ConfirmForm
from park.accounts.models import Organisation
from park.accounts.services import organisation_by_slug
from park.core.authz import allowed, authorize, guard
from park.core.errors import DomainError, found_or_404
from park.core.forms import day_arg, show_domain_error
from park.core.pagination import paginate
from park.core.policy import anyone, signed_in
from park.core.time import park_today
from park.extensions import db
from park.projects import ip, queries
from park.projects.forms import IpRecordForm
from park.projects.models import IpKind, IpRecord, IpStatus, Project
from park.projects.policy import (
    can_edit_ip_records,
    can_view_ip_records,
    can_view_organisation_ip,
    can_view_park_projects,
    can_view_project,
)
from park.projects.views import bp

# How many deadlines the firm's IP page lists above the full list; the filter shows them all.
DEADLINES_SHOWN = 5


def _project_or_404(project_id: int) -> Project:
    return found_or_404(queries.project_for_ip(project_id))


def _record_or_404(project: Project, record_id: int) -> IpRecord:
    """The record the URL names, and only if it belongs to the project the URL names."""
    ip_record = db.session.get(IpRecord, record_id)
    if ip_record is None or ip_record.project_id != project.id:
        found_or_404(None)
    return ip_record


# One project's IP ---------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/ip")
@guard(anyone)
def ip_records(project_id: int):
    project = _project_or_404(project_id)
    authorize(can_view_ip_records, project)
    full_view = allowed(can_view_project, project)
    page = paginate(queries.ip_records_query(project, public_only=not full_view))
    today = park_today()
    return render_template(
        "projects/ip_list.html", project=project, page=page, full_view=full_view,
        deadlines={r.id: ip.upcoming_deadline(r, today) for r in page.items},
        window_days=ip.DEADLINE_WINDOW_DAYS,
    )


def _form_data(ip_record: IpRecord) -> dict:
    return {
        "kind": ip_record.kind.value, "title": ip_record.title,
        "application_number": ip_record.application_number or "",
        "status": ip_record.status.value, "filed_on": ip_record.filed_on,
        "granted_on": ip_record.granted_on, "expires_on": ip_record.expires_on,
        "renewal_due_on": ip_record.renewal_due_on, "owners": ip_record.owners,
        "notes": ip_record.notes,
    }


def _fields(form: IpRecordForm) -> dict:
    return {
        "kind": IpKind(form.kind.data), "title": form.title.data,
        "application_number": form.application_number.data,
        "status": IpStatus(form.status.data), "filed_on": form.filed_on.data,
        "granted_on": form.granted_on.data, "expires_on": form.expires_on.data,
        "renewal_due_on": form.renewal_due_on.data, "owners": form.owners.data or "",
        "notes": form.notes.data or "",
    }


def _form_page(project: Project, form: IpRecordForm, ip_record: IpRecord | None = None):
    status = 422 if form.errors else 200
    return render_template("projects/ip_form.html", project=project, form=form,
                           ip_record=ip_record), status


@bp.route("/projects/<int:project_id>/ip/new", methods=["GET", "POST"])
@guard(signed_in)
def new_ip_record(project_id: int):
    project = _project_or_404(project_id)
    authorize(can_edit_ip_records, project)
    form = IpRecordForm()
    if form.validate_on_submit():
        try:
            ip_record = ip.create_ip_record(current_user, project, **_fields(form))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The IP record “%(title)s” has been added.", title=ip_record.title),
                  "success")
            return redirect(url_for("projects.ip_records", project_id=project.id))
    elif not form.is_submitted():
        form.owners.data = project.firm.name
    return _form_page(project, form)


@bp.route("/projects/<int:project_id>/ip/<int:record_id>/edit", methods=["GET", "POST"])
@guard(signed_in)
def edit_ip_record(project_id: int, record_id: int):
    project = _project_or_404(project_id)
    authorize(can_edit_ip_records, project)
    ip_record = _record_or_404(project, record_id)
    form = IpRecordForm(data=_form_data(ip_record))
    form.submit.label.text = _("Save changes")
    if form.validate_on_submit():
        try:
            ip.update_ip_record(current_user, ip_record, **_fields(form))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The IP record “%(title)s” has been saved.", title=ip_record.title),
                  "success")
            return redirect(url_for("projects.ip_records", project_id=project.id))
    return _form_page(project, form, ip_record)


@bp.route("/projects/<int:project_id>/ip/<int:record_id>/delete", methods=["POST"])
@guard(signed_in)
def delete_ip_record(project_id: int, record_id: int):
    project = _project_or_404(project_id)
    authorize(can_edit_ip_records, project)
    ip_record = _record_or_404(project, record_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = ip_record.title
        try:
            ip.delete_ip_record(current_user, ip_record)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("The IP record “%(title)s” has been deleted.", title=title), "success")
    return redirect(url_for("projects.ip_records", project_id=project.id))


# The firm's IP ------------------------------------------------------------------------------


@dataclass
class IpFilters:
    kind: IpKind | None = None
    status: IpStatus | None = None
    due: bool = False

    @property
    def active(self) -> bool:
        return bool(self.kind or self.status or self.due)

    @classmethod
    def from_args(cls, args) -> IpFilters:
        """Unknown values are ignored, as if the filter were not set."""
        kinds = {k.value: k for k in IpKind}
        statuses = {s.value: s for s in IpStatus}
        return cls(kind=kinds.get(args.get("kind", "")),
                   status=statuses.get(args.get("status", "")),
                   due=args.get("due") in ("1", "on", "true"))


def _organisation_or_404(slug: str) -> Organisation:
    return found_or_404(organisation_by_slug(slug))


@bp.route("/orgs/<slug>/ip")
@guard(signed_in)
def organisation_ip(slug: str):
    organisation = _organisation_or_404(slug)
    authorize(can_view_organisation_ip, organisation)
    filters = IpFilters.from_args(request.args)
    today = park_today()
    window = ip.DEADLINE_WINDOW_DAYS
    page = paginate(queries.organisation_ip_query(
        current_user, organisation, today=today, kind=filters.kind, status=filters.status,
        due_within_days=window if filters.due else None,
    ))
    deadlines, deadlines_total = [], 0
    if not filters.active and page.page == 1:
        deadlines, deadlines_total = queries.organisation_ip_deadlines(
            current_user, organisation, today=today, within_days=window, limit=DEADLINES_SHOWN)
    shown = [*page.items, *deadlines]
    return render_template(
        "projects/organisation_ip.html", organisation=organisation, page=page,
        filters=filters, deadlines=deadlines, deadlines_total=deadlines_total,
        window_days=window, today=today,
        counts=queries.organisation_ip_counts(current_user, organisation),
        upcoming={r.id: ip.upcoming_deadline(r, today, window) for r in shown},
        kinds=list(IpKind), statuses=list(IpStatus),
    )


# The park office's IP list ------------------------------------------------------------------


@dataclass
class ParkIpFilters:
    kind: IpKind | None = None
    status: IpStatus | None = None
    filed_from: date | None = None
    filed_to: date | None = None
    granted_from: date | None = None
    granted_to: date | None = None

    @property
    def active(self) -> bool:
        return any((self.kind, self.status, self.filed_from, self.filed_to,
                    self.granted_from, self.granted_to))

    def date_args(self) -> dict[str, str]:
        names = ("filed_from", "filed_to", "granted_from", "granted_to")
        return {name: getattr(self, name).isoformat() for name in names if getattr(self, name)}

    @classmethod
    def from_args(cls, args) -> ParkIpFilters:
        base = IpFilters.from_args(args)
        return cls(kind=base.kind, status=base.status, filed_from=day_arg("filed_from"),
                   filed_to=day_arg("filed_to"), granted_from=day_arg("granted_from"),
                   granted_to=day_arg("granted_to"))


@bp.route("/admin/ip")
@guard(can_view_park_projects)
def park_ip():
    filters = ParkIpFilters.from_args(request.args)
    page = paginate(queries.park_ip_query(
        kind=filters.kind, status=filters.status, filed_from=filters.filed_from,
        filed_to=filters.filed_to, granted_from=filters.granted_from,
        granted_to=filters.granted_to))
    return render_template("projects/park_ip.html", page=page, filters=filters,
                           kinds=list(IpKind), statuses=list(IpStatus))
