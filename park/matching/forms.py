"""Forms of matching: a need, answering it, the moves of a match, a meeting proposal, the
conversion into a project, an academic profile, a team and its members."""

from __future__ import annotations

from datetime import datetime

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from park.core.fields import (
    TOO_LONG,
    VersionField,
    WholeNumberInput,
    date_field,
    enum_choices,
    optional_id,
)
from park.core.forms import enum_arg, id_arg
from park.directory.forms import CheckboxListField, term_choices
from park.events.forms import ParkDateTimeField
from park.matching.models import (
    ACADEMIC_POSITION_LABELS,
    AVAILABILITY_LABELS,
    DISCIPLINE_LABELS,
    NEED_VISIBILITY_LABELS,
    NeedStatus,
    NeedVisibility,
    Team,
)
from park.matching.queries import NeedFilters
from park.projects.forms import ProjectForm

BUDGET_MAX = 1_000_000_000
NEED_SCOPES = ("all", "mine", "invited")
NEED_QUERY_MAX = 100


def need_filters() -> NeedFilters:
    """The needs list's filters from the query string (the site's and the API's); anything
    unreadable is simply not applied."""
    scope = request.args.get("scope", "all")
    return NeedFilters(
        q=request.args.get("q", "").strip()[:NEED_QUERY_MAX],
        specialty_id=id_arg("specialty"),
        service_type_id=id_arg("service"),
        status=enum_arg(NeedStatus, "status"),
        scope=scope if scope in NEED_SCOPES else "all",
    )


class OrganisationChoiceMixin:
    """Forms whose organisation is chosen only when the user has several."""

    def set_organisations(self, organisations, locale: str) -> None:
        self.organisation.choices = [SelectChoice(o.id, o.display_name(locale))
                                     for o in organisations]
        if len(organisations) == 1 and not self.organisation.data:
            self.organisation.data = organisations[0].id


class NeedForm(OrganisationChoiceMixin, FlaskForm):
    organisation = SelectField(_l("Posted by"), coerce=optional_id, validate_choice=True)
    title = StringField(
        _l("Title"),
        validators=[DataRequired(message=_l("Please give the need a title.")),
                    Length(min=3, max=200, message=_l("A title needs between %(min)d and "
                                                      "%(max)d characters."))],
        description=_l("What you need made, in a line: \u201celectric motorcycle fairing: CMF "
                       "+ mould design + prototype\u201d."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=6000, message=TOO_LONG)],
        render_kw={"rows": 6},
        description=_l("The product, the volumes, materials and constraints, and what a good "
                       "answer looks like."),
    )
    service_types = CheckboxListField(_l("Services wanted"), choices=[])
    specialties = CheckboxListField(_l("Fields"), choices=[])
    budget_min = WholeNumberInput(
        _l("Budget from (yuan)"),
        validators=[Optional(), NumberRange(min=0, max=BUDGET_MAX, message=_l(
            "Please enter a number between %(min)s and %(max)s."))],
        render_kw={"min": 0, "inputmode": "numeric"},
    )
    budget_max = WholeNumberInput(
        _l("Budget up to (yuan)"),
        validators=[Optional(), NumberRange(min=0, max=BUDGET_MAX, message=_l(
            "Please enter a number between %(min)s and %(max)s."))],
        render_kw={"min": 0, "inputmode": "numeric"},
    )
    deadline = date_field(_l("Deadline"), required=False,
                          description=_l("When the work should be done."))
    visibility = RadioField(
        _l("Who sees it"), choices=enum_choices(NEED_VISIBILITY_LABELS),
        default=NeedVisibility.PARK.value,
        validators=[InputRequired(message=_l("Please choose who sees the need."))],
    )
    version = VersionField()
    submit = SubmitField(_l("Post need"))

    def set_terms(self, specialties, service_types, locale: str) -> None:
        self.specialties.choices = term_choices(specialties, locale)
        self.service_types.choices = term_choices(service_types, locale)

    def details(self, specialties, service_types) -> dict:
        """The need's details as the services take them; terms chosen by code."""
        by_code = {t.code: t for t in specialties}
        services_by_code = {t.code: t for t in service_types}
        return dict(
            title=self.title.data or "", description=self.description.data or "",
            specialties=[by_code[c] for c in self.specialties.data or [] if c in by_code],
            service_types=[services_by_code[c] for c in self.service_types.data or []
                           if c in services_by_code],
            budget_min=self.budget_min.data, budget_max=self.budget_max.data,
            deadline=self.deadline.data, visibility=NeedVisibility(self.visibility.data),
        )


