"""B2B meetings: the grid of slots and participants with the request form, answering and
cancelling a meeting, and each participant's personal agenda for the event."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from park.accounts.forms import ConfirmForm
from park.core.authz import authorize, guard
from park.core.errors import DomainError, found_or_404
from park.core.forms import show_domain_error
from park.core.i18n import select_locale
from park.core.policy import signed_in
from park.core.time import to_park_time
from park.events import meetings as service
from park.events.lists import event_by_id
from park.events.meeting_forms import MeetingRequestForm, parse_slot, slot_value
from park.events.models import Event, Meeting
from park.events.policy import (
    can_book_meetings,
    can_cancel_meeting,
    can_decide_meeting,
    can_view_event,
)
from park.events.views import bp


def event_day(event: Event) -> str:
    """The day the event (and its meetings) runs, in the park's zone and the reader's
    language."""
    return format_date(to_park_time(event.meetings_start_at or event.starts_at), "full")


def _event_or_404(event_id: int) -> Event:
    return found_or_404(event_by_id(event_id))


def _meeting_or_404(event: Event, meeting_id: int) -> Meeting:
    return found_or_404(service.meeting_of(event, meeting_id))


def _request_form(event: Event, mine, everyone, slots, *, submitted: bool = True
                  ) -> MeetingRequestForm:
    form = MeetingRequestForm() if submitted else MeetingRequestForm(formdata=None)
    others = [o for o in everyone if o not in mine]
    form.set_choices(mine, others, slots, event.meeting_minutes, select_locale())
    return form


def _grid_page(event: Event, form: MeetingRequestForm | None = None, status: int = 200):
    everyone = service.participants(event)
    taking_part = {o.id for o in everyone}
    mine = [m.organisation for m in current_user.memberships
            if m.organisation_id in taking_part]
    slots = service.meeting_slots(event)
    if form is None:
        form = _request_form(event, mine, everyone, slots, submitted=False)
        # A free cell of the grid links here with the organisation and slot filled in.
        form.invitee.data = request.args.get("invitee", type=int)
        form.starts_at.data = request.args.get("slot", "")
    return render_template(
        "events/meetings.html",
        event=event,
        form=form,
        participants=everyone,
        mine_ids={o.id for o in mine},
        slots=slots,
        busy=service.busy_organisations(event) if mine else set(),
        tables_taken=service.tables_taken(event) if mine else {},
        slot_value=slot_value,
        meeting_day=event_day(event),
    ), status


@bp.route("/events/<int:event_id>/meetings")
@guard(signed_in)
def meetings(event_id: int):
    event = _event_or_404(event_id)
    authorize(can_book_meetings, event)
    return _grid_page(event)


@bp.route("/events/<int:event_id>/meetings", methods=["POST"])
@guard(signed_in)
def request_meeting(event_id: int):
    event = _event_or_404(event_id)
    authorize(can_book_meetings, event)
    everyone = service.participants(event)
    taking_part = {o.id: o for o in everyone}
    mine = [m.organisation for m in current_user.memberships
            if m.organisation_id in taking_part]
    form = _request_form(event, mine, everyone, service.meeting_slots(event))
    if form.validate_on_submit():
        starts_at = parse_slot(form.starts_at.data)
        try:
            if starts_at is None:
                raise DomainError(_("Please choose one of the event's meeting slots."),
                                  "starts_at")
            meeting = service.request_meeting(
                current_user, event, taking_part[form.requester.data],
                taking_part[form.invitee.data], starts_at, form.message.data or "")
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Meeting requested with %(org)s at table %(table)d. They have been told.",
                    org=meeting.invitee.display_name(select_locale()),
                    table=meeting.table_number), "success")
            return redirect(url_for("events.agenda", event_id=event.id))
    return _grid_page(event, form, 422)


@bp.route("/events/<int:event_id>/meetings/<int:meeting_id>/<any(accept, decline):answer>",
          methods=["POST"])
@guard(signed_in)
def answer_meeting(event_id: int, meeting_id: int, answer: str):
    event = _event_or_404(event_id)
    meeting = _meeting_or_404(event, meeting_id)
    authorize(can_decide_meeting, meeting)
    if ConfirmForm().validate_on_submit():
        accept = answer == "accept"
        try:
            service.answer_meeting(current_user, meeting, accept)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            other = meeting.requester.display_name(select_locale())
            flash(_("You accepted the meeting with %(org)s.", org=other) if accept
                  else _("You declined the meeting with %(org)s.", org=other), "success")
    return redirect(url_for("events.agenda", event_id=event.id))


@bp.route("/events/<int:event_id>/meetings/<int:meeting_id>/cancel", methods=["POST"])
@guard(signed_in)
def cancel_meeting(event_id: int, meeting_id: int):
    event = _event_or_404(event_id)
    meeting = _meeting_or_404(event, meeting_id)
    authorize(can_cancel_meeting, meeting)
    if ConfirmForm().validate_on_submit():
        try:
            service.cancel_meeting(current_user, meeting)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("The meeting has been cancelled; its slot and table are free again."),
                  "success")
    return redirect(url_for("events.agenda", event_id=event.id))


@bp.route("/events/<int:event_id>/agenda")
@guard(signed_in)
def agenda(event_id: int):
    event = _event_or_404(event_id)
    authorize(can_view_event, event)
    return render_template("events/agenda.html", event=event, event_day=event_day(event),
                           agenda=service.agenda(current_user, event))
