"""An organisation's dashboard: its own work at a glance, for its members and the park office."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from park.accounts.services import organisation_by_slug
from park.core.authz import authorize, guard
from park.core.errors import found_or_404
from park.core.i18n import select_locale
from park.core.policy import signed_in
from park.core.time import park_today
from park.dashboard.organisation_figures import organisation_dashboard
from park.dashboard.policy import can_view_organisation_dashboard
from park.dashboard.views import bp


@bp.route("/orgs/<slug>/dashboard")
@guard(signed_in)
def organisation(slug: str):
    organisation = found_or_404(organisation_by_slug(slug))
    authorize(can_view_organisation_dashboard, organisation)
    dashboard = organisation_dashboard(current_user, organisation, today=park_today(),
                                       locale=select_locale())
    return render_template("dashboard/organisation.html", organisation=organisation,
                           dashboard=dashboard)
