"""The park office's dashboard, and /dashboard: the way in for everyone, sending each user to
the dashboard that is theirs."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from park.core.authz import allowed, guard
from park.core.caching import arguments_digest, cache_key, shared_fragment
from park.core.i18n import select_locale
from park.core.templating import render_fragment
from park.core.time import park_today
from park.dashboard.charts import park_dashboard
from park.dashboard.figures import FIGURES_CACHE_SECONDS, TARGET_SETTLED
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
    """The same for every park officer with the same period and language on the same day: the
    page is shared through the cache as long as its figures are (so it may show figures up to
    twice FIGURES_CACHE_SECONDS old)."""
    key = cache_key("park-dashboard", select_locale(), park_today(), arguments_digest())
    content = shared_fragment(key, _park_content, timeout=FIGURES_CACHE_SECONDS)
    return render_template("dashboard/park.html", content=content)


def _park_content() -> Markup:
    period = period_from_args(request.args)
    return render_fragment("dashboard/_park.html", period=period, periods=PERIODS,
                           dashboard=park_dashboard(period), target=TARGET_SETTLED)
