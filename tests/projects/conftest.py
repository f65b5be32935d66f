"""Every project test runs inside the app (the factories and services need its context); the
people and organisations many of them start from."""

from __future__ import annotations

import pytest

from park.accounts.models import OrgKind
from tests.factories import OrganisationFactory
from tests.projects.pages import client_as, make_team


@pytest.fixture(autouse=True)
def _in_app(app):
    return app


@pytest.fixture
def team():
    """A firm's project with its lead, a designer, a colleague, the client and an outsider."""
    return make_team()


@pytest.fixture
def lead_browser(app, team):
    """A test client logged in as the project's lead."""
    return client_as(app, team.lead)


@pytest.fixture
def firm():
    return OrganisationFactory(slug="lotus", name="Lotus Design")


@pytest.fixture
def maker():
    return OrganisationFactory(slug="fengchi", name="Fengchi Motors", kind=OrgKind.MANUFACTURER)
