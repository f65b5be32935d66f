"""Flask-Login wiring: loading the user of a session, and where anonymous users are sent."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from park.accounts.models import Membership, User
from park.api.auth import is_api_request, load_user_from_request
from park.core.errors import render_error
from park.core.forms import safe_next
from park.extensions import db


def configure_login(login_manager) -> None:
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        # The API knows only bearer tokens: a remember-me cookie does not sign it in.
        if not user_id.isdigit() or is_api_request():
            return None
        # The navigation shows the user's organisations on every page: load them with the user,
        # in the same query (every signed-in request starts here).
        user = db.session.scalars(
            select(User)
            .where(User.id == int(user_id))
            .options(joinedload(User.memberships).joinedload(Membership.organisation))
        ).unique().one_or_none()
        # A deactivated user's open sessions end at their next request.
        return user if user is not None and user.active else None

    login_manager.request_loader(load_user_from_request)

    @login_manager.unauthorized_handler
    def unauthorized():
        if request.path.startswith("/api/"):
            return render_error(401, _l("This needs a personal API token, sent as the header "
                                        "“Authorization: Bearer” and the token."))
        if request.accept_mimetypes.best == "application/json":
            return render_error(401)
        flash(login_manager.login_message, login_manager.login_message_category)
        target = safe_next(request.full_path.rstrip("?")) if request.method == "GET" else None
        return redirect(url_for("accounts.login", next=target))
