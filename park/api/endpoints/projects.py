"""Projects: the lists with the site's filters, one project with its stages, its details and
stage moves (saves carry the `version` they were read at), milestones and IP records."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import fields, validate
from sqlalchemy.orm import selectinload

from park.accounts.models import Organisation
from park.accounts.services import organisation_by_slug
from park.api.schemas import (
    OrganisationRefSchema,
    PageArgs,
    Schema,
    Shown,
    TermSchema,
    UserRefSchema,
    UtcDateTime,
    enum_field,
    id_field,
    page_body,
    page_of,
)
from park.api.setup import api_blueprint
from park.core.authz import allowed, authorize, guard
from park.core.caching import arguments_digest, cache_key, remember
from park.core.errors import DomainError, found_or_404
from park.core.i18n import select_locale
from park.core.pagination import paginate
from park.core.policy import anyone, signed_in
from park.core.time import park_today
from park.directory.queries import all_specialties
from park.projects import ip, queries, services, workflow
from park.projects.forms import list_filters
from park.projects.lifecycle import TEMPLATES, StageAction, StageKind, StageStatus
from park.projects.models import (
    IpKind,
    IpStatus,
    Project,
    ProjectRole,
    ProjectStatus,
    Visibility,
)
from park.projects.policy import (
    can_contribute,
    can_create_project,
    can_edit_ip_records,
    can_edit_project,
    can_view_ip_records,
    can_view_project,
    can_view_project_summary,
)
from park.projects.views.project import project_or_404, stage_of, stage_panel

blp = api_blueprint("api_projects", __name__,
                    "Design projects with their lifecycle stages, milestones and IP records.")

NOT_A_CHOICE = _l("Please choose only from the list.")
TITLE_LENGTH = _l("A title needs between %(min)d and %(max)d characters.", min=2, max=200)


def _text(max_length: int, *, min_length: int = 0, message=None) -> list:
    """Length checks on the text as it is saved (the services strip spaces): at most
    `max_length` characters, and at least `min_length` that are not spaces (said in the
    document as a pattern)."""
    too_long = (message if min_length else None) or _l("At most %(max)d characters.",
                                                       max=max_length)
    checks = [validate.Length(max=max_length, error=too_long)]
    if min_length:
        checks.append(validate.Regexp(r"[\s\S]*?" + r"\S[\s\S]*?" * min_length,
                                      error=message))
    return checks


# Schemas ------------------------------------------------------------------------------------

FULL_VIEW = ("true: the caller sees the whole project; false: only its public face (a public "
             "project), so client, partners, lead, owners, notes and milestones are withheld.")


class StageSchema(Schema):
    id = fields.Integer(required=True)
    kind = enum_field(StageKind, required=True)
    position = fields.Integer(required=True)
    status = enum_field(StageStatus, required=True)
    planned_start_on = fields.Date(required=True, allow_none=True)
    planned_end_on = fields.Date(required=True, allow_none=True)
    actual_start_on = fields.Date(required=True, allow_none=True)
    actual_end_on = fields.Date(required=True, allow_none=True,
                                metadata={"description": "Set when approved (or skipped)."})
    owner = fields.Nested(UserRefSchema, required=True, allow_none=True)
    notes = fields.String(required=True, allow_none=True)
    version = fields.Integer(required=True, metadata={
        "description": "Send it back with a move; a stale one gets 409."})
    actions = fields.List(enum_field(StageAction), required=True, metadata={
        "description": "The moves the caller may make now: start, submit and skip through "
                       "…/advance, approve and return through …/approve."})
    missing_deliverables = fields.List(fields.String(), required=True, metadata={
        "description": "Required deliverables without a file yet: submitting waits for them."})


class ProjectItemSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    firm = fields.Nested(OrganisationRefSchema, required=True)
    client = fields.Nested(OrganisationRefSchema, required=True, allow_none=True)
    specialty = fields.Nested(TermSchema, required=True, allow_none=True)
    template = fields.String(required=True, metadata={"enum": list(TEMPLATES)})
    status = enum_field(ProjectStatus, required=True)
    visibility = enum_field(Visibility, required=True)
    current_stage = enum_field(StageKind, required=True, allow_none=True,
                               metadata={"description": "None once every stage is done."})
    start_on = fields.Date(required=True, allow_none=True)
    target_end_on = fields.Date(required=True, allow_none=True)
    completed_on = fields.Date(required=True, allow_none=True)
    created_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)
    version = fields.Integer(required=True, metadata={
        "description": "Send it back with a PATCH; a stale one gets 409."})
    full_view = fields.Boolean(required=True, metadata={"description": FULL_VIEW})


class ProjectListItemSchema(ProjectItemSchema):
    current_stage_status = enum_field(StageStatus, required=True, allow_none=True)
    overdue_milestones = fields.Integer(required=True, allow_none=True, metadata={
        "description": "Milestones past due and not achieved (null when withheld)."})


class ProjectSchema(ProjectItemSchema):
    partners = fields.List(fields.Nested(OrganisationRefSchema), required=True)
    lead = fields.Nested(UserRefSchema, required=True, allow_none=True)
    stages = fields.List(fields.Nested(StageSchema), required=True)


class MilestoneSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    due_on = fields.Date(required=True)
    achieved_on = fields.Date(required=True, allow_none=True)
    overdue = fields.Function(lambda milestone: milestone.overdue(park_today()), required=True,
                              metadata={"type": "boolean"})
    created_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)


class IpRecordSchema(Schema):
    id = fields.Integer(required=True)
    kind = enum_field(IpKind, required=True)
    title = fields.String(required=True)
    application_number = fields.String(required=True, allow_none=True)
    status = enum_field(IpStatus, required=True)
    filed_on = fields.Date(required=True, allow_none=True)
    granted_on = fields.Date(required=True, allow_none=True)
    expires_on = fields.Date(required=True, allow_none=True)
    renewal_due_on = fields.Date(required=True, allow_none=True)
    owners = fields.String(required=True, allow_none=True)
    notes = fields.String(required=True, allow_none=True)
    full_view = fields.Boolean(required=True, metadata={
        "description": "false: a public project's granted rights as the public sees them "
                       "(filing, expiry, renewal, owners and notes withheld)."})


# Arguments ----------------------------------------------------------------------------------


class ProjectListArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=100),
                      metadata={"description": "Words in the title or summary."})
    organisation = fields.String(validate=validate.Length(max=80), metadata={
        "description": "An organisation's slug: the projects it runs, commissions or joins."})
    status = enum_field(ProjectStatus)
    stage = enum_field(StageKind, metadata={"description": "The current stage."})
    visibility = enum_field(Visibility)
    specialty = id_field(metadata={"description": "A specialty's id."})
    client = id_field(metadata={"description": "The client organisation's id."})
    overdue = fields.String(validate=validate.OneOf(["1"]),
                            metadata={"description": "1: only projects with overdue milestones."})
    completed_from = fields.Date(metadata={"description": "Completed on or after (park day)."})
    completed_to = fields.Date()
    achieved_from = fields.Date(metadata={
        "description": "With a milestone achieved on or after (park day)."})
    achieved_to = fields.Date()


class _ProjectFields(Schema):
    title = fields.String(validate=_text(200, min_length=2, message=TITLE_LENGTH))
    summary = fields.String(validate=_text(4000))
    specialty = fields.String(allow_none=True, validate=validate.Length(max=40),
                              metadata={"description": "A specialty's code."})
    client = fields.String(allow_none=True, validate=validate.Length(max=80), metadata={
        "description": "An approved manufacturer's slug (the firm itself excluded)."})
    partners = fields.List(fields.String(validate=validate.Length(max=80)),
                           validate=validate.Length(max=50),
                           metadata={"description": "Approved academic institutions' slugs."})
    start_on = fields.Date(allow_none=True)
    target_end_on = fields.Date(allow_none=True)
    visibility = enum_field(Visibility)


class NewProjectArgs(_ProjectFields):
    organisation = fields.String(required=True, validate=validate.Length(max=80), metadata={
        "description": "The slug of the firm (design firm, lab or institute) running it."})
    title = fields.String(required=True, validate=_text(200, min_length=2,
                                                        message=TITLE_LENGTH))
    template = fields.String(load_default="full", validate=validate.OneOf(list(TEMPLATES)),
                             metadata={"description": "The lifecycle: which stages it has."})


class ProjectChangesArgs(_ProjectFields):
    version = id_field(required=True,
                       metadata={"description": "The version the changes were made to."})
    status = enum_field(ProjectStatus)


class AdvanceArgs(Schema):
    action = fields.String(required=True, validate=validate.OneOf(["start", "submit", "skip"]),
                           metadata={"description": "start (the current stage), submit (for "
                                                    "approval), skip (needs a comment)."})
    version = id_field(required=True, metadata={"description": "The stage's version."})
    comment = fields.String(load_default="", validate=validate.Length(max=2000))


class DecisionArgs(Schema):
    action = fields.String(load_default="approve", validate=validate.OneOf(["approve", "return"]),
                           metadata={"description": "approve the gate (the next stage starts), "
                                                    "or return it to the team (needs a "
                                                    "comment)."})
    version = id_field(required=True, metadata={"description": "The stage's version."})
    comment = fields.String(load_default="", validate=validate.Length(max=2000))


class NewMilestoneArgs(Schema):
    name = fields.String(required=True, validate=_text(
        200, min_length=1, message=_l("Please name the milestone.")))
    due_on = fields.Date(required=True)


class NewIpRecordArgs(Schema):
    kind = enum_field(IpKind, required=True)
    title = fields.String(required=True, validate=_text(200, min_length=2,
                                                        message=TITLE_LENGTH))
    application_number = fields.String(load_default=None, allow_none=True,
                                       validate=validate.Length(max=64))
    status = enum_field(IpStatus, load_default=IpStatus.DRAFTING)
    filed_on = fields.Date(load_default=None, allow_none=True)
    granted_on = fields.Date(load_default=None, allow_none=True)
    expires_on = fields.Date(load_default=None, allow_none=True)
    renewal_due_on = fields.Date(load_default=None, allow_none=True)
    owners = fields.String(load_default=None, allow_none=True, validate=_text(500),
                           metadata={"description": "The rights holders, as filed (default: "
                                                    "the firm's name)."})
    notes = fields.String(load_default="", validate=_text(4000))


# What the caller sees of a project ------------------------------------------------------------


def _lead(project: Project):
    return next((m.user for m in project.members if m.role is ProjectRole.LEAD), None)


def _project_as_seen(project: Project) -> Shown:
    """The project whole for those who may see it, else its public face (the HTML project
    page's rule, which the caller has passed by now)."""
    if allowed(can_view_project, project):
        stages = []
        for stage in project.stages:
            panel = stage_panel(project, stage)
            stages.append(Shown(stage, actions=panel.actions,
                                 missing_deliverables=panel.missing_names))
        return Shown(project, full_view=True, lead=_lead(project), stages=stages)
    return Shown(
        project, full_view=False, client=None, partners=[], lead=None,
        stages=[Shown(stage, owner=None, notes=None, actions=[], missing_deliverables=[])
                for stage in project.stages],
    )


def _visible_project(project_id: int) -> Project:
    """The project, if the caller may see at least its public face (as on the site)."""
    project = project_or_404(project_id)
    if not allowed(can_view_project, project):
        authorize(can_view_project_summary, project)
    return project


# Choosing organisations and terms by their slug or code, among what the site's forms offer.


def _choose(candidates, key: str, value: str | None, field: str):
    if value is None:
        return None
    chosen = next((c for c in candidates if getattr(c, key) == value), None)
    if chosen is None:
        raise DomainError(NOT_A_CHOICE, field)
    return chosen


def _details(args: dict, firm: Organisation, *, keep: Project | None = None) -> dict:
    """The service's details from a body: `keep` (an existing project) supplies what the body
    leaves out, and its client and partners stay choosable as on the edit form."""
    details = {}
    if "specialty" in args:
        details["specialty"] = _choose(all_specialties(), "code", args["specialty"], "specialty")
    if "client" in args:
        clients = queries.client_candidates(firm)
        if keep is not None and keep.client is not None:
            clients.append(keep.client)
        details["client"] = _choose(clients, "slug", args["client"], "client")
    if "partners" in args:
        partners = queries.partner_candidates(firm) + (list(keep.partners) if keep else [])
        details["partners"] = list({p.id: p for p in (
            _choose(partners, "slug", slug, "partners") for slug in args["partners"])}.values())
    for name in ("title", "summary", "start_on", "target_end_on", "visibility", "status"):
        if name in args:
            details[name] = args[name]
    if keep is not None:
        for name in ("title", "summary", "specialty", "client", "start_on", "target_end_on",
                     "visibility", "status"):
            details.setdefault(name, getattr(keep, name))
        details.setdefault("partners", list(keep.partners))
    return details


# Projects -----------------------------------------------------------------------------------


ProjectPageSchema = page_of(ProjectListItemSchema)


@blp.route("/projects", methods=["GET"])
@guard(anyone)
@blp.arguments(ProjectListArgs, location="query", as_kwargs=True)
@blp.response(200, ProjectPageSchema)
def list_projects(**args):
    """Projects the caller may see, with the site's filters; most recently changed first.

    Anonymous callers get public projects. Signed in, the list also holds the projects of
    the caller's organisations, those they are a member or the client of, and for the park
    office those shown to the park. Rows the caller sees only the public face of have
    `full_view` false and withhold the client and milestones."""
    # The caller's page is kept until any project's next commit (the site's lists do the same),
    # or queries.LIST_CACHE_SECONDS for the names of organisations in it.
    key = cache_key("projects", "api-list", current_user.get_id() or "anonymous",
                    select_locale(), park_today(), arguments_digest())
    body = remember(key, lambda: current_app.json.dumps(
        ProjectPageSchema().dump(_project_page(args))), timeout=queries.LIST_CACHE_SECONDS)
    return current_app.response_class(body, mimetype="application/json")


def _project_page(args: dict) -> dict:
    organisation = None
    if args.get("organisation"):
        organisation = found_or_404(organisation_by_slug(args["organisation"]))
    today = park_today()
    # Counting every project the caller may see costs more than the page on a large park:
    # the total is keyed by the caller and every filter, and may be a minute old.
    filters = list_filters()
    count_key = ("api-projects", current_user.get_id() or "anonymous",
                 organisation.id if organisation else "", repr(filters), today)
    page = paginate(queries.projects_query(
        current_user, organisation=organisation, filters=filters, today=today,
        with_public=True,
    ).options(selectinload(Project.members)), count_key=count_key)
    ids = [project.id for project in page.items]
    stages = queries.current_stages(ids)
    overdue = queries.overdue_counts(ids, today)
    rows = []
    for project in page.items:
        full = allowed(can_view_project, project)
        current = stages.get(project.id)
        rows.append(Shown(
            project, full_view=full, client=project.client if full else None,
            current_stage_status=current.status if current else None,
            overdue_milestones=overdue.get(project.id, 0) if full else None,
        ))
    page.items = rows
    return page_body(page)


@blp.route("/projects/<int:project_id>", methods=["GET"])
@guard(anyone)
@blp.response(200, ProjectSchema)
def get_project(project_id: int):
    """One project with its stages.

    Those on the project (the firm, its members, the client; the park office for projects
    shown to the park) see it whole; anyone sees a public project's public face."""
    return _project_as_seen(_visible_project(project_id))


@blp.route("/projects", methods=["POST"])
@guard(signed_in)
@blp.arguments(NewProjectArgs)
@blp.response(201, ProjectSchema)
def create_project(args: dict):
    """Start a project of one of the caller's organisations.

    Its stages come from the lifecycle `template`; the first one starts and the caller
    becomes the project's lead."""
    firm = organisation_by_slug(args["organisation"])
    if firm is None:
        raise DomainError(NOT_A_CHOICE, "organisation")
    authorize(can_create_project, firm)
    project = services.create_project(current_user, firm, template=args["template"],
                                      **_details(args, firm))
    return _project_as_seen(project_or_404(project.id))


@blp.route("/projects/<int:project_id>", methods=["PATCH"])
@guard(signed_in)
@blp.arguments(ProjectChangesArgs)
@blp.response(200, ProjectSchema)
def update_project(args: dict, project_id: int):
    """Change a project's details (the project lead and the firm's managers).

    Send the `version` you read; fields left out keep their values. If someone saved in
    between, the answer is 409 and nothing changes: read the project again."""
    project = project_or_404(project_id)
    authorize(can_edit_project, project)
    services.update_project(current_user, project, expected_version=args["version"],
                            **_details(args, project.firm, keep=project))
    return _project_as_seen(project_or_404(project_id))


# Stage moves --------------------------------------------------------------------------------


def _move(project_id: int, stage_id: int, action: StageAction, args: dict):
    project = project_or_404(project_id)
    # As on the site: seeing the project is enough to ask; the workflow refuses what the
    # caller's role or the stage's state does not allow.
    authorize(can_view_project, project)
    stage = stage_of(project, stage_id)
    workflow.move_stage(current_user, stage, action, expected_version=args["version"],
                        comment=args["comment"])
    return _project_as_seen(project_or_404(project_id))


@blp.route("/projects/<int:project_id>/stages/<int:stage_id>/advance", methods=["POST"])
@guard(signed_in)
@blp.arguments(AdvanceArgs)
@blp.response(200, ProjectSchema)
def advance_stage(args: dict, project_id: int, stage_id: int):
    """Start, submit or skip a stage; answers the project as it is afterwards.

    start and submit are for the people working on the project (submitting needs the
    required deliverables); skip is for the lead and the firm's managers and needs a comment.
    Send the stage's `version`: a stale one, or a move the stage's state does not allow,
    gets 409."""
    return _move(project_id, stage_id, StageAction(args["action"]), args)


@blp.route("/projects/<int:project_id>/stages/<int:stage_id>/approve", methods=["POST"])
@guard(signed_in)
@blp.arguments(DecisionArgs)
@blp.response(200, ProjectSchema)
def approve_stage(args: dict, project_id: int, stage_id: int):
    """Decide on a stage awaiting approval: approve it, or return it with a comment.

    For the project lead and the client. Approving starts the next stage (or completes the
    project after the last). Send the stage's `version`: a stale one gets 409."""
    return _move(project_id, stage_id, StageAction(args["action"]), args)


# Milestones ---------------------------------------------------------------------------------


@blp.route("/projects/<int:project_id>/milestones", methods=["GET"])
@guard(anyone)
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(MilestoneSchema))
def list_milestones(project_id: int, **_args):
    """A project's milestones, soonest due first (for those who see the project whole)."""
    project = found_or_404(queries.project_for_ip(project_id))
    authorize(can_view_project, project)
    return page_body(paginate(queries.milestones_query(project)))


