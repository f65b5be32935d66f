"""The park office's tenant screens: tenants, leases, buildings, units and floor plans."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from park.accounts.forms import ConfirmForm
from park.accounts.models import Organisation, OrgKind
from park.accounts.services import organisation_by_slug
from park.core.authz import guard
from park.core.caching import arguments_digest, cache_key, shared_fragment
from park.core.errors import DomainError, found_or_404
from park.core.forms import enum_arg, show_domain_error
from park.core.i18n import select_locale
from park.core.pagination import paginate
from park.core.storage import read_limited
from park.core.templating import localised_name, render_fragment
from park.core.time import park_today
from park.extensions import db
from park.tenants import (
    exchange,
    models,  # noqa: F401  (the tables belong to the app's metadata)
    queries,
    services,
)
from park.tenants.forms import (
    BuildingForm,
    CsvImportForm,
    EditBuildingForm,
    EndLeaseForm,
    LeaseDatesForm,
    LeaseForm,
    StatusChangeForm,
    TenancyForm,
    TenantForm,
    TrackTenantForm,
    UnitForm,
    UnitLeaseForm,
    unit_choices,
)
from park.tenants.models import (
    Building,
    Lease,
    LeaseStatus,
    Occupancy,
    TenancyStatus,
    Unit,
    UnitStatus,
)
from park.tenants.policy import can_manage_space, can_manage_tenants
from park.tenants.queries import UnitOnPlan

bp = Blueprint("tenants", __name__)

# The stepper shows the usual path; "exited" joins it only once a tenant has left.
TENANCY_PATH = (TenancyStatus.PROSPECT, TenancyStatus.SIGNED, TenancyStatus.SETTLED)


def _tenant_or_404(slug: str) -> Organisation:
    return found_or_404(queries.tenant_by_slug(slug))


def _lease_or_404(lease_id: int) -> Lease:
    return found_or_404(queries.lease_by_id(lease_id))


def _building_or_404(code: str) -> Building:
    return found_or_404(queries.building_by_code(code))


def _unit_or_404(unit_id: int) -> Unit:
    return found_or_404(queries.unit_by_id(unit_id))




def _day_arg() -> date:
    """The day a page shows (?on=YYYY-MM-DD), today in the park when absent or malformed."""
    try:
        return date.fromisoformat(request.args.get("on", ""))
    except ValueError:
        return park_today()


# Tenants ------------------------------------------------------------------------------------


@bp.route("/admin/tenants")
@guard(can_manage_tenants)
def tenant_list():
    """The same for every park officer with the same filters and language on the same day:
    shared through the cache until a tenant, building, unit or lease changes."""
    key = cache_key("tenants", select_locale(), park_today(), arguments_digest())
    content = shared_fragment(key, _tenant_list_content, timeout=queries.LIST_CACHE_SECONDS)
    return render_template("tenants/tenant_list.html", content=content)


def _tenant_list_content() -> Markup:
    status = enum_arg(TenancyStatus, "status")
    search = request.args.get("q", "").strip()[:100]
    page = paginate(queries.tenants_query(status, search))
    today = park_today()
    return render_fragment(
        "tenants/_tenant_list.html",
        page=page,
        status=status,
        search=search,
        statuses=list(TenancyStatus),
        counts=queries.tenancy_counts_by_status(),
        space=queries.let_space_by_organisation([org.id for org in page.items], today),
    )


@bp.route("/admin/tenants/new", methods=["GET", "POST"])
@guard(can_manage_tenants)
def new_tenant():
    form = TenantForm()
    if form.validate_on_submit():
        try:
            organisation = services.create_tenant(
                current_user, name=form.name.data, name_zh=form.name_zh.data or "",
                kind=OrgKind(form.kind.data), website=form.website.data or "",
                notes=form.notes.data or "",
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("%(organisation)s is now followed as a prospective tenant.",
                    organisation=organisation.name), "success")
            return redirect(url_for("tenants.tenant_detail", slug=organisation.slug))
    status = 422 if form.errors else 200
    return render_template("tenants/tenant_new.html", form=form), status


@bp.route("/admin/tenants/track/<slug>", methods=["POST"])
@guard(can_manage_tenants)
def track_tenant(slug: str):
    organisation = found_or_404(organisation_by_slug(slug))
    if TrackTenantForm().validate_on_submit():
        try:
            services.track_as_tenant(current_user, organisation)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("%(organisation)s is now followed as a prospective tenant.",
                    organisation=organisation.name), "success")
            return redirect(url_for("tenants.tenant_detail", slug=organisation.slug))
    return redirect(url_for("accounts.organisation", slug=organisation.slug))


def _status_forms(organisation: Organisation, failed: StatusChangeForm | None = None):
    """One form per status the tenancy may move to; the failed one keeps its input."""
    today = park_today()
    forms = []
    for status in organisation.tenancy.next_statuses:
        if failed is not None and failed.target_status() is status:
            forms.append((status, failed.for_status(status)))
        else:
            forms.append((status, StatusChangeForm(formdata=None, on=today).for_status(status)))
    return forms


def _lease_form(formdata=True) -> LeaseForm:
    form = LeaseForm() if formdata else LeaseForm(formdata=None)
    form.unit.choices = unit_choices(queries.lettable_units())
    return form


def _tenant_page(organisation: Organisation, *, failed_status: StatusChangeForm | None = None,
                 lease_form: LeaseForm | None = None, status: int = 200):
    today = park_today()
    if lease_form is None:
        lease_form = _lease_form(formdata=False)
        lease_form.start_on.data = today
    return render_template(
        "tenants/tenant_detail.html",
        organisation=organisation,
        tenancy=organisation.tenancy,
        path=TENANCY_PATH,
        status_forms=_status_forms(organisation, failed_status),
        leases=queries.tenant_leases(organisation),
        members=queries.tenant_members(organisation),
        history=paginate(queries.tenant_history_query(organisation), per_page=10),
        lease_form=lease_form,
        end_form=EndLeaseForm(formdata=None, end_on=today),
        today=today,
    ), status


@bp.route("/admin/tenants/<slug>")
@guard(can_manage_tenants)
def tenant_detail(slug: str):
    return _tenant_page(_tenant_or_404(slug))


@bp.route("/admin/tenants/<slug>/status", methods=["POST"])
@guard(can_manage_tenants)
def change_status(slug: str):
    organisation = _tenant_or_404(slug)
    form = StatusChangeForm()
    target = form.target_status()
    if target is None:
        flash(_("Please choose one of the statuses offered."), "danger")
        return _tenant_page(organisation, status=422)
    if form.validate_on_submit():
        try:
            services.change_tenancy_status(current_user, organisation.tenancy, target,
                                           form.on.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("%(organisation)s is now %(status)s.", organisation=organisation.name,
                    status=target.label), "success")
            return redirect(url_for("tenants.tenant_detail", slug=organisation.slug))
    return _tenant_page(organisation, failed_status=form, status=422)


@bp.route("/admin/tenants/<slug>/edit", methods=["GET", "POST"])
@guard(can_manage_tenants)
def edit_tenancy(slug: str):
    organisation = _tenant_or_404(slug)
    tenancy = organisation.tenancy
    form = TenancyForm(obj=tenancy)
    if form.validate_on_submit():
        try:
            services.update_tenancy(
                current_user, tenancy, signed_on=form.signed_on.data,
                settled_on=form.settled_on.data, exited_on=form.exited_on.data,
                notes=form.notes.data or "",
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The tenancy of %(organisation)s has been saved.",
                    organisation=organisation.name), "success")
            return redirect(url_for("tenants.tenant_detail", slug=organisation.slug))
    status = 422 if form.errors else 200
    return render_template("tenants/tenancy_edit.html", form=form, organisation=organisation,
                           tenancy=tenancy), status


# Leases -------------------------------------------------------------------------------------


@bp.route("/admin/tenants/<slug>/leases", methods=["POST"])
@guard(can_manage_tenants)
def create_lease(slug: str):
    organisation = _tenant_or_404(slug)
    form = _lease_form()
    if form.validate_on_submit():
        unit = queries.unit_by_id(form.unit.data)
        try:
            lease = services.create_lease(
                current_user, organisation, unit, start_on=form.start_on.data,
                end_on=form.end_on.data, monthly_rent=form.monthly_rent.data,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Unit %(unit)s is let to %(organisation)s from %(start)s to %(end)s.",
                    unit=unit.label, organisation=organisation.name,
                    start=lease.start_on.isoformat(), end=lease.end_on.isoformat()), "success")
            return redirect(url_for("tenants.tenant_detail", slug=organisation.slug))
    return _tenant_page(organisation, lease_form=form, status=422)


def _lease_page(lease: Lease, *, form: LeaseDatesForm | None = None,
                end_form: EndLeaseForm | None = None, status: int = 200):
    return render_template(
        "tenants/lease_edit.html",
        lease=lease,
        form=form or LeaseDatesForm(formdata=None, obj=lease),
        end_form=end_form or EndLeaseForm(formdata=None, end_on=max(
            lease.start_on, min(park_today(), lease.end_on))),
    ), status


@bp.route("/admin/leases/<int:lease_id>/edit", methods=["GET", "POST"])
@guard(can_manage_tenants)
def edit_lease(lease_id: int):
    lease = _lease_or_404(lease_id)
    form = LeaseDatesForm(obj=lease)
    if form.validate_on_submit():
        try:
            services.update_lease(current_user, lease, start_on=form.start_on.data,
                                  end_on=form.end_on.data, monthly_rent=form.monthly_rent.data)
        except DomainError as error:
            show_domain_error(form, error)
            lease = _lease_or_404(lease_id)  # the refusal rolled the session back
        else:
            flash(_("The lease of %(unit)s has been saved.", unit=lease.unit.label), "success")
            return redirect(url_for("tenants.tenant_detail", slug=lease.organisation.slug))
    return _lease_page(lease, form=form, status=422 if form.errors else 200)


@bp.route("/admin/leases/<int:lease_id>/end", methods=["POST"])
@guard(can_manage_tenants)
def end_lease(lease_id: int):
    lease = _lease_or_404(lease_id)
    form = EndLeaseForm()
    if form.validate_on_submit():
        try:
            services.end_lease(current_user, lease, form.end_on.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The lease of %(unit)s ends on %(date)s.", unit=lease.unit.label,
                    date=lease.end_on.isoformat()), "success")
            return redirect(url_for("tenants.tenant_detail", slug=lease.organisation.slug))
    return _lease_page(lease, end_form=form, status=422)


@bp.route("/admin/leases/<int:lease_id>/cancel", methods=["POST"])
@guard(can_manage_tenants)
def cancel_lease(lease_id: int):
    lease = _lease_or_404(lease_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.cancel_lease(current_user, lease)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("The lease of %(unit)s has been cancelled.", unit=lease.unit.label), "info")
    return redirect(url_for("tenants.tenant_detail", slug=lease.organisation.slug))


# Buildings and floor plans ------------------------------------------------------------------


@bp.route("/admin/buildings")
@guard(can_manage_space)
def buildings():
    day = _day_arg()
    rows = queries.occupancy_by_building(day)
    return render_template("tenants/buildings.html", rows=rows,
                           park=queries.park_occupancy(rows), day=day, today=park_today())


@bp.route("/admin/buildings/new", methods=["GET", "POST"])
@guard(can_manage_space)
def new_building():
    form = BuildingForm()
    if form.validate_on_submit():
        try:
            building = services.create_building(current_user, code=form.code.data,
                                                name=form.name.data,
                                                name_zh=form.name_zh.data or "",
                                                floors=form.floors.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Building %(building)s has been added.", building=building.code), "success")
            return redirect(url_for("tenants.building", code=building.code))
    status = 422 if form.errors else 200
    return render_template("tenants/building_form.html", form=form, building=None), status


@bp.route("/admin/buildings/<code>/edit", methods=["GET", "POST"])
@guard(can_manage_space)
def edit_building(code: str):
    building = _building_or_404(code)
    form = EditBuildingForm(obj=building)
    if form.validate_on_submit():
        try:
            services.update_building(current_user, building, name=form.name.data,
                                     name_zh=form.name_zh.data or "", floors=form.floors.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Building %(building)s has been saved.", building=building.code), "success")
            return redirect(url_for("tenants.building", code=building.code))
    status = 422 if form.errors else 200
    return render_template("tenants/building_form.html", form=form, building=building), status


@dataclass
class UnitBox:
    """Where a unit sits in its floor's drawing (SVG user units) and the labels that fit."""

    place: UnitOnPlan
    x: float
    width: float
    code: str
    who: str  # the tenant's name when let, else the state
    area: str


