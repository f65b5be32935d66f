"""Project lists, the board and a new project: the user's projects, an organisation's, the
park office's overview by stage, and the form a firm starts a project with."""

from __future__ import annotations

from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from park.accounts.models import Organisation
from park.accounts.services import organisation_by_slug
from park.core.authz import allowed, authorize, guard
from park.core.caching import arguments_digest, cache_key, shared_fragment
from park.core.errors import DomainError, found_or_404
from park.core.forms import show_domain_error
from park.core.i18n import select_locale
from park.core.pagination import paginate
from park.core.policy import signed_in
from park.core.templating import render_fragment
from park.core.time import park_today
from park.directory.queries import all_specialties
from park.projects import queries, services
from park.projects.forms import ProjectForm, StageActionForm, list_filters
from park.projects.lifecycle import STAGE_ORDER, TEMPLATES, StageAction, StageKind
from park.projects.models import ProjectStatus, Visibility
from park.projects.policy import (
    can_create_project,
    can_view_my_projects,
    can_view_organisation_projects,
    can_view_park_projects,
    stage_actions_for,
)
from park.projects.views import bp

# Dropping a card on the next column takes the first of these the user may take: approving
# the gate moves it on; submitting asks the approver to.
FORWARD_ACTIONS = (StageAction.APPROVE, StageAction.SUBMIT)


def _organisation_or_404(slug: str) -> Organisation:
    return found_or_404(organisation_by_slug(slug))


def _creatable_organisations() -> list[Organisation]:
    """The user's organisations they may start a project in (memberships load with the user)."""
    return [m.organisation for m in current_user.memberships
            if can_create_project(current_user, m.organisation)]


def _list_page(template: str, query, **context):
    """One page of projects with its current stages and overdue milestones: a few queries,
    however many projects there are."""
    today = park_today()
    page = paginate(query)
    ids = [project.id for project in page.items]
    return render_template(
        template,
        page=page,
        stages=queries.current_stages(ids),
        overdue=queries.overdue_counts(ids, today),
        today=today,
        stage_kinds=STAGE_ORDER,
        statuses=list(ProjectStatus),
        visibilities=list(Visibility),
        specialties=all_specialties(),
        **context,
    )


# Lists --------------------------------------------------------------------------------------


@bp.route("/projects")
@guard(can_view_my_projects)
def my_projects():
    filters = list_filters()
    return _list_page(
        "projects/list.html",
        queries.projects_query(current_user, filters=filters, today=park_today()),
        filters=filters,
        organisation=None,
        clients=queries.filter_clients(current_user),
        creatable=_creatable_organisations(),
    )


@bp.route("/orgs/<slug>/projects")
@guard(signed_in)
def organisation_projects(slug: str):
    organisation = _organisation_or_404(slug)
    authorize(can_view_organisation_projects, organisation)
    filters = list_filters()
    return _list_page(
        "projects/list.html",
        queries.projects_query(current_user, organisation=organisation, filters=filters,
                               today=park_today()),
        filters=filters,
        organisation=organisation,
        clients=queries.filter_clients(current_user, organisation=organisation),
        creatable=[organisation] if allowed(can_create_project, organisation) else [],
    )


# The board ----------------------------------------------------------------------------------


def _move_forms(columns, stages, next_url: str) -> dict[int, dict]:
    """For each card the user may move: its no-JavaScript form, and for drag and drop the
    stage it moves to and the action that takes it forward."""
    forms = {}
    for column in columns:
        for project in column.projects:
            stage = stages.get(project.id)
            actions = stage_actions_for(current_user, stage) if stage else []
            if not actions:
                continue
            form = StageActionForm(formdata=None, version=stage.version, next=next_url)
            form.action.choices = [SelectChoice(a.value, a.label) for a in actions]
            forward = next((a for a in FORWARD_ACTIONS if a in actions), None)
            forms[project.id] = {"stage": stage, "form": form,
                                 "forward": forward, "next_stage": _next_kind(project)}
    return forms


