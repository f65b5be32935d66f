"""The event pages: the public calendar and event page; running events and venues (the park
office and organisers); registering, tickets with their QR code, and check-in at the door."""

from __future__ import annotations

import io
import re
from datetime import date

import segno
from babel.dates import format_skeleton, get_day_names
from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_time, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from park.accounts.forms import ConfirmForm
from park.core.authz import allowed, authorize, guard
from park.core.caching import cache_key, remember
from park.core.errors import DomainError, found_or_404
from park.core.forms import enum_arg, show_domain_error
from park.core.i18n import select_locale
from park.core.pagination import paginate
from park.core.policy import anyone, signed_in
from park.core.time import as_utc, now_utc, park_today, to_park_time
from park.dashboard.periods import period_from_args
from park.events import lists, registration, services
from park.events.forms import (
    CancelEventForm,
    CheckInForm,
    EditEventForm,
    EditVenueForm,
    EventForm,
    RegisterForm,
    VenueForm,
)
from park.events.models import (
    Event,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
    Venue,
)
from park.events.policy import (
    can_check_in,
    can_create_events,
    can_manage_event,
    can_manage_venues,
    can_register,
    can_view_event,
    can_view_registration,
)
from park.events.views import bp
from park.extensions import db

MONTH_ARG = re.compile(r"(\d{4})-(\d{2})")
TICKET_CODE = re.compile(r"[0-9a-f]{32}")


# Template helpers for these pages (prefixed so they cannot clash with other features').


def _locale() -> str:
    return str(get_locale() or "en")


@bp.app_template_filter("events_day")
def events_day(value, skeleton: str = "yMMMEd") -> str:
    """A park-local day, e.g. "Mon, Jun 1, 2026" / "2026年6月1日周一"."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = to_park_time(value)
    return format_skeleton(skeleton, value, locale=_locale())


@bp.app_template_filter("events_time")
def events_time(value) -> str:
    return format_time(to_park_time(value), "short") if value else ""


@bp.app_template_filter("events_moment")
def events_moment(value) -> str:
    """A day and time in the park's zone, e.g. "Tue, Dec 8, 2026, 6:00 PM"."""
    if value is None:
        return ""
    return _("%(day)s, %(time)s", day=events_day(value), time=events_time(value))


@bp.app_template_global("events_when")
def events_when(event: Event) -> str:
    """When an event runs, in the park's zone: one day with its hours, or first and last day."""
    starts, ends = to_park_time(event.starts_at), to_park_time(event.ends_at)
    if starts.date() == ends.date():
        return _("%(day)s, %(start)s–%(end)s", day=events_day(starts),
                 start=events_time(starts), end=events_time(ends))
    return _("%(start_day)s, %(start)s – %(end_day)s, %(end)s", start_day=events_day(starts),
             start=events_time(starts), end_day=events_day(ends), end=events_time(ends))


@bp.app_template_global("events_month_name")
def events_month_name(value: date) -> str:
    return format_skeleton("yMMMM", value, locale=_locale())


# Finding what a URL names -----------------------------------------------------------------


def event_or_404(event_id: int) -> Event:
    """A public event, or a draft for those who run it: to everyone else a draft is not there."""
    event = found_or_404(lists.event_by_id(event_id))
    if not allowed(can_view_event, event):
        abort(404)
    return event


def _managed_event(event_id: int) -> Event:
    event = event_or_404(event_id)
    authorize(can_manage_event, event)
    return event


def _registration_of(event: Event, registration_id: int | None) -> Registration:
    found = db.session.get(Registration, registration_id) if registration_id else None
    if found is None or found.event_id != event.id:
        abort(404)
    return found


# The public calendar ---------------------------------------------------------------------


def _month_arg(today: date) -> date:
    match = MONTH_ARG.fullmatch(request.args.get("month", ""))
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1970 <= year <= 2999 and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


@bp.route("/events")
@guard(anyone)
def calendar():
    kind = enum_arg(EventKind, "kind")
    today = park_today()
    context = {"kind": kind, "kinds": list(EventKind), "today": today,
               "locale": select_locale()}
    if request.args.get("view") == "list":
        past = request.args.get("when") == "past"
        page = paginate(lists.calendar_list_query(kind, past=past))
        return render_template("events/calendar.html", view="list", page=page, past=past,
                               **context)
    first = _month_arg(today)
    # The page's header needs only the month; its table comes rendered from the cache.
    return render_template("events/calendar.html", view="month",
                           grid=lists.MonthGrid(first, [], 0),
                           month_table=_month_table(first, today, kind, context["locale"]),
                           **context)