PLAN_WIDTH = 1000
PLAN_GAP = 6
PLAN_MIN_WIDTH = 52
LABEL_CHAR_WIDTH = 9.0  # user units per Latin character at the plan's font size, rounded up
LABEL_PADDING = 16
# Words nearly every firm's name carries: a plan label leaves them out (the <title> keeps them).
NAME_NOISE_PREFIXES = ("Chongqing ", "重庆市", "重庆")
NAME_NOISE_SUFFIXES = (" Co., Ltd.", " Co. Ltd.", " Co., Ltd", " Ltd.", ", Ltd.", "股份有限公司",
                       "有限责任公司", "有限公司")


def short_name(name: str) -> str:
    """A firm's name without the city in front and the company form behind it."""
    for prefix in NAME_NOISE_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            name = name[len(prefix):]
            break
    for suffix in NAME_NOISE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    return name.strip(" ,")


def _text_width(text: str) -> float:
    # Chinese characters are about twice as wide as Latin letters.
    return LABEL_CHAR_WIDTH * sum(
        2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _fit(text: str, width: float) -> str:
    """`text` shortened with an ellipsis to fit `width` (the full text is in the <title>)."""
    room = width - LABEL_PADDING
    if _text_width(text) <= room:
        return text
    while text and _text_width(text + "…") > room:
        text = text[:-1]
    return text.rstrip() + "…" if text else ""


def plan_layout(plan: dict[int, list[UnitOnPlan]]) -> dict[int, list[UnitBox]]:
    """Lay each floor's units left to right, widths proportional to their area; the largest
    floor fills the drawing so that all floors share one scale."""
    largest = max((sum(p.unit.area_m2 for p in units) for units in plan.values()), default=0)
    layout: dict[int, list[UnitBox]] = {}
    for floor, units in plan.items():
        room = PLAN_WIDTH - PLAN_GAP * max(len(units) - 1, 0)
        x = 0.0
        boxes = []
        for place in units:
            width = max(room * place.unit.area_m2 / largest, PLAN_MIN_WIDTH)
            who = (short_name(localised_name(place.lease.organisation)) if place.lease
                   else str(place.occupancy.label))
            boxes.append(UnitBox(place, round(x, 1), round(width, 1),
                                 _fit(place.unit.code, width), _fit(who, width),
                                 _fit(f"{place.unit.area_m2:g} m²", width)))
            x += width + PLAN_GAP
        layout[floor] = boxes
    return layout


@bp.route("/admin/buildings/<code>")
@guard(can_manage_space)
def building(code: str):
    building = _building_or_404(code)
    day = _day_arg()
    plan = queries.floor_plan(building, day)
    return render_template(
        "tenants/building.html",
        building=building,
        day=day,
        today=park_today(),
        plan=plan,
        layout=plan_layout(plan),
        figures=queries.building_occupancy(building, day),
        occupancies=list(Occupancy),
        plan_width=PLAN_WIDTH,
    )


# Units --------------------------------------------------------------------------------------


@bp.route("/admin/buildings/<code>/units/new", methods=["GET", "POST"])
@guard(can_manage_space)
def new_unit(code: str):
    building = _building_or_404(code)
    form = UnitForm()
    if form.validate_on_submit():
        try:
            unit = services.create_unit(current_user, building, code=form.code.data,
                                        floor=form.floor.data, area_m2=form.area_m2.data,
                                        status=UnitStatus(form.status.data))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Unit %(unit)s has been added.", unit=unit.label), "success")
            return redirect(url_for("tenants.building", code=building.code))
    status = 422 if form.errors else 200
    return render_template("tenants/unit_form.html", form=form, building=building,
                           unit=None), status


def _unit_lease_form(formdata=True) -> UnitLeaseForm:
    form = UnitLeaseForm() if formdata else UnitLeaseForm(formdata=None)
    form.organisation.choices = [SelectChoice(org.id, localised_name(org))
                                 for org in queries.lease_takers()]
    return form


@bp.route("/admin/units/<int:unit_id>", methods=["GET", "POST"])
@guard(can_manage_space)
def unit_detail(unit_id: int):
    unit = _unit_or_404(unit_id)
    if request.method == "POST":
        # "Let this unit": the tenant is chosen on the form.
        form = _unit_lease_form()
        if form.validate_on_submit():
            organisation = db.session.get(Organisation, form.organisation.data)
            try:
                services.create_lease(current_user, organisation, unit,
                                      start_on=form.start_on.data, end_on=form.end_on.data,
                                      monthly_rent=form.monthly_rent.data)
            except DomainError as error:
                show_domain_error(form, error)
                unit = _unit_or_404(unit_id)  # the refusal rolled the session back
            else:
                flash(_("Unit %(unit)s is let to %(organisation)s.", unit=unit.label,
                        organisation=organisation.name), "success")
                return redirect(url_for("tenants.unit_detail", unit_id=unit.id))
        status = 422
    else:
        form = _unit_lease_form(formdata=False)
        form.start_on.data = park_today()
        status = 200
    today = park_today()
    leases = queries.unit_leases(unit)
    occupancy, current = queries.unit_state(unit, leases, today)
    return render_template("tenants/unit_detail.html", unit=unit, leases=leases,
                           occupancy=occupancy, current=current, form=form, today=today,
                           LeaseStatus=LeaseStatus), status


@bp.route("/admin/units/<int:unit_id>/edit", methods=["GET", "POST"])
@guard(can_manage_space)
def edit_unit(unit_id: int):
    unit = _unit_or_404(unit_id)
    form = UnitForm(data={"code": unit.code, "floor": unit.floor, "area_m2": unit.area_m2,
                          "status": unit.status.value})
    if form.validate_on_submit():
        try:
            services.update_unit(current_user, unit, code=form.code.data, floor=form.floor.data,
                                 area_m2=form.area_m2.data, status=UnitStatus(form.status.data))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Unit %(unit)s has been saved.", unit=unit.label), "success")
            return redirect(url_for("tenants.unit_detail", unit_id=unit.id))
    status = 422 if form.errors else 200
    return render_template("tenants/unit_form.html", form=form, building=unit.building,
                           unit=unit), status


# CSV import and export ---------------------------------------------------------------------


def _csv_download(filename: str, columns, rows):
    response = Response(stream_with_context(exchange.csv_lines(columns, rows)),
                        mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/admin/tenants/export.csv")
@guard(can_manage_tenants)
def export_tenants():
    return _csv_download(f"park-tenants-{park_today().isoformat()}.csv",
                         exchange.TENANT_COLUMNS, exchange.tenant_export_rows())


@bp.route("/admin/units/export.csv")
@guard(can_manage_space)
def export_units():
    return _csv_download(f"park-units-{park_today().isoformat()}.csv",
                         exchange.UNIT_COLUMNS, exchange.unit_export_rows())


@bp.route("/admin/tenants/import", methods=["GET", "POST"])
@guard(can_manage_tenants)
def import_tenants():
    return _csv_import("tenants", exchange.check_tenants, exchange.import_tenants,
                       url_for("tenants.tenant_list"))


@bp.route("/admin/units/import", methods=["GET", "POST"])
@guard(can_manage_space)
def import_units():
    return _csv_import("units", exchange.check_units, exchange.import_units,
                       url_for("tenants.buildings"))


def _csv_import(subject: str, check_file, import_rows, done_url: str):
    """Check the whole file; import it when every row is good, or the good rows when asked."""
    form = CsvImportForm()
    check = result = None
    status = 200
    if form.validate_on_submit():
        try:
            data = read_limited(form.file.data, current_app.config["IMPORT_MAX_BYTES"], "file")
            check = check_file(data)
            if check.valid or (form.valid_rows_only.data and check.rows):
                result = import_rows(current_user, check.rows)
                result.skipped = len(check.problems)
        except DomainError as error:
            show_domain_error(form, error)
            status = 422
        else:
            if result is not None and check.valid:
                flash(_("Imported %(total)d rows: %(created)d new, %(updated)d updated, "
                        "%(unchanged)d unchanged.", total=check.total, created=result.created,
                        updated=result.updated, unchanged=result.unchanged), "success")
                return redirect(done_url)
            if result is None:
                status = 422
    elif form.is_submitted():
        status = 422
    return render_template("tenants/csv_import.html", form=form, subject=subject, check=check,
                           result=result, columns=_IMPORT_COLUMNS[subject],
                           export_url=url_for(f"tenants.export_{subject}"),
                           done_url=done_url), status


_IMPORT_COLUMNS = {
    "tenants": (exchange.TENANT_COLUMNS, exchange.TENANT_REQUIRED),
    "units": (exchange.UNIT_COLUMNS, exchange.UNIT_REQUIRED),
}
