"""iCalendar downloads: one event's .ics, the personal feed calendar apps subscribe to, and the
profile page where a user makes, renews or revokes their feed's secret address."""

from __future__ import annotations

from flask import Response, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from park.accounts.forms import ConfirmForm
from park.core.authz import allowed, guard
from park.core.errors import DomainError, found_or_404
from park.core.i18n import select_locale
from park.core.policy import anyone
from park.events import calendars
from park.events.calendars import ICS_EVENT_STATUSES
from park.events.lists import event_by_id
from park.events.policy import can_use_calendar_feed, can_view_event
from park.events.views import bp

ICS_TYPE = "text/calendar; charset=utf-8"


def _ics_response(body: bytes, filename: str) -> Response:
    response = Response(body, content_type=ICS_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.route("/events/<int:event_id>.ics")
@guard(anyone)
def event_ics(event_id: int):
    event = found_or_404(event_by_id(event_id))
    # Only what the public calendar shows has an .ics: a draft is not there to be found.
    if event.status not in ICS_EVENT_STATUSES or not allowed(can_view_event, event):
        abort(404)
    return _ics_response(calendars.event_ics(event, select_locale()), f"event-{event.id}.ics")


@bp.route("/calendar/<token>.ics")
@guard(anyone)
def calendar_feed(token: str):
    # The token is the whole permission: an unknown or revoked one looks like no page at all.
    feed = found_or_404(calendars.feed_by_token(token))
    response = _ics_response(calendars.feed_ics(feed.user), "park.ics")
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _feed_urls(token: str) -> tuple[str, str]:
    url = url_for("events.calendar_feed", token=token, _external=True)
    return url, "webcal://" + url.split("://", 1)[1]


@bp.route("/profile/calendar", methods=["GET", "POST"])
@guard(can_use_calendar_feed)
def feed_settings():
    form = ConfirmForm()
    feed_url = webcal_url = None
    if form.validate_on_submit():
        try:
            token = calendars.create_feed(current_user)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            feed_url, webcal_url = _feed_urls(token)
    page = make_response(render_template(
        "events/feed_settings.html", feed=calendars.feed_of(current_user),
        feed_url=feed_url, webcal_url=webcal_url))
    if feed_url:  # the secret address is on this page only: keep it out of caches
        page.headers["Cache-Control"] = "no-store"
    return page


@bp.route("/profile/calendar/revoke", methods=["POST"])
@guard(can_use_calendar_feed)
def revoke_feed():
    if ConfirmForm().validate_on_submit():
        if calendars.revoke_feed(current_user):
            flash(_("Your calendar feed is switched off. Calendars subscribed to it get "
                    "nothing more."), "success")
        else:
            flash(_("You have no calendar feed to switch off."), "info")
    return redirect(url_for("events.feed_settings"))
