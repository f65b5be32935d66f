"""Flask-Login wiring: loading the user of a session, and where anonymous users are sent."""

from __future__ import annotations

from flask import flash, jsonify, redirect, request, url_for
from flask_babel import lazy_gettext as _l

from park.accounts.models import User
from park.core.forms import safe_next
from park.extensions import db


def configure_login(login_manager) -> None:
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        # A deactivated user's open sessions end at their next request.
        return user if user is not None and user.active else None

    @login_manager.unauthorized_handler
    def unauthorized():
        if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
            response = jsonify(error={"code": 401, "message": str(_l("Please log in."))})
            response.status_code = 401
            return response
        flash(login_manager.login_message, login_manager.login_message_category)
        target = safe_next(request.full_path.rstrip("?")) if request.method == "GET" else None
        return redirect(url_for("accounts.login", next=target))
