"""Forms for projects: details, stage moves and plans, deliverables, milestones, members, IP."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from park.accounts.models import Organisation
from park.core.fields import (
    TOO_LONG,
    VersionField,
    date_field,
    enum_choices,
    notes_field,
    optional_id,
)
from park.core.forms import day_arg, enum_arg, id_arg
from park.directory.models import Specialty
from park.extensions import db
from park.projects.lifecycle import (
    DEFAULT_TEMPLATE,
    DELIVERABLE_KIND_LABELS,
    STAGE_ACTION_LABELS,
    TEMPLATES,
    DeliverableKind,
    StageKind,
)
from park.projects.models import (
    IP_KIND_LABELS,
    IP_STATUS_LABELS,
    PROJECT_ROLE_LABELS,
    PROJECT_STATUS_LABELS,
    VISIBILITY_LABELS,
    IpStatus,
    ProjectRole,
    ProjectStatus,
    Visibility,
)
from park.projects.queries import ProjectFilters


def list_filters(*, with_stage: bool = True) -> ProjectFilters:
    """A project list's filters from the request's query string (the site's lists and the
    API's read the same ones); anything unreadable is simply not applied."""
    return ProjectFilters(
        q=request.args.get("q", "").strip()[:100],
        status=enum_arg(ProjectStatus, "status"),
        stage=enum_arg(StageKind, "stage") if with_stage else None,
        visibility=enum_arg(Visibility, "visibility"),
        specialty_id=id_arg("specialty"),
        client_id=id_arg("client"),
        overdue=request.args.get("overdue") == "1",
        completed_from=day_arg("completed_from"),
        completed_to=day_arg("completed_to"),
        achieved_from=day_arg("achieved_from"),
        achieved_to=day_arg("achieved_to"),
    )


class ProjectForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(message=_l("Please give the project a title.")),
                    Length(min=2, max=200, message=_l("A title needs between %(min)d and "
                                                      "%(max)d characters."))],
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[Optional(), Length(max=4000, message=TOO_LONG)],
        render_kw={"rows": 4},
        description=_l("What is being designed, for whom, and what counts as success."),
    )
    specialty = SelectField(_l("Specialty"), coerce=optional_id, validate_choice=True)
    client = SelectField(_l("Client"), coerce=optional_id, validate_choice=True,
                         description=_l("The manufacturer the project is for, if any. Its "
                                        "people can follow the project and approve gates."))
    partners = SelectMultipleField(
        _l("Academic partners"), coerce=int, validate_choice=True,
        description=_l("Institutes whose faculty or students take part."),
        render_kw={"size": 4},
    )
    template = SelectField(
        _l("Lifecycle"),
        choices=[SelectChoice(code, template.name) for code, template in TEMPLATES.items()],
        default=DEFAULT_TEMPLATE,
        description=_l("Which stages the project goes through; a stage can still be skipped "
                       "later."),
    )
    start_on = date_field(_l("Start"), required=False)
    target_end_on = date_field(_l("Target end"), required=False,
                               description=_l("With a start, the stages are planned evenly "
                                              "between the two; adjust each stage later."))
    visibility = SelectField(_l("Visibility"), choices=enum_choices(VISIBILITY_LABELS),
                             default=Visibility.PRIVATE.value)
    submit = SubmitField(_l("Create project"))

    def set_choices(self, specialties, clients, partners, locale: str) -> None:
        none = SelectChoice(None, _l("None"))
        self.specialty.choices = [none] + [SelectChoice(s.id, s.display_name(locale))
                                           for s in specialties]
        self.client.choices = [none] + [SelectChoice(o.id, o.display_name(locale))
                                        for o in clients]
        self.partners.choices = [SelectChoice(o.id, o.display_name(locale)) for o in partners]

    def details(self) -> dict:
        """The project's details as the services take them: chosen ids become the objects
        (already in the session since `set_choices` loaded them)."""
        get = db.session.get
        return dict(
            title=self.title.data, summary=self.summary.data or "",
            specialty=get(Specialty, self.specialty.data) if self.specialty.data else None,
            client=get(Organisation, self.client.data) if self.client.data else None,
            partners=[get(Organisation, partner) for partner in self.partners.data or []],
            start_on=self.start_on.data, target_end_on=self.target_end_on.data,
            visibility=Visibility(self.visibility.data),
        )


