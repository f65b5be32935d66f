"""A firm's directory profile shows its public portfolio: public projects only, never private,
park-only or cancelled ones, each linking to the project's public page."""

from __future__ import annotations

import pytest

from park.projects.lifecycle import StageKind
from park.projects.models import ProjectStatus, Visibility
from tests.factories import (
    OrganisationFactory,
    ProjectFactory,
    ProviderProfileFactory,
    SpecialtyFactory,
)
from tests.helpers import visible_text


@pytest.fixture
def firm():
    organisation = OrganisationFactory(slug="lotus", name="Lotus Design")
    ProviderProfileFactory(organisation=organisation, listed=True)
    return organisation


def test_the_profile_shows_only_public_projects_that_are_not_cancelled(client, firm):
    shown = ProjectFactory(firm=firm, title="Public fairing", visibility=Visibility.PUBLIC)
    ProjectFactory(firm=firm, title="Finished lamp", visibility=Visibility.PUBLIC,
                   status=ProjectStatus.COMPLETED, current_stage=None)
    ProjectFactory(firm=firm, title="Private helmet", visibility=Visibility.PRIVATE)
    ProjectFactory(firm=firm, title="Park seat", visibility=Visibility.PARK)
    ProjectFactory(firm=firm, title="Cancelled trike", visibility=Visibility.PUBLIC,
                   status=ProjectStatus.CANCELLED)
    ProjectFactory(firm=OrganisationFactory(), title="Someone else's public work",
                   visibility=Visibility.PUBLIC)

    response = client.get("/directory/lotus")

    text = visible_text(response)
    assert "Portfolio" in text
    assert "Public fairing" in text and "Finished lamp" in text
    for hidden in ("Private helmet", "Park seat", "Cancelled trike", "Someone else's"):
        assert hidden not in text
    assert f'href="/projects/{shown.id}"' in response.get_data(as_text=True)


def test_a_portfolio_entry_shows_its_specialty_and_how_far_it_has_got(client, firm):
    ProjectFactory(firm=firm, title="Public fairing", visibility=Visibility.PUBLIC,
                   specialty=SpecialtyFactory(name="Motorcycles"),
                   current_stage=StageKind.PROTOTYPE, summary="A fairing for city scooters.")

    text = visible_text(client.get("/directory/lotus"))

    assert "Motorcycles · Current stage: Prototype production" in text
    assert "A fairing for city scooters." in text


def test_a_firm_without_public_projects_shows_no_portfolio_section(client, firm):
    ProjectFactory(firm=firm, title="Private helmet", visibility=Visibility.PRIVATE)

    response = client.get("/directory/lotus")

    assert response.status_code == 200
    assert "Portfolio" not in visible_text(response)
