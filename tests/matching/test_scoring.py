"""The match score on a fixed park: a manufacturer's motorcycle fairing need, six providers and
two teams whose facts differ one by one, so each rank, each score and each sentence is pinned.

Weights: services 35, specialty 25, track record 15, load 10, in the park 10 (and balance 5
for a team). Organisations are scored out of 95, teams out of 100, then put on 100.
"""

from __future__ import annotations

import pytest

from park.accounts.models import OrgKind, OrgStatus
from park.matching.models import AcademicPosition, Availability, Discipline, NeedInvitation
from park.matching.scoring import WEIGHTS, Weight, score_providers
from park.projects.models import ProjectStatus
from park.tenants.models import TenancyStatus
from tests.factories import (
    AcademicProfileFactory,
    MatchFactory,
    NeedFactory,
    OrganisationFactory,
    ProjectFactory,
    ProviderProfileFactory,
    ServiceTypeFactory,
    SpecialtyFactory,
    TeamFactory,
    TeamMemberFactory,
    TenancyFactory,
    make_project,
    member_of,
)

FULL_ORDER = ["Zhiwen Surface", "Artop Yuli", "Fairing Studio", "Xunfeng Styling",
              "Yuheng Testing", "Jingmo Moulds", "Cabin Team"]
SCORES = {"Zhiwen Surface": 85, "Artop Yuli": 84, "Fairing Studio": 71, "Xunfeng Styling": 56,
          "Yuheng Testing": 40, "Jingmo Moulds": 29, "Cabin Team": 19}


def _firm(name, *, services=(), specialties=(), capacity=5, kind=OrgKind.DESIGN_FIRM,
          tenancy=None, listed=True, status=OrgStatus.APPROVED):
    organisation = OrganisationFactory(name=name, kind=kind, status=status)
    ProviderProfileFactory(organisation=organisation, capacity=capacity, listed=listed,
                           service_types=list(services), specialties=list(specialties))
    if tenancy is not None:
        TenancyFactory(organisation=organisation, status=tenancy)
    return organisation


def _projects(firm, count, status, specialty):
    lead = member_of(firm)
    for index in range(count):
        make_project(firm, lead, title=f"{firm.name} project {index}", specialty=specialty,
                     status=status)