class EditProjectForm(ProjectForm):
    template = None
    status = SelectField(_l("Status"), choices=enum_choices(PROJECT_STATUS_LABELS),
                         default=ProjectStatus.ACTIVE.value)
    version = VersionField()
    submit = SubmitField(_l("Save project"))


class StageActionForm(FlaskForm):
    action = SelectField(_l("Action"), choices=enum_choices(STAGE_ACTION_LABELS),
                         validators=[InputRequired()])
    comment = TextAreaField(
        _l("Comment"),
        validators=[Optional(), Length(max=2000, message=TOO_LONG)],
        render_kw={"rows": 2},
        description=_l("Required when you request changes or skip a stage."),
    )
    version = VersionField()
    next = HiddenField()
    submit = SubmitField(_l("Apply"))


class StageForm(FlaskForm):
    planned_start_on = date_field(_l("Planned start"), required=False)
    planned_end_on = date_field(_l("Planned end"), required=False)
    owner = SelectField(_l("Stage owner"), coerce=optional_id, validate_choice=True)
    notes = notes_field()
    version = VersionField()
    submit = SubmitField(_l("Save stage"))


class DeliverableForm(FlaskForm):
    name = StringField(
        _l("Deliverable"),
        validators=[DataRequired(message=_l("Please name the deliverable.")),
                    Length(max=200, message=TOO_LONG)],
    )
    kind = SelectField(_l("Kind"), choices=enum_choices(DELIVERABLE_KIND_LABELS),
                       default=DeliverableKind.DOCUMENT.value)
    required = BooleanField(_l("Required before the stage can be submitted"))
    submit = SubmitField(_l("Add deliverable"))


class UploadForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(message=_l("Please choose a file."))],
                     description=_l("PDF, image, office document or ZIP, STEP, STL or DXF."))
    note = StringField(_l("What changed"), validators=[Optional(), Length(max=500,
                                                                          message=TOO_LONG)])
    submit = SubmitField(_l("Upload"))


class MilestoneForm(FlaskForm):
    name = StringField(
        _l("Milestone"),
        validators=[DataRequired(message=_l("Please name the milestone.")),
                    Length(max=200, message=TOO_LONG)],
    )
    due_on = date_field(_l("Due"))
    achieved_on = date_field(_l("Achieved"), required=False)
    submit = SubmitField(_l("Save milestone"))


class MemberForm(FlaskForm):
    email = StringField(
        _l("E-mail address"),
        validators=[DataRequired(message=_l("Please enter an e-mail address.")),
                    Email(message=_l("Please enter a valid e-mail address.")),
                    Length(max=254, message=TOO_LONG)],
    )
    role = SelectField(_l("Role"), choices=enum_choices(PROJECT_ROLE_LABELS),
                       default=ProjectRole.DESIGNER.value)
    submit = SubmitField(_l("Add member"))


class IpRecordForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=enum_choices(IP_KIND_LABELS))
    title = StringField(
        _l("Title"),
        validators=[DataRequired(message=_l("Please enter the title.")),
                    Length(min=2, max=200, message=_l("A title needs between %(min)d and "
                                                      "%(max)d characters."))],
    )
    application_number = StringField(_l("Application number"),
                                     validators=[Optional(), Length(max=64, message=TOO_LONG)])
    status = SelectField(_l("Status"), choices=enum_choices(IP_STATUS_LABELS),
                         default=IpStatus.DRAFTING.value)
    filed_on = date_field(_l("Filed on"), required=False)
    granted_on = date_field(_l("Granted on"), required=False)
    expires_on = date_field(_l("Expires on"), required=False)
    renewal_due_on = date_field(_l("Renewal due on"), required=False,
                                description=_l("The next annual fee or renewal deadline."))
    owners = StringField(_l("Rights holders"),
                         validators=[Optional(), Length(max=500, message=TOO_LONG)],
                         description=_l("The rights holders, as filed."))
    notes = notes_field()
    submit = SubmitField(_l("Save IP record"))
