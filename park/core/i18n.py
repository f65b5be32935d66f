"""Which language a request is served in: the user's preference, then the browser's, then the
park's default. Anonymous visitors who pick a language keep it in their session."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace

import flask_babel
from babel import Locale
from babel.dates import format_date as babel_format_date
from flask import (
    Flask,
    current_app,
    g,
    has_app_context,
    has_request_context,
    request,
    session,
)
from flask_babel import Domain, format_date, get_locale
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup, escape

SESSION_KEY = "locale"


def _lazy_string_as_html(self: LazyString) -> str:
    return escape(str(self))


def escape_lazy_strings() -> None:
    """Flask-Babel's lazy strings call themselves safe HTML (`__html__` returns the text as
    is; flask-babel issues #121 and #224), so a message that carries something a person typed
    (`_l("... %(name)s", name=...)`: a domain error, a select's option, a flashed message)
    would reach the page unescaped. No message of ours holds markup: escape them as text."""
    LazyString.__html__ = _lazy_string_as_html


def _babel_state() -> SimpleNamespace | None:
    """Flask-Babel's per-request state (`g._flask_babel`), found with one look at `g` where
    Flask-Babel's own `_get_current_context` looks three times through the proxy: it runs for
    every message, locale and zone a page asks for, and those looks added up to milliseconds."""
    if not has_app_context():
        return None
    app_globals = g._get_current_object()
    try:
        return app_globals._flask_babel
    except AttributeError:
        app_globals._flask_babel = SimpleNamespace()
        return app_globals._flask_babel


class RequestDomain(Domain):
    """Flask-Babel's message domain, finding the request's catalogue in one step.

    Flask-Babel looks the catalogue up afresh for every message: its per-request state, the
    locale turned into a string, a dictionary lookup. The catalogue is kept beside the
    request's locale object instead, and used while that object is the locale: `force_locale`
    (e-mails in the recipient's language) and `refresh` put another object there, so they get
    their own catalogue."""

    def get_translations(self):
        state = _babel_state()
        try:
            kept_locale, catalogue = state.park_catalogue
            if kept_locale is state.babel_locale:
                return catalogue
        except AttributeError:  # outside a request, or not looked up yet
            pass
        catalogue = super().get_translations()
        if state is not None:
            state.park_catalogue = (getattr(state, "babel_locale", None), catalogue)
        return catalogue


def install_request_domain(app: Flask) -> None:
    """Every message, in Python or in a template, goes through `RequestDomain`."""
    flask_babel._get_current_context = _babel_state  # the same state, found faster
    domain = RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    # Flask-Babel's default domain is a cached property of the extension object.
    app.extensions["babel"].instance.domain_instance = domain
    install_template_gettext(app, domain)


def install_template_gettext(app: Flask, domain: Domain) -> None:
    """Jinja's new-style gettext functions, as `jinja2.ext.i18n` makes them (the message is a
    format string, escaped where the template autoescapes), but asking only for the evaluation
    context. Jinja's own ask for the whole template context, and calling such a function in a
    loop or a block copies every variable of the page into a new context first: on a page of
    twenty ranked rows that copying cost more than the rows."""
    catalogue = domain.get_translations

    def finish(eval_ctx, text: str, variables: dict) -> str:
        if eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 (our catalogue's message; the values are escaped)
        return text % variables

    @pass_eval_context
    def gettext(eval_ctx, string: str, **variables) -> str:
        return finish(eval_ctx, catalogue().ugettext(string), variables)

    @pass_eval_context
    def ngettext(eval_ctx, singular: str, plural: str, num: int, **variables) -> str:
        variables.setdefault("num", num)
        return finish(eval_ctx, catalogue().ungettext(singular, plural, num), variables)

    @pass_eval_context
    def pgettext(eval_ctx, context: str, string: str, **variables) -> str:
        variables.setdefault("context", context)
        return finish(eval_ctx, catalogue().upgettext(context, string), variables)

    @pass_eval_context
    def npgettext(eval_ctx, context: str, singular: str, plural: str, num: int,
                  **variables) -> str:
        variables.setdefault("context", context)
        variables.setdefault("num", num)
        return finish(eval_ctx, catalogue().unpgettext(context, singular, plural, num),
                      variables)

    app.jinja_env.newstyle_gettext = True  # {% trans %} blocks call these the same way
    app.jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext,
                                 pgettext=pgettext, npgettext=npgettext)


def current_locale() -> str:
    """The language this request is rendered in, as a key of `LANGUAGES` (e.g. "zh_CN"):
    what `select_locale` chose, as Flask-Babel keeps it for the request."""
    locale = get_locale()
    if locale is None:
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    return _language_key(str(locale), tuple(current_app.config["LANGUAGES"]))


@lru_cache(maxsize=16)
def _language_key(identifier: str, languages: tuple[str, ...]) -> str:
    """Babel spells zh_CN as zh_Hans_CN: back to the key of `LANGUAGES`."""
    for code in languages:
        if str(Locale.parse(code)) == identifier:
            return code
    return identifier


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


def format_day(value: date | None, format: str = "medium") -> str:
    """A day in the reader's language, as Flask-Babel's `format_date` writes it. The same few
    days come back many times on a page (a project's stages, milestones and timeline), and
    Babel takes longer to format one than a template takes to render its row: each text is
    kept per day, format and language. A moment goes to Flask-Babel, which reads it in the
    reader's zone first."""
    if not value:
        return ""
    if isinstance(value, datetime):
        return format_date(value, format)
    return _day_text(value, format, str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]))


@lru_cache(maxsize=4096)
def _day_text(value: date, format: str, locale: str) -> str:
    return babel_format_date(value, format, locale=locale)
