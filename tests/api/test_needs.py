"""The needs API: the list a caller may see (invited-only needs hidden from the uninvited) with
the site's filters and the fit, posting a need through the same service as the form, and one
need refused as its page is."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from park.core.time import park_today
from park.extensions import db
from park.matching.models import Need, NeedStatus, NeedVisibility
from tests.api.needs_support import NeedsPark
from tests.api.support import error_of
from tests.factories import MembershipFactory, NeedFactory, OrganisationFactory, member_of


@pytest.fixture
def park(app):
    return NeedsPark()


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [item["title"] for item in response.get_json()["items"]]


# The list ------------------------------------------------------------------------------------


def test_anonymous_callers_are_asked_to_sign_in_for_the_list(api, park):
    response = api.get("/needs")

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_someone_in_no_organisation_may_not_list_needs(api, park):
    response = api.get("/needs", as_=park.nobody)

    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"


def test_the_owner_lists_its_needs_including_the_invited_only_one(api, park):
    assert sorted(_titles(api.get("/needs", as_=park.owner))) == ["Open fairing",
                                                                  "Private scooter"]


def test_an_uninvited_provider_does_not_see_the_invited_only_need(api, park):
    body = api.get("/needs", as_=park.other_designer).get_json()

    assert [item["title"] for item in body["items"]] == ["Open fairing"]
    assert body["total"] == 1


def test_an_invited_provider_sees_the_invited_only_need(api, park):
    assert sorted(_titles(api.get("/needs", as_=park.invited_designer))) == [
        "Open fairing", "Private scooter"]


def test_the_park_office_sees_every_need(api, park):
    NeedFactory(title="Someone else's private need", visibility=NeedVisibility.INVITED)

    assert len(_titles(api.get("/needs", as_=park.admin))) == 3


def test_a_listed_need_carries_its_owner_terms_and_budget(api, park):
    item = api.get("/needs", as_=park.other_designer).get_json()["items"][0]

    assert item["id"] == park.open_need.id
    assert item["owner"] == {"slug": "fengchi", "name": "Fengchi Motors",
                             "name_zh": park.maker.name_zh, "kind": "manufacturer"}
    assert [t["code"] for t in item["service_types"]] == ["cmf", "mould"]
    assert [t["code"] for t in item["specialties"]] == ["motorcycles"]
    assert (item["budget_min"], item["budget_max"]) == (200_000, 500_000)
    assert item["status"] == "open" and item["visibility"] == "park"
    assert item["answerable"] is True


def test_a_provider_is_told_how_many_wanted_services_it_covers(api, park):
    item = api.get("/needs", as_=park.other_designer).get_json()["items"][0]

    assert item["fit"] == {"covered": 1, "wanted": 2}  # CMF, not mould design


def test_a_team_member_is_told_what_the_team_covers(api, park):
    item = api.get("/needs", as_=park.student).get_json()["items"][0]

    assert item["fit"] == {"covered": 1, "wanted": 2}  # the team's mould design


def test_needs_that_fit_a_provider_come_first(api, park):
    NeedFactory(title="Prototype only", service_types=[park.prototype])
    newest_first_would_put_it_first = _titles(api.get("/needs", as_=park.invited_designer))

    assert newest_first_would_put_it_first[-1] == "Prototype only"
    items = api.get("/needs", as_=park.invited_designer).get_json()["items"]
    assert items[-1]["fit"] == {"covered": 0, "wanted": 1}


def test_a_caller_offering_no_services_gets_no_fit(api, park):
    items = api.get("/needs", as_=park.owner).get_json()["items"]

    assert [item["fit"] for item in items] == [None, None]


def test_scope_mine_lists_only_the_callers_organisations_needs(api, park):
    other_maker = OrganisationFactory(kind=park.maker.kind)
    NeedFactory(owner=other_maker, title="Someone else's need")

    assert sorted(_titles(api.get("/needs", as_=park.owner, query={"scope": "mine"}))) == [
        "Open fairing", "Private scooter"]


def test_scope_invited_lists_the_needs_the_caller_is_invited_to(api, park):
    assert _titles(api.get("/needs", as_=park.invited_designer,
                           query={"scope": "invited"})) == ["Private scooter"]


def test_the_list_filters_by_service_code(api, park):
    NeedFactory(title="Prototype only", service_types=[park.prototype])

    assert _titles(api.get("/needs", as_=park.admin, query={"service": "prototype"})) == [
        "Prototype only"]


def test_the_list_filters_by_field_code(api, park):
    NeedFactory(title="Flight suit", service_types=[park.cmf], specialties=[park.aerospace])

    assert _titles(api.get("/needs", as_=park.admin, query={"specialty": "aerospace"})) == [
        "Flight suit"]


def test_the_list_filters_by_status_and_words(api, park):
    NeedFactory(owner=park.maker, title="Closed fairing", status=NeedStatus.CLOSED)

    assert _titles(api.get("/needs", as_=park.owner, query={"status": "closed"})) == [
        "Closed fairing"]
    assert _titles(api.get("/needs", as_=park.owner, query={"q": "scooter"})) == [
        "Private scooter"]


@pytest.mark.parametrize(("query", "field"), [
    ({"service": "no-such-service"}, "service"),
    ({"specialty": "no-such-field"}, "specialty"),
    ({"status": "lost"}, "status"),
    ({"scope": "everything"}, "scope"),
    ({"q": "x" * 101}, "q"),
    ({"q": "fair\x00ing"}, "q"),
    ({"service": "cmf\x00"}, "service"),
    ({"per_page": 101}, "per_page"),
])
def test_unreadable_filters_are_refused_with_their_field(api, park, query, field):
    response = api.get("/needs", as_=park.owner, query=query)

    assert response.status_code == 422
    assert field in error_of(response)["fields"]


def test_the_list_is_paginated_in_the_envelope(api, park):
    body = api.get("/needs", as_=park.owner, query={"per_page": 1, "page": 2}).get_json()

    assert (body["page"], body["per_page"], body["total"]) == (2, 1, 2)
    assert len(body["items"]) == 1


def test_the_lists_queries_do_not_grow_with_its_rows(api, park, count_queries):
    api.get("/needs", as_=park.other_designer)  # the token is made and first used

    def queries_for_list() -> int:
        db.session.remove()
        with count_queries() as counter:
            assert api.get("/needs", as_=park.other_designer).status_code == 200
        return counter.count

    few = queries_for_list()
    for n in range(12):
        NeedFactory(title=f"More need {n}", service_types=[park.cmf, park.prototype],
                    specialties=[park.motorcycles])
    many = queries_for_list()

    assert many == few


# Posting -------------------------------------------------------------------------------------


def _need_body(**changes) -> dict:
    body = {
        "owner": "fengchi",
        "title": "Electric motorcycle fairing",
        "description": "CMF and mould design for our new model.",
        "service_types": ["cmf", "mould"],
        "specialties": ["motorcycles"],
        "budget_min": 100_000,
        "budget_max": 300_000,
        "deadline": (park_today() + timedelta(days=60)).isoformat(),
        "visibility": "park",
    }
    body.update(changes)
    return body


def _posted(title: str = "Electric motorcycle fairing") -> Need | None:
    db.session.expire_all()
    return db.session.scalar(select(Need).where(Need.title == title))


def test_anonymous_callers_may_not_post_a_need(api, park):
    response = api.post("/needs", json=_need_body())

    assert response.status_code == 401
    assert _posted() is None


def test_someone_in_no_organisation_may_not_post_a_need(api, park):
    response = api.post("/needs", as_=park.nobody, json=_need_body())

    assert response.status_code == 403
    assert _posted() is None


def test_the_owner_posts_a_need_for_its_organisation(api, park):
    response = api.post("/needs", as_=park.owner, json=_need_body())

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    need = _posted()
    assert body["id"] == need.id
    assert need.owner_id == park.maker.id and need.created_by_id == park.owner.id
    assert [t.code for t in need.service_types] == ["cmf", "mould"]
    assert [t.code for t in need.specialties] == ["motorcycles"]
    assert (need.budget_min, need.budget_max) == (100_000, 300_000)
    assert body["owner"]["slug"] == "fengchi"
    assert body["status"] == "open"
    assert body["deadline"] == _need_body()["deadline"]


def test_an_invited_only_need_posted_stays_hidden_from_uninvited_providers(api, park):
    need_id = api.post("/needs", as_=park.owner,
                       json=_need_body(visibility="invited")).get_json()["id"]

    assert _posted().visibility is NeedVisibility.INVITED
    assert api.get(f"/needs/{need_id}", as_=park.other_designer).status_code == 403


def test_a_reversed_budget_range_is_refused_on_budget_max(api, park):
    response = api.post("/needs", as_=park.owner,
                        json=_need_body(budget_min=300_000, budget_max=100_000))

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["budget_max"]
    assert _posted() is None


def test_a_need_without_services_is_refused_on_service_types(api, park):
    response = api.post("/needs", as_=park.owner, json=_need_body(service_types=[]))

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["service_types"]


def test_an_unknown_service_code_is_refused(api, park):
    response = api.post("/needs", as_=park.owner,
                        json=_need_body(service_types=["cmf", "teleportation"]))

    assert response.status_code == 422
    assert "service_types" in error_of(response)["fields"]


def test_a_deadline_in_the_past_is_refused(api, park):
    response = api.post("/needs", as_=park.owner, json=_need_body(
        deadline=(park_today() - timedelta(days=1)).isoformat()))

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["deadline"]


def test_a_need_cannot_be_posted_for_another_organisation(api, park):
    response = api.post("/needs", as_=park.other_designer, json=_need_body(owner="fengchi"))

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["owner"]
    assert _posted() is None


def test_a_need_cannot_be_posted_for_an_unknown_organisation(api, park):
    response = api.post("/needs", as_=park.owner, json=_need_body(owner="nobody-here"))

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["owner"]


def test_a_member_of_several_organisations_posts_for_the_one_named(api, park):
    second = OrganisationFactory(slug="fengchi-parts", kind=park.maker.kind)
    user = member_of(second)
    MembershipFactory(organisation=park.maker, user=user)

    response = api.post("/needs", as_=user, json=_need_body(owner="fengchi-parts"))

    assert response.status_code == 201, response.get_json()
    assert _posted().owner_id == second.id


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": "x" * 201}, "title"),
    ({"title": "ab"}, "title"),
    ({"title": "Fairing \x00 design"}, "title"),
    ({"description": "x" * 6001}, "description"),
    ({"specialties": ["motorcycles\x00"]}, "specialties"),
    ({"specialties": ["x" * 41]}, "specialties"),
    ({"specialties": [f"field-{n}" for n in range(101)]}, "specialties"),
    ({"budget_min": -1}, "budget_min"),
    ({"budget_max": 2**31}, "budget_max"),
    ({"budget_min": "a lot"}, "budget_min"),
    ({"deadline": "soon"}, "deadline"),
    ({"visibility": "everyone"}, "visibility"),
    ({"owner": None}, "owner"),
    ({"service_types": "cmf"}, "service_types"),
    ({"colour": "red"}, "colour"),
])
def test_odd_need_input_is_refused_with_its_field(api, park, changes, field):
    response = api.post("/needs", as_=park.owner, json=_need_body(**changes))

    assert response.status_code == 422, response.get_json()
    assert field in error_of(response)["fields"]


def test_a_need_without_a_title_or_owner_is_refused(api, park):
    body = _need_body()
    del body["title"], body["owner"]

    response = api.post("/needs", as_=park.owner, json=body)

    assert response.status_code == 422
    assert {"title", "owner"} <= set(error_of(response)["fields"])


# One need ------------------------------------------------------------------------------------


def test_anonymous_callers_may_not_read_a_need(api, park):
    assert api.get(f"/needs/{park.open_need.id}").status_code == 401


def test_the_owner_reads_its_invited_only_need(api, park):
    response = api.get(f"/needs/{park.private_need.id}", as_=park.owner)

    assert response.status_code == 200
    body = response.get_json()
    assert body["title"] == "Private scooter"
    assert body["visibility"] == "invited"
    assert body["version"] == park.private_need.version


def test_an_invited_provider_reads_the_invited_only_need(api, park):
    response = api.get(f"/needs/{park.private_need.id}", as_=park.invited_designer)

    assert response.status_code == 200
    assert response.get_json()["id"] == park.private_need.id


def test_an_uninvited_provider_is_refused_the_invited_only_need(api, park):
    response = api.get(f"/needs/{park.private_need.id}", as_=park.other_designer)

    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"


def test_any_park_member_reads_a_need_for_the_park(api, park):
    response = api.get(f"/needs/{park.open_need.id}", as_=park.other_designer)

    assert response.status_code == 200
    assert response.get_json()["title"] == "Open fairing"


def test_the_park_office_reads_any_need(api, park):
    assert api.get(f"/needs/{park.private_need.id}", as_=park.admin).status_code == 200


@pytest.mark.parametrize("need_id", [999_999, 2**31, 2**40])
def test_a_missing_need_is_not_found(api, park, need_id):
    response = api.get(f"/needs/{need_id}", as_=park.admin)

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
