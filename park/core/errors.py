"""Domain errors raised by services, and the friendly error pages."""

from __future__ import annotations

from flask import Flask, abort, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
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
    429: _l("You have tried that too often. Please wait a moment and try again."),
    500: _l("An unexpected error happened on our side. It has been logged."),
    503: _l("Park is briefly unavailable. Please try again in a minute."),
}


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def render_error(code: int, message=None):
    message = message or ERROR_MESSAGES.get(code, ERROR_MESSAGES[500])
    title = ERROR_TITLES.get(code, ERROR_TITLES[500])
    if _wants_json():
        return jsonify(error={"code": code, "message": str(message)}), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, _l("Your form expired or was sent from elsewhere. "
                                   "Please reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        db.session.rollback()
        app.logger.warning("Database unavailable: %s", error)
        return render_error(503)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return render_error(500)
