"""The need screens: posting and editing a need, the list with the needs that fit first, the
owner's ranking explained in words, answering, inviting, shortlisting, closing and reopening."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from park.accounts.models import OrgKind, OrgRole
from park.core.notifications import Notification
from park.extensions import cache, db
from park.matching import services
from park.matching.models import (
    Match,
    MatchStatus,
    Need,
    NeedStatus,
    NeedVisibility,
)
from tests.conftest import post_form
from tests.factories import (
    MatchFactory,
    NeedFactory,
    OrganisationFactory,
    ProviderProfileFactory,
    ServiceTypeFactory,
    SpecialtyFactory,
    TeamFactory,
    TeamMemberFactory,
    member_of,
)
from tests.helpers import (
    count,
    field_errors,
    flash_texts,
    page_text,
    queries_for_page,
    redirect_path,
    visible_text,
)


@pytest.fixture
def terms():
    return {
        "cmf": ServiceTypeFactory(code="cmf", name="CMF design"),
        "mould": ServiceTypeFactory(code="mould", name="Mould design"),
        "prototype": ServiceTypeFactory(code="prototype", name="Prototyping"),
        "motorcycles": SpecialtyFactory(code="motorcycles", name="Motorcycles"),
        "aerospace": SpecialtyFactory(code="aerospace", name="Aerospace apparel"),
    }


@pytest.fixture
def maker():
    return OrganisationFactory(kind=OrgKind.MANUFACTURER, name="Fengchi Motors")


@pytest.fixture
def owner(maker):
    return member_of(maker, OrgRole.OWNER, name="Owner Wang")


def _firm(name: str, services=(), specialties=()):
    profile = ProviderProfileFactory(organisation=OrganisationFactory(name=name),
                                     service_types=list(services),
                                     specialties=list(specialties))
    return profile.organisation


def _need(maker, terms, **fields):
    fields.setdefault("service_types", [terms["cmf"], terms["mould"]])
    fields.setdefault("specialties", [terms["motorcycles"]])
    return NeedFactory(owner=maker, **fields)


def _need_form(maker, terms, **changes) -> dict:
    data = {
        "organisation": str(maker.id),
        "title": "Electric motorcycle fairing",
        "description": "CMF and mould design for a 2027 model.",
        "service_types": ["cmf", "mould"],
        "specialties": ["motorcycles"],
        "budget_min": "200000",
        "budget_max": "500000",
        "deadline": "",
        "visibility": "park",
    }
    data.update(changes)
    return data


# Posting -------------------------------------------------------------------------------------


def test_posting_a_need_through_the_form_opens_its_page(client, login, owner, maker, terms):
    login(owner)
    response = post_form(client, "/needs/new", _need_form(maker, terms), follow_redirects=True)
    text = visible_text(response)
    assert "Electric motorcycle fairing" in text
    assert "Posted by Fengchi Motors" in text
    assert "CMF design" in text and "Mould design" in text
    assert "¥200,000–¥500,000" in text
    need = db.session.scalar(select(Need))
    assert need.owner_id == maker.id
    assert {t.code for t in need.service_types} == {"cmf", "mould"}


def test_a_budget_whose_maximum_is_below_its_minimum_is_refused_at_the_field(
        client, login, owner, maker, terms):
    login(owner)
    response = post_form(client, "/needs/new", _need_form(
        maker, terms, budget_min="500000", budget_max="100000"))
    assert response.status_code == 422
    assert field_errors(response, "budget_max") == [
        "The most you would spend cannot be below the least."]
    assert count(Need) == 0


def test_a_need_without_services_is_refused_at_the_field(client, login, owner, maker, terms):
    login(owner)
    response = post_form(client, "/needs/new", _need_form(maker, terms, service_types=[]))
    assert response.status_code == 422
    assert field_errors(response, "service_types") == [
        "Choose at least one service you are looking for."]
    assert count(Need) == 0


# The list ------------------------------------------------------------------------------------


def test_a_provider_sees_the_needs_that_fit_it_first_with_what_they_cover(
        client, login, maker, terms):
    firm = _firm("Lotus Design", services=[terms["cmf"]])
    designer = member_of(firm)
    _need(maker, terms, title="Fairing that fits", service_types=[terms["cmf"], terms["mould"]])
    _need(maker, terms, title="Newer prototype run", service_types=[terms["prototype"]])
    login(designer)
    text = visible_text(client.get("/needs"))
    assert text.index("Fairing that fits") < text.index("Newer prototype run")
    assert "Fits you: covers 1 of 2 services" in text
    assert text.count("Fits you") == 1


def test_the_needs_list_filters_by_service(client, login, owner, maker, terms):
    _need(maker, terms, title="Fairing CMF", service_types=[terms["cmf"]])
    _need(maker, terms, title="Prototype run", service_types=[terms["prototype"]])
    login(owner)
    text = visible_text(client.get(f"/needs?service={terms['prototype'].id}"))
    assert "Prototype run" in text
    assert "Fairing CMF" not in text


def test_the_needs_list_asks_no_more_queries_for_a_full_page_than_for_a_few_needs(
        client, login, maker, terms, count_queries):
    firm = _firm("Lotus Design", services=[terms["cmf"]])
    login(member_of(firm))
    for _ in range(3):
        _need(maker, terms)
    few = queries_for_page(client, count_queries, "/needs")
    for _ in range(22):
        _need(maker, terms)
    many = queries_for_page(client, count_queries, "/needs")
    assert many == few


def test_an_empty_needs_list_invites_the_organisation_to_post_one(client, login, owner):
    login(owner)
    text = visible_text(client.get("/needs"))
    assert "No needs yet" in text
    assert "Post a need" in text


# The owner's ranking -------------------------------------------------------------------------


def test_the_owner_sees_ranked_providers_with_their_score_explained_in_words(
        client, login, owner, maker, terms):
    need = _need(maker, terms)
    _firm("Partial Studio", services=[terms["cmf"]])
    _firm("Whole Design", services=[terms["cmf"], terms["mould"]],
          specialties=[terms["motorcycles"]])
    _firm("Unrelated Works", services=[terms["prototype"]])
    login(owner)
    text = visible_text(client.get(f"/needs/{need.id}"))
    assert text.index("Whole Design") < text.index("Partial Studio")
    assert "Unrelated Works" not in text
    assert "covers 2 of 2 services" in text
    assert "covers 1 of 2 services (not Mould design)" in text
    assert "works in Motorcycles" in text
    assert "35 of 35 points" in text  # the whole services weight for full coverage
    assert "How the ranking works" in text


def test_a_provider_does_not_see_the_ranking(client, login, maker, terms):
    need = _need(maker, terms)
    firm = _firm("Whole Design", services=[terms["cmf"]])
    login(member_of(firm))
    text = visible_text(client.get(f"/needs/{need.id}"))
    assert "Providers that fit" not in text
    assert "Answer this need" in text


def test_the_need_page_asks_no_more_queries_for_60_providers_than_for_5(
        client, login, owner, maker, terms, count_queries):
    need = _need(maker, terms)

    def add_providers(number):
        for _ in range(number):
            firm = _firm("Firm", services=[terms["cmf"]], specialties=[terms["motorcycles"]])
            MatchFactory(need=need, provider=firm)
        team = TeamFactory(service_types=[terms["mould"]])
        TeamMemberFactory(team=team)

    add_providers(5)
    login(owner)
    few = queries_for_page(client, count_queries, f"/needs/{need.id}")
    add_providers(55)
    many = queries_for_page(client, count_queries, f"/needs/{need.id}")
    assert many == few
    assert few <= 30


# Answering -----------------------------------------------------------------------------------


def test_expressing_interest_through_the_page_creates_a_match_and_tells_the_owner(
        client, login, owner, maker, terms):
    need = _need(maker, terms)
    firm = _firm("Lotus Design", services=[terms["cmf"]])
    login(member_of(firm))
    response = post_form(client, f"/needs/{need.id}/interest",
                         {"provider": f"org:{firm.id}", "message": "We did three fairings."},
                         page=f"/needs/{need.id}")
    match = db.session.scalar(select(Match))
    assert redirect_path(response) == f"/matches/{match.id}"
    assert match.provider_id == firm.id and match.status is MatchStatus.INTERESTED
    assert db.session.scalars(select(Notification.kind)
                              .where(Notification.user_id == owner.id)).all() == [
        "match.interested"]


def test_a_provider_cannot_answer_for_an_organisation_it_does_not_belong_to(
        client, login, maker, terms):
    need = _need(maker, terms)
    firm = _firm("Lotus Design", services=[terms["cmf"]])
    other = _firm("Toway Studio", services=[terms["cmf"]])
    login(member_of(firm))
    response = post_form(client, f"/needs/{need.id}/interest",
                         {"provider": f"org:{other.id}", "message": ""},
                         page=f"/needs/{need.id}")
    assert response.status_code == 422
    assert field_errors(response, "provider") == ["Not a valid choice."]
    assert count(Match) == 0


def test_after_answering_the_provider_sees_its_answer_instead_of_the_form(
        client, login, maker, terms):
    need = _need(maker, terms)
    firm = _firm("Lotus Design", services=[terms["cmf"]])
    MatchFactory(need=need, provider=firm)
    login(member_of(firm))
    text = visible_text(client.get(f"/needs/{need.id}"))
    assert "Your answers" in text
    assert "Everyone you could answer for is already in play for this need." in text


# Invited-only needs ----------------------------------------------------------------------------


def test_an_invited_only_need_opens_to_a_provider_once_the_owner_invites_it(
        client, auth, login, owner, maker, terms):
    need = _need(maker, terms, visibility=NeedVisibility.INVITED)
    firm = _firm("Lotus Design", services=[terms["cmf"]])
    designer = member_of(firm)
    login(designer)
    assert client.get(f"/needs/{need.id}").status_code == 403
    assert "Fengchi" not in visible_text(client.get("/needs"))

    auth.logout()
    login(owner)
    response = post_form(client, f"/needs/{need.id}/invitations",
                         {"provider": f"org:{firm.id}"}, page=f"/needs/{need.id}",
                         follow_redirects=True)
    assert "Lotus Design has been invited to answer the need." in flash_texts(response)

    auth.logout()
    login(designer)
    response = client.get(f"/needs/{need.id}")
    assert response.status_code == 200
    assert need.title in page_text(response)


def test_the_owner_withdraws_an_invitation(client, login, owner, maker, terms):
    need = _need(maker, terms, visibility=NeedVisibility.INVITED)
    firm = _firm("Lotus Design", services=[terms["cmf"]])
    invitation = services.invite_to_need(owner, need, organisation=firm)
    login(owner)
    response = post_form(client, f"/needs/{need.id}/invitations/{invitation.id}/delete", {},
                         page=f"/needs/{need.id}", follow_redirects=True)
    assert "The invitation has been withdrawn." in flash_texts(response)
    db.session.expire_all()
    assert need.invitations == []


# Shortlisting --------------------------------------------------------------------------------


def test_the_owner_shortlists_a_ranked_provider_and_the_need_goes_into_discussion(
        client, login, owner, maker, terms):
    need = _need(maker, terms)
    firm = _firm("Lotus Design", services=[terms["cmf"]])
    login(owner)
    response = post_form(client, f"/needs/{need.id}/shortlist", {"provider": f"org:{firm.id}"},
                         page=f"/needs/{need.id}")
    match = db.session.scalar(select(Match))
    assert redirect_path(response) == f"/matches/{match.id}"
    assert match.status is MatchStatus.SHORTLISTED
    assert need.status is NeedStatus.IN_DISCUSSION


def test_a_provider_cannot_shortlist_itself(client, login, maker, terms):
    need = _need(maker, terms)
    firm = _firm("Lotus Design", services=[terms["cmf"]])
    login(member_of(firm))
    response = post_form(client, f"/needs/{need.id}/shortlist", {"provider": f"org:{firm.id}"},
                         page=f"/needs/{need.id}")
    assert response.status_code == 403
    assert count(Match) == 0


# Editing, closing, reopening -----------------------------------------------------------------


def test_an_edit_from_a_stale_page_is_refused_and_changes_nothing(
        client, login, owner, maker, terms):
    need = _need(maker, terms, title="Fairing v1")
    stale_version = need.version
    services.update_need(owner, need, expected_version=need.version, title="Fairing v2",
                         description=need.description, specialties=need.specialties,
                         service_types=need.service_types, budget_min=need.budget_min,
                         budget_max=need.budget_max, deadline=None,
                         visibility=need.visibility)
    login(owner)
    data = _need_form(maker, terms, title="Fairing v3", version=str(stale_version))
    del data["organisation"]
    response = post_form(client, f"/needs/{need.id}/edit", data)
    assert response.status_code == 409
    assert any("Someone else saved this a moment ago" in t for t in flash_texts(response))
    db.session.expire_all()
    assert need.title == "Fairing v2"


def test_the_owner_edits_a_need(client, login, owner, maker, terms):
    need = _need(maker, terms, title="Fairing v1")
    login(owner)
    data = _need_form(maker, terms, title="Fairing, second take", version=str(need.version),
                      service_types=["prototype"])
    del data["organisation"]
    response = post_form(client, f"/needs/{need.id}/edit", data, follow_redirects=True)
    assert "The need has been saved." in flash_texts(response)
    assert "Fairing, second take" in visible_text(response)
    assert [t.code for t in need.service_types] == ["prototype"]


def test_the_owner_closes_a_need_with_a_reason_and_reopens_it(
        client, login, owner, maker, terms):
    need = _need(maker, terms)
    login(owner)
    response = post_form(client, f"/needs/{need.id}/close",
                         {"reason": "We found a partner elsewhere.",
                          "version": str(need.version)},
                         page=f"/needs/{need.id}", follow_redirects=True)
    text = visible_text(response)
    assert "This need is closed: providers can no longer answer it." in text
    assert "Reason: We found a partner elsewhere." in text
    assert need.status is NeedStatus.CLOSED

    response = post_form(client, f"/needs/{need.id}/reopen", {"version": str(need.version)},
                         page=f"/needs/{need.id}", follow_redirects=True)
    assert "The need is open again." in flash_texts(response)
    assert need.status is NeedStatus.OPEN


def test_someone_outside_the_owner_cannot_edit_a_need(client, login, maker, terms):
    need = _need(maker, terms)
    firm = _firm("Lotus Design", services=[terms["cmf"]])
    login(member_of(firm))
    assert client.get(f"/needs/{need.id}/edit").status_code == 403


# Kept in the cache: the ranking is shared between those who may shortlist and invite alike --------


def ranking_row(client, need, name: str) -> str:
    html = client.get(f"/needs/{need.id}").get_data(as_text=True)
    match = re.search(rf"<tr>(?:(?!</tr>).)*{re.escape(name)}.*?</tr>", html, re.S)
    return match.group(0)


@pytest.mark.app_settings(CACHE_TYPE="SimpleCache")
def test_a_repeated_view_of_the_ranking_is_served_from_the_cache(
        client, login, owner, maker, terms, count_queries):
    cache.clear()
    need = _need(maker, terms)
    _firm("Lotus Design", services=[terms["cmf"]])
    login(owner)
    client.get(f"/needs/{need.id}")
    with count_queries() as first:
        client.get(f"/needs/{need.id}")
    cache.clear()
    with count_queries() as uncached:
        client.get(f"/needs/{need.id}")
    assert first.count < uncached.count


@pytest.mark.app_settings(CACHE_TYPE="SimpleCache")
def test_an_invitation_shows_in_the_ranking_at_once(
        client, login, owner, maker, terms):
    cache.clear()
    need = _need(maker, terms)
    firm = _firm("Lotus Design", services=[terms["cmf"]])
    login(owner)
    assert "Invited" not in ranking_row(client, need, "Lotus Design")

    post_form(client, f"/needs/{need.id}/invitations", {"provider": f"org:{firm.id}"},
              page=f"/needs/{need.id}")

    row = ranking_row(client, need, "Lotus Design")
    assert "Invited" in row
    assert "/invitations" not in row
