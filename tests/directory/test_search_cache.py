"""The directory's search page is the same for every visitor with the same query string and
language: it is shared through the cache, and starts afresh after a commit that changes a
provider."""

from __future__ import annotations

import pytest

from park.accounts.models import OrgRole
from park.extensions import cache
from tests.directory.test_edit_profile import VALID, save
from tests.factories import OrganisationFactory, member_of
from tests.helpers import visible_text

pytestmark = pytest.mark.app_settings(CACHE_TYPE="SimpleCache")


@pytest.fixture(autouse=True)
def empty_cache(app):
    cache.clear()


def test_a_repeated_search_reads_nothing_from_the_database(client, taxonomy, count_queries):
    client.get("/directory?specialty=motorcycle")
    with count_queries() as repeated:
        client.get("/directory?specialty=motorcycle")
    assert repeated.count == 0


def test_a_saved_profile_shows_in_a_search_served_before(client, login, taxonomy):
    firm = OrganisationFactory(name="Artop Yuli")
    assert "Artop Yuli" not in visible_text(client.get("/directory?specialty=motorcycle"))
    login(member_of(firm, OrgRole.OWNER))
    save(client, firm, {**VALID, "specialties": ["motorcycle"]})

    assert "Artop Yuli" in visible_text(client.get("/directory?specialty=motorcycle"))


def test_searches_in_two_languages_are_kept_apart(client, taxonomy):
    english = visible_text(client.get("/directory", headers={"Accept-Language": "en"}))
    chinese = visible_text(client.get("/directory", headers={"Accept-Language": "zh-CN"}))
    assert "Directory of design service providers" in english
    assert "Directory of design service providers" not in chinese
