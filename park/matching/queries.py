"""Read side of matching: needs a user may see (those that fit them first), one need or match
with what its page shows, the provider's inbox, teams and people, meeting slots that fit a
match, and the funnel. Each a fixed number of queries, however many rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import g, has_app_context
from sqlalchemy import and_, case, exists, false, func, literal, or_, select
from sqlalchemy.orm import joinedload, selectinload

from park.accounts.models import Organisation, OrgStatus, User
from park.core.models import storable_id
from park.core.search import contains
from park.core.time import as_utc, now_utc
from park.directory.models import PROVIDER_KINDS, profile_service_types
from park.events.meetings import busy_organisations, meeting_slots, tables_taken
from park.events.models import Event, EventStatus, Meeting, Registration, RegistrationStatus
from park.extensions import db
from park.matching.models import (
    AcademicProfile,
    Discipline,
    Match,
    MatchStatus,
    MatchStep,
    Need,
    NeedInvitation,
    NeedStatus,
    NeedVisibility,
    Team,
    TeamMember,
    need_service_types,
    need_specialties,
    team_service_types,
    team_specialties,
)

MAX_FIT_EVENTS = 10  # upcoming events offered for a match's meeting


# Who the user is, as a provider --------------------------------------------------------------


def teams_of(user: User) -> list[Team]:
    """The teams the user is on (cached for the request: policies ask often)."""
    cache = g.setdefault("_park_teams_of", {}) if has_app_context() else {}
    if user.id not in cache:
        cache[user.id] = list(db.session.scalars(
            select(Team).join(TeamMember).where(TeamMember.user_id == user.id)
            .options(selectinload(Team.members)).order_by(Team.name)))
    return cache[user.id]


def _approved_org_ids(user: User) -> list[int]:
    return [m.organisation_id for m in user.memberships
            if m.organisation.status is OrgStatus.APPROVED]


def _provider_org_ids(user: User) -> list[int]:
    return [m.organisation_id for m in user.memberships
            if m.organisation.status is OrgStatus.APPROVED
            and m.organisation.kind in PROVIDER_KINDS]


# Needs ---------------------------------------------------------------------------------------


@dataclass
class NeedFilters:
    q: str = ""
    specialty_id: int | None = None
    service_type_id: int | None = None
    status: NeedStatus | None = None
    scope: str = "all"  # "all", "mine" (posted by my organisations) or "invited"


def visible_needs(user: User):
    """SQL condition: needs the user may see (the policy `can_view_need`, for a list)."""
    if user.is_admin:
        return literal(True)
    org_ids = _approved_org_ids(user)
    if not org_ids:
        return false()
    team_ids = [team.id for team in teams_of(user)]
    invited = exists(select(1).where(
        NeedInvitation.need_id == Need.id,
        or_(NeedInvitation.organisation_id.in_(org_ids),
            NeedInvitation.team_id.in_(team_ids) if team_ids else false()),
    ))
    return or_(Need.owner_id.in_(org_ids), Need.visibility == NeedVisibility.PARK, invited)


def _fit(user: User):
    """How many of a need's services the user's organisations and teams offer, in SQL."""
    org_ids = _provider_org_ids(user)
    team_ids = [team.id for team in teams_of(user)]
    offered = []
    if org_ids:
        offered.append(select(profile_service_types.c.service_type_id)
                       .where(profile_service_types.c.organisation_id.in_(org_ids)))
    if team_ids:
        offered.append(select(team_service_types.c.service_type_id)
                       .where(team_service_types.c.team_id.in_(team_ids)))
    if not offered:
        return literal(0)
    terms = offered[0] if len(offered) == 1 else offered[0].union(offered[1])
    return (select(func.count())
            .where(need_service_types.c.need_id == Need.id,
                   need_service_types.c.service_type_id.in_(terms))
            .correlate(Need).scalar_subquery())


def _wanted():
    return (select(func.count()).where(need_service_types.c.need_id == Need.id)
            .correlate(Need).scalar_subquery())


def needs_query(user: User, filters: NeedFilters):
    """Rows of (need, services it wants that the user offers, services it wants): open needs
    that fit the user first, then the newest."""
    fit = _fit(user).label("fit")
    wanted = _wanted().label("wanted")
    org_ids = _approved_org_ids(user)
    query = (
        select(Need, fit, wanted)
        .where(visible_needs(user))
        .options(joinedload(Need.owner), selectinload(Need.specialties),
                 selectinload(Need.service_types))
    )
    if filters.q:
        query = query.where(or_(contains(Need.title, filters.q),
                                contains(Need.description, filters.q)))
    if filters.specialty_id:
        query = query.where(exists(select(1).where(
            need_specialties.c.need_id == Need.id,
            need_specialties.c.specialty_id == filters.specialty_id)))
    if filters.service_type_id:
        query = query.where(exists(select(1).where(
            need_service_types.c.need_id == Need.id,
            need_service_types.c.service_type_id == filters.service_type_id)))
    if filters.status:
        query = query.where(Need.status == filters.status)
    if filters.scope == "mine":
        query = query.where(Need.owner_id.in_(org_ids))
    elif filters.scope == "invited":
        query = query.where(exists(select(1).where(
            NeedInvitation.need_id == Need.id,
            or_(NeedInvitation.organisation_id.in_(org_ids),
                NeedInvitation.team_id.in_([t.id for t in teams_of(user)])))))
    answerable = case((Need.status.in_((NeedStatus.OPEN, NeedStatus.IN_DISCUSSION)), 0),
                      else_=1)
    return query.order_by(answerable, fit.desc(), Need.created_at.desc(), Need.id.desc())


def need_alone(need_id: int) -> Need | None:
    """The need's row alone, for deciding who may see it and act on it: the owner and the park
    office need nothing more, and the invitations load when a policy asks for them."""
    return db.session.get(Need, need_id) if storable_id(need_id) else None


def need_by_id(need_id: int) -> Need | None:
    """The need with its page's relations; None when missing (or an id no row can have)."""
    if not storable_id(need_id):
        return None
    return db.session.scalar(
        select(Need).where(Need.id == need_id).options(
            joinedload(Need.owner), joinedload(Need.created_by), joinedload(Need.project),
            selectinload(Need.specialties), selectinload(Need.service_types),
            selectinload(Need.invitations).joinedload(NeedInvitation.organisation),
            selectinload(Need.invitations).joinedload(NeedInvitation.team),
        )
    )


