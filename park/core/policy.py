"""Policies every feature shares: who is anyone, who is signed in, who runs the park."""

from park.core.authz import policy


@policy
def anyone(user) -> bool:
    """Public pages: open to every visitor, signed in or not."""
    return True


@policy
def signed_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


@policy
def park_admin(user) -> bool:
    return signed_in(user) and bool(user.is_admin)


@policy
def can_view_audit_log(user) -> bool:
    return park_admin(user)


@policy
def can_view_notifications(user) -> bool:
    """Everyone signed in has their own notifications."""
    return signed_in(user)
