"""What matching tells people: each kind of notice declared once, and who receives it (the
need owner's people, the provider's people or team, the park office)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from park.accounts.models import User
from park.core.notifications import link_to, notification_kind, notify, organisation_param
from park.core.time import to_park_time
from park.extensions import db
from park.matching.models import Match, Need

INTERESTED = notification_kind(
    "match.interested",
    _l("%(provider)s is interested in your need \u201c%(need)s\u201d."),
    _l("New interest: %(need)s"),
)
SHORTLISTED = notification_kind(
    "match.shortlisted",
    _l("%(owner)s shortlisted %(provider)s for \u201c%(need)s\u201d."),
    _l("Shortlisted: %(need)s"),
)
INTRO_REQUESTED = notification_kind(
    "match.intro_requested",
    _l("%(owner)s asks the park to introduce %(provider)s for \u201c%(need)s\u201d."),
    _l("Introduction requested: %(need)s"),
)
INTRODUCED = notification_kind(
    "match.introduced",
    _l("The park office introduced %(owner)s and %(provider)s for \u201c%(need)s\u201d. "
       "%(note)s"),
    _l("Introduced: %(need)s"),
)
MEETING_PROPOSED = notification_kind(
    "match.meeting",
    _l("%(owner)s proposes a meeting with %(provider)s about \u201c%(need)s\u201d: %(when)s, "
       "%(place)s."),
    _l("Meeting proposed: %(need)s"),
)
CONVERTED = notification_kind(
    "match.converted",
    _l("%(owner)s turned \u201c%(need)s\u201d into a project with %(provider)s: "
       "%(project)s."),
    _l("New project: %(project)s"),
)
DECLINED = notification_kind(
    "match.declined",
    _l("%(owner)s declined %(provider)s for \u201c%(need)s\u201d: %(reason)s"),
    _l("Declined: %(need)s"),
)
WITHDRAWN = notification_kind(
    "match.withdrawn",
    _l("%(provider)s withdrew from \u201c%(need)s\u201d: %(reason)s"),
    _l("Withdrawn: %(need)s"),
)
INVITED = notification_kind(
    "need.invited",
    _l("%(owner)s invites %(provider)s to answer the need \u201c%(need)s\u201d."),
    _l("Invitation: %(need)s"),
)


def _active(users) -> list[User]:
    seen, people = set(), []
    for user in users:
        if user.active and user.id not in seen:
            seen.add(user.id)
            people.append(user)
    return people


def owner_people(need: Need) -> list[User]:
    return _active(m.user for m in need.owner.memberships)


def provider_people(*, organisation=None, team=None) -> list[User]:
    if team is not None:
        return _active(m.user for m in team.members)
    return _active(m.user for m in organisation.memberships)


def park_office() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.is_admin.is_(True), User.active.is_(True)).order_by(User.id)))


def provider_param(*, organisation=None, team=None) -> dict | str:
    return team.name if team is not None else organisation_param(organisation)


def _params(match: Match) -> dict:
    need = match.need
    return {"need": need.title, "owner": organisation_param(need.owner),
            "provider": provider_param(organisation=match.provider, team=match.team)}


def match_link(match: Match) -> str:
    return link_to("matching.match", match_id=match.id)


def tell_owner(match: Match, kind: str, **extra) -> None:
    for user in owner_people(match.need):
        notify(user, kind, {**_params(match), **extra}, match_link(match))


def tell_provider(match: Match, kind: str, **extra) -> None:
    for user in provider_people(organisation=match.provider, team=match.team):
        notify(user, kind, {**_params(match), **extra}, match_link(match))


def tell_park_office(match: Match, kind: str, **extra) -> None:
    for user in park_office():
        notify(user, kind, {**_params(match), **extra}, match_link(match))


def tell_invited(need: Need, *, organisation=None, team=None) -> None:
    params = {"need": need.title, "owner": organisation_param(need.owner),
              "provider": provider_param(organisation=organisation, team=team)}
    for user in provider_people(organisation=organisation, team=team):
        notify(user, INVITED, params, link_to("matching.need", need_id=need.id))


def when(value) -> str:
    return to_park_time(value).strftime("%Y-%m-%d %H:%M")
