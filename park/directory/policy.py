"""Who may see the directory's profiles, edit them, ask for contact and run the taxonomies."""

from park.accounts.models import OrgKind, OrgStatus
from park.accounts.policy import can_edit_organisation, can_view_organisation
from park.core.authz import policy
from park.core.policy import park_admin, signed_in
from park.directory.models import PROVIDER_KINDS


def is_listed(organisation) -> bool:
    profile = organisation.profile
    return bool(
        profile is not None and profile.listed and organisation.status is OrgStatus.APPROVED
        and organisation.kind in PROVIDER_KINDS
    )


@policy
def can_view_profile(user, organisation) -> bool:
    """Listed providers are public; an unlisted one only to its members and the park office."""
    return is_listed(organisation) or can_view_organisation(user, organisation)


@policy
def can_see_contacts(user, organisation) -> bool:
    return signed_in(user) and can_view_profile(user, organisation)


@policy
def can_edit_profile(user, organisation) -> bool:
    return organisation.kind in PROVIDER_KINDS and can_edit_organisation(user, organisation)


@policy
def can_request_contact(user, organisation) -> bool:
    """Members of an approved manufacturer may ask a listed provider to get in touch."""
    if not signed_in(user) or not is_listed(organisation):
        return False
    return any(
        m.organisation.kind is OrgKind.MANUFACTURER
        and m.organisation.status is OrgStatus.APPROVED
        and m.organisation_id != organisation.id
        for m in user.memberships
    )


@policy
def can_view_contact_requests(user, organisation) -> bool:
    return can_edit_profile(user, organisation)


@policy
def can_manage_taxonomies(user) -> bool:
    return park_admin(user)