def _next_kind(project) -> StageKind | None:
    """The stage after the current one in the project's lifecycle (its template)."""
    kinds = TEMPLATES[project.template].stages if project.template in TEMPLATES else STAGE_ORDER
    if project.current_stage not in kinds:
        return None
    position = kinds.index(project.current_stage)
    return kinds[position + 1] if position + 1 < len(kinds) else None


def _board_context(columns, today):
    cards = [project.id for column in columns for project in column.projects]
    return {
        "columns": columns,
        "stages": queries.current_stages(cards),
        "overdue": queries.overdue_counts(cards, today),
        "today": today,
    }


@bp.route("/orgs/<slug>/projects/board")
@guard(signed_in)
def board(slug: str):
    """The board, as its reader sees it (the cards they may see, the moves they may make),
    kept for them until any project's next commit or a change of who belongs where, or
    queries.LIST_CACHE_SECONDS (organisations' names)."""
    organisation = _organisation_or_404(slug)
    authorize(can_view_organisation_projects, organisation)
    key = cache_key("projects", "board", current_user.id, organisation.id, select_locale(),
                    park_today(), arguments_digest())
    content = shared_fragment(key, partial(_board_content, organisation),
                              timeout=queries.LIST_CACHE_SECONDS)
    return render_template("projects/board.html", organisation=organisation, content=content)


def _board_content(organisation) -> Markup:
    today = park_today()
    filters = list_filters(with_stage=False)
    filters.status = None  # the board shows active projects
    columns = queries.board(current_user, organisation=organisation, filters=filters,
                            today=today)
    context = _board_context(columns, today)
    next_url = request.full_path.rstrip("?")
    return render_fragment(
        "projects/_board.html",
        organisation=organisation,
        filters=filters,
        moves=_move_forms(columns, context["stages"], next_url),
        clients=queries.filter_clients(current_user, organisation=organisation),
        specialties=all_specialties(),
        visibilities=list(Visibility),
        creatable=[organisation] if allowed(can_create_project, organisation) else [],
        **context,
    )


# The park office ----------------------------------------------------------------------------


@bp.route("/admin/projects")
@guard(can_view_park_projects)
def park_projects():
    today = park_today()
    view = "board" if request.args.get("view") == "board" else "list"
    context = {
        "counts": queries.stage_counts(current_user, park_wide=True),
        "overview": queries.park_overview(today),
        "view": view,
    }
    if view == "board":
        filters = list_filters(with_stage=False)
        filters.status = None
        columns = queries.board(current_user, park_wide=True, filters=filters, today=today)
        context.update(_board_context(columns, today), filters=filters,
                       clients=queries.filter_clients(current_user, park_wide=True),
                       specialties=all_specialties(), visibilities=list(Visibility),
                       stage_kinds=STAGE_ORDER)
        return render_template("projects/park.html", **context)
    filters = list_filters()
    return _list_page(
        "projects/park.html",
        queries.projects_query(current_user, park_wide=True, filters=filters, today=today),
        filters=filters,
        clients=queries.filter_clients(current_user, park_wide=True),
        **context,
    )


# A new project ------------------------------------------------------------------------------


def _project_form(organisation: Organisation) -> ProjectForm:
    form = ProjectForm()
    form.set_choices(all_specialties(), queries.client_candidates(organisation),
                     queries.partner_candidates(organisation), select_locale())
    return form


@bp.route("/orgs/<slug>/projects/new", methods=["GET", "POST"])
@guard(signed_in)
def new_project(slug: str):
    organisation = _organisation_or_404(slug)
    authorize(can_create_project, organisation)
    form = _project_form(organisation)
    if form.validate_on_submit():
        try:
            project = services.create_project(current_user, organisation,
                                              template=form.template.data, **form.details())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("%(title)s has been created and its first stage has started.",
                    title=project.title), "success")
            return redirect(url_for("projects.project", project_id=project.id))
    status = 422 if form.is_submitted() else 200
    return render_template("projects/new.html", form=form, organisation=organisation,
                           templates=TEMPLATES,
                           visibilities={v.value: v for v in Visibility}), status