class EditNeedForm(NeedForm):
    """A posted need keeps its owner: only its details change."""

    organisation = None
    submit = SubmitField(_l("Save need"))


class CloseNeedForm(FlaskForm):
    reason = TextAreaField(_l("Why close it?"),
                           validators=[Optional(), Length(max=1000, message=TOO_LONG)],
                           render_kw={"rows": 2})
    version = VersionField()
    submit = SubmitField(_l("Close need"))


class ReopenNeedForm(FlaskForm):
    version = VersionField()
    submit = SubmitField(_l("Reopen need"))


def provider_value(provider) -> str:
    """A provider in a form: "team:ID" or "org:ID"."""
    return f"team:{provider.id}" if isinstance(provider, Team) \
        else f"org:{provider.id}"


class InterestForm(FlaskForm):
    provider = SelectField(_l("Answer for"), validate_choice=True)
    message = TextAreaField(
        _l("Message to the owner"),
        validators=[Optional(), Length(max=1000, message=TOO_LONG)],
        render_kw={"rows": 3},
        description=_l("Why you fit: similar work, people, capacity, when you could start."),
    )
    submit = SubmitField(_l("Express interest"))

    def set_providers(self, organisations, teams, locale: str) -> None:
        self.provider.choices = (
            [SelectChoice(provider_value(o), o.display_name(locale)) for o in organisations]
            + [SelectChoice(provider_value(t), _l("Team: %(name)s", name=t.name))
               for t in teams]
        )


class CandidateForm(FlaskForm):
    """Shortlist or invite a provider from the ranked list."""

    provider = HiddenField()


class InviteForm(FlaskForm):
    provider = SelectField(_l("Invite"), validate_choice=True)
    submit = SubmitField(_l("Invite"))


class MatchMoveForm(FlaskForm):
    version = VersionField()
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=1000, message=TOO_LONG)],
                         render_kw={"rows": 2})


class MeetingProposalForm(FlaskForm):
    slot = SelectField(_l("A slot at an event you both attend"), validate_choice=True)
    # Typed in the park's zone; `.utc` gives the moment the service takes.
    starts_at = ParkDateTimeField(
        _l("Or a time"), validators=[Optional()],
        description=_l("Park time (Asia/Shanghai)."),
    )
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200, message=TOO_LONG)],
                        description=_l("Where you will meet, when not at an event."))
    message = TextAreaField(_l("Message"),
                            validators=[Optional(), Length(max=1000, message=TOO_LONG)],
                            render_kw={"rows": 3})
    version = VersionField()
    submit = SubmitField(_l("Propose meeting"))

    def set_slots(self, options, describe) -> None:
        self.slot.choices = [SelectChoice("", _l("No event: give a time and place below"))] + [
            SelectChoice(slot_value(o.event.id, o.starts_at), describe(o)) for o in options
        ]


def slot_value(event_id: int, starts_at: datetime) -> str:
    return f"{event_id}|{starts_at.isoformat()}"


class ConvertForm(ProjectForm):
    """The project a match becomes, pre-filled from the need; the client is the need's owner
    and is not chosen here."""

    client = None
    partners = None
    version = VersionField()
    need_version = VersionField()
    submit = SubmitField(_l("Create the project"))

    def set_choices(self, specialties, locale: str) -> None:  # noqa: D102
        none = SelectChoice(None, _l("None"))
        self.specialty.choices = [none] + [SelectChoice(s.id, s.display_name(locale))
                                           for s in specialties]