class Park:
    """The fixed data set, built once per test."""

    def __init__(self):
        self.motorcycle = SpecialtyFactory(code="motorcycle", name="Motorcycle")
        self.automotive = SpecialtyFactory(code="automotive", name="Automotive")
        self.consumer = SpecialtyFactory(code="consumer", name="Consumer products")
        self.cmf = ServiceTypeFactory(code="cmf", name="CMF")
        self.mould = ServiceTypeFactory(code="mould-design", name="Mould design")
        self.prototype = ServiceTypeFactory(code="prototype", name="Prototype production")
        self.industrial = ServiceTypeFactory(code="industrial-design", name="Industrial design")
        self.inspection = ServiceTypeFactory(code="inspection", name="Inspection")

        self.owner = OrganisationFactory(name="Fengchi Motorcycle", kind=OrgKind.MANUFACTURER)
        self.need = NeedFactory(
            owner=self.owner, title="Electric motorcycle fairing: CMF + mould design + prototype",
            service_types=[self.cmf, self.mould, self.prototype], specialties=[self.motorcycle])

        # Two of three services in the field, the longest record, settled; 2 of 5 busy.
        self.artop = _firm("Artop Yuli", services=[self.mould, self.prototype],
                           specialties=[self.motorcycle], capacity=5,
                           tenancy=TenancyStatus.SETTLED)
        _projects(self.artop, 7, ProjectStatus.COMPLETED, self.motorcycle)
        _projects(self.artop, 2, ProjectStatus.ACTIVE, self.motorcycle)
        # Every service in the field, a short record, idle, signed to move in.
        self.zhiwen = _firm("Zhiwen Surface", services=[self.cmf, self.mould, self.prototype],
                            specialties=[self.motorcycle], capacity=4,
                            tenancy=TenancyStatus.SIGNED)
        _projects(self.zhiwen, 2, ProjectStatus.COMPLETED, self.motorcycle)
        # Two services in the field, no record, no capacity stated, not a tenant.
        self.xunfeng = _firm("Xunfeng Styling", services=[self.cmf, self.prototype],
                             specialties=[self.motorcycle], capacity=0)
        # One service, another field (its completed car projects do not count), 3 of 8 busy.
        self.jingmo = _firm("Jingmo Moulds", services=[self.mould],
                            specialties=[self.automotive], capacity=8,
                            tenancy=TenancyStatus.SETTLED)
        _projects(self.jingmo, 3, ProjectStatus.COMPLETED, self.automotive)
        _projects(self.jingmo, 3, ProjectStatus.ACTIVE, self.automotive)
        # A lab in the field offering none of the services, one motorcycle project done.
        self.yuheng = _firm("Yuheng Testing", kind=OrgKind.LAB, services=[self.inspection],
                            specialties=[self.motorcycle], capacity=10)
        _projects(self.yuheng, 1, ProjectStatus.COMPLETED, self.motorcycle)
        # Neither a wanted service nor the field.
        self.jiayi = _firm("Jiayi Products", services=[self.industrial],
                           specialties=[self.consumer], tenancy=TenancyStatus.SETTLED)
        # Would fit perfectly, but hidden from the directory, or not approved yet.
        self.unlisted = _firm("Unlisted Fairings", services=[self.cmf, self.mould, self.prototype],
                              specialties=[self.motorcycle], listed=False)
        self.pending = _firm("Pending Fairings", services=[self.cmf, self.mould, self.prototype],
                             specialties=[self.motorcycle], status=OrgStatus.PENDING)

        self.institute = OrganisationFactory(name="Fine Arts Institute", kind=OrgKind.ACADEMIC)
        # Two institute artists and one Artop engineer, all available.
        self.studio = TeamFactory(name="Fairing Studio", organisation=self.artop,
                                  service_types=[self.cmf, self.prototype],
                                  specialties=[self.motorcycle])
        for _ in range(2):
            artist = AcademicProfileFactory(organisation=self.institute,
                                            discipline=Discipline.ART_DESIGN).user
            TeamMemberFactory(team=self.studio, user=artist, organisation=self.institute,
                              discipline=Discipline.ART_DESIGN, role="Form and CMF")
        TeamMemberFactory(team=self.studio, user=member_of(self.artop),
                          organisation=self.artop, discipline=Discipline.ENGINEERING)
        # One artist (a few hours a week) and one engineer (busy), institute only.
        self.cabin = TeamFactory(name="Cabin Team", organisation=self.institute,
                                 service_types=[self.mould], specialties=[self.automotive])
        artist = AcademicProfileFactory(organisation=self.institute,
                                        position=AcademicPosition.FACULTY,
                                        availability=Availability.LIMITED).user
        engineer = AcademicProfileFactory(organisation=self.institute,
                                          discipline=Discipline.ENGINEERING,
                                          availability=Availability.UNAVAILABLE).user
        TeamMemberFactory(team=self.cabin, user=artist, organisation=self.institute,
                          discipline=Discipline.ART_DESIGN)
        TeamMemberFactory(team=self.cabin, user=engineer, organisation=self.institute,
                          discipline=Discipline.ENGINEERING)


@pytest.fixture
def park():
    return Park()


def _names(ranked):
    return [row.candidate.name for row in ranked]


def _row(ranked, name):
    return next(row for row in ranked if row.candidate.name == name)


def _texts(row) -> dict[str, str]:
    return {part.key: part.text for part in row.parts}


def test_ranking_of_the_fixed_park_is_pinned(park):
    ranked = score_providers(park.need)

    assert _names(ranked) == FULL_ORDER
    assert {row.candidate.name: row.score for row in ranked} == SCORES


def test_the_top_rows_are_the_firms_covering_the_services_in_that_specialty(park):
    top = score_providers(park.need)[:2]

    assert _names(top) == ["Zhiwen Surface", "Artop Yuli"]
    assert all(park.motorcycle.id in row.candidate.specialties for row in top)
    assert all(len(row.candidate.services) >= 2 for row in top)


