"""Home page, health check, language switch, the audit log list and the user's notifications."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from park.accounts import queries as account_queries
from park.accounts import services as account_services
from park.accounts.forms import ConfirmForm
from park.accounts.models import OrgKind, OrgStatus
from park.accounts.policy import can_review_organisations
from park.core.audit import audit_entries_query
from park.core.authz import allowed, guard
from park.core.forms import safe_next
from park.core.i18n import remember_locale, select_locale
from park.core.notifications import mark_all_read, notifications_query
from park.core.pagination import paginate
from park.core.policy import anyone, can_view_audit_log, can_view_notifications
from park.extensions import db

bp = Blueprint("core", __name__)


@bp.route("/")
@guard(anyone)
def home():
    counts = account_queries.approved_counts_by_kind()
    pending_count = None
    if allowed(can_review_organisations):
        pending_count = account_queries.organisation_counts_by_status().get(OrgStatus.PENDING, 0)
    return render_template(
        "core/home.html",
        counts=counts,
        kinds=list(OrgKind),
        pending_count=pending_count,
    )


@bp.route("/healthz")
@guard(anyone)
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("Health check: database unreachable")
        return jsonify(status="unavailable", db="unreachable"), 503
    return jsonify(status="ok", db="ok")


@bp.route("/language", methods=["POST"])
@guard(anyone)
def set_language():
    locale = request.form.get("locale", "")
    if locale not in current_app.config["LANGUAGES"]:
        flash(_("That language is not available."), "danger")
    else:
        remember_locale(locale)
        if current_user.is_authenticated:
            account_services.update_profile(current_user, name=current_user.name,
                                            locale=locale)
    return redirect(safe_next(request.form.get("next")) or url_for("core.home"))


@bp.route("/admin/audit")
@guard(can_view_audit_log)
def audit_log():
    action = request.args.get("action", "").strip()[:64]
    object_type = request.args.get("object_type", "").strip()[:64]
    page = paginate(audit_entries_query(action or None, object_type or None))
    return render_template("core/audit_log.html", page=page, action=action,
                           object_type=object_type)



@bp.route("/notifications")
@guard(can_view_notifications)
def notifications():
    page = paginate(notifications_query(current_user))
    return render_template("core/notifications.html", page=page,
                           form=ConfirmForm(formdata=None), locale=select_locale())


@bp.route("/notifications/read", methods=["POST"])
@guard(can_view_notifications)
def read_notifications():
    if ConfirmForm().validate_on_submit():
        mark_all_read(current_user)
        flash(_("All your notifications are marked as read."), "success")
    return redirect(url_for("core.notifications"))
