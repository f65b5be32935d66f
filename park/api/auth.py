"""Who is calling the API: the bearer token's user, or nobody.

Requests under /api/v1/ neither read nor write the session cookie, so a browser's login never
reaches the API (that is why the API needs no CSRF token): a request with a usable token
acts as its user, and one without is anonymous.
"""

from __future__ import annotations

from flask import Request, abort, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user

from park.api.tokens import bearer_token, hash_token, user_for_token
from park.core.errors import render_error

API_PREFIX = "/api/v1/"


def is_api_request(req: Request | None = None) -> bool:
    return (req or request).path.startswith(API_PREFIX)


class SessionInterface(SecureCookieSessionInterface):
    """The usual signed-cookie session, except that API requests get an empty one that is
    never saved."""

    def open_session(self, app, req):
        if is_api_request(req):
            return self.session_class()
        return super().open_session(app, req)

    def save_session(self, app, session, response):
        if is_api_request():
            return
        super().save_session(app, session, response)


def load_user_from_request(req: Request):
    """Flask-Login's request loader: the user of the bearer token on API requests."""
    if not is_api_request(req):
        return None
    token = bearer_token(req.headers.get("Authorization"))
    return user_for_token(token) if token else None


def refuse_unusable_tokens():
    """A request that sends a token that is unknown, revoked or expired (or whose person is
    deactivated) is refused with 401 rather than served as anonymous."""
    if request.headers.get("Authorization") and not current_user.is_authenticated:
        abort(render_error(401, _l("This API token is not valid: it is unknown, revoked or "
                                   "expired. Make a new one on your profile page.")))


def rate_limit_key() -> str:
    """Limits count per token (by its hash, without a database lookup), else per address."""
    token = bearer_token(request.headers.get("Authorization"))
    if token:
        return "token:" + hash_token(token)[:32]
    return "address:" + (get_remote_address() or "unknown")
