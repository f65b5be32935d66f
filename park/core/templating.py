"""What every template can use: the policy check, names and times in the reader's language."""

from __future__ import annotations

from flask import Flask, g, render_template, request, url_for
from flask_babel import format_datetime, get_locale
from flask_login import current_user
from markupsafe import Markup

from park.core.authz import allowed
from park.core.i18n import current_locale, format_day
from park.core.notifications import unread_count
from park.core.time import to_park_time


def localised_name(obj) -> str:
    """An object's name in the reader's language, where it has one."""
    return obj.display_name(str(get_locale() or "en"))


def park_datetime(value, format: str = "medium") -> str:
    if value is None:
        return ""
    # Flask-Babel's timezone selector is the park's zone; to_park_time keeps naive SQLite
    # values correct by treating them as UTC first.
    return format_datetime(to_park_time(value), format)


def park_date(value, format: str = "medium") -> str:
    """A day; a moment is first read in the park's zone."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = to_park_time(value).date()
    return format_day(value, format)


def render_fragment(template_name: str, **context) -> Markup:
    """A part of a page (one that may be cached and shared) rendered from its own template, for
    a page template to place as it is."""
    return Markup(render_template(template_name, **context))  # noqa: S704 (autoescaped)


def page_url(page_number: int) -> str:
    """The current URL with only the page changed, keeping every filter."""
    args = request.args.to_dict()
    args["page"] = str(page_number)

    return url_for(request.endpoint, **(request.view_args or {}), **args)


def unread_notification_count() -> int:
    """The signed-in user's unread notifications: one query per request, however many times
    a page asks (the navigation bar and the notifications page both do)."""
    if not current_user.is_authenticated:
        return 0
    if "park_unread_notifications" not in g:
        g.park_unread_notifications = unread_count(current_user)
    return g.park_unread_notifications


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        can=allowed,
        localised_name=localised_name,
        page_url=page_url,
        current_locale=current_locale,
        unread_notification_count=unread_notification_count,
    )
    app.jinja_env.filters["park_datetime"] = park_datetime
    app.jinja_env.filters["park_date"] = park_date
    app.jinja_env.filters["dateformat"] = format_day  # Flask-Babel's, remembered
