"""Home page, health check, language switch, the audit log list and the user's notifications."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    stream_with_context,
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
from park.core.audit import (
    AUDIT_CSV_COLUMNS,
    AuditFilters,
    audit_csv_rows,
    audit_entries_query,
    audit_filter_choices,
    audit_object_url,
    change_rows,
)
from park.core.authz import allowed, guard
from park.core.forms import id_arg, safe_next
from park.core.i18n import remember_locale, select_locale
from park.core.notifications import mark_all_read, notifications_query
from park.core.pagination import paginate
from park.core.policy import anyone, can_view_audit_log, can_view_notifications
from park.core.time import park_today
from park.dashboard.periods import PERIODS, Period, period_from_args
from park.extensions import db
from park.tenants.exchange import csv_lines

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


def _audit_filters() -> tuple[AuditFilters, Period]:
    """The audit log's filters from the query string; dates typed in make the period custom."""
    args = request.args.to_dict()
    key = args.get("period", "all")
    if key not in ("quarter", "year") and (args.get("from") or args.get("to")):
        key = "custom"
    elif key not in PERIODS or key == "custom":
        key = "all"
    period = period_from_args({**args, "period": key})
    start, end = period.bounds()
    filters = AuditFilters(
        actor_id=id_arg("user"),
        organisation_id=id_arg("organisation"),
        object_type=request.args.get("object_type", "").strip()[:64],
        action=request.args.get("action", "").strip()[:64],
        start=start,
        end=end,
    )
    return filters, period


@bp.route("/admin/audit")
@guard(can_view_audit_log)
def audit_log():
    filters, period = _audit_filters()
    page = paginate(audit_entries_query(filters))
    csv_args = {k: v for k, v in request.args.items() if k not in ("page", "per_page")}
    return render_template("core/audit_log.html", page=page, filters=filters, period=period,
                           periods=PERIODS, choices=audit_filter_choices(),
                           object_url=audit_object_url, change_rows=change_rows,
                           csv_url=url_for("core.audit_log_csv", **csv_args))


@bp.route("/admin/audit.csv")
@guard(can_view_audit_log)
def audit_log_csv():
    filters, _period = _audit_filters()
    response = Response(stream_with_context(csv_lines(AUDIT_CSV_COLUMNS, audit_csv_rows(filters))),
                        mimetype="text/csv")
    filename = f"park-audit-{park_today().isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/notifications")
@guard(can_view_notifications)
def notifications():
    page = paginate(notifications_query(current_user))
    return render_template("core/notifications.html", page=page,
                           locale=select_locale())


@bp.route("/notifications/read", methods=["POST"])
@guard(can_view_notifications)
def read_notifications():
    if ConfirmForm().validate_on_submit():
        mark_all_read(current_user)
        flash(_("All your notifications are marked as read."), "success")
    return redirect(url_for("core.notifications"))
