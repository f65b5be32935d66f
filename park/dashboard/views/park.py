"""The park office's dashboard, and /dashboard: the way in for everyone, sending each user to
the dashboard that is theirs."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from park.core.authz import allowed, guard
from park.dashboard.charts import park_dashboard
from park.dashboard.figures import TARGET_SETTLED
from park.dashboard.periods import PERIODS, period_from_args
from park.dashboard.policy import can_view_dashboard, can_view_park_dashboard
from park.dashboard.views import bp


@bp.route("/dashboard")
@guard(can_view_dashboard)
def home():
    if allowed(can_view_park_dashboard):
        return redirect(url_for("dashboard.park"))
    memberships = current_user.memberships
    if memberships:
        return redirect(url_for("dashboard.organisation", slug=memberships[0].organisation.slug))
    return render_template("dashboard/no_organisation.html")


@bp.route("/admin/dashboard")
@guard(can_view_park_dashboard)
def park():
    period = period_from_args(request.args)
    return render_template("dashboard/park.html", period=period, periods=PERIODS,
                           dashboard=park_dashboard(period), target=TARGET_SETTLED)
