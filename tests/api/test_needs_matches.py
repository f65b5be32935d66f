"""A need's ranked providers over the API: firms and teams best first, each score with every
part's points and sentence, only for the need's owner and the park office, in the same few
queries however many providers the park has."""

from __future__ import annotations

import pytest

from park.extensions import db
from park.matching.models import Discipline, MatchStatus
from tests.api.needs_support import NeedsPark, provider_firm
from tests.api.support import error_of
from tests.factories import MatchFactory, TeamFactory, TeamMemberFactory, UserFactory


@pytest.fixture
def park(app):
    return NeedsPark()


def _ranking(api, need, user, **query) -> dict:
    response = api.get(f"/needs/{need.id}/matches", as_=user, query=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# Who sees it ---------------------------------------------------------------------------------


def test_anonymous_callers_are_asked_to_sign_in_for_the_ranking(api, park):
    response = api.get(f"/needs/{park.open_need.id}/matches")

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_the_owner_sees_the_ranking_of_its_need(api, park):
    body = _ranking(api, park.open_need, park.owner)

    assert body["total"] == 3


def test_the_park_office_sees_the_ranking(api, park):
    assert _ranking(api, park.private_need, park.admin)["total"] == 2  # the team offers no CMF


def test_an_invited_provider_may_read_the_need_but_not_its_ranking(api, park):
    response = api.get(f"/needs/{park.private_need.id}/matches", as_=park.invited_designer)

    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"


def test_a_provider_may_not_see_the_ranking_of_a_need_for_the_park(api, park):
    response = api.get(f"/needs/{park.open_need.id}/matches", as_=park.other_designer)

    assert response.status_code == 403


def test_an_uninvited_provider_is_refused_the_invited_only_need_s_ranking(api, park):
    response = api.get(f"/needs/{park.private_need.id}/matches", as_=park.other_designer)

    assert response.status_code == 403


def test_someone_in_no_organisation_is_refused_the_ranking(api, park):
    assert api.get(f"/needs/{park.open_need.id}/matches", as_=park.nobody).status_code == 403


@pytest.mark.parametrize("need_id", [999_999, 2**31])
def test_the_ranking_of_a_missing_need_is_not_found(api, park, need_id):
    response = api.get(f"/needs/{need_id}/matches", as_=park.admin)

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


# What it says --------------------------------------------------------------------------------


def test_providers_come_best_first_with_their_rank_and_score(api, park):
    items = _ranking(api, park.open_need, park.owner)["items"]

    assert [(i["rank"], i["name"], i["kind"], i["score"]) for i in items] == [
        (1, "Artop Design", "organisation", 74),  # both services, the field, free capacity
        (2, "Xunfeng Studio", "organisation", 29),  # CMF only
        (3, "Fairing Studio", "team", 28),  # mould design only
    ]


def test_a_firm_s_score_is_explained_part_by_part(api, park):
    artop = _ranking(api, park.open_need, park.owner)["items"][0]

    assert artop["slug"] == "artop" and artop["organisation_kind"] == "design_firm"
    assert artop["parts"] == [
        {"key": "services", "points": 35.0, "weight": 35, "text": "covers 2 of 2 services"},
        {"key": "specialty", "points": 25.0, "weight": 25, "text": "works in Motorcycles"},
        {"key": "track_record", "points": 0.0, "weight": 15,
         "text": "0 completed Motorcycles projects"},
        {"key": "load", "points": 10.0, "weight": 10,
         "text": "0 active projects for a capacity of 5"},
        {"key": "in_park", "points": 0.0, "weight": 10, "text": "not a park tenant"},
    ]


def test_a_partial_cover_says_what_is_missing(api, park):
    xunfeng = _ranking(api, park.open_need, park.owner)["items"][1]

    assert xunfeng["parts"][0] == {"key": "services", "points": 17.5, "weight": 35,
                                   "text": "covers 1 of 2 services (not Mould design)"}


def test_a_team_is_ranked_with_its_balance_and_no_slug(api, park):
    team = _ranking(api, park.open_need, park.owner)["items"][2]

    assert team["id"] == park.team.id
    assert team["slug"] is None and team["organisation_kind"] is None
    assert [part["key"] for part in team["parts"]][-1] == "balance"
    assert team["parts"][-1]["text"] == "0 artists and 1 engineer"


def test_invited_providers_and_providers_in_play_are_flagged(api, park):
    match = MatchFactory(need=park.private_need, provider=park.other_firm)

    items = {i["name"]: i for i in _ranking(api, park.private_need, park.owner)["items"]}

    assert items["Artop Design"]["invited"] is True
    assert items["Artop Design"]["match"] is None
    assert items["Xunfeng Studio"]["invited"] is False
    assert items["Xunfeng Studio"]["match"] == {"id": match.id,
                                               "status": MatchStatus.INTERESTED.value}


def test_the_ranking_is_paginated_with_ranks_running_on(api, park):
    body = _ranking(api, park.open_need, park.owner, page=2, per_page=2)

    assert (body["page"], body["per_page"], body["total"]) == (2, 2, 3)
    assert [(i["rank"], i["name"]) for i in body["items"]] == [(3, "Fairing Studio")]


def test_a_page_past_the_end_is_empty(api, park):
    body = _ranking(api, park.open_need, park.owner, page=9)

    assert body["items"] == [] and body["total"] == 3


def test_an_unreadable_page_is_refused(api, park):
    response = api.get(f"/needs/{park.open_need.id}/matches", as_=park.owner,
                       query={"per_page": 0})

    assert response.status_code == 422
    assert "per_page" in error_of(response)["fields"]


def test_the_ranking_is_shown_in_the_caller_s_language(api, park):
    park.owner.locale = "zh_CN"
    db.session.commit()

    artop = _ranking(api, park.open_need, park.owner)["items"][0]

    assert artop["parts"][0]["text"] != "covers 2 of 2 services"


# Queries -------------------------------------------------------------------------------------


def _add_providers(park, start: int, count: int) -> None:
    """`count` more firms in the field, and a team with two people for every fifth."""
    for n in range(start, start + count):
        firm = provider_firm(f"Bulk Firm {n:03d}", [park.cmf], [park.motorcycles])
        if n % 5 == 0:
            team = TeamFactory(name=f"Bulk Team {n:03d}", organisation=firm,
                               service_types=[park.mould])
            for discipline in Discipline:
                TeamMemberFactory(team=team, user=UserFactory(), discipline=discipline)


def test_the_ranking_s_queries_do_not_grow_with_the_providers(api, park, count_queries):
    path, owner = f"/needs/{park.open_need.id}/matches", park.owner

    def queries_for_ranking() -> tuple[int, int]:
        db.session.expire_all()
        with count_queries() as counter:
            response = api.get(path, as_=owner, query={"per_page": 100})
        assert response.status_code == 200
        return counter.count, response.get_json()["total"]

    _add_providers(park, 0, 3)
    queries_for_ranking()  # the token is made and first used
    few, few_ranked = queries_for_ranking()
    _add_providers(park, 3, 40)
    many, many_ranked = queries_for_ranking()

    assert (few_ranked, many_ranked) == (3 + 3 + 1, 3 + 43 + 9)
    assert many == few
