"""Who may see a need, answer it, move its matches, keep an academic profile and run a team.

A need "for the park" is open to everyone signed in for an approved organisation; an
invited-only need to its owner, the providers and teams invited, those already in a match for
it, and the park office.
"""

from __future__ import annotations

from park.accounts.models import OrgKind, OrgStatus
from park.core.authz import policy
from park.core.policy import park_admin, signed_in
from park.directory.models import PROVIDER_KINDS
from park.matching.lifecycle import MatchAction, allows, move_for
from park.matching.models import NeedStatus, NeedVisibility, Team
from park.matching.queries import teams_of
from park.projects.policy import PROJECT_OWNER_KINDS


def _org_ids(user) -> set[int]:
    if not signed_in(user):
        return set()
    return {m.organisation_id for m in user.memberships
            if m.organisation.status is OrgStatus.APPROVED}


def park_member(user) -> bool:
    return park_admin(user) or bool(_org_ids(user))


def provider_organisations(user, need=None) -> list:
    """The user's approved provider organisations (other than the need's owner)."""
    if not signed_in(user):
        return []
    return [m.organisation for m in user.memberships
            if m.organisation.status is OrgStatus.APPROVED
            and m.organisation.kind in PROVIDER_KINDS
            and (need is None or m.organisation_id != need.owner_id)]


def need_owner_organisations(user) -> list:
    """The user's organisations they may post a need for (memberships load with the user)."""
    if not signed_in(user):
        return []
    return [m.organisation for m in user.memberships if can_post_need(user, m.organisation)]


def on_team(user, team) -> bool:
    return signed_in(user) and team.member(user) is not None


def owns_need(user, need) -> bool:
    return need.owner_id in _org_ids(user)


def _invited(user, need) -> bool:
    org_ids = _org_ids(user)
    return any(
        (i.organisation_id in org_ids) or (i.team is not None and on_team(user, i.team))
        for i in need.invitations
    )


def provider_side(user, match) -> bool:
    if match.team is not None:
        return on_team(user, match.team)
    return match.provider_id in _org_ids(user)


# Needs ---------------------------------------------------------------------------------------


@policy
def can_view_needs(user) -> bool:
    return park_member(user)


@policy
def can_post_needs(user) -> bool:
    return bool(_org_ids(user))


@policy
def can_post_need(user, organisation) -> bool:
    return organisation.status is OrgStatus.APPROVED and organisation.id in _org_ids(user)


@policy
def can_view_need(user, need) -> bool:
    if owns_need(user, need) or park_admin(user):
        return True
    if not park_member(user):
        return False
    return need.visibility is NeedVisibility.PARK or _invited(user, need)


@policy
def can_edit_need(user, need) -> bool:
    return owns_need(user, need) and need.status is not NeedStatus.CONVERTED


@policy
def can_see_ranking(user, need) -> bool:
    """The ranked providers with their scores: the owner, and the park office."""
    return owns_need(user, need) or park_admin(user)


@policy
def can_answer_need(user, need) -> bool:
    """Express interest, for one of the user's provider organisations or teams."""
    return (need.answerable and can_view_need(user, need) and not owns_need(user, need)
            and (bool(provider_organisations(user, need)) or bool(_teams(user))))


def _teams(user) -> list:
    return teams_of(user) if signed_in(user) else []


@policy
def can_answer_as(user, need, provider) -> bool:
    """`provider` is an organisation or a team the user may speak for on this need."""
    if not (need.answerable and can_view_need(user, need)):
        return False
    if isinstance(provider, Team):
        return on_team(user, provider)
    return provider in provider_organisations(user, need)


@policy
def can_invite_to_need(user, need) -> bool:
    return owns_need(user, need) and need.answerable


@policy
def can_shortlist(user, need) -> bool:
    """Pick a ranked provider that has not spoken up yet: the owner, while the need is open."""
    return owns_need(user, need) and need.answerable


# Matches -------------------------------------------------------------------------------------


@policy
def can_view_match(user, match) -> bool:
    return owns_need(user, match.need) or provider_side(user, match) or park_admin(user)


@policy
def can_move_match(user, match, action: MatchAction) -> bool:
    if not allows(action, match.status):
        return False
    if action is not MatchAction.WITHDRAW and not match.need.answerable:
        return False
    who = move_for(action).who
    if who == "owner":
        return owns_need(user, match.need)
    if who == "provider":
        return provider_side(user, match)
    return park_admin(user)


def match_actions_for(user, match) -> list[MatchAction]:
    return [action for action in MatchAction if can_move_match(user, match, action)]


@policy
def can_view_inbox(user) -> bool:
    return signed_in(user)


@policy
def can_view_funnel(user) -> bool:
    return park_admin(user)


# People and teams ----------------------------------------------------------------------------


def academic_organisations(user) -> list:
    if not signed_in(user):
        return []
    return [m.organisation for m in user.memberships
            if m.organisation.kind is OrgKind.ACADEMIC
            and m.organisation.status is OrgStatus.APPROVED]


@policy
def can_keep_academic_profile(user) -> bool:
    return bool(academic_organisations(user))


@policy
def can_view_people(user) -> bool:
    return park_member(user)


@policy
def can_create_team(user) -> bool:
    return bool(team_home_organisations(user))


def team_home_organisations(user) -> list:
    """Organisations that may run a team's projects: the user's firms, labs and institutes."""
    if not signed_in(user):
        return []
    return [m.organisation for m in user.memberships
            if m.organisation.kind in PROJECT_OWNER_KINDS
            and m.organisation.status is OrgStatus.APPROVED]


@policy
def can_view_team(user, team) -> bool:
    listed = team.listed and team.organisation.status is OrgStatus.APPROVED
    return listed or on_team(user, team) or park_admin(user)


@policy
def can_see_team_members(user, team) -> bool:
    """Names of the people stay inside the park: signed-in members only."""
    return can_view_team(user, team) and park_member(user)


@policy
def can_edit_team(user, team) -> bool:
    return on_team(user, team) or park_admin(user)
