"""Forms for the park office's tenant screens: tenants, tenancy status, leases, buildings, units."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from park.accounts.forms import web_address
from park.accounts.models import ORG_KIND_LABELS, OrgKind
from park.core.fields import NumberInput, WholeNumberInput, date_field, notes_field
from park.tenants.models import UNIT_STATUS_LABELS, TenancyStatus, Unit, UnitStatus

MAX_RENT = 100_000_000


class TenantForm(FlaskForm):
    name = StringField(
        _l("Organisation name"),
        validators=[
            DataRequired(message=_l("Please enter the organisation's name.")),
            Length(min=2, max=200, message=_l("An organisation name needs between %(min)d "
                                              "and %(max)d characters.")),
        ],
    )
    name_zh = StringField(
        _l("Organisation name in Chinese"),
        validators=[Optional(), Length(max=200, message=_l("At most %(max)d characters."))],
        render_kw={"lang": "zh-CN"},
    )
    kind = SelectField(
        _l("Kind of organisation"),
        choices=[SelectChoice(kind.value, label) for kind, label in ORG_KIND_LABELS.items()],
        default=OrgKind.DESIGN_FIRM.value,
        validators=[InputRequired(message=_l("Please choose what kind of organisation it is."))],
    )
    website = URLField(
        _l("Website"),
        validators=[Optional(), Length(max=255, message=_l("At most %(max)d characters.")),
                    web_address],
    )
    notes = notes_field()
    submit = SubmitField(_l("Add tenant"))


class TrackTenantForm(FlaskForm):
    """The one-button "follow as prospective tenant" form: the CSRF token is its content."""

    submit = SubmitField(_l("Follow as prospective tenant"))


class StatusChangeForm(FlaskForm):
    """Move a tenancy to `status` on the date `on`; the page shows one per allowed move."""

    status = HiddenField(validators=[InputRequired()])
    on = date_field(_l("On"))
    submit = SubmitField(_l("Change status"))

    def target_status(self) -> TenancyStatus | None:
        try:
            return TenancyStatus(self.status.data)
        except ValueError:
            return None

    def for_status(self, status: TenancyStatus) -> StatusChangeForm:
        """Give the date field an id of its own: the page holds one such form per status."""
        self.status.data = status.value
        self.on.id = self.on.label.field_id = f"on-{status.value}"
        return self


class TenancyForm(FlaskForm):
    signed_on = date_field(_l("Signed on"), required=False)
    settled_on = date_field(_l("Settled on"), required=False)
    exited_on = date_field(_l("Exited on"), required=False)
    notes = notes_field()
    submit = SubmitField(_l("Save tenancy"))


def _rent_field():
    return WholeNumberInput(
        _l("Monthly rent (yuan)"),
        validators=[
            InputRequired(message=_l("Please enter the monthly rent.")),
            NumberRange(min=0, max=MAX_RENT,
                        message=_l("The rent must be between %(min)d and %(max)d yuan.")),
        ],
        render_kw={"min": 0, "step": 1, "inputmode": "numeric"},
    )


class LeaseDatesForm(FlaskForm):
    start_on = date_field(_l("From"))
    end_on = date_field(_l("Until (included)"))
    monthly_rent = _rent_field()
    submit = SubmitField(_l("Save lease"))


def unit_choices(units: list[Unit]) -> dict[str, list[SelectChoice]]:
    """Units grouped by building, for an <optgroup> per building."""
    groups: dict[str, list[SelectChoice]] = {}
    for unit in units:
        group = f"{unit.building.code} · {unit.building.name}"
        label = _l("%(unit)s · floor %(floor)d · %(area)s m²", unit=unit.label,
                   floor=unit.floor, area=f"{unit.area_m2:g}")
        groups.setdefault(group, []).append(SelectChoice(unit.id, label))
    return groups


class LeaseForm(LeaseDatesForm):
    """Give a tenant a unit: chosen from the lettable units, grouped by building."""

    unit = SelectField(_l("Unit"), coerce=int, choices=[],
                       validators=[InputRequired(message=_l("Please choose a unit."))])
    submit = SubmitField(_l("Give this unit"))


class UnitLeaseForm(LeaseDatesForm):
    """Let one unit: the tenant is chosen from those signed or settled."""

    organisation = SelectField(_l("Tenant"), coerce=int, choices=[],
                               validators=[InputRequired(message=_l("Please choose a tenant."))])
    submit = SubmitField(_l("Let this unit"))


class EndLeaseForm(FlaskForm):
    end_on = date_field(_l("Last day"))
    submit = SubmitField(_l("End lease"))


class BuildingForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(message=_l("Please enter a code.")),
                    Length(max=20, message=_l("At most %(max)d characters."))],
        description=_l("Short and unique, such as A or B2. Unit labels start with it."),
    )
    name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Please enter the name.")),
                    Length(max=120, message=_l("At most %(max)d characters."))],
    )
    name_zh = StringField(
        _l("Name in Chinese"),
        validators=[Optional(), Length(max=120, message=_l("At most %(max)d characters."))],
        render_kw={"lang": "zh-CN"},
    )
    floors = WholeNumberInput(
        _l("Floors above ground"),
        validators=[InputRequired(message=_l("Please enter the number of floors.")),
                    NumberRange(min=1, max=200,
                                message=_l("Between %(min)d and %(max)d floors."))],
        default=1,
        render_kw={"min": 1, "max": 200},
    )
    submit = SubmitField(_l("Save building"))


class EditBuildingForm(BuildingForm):
    """The code names the building in URLs and unit labels: it is not edited."""

    code = None


class UnitForm(FlaskForm):
    code = StringField(
        _l("Unit code"),
        validators=[DataRequired(message=_l("Please enter the unit's code.")),
                    Length(max=20, message=_l("At most %(max)d characters."))],
        description=_l("Such as 203 for the third unit on floor 2."),
    )
    floor = WholeNumberInput(
        _l("Floor"),
        validators=[InputRequired(message=_l("Please enter the floor.")),
                    NumberRange(min=0, max=200, message=_l("Between %(min)d and %(max)d."))],
        description=_l("0 is the ground floor."),
        render_kw={"min": 0},
    )
    area_m2 = NumberInput(
        _l("Area (m²)"),
        validators=[InputRequired(message=_l("Please enter the area.")),
                    NumberRange(min=0.1, max=1_000_000,
                                message=_l("The area must be between %(min)s and %(max)s m²."))],
        render_kw={"min": 0.1, "step": "any", "inputmode": "decimal"},
    )
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice(status.value, label)
                 for status, label in UNIT_STATUS_LABELS.items()],
        default=UnitStatus.AVAILABLE.value,
        validators=[InputRequired(message=_l("Please choose a status."))],
    )
    submit = SubmitField(_l("Save unit"))


class CsvImportForm(FlaskForm):
    file = FileField(
        _l("CSV file"),
        validators=[
            FileRequired(message=_l("Please choose a CSV file.")),
            FileAllowed(["csv", "txt"], message=_l("Please choose a .csv file.")),
        ],
        render_kw={"accept": ".csv,text/csv"},
    )
    valid_rows_only = BooleanField(
        _l("If some rows have problems, import the valid rows and skip the others"),
    )
    submit = SubmitField(_l("Check and import"))