def _month_table(first: date, today: date, kind, locale: str) -> Markup:
    """The month's table of public events, the same for every visitor: rendered once per
    month, kind, day (today's mark), language and zone, then served from the cache until an
    event changes (the services drop it) or CALENDAR_CACHE_SECONDS pass."""
    key = cache_key(lists.CALENDAR_CACHE, first, today, kind.value if kind else "", locale,
                    current_app.config["PARK_TIMEZONE"])

    def render() -> str:
        grid = lists.month_grid(first, today, kind)
        short, wide = (get_day_names(width, locale=_locale())
                       for width in ("abbreviated", "wide"))
        return render_template("events/_month_table.html", grid=grid, locale=locale,
                               weekdays=[(short[i], wide[i]) for i in range(7)])

    html = remember(key, render, timeout=lists.CALENDAR_CACHE_SECONDS)
    return Markup(html)  # noqa: S704 (our own template's output, autoescaped as rendered)


# One event -------------------------------------------------------------------------------


def _register_form() -> RegisterForm:
    form = RegisterForm()
    form.set_organisations(lists.user_organisations(current_user), select_locale())
    return form


@bp.route("/events/<int:event_id>")
@guard(anyone)
def event(event_id: int):
    event = event_or_404(event_id)
    mine = position = register_form = None
    if current_user.is_authenticated:
        mine = lists.own_registration(current_user, event)
        position = registration.waitlist_position(mine) if mine else None
        if mine is None and allowed(can_register, event):
            register_form = _register_form()
            memberships = current_user.memberships
            if memberships:
                register_form.organisation.data = memberships[0].organisation_id
    return render_template(
        "events/event.html",
        event=event,
        locale=select_locale(),
        mine=mine,
        position=position,
        register_form=register_form,
        registration_open=registration.registration_open(event),
        opens_later=(event.status is EventStatus.PUBLISHED and event.registration_opens_at
                     is not None and as_utc(event.registration_opens_at) > now_utc()),
        audience_allows=(registration.audience_allows(event, current_user)
                         if current_user.is_authenticated else True),
        places_left=max(event.capacity - event.confirmed_count, 0),
        waitlisted=lists.waitlist_count(event),
        can_manage=allowed(can_manage_event, event),
        cancel_form=CancelEventForm(),
    )


# Running events (the park office and organisers) -----------------------------------------


@bp.route("/admin/events")
@guard(can_create_events)
def manage_events():
    status = enum_arg(EventStatus, "status")
    past = request.args.get("when") == "past"
    # Past events may be narrowed to a period (the dashboard's "events held" links here).
    period = period_from_args(request.args) if past and "period" in request.args else None
    start, end = period.bounds() if period else (None, None)
    page = paginate(lists.manage_events_query(status, past=past, start=start, end=end))
    return render_template(
        "events/manage.html",
        page=page,
        status=status,
        statuses=list(EventStatus),
        past=past,
        period=period,
        waitlisted=lists.waitlist_counts([event.id for event in page.items]),
        locale=select_locale(),
    )


def _event_form(form_class, event: Event | None = None):
    form = form_class()
    venues = lists.active_venues()
    if event is not None and event.venue not in venues:
        venues.append(event.venue)  # keep the current venue choosable (the service says why not)
    form.set_venues(venues, select_locale())
    return form


