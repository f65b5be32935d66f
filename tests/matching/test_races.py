"""Concurrent moves on one need, under real threads: two owners converting two different
matches make exactly one project, and people of one firm answering at once make one match.
Nothing leaks as a database error; the losers get a message."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from park.accounts.models import OrgKind, OrgRole, User
from park.core.errors import DomainError
from park.extensions import db
from park.matching import services
from park.matching.models import Match, MatchStatus, Need, NeedStatus
from park.projects.models import Project, Visibility
from tests.factories import (
    NeedFactory,
    OrganisationFactory,
    ServiceTypeFactory,
    member_of,
)
from tests.helpers import race


def _outcomes(results):
    unexpected = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if isinstance(r, DomainError)]
    won = [r for r in results if not isinstance(r, (tuple, DomainError))]
    return won, refused, unexpected


def _count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_two_owners_converting_two_matches_of_one_need_make_one_project(app):
    maker = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    owners = [member_of(maker, OrgRole.OWNER), member_of(maker, OrgRole.MANAGER)]
    need = NeedFactory(owner=maker, service_types=[ServiceTypeFactory()])
    matches = []
    for name in ("Artop Yuli", "Xunfeng Styling"):
        firm = OrganisationFactory(name=name)
        matches.append(services.express_interest(member_of(firm, OrgRole.OWNER), need,
                                                 organisation=firm))
    need_id, need_version = need.id, need.version
    plan = [(owners[i].id, matches[i].id, matches[i].version) for i in range(2)]
    db.session.remove()

    def converting(index):
        owner_id, match_id, match_version = plan[index]
        actor = db.session.get(User, owner_id)
        match = db.session.get(Match, match_id)
        # What the conversion page loaded before the owner pressed the button.
        _ = (actor.memberships, match.need.owner.memberships, match.need.specialties,
             match.provider.memberships, match.created_by)
        return lambda: services.convert_match(
            actor, match, expected_version=match_version, need_version=need_version,
            title=f"Fairing by {match.provider.name}", summary="", specialty=None,
            template="full", start_on=date(2027, 1, 4), target_end_on=date(2027, 6, 30),
            visibility=Visibility.PARK)

    results = race(app, 2, converting)

    won, refused, unexpected = _outcomes(results)
    assert not unexpected, unexpected
    assert len(won) == 1 and len(refused) == 1
    assert "reload" in str(refused[0].message) or "no longer open" in str(refused[0].message)
    assert _count(Project) == 1
    need = db.session.get(Need, need_id)
    project = db.session.scalar(select(Project))
    assert need.status is NeedStatus.CONVERTED and need.project_id == project.id
    converted = db.session.scalars(select(Match).where(
        Match.status == MatchStatus.CONVERTED)).all()
    assert len(converted) == 1 and converted[0].project_id == project.id
    assert project.title == f"Fairing by {converted[0].provider.name}"
    assert _count(Match, Match.status == MatchStatus.INTERESTED) == 1


def test_people_of_one_firm_answering_a_need_at_once_make_one_match(app):
    racers = 4
    firm = OrganisationFactory(name="Artop Yuli")
    people = [member_of(firm).id for _ in range(racers)]
    need_id = NeedFactory(service_types=[ServiceTypeFactory()]).id
    firm_id = firm.id
    db.session.remove()

    def answering(index):
        actor = db.session.get(User, people[index])
        need = db.session.get(Need, need_id)
        organisation = next(m.organisation for m in actor.memberships
                            if m.organisation_id == firm_id)
        _ = need.owner.memberships, organisation.memberships
        return lambda: services.express_interest(actor, need, organisation=organisation,
                                                 message=f"Answer {index}")

    results = race(app, racers, answering)

    won, refused, unexpected = _outcomes(results)
    assert not unexpected, unexpected
    assert len(won) == 1 and len(refused) == racers - 1
    assert all("already in play" in str(error.message) for error in refused)
    assert _count(Match) == 1
    match = db.session.scalar(select(Match))
    assert match.provider_id == firm_id and len(match.steps) == 1
