"""The match score: which providers (organisations and teams) fit a need, in what order, and
why, in words.

The score is deterministic and explainable: each part is a share between 0 and 1 of a fixed
weight, the weights below are the only knobs, and every part carries the sentence that says
where its points came from. The facts behind it are read with a fixed number of aggregate
queries, however many providers the park has.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from park.accounts.models import Organisation, OrgKind, OrgStatus
from park.core.caching import cache_key, remember
from park.directory.models import (
    PROVIDER_KINDS,
    ProviderProfile,
    profile_service_types,
    profile_specialties,
)
from park.extensions import db
from park.matching.models import (
    AcademicProfile,
    Availability,
    Match,
    Need,
    Team,
    TeamMember,
    team_service_types,
    team_specialties,
)
from park.projects.models import CONTRIBUTING_ROLES, Project, ProjectMember, ProjectStatus
from park.tenants.models import Tenancy, TenancyStatus


@dataclass(frozen=True)
class Weight:
    points: int
    reason: object  # a lazy string, shown on the need page's "how the ranking works"


# The only knobs of the ranking. Parts that do not apply to a provider (balance, for anyone
# but a team) are left out and the rest scaled up, so firms and teams stay comparable.
WEIGHTS: dict[str, Weight] = {
    "services": Weight(35, _l("A need is met only by someone who offers the services it asks "
                              "for, so covering them counts most.")),
    "specialty": Weight(25, _l("Knowing the product field (motorcycles, aerospace apparel, ...) "
                               "shortens every stage of the work.")),
    "track_record": Weight(15, _l("Completed projects in the field show the provider has "
                                  "delivered before; beyond five, more count no further.")),
    "load": Weight(10, _l("A provider working at capacity cannot start soon, however good the "
                          "fit.")),
    "in_park": Weight(10, _l("Park tenants are next door to the workshops, labs and each other: "
                             "meetings, prototypes and inspections go faster.")),
    "balance": Weight(5, _l("The park grows \"artists + engineers\" teams: for a team, an even "
                            "mix of the two counts.")),
}
RANKING_PER_PAGE = 20  # ranked providers a page shows
# Scoring reads every listed provider and counts the projects of each: a need's ranking may
# show providers' facts (services, record, load, tenancy) up to this many seconds old.
RANKING_CACHE_SECONDS = 60
TRACK_RECORD_FULL = 5  # completed projects that earn the whole track-record weight
CAPACITY_UNKNOWN = 0.5  # a provider that states no capacity is neither idle nor busy
TENANCY_SHARE = {TenancyStatus.SETTLED: 1.0, TenancyStatus.SIGNED: 0.5}
AVAILABILITY_SHARE = {Availability.AVAILABLE: 1.0, Availability.LIMITED: 0.5,
                      Availability.UNAVAILABLE: 0.0}


@dataclass
class Candidate:
    """What the score reads of one provider."""

    kind: str  # "organisation" or "team"
    id: int
    name: str
    name_zh: str = ""
    slug: str = ""
    org_kind: OrgKind | None = None
    services: set[int] = field(default_factory=set)  # of the need's, those offered
    specialties: set[int] = field(default_factory=set)  # of the need's, those shared
    completed: int = 0
    active: int = 0
    capacity: int = 0
    tenancy: TenancyStatus | None = None
    artists: int = 0
    engineers: int = 0
    availability: float = 0.0  # teams: the members' summed availability
    members: int = 0

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)

    def display_name(self, locale: str) -> str:
        if locale.startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name


@dataclass(frozen=True)
class ScorePart:
    key: str
    share: float  # 0..1 of the weight
    weight: int
    text: str

    @property
    def points(self) -> float:
        return self.share * self.weight


@dataclass
class RankedProvider:
    candidate: Candidate
    score: int  # 0..100
    need: Need
    locale: str
    match: Match | None = None
    invited: bool = False

    @cached_property
    def parts(self) -> list[ScorePart]:
        """The score's parts with their sentences, worded only for the rows a page shows: a
        park has thousands of providers and translating every sentence of each costs more
        than the whole ranking."""
        return score(self.need, self.candidate, self.locale)[1]


# Reading the facts ---------------------------------------------------------------------------


def _pairs(table, owner_column: str, term_column: str, term_ids) -> dict[int, set[int]]:
    """owner id -> the terms of `term_ids` it has, in one query."""
    found: dict[int, set[int]] = defaultdict(set)
    if not term_ids:
        return found
    rows = db.session.execute(
        select(table.c[owner_column], table.c[term_column])
        .where(table.c[term_column].in_(term_ids))
    )
    for owner_id, term_id in rows:
        found[owner_id].add(term_id)
    return found


def _in_fields(query, specialty_ids):
    return query.where(Project.specialty_id.in_(specialty_ids)) if specialty_ids else query


def _organisation_candidates(need: Need, service_ids, specialty_ids) -> list[Candidate]:
    rows = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.name_zh, Organisation.slug,
               Organisation.kind, ProviderProfile.capacity, Tenancy.status)
        .join(ProviderProfile, ProviderProfile.organisation_id == Organisation.id)
        .outerjoin(Tenancy, Tenancy.organisation_id == Organisation.id)
        .where(Organisation.status == OrgStatus.APPROVED,
               Organisation.kind.in_(PROVIDER_KINDS),
               ProviderProfile.listed.is_(True),
               Organisation.id != need.owner_id)
    )
    services = _pairs(profile_service_types, "organisation_id", "service_type_id", service_ids)
    specialties = _pairs(profile_specialties, "organisation_id", "specialty_id", specialty_ids)
    completed = dict(db.session.execute(_in_fields(
        select(Project.firm_id, func.count(Project.id))
        .where(Project.status == ProjectStatus.COMPLETED), specialty_ids
    ).group_by(Project.firm_id)).all())
    active = dict(db.session.execute(
        select(Project.firm_id, func.count(Project.id))
        .where(Project.status == ProjectStatus.ACTIVE).group_by(Project.firm_id)
    ).all())
    return [
        Candidate(kind="organisation", id=org_id, name=name, name_zh=name_zh, slug=slug,
                  org_kind=kind, services=services.get(org_id, set()),
                  specialties=specialties.get(org_id, set()),
                  completed=completed.get(org_id, 0), active=active.get(org_id, 0),
                  capacity=capacity or 0, tenancy=tenancy)
        for org_id, name, name_zh, slug, kind, capacity, tenancy in rows
    ]


def _team_candidates(service_ids, specialty_ids) -> list[Candidate]:
    teams = list(db.session.scalars(
        select(Team)
        .join(Organisation, Organisation.id == Team.organisation_id)
        .where(Team.listed.is_(True), Organisation.status == OrgStatus.APPROVED)
        .options(selectinload(Team.members))
    ))
    if not teams:
        return []
    team_ids = [team.id for team in teams]
    user_ids = {m.user_id for team in teams for m in team.members}
    org_ids = {m.organisation_id for team in teams for m in team.members}
    availability = dict(db.session.execute(
        select(AcademicProfile.user_id, AcademicProfile.availability)
        .where(AcademicProfile.user_id.in_(user_ids))
    ).all()) if user_ids else {}
    tenancies = dict(db.session.execute(
        select(Tenancy.organisation_id, Tenancy.status)
        .where(Tenancy.organisation_id.in_(org_ids))
    ).all()) if org_ids else {}
    services = _pairs(team_service_types, "team_id", "service_type_id", service_ids)
    specialties = _pairs(team_specialties, "team_id", "specialty_id", specialty_ids)
    # A team's record: completed projects in the field that one of its people worked on.
    completed = dict(db.session.execute(_in_fields(
        select(TeamMember.team_id, func.count(func.distinct(Project.id)))
        .join(ProjectMember, ProjectMember.user_id == TeamMember.user_id)
        .join(Project, Project.id == ProjectMember.project_id)
        .where(TeamMember.team_id.in_(team_ids), Project.status == ProjectStatus.COMPLETED,
               ProjectMember.role.in_(CONTRIBUTING_ROLES)), specialty_ids
    ).group_by(TeamMember.team_id)).all())
    candidates = []
    for team in teams:
        member_tenancies = [tenancies.get(m.organisation_id) for m in team.members]
        best = max((TENANCY_SHARE.get(status, 0.0), status) for status in member_tenancies) \
            if member_tenancies else (0.0, None)
        candidates.append(Candidate(
            kind="team", id=team.id, name=team.name,
            services=services.get(team.id, set()), specialties=specialties.get(team.id, set()),
            completed=completed.get(team.id, 0), tenancy=best[1],
            artists=team.artists, engineers=team.engineers, members=len(team.members),
            availability=sum(AVAILABILITY_SHARE[availability.get(m.user_id,
                                                                 Availability.AVAILABLE)]
                             for m in team.members),
        ))
    return candidates


# Scoring -------------------------------------------------------------------------------------


def _names(terms, ids, locale: str) -> str:
    return ", ".join(term.display_name(locale) for term in terms if term.id in ids)


def _services_text(need: Need, candidate: Candidate, locale: str, share: float) -> str:
    wanted = len(need.service_types)
    if not wanted:
        return _("the need names no services")
    covered = len(candidate.services)
    text = ngettext("covers %(covered)d of %(num)d service", "covers %(covered)d of %(num)d "
                    "services", wanted, covered=covered)
    missing = [t for t in need.service_types if t.id not in candidate.services]
    if covered and missing:
        text = _("%(coverage)s (not %(missing)s)", coverage=text,
                 missing=", ".join(t.display_name(locale) for t in missing))
    return text


def _specialty_text(need: Need, candidate: Candidate, locale: str, share: float) -> str:
    if not need.specialties:
        return _("the need names no field")
    if not candidate.specialties:
        return _("does not work in %(fields)s",
                 fields=_names(need.specialties, {s.id for s in need.specialties}, locale))
    return _("works in %(fields)s",
             fields=_names(need.specialties, candidate.specialties, locale))


def _track_record_text(need: Need, candidate: Candidate, locale: str, share: float) -> str:
    if need.specialties:
        fields = " / ".join(s.display_name(locale) for s in need.specialties)
        return ngettext("%(num)d completed %(field)s project",
                        "%(num)d completed %(field)s projects", candidate.completed,
                        field=fields)
    return ngettext("%(num)d completed project", "%(num)d completed projects",
                    candidate.completed)


def _load_text(need: Need, candidate: Candidate, locale: str, share: float) -> str:
    if candidate.kind == "team":
        if not candidate.members:
            return _("no members yet")
        return _("availability of its members: %(share)d%%", share=round(100 * share))
    if not candidate.capacity:
        return _("capacity not stated")
    return ngettext("%(num)d active project for a capacity of %(capacity)d",
                    "%(num)d active projects for a capacity of %(capacity)d",
                    candidate.active, capacity=candidate.capacity)


def _in_park_text(need: Need, candidate: Candidate, locale: str, share: float) -> str:
    if candidate.kind == "team":
        return (_("members from a park tenant") if share == 1.0
                else _("members from a firm moving into the park") if share
                else _("no member from a park tenant"))
    return (_("settled in the park") if share == 1.0
            else _("signed to move into the park") if share
            else _("not a park tenant"))


def _balance_text(need: Need, candidate: Candidate, locale: str, share: float) -> str:
    return _("%(artists)s and %(engineers)s",
             artists=ngettext("%(num)d artist", "%(num)d artists", candidate.artists),
             engineers=ngettext("%(num)d engineer", "%(num)d engineers", candidate.engineers))


# Each part's sentence, in the order the need page lists them.
PART_TEXTS = {
    "services": _services_text,
    "specialty": _specialty_text,
    "track_record": _track_record_text,
    "load": _load_text,
    "in_park": _in_park_text,
    "balance": _balance_text,
}


def _shares(wanted_services: int, wanted_specialties: int,
            candidate: Candidate) -> dict[str, float]:
    """Each part's share of its weight (0..1); the balance part only for teams."""
    if candidate.kind == "team":
        load = candidate.availability / candidate.members if candidate.members else 0.0
    elif candidate.capacity:
        load = max(0.0, 1 - candidate.active / candidate.capacity)
    else:
        load = CAPACITY_UNKNOWN
    shares = {
        "services": len(candidate.services) / wanted_services if wanted_services else 1.0,
        "specialty": (len(candidate.specialties) / wanted_specialties
                      if wanted_specialties else 1.0),
        "track_record": min(candidate.completed, TRACK_RECORD_FULL) / TRACK_RECORD_FULL,
        "load": load,
        "in_park": TENANCY_SHARE.get(candidate.tenancy, 0.0),
    }
    if candidate.kind == "team":
        artists, engineers = candidate.artists, candidate.engineers
        shares["balance"] = (min(artists, engineers) / max(artists, engineers)
                             if artists and engineers else 0.0)
    return shares


