"""Forms of the directory: the search's query string, the profile editor, the contact request
and the taxonomy terms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
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
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from park.directory.models import PROVIDER_KINDS, ServiceType, Specialty
from park.directory.queries import MAX_SELECTED, SORTS, DirectoryFilters
from park.directory.services import CAPACITY_MAX, MESSAGE_MAX

# The search -----------------------------------------------------------------------------------

SORT_LABELS = {
    "name": _l("Alphabetical"),
    "newest": _l("Newest first"),
    "in_park": _l("In the park first"),
}

QUERY_MAX = 100


def _codes(args: MultiDict, name: str) -> tuple[str, ...]:
    values = (value.strip() for value in args.getlist(name))
    return tuple(dict.fromkeys(v for v in values if v and len(v) <= 40))[:MAX_SELECTED]


def search_filters(args: MultiDict) -> DirectoryFilters:
    """The search's filters from a query string; values that make no sense are dropped, since a
    shared or bookmarked link should still show a page rather than an error."""
    kind_values = {kind.value: kind for kind in PROVIDER_KINDS}
    sort = args.get("sort", "name")
    return DirectoryFilters(
        q=" ".join(args.get("q", "").split())[:QUERY_MAX],
        specialties=_codes(args, "specialty"),
        services=_codes(args, "service"),
        kinds=tuple(dict.fromkeys(kind_values[v] for v in args.getlist("kind")
                                  if v in kind_values)),
        in_park=tuple(v for v in ("yes", "no") if v in args.getlist("in_park")),
        sort=sort if sort in SORTS else "name",
    )


# The profile ----------------------------------------------------------------------------------


class CheckboxListField(SelectMultipleField):
    """Several choices shown as checkboxes; the template draws them in a fieldset."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        known = {choice.value for choice in self.choices or []}
        if any(value not in known for value in self.data or []):
            raise ValidationError(_l("Please choose only from the list."))


class ProfileForm(FlaskForm):
    listed = BooleanField(
        _l("Show us in the directory"),
        description=_l("Anyone can then find your organisation in the public directory."),
    )
    specialties = CheckboxListField(_l("Specialties"), choices=[])
    service_types = CheckboxListField(_l("Services"), choices=[])
    capacity = IntegerField(
        _l("Projects you can take on at once"),
        validators=[
            InputRequired(message=_l("Please enter a number.")),
            NumberRange(min=0, max=CAPACITY_MAX,
                        message=_l("Please enter a number between %(min)s and %(max)s.")),
        ],
        render_kw={"min": 0, "max": CAPACITY_MAX},
    )
    contact_name = StringField(
        _l("Contact person"),
        validators=[Optional(), Length(max=120, message=_l("At most %(max)d characters."))],
        render_kw={"autocomplete": "name"},
    )
    contact_email = EmailField(
        _l("Contact e-mail address"),
        validators=[
            Optional(),
            Length(max=254, message=_l("At most %(max)d characters.")),
            Email(message=_l("Please enter a valid e-mail address."),
                  check_deliverability=False),
        ],
        description=_l("Contact requests are sent here as well as to your owners and "
                       "managers."),
    )
    contact_phone = StringField(
        _l("Contact phone"),
        validators=[
            Optional(),
            Length(max=40, message=_l("At most %(max)d characters.")),
            Regexp(r"^[0-9+()\-.\s/]*$",
                   message=_l("Please use digits, spaces and + ( ) - only.")),
        ],
        render_kw={"autocomplete": "tel"},
    )
    logo = FileField(
        _l("New logo"),
        description=_l("A PNG, JPEG or WebP image of at most 2 MB; a square one looks best."),
        render_kw={"accept": "image/png,image/jpeg,image/webp"},
    )
    remove_logo = BooleanField(_l("Remove the current logo"))
    submit = SubmitField(_l("Save directory profile"))


def term_choices(terms: list[Specialty] | list[ServiceType], locale: str) -> list[SelectChoice]:
    return [SelectChoice(term.code, term.display_name(locale)) for term in terms]


def profile_form(organisation, specialties: list[Specialty], service_types: list[ServiceType],
                 locale: str) -> ProfileForm:
    profile = organisation.profile
    data = {"capacity": 0}
    if profile is not None:
        data = {
            "listed": profile.listed,
            "capacity": profile.capacity,
            "contact_name": profile.contact_name,
            "contact_email": profile.contact_email,
            "contact_phone": profile.contact_phone,
            "specialties": [term.code for term in profile.specialties],
            "service_types": [term.code for term in profile.service_types],
        }
    form = ProfileForm(data=data)
    form.specialties.choices = term_choices(specialties, locale)
    form.service_types.choices = term_choices(service_types, locale)
    return form


# Contact requests -----------------------------------------------------------------------------


class ContactRequestForm(FlaskForm):
    # Left out, it means the sender's first manufacturer: most people belong to only one.
    requester = SelectField(_l("On behalf of"), coerce=int, choices=[],
                            validators=[Optional()])
    message = TextAreaField(
        _l("Your message"),
        validators=[
            DataRequired(message=_l("Please write a short message.")),
            Length(max=MESSAGE_MAX, message=_l("At most %(max)d characters.")),
        ],
        description=_l("Say what you are looking for; the provider answers by e-mail or phone."),
        render_kw={"rows": 5, "maxlength": MESSAGE_MAX},
    )
    submit = SubmitField(_l("Send contact request"))


def contact_form(requesters, locale: str) -> ContactRequestForm:
    form = ContactRequestForm()
    form.requester.choices = [SelectChoice(org.id, org.display_name(locale))
                              for org in requesters]
    if form.requester.data is None and requesters:
        form.requester.data = requesters[0].id
    return form


# Taxonomies -----------------------------------------------------------------------------------


class TermForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(message=_l("Please enter a code.")),
            Length(min=2, max=40, message=_l("A code needs between %(min)d and %(max)d "
                                             "characters.")),
            Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$",
                   message=_l("Use lower-case letters, digits and single hyphens only.")),
        ],
        description=_l("Stable, used in links: lower-case letters, digits and hyphens."),
    )
    name = StringField(
        _l("Name in English"),
        validators=[DataRequired(message=_l("Please enter the English name.")),
                    Length(max=80, message=_l("At most %(max)d characters."))],
    )
    name_zh = StringField(
        _l("Name in Chinese"),
        validators=[DataRequired(message=_l("Please enter the Chinese name.")),
                    Length(max=80, message=_l("At most %(max)d characters."))],
        render_kw={"lang": "zh-CN"},
    )
    position = IntegerField(
        _l("Position"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=100000,
                                            message=_l("Please enter a number between "
                                                       "%(min)s and %(max)s."))],
        description=_l("Lower numbers come first."),
    )
    submit = SubmitField(_l("Save"))

