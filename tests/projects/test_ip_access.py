"""Who reaches a project's IP records and the firm's IP list: people of another firm get 403
on every IP route unless the project is public, and then see only granted rights' public
fields; nobody outside the firm changes them."""

from __future__ import annotations

from datetime import date

import pytest

from park.accounts.models import OrgKind
from park.projects.models import IpKind, IpRecord, IpStatus, Visibility
from tests.conftest import post_form
from tests.factories import AdminFactory, OrganisationFactory, member_of
from tests.helpers import count, visible_text
from tests.projects.test_ip import firm_with_lead, form, project_of, record_of


def _project_with_records(visibility: Visibility):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead, visibility=visibility)
    granted = record_of(project, title="Fairing surface design", kind=IpKind.DESIGN_PATENT,
                        application_number="202630000001.1", status=IpStatus.GRANTED,
                        filed_on=date(2025, 6, 1), granted_on=date(2026, 2, 1),
                        expires_on=date(2040, 6, 1), renewal_due_on=date(2027, 6, 1),
                        owners="Secret Holding Ltd", notes="Annuity paid by the client.")
    filed = record_of(project, title="Unpublished battery latch", kind=IpKind.UTILITY_MODEL,
                      application_number="202620000002.2", status=IpStatus.FILED)
    return firm, lead, project, granted, filed


def outsider():
    """Someone from another design firm."""
    return member_of(OrganisationFactory(name="Rival Design Studio"))


def _ip_routes(project, record):
    base = f"/projects/{project.id}/ip"
    return [
        ("GET", base, None),
        ("GET", f"{base}/new", None),
        ("POST", f"{base}/new", form(application_number="999")),
        ("GET", f"{base}/{record.id}/edit", None),
        ("POST", f"{base}/{record.id}/edit", form(application_number="998")),
        ("POST", f"{base}/{record.id}/delete", {}),
    ]


def _request(client, method, path, data):
    if method == "GET":
        return client.get(path)
    return post_form(client, path, data, page="/")


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.PARK])
def test_someone_of_another_firm_gets_403_on_every_ip_route(client, login, visibility):
    _firm, _lead, project, granted, _filed = _project_with_records(visibility)
    login(outsider())

    statuses = {(method, path): _request(client, method, path, data).status_code
                for method, path, data in _ip_routes(project, granted)}

    assert set(statuses.values()) == {403}, statuses
    assert count(IpRecord) == 2


def test_someone_of_another_firm_sees_only_granted_rights_of_a_public_project(client, login):
    _firm, _lead, project, _granted, _filed = _project_with_records(Visibility.PUBLIC)
    login(outsider())

    response = client.get(f"/projects/{project.id}/ip")

    text = visible_text(response)
    assert response.status_code == 200
    assert "Fairing surface design" in text
    assert "202630000001.1" in text and "2026-02-01" in text and "Design patent" in text
    for private in ("Unpublished battery latch", "202620000002.2", "Secret Holding Ltd",
                    "Annuity paid by the client.", "2040-06-01", "2027-06-01", "2025-06-01",
                    "New IP record", "Edit", "Delete"):
        assert private not in text, private


def test_someone_of_another_firm_may_not_change_a_public_project_s_ip(client, login):
    _firm, _lead, project, granted, _filed = _project_with_records(Visibility.PUBLIC)
    login(outsider())

    statuses = {(method, path): _request(client, method, path, data).status_code
                for method, path, data in _ip_routes(project, granted)[1:]}

    assert set(statuses.values()) == {403}, statuses
    assert count(IpRecord) == 2


def test_an_anonymous_visitor_sees_the_granted_rights_of_a_public_project(client):
    _firm, _lead, project, _granted, _filed = _project_with_records(Visibility.PUBLIC)

    text = visible_text(client.get(f"/projects/{project.id}/ip"))

    assert "Fairing surface design" in text
    assert "Unpublished battery latch" not in text


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.PARK])
def test_an_anonymous_visitor_is_sent_to_log_in_for_a_non_public_project(client, visibility):
    _firm, _lead, project, _granted, _filed = _project_with_records(visibility)

    response = client.get(f"/projects/{project.id}/ip")

    assert response.status_code == 302
    assert "/login" in response.location


def test_the_park_office_reads_a_park_visible_project_s_ip_but_cannot_change_it(client, login):
    _firm, _lead, project, granted, _filed = _project_with_records(Visibility.PARK)
    login(AdminFactory())

    text = visible_text(client.get(f"/projects/{project.id}/ip"))

    assert "Unpublished battery latch" in text
    assert "New IP record" not in text
    assert client.get(f"/projects/{project.id}/ip/{granted.id}/edit").status_code == 403


def test_the_park_office_gets_403_on_a_private_project_s_ip(client, login):
    _firm, _lead, project, _granted, _filed = _project_with_records(Visibility.PRIVATE)
    login(AdminFactory())

    assert client.get(f"/projects/{project.id}/ip").status_code == 403


def test_a_client_of_another_project_gets_403_on_this_one(client, login):
    maker = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    firm, lead = firm_with_lead()
    project_of(firm, lead, title="Their own project", client=maker)
    _f, _l, project, _granted, _filed = _project_with_records(Visibility.PRIVATE)
    login(member_of(maker))

    assert client.get(f"/projects/{project.id}/ip").status_code == 403


def test_the_ip_list_of_another_firm_is_403(client, login):
    firm, _lead, _project, _granted, _filed = _project_with_records(Visibility.PUBLIC)
    login(outsider())

    assert client.get(f"/orgs/{firm.slug}/ip").status_code == 403


def test_the_firm_s_ip_list_sends_an_anonymous_visitor_to_log_in(client):
    firm, _lead, _project, _granted, _filed = _project_with_records(Visibility.PUBLIC)

    response = client.get(f"/orgs/{firm.slug}/ip")

    assert response.status_code == 302
    assert "/login" in response.location


def test_the_ip_list_of_an_unknown_organisation_is_not_found(client, login):
    login(outsider())

    assert client.get("/orgs/no-such-firm/ip").status_code == 404