def _total(shares: dict[str, float]) -> int:
    weight = sum(WEIGHTS[key].points for key in shares)
    return round(100 * sum(share * WEIGHTS[key].points for key, share in shares.items())
                 / weight)


def score(need: Need, candidate: Candidate, locale: str) -> tuple[int, list[ScorePart]]:
    """The candidate's score out of 100 and its parts, each with its sentence."""
    shares = _shares(len(need.service_types), len(need.specialties), candidate)
    parts = [ScorePart(key, share, WEIGHTS[key].points,
                       PART_TEXTS[key](need, candidate, locale, share))
             for key, share in shares.items()]
    return _total(shares), parts


def score_value(wanted_services: int, wanted_specialties: int, candidate: Candidate) -> int:
    """The candidate's score out of 100, the same number as `score` gives, without wording
    its parts (ranking thousands of providers)."""
    return _total(_shares(wanted_services, wanted_specialties, candidate))


def relevant(candidate: Candidate) -> bool:
    """Only providers that offer a wanted service or work in a wanted field are ranked."""
    return bool(candidate.services or candidate.specialties)


def _wanted(need: Need) -> tuple[list[int], list[int]]:
    """The ids of the need's services and of its fields, sorted."""
    return (sorted(t.id for t in need.service_types), sorted(s.id for s in need.specialties))


