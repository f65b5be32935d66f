"""Forms for events: venues, an event's details (times typed in the park's zone), registering,
cancelling an event and checking people in."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from park.core.fields import TOO_LONG, ParsedInput, WholeNumberInput, enum_choices
from park.core.time import park_zone, to_park_time
from park.events.models import (
    AUDIENCE_LABELS,
    EVENT_KIND_LABELS,
    Audience,
    Event,
    EventKind,
    Venue,
)

DATETIME_MESSAGE = _l("Please enter a date and time, such as 2026-05-20 09:30.")



class ParkDateTimeField(ParsedInput, DateTimeLocalField):
    """A date and time in the park's zone (the browser's datetime-local input); `utc` gives
    the moment the services store. A space instead of the "T" is accepted too."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators,
                         format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
                         **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(DATETIME_MESSAGE) from None

    @property
    def utc(self) -> datetime | None:
        if self.data is None:
            return None
        return self.data.replace(tzinfo=park_zone()).astimezone(UTC)

    def show(self, value: datetime | None) -> None:
        """Fill the field from a stored UTC moment, in the park's zone."""
        self.data = to_park_time(value).replace(tzinfo=None) if value else None


def _park_datetime(label, required=True, **kwargs):
    validators = ([InputRequired(message=_l("Please enter the date and time."))] if required
                  else [Optional()])
    return ParkDateTimeField(label, validators=validators, **kwargs)


# Venues ------------------------------------------------------------------------------------


class VenueForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Please give the venue a name.")),
                    Length(min=2, max=120, message=_l("A name needs between %(min)d and "
                                                      "%(max)d characters."))],
    )
    name_zh = StringField(_l("Name in Chinese"),
                          validators=[Optional(), Length(max=120, message=TOO_LONG)])
    location = StringField(_l("Location"),
                           validators=[Optional(), Length(max=200, message=TOO_LONG)],
                           description=_l("Building and floor, so people find it."))
    capacity = WholeNumberInput(
        _l("Capacity"),
        validators=[InputRequired(message=_l("Please say how many people it holds.")),
                    NumberRange(min=1, max=100000,
                                message=_l("Between %(min)d and %(max)d people."))],
    )
    submit = SubmitField(_l("Add venue"))

    def details(self) -> dict:
        return {"name": self.name.data, "name_zh": self.name_zh.data or "",
                "location": self.location.data or "", "capacity": self.capacity.data}


class EditVenueForm(VenueForm):
    active = BooleanField(_l("In use"), description=_l("Only venues in use can take new "
                                                       "events."))
    submit = SubmitField(_l("Save venue"))

    def details(self) -> dict:
        return {**super().details(), "active": self.active.data}


# Events ------------------------------------------------------------------------------------


class EventForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(message=_l("Please give the event a title.")),
                    Length(min=2, max=200, message=_l("A title needs between %(min)d and "
                                                      "%(max)d characters."))],
    )
    title_zh = StringField(_l("Title in Chinese"),
                           validators=[Optional(), Length(max=200, message=TOO_LONG)])
    description = TextAreaField(_l("Description"),
                                validators=[Optional(), Length(max=8000, message=TOO_LONG)],
                                render_kw={"rows": 5})
    description_zh = TextAreaField(_l("Description in Chinese"),
                                   validators=[Optional(), Length(max=8000, message=TOO_LONG)],
                                   render_kw={"rows": 5})
    kind = SelectField(_l("Kind"), choices=enum_choices(EVENT_KIND_LABELS),
                       default=EventKind.MATCHMAKING_FAIR.value)
    venue = SelectField(_l("Venue"), coerce=int, validate_choice=True)
    starts_at = _park_datetime(_l("Starts"))
    ends_at = _park_datetime(_l("Ends"))
    capacity = WholeNumberInput(
        _l("Places"),
        validators=[InputRequired(message=_l("Please say how many people may come.")),
                    NumberRange(min=1, max=100000,
                                message=_l("Between %(min)d and %(max)d people."))],
        description=_l("At most the venue's capacity. When it is full, people join the "
                       "waitlist."),
    )
    audience = SelectField(_l("Open to"), choices=enum_choices(AUDIENCE_LABELS),
                           default=Audience.EVERYONE.value)
    registration_opens_at = _park_datetime(_l("Registration opens"), required=False,
                                           description=_l("Leave empty to open it now."))
    registration_closes_at = _park_datetime(_l("Registration closes"), required=False,
                                            description=_l("Leave empty to keep it open until "
                                                           "the event starts."))
    meetings_enabled = BooleanField(_l("Offer one-to-one meetings"))
    meeting_minutes = WholeNumberInput(
        _l("Minutes per meeting"), default=20,
        validators=[Optional(), NumberRange(min=5, max=240,
                                            message=_l("Between %(min)d and %(max)d minutes."))],
    )
    meeting_tables = WholeNumberInput(
        _l("Meeting tables"), default=10,
        validators=[Optional(), NumberRange(min=1, max=500,
                                            message=_l("Between %(min)d and %(max)d tables."))],
    )
    meetings_start_at = _park_datetime(_l("Meetings start"), required=False)
    meetings_end_at = _park_datetime(_l("Meetings end"), required=False)
    publish = BooleanField(_l("Publish now"),
                           description=_l("Otherwise it stays a draft that only organisers "
                                          "see."))
    submit = SubmitField(_l("Create event"))

    def set_venues(self, venues: list[Venue], locale: str) -> None:
        self._venues = {venue.id: venue for venue in venues}
        self.venue.choices = [
            SelectChoice(venue.id, _l("%(venue)s (%(count)d places)",
                                      venue=venue.display_name(locale), count=venue.capacity))
            for venue in venues
        ]

    def validate_meeting_minutes(self, field):
        if self.meetings_enabled.data and field.data is None:
            raise ValidationError(_l("Please say how long a meeting lasts."))

    def validate_meeting_tables(self, field):
        if self.meetings_enabled.data and field.data is None:
            raise ValidationError(_l("Please say how many tables there are."))

    def show_event(self, event: Event) -> None:
        """Fill the form from an event (on GET): times in the park's zone."""
        for name in ("title", "title_zh", "description", "description_zh", "capacity",
                     "meetings_enabled", "meeting_minutes", "meeting_tables"):
            getattr(self, name).data = getattr(event, name)
        self.kind.data = event.kind.value
        self.audience.data = event.audience.value
        self.venue.data = event.venue_id
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at",
                     "meetings_start_at", "meetings_end_at"):
            getattr(self, name).show(getattr(event, name))

    def details(self) -> dict:
        """The event's fields as the services take them (times in UTC)."""
        meetings = bool(self.meetings_enabled.data)
        return {
            "title": self.title.data.strip(),
            "title_zh": (self.title_zh.data or "").strip(),
            "description": self.description.data or "",
            "description_zh": self.description_zh.data or "",
            "kind": EventKind(self.kind.data),
            "venue": self._venues[self.venue.data],
            "starts_at": self.starts_at.utc,
            "ends_at": self.ends_at.utc,
            "capacity": self.capacity.data,
            "audience": Audience(self.audience.data),
            "registration_opens_at": self.registration_opens_at.utc,
            "registration_closes_at": self.registration_closes_at.utc,
            "meetings_enabled": meetings,
            "meeting_minutes": self.meeting_minutes.data or 20,
            "meeting_tables": self.meeting_tables.data or 10,
            "meetings_start_at": self.meetings_start_at.utc if meetings else None,
            "meetings_end_at": self.meetings_end_at.utc if meetings else None,
        }


class EditEventForm(EventForm):
    publish = None
    submit = SubmitField(_l("Save event"))


class CancelEventForm(FlaskForm):
    reason = TextAreaField(_l("Reason (sent to everyone registered)"),
                           validators=[Optional(), Length(max=1000, message=TOO_LONG)],
                           render_kw={"rows": 2})
    submit = SubmitField(_l("Cancel the event"))


# Registration and check-in -----------------------------------------------------------------


class RegisterForm(FlaskForm):
    organisation = SelectField(_l("On behalf of"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Register"))

    def set_organisations(self, organisations, locale: str) -> None:
        self.organisation.choices = [SelectChoice(0, _l("Only myself"))] + [
            SelectChoice(org.id, org.display_name(locale)) for org in organisations
        ]


class CheckInForm(FlaskForm):
    code = StringField(
        _l("Ticket code, name, e-mail or organisation"),
        validators=[DataRequired(message=_l("Scan a ticket or type a name to search.")),
                    Length(max=200, message=TOO_LONG)],
        description=_l("A scanned ticket is checked in at once; anything else searches the "
                       "registrations."),
    )
    submit = SubmitField(_l("Check in or search"))
