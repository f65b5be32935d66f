"""The project lists, the board and the park office's overview ask the database the same small
number of times with 10 projects as with 5,000."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from park.accounts.models import OrgKind, OrgRole
from park.extensions import db
from park.projects.models import Project
from tests.factories import AdminFactory, OrganisationFactory, member_of
from tests.projects.bulk import add_projects

# The session's user and its organisations, then the page's own handful: the page of
# projects, its count, their current stages, overdue milestones, and the filter choices.
MAX_QUERIES = 12
MANY = 5000


@pytest.fixture
def firm():
    return OrganisationFactory(slug="lotus-design", name="Lotus Design")


@pytest.fixture
def client_org():
    return OrganisationFactory(slug="zongshen", name="Zongshen Motors",
                               kind=OrgKind.MANUFACTURER)


def _queries_for_page(client, count_queries, path: str) -> int:
    """Statements for one GET of a page that does show projects (an empty page asks less)."""
    db.session.remove()
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    assert 'href="/projects/' in response.get_data(as_text=True), f"no project on {path}"
    return counter.count


def _grow(firm, client_org, client, count_queries, path):
    """Count the page's queries with 10 projects, then with 5,000."""
    add_projects(firm, 10, prefix="Few", client=client_org)
    few = _queries_for_page(client, count_queries, path)
    add_projects(firm, MANY - 10, prefix="Many", client=client_org)
    assert db.session.scalar(select(func.count(Project.id))) == MANY
    return few, _queries_for_page(client, count_queries, path)


@pytest.mark.parametrize("path", ["/projects", "/orgs/lotus-design/projects",
                                  "/orgs/lotus-design/projects/board",
                                  "/orgs/lotus-design/projects?stage=brief&overdue=1",
                                  "/orgs/lotus-design/projects/board?q=project&overdue=1"])
def test_a_firms_project_pages_ask_the_same_number_of_queries_for_10_or_5000_projects(
    client, login, count_queries, firm, client_org, path
):
    # An owner may move every card, so the board renders a form (and asks the policy) per card.
    login(member_of(firm, OrgRole.OWNER))

    few, many = _grow(firm, client_org, client, count_queries, path)

    assert many == few
    assert many <= MAX_QUERIES


@pytest.mark.parametrize("path", ["/admin/projects", "/admin/projects?view=board",
                                  "/admin/projects?stage=concept&status=active",
                                  "/orgs/lotus-design/projects"])
def test_the_park_offices_project_pages_ask_the_same_number_of_queries_for_10_or_5000(
    client, login, count_queries, firm, client_org, path
):
    login(AdminFactory())

    few, many = _grow(firm, client_org, client, count_queries, path)

    assert many == few
    assert many <= MAX_QUERIES


def test_a_clients_project_list_asks_the_same_number_of_queries_for_10_or_5000(
    client, login, count_queries, firm, client_org
):
    login(member_of(client_org))

    few, many = _grow(firm, client_org, client, count_queries, "/projects")

    assert many == few
    assert many <= MAX_QUERIES