@blp.route("/projects/<int:project_id>/milestones", methods=["POST"])
@guard(signed_in)
@blp.arguments(NewMilestoneArgs)
@blp.response(201, MilestoneSchema)
def create_milestone(args: dict, project_id: int):
    """Add a milestone (the people working on the project and the firm's managers)."""
    project = project_or_404(project_id)
    authorize(can_contribute, project)
    return services.add_milestone(current_user, project, name=args["name"],
                                  due_on=args["due_on"])


# IP records ---------------------------------------------------------------------------------


def _ip_as_seen(ip_record, full_view: bool):
    if full_view:
        return Shown(ip_record, full_view=True)
    return Shown(ip_record, full_view=False, filed_on=None, expires_on=None,
                  renewal_due_on=None, owners=None, notes=None)


@blp.route("/projects/<int:project_id>/ip-records", methods=["GET"])
@guard(anyone)
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(IpRecordSchema))
def list_ip_records(project_id: int, **_args):
    """A project's IP records: all of them for those on the project; for a public project,
    anyone sees its granted rights (already published by the offices)."""
    project = found_or_404(queries.project_for_ip(project_id))
    authorize(can_view_ip_records, project)
    full_view = allowed(can_view_project, project)
    page = paginate(queries.ip_records_query(project, public_only=not full_view))
    page.items = [_ip_as_seen(ip_record, full_view) for ip_record in page.items]
    return page_body(page)


@blp.route("/projects/<int:project_id>/ip-records", methods=["POST"])
@guard(signed_in)
@blp.arguments(NewIpRecordArgs)
@blp.response(201, IpRecordSchema)
def create_ip_record(args: dict, project_id: int):
    """Record a design patent, utility model, invention patent, copyright or trademark
    (the project lead and the firm's managers). Filed records need their filing date and
    application number, granted ones their grant date."""
    project = found_or_404(queries.project_for_ip(project_id))
    authorize(can_edit_ip_records, project)
    if args["owners"] is None:
        args["owners"] = project.firm.name
    ip_record = ip.create_ip_record(current_user, project, **args)
    return _ip_as_seen(ip_record, full_view=True)

