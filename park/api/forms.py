"""The profile page's form for a new API token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from park.core.fields import TOO_LONG, date_field


class TokenForm(FlaskForm):
    name = StringField(
        _l("Token name"),
        description=_l("What the token is for, such as \"procurement system\"."),
        validators=[DataRequired(message=_l("Give the token a name.")),
                    Length(max=80, message=TOO_LONG)],
    )
    expires_on = date_field(
        _l("Expires on"), required=False,
        description=_l("Optional. The token works through this day; leave empty to keep it "
                       "until you revoke it."),
    )
    submit = SubmitField(_l("Create token"))
