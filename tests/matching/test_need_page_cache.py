"""A need's ranking is shared through the cache between the people who may shortlist and invite
alike; a shortlist or an invitation shows on it at once."""

from __future__ import annotations

import re

import pytest

from park.extensions import cache
from tests.conftest import post_form
from tests.matching.test_need_pages import _firm, _need, maker, owner, terms  # noqa: F401

pytestmark = pytest.mark.app_settings(CACHE_TYPE="SimpleCache")


@pytest.fixture(autouse=True)
def empty_cache(app):
    cache.clear()


def ranking_row(client, need, name: str) -> str:
    html = client.get(f"/needs/{need.id}").get_data(as_text=True)
    match = re.search(rf"<tr>(?:(?!</tr>).)*{re.escape(name)}.*?</tr>", html, re.S)
    return match.group(0)


def test_a_repeated_view_of_the_ranking_is_served_from_the_cache(
        client, login, owner, maker, terms, count_queries):  # noqa: F811
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


def test_an_invitation_shows_in_the_ranking_at_once(
        client, login, owner, maker, terms):  # noqa: F811
    need = _need(maker, terms)
    firm = _firm("Lotus Design", services=[terms["cmf"]])
    login(owner)
    assert "Invited" not in ranking_row(client, need, "Lotus Design")

    post_form(client, f"/needs/{need.id}/invitations", {"provider": f"org:{firm.id}"},
              page=f"/needs/{need.id}")

    row = ranking_row(client, need, "Lotus Design")
    assert "Invited" in row
    assert "/invitations" not in row