def _match_loads():
    return (joinedload(Match.provider), joinedload(Match.team).selectinload(Team.members),
            joinedload(Match.meeting).joinedload(Meeting.event), joinedload(Match.project))


def matches_of_need(need: Need) -> list[Match]:
    """The need's matches in play first, then the closed ones, newest move first."""
    closed = case((Match.status.in_((MatchStatus.DECLINED, MatchStatus.WITHDRAWN)), 1), else_=0)
    return list(db.session.scalars(
        select(Match).where(Match.need_id == need.id).options(*_match_loads())
        .order_by(closed, Match.updated_at.desc(), Match.id.desc())))


def match_by_id(match_id: int) -> Match | None:
    return db.session.scalar(
        select(Match).where(Match.id == match_id).options(
            *_match_loads(),
            joinedload(Match.need).joinedload(Need.owner),
            joinedload(Match.need).selectinload(Need.specialties),
            joinedload(Match.need).selectinload(Need.service_types),
            joinedload(Match.need).selectinload(Need.invitations),
            selectinload(Match.steps).joinedload(MatchStep.actor),
            # The match page shows a team's people; its conversion, the firm and partners.
            joinedload(Match.team).joinedload(Team.organisation),
            joinedload(Match.team).selectinload(Team.members).joinedload(TeamMember.user),
            joinedload(Match.team).selectinload(Team.members)
            .joinedload(TeamMember.organisation),
        )
    )


def match_for(need: Need, provider=None, team=None) -> Match | None:
    if team is not None:
        return db.session.scalar(select(Match).where(Match.need_id == need.id,
                                                     Match.team_id == team.id))
    return db.session.scalar(select(Match).where(Match.need_id == need.id,
                                                 Match.provider_id == provider.id))


def provider_by_value(value: str | None) -> Organisation | Team | None:
    """The organisation or team a form names as "org:ID" or "team:ID"; None when unreadable
    or missing."""
    kind, _, number = (value or "").partition(":")
    if not number.isdigit() or not storable_id(int(number)):
        return None
    model = {"org": Organisation, "team": Team}.get(kind)
    return db.session.get(model, int(number)) if model else None


def my_matches(user: User, need: Need) -> list[Match]:
    """The user's own side of a need: matches of their organisations and teams."""
    org_ids = _approved_org_ids(user)
    team_ids = [t.id for t in teams_of(user)]
    return list(db.session.scalars(
        select(Match).where(Match.need_id == need.id, or_(
            Match.provider_id.in_(org_ids), Match.team_id.in_(team_ids) if team_ids else false()
        )).options(*_match_loads()).order_by(Match.id)))