@bp.route("/admin/events/new", methods=["GET", "POST"])
@guard(can_create_events)
def new_event():
    form = _event_form(EventForm)
    if form.validate_on_submit():
        try:
            created = services.create_event(current_user, **form.details(),
                                            publish=form.publish.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            if created.status is EventStatus.PUBLISHED:
                flash(_("%(event)s is published.", event=created.title), "success")
            else:
                flash(_("%(event)s is saved as a draft. Publish it when it is ready.",
                        event=created.title), "success")
            return redirect(url_for("events.event", event_id=created.id))
    status = 422 if form.is_submitted() else 200
    return render_template("events/event_form.html", form=form, event=None), status


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@guard(signed_in)
def edit_event(event_id: int):
    event = _managed_event(event_id)
    form = _event_form(EditEventForm, event)
    if request.method == "GET":
        form.show_event(event)
    elif form.validate_on_submit():
        try:
            changes = services.update_event(current_user, event, **form.details())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            if not changes:
                flash(_("Nothing was changed."), "info")
            elif event.status is EventStatus.PUBLISHED and {"starts_at", "ends_at",
                                                             "venue"} & set(changes):
                flash(_("The event is saved, and everyone registered has been told of the "
                        "new time or place."), "success")
            else:
                flash(_("The event is saved."), "success")
            return redirect(url_for("events.event", event_id=event.id))
    status = 422 if form.is_submitted() else 200
    return render_template("events/event_form.html", form=form, event=event), status


@bp.route("/events/<int:event_id>/publish", methods=["POST"])
@guard(signed_in)
def publish_event(event_id: int):
    event = _managed_event(event_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.publish_event(current_user, event)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            flash(_("%(event)s is published: it is on the calendar and open for "
                    "registration.", event=event.title), "success")
    else:
        flash(_("Your form expired. Please submit it again."), "danger")
    return redirect(url_for("events.event", event_id=event.id))


@bp.route("/events/<int:event_id>/cancel", methods=["POST"])
@guard(signed_in)
def cancel_event(event_id: int):
    event = _managed_event(event_id)
    form = CancelEventForm()
    if form.validate_on_submit():
        try:
            services.cancel_event(current_user, event, form.reason.data or "")
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("%(event)s is cancelled. Everyone registered has been told.",
                    event=event.title), "success")
    elif form.reason.errors:
        flash(form.reason.errors[0], "danger")
    else:
        flash(_("Your form expired. Please submit it again."), "danger")
    return redirect(url_for("events.event", event_id=event.id))


# Venues ----------------------------------------------------------------------------------


@bp.route("/admin/venues", methods=["GET", "POST"])
@guard(can_manage_venues)
def venues():
    form = VenueForm()
    if form.validate_on_submit():
        try:
            venue = services.create_venue(current_user, **form.details())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("%(venue)s is added.", venue=venue.name), "success")
            return redirect(url_for("events.venues"))
    page = paginate(lists.venues_query())
    status = 422 if form.is_submitted() else 200
    return render_template("events/venues.html", form=form, page=page,
                           locale=select_locale()), status


@bp.route("/admin/venues/<int:venue_id>/edit", methods=["GET", "POST"])
@guard(can_manage_venues)
def edit_venue(venue_id: int):
    venue = found_or_404(db.session.get(Venue, venue_id))
    form = EditVenueForm(obj=venue)
    if form.validate_on_submit():
        try:
            services.update_venue(current_user, venue, **form.details())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(venue)s is saved.", venue=venue.name), "success")
            return redirect(url_for("events.venues"))
    status = 422 if form.is_submitted() else 200
    return render_template("events/venue_edit.html", form=form, venue=venue), status


# Registering ---------------------------------------------------------------------------------


@bp.route("/events/<int:event_id>/register", methods=["POST"])
@guard(signed_in)
def register(event_id: int):
    event = event_or_404(event_id)
    authorize(can_register, event)
    form = _register_form()
    if not form.validate_on_submit():
        if form.organisation.errors:
            flash(_("You can only register on behalf of your own organisation."), "danger")
        else:
            flash(_("Your form expired. Please submit it again."), "danger")
        return redirect(url_for("events.event", event_id=event.id))
    organisation = next((org for org in lists.user_organisations(current_user)
                         if org.id == form.organisation.data), None)
    try:
        mine = registration.register(current_user, event, organisation)
    except DomainError as error:
        flash(error.message, "danger")
    else:
        if mine.status is RegistrationStatus.CONFIRMED:
            flash(_("You are registered. Your ticket is ready."), "success")
        else:
            flash(_("The event is full: you are number %(position)d on the waitlist.",
                    position=registration.waitlist_position(mine)), "info")
    return redirect(url_for("events.event", event_id=event.id))


@bp.route("/events/<int:event_id>/registration/cancel", methods=["POST"])
@guard(signed_in)
def cancel_registration(event_id: int):
    event = event_or_404(event_id)
    mine = lists.own_registration(current_user, event)
    if not ConfirmForm().validate_on_submit():
        flash(_("Your form expired. Please submit it again."), "danger")
    elif mine is None:
        flash(_("You are not registered for this event."), "info")
    else:
        was_waiting = mine.status is RegistrationStatus.WAITLISTED
        try:
            registration.cancel_registration(current_user, mine)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("You have left the waitlist.") if was_waiting
                  else _("Your registration is cancelled and your place goes to the next "
                         "person."), "success")
    return redirect(url_for("events.event", event_id=event.id))


