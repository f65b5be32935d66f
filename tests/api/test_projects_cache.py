"""The project list of the API is kept per caller until any project's next commit."""

from __future__ import annotations

import pytest

from park.extensions import cache
from park.projects.models import Visibility
from tests.factories import make_project
from tests.projects.pages import make_team

pytestmark = pytest.mark.app_settings(CACHE_TYPE="SimpleCache")


@pytest.fixture(autouse=True)
def empty_cache(app):
    cache.clear()


def _titles(response) -> set[str]:
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/json"
    return {item["title"] for item in response.get_json()["items"]}


def test_a_saved_title_shows_in_a_list_served_before(api):
    team = make_team()
    assert team.project.title in _titles(api.get("/projects", as_=team.lead))

    response = api.patch(f"/projects/{team.project.id}", as_=team.lead,
                         json={"version": team.project.version, "title": "Fairing, second take"})
    assert response.status_code == 200

    assert _titles(api.get("/projects", as_=team.lead)) == {"Fairing, second take"}


def test_one_callers_list_is_never_anothers(api):
    team = make_team()
    make_project(title="Public fairing", visibility=Visibility.PUBLIC)
    assert _titles(api.get("/projects", as_=team.lead)) == {team.project.title, "Public fairing"}

    assert _titles(api.get("/projects")) == {"Public fairing"}
