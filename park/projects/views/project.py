"""One project's pages: the project (whole, or its public face), its details, history and
stages; moving stages, deliverables and their files, members and milestones."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from park.accounts.forms import ConfirmForm
from park.core.authz import allowed, authorize, guard
from park.core.caching import cache_key, shared_fragment
from park.core.errors import DomainError, found_or_404
from park.core.forms import show_domain_error
from park.core.i18n import format_day, select_locale
from park.core.pagination import paginate
from park.core.policy import anyone, signed_in
from park.core.templating import render_fragment
from park.core.time import park_today
from park.directory.queries import all_specialties
from park.projects import queries, services, workflow
from park.projects.forms import (
    EditProjectForm,
    MemberForm,
    MilestoneForm,
    StageActionForm,
)
from park.projects.lifecycle import StageAction, StageStatus
from park.projects.models import (
    Deliverable,
    DeliverableVersion,
    LifecycleStage,
    Milestone,
    Project,
    ProjectMember,
    ProjectRole,
    ProjectStatus,
)
from park.projects.policy import (
    can_approve_gate,
    can_contribute,
    can_edit_project,
    can_view_project,
    can_view_project_summary,
    stage_actions_for,
)
from park.projects.timeline import build_timeline, timeline_summary
from park.projects.views import bp

RECENT_HISTORY = 10


# Template helpers for these pages (prefixed so they cannot clash with other features').


@bp.app_template_filter("projects_date")
def projects_date(value, format: str = "medium") -> str:
    return format_day(value, format)


@bp.app_template_filter("projects_file_size")
def projects_file_size(size: int | None) -> str:
    if not size:
        return ""
    if size < 1024:
        return ngettext("%(num)d byte", "%(num)d bytes", size)
    if size < 1024 * 1024:
        return _("%(size)s KB", size=format_decimal(size / 1024, "#,##0.#"))
    return _("%(size)s MB", size=format_decimal(size / (1024 * 1024), "#,##0.#"))


# Finding what a URL names; a child that belongs to another project is simply not found.


def project_or_404(project_id: int) -> Project:
    return found_or_404(queries.project_by_id(project_id))


def _one_of(items, item_id: int):
    return found_or_404(next((item for item in items if item.id == item_id), None))


def stage_of(project: Project, stage_id: int) -> LifecycleStage:
    return _one_of(project.stages, stage_id)


def deliverable_of(project: Project, deliverable_id: int) -> Deliverable:
    return _one_of((d for s in project.stages for d in s.deliverables), deliverable_id)


def version_of(project: Project, version_id: int) -> DeliverableVersion:
    return _one_of((v for s in project.stages for d in s.deliverables for v in d.versions),
                   version_id)


def _member_of(project: Project, member_id: int) -> ProjectMember:
    return _one_of(project.members, member_id)


def _milestone_of(project: Project, milestone_id: int) -> Milestone:
    return _one_of(project.milestones, milestone_id)


def with_ids(form, suffix: str):
    """Give a form's fields ids of their own, so one page can show the same form for several
    objects (names stay the same: the routes read them unprefixed)."""
    for field in form:
        if field.type in ("CSRFTokenField",):
            continue
        field.id = f"{field.name}-{suffix}"
        field.label.field_id = field.id
    return form


# The project page -------------------------------------------------------------------------


@dataclass
class StagePanel:
    """What the project and stage pages show of a stage for the current user."""

    stage: LifecycleStage
    actions: list[StageAction]
    missing: list[Deliverable]

    @property
    def missing_names(self) -> list[str]:
        locale = select_locale()
        return [deliverable.display_name(locale) for deliverable in self.missing]

    @property
    def submit_blocked(self) -> bool:
        return bool(self.missing) and self.stage.status is StageStatus.IN_PROGRESS

    @property
    def is_current(self) -> bool:
        return self.stage.project.current_stage is self.stage.kind


def stage_panel(project: Project, stage: LifecycleStage) -> StagePanel:
    actions = stage_actions_for(current_user, stage)
    if project.current_stage is not stage.kind:
        # Only the current stage can start; later ones can still be skipped ahead of time.
        actions = [a for a in actions if a is not StageAction.START]
    return StagePanel(stage, actions, workflow.missing_deliverables(stage))


def _timeline(project: Project, today):
    chart = build_timeline(project.stages, today=today, locale=select_locale(),
                           project_start=project.start_on, project_end=project.target_end_on)
    return chart, (timeline_summary(chart, project) if chart else "")


@bp.route("/projects/<int:project_id>")
@guard(anyone)
def project(project_id: int):
    # Who may see what needs only the project and its members; the rest loads when the page is
    # not in the cache.
    project = found_or_404(queries.project_with_members(project_id))
    if not allowed(can_view_project, project):
        # Anyone may see a public project's public face; the rest is for the people on it.
        authorize(can_view_project_summary, project)
        return _public_page(project_or_404(project_id))
    return _project_page(project)


def _public_page(project: Project):
    today = park_today()
    chart, summary = _timeline(project, today)
    return render_template("projects/project_public.html", project=project, chart=chart,
                           chart_summary=summary, today=today)


def _project_page(project: Project, *, milestone_form=None, member_form=None,
                  status: int = 200):
    """The project page. Its content is the same for everyone who may do the same things with
    the project (edit it, contribute, approve gates) on the same day in the same language, so
    it is shared through the cache until the project's next commit (the watch in
    park.projects.queries), or at most PAGE_CACHE_SECONDS (names of people and organisations it
    shows). A page showing a form's errors is the reader's own."""
    if milestone_form is None and member_form is None:
        key = cache_key(queries.project_namespace(project.id), select_locale(), park_today(),
                        allowed(can_edit_project, project), allowed(can_contribute, project),
                        allowed(can_approve_gate, project))
        content = shared_fragment(key, partial(_project_content, project.id),
                                  timeout=queries.PAGE_CACHE_SECONDS)
    else:
        content = _project_content(project.id, milestone_form=milestone_form,
                                   member_form=member_form)
    return render_template("projects/project.html", project=project, content=content), status


def _project_content(project_id: int, *, milestone_form=None, member_form=None) -> Markup:
    project = project_or_404(project_id)
    today = park_today()
    chart, summary = _timeline(project, today)
    can_edit = allowed(can_edit_project, project)
    member_form = member_form or MemberForm(formdata=None)
    # Suggest the people who could join (the firm's, the client's and the partners').
    member_form.email.render_kw = {**(member_form.email.render_kw or {}),
                                   "list": "member-candidates", "autocomplete": "off"}
    return render_fragment(
        "projects/_project.html",
        project=project,
        today=today,
        chart=chart,
        chart_summary=summary,
        panels=[stage_panel(project, stage) for stage in project.stages],
        history=queries.recent_history(project, RECENT_HISTORY),
        action_form=StageActionForm(formdata=None),
        milestone_form=milestone_form or MilestoneForm(formdata=None),
        member_form=member_form,
        candidates=queries.candidate_users(project) if can_edit else [],
        can_edit=can_edit,
        can_contribute=allowed(can_contribute, project),
    )


# Details ----------------------------------------------------------------------------------


def _edit_form(project: Project) -> EditProjectForm:
    form = EditProjectForm(data={
        "title": project.title, "summary": project.summary,
        "specialty": project.specialty_id, "client": project.client_id,
        "partners": [p.id for p in project.partners], "start_on": project.start_on,
        "target_end_on": project.target_end_on, "visibility": project.visibility.value,
        "status": project.status.value, "version": project.version,
    })
    clients = queries.client_candidates(project.firm)
    partners = queries.partner_candidates(project.firm)
    # Keep what the project already has selectable, even if it would no longer be offered.
    clients += [o for o in [project.client] if o is not None and o not in clients]
    partners += [o for o in project.partners if o not in partners]
    form.set_choices(all_specialties(), clients, partners, select_locale())
    return form


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@guard(signed_in)
def edit_project(project_id: int):
    project = project_or_404(project_id)
    authorize(can_edit_project, project)
    form = _edit_form(project)
    status = 200
    if form.validate_on_submit():
        try:
            services.update_project(current_user, project, expected_version=form.version.data,
                                    status=ProjectStatus(form.status.data), **form.details())
        except DomainError as error:
            status = refused(form, error)
        else:
            flash(_("The project has been saved."), "success")
            return redirect(url_for("projects.project", project_id=project.id))
    elif form.is_submitted():
        status = 422
    return render_template("projects/project_edit.html", project=project, form=form), status


def refused(form, error: DomainError) -> int:
    """Show a refusal; a save from a stale page is a conflict, told at the top of the page."""
    if error.field == "version":
        flash(error.message, "danger")
        return 409
    show_domain_error(form, error)
    return 422


@bp.route("/projects/<int:project_id>/history")
@guard(signed_in)
def history(project_id: int):
    project = project_or_404(project_id)
    authorize(can_view_project, project)
    page = paginate(queries.history_query(project))
    return render_template("projects/history.html", project=project, page=page)


# Members ----------------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/members", methods=["POST"])
@guard(signed_in)
def add_member(project_id: int):
    project = project_or_404(project_id)
    authorize(can_edit_project, project)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            member = services.add_member(current_user, project, email=form.email.data,
                                         role=ProjectRole(form.role.data))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("%(name)s has joined the project as %(role)s.", name=member.user.name,
                    role=member.role.label), "success")
            return redirect(url_for("projects.project", project_id=project.id,
                                    _anchor="members"))
    return _project_page(project, member_form=form, status=422)


@bp.route("/projects/<int:project_id>/members/<int:member_id>/remove", methods=["POST"])
@guard(signed_in)
def remove_member(project_id: int, member_id: int):
    project = project_or_404(project_id)
    authorize(can_edit_project, project)
    member = _member_of(project, member_id)
    if ConfirmForm().validate_on_submit():
        name = member.user.name
        try:
            services.remove_member(current_user, member)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("%(name)s is no longer on the project.", name=name), "success")
    return redirect(url_for("projects.project", project_id=project.id, _anchor="members"))


# Milestones -------------------------------------------------------------------------------


def _milestones_url(project: Project) -> str:
    return url_for("projects.project", project_id=project.id, _anchor="milestones")


@bp.route("/projects/<int:project_id>/milestones", methods=["POST"])
@guard(signed_in)
def add_milestone(project_id: int):
    project = project_or_404(project_id)
    authorize(can_contribute, project)
    form = MilestoneForm()
    if form.validate_on_submit():
        try:
            milestone = services.add_milestone(current_user, project, name=form.name.data,
                                               due_on=form.due_on.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Milestone %(name)s has been added.", name=milestone.name), "success")
            return redirect(_milestones_url(project))
    return _project_page(project, milestone_form=form, status=422)


@bp.route("/projects/<int:project_id>/milestones/<int:milestone_id>/edit",
          methods=["GET", "POST"])
@guard(signed_in)
def edit_milestone(project_id: int, milestone_id: int):
    project = project_or_404(project_id)
    authorize(can_contribute, project)
    milestone = _milestone_of(project, milestone_id)
    form = MilestoneForm(obj=milestone)
    status = 200
    if form.validate_on_submit():
        try:
            services.update_milestone(current_user, milestone, name=form.name.data,
                                      due_on=form.due_on.data,
                                      achieved_on=form.achieved_on.data)
        except DomainError as error:
            show_domain_error(form, error)
            status = 422
        else:
            flash(_("Milestone %(name)s has been saved.", name=milestone.name), "success")
            return redirect(_milestones_url(project))
    elif form.is_submitted():
        status = 422
    return render_template("projects/milestone_edit.html", project=project,
                           milestone=milestone, form=form), status


@bp.route("/projects/<int:project_id>/milestones/<int:milestone_id>/achieve",
          methods=["POST"])
@guard(signed_in)
def achieve_milestone(project_id: int, milestone_id: int):
    project = project_or_404(project_id)
    authorize(can_contribute, project)
    milestone = _milestone_of(project, milestone_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.achieve_milestone(current_user, milestone)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("Milestone %(name)s is achieved.", name=milestone.name), "success")
    return redirect(_milestones_url(project))


@bp.route("/projects/<int:project_id>/milestones/<int:milestone_id>/delete",
          methods=["POST"])
@guard(signed_in)
def delete_milestone(project_id: int, milestone_id: int):
    project = project_or_404(project_id)
    authorize(can_contribute, project)
    milestone = _milestone_of(project, milestone_id)
    if ConfirmForm().validate_on_submit():
        name = milestone.name
        services.delete_milestone(current_user, milestone)
        flash(_("Milestone %(name)s has been deleted.", name=name), "success")
    return redirect(_milestones_url(project))
