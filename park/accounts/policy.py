"""Who may see and change users, organisations and their members."""

from park.accounts.models import OrgRole
from park.core.authz import policy
from park.core.policy import park_admin, signed_in

MANAGING_ROLES = {OrgRole.OWNER, OrgRole.MANAGER}


def _role_in(user, organisation):
    if not signed_in(user):
        return None
    membership = user.membership_in(organisation)
    return membership.role if membership else None


@policy
def can_view_organisation(user, organisation) -> bool:
    return park_admin(user) or _role_in(user, organisation) is not None


@policy
def can_edit_organisation(user, organisation) -> bool:
    return park_admin(user) or _role_in(user, organisation) in MANAGING_ROLES


@policy
def can_invite_members(user, organisation) -> bool:
    return _role_in(user, organisation) in MANAGING_ROLES or park_admin(user)


@policy
def can_change_member_role(user, membership) -> bool:
    """Owners set any role; managers manage members but cannot touch owners."""
    role = _role_in(user, membership.organisation)
    if park_admin(user) or role is OrgRole.OWNER:
        return True
    return role is OrgRole.MANAGER and membership.role is not OrgRole.OWNER


@policy
def can_review_organisations(user) -> bool:
    return park_admin(user)


@policy
def can_manage_users(user) -> bool:
    return park_admin(user)


@policy
def can_deactivate_user(user, target) -> bool:
    # An administrator cannot lock themself out.
    return park_admin(user) and target.id != user.id
