"""Which language a request is served in: the user's preference, then the browser's, then the
park's default. Anonymous visitors who pick a language keep it in their session."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import escape

SESSION_KEY = "locale"


def _lazy_string_as_html(self: LazyString) -> str:
    return escape(str(self))


def escape_lazy_strings() -> None:
    """Flask-Babel's lazy strings call themselves safe HTML (`__html__` returns the text as
    is; flask-babel issues #121 and #224), so a message that carries something a person typed
    (`_l("... %(name)s", name=...)`: a domain error, a select's option, a flashed message)
    would reach the page unescaped. No message of ours holds markup: escape them as text."""
    LazyString.__html__ = _lazy_string_as_html


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands, background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get(SESSION_KEY)
    if chosen in languages:
        return chosen
    # Browsers send zh-CN / zh-Hans / zh; Babel's negotiation maps them onto zh_CN.
    best = request.accept_languages.best_match(
        list(languages) + ["zh", "zh-CN", "zh-Hans", "zh-Hans-CN", "zh-SG"]
    )
    if best and best.lower().startswith("zh"):
        return "zh_CN"
    if best in languages:
        return best
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["PARK_TIMEZONE"]


def remember_locale(locale: str) -> None:
    """Keep the language for this browser, e.g. after its user logs out."""
    if locale in current_app.config["LANGUAGES"]:
        session[SESSION_KEY] = locale