# The provider's inbox ------------------------------------------------------------------------


def inbox_query(user: User, *, closed: bool = False):
    """Matches of the user's organisations and teams: in play, or (with `closed`) finished."""
    org_ids = _approved_org_ids(user)
    team_ids = [t.id for t in teams_of(user)]
    ours = or_(Match.provider_id.in_(org_ids) if org_ids else false(),
               Match.team_id.in_(team_ids) if team_ids else false())
    finished = Match.status.in_((MatchStatus.CONVERTED, MatchStatus.DECLINED,
                                 MatchStatus.WITHDRAWN))
    return (select(Match).where(ours, finished if closed else ~finished)
            .options(*_match_loads(), joinedload(Match.need).joinedload(Need.owner))
            .order_by(Match.updated_at.desc(), Match.id.desc()))


def open_invitations(user: User) -> list[NeedInvitation]:
    """Invitations to needs still open that the invited side has not answered yet."""
    org_ids = _approved_org_ids(user)
    team_ids = [t.id for t in teams_of(user)]
    if not org_ids and not team_ids:
        return []
    answered = exists(select(1).where(
        Match.need_id == NeedInvitation.need_id,
        or_(and_(NeedInvitation.organisation_id.is_not(None),
                 Match.provider_id == NeedInvitation.organisation_id),
            and_(NeedInvitation.team_id.is_not(None), Match.team_id == NeedInvitation.team_id))))
    return list(db.session.scalars(
        select(NeedInvitation).join(Need)
        .where(or_(NeedInvitation.organisation_id.in_(org_ids) if org_ids else false(),
                   NeedInvitation.team_id.in_(team_ids) if team_ids else false()),
               Need.status.in_((NeedStatus.OPEN, NeedStatus.IN_DISCUSSION)), ~answered)
        .options(joinedload(NeedInvitation.need).joinedload(Need.owner),
                 joinedload(NeedInvitation.organisation), joinedload(NeedInvitation.team))
        .order_by(NeedInvitation.created_at.desc(), NeedInvitation.id.desc()).limit(50)))


# The park office -----------------------------------------------------------------------------


FUNNEL_STEPS = ("posted", "interested", "introduced", "meeting", "converted")


@dataclass(frozen=True)
class FunnelStep:
    key: str
    count: int
    rate_from_previous: float | None  # share of the step before, 0..1
    rate_from_posted: float | None


def funnel(start: datetime | None = None, end: datetime | None = None) -> list[FunnelStep]:
    """Needs posted in [start, end) and how far the furthest of their matches got; a step
    counts every need that reached it or beyond. Two aggregate queries."""
    reach = case(
        (Match.converted_at.is_not(None), 4),
        (Match.meeting_at.is_not(None), 3),
        (Match.introduced_at.is_not(None), 2),
        else_=1,
    )
    period = []
    if start is not None:
        period.append(Need.created_at >= start)
    if end is not None:
        period.append(Need.created_at < end)
    posted = db.session.scalar(select(func.count(Need.id)).where(*period)) or 0
    furthest = (select(Match.need_id, func.max(reach).label("reach"))
                .join(Need, Need.id == Match.need_id).where(*period)
                .group_by(Match.need_id).subquery())
    rows = dict(db.session.execute(
        select(furthest.c.reach, func.count()).group_by(furthest.c.reach)).all())
    counts = [posted] + [sum(n for r, n in rows.items() if r >= level) for level in (1, 2, 3, 4)]
    steps = []
    for index, (key, count) in enumerate(zip(FUNNEL_STEPS, counts, strict=True)):
        previous = counts[index - 1] if index else None
        steps.append(FunnelStep(
            key, count,
            count / previous if previous else None,
            count / posted if index and posted else None,
        ))
    return steps


def introduction_requests() -> list[Match]:
    return list(db.session.scalars(
        select(Match).where(Match.status == MatchStatus.INTRO_REQUESTED)
        .options(*_match_loads(), joinedload(Match.need).joinedload(Need.owner))
        .order_by(Match.updated_at, Match.id)))


def recent_conversions(limit: int = 10) -> list[Match]:
    return list(db.session.scalars(
        select(Match).where(Match.status == MatchStatus.CONVERTED)
        .options(*_match_loads(), joinedload(Match.need).joinedload(Need.owner))
        .order_by(Match.converted_at.desc(), Match.id.desc()).limit(limit)))


