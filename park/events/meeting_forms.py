"""Forms for B2B meetings: a request for a meeting in a slot, and the one-button answers."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from park.core.fields import optional_id
from park.core.time import as_utc, to_park_time
from park.events.meetings import MESSAGE_MAX


def slot_value(slot: datetime) -> str:
    """A slot as the form sends it: its UTC start, to the minute."""
    return as_utc(slot).strftime("%Y-%m-%dT%H:%MZ")


def parse_slot(value: str) -> datetime | None:
    try:
        return as_utc(datetime.strptime(value, "%Y-%m-%dT%H:%MZ"))
    except (TypeError, ValueError):
        return None


class MeetingRequestForm(FlaskForm):
    requester = SelectField(_l("Your organisation"), coerce=optional_id,
                            validators=[InputRequired(message=_l("Please choose your "
                                                                 "organisation."))])
    invitee = SelectField(_l("Meet with"), coerce=optional_id,
                          validators=[InputRequired(message=_l("Please choose the organisation "
                                                               "to meet."))])
    starts_at = SelectField(_l("Slot"),
                            validators=[InputRequired(message=_l("Please choose a slot."))])
    message = TextAreaField(
        _l("Message"),
        validators=[Optional(), Length(max=MESSAGE_MAX, message=_l("At most %(max)d "
                                                                    "characters."))],
        render_kw={"rows": 3},
        description=_l("What you would like to talk about (optional)."),
    )
    submit = SubmitField(_l("Request meeting"))

    def set_choices(self, mine, others, slots, minutes: int, locale: str) -> None:
        self.requester.choices = [SelectChoice(o.id, o.display_name(locale)) for o in mine]
        self.invitee.choices = [SelectChoice("", _l("Choose an organisation…"))] + [
            SelectChoice(o.id, o.display_name(locale)) for o in others]
        self.starts_at.choices = [SelectChoice("", _l("Choose a slot…"))] + [
            SelectChoice(slot_value(slot), slot_label(slot, minutes)) for slot in slots]


def slot_label(slot: datetime, minutes: int) -> str:
    start = to_park_time(slot)
    return f"{start:%H:%M}–{start + timedelta(minutes=minutes):%H:%M}"
