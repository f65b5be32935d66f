"""A board is kept in the cache for its reader until any project's next commit: a card moved
through a cached board's own form (its CSRF token filled in on the way out) shows in its new
column at once, and another reader never gets the first reader's board."""

from __future__ import annotations

import pytest

from park.extensions import cache
from park.projects.models import Visibility
from tests.factories import AdminFactory, make_project
from tests.helpers import visible_text
from tests.projects import test_board
from tests.projects.pages import client_as
from tests.projects.test_board import BOARD, lead  # noqa: F401 (the fixture)

pytestmark = pytest.mark.app_settings(CACHE_TYPE="SimpleCache")

# The board's own journey, run again with the cache on.
test_a_card_moved_from_a_cached_board_shows_in_its_new_column = (
    test_board.test_the_cards_form_approves_the_gate_and_the_card_moves_to_the_next_column)


@pytest.fixture(autouse=True)
def empty_cache(app):
    cache.clear()


def test_the_park_office_never_gets_a_members_board(app, firm, lead):  # noqa: F811
    make_project(firm, lead, title="Helmet shell", visibility=Visibility.PRIVATE)
    assert "Helmet shell" in visible_text(client_as(app, lead).get(BOARD))

    office = visible_text(client_as(app, AdminFactory()).get(BOARD))
    assert "Project board of Lotus Design" in office
    assert "Helmet shell" not in office
