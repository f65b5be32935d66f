"""Form fields every feature shares: dates, numbers and notes that fail with one clear,
translated message."""

from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l
from wtforms import DateField, FloatField, IntegerField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, StopValidation
from wtforms.widgets import HiddenInput

DATE_MESSAGE = _l("Please enter a date as YYYY-MM-DD.")
TOO_LONG = _l("At most %(max)d characters.")


def enum_choices(labels: dict) -> list[SelectChoice]:
    """Select choices from an enum's {member: label} table, valued by the members' values."""
    return [SelectChoice(member.value, label) for member, label in labels.items()]


def optional_id(value):
    """Coerce a select's value to an id; the empty choice means none."""
    return int(value) if value not in (None, "", "None") else None


def notes_field(label=None):
    return TextAreaField(
        label or _l("Notes"),
        validators=[Optional(), Length(max=4000, message=_l("At most %(max)d characters."))],
        render_kw={"rows": 4},
    )


class ParsedInput:
    """A field whose unreadable input shows one message, not also the range checks' ones;
    empty input is left to the required / optional validators."""

    def process_formdata(self, valuelist):
        if valuelist and not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata(valuelist)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
        super().pre_validate(form)


class DateInput(ParsedInput, DateField):
    """A date field whose parse error is one of ours, translated like every other message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(DATE_MESSAGE) from None


class WholeNumberInput(ParsedInput, IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Please enter a whole number.")) from None


class NumberInput(ParsedInput, FloatField):
    MESSAGE = _l("Please enter a number, such as 120 or 85.5.")

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(self.MESSAGE) from None
        if self.data is not None and not math.isfinite(self.data):  # "nan", "inf"
            self.data = None
            raise ValueError(self.MESSAGE)


def date_field(label, required=True, **kwargs):
    validators = ([InputRequired(message=_l("Please enter the date."))] if required
                  else [Optional()])
    return DateInput(label, validators=validators, **kwargs)


class VersionField(IntegerField):
    """The version of the object the page showed; the service refuses a save from an older
    one. Hidden, and never a field-level error of its own."""

    widget = HiddenInput()

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
