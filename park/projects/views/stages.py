"""A project's stages: the stage page with its plan, moving a stage through the gate, and the
deliverables with their versioned files."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from park.accounts.forms import ConfirmForm
from park.core import storage
from park.core.authz import allowed, authorize, guard
from park.core.errors import DomainError, found_or_404
from park.core.forms import safe_next, show_domain_error
from park.core.i18n import select_locale
from park.core.policy import signed_in
from park.core.time import park_today
from park.projects import queries, workflow
from park.projects.forms import DeliverableForm, StageActionForm, StageForm, UploadForm
from park.projects.lifecycle import DeliverableKind, StageAction
from park.projects.models import LifecycleStage, Project
from park.projects.policy import can_contribute, can_edit_project, can_view_project
from park.projects.views import bp
from park.projects.views.project import (
    deliverable_of,
    project_or_404,
    refused,
    stage_of,
    stage_panel,
    version_of,
    with_ids,
)

# Stages -----------------------------------------------------------------------------------


def _stage_form(project: Project, stage: LifecycleStage) -> StageForm:
    form = StageForm(data={
        "planned_start_on": stage.planned_start_on, "planned_end_on": stage.planned_end_on,
        "owner": stage.owner_id, "notes": stage.notes, "version": stage.version,
    })
    form.owner.choices = [(None, _("Nobody yet"))] + [
        (m.user_id, f"{m.user.name} · {m.role.label}") for m in project.members
    ]
    return form


def _stage_page(project: Project, stage: LifecycleStage, *, plan_form=None,
                upload_forms=None, deliverable_form=None, status: int = 200):
    can_edit = allowed(can_edit_project, project)
    if plan_form is None and can_edit:
        plan_form = _stage_form(project, stage)
    upload_forms = upload_forms or {}
    for deliverable in stage.deliverables:
        if deliverable.id not in upload_forms:
            upload_forms[deliverable.id] = with_ids(UploadForm(formdata=None),
                                                     str(deliverable.id))
    return render_template(
        "projects/stage.html",
        project=project,
        stage=stage,
        panel=stage_panel(project, stage),
        plan_form=plan_form,
        upload_forms=upload_forms,
        deliverable_form=deliverable_form or DeliverableForm(formdata=None),
        action_form=StageActionForm(formdata=None),
        can_edit=can_edit,
        can_contribute=allowed(can_contribute, project),
        today=park_today(),
    ), status


@bp.route("/projects/<int:project_id>/stages/<int:stage_id>", methods=["GET", "POST"])
@guard(signed_in)
def stage(project_id: int, stage_id: int):
    project = found_or_404(queries.project_by_id(project_id, with_uploaders=True))
    authorize(can_view_project, project)
    stage = stage_of(project, stage_id)
    if request.method != "POST":
        return _stage_page(project, stage)
    authorize(can_edit_project, project)
    form = _stage_form(project, stage)
    status = 422
    if form.validate_on_submit():
        owner = next((m.user for m in project.members if m.user_id == form.owner.data), None)
        try:
            workflow.update_stage(
                current_user, stage, expected_version=form.version.data,
                planned_start_on=form.planned_start_on.data,
                planned_end_on=form.planned_end_on.data, owner=owner,
                notes=form.notes.data or "",
            )
        except DomainError as error:
            status = refused(form, error)
        else:
            flash(_("The plan of %(stage)s has been saved.", stage=stage.label), "success")
            return redirect(url_for("projects.stage", project_id=project.id, stage_id=stage.id))
    return _stage_page(project, stage, plan_form=form, status=status)


def _moved_message(stage: LifecycleStage, action: StageAction, current) -> str:
    if action is StageAction.START:
        return _("%(stage)s has started.", stage=stage.label)
    if action is StageAction.SUBMIT:
        return _("%(stage)s has been submitted for approval.", stage=stage.label)
    if action is StageAction.RETURN:
        return _("%(stage)s went back to the team with your comment.", stage=stage.label)
    if current is None:
        return _("%(stage)s is done, and with it the whole project: it is now completed.",
                 stage=stage.label)
    if action is StageAction.SKIP:
        return _("%(stage)s has been skipped.", stage=stage.label)
    return _("%(stage)s is approved; %(next)s is under way.", stage=stage.label,
             next=current.label)


@bp.route("/projects/<int:project_id>/stages/<int:stage_id>/move", methods=["POST"])
@guard(signed_in)
def move_stage(project_id: int, stage_id: int):
    project = project_or_404(project_id)
    # Seeing the project is enough to ask; the workflow refuses, with its reason, whatever
    # the person's role or the stage's state does not allow.
    authorize(can_view_project, project)
    stage = stage_of(project, stage_id)
    form = StageActionForm()
    back = safe_next(form.next.data) or url_for("projects.project", project_id=project.id,
                                                _anchor=f"stage-{stage.id}")
    if not form.validate_on_submit():
        if form.action.errors:
            flash(_("Please choose what to do with the stage."), "danger")
        for message in form.comment.errors:
            flash(message, "danger")
        return redirect(back)
    action = StageAction(form.action.data)
    try:
        current = workflow.move_stage(current_user, stage, action,
                                      expected_version=form.version.data,
                                      comment=form.comment.data or "")
    except DomainError as error:
        if error.field == "comment":
            flash(_("“%(action)s” needs a comment: please say why.", action=action.label),
                  "danger")
        else:
            flash(error.message, "danger")
    else:
        flash(_moved_message(stage, action, current), "success")
    return redirect(back)


# Deliverables and their files ---------------------------------------------------------------


def _stage_url(stage: LifecycleStage, anchor: str | None = None) -> str:
    return url_for("projects.stage", project_id=stage.project_id, stage_id=stage.id,
                   _anchor=anchor)


@bp.route("/projects/<int:project_id>/stages/<int:stage_id>/deliverables", methods=["POST"])
@guard(signed_in)
def add_deliverable(project_id: int, stage_id: int):
    project = found_or_404(queries.project_by_id(project_id, with_uploaders=True))
    authorize(can_contribute, project)
    stage = stage_of(project, stage_id)
    form = DeliverableForm()
    if form.validate_on_submit():
        try:
            deliverable = workflow.add_deliverable(
                current_user, stage, name=form.name.data, kind=DeliverableKind(form.kind.data),
                required=form.required.data,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("%(name)s has been added to %(stage)s.", name=deliverable.name,
                    stage=stage.label), "success")
            return redirect(_stage_url(stage, f"deliverable-{deliverable.id}"))
    return _stage_page(project, stage, deliverable_form=form, status=422)


@bp.route("/projects/<int:project_id>/deliverables/<int:deliverable_id>/remove",
          methods=["POST"])
@guard(signed_in)
def remove_deliverable(project_id: int, deliverable_id: int):
    project = project_or_404(project_id)
    authorize(can_contribute, project)
    deliverable = deliverable_of(project, deliverable_id)
    stage = deliverable.stage
    if ConfirmForm().validate_on_submit():
        name = deliverable.display_name(select_locale())
        try:
            workflow.remove_deliverable(current_user, deliverable)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("%(name)s has been removed.", name=name), "success")
    return redirect(_stage_url(stage, "deliverables"))


@bp.route("/projects/<int:project_id>/deliverables/<int:deliverable_id>/versions",
          methods=["POST"])
@guard(signed_in)
def upload_version(project_id: int, deliverable_id: int):
    project = found_or_404(queries.project_by_id(project_id, with_uploaders=True))
    authorize(can_contribute, project)
    deliverable = deliverable_of(project, deliverable_id)
    stage = deliverable.stage
    form = with_ids(UploadForm(), str(deliverable.id))
    if form.validate_on_submit():
        try:
            version = workflow.upload_version(current_user, deliverable, form.file.data,
                                              filename=form.file.data.filename,
                                              note=form.note.data or "")
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Version %(number)d of %(name)s has been uploaded.", number=version.number,
                    name=deliverable.display_name(select_locale())), "success")
            return redirect(safe_next(request.form.get("next"))
                            or _stage_url(stage, f"deliverable-{deliverable.id}"))
    return _stage_page(project, stage, upload_forms={deliverable.id: form}, status=422)


@bp.route("/projects/<int:project_id>/files/<int:version_id>")
@guard(signed_in)
def download_version(project_id: int, version_id: int):
    project = project_or_404(project_id)
    # Files are never part of a project's public face: only those who see it whole.
    authorize(can_view_project, project)
    version = version_of(project, version_id)
    return storage.send_stored(version.stored_name, version.content_type,
                               download_name=version.original_name)
