"""Domain errors raised by services, and the friendly error pages."""

from __future__ import annotations

from flask import Flask, abort, current_app, g, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from park.extensions import db


class DomainError(Exception):
    """A rule said no. `message` is translatable; `field` names the form field it belongs to."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    pass


class Forbidden(DomainError):
    """Refused because of who asks: their role does not allow it. The API answers 403."""


class Conflict(DomainError):
    """Refused because of the state things are in, not the input: a stale version, a full
    slot, something already done. The API answers it with 409."""


def found_or_404(obj):
    """The object a URL names, or a 404 page when there is none."""
    if obj is None:
        abort(404)
    return obj


def commit_or_refuse(message, field: str | None = None) -> None:
    """Commit; a constraint lost to a concurrent request becomes a DomainError."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise DomainError(message, field) from None


ERROR_TITLES = {
    400: _l("Bad request"),
    401: _l("Please log in"),
    403: _l("Not allowed"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    413: _l("Too large"),
    422: _l("Not accepted"),
    429: _l("Too many requests"),
    500: _l("Something went wrong"),
    503: _l("Service unavailable"),
}

ERROR_MESSAGES = {
    400: _l("The request could not be understood. Please go back and try again."),
    401: _l("You need to log in to see this page."),
    403: _l("You do not have permission to do that."),
    404: _l("We could not find the page you asked for."),
    405: _l("That action is not available here."),
    409: _l("Someone changed this in the meantime. Please look again."),
    413: _l("What you sent is too large."),
    422: _l("Some of what you sent was not accepted."),
    429: _l("You have tried that too often. Please wait a moment and try again."),
    500: _l("An unexpected error happened on our side. It has been logged."),
    503: _l("Park is briefly unavailable. Please try again in a minute."),
}


# The machine-readable codes of JSON errors, by status.
ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def render_error(code: int, message=None, fields: dict | None = None, headers=None):
    """The error page, or for the API and JSON clients
    ``{"error": {"code", "message", "fields"}}``; `fields` maps a field to its messages."""
    message = message or ERROR_MESSAGES.get(code, ERROR_MESSAGES[500])
    title = ERROR_TITLES.get(code, ERROR_TITLES[500])
    if wants_json():
        response = jsonify(error={"code": ERROR_CODES.get(code, "error"),
                                  "message": str(message), "fields": fields or {}})
        if code == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="park"'
    else:
        response = make_response(render_template("errors/error.html", code=code, title=title,
                                                 message=message))
    response.status_code = code
    response.headers.extend(headers or {})
    return response


def _request_fields(error: HTTPException) -> dict:
    """A request parser's messages by field, wherever in the request they were
    (webargs says {"json": {...}} or {"query": {...}})."""
    messages = (getattr(error, "data", None) or {}).get("messages") or {}
    fields: dict = {}
    for location in messages.values():
        if isinstance(location, dict):
            fields.update({str(name): problem for name, problem in location.items()})
    return fields


def domain_error_status(error: DomainError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Forbidden):
        return 403
    if isinstance(error, Conflict):
        return 409
    return 422


# Seconds a client is asked to wait before retrying while the database is unreachable.
DATABASE_RETRY_AFTER = 30


def is_database_outage(error: DBAPIError) -> bool:
    """Whether the database could not be reached or dropped the connection (a restart, a
    network cut, SQLite's lock held too long), as opposed to a query the database refused."""
    return isinstance(error, OperationalError) or bool(error.connection_invalidated)


def end_failed_transaction() -> None:
    """Roll back what the request began, so that nothing half-written is ever committed and
    the session is clean for the next request. On a dead connection the rollback itself
    can fail; the connection is then discarded with the session."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        current_app.logger.warning("Rollback failed; discarding the session", exc_info=True)
        db.session.remove()


def show_signed_out_while_database_is_down() -> None:
    """The error page must render without the database: the navigation would load the
    signed-in user and their organisations. Show it as to a visitor for this one response;
    the session cookie is untouched, so the user is still signed in afterwards."""
    g._login_user = current_app.login_manager.anonymous_user()


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, _l("Your form expired or was sent from elsewhere. "
                                   "Please reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        fields = _request_fields(error)
        message = (ERROR_MESSAGES[422] if fields
                   else (getattr(error, "data", None) or {}).get("message"))
        headers = error.get_response().headers if error.code in (405, 429) else None
        return render_error(error.code, message, fields,
                            [(k, v) for k, v in (headers or {}).items()
                             if k in ("Allow", "Retry-After")])

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        """A rule's refusal that no view turned into a form message (the API's way)."""
        db.session.rollback()
        fields = {error.field: [str(error.message)]} if error.field else {}
        return render_error(domain_error_status(error), error.message, fields)

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        """An unreachable database is a friendly 503 (JSON on the API) that needs no
        database to render; any other database error is a bug, a 500."""
        if not is_database_outage(error):
            return unexpected_error(error)
        end_failed_transaction()
        show_signed_out_while_database_is_down()
        app.logger.warning("Database unavailable: %s", error.orig)
        return render_error(503, headers=[("Retry-After", str(DATABASE_RETRY_AFTER))])

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        end_failed_transaction()
        app.logger.exception("Unhandled error")
        return render_error(500)