def test_every_part_of_a_firm_says_where_its_points_came_from(park):
    ranked = score_providers(park.need)

    assert _texts(_row(ranked, "Artop Yuli")) == {
        "services": "covers 2 of 3 services (not CMF)",
        "specialty": "works in Motorcycle",
        "track_record": "7 completed Motorcycle projects",
        "load": "2 active projects for a capacity of 5",
        "in_park": "settled in the park",
    }
    assert _texts(_row(ranked, "Zhiwen Surface")) == {
        "services": "covers 3 of 3 services",
        "specialty": "works in Motorcycle",
        "track_record": "2 completed Motorcycle projects",
        "load": "0 active projects for a capacity of 4",
        "in_park": "signed to move into the park",
    }
    assert _texts(_row(ranked, "Xunfeng Styling")) == {
        "services": "covers 2 of 3 services (not Mould design)",
        "specialty": "works in Motorcycle",
        "track_record": "0 completed Motorcycle projects",
        "load": "capacity not stated",
        "in_park": "not a park tenant",
    }
    assert _texts(_row(ranked, "Jingmo Moulds")) == {
        "services": "covers 1 of 3 services (not CMF, Prototype production)",
        "specialty": "does not work in Motorcycle",
        "track_record": "0 completed Motorcycle projects",
        "load": "3 active projects for a capacity of 8",
        "in_park": "settled in the park",
    }
    assert _texts(_row(ranked, "Yuheng Testing")) == {
        "services": "covers 0 of 3 services",
        "specialty": "works in Motorcycle",
        "track_record": "1 completed Motorcycle project",
        "load": "0 active projects for a capacity of 10",
        "in_park": "not a park tenant",
    }


def test_a_team_shows_its_balance_availability_and_tenant_members(park):
    ranked = score_providers(park.need)

    studio = _row(ranked, "Fairing Studio")
    assert studio.candidate.kind == "team"
    assert _texts(studio) == {
        "services": "covers 2 of 3 services (not Mould design)",
        "specialty": "works in Motorcycle",
        "track_record": "0 completed Motorcycle projects",
        "load": "availability of its members: 100%",
        "in_park": "members from a park tenant",
        "balance": "2 artists and 1 engineer",
    }
    assert _texts(_row(ranked, "Cabin Team")) == {
        "services": "covers 1 of 3 services (not CMF, Prototype production)",
        "specialty": "does not work in Motorcycle",
        "track_record": "0 completed Motorcycle projects",
        "load": "availability of its members: 25%",
        "in_park": "no member from a park tenant",
        "balance": "1 artist and 1 engineer",
    }


def test_a_team_member_s_completed_projects_in_the_field_count_for_the_team(park):
    engineer = park.studio.members[-1].user
    make_project(park.artop, engineer, title="Scooter panels", specialty=park.motorcycle,
                 status=ProjectStatus.COMPLETED)

    studio = _row(score_providers(park.need), "Fairing Studio")

    assert _texts(studio)["track_record"] == "1 completed Motorcycle project"
    assert studio.score == 74  # 3 more points of 15: (70.83 + 3) / 100


def test_a_provider_with_no_wanted_service_nor_field_is_not_ranked(park):
    names = _names(score_providers(park.need))

    assert "Jiayi Products" not in names
    assert "Fine Arts Institute" not in names  # no provider profile at all


def test_unlisted_and_unapproved_providers_are_not_ranked(park):
    names = _names(score_providers(park.need))

    assert "Unlisted Fairings" not in names
    assert "Pending Fairings" not in names


def test_an_unlisted_team_is_not_ranked(park, db):
    park.studio.listed = False
    db.session.commit()

    assert "Fairing Studio" not in _names(score_providers(park.need))


def test_the_need_s_own_organisation_is_never_ranked_even_as_a_perfect_fit(park):
    need = NeedFactory(owner=park.zhiwen, title="Fairing for our own show bike",
                       service_types=[park.cmf, park.mould, park.prototype],
                       specialties=[park.motorcycle])

    names = _names(score_providers(need))

    assert "Zhiwen Surface" not in names
    assert names == [name for name in FULL_ORDER if name != "Zhiwen Surface"]