def _ranking_key(need: Need, *parts: object) -> str:
    """The ranking is decided by the need, its owner, its services and fields, not by who
    looks, since it holds no one's private data."""
    service_ids, specialty_ids = _wanted(need)
    return cache_key("need-ranking", need.id, need.owner_id, ",".join(map(str, service_ids)),
                     ",".join(map(str, specialty_ids)), *parts)


def _ranked_candidates(need: Need) -> list[tuple[Candidate, int]]:
    """Every relevant provider with its score, best first, at most RANKING_CACHE_SECONDS old."""
    service_ids, specialty_ids = _wanted(need)

    def rank() -> list[tuple[Candidate, int]]:
        candidates = [c for c in (_organisation_candidates(need, service_ids, specialty_ids)
                                  + _team_candidates(service_ids, specialty_ids))
                      if relevant(c)]
        ranked = [(c, score_value(len(service_ids), len(specialty_ids), c))
                  for c in candidates]
        ranked.sort(key=lambda r: (-r[1], -len(r[0].services), -r[0].completed,
                                   r[0].name.casefold(), r[0].kind, r[0].id))
        return ranked

    return remember(_ranking_key(need), rank, timeout=RANKING_CACHE_SECONDS)


def _ranked_providers(need: Need, locale: str,
                      ranked: list[tuple[Candidate, int]]) -> list[RankedProvider]:
    """The ranked candidates with the need's matches and invitations, read fresh."""
    matches = {}
    for match in db.session.scalars(select(Match).where(Match.need_id == need.id)):
        matches[("team", match.team_id) if match.team_id else
                ("organisation", match.provider_id)] = match
    invited = {("team", i.team_id) if i.team_id else ("organisation", i.organisation_id)
               for i in need.invitations}
    return [RankedProvider(candidate, total, need, locale, matches.get(candidate.key),
                           candidate.key in invited)
            for candidate, total in ranked]


def score_providers(need: Need, locale: str = "en") -> list[RankedProvider]:
    """Every relevant listed provider and team, best first. Ties go to the wider service
    coverage, then the longer record, then the name, so the order never depends on the
    database's mood. Matches and invitations are read fresh; the providers' facts may be
    RANKING_CACHE_SECONDS old."""
    return _ranked_providers(need, locale, _ranked_candidates(need))


def ranking_page(need: Need, locale: str, page: int,
                 per_page: int = RANKING_PER_PAGE) -> tuple[int, list[RankedProvider]]:
    """One page of `score_providers`: how many are ranked, and the page's providers. Each page
    is cached on its own as long as the ranking, so a request reads the facts of the providers
    it shows rather than of every provider in the park."""

    def cut() -> tuple[int, list[tuple[Candidate, int]]]:
        ranked = _ranked_candidates(need)
        start = (page - 1) * per_page
        return len(ranked), ranked[start:start + per_page]

    total, ranked = remember(_ranking_key(need, "page", page, per_page), cut,
                             timeout=RANKING_CACHE_SECONDS)
    return total, _ranked_providers(need, locale, ranked)