@bp.route("/my/events")
@guard(signed_in)
def my_registrations():
    page = paginate(lists.my_registrations_query(current_user))
    now = now_utc()
    return render_template(
        "events/my_registrations.html",
        page=page,
        positions=lists.waitlist_positions(page.items),
        past_ids={r.id for r in page.items if as_utc(r.event.ends_at) <= now},
        locale=select_locale(),
    )


# Tickets ------------------------------------------------------------------------------------


def _own_registration(registration_id: int) -> Registration:
    found = found_or_404(lists.registration_by_id(registration_id))
    authorize(can_view_registration, found)
    return found


@bp.route("/tickets/<int:registration_id>")
@guard(signed_in)
def ticket(registration_id: int):
    mine = _own_registration(registration_id)
    return render_template(
        "events/ticket.html",
        registration=mine,
        event=mine.event,
        position=registration.waitlist_position(mine),
        locale=select_locale(),
    )


@bp.route("/tickets/<int:registration_id>/qr.svg")
@guard(signed_in)
def ticket_qr(registration_id: int):
    mine = _own_registration(registration_id)
    if mine.status is not RegistrationStatus.CONFIRMED:
        abort(404)
    buffer = io.BytesIO()
    segno.make(mine.ticket_code, error="m").save(
        buffer, kind="svg", scale=8, border=4, dark="#000", light="#fff",
        title=_("Ticket %(code)s", code=mine.ticket_code), xmldecl=False)
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response


# The organisers' lists and check-in ---------------------------------------------------------


@bp.route("/events/<int:event_id>/registrations")
@guard(signed_in)
def registrations(event_id: int):
    event = _managed_event(event_id)
    show = (RegistrationStatus.WAITLISTED if request.args.get("show") == "waitlist"
            else RegistrationStatus.CONFIRMED)
    page = paginate(lists.event_registrations_query(event, show))
    checked_in, confirmed = lists.attendance(event)
    return render_template(
        "events/registrations.html",
        event=event,
        page=page,
        show=show,
        checked_in=checked_in,
        confirmed=confirmed,
        waitlisted=lists.waitlist_count(event),
        locale=select_locale(),
    )


def _check_in_and_tell(event: Event, found: Registration) -> None:
    try:
        registration.check_in(current_user, found)
    except DomainError as error:
        flash(error.message, "danger")
    else:
        flash(_("%(name)s is checked in.", name=found.user.name), "success")


@bp.route("/events/<int:event_id>/check-in", methods=["GET", "POST"])
@guard(signed_in)
def check_in(event_id: int):
    event = event_or_404(event_id)
    authorize(can_check_in, event)
    form = CheckInForm(formdata=request.form if request.method == "POST" else None)
    query = request.args.get("q", "").strip()[:200]
    if request.method == "POST":
        if "registration_id" in request.form:
            found = _registration_of(event, request.form.get("registration_id", type=int))
            if ConfirmForm().validate_on_submit():
                _check_in_and_tell(event, found)
            else:
                flash(_("Your form expired. Please submit it again."), "danger")
            return redirect(url_for("events.check_in", event_id=event.id,
                                    q=request.form.get("q") or None))
        if form.validate_on_submit():
            text = form.code.data.strip()
            found = registration.registration_by_ticket(event, text)
            if found is not None:
                _check_in_and_tell(event, found)
                return redirect(url_for("events.check_in", event_id=event.id))
            if TICKET_CODE.fullmatch(text.lower()):
                flash(_("No ticket for this event has the code %(code)s.", code=text),
                      "danger")
                return redirect(url_for("events.check_in", event_id=event.id))
            return redirect(url_for("events.check_in", event_id=event.id, q=text))
    checked_in, confirmed = lists.attendance(event)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "events/check_in.html",
        event=event,
        form=form,
        query=query,
        results=lists.search_registrations(event, query) if query else None,
        recent=lists.recent_check_ins(event),
        checked_in=checked_in,
        confirmed=confirmed,
        confirm_form=ConfirmForm(),
        locale=select_locale(),
    ), status
