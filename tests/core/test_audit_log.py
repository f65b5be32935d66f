"""The audit log viewer: filters by user, organisation, object type, action and park days;
changed fields before and after; the same entries as CSV; only park administrators."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from tests.factories import AdminFactory, AuditEntryFactory, OrganisationFactory, UserFactory
from tests.helpers import queries_for_page, visible_text


@pytest.fixture(autouse=True)
def _in_app(app):
    return app


@pytest.fixture
def admin(login):
    return login(AdminFactory(email="office@park.example"))


def csv_rows(response) -> list[dict[str, str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_filter_by_user_keeps_only_their_entries(client, admin):
    alice, bob = UserFactory(name="Alice Ang"), UserFactory(name="Bob Bai")
    AuditEntryFactory(actor_id=alice.id, summary="Alice changed the fairing")
    AuditEntryFactory(actor_id=bob.id, summary="Bob changed the tank")

    text = visible_text(client.get(f"/admin/audit?user={alice.id}"))

    assert "Alice changed the fairing" in text
    assert "Bob changed the tank" not in text


def test_user_select_offers_only_people_in_the_log(client, admin):
    AuditEntryFactory(actor_id=UserFactory(name="Logged Lin").id)
    UserFactory(name="Silent Sun")

    html = client.get("/admin/audit").get_data(as_text=True)

    assert "Logged Lin" in html
    assert "Silent Sun" not in html


def test_filter_by_organisation_keeps_only_its_entries(client, admin):
    yubei, other = OrganisationFactory(name="Yubei Design"), OrganisationFactory()
    AuditEntryFactory(organisation_id=yubei.id, summary="Yubei entry")
    AuditEntryFactory(organisation_id=other.id, summary="Other entry")

    text = visible_text(client.get(f"/admin/audit?organisation={yubei.id}"))

    assert "Yubei entry" in text
    assert "Other entry" not in text


def test_filter_by_object_type_keeps_only_that_type(client, admin):
    AuditEntryFactory(object_type="Project", summary="A project entry")
    AuditEntryFactory(object_type="Need", summary="A need entry")

    text = visible_text(client.get("/admin/audit?object_type=Project"))

    assert "A project entry" in text
    assert "A need entry" not in text


def test_filter_by_action_keeps_only_that_action(client, admin):
    AuditEntryFactory(action="project.created", summary="Created entry")
    AuditEntryFactory(action="project.updated", summary="Updated entry")

    text = visible_text(client.get("/admin/audit?action=project.created"))

    assert "Created entry" in text
    assert "Updated entry" not in text


def test_filter_by_action_prefix_keeps_every_action_of_that_kind(client, admin):
    AuditEntryFactory(action="project.created", summary="Created entry")
    AuditEntryFactory(action="project.updated", summary="Updated entry")
    AuditEntryFactory(action="need.posted", summary="Posted entry")

    text = visible_text(client.get("/admin/audit?action=project."))

    assert "Created entry" in text and "Updated entry" in text
    assert "Posted entry" not in text


def test_filter_by_dates_reads_park_days(client, admin):
    # 17:00 UTC on 1 March is already 2 March in the park (Asia/Shanghai, UTC+8).
    AuditEntryFactory(created_at=datetime(2026, 3, 1, 15, 0, tzinfo=UTC), summary="Park day one")
    AuditEntryFactory(created_at=datetime(2026, 3, 1, 17, 0, tzinfo=UTC), summary="Park day two")
    AuditEntryFactory(created_at=datetime(2026, 3, 3, 16, 0, tzinfo=UTC), summary="Park day four")

    text = visible_text(client.get("/admin/audit?period=custom&from=2026-03-02&to=2026-03-02"))

    assert "Park day two" in text
    assert "Park day one" not in text
    assert "Park day four" not in text


def test_end_date_before_start_date_says_so_and_shows_everything(client, admin):
    AuditEntryFactory(summary="Any entry")

    text = visible_text(client.get("/admin/audit?from=2026-03-05&to=2026-03-01"))

    assert "The end date is before the start date: showing all time." in text
    assert "Any entry" in text


def test_changed_fields_show_before_and_after(client, admin):
    AuditEntryFactory(changes={"status": ["pending", "approved"],
                               "specialties": [["automotive"], ["automotive", "motorcycle"]]})

    html = client.get("/admin/audit").get_data(as_text=True)

    assert "<del>pending</del>" in html and "<ins>approved</ins>" in html
    assert "<ins>automotive, motorcycle</ins>" in html


def test_long_changed_value_is_cut_short_with_the_whole_value_as_title(client, admin):
    long_value = "A very long description " * 5
    AuditEntryFactory(changes={"description": ["", long_value]})

    html = client.get("/admin/audit").get_data(as_text=True)

    assert f'title="{long_value}"' in html
    assert "…" in html


def test_project_entry_links_to_the_project(client, admin):
    AuditEntryFactory(object_type="Project", object_id=42)

    html = client.get("/admin/audit").get_data(as_text=True)

    assert 'href="/projects/42"' in html


def test_csv_has_the_same_entries_as_the_filtered_page(client, admin):
    yubei = OrganisationFactory(name="Yubei Design")
    AuditEntryFactory(organisation_id=yubei.id, action="project.created", summary="First",
                      changes={"title": ["Old", "New"]})
    AuditEntryFactory(organisation_id=yubei.id, action="project.updated", summary="Second")
    AuditEntryFactory(action="project.created", summary="Elsewhere")
    query = f"organisation={yubei.id}&action=project."

    page = visible_text(client.get(f"/admin/audit?{query}"))
    response = client.get(f"/admin/audit.csv?{query}")

    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert [row["summary"] for row in rows] == ["Second", "First"]
    assert all(row["summary"] in page for row in rows) and "Elsewhere" not in page
    assert rows[1]["organisation"] == "Yubei Design"
    assert rows[1]["changes"] == "title: Old → New"


def test_csv_escapes_a_formula_like_summary(client, admin):
    AuditEntryFactory(summary="=HYPERLINK(\"http://evil.example\")")

    [row] = csv_rows(client.get("/admin/audit.csv"))

    assert row["summary"] == "'=HYPERLINK(\"http://evil.example\")"


def test_page_offers_the_csv_with_its_filters(client, admin):
    AuditEntryFactory(action="project.created")

    html = client.get("/admin/audit?action=project.created&page=1").get_data(as_text=True)

    assert 'href="/admin/audit.csv?action=project.created"' in html
    assert "Download CSV" in html


@pytest.mark.parametrize("path", ["/admin/audit", "/admin/audit.csv"])
def test_non_admin_is_refused(client, login, path):
    login(UserFactory())
    AuditEntryFactory(summary="Secret entry")

    response = client.get(path)

    assert response.status_code == 403
    assert "Secret entry" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/admin/audit", "/admin/audit.csv"])
def test_anonymous_visitor_is_sent_to_log_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_page_query_count_is_the_same_for_5_and_100_entries(client, admin, count_queries):
    organisation_ids = [OrganisationFactory().id for _ in range(3)]

    def add_entries(number):
        for index in range(number):
            AuditEntryFactory(actor_id=UserFactory().id,
                              organisation_id=organisation_ids[index % 3],
                              action=f"thing.done{index % 7}", object_type="Project",
                              object_id=index, changes={"title": ["a", "b"]})

    add_entries(5)
    with_few = queries_for_page(client, count_queries, "/admin/audit?per_page=100")
    add_entries(95)
    with_many = queries_for_page(client, count_queries, "/admin/audit?per_page=100")

    assert with_many == with_few
