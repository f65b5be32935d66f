"""Forms for signing up, signing in, invitations, passwords, profiles and organisations."""

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from park.accounts.models import ORG_KIND_LABELS, ORG_ROLE_LABELS, OrgRole

PASSWORD_MIN = 10
PASSWORD_MAX = 128


def _email_field(label=None):
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            DataRequired(message=_l("Please enter your e-mail address.")),
            Length(max=254, message=_l("An e-mail address can have at most %(max)d characters.")),
            Email(message=_l("Please enter a valid e-mail address."),
                  check_deliverability=False),
        ],
        render_kw={"autocomplete": "email"},
    )


def _new_password_fields(label=None):
    password = PasswordField(
        label or _l("Password"),
        validators=[
            DataRequired(message=_l("Please choose a password.")),
            Length(min=PASSWORD_MIN, max=PASSWORD_MAX,
                   message=_l("A password needs between %(min)d and %(max)d characters.")),
        ],
        render_kw={"autocomplete": "new-password"},
        description=_l("At least %(min)d characters.", min=PASSWORD_MIN),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(message=_l("Please repeat the password.")),
            EqualTo("password", message=_l("The two passwords do not match.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


def _name_field():
    return StringField(
        _l("Your name"),
        validators=[
            DataRequired(message=_l("Please enter your name.")),
            Length(max=120, message=_l("A name can have at most %(max)d characters.")),
        ],
        render_kw={"autocomplete": "name"},
    )


def _organisation_name_field():
    return StringField(
        _l("Organisation name"),
        validators=[
            DataRequired(message=_l("Please enter the organisation's name.")),
            Length(min=2, max=200,
                   message=_l("An organisation name needs between %(min)d and %(max)d "
                              "characters.")),
        ],
        render_kw={"autocomplete": "organization"},
    )


def _organisation_name_zh_field():
    return StringField(
        _l("Organisation name in Chinese"),
        validators=[Optional(), Length(max=200, message=_l("At most %(max)d characters."))],
    )


WEB_ADDRESS_MESSAGE = _l("Please enter a full web address, such as https://example.com.")


def web_address(form, field):
    """An http(s) URL only: other schemes (javascript:, data:) would end up in a link."""
    if not re.match(r"^https?://", field.data or "", re.IGNORECASE):
        raise ValidationError(WEB_ADDRESS_MESSAGE)
    URL(message=WEB_ADDRESS_MESSAGE)(form, field)


def language_choices():
    return [SelectChoice(code, label) for code, label in current_app.config["LANGUAGES"].items()]


class LanguageField(SelectField):
    def __init__(self, label=None, **kwargs):
        super().__init__(label or _l("Preferred language"), choices=[], **kwargs)

    def pre_validate(self, form):
        self.choices = language_choices()
        super().pre_validate(form)

    def iter_choices(self):
        self.choices = language_choices()
        return super().iter_choices()


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(message=_l("Please enter your password.")),
            Length(max=PASSWORD_MAX, message=_l("A password has at most %(max)d characters.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me logged in on this device"))
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


class SignUpForm(FlaskForm):
    name = _name_field()
    email = _email_field()
    password, confirm = _new_password_fields()
    locale = LanguageField()
    organisation_name = _organisation_name_field()
    organisation_name_zh = _organisation_name_zh_field()
    organisation_kind = SelectField(
        _l("Kind of organisation"),
        choices=[SelectChoice(kind.value, label) for kind, label in ORG_KIND_LABELS.items()],
        validators=[InputRequired(message=_l("Please choose what kind of organisation it is."))],
    )
    submit = SubmitField(_l("Create account"))


class InvitationSignUpForm(FlaskForm):
    name = _name_field()
    password, confirm = _new_password_fields()
    locale = LanguageField()
    submit = SubmitField(_l("Create account and join"))


class AcceptInvitationForm(FlaskForm):
    submit = SubmitField(_l("Join the organisation"))


class PasswordResetRequestForm(FlaskForm):
    email = _email_field()
    submit = SubmitField(_l("Send me a reset link"))


class PasswordResetForm(FlaskForm):
    password, confirm = _new_password_fields(_l("New password"))
    submit = SubmitField(_l("Set new password"))


class ProfileForm(FlaskForm):
    name = _name_field()
    locale = LanguageField()
    submit = SubmitField(_l("Save profile"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Please enter your current password.")),
                    Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = _new_password_fields(_l("New password"))
    submit = SubmitField(_l("Change password"))


class OrganisationForm(FlaskForm):
    name = _organisation_name_field()
    name_zh = _organisation_name_zh_field()
    website = URLField(
        _l("Website"),
        validators=[
            Optional(),
            Length(max=255, message=_l("At most %(max)d characters.")),
            web_address,
        ],
    )
    description = TextAreaField(
        _l("Description in English"),
        validators=[Optional(), Length(max=4000, message=_l("At most %(max)d characters."))],
        render_kw={"rows": 5},
    )
    description_zh = TextAreaField(
        _l("Description in Chinese"),
        validators=[Optional(), Length(max=4000, message=_l("At most %(max)d characters."))],
        render_kw={"rows": 5, "lang": "zh-CN"},
    )
    submit = SubmitField(_l("Save organisation"))


def role_choices():
    return [SelectChoice(role.value, label) for role, label in ORG_ROLE_LABELS.items()]


class InviteForm(FlaskForm):
    email = _email_field(_l("E-mail address of the person to invite"))
    role = SelectField(_l("Role"), choices=role_choices(), default=OrgRole.MEMBER.value,
                       validators=[InputRequired(message=_l("Please choose a role."))])
    submit = SubmitField(_l("Send invitation"))


class MemberRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=role_choices(),
                       validators=[InputRequired(message=_l("Please choose a role."))])
    submit = SubmitField(_l("Change role"))


class ConfirmForm(FlaskForm):
    """A button-only form: the CSRF token is its content."""

    submit = SubmitField(_l("Confirm"))
