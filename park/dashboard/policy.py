"""Who sees which numbers: the park's dashboard, reports and exports are the park office's;
an organisation's dashboard and its own exports are its members' (and the office's)."""

from __future__ import annotations

from park.core.authz import policy
from park.core.policy import park_admin, signed_in


def _member(user, organisation) -> bool:
    return signed_in(user) and user.membership_in(organisation) is not None


@policy
def can_view_dashboard(user) -> bool:
    return signed_in(user)


@policy
def can_view_park_dashboard(user) -> bool:
    return park_admin(user)


@policy
def can_export_park_reports(user) -> bool:
    """Exports across organisations: tenants, leases, every project, attendance, the funnel."""
    return park_admin(user)


@policy
def can_view_organisation_dashboard(user, organisation) -> bool:
    return _member(user, organisation) or park_admin(user)


@policy
def can_export_organisation_reports(user, organisation) -> bool:
    """An organisation's own projects and IP records."""
    return _member(user, organisation) or park_admin(user)