class AcademicProfileForm(OrganisationChoiceMixin, FlaskForm):
    organisation = SelectField(_l("Institution"), coerce=optional_id, validate_choice=True)
    position = RadioField(_l("You are"), choices=enum_choices(ACADEMIC_POSITION_LABELS),
                          validators=[InputRequired(message=_l("Please choose one."))])
    discipline = RadioField(_l("Discipline"), choices=enum_choices(DISCIPLINE_LABELS),
                            validators=[InputRequired(message=_l("Please choose one."))])
    skills = StringField(
        _l("Skills"), validators=[Optional(), Length(max=500, message=TOO_LONG)],
        description=_l("Separated by commas: \u201cclay modelling, CMF, Alias surfacing\u201d."),
    )
    availability = SelectField(_l("Availability"), choices=enum_choices(AVAILABILITY_LABELS))
    bio = TextAreaField(_l("About you"),
                        validators=[Optional(), Length(max=2000, message=TOO_LONG)],
                        render_kw={"rows": 4})
    listed = BooleanField(_l("Show me to firms looking for team members"), default=True)
    submit = SubmitField(_l("Save profile"))


class TeamForm(OrganisationChoiceMixin, FlaskForm):
    organisation = SelectField(
        _l("Run from"), coerce=optional_id, validate_choice=True,
        description=_l("The firm, lab or institute that takes on the team's projects."))
    name = StringField(_l("Team name"),
                       validators=[DataRequired(message=_l("Please give the team a name.")),
                                   Length(min=2, max=120, message=_l(
                                       "A name needs between %(min)d and %(max)d characters."))])
    description = TextAreaField(_l("What the team does"),
                                validators=[Optional(), Length(max=4000, message=TOO_LONG)],
                                render_kw={"rows": 4})
    service_types = CheckboxListField(_l("Services"), choices=[])
    specialties = CheckboxListField(_l("Fields"), choices=[])
    listed = BooleanField(_l("List the team in the directory"), default=True)
    discipline = RadioField(_l("Your discipline on the team"),
                            choices=enum_choices(DISCIPLINE_LABELS),
                            validators=[InputRequired(message=_l("Please choose one."))])
    role = StringField(_l("Your role on the team"),
                       validators=[Optional(), Length(max=80, message=TOO_LONG)],
                       description=_l("\u201cCMF lead\u201d, \u201cstructural engineer\u201d..."))
    submit = SubmitField(_l("Form team"))

    def set_terms(self, specialties, service_types, locale: str) -> None:
        self.specialties.choices = term_choices(specialties, locale)
        self.service_types.choices = term_choices(service_types, locale)

    def terms(self, specialties, service_types) -> dict:
        by_code = {t.code: t for t in specialties}
        services_by_code = {t.code: t for t in service_types}
        return dict(
            specialties=[by_code[c] for c in self.specialties.data or [] if c in by_code],
            service_types=[services_by_code[c] for c in self.service_types.data or []
                           if c in services_by_code],
        )


class EditTeamForm(TeamForm):
    organisation = None
    discipline = None
    role = None
    submit = SubmitField(_l("Save team"))


class TeamMemberForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(message=_l("Please enter an e-mail address.")),
                    Email(message=_l("Please enter a valid e-mail address."),
                          check_deliverability=False),
                    Length(max=254, message=TOO_LONG)],
        description=_l("Of someone already in Park: an institute artist, a firm engineer."),
    )
    discipline = RadioField(_l("Discipline"), choices=enum_choices(DISCIPLINE_LABELS),
                            validators=[InputRequired(message=_l("Please choose one."))])
    role = StringField(_l("Role"), validators=[Optional(), Length(max=80, message=TOO_LONG)])
    submit = SubmitField(_l("Add to team"))
