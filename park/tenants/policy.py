"""Who may see and change tenancies, buildings, units and leases: the park office."""

from park.core.authz import policy
from park.core.policy import park_admin


@policy
def can_manage_tenants(user) -> bool:
    return park_admin(user)


@policy
def can_manage_space(user) -> bool:
    """Buildings, units and the floor plans."""
    return park_admin(user)