def test_a_manufacturer_owner_is_never_ranked(park):
    ProviderProfileFactory(organisation=park.owner, service_types=[park.cmf],
                           specialties=[park.motorcycle])

    assert "Fengchi Motorcycle" not in _names(score_providers(park.need))


def test_weights_sum_to_a_hundred_and_each_part_stays_within_its_weight(park):
    assert sum(weight.points for weight in WEIGHTS.values()) == 100

    for row in score_providers(park.need):
        assert [part.weight for part in row.parts] == [WEIGHTS[p.key].points for p in row.parts]
        assert all(0 <= part.points <= part.weight for part in row.parts), row.candidate.name
        total = sum(part.weight for part in row.parts)
        assert row.score == round(100 * sum(part.points for part in row.parts) / total)
        assert total == (100 if row.candidate.kind == "team" else 95)


def test_the_ranking_is_the_same_on_every_call(park):
    first = [(row.candidate.key, row.score) for row in score_providers(park.need)]

    assert [(row.candidate.key, row.score) for row in score_providers(park.need)] == first


def test_changing_the_weights_is_the_knob_that_reorders_the_ranking(park, monkeypatch):
    monkeypatch.setitem(WEIGHTS, "in_park", Weight(500, "tenancy above all"))

    names = _names(score_providers(park.need))

    # Settled tenants (and the team with a settled member) rise above the signed Zhiwen.
    assert names[:3] == ["Artop Yuli", "Fairing Studio", "Jingmo Moulds"]
    assert names.index("Zhiwen Surface") > names.index("Jingmo Moulds")


def test_a_provider_in_play_is_ranked_with_its_match_and_invitations_are_flagged(park, db):
    match = MatchFactory(need=park.need, provider=park.artop)
    db.session.add(NeedInvitation(need=park.need, team=park.studio))
    db.session.commit()

    ranked = score_providers(park.need)

    assert _row(ranked, "Artop Yuli").match.id == match.id
    assert _row(ranked, "Fairing Studio").invited
    assert not _row(ranked, "Zhiwen Surface").invited
    assert _row(ranked, "Zhiwen Surface").match is None


# Ties ------------------------------------------------------------------------------------------


def test_ties_go_to_wider_coverage_then_longer_record_then_the_name(db):
    first, second = ServiceTypeFactory(name="Design"), ServiceTypeFactory(name="Moulds")
    need = NeedFactory(service_types=[first, second])  # no field: everyone gets its 25
    # 66 each: both services, one project done, no room left / one service, idle, settled.
    both = _firm("Zulu covers both", services=[first, second], capacity=1)
    ProjectFactory(firm=both, status=ProjectStatus.COMPLETED)
    ProjectFactory(firm=both, status=ProjectStatus.ACTIVE)
    _firm("Alpha covers one", services=[first], capacity=10, tenancy=TenancyStatus.SETTLED)
    # 61 each, one service: five projects done, no room / no record, idle, signed.
    record = _firm("Yankee with a record", services=[second], capacity=1)
    for _ in range(5):
        ProjectFactory(firm=record, status=ProjectStatus.COMPLETED)
    ProjectFactory(firm=record, status=ProjectStatus.ACTIVE)
    _firm("Bravo without a record", services=[second], capacity=10,
          tenancy=TenancyStatus.SIGNED)
    # 50 each, the same facts: the name decides, whatever its case.
    _firm("beta", services=[first], capacity=0)
    _firm("Alpha", services=[first], capacity=0)

    ranked = score_providers(need)

    assert [(row.candidate.name, row.score) for row in ranked] == [
        ("Zulu covers both", 66), ("Alpha covers one", 66),
        ("Yankee with a record", 61), ("Bravo without a record", 61),
        ("Alpha", 50), ("beta", 50),
    ]


def test_a_need_without_fields_counts_every_completed_project(db):
    service = ServiceTypeFactory(name="CMF")
    need = NeedFactory(service_types=[service])
    firm = _firm("Any Field Firm", services=[service], capacity=0)
    ProjectFactory(firm=firm, status=ProjectStatus.COMPLETED,
                   specialty=SpecialtyFactory(name="Rail"))

    row = score_providers(need)[0]

    assert _texts(row)["specialty"] == "the need names no field"
    assert _texts(row)["track_record"] == "1 completed project"

