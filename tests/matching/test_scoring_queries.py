"""Ranking a need reads a fixed number of queries, however many providers and teams the park
has: 10 or 500, the same statements, and every relevant one ranked."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert

from park.accounts.models import Organisation, OrgKind, OrgStatus, User
from park.directory.models import ProviderProfile, profile_service_types, profile_specialties
from park.extensions import db
from park.matching.models import Discipline, Need, Team, TeamMember, team_service_types
from park.matching.scoring import score_providers
from park.projects.models import Project, ProjectStatus
from park.tenants.models import Tenancy, TenancyStatus
from tests.factories import PASSWORD_HASH, NeedFactory, ServiceTypeFactory, SpecialtyFactory

# Loading the need and its terms (3), the organisations with their services, fields,
# completed and active projects (5), the teams with their members, availability, tenancies,
# services, fields and record (7), the need's matches and invitations (2).
QUERY_BOUND = 18


def _add_providers(start: int, count: int, service_id: int, specialty_id: int) -> None:
    """`count` listed firms (every third a settled tenant, with a completed and an active
    project in the field) and a team for every tenth, in one commit."""
    organisations = [
        Organisation(slug=f"bulk-{n}", name=f"Bulk Firm {n:04d}", name_zh=f"批量{n}",
                     kind=OrgKind.LAB if n % 7 == 0 else OrgKind.DESIGN_FIRM,
                     status=OrgStatus.APPROVED)
        for n in range(start, start + count)
    ]
    users = [User(email=f"bulk{n}@example.com", name=f"Bulk {n}", password_hash=PASSWORD_HASH,
                  locale="en", active=True) for n in range(start, start + count)]
    db.session.add_all(organisations + users)
    db.session.flush()
    db.session.add_all(ProviderProfile(organisation_id=org.id, listed=True, capacity=4,
                                       contact_name="Li", contact_email="li@example.com")
                       for org in organisations)
    db.session.add_all(Tenancy(organisation_id=org.id, status=TenancyStatus.SETTLED, notes="",
                               signed_on=date(2026, 1, 5), settled_on=date(2026, 3, 1))
                       for org in organisations[::3])
    db.session.add_all(
        Project(firm_id=org.id, title=f"Project {org.slug} {status.value}", summary="",
                template="full", status=status, specialty_id=specialty_id)
        for org in organisations[::3] for status in (ProjectStatus.COMPLETED,
                                                     ProjectStatus.ACTIVE))
    teams = [Team(name=f"Bulk Team {org.slug}", organisation_id=org.id, listed=True)
             for org in organisations[::10]]
    db.session.add_all(teams)
    db.session.flush()
    db.session.add_all(
        TeamMember(team_id=team.id, user_id=user.id, organisation_id=team.organisation_id,
                   discipline=Discipline.ENGINEERING if index % 2 else Discipline.ART_DESIGN)
        for team, chunk in zip(teams, [users[i:i + 10] for i in range(0, count, 10)],
                               strict=True)
        for index, user in enumerate(chunk[:3]))
    db.session.execute(insert(profile_service_types), [
        {"organisation_id": org.id, "service_type_id": service_id} for org in organisations])
    db.session.execute(insert(profile_specialties), [
        {"organisation_id": org.id, "specialty_id": specialty_id}
        for org in organisations[::2]])
    db.session.execute(insert(team_service_types), [
        {"team_id": team.id, "service_type_id": service_id} for team in teams])
    db.session.commit()


def _ranked_with_queries(count_queries, need_id: int):
    db.session.remove()
    with count_queries() as counter:
        need = db.session.get(Need, need_id)
        ranked = score_providers(need)
    return ranked, counter


def test_ranking_reads_the_same_few_queries_for_10_or_500_providers(count_queries):
    service, specialty = ServiceTypeFactory(name="Prototype"), SpecialtyFactory(name="Moto")
    need_id = NeedFactory(service_types=[service], specialties=[specialty]).id
    ids = (service.id, specialty.id)
    _add_providers(0, 10, *ids)

    small, few = _ranked_with_queries(count_queries, need_id)
    _add_providers(10, 490, *ids)
    large, many = _ranked_with_queries(count_queries, need_id)

    assert len(small) == 10 + 1  # ten firms, one team
    assert len(large) == 500 + 50
    assert many.count == few.count, "\n".join(many.statements)
    assert many.count <= QUERY_BOUND, "\n".join(many.statements)


def test_every_one_of_500_providers_is_ranked_in_a_stable_order(count_queries):
    service, specialty = ServiceTypeFactory(name="Prototype"), SpecialtyFactory(name="Moto")
    need_id = NeedFactory(service_types=[service], specialties=[specialty]).id
    _add_providers(0, 500, service.id, specialty.id)

    ranked, _ = _ranked_with_queries(count_queries, need_id)

    firms = [row for row in ranked if row.candidate.kind == "organisation"]
    assert len(firms) == 500
    assert len({row.candidate.id for row in firms}) == 500
    keys = [(-row.score, -len(row.candidate.services), -row.candidate.completed,
             row.candidate.name.casefold()) for row in ranked]
    assert keys == sorted(keys)
    # Settled firms in the field with a completed project come first.
    top = ranked[0].candidate
    assert top.kind == "organisation" and top.completed == 1 and top.specialties