# Teams and people ----------------------------------------------------------------------------


@dataclass
class TeamFilters:
    q: str = ""
    specialty_id: int | None = None
    balanced: bool = False  # both artists and engineers


def teams_query(filters: TeamFilters):
    artists = (select(func.count()).where(TeamMember.team_id == Team.id,
                                          TeamMember.discipline == Discipline.ART_DESIGN)
               .correlate(Team).scalar_subquery())
    engineers = (select(func.count()).where(TeamMember.team_id == Team.id,
                                            TeamMember.discipline == Discipline.ENGINEERING)
                 .correlate(Team).scalar_subquery())
    query = (
        select(Team).join(Organisation, Organisation.id == Team.organisation_id)
        .where(Team.listed.is_(True), Organisation.status == OrgStatus.APPROVED)
        .options(joinedload(Team.organisation),
                 selectinload(Team.members).joinedload(TeamMember.organisation),
                 selectinload(Team.members).joinedload(TeamMember.user),
                 selectinload(Team.specialties), selectinload(Team.service_types))
    )
    if filters.q:
        query = query.where(or_(contains(Team.name, filters.q),
                                contains(Team.description, filters.q)))
    if filters.specialty_id:
        query = query.where(exists(select(1).where(
            team_specialties.c.team_id == Team.id,
            team_specialties.c.specialty_id == filters.specialty_id)))
    if filters.balanced:
        query = query.where(artists > 0, engineers > 0)
    return query.order_by(Team.name, Team.id)


def team_by_id(team_id: int) -> Team | None:
    return db.session.scalar(
        select(Team).where(Team.id == team_id).options(
            joinedload(Team.organisation), joinedload(Team.created_by),
            selectinload(Team.members).joinedload(TeamMember.user),
            selectinload(Team.members).joinedload(TeamMember.organisation),
            selectinload(Team.specialties), selectinload(Team.service_types),
        )
    )


def academic_profile_of(user: User) -> AcademicProfile | None:
    return db.session.get(AcademicProfile, user.id)


def academic_profiles(user_ids) -> dict[int, AcademicProfile]:
    if not user_ids:
        return {}
    return {p.user_id: p for p in db.session.scalars(
        select(AcademicProfile).where(AcademicProfile.user_id.in_(list(user_ids))))}


@dataclass
class PeopleFilters:
    q: str = ""
    discipline: Discipline | None = None
    available_only: bool = False


def people_query(filters: PeopleFilters):
    query = (
        select(AcademicProfile).join(User, User.id == AcademicProfile.user_id)
        .where(AcademicProfile.listed.is_(True), User.active.is_(True))
        .options(joinedload(AcademicProfile.user), joinedload(AcademicProfile.organisation))
    )
    if filters.q:
        query = query.where(or_(contains(User.name, filters.q),
                                contains(AcademicProfile.skills, filters.q),
                                contains(AcademicProfile.bio, filters.q)))
    if filters.discipline:
        query = query.where(AcademicProfile.discipline == filters.discipline)
    if filters.available_only:
        query = query.where(AcademicProfile.availability.in_(("available", "limited")))
    return query.order_by(User.name, User.id)


# Meetings that fit a match -------------------------------------------------------------------


@dataclass(frozen=True)
class SlotOption:
    event: Event
    starts_at: datetime


def fitting_slots(owner_id: int, provider_id: int) -> list[SlotOption]:
    """Free one-to-one slots at upcoming events both organisations take part in: neither is
    held in the slot and a table is left. A few queries per fitting event, at most
    MAX_FIT_EVENTS of them."""
    now = now_utc()

    def taking_part(org_id):
        return exists(select(1).where(Registration.event_id == Event.id,
                                      Registration.organisation_id == org_id,
                                      Registration.status == RegistrationStatus.CONFIRMED))

    events = list(db.session.scalars(
        select(Event).where(Event.status == EventStatus.PUBLISHED,
                            Event.meetings_enabled.is_(True), Event.ends_at > now,
                            taking_part(owner_id), taking_part(provider_id))
        .order_by(Event.starts_at, Event.id).limit(MAX_FIT_EVENTS)))
    options = []
    for event in events:
        busy = busy_organisations(event)
        taken = tables_taken(event)
        for slot in meeting_slots(event):
            if as_utc(slot) <= now or taken.get(slot, 0) >= event.meeting_tables:
                continue
            if (slot, owner_id) in busy or (slot, provider_id) in busy:
                continue
            options.append(SlotOption(event, slot))
    return options
