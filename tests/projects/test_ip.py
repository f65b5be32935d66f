"""IP records of a project and the firm's IP list: adding, editing and deleting records, the
rules their dates and numbers keep, and the deadlines coming up within 90 days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from park.accounts.models import OrgKind, OrgRole
from park.core.time import park_today
from park.extensions import db
from park.projects import ip
from park.projects.models import IpKind, IpRecord, IpStatus, ProjectRole, Visibility
from tests.conftest import post_form
from tests.factories import (
    AdminFactory,
    IpRecordFactory,
    OrganisationFactory,
    ProjectMemberFactory,
    make_project,
    member_of,
)
from tests.helpers import (
    audit_actions,
    count,
    field_errors,
    flash_texts,
    queries_for_page,
    redirect_path,
    visible_text,
)


def today() -> date:
    return park_today()


def days(n: int) -> date:
    return park_today() + timedelta(days=n)


def firm_with_lead(name="Artop Yuli Motorcycle Design"):
    firm = OrganisationFactory(name=name)
    lead = member_of(firm, name="Lead Designer")
    return firm, lead


def project_of(firm, lead, title="Electric motorcycle fairing", **fields):
    return make_project(firm, lead, title=title, **fields)


def record_of(project, **fields) -> IpRecord:
    return IpRecordFactory(project=project, **fields)


def form(**overrides) -> dict:
    data = {
        "kind": IpKind.DESIGN_PATENT.value,
        "title": "Fairing with integrated light bar",
        "application_number": "202630123456.7",
        "status": IpStatus.FILED.value,
        "filed_on": "2026-03-02",
        "granted_on": "",
        "expires_on": "",
        "renewal_due_on": "",
        "owners": "Artop Yuli",
        "notes": "Filed with the national office.",
    }
    data.update(overrides)
    return data


def records() -> list[IpRecord]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(IpRecord).order_by(IpRecord.id)))


# Adding, editing, deleting -------------------------------------------------------------------


def test_lead_adds_a_filed_design_patent_and_sees_it_on_the_project_s_ip_list(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    login(lead)

    response = post_form(client, f"/projects/{project.id}/ip/new", form())

    assert redirect_path(response) == f"/projects/{project.id}/ip"
    [stored] = records()
    assert (stored.kind, stored.status, stored.filed_on) == (
        IpKind.DESIGN_PATENT, IpStatus.FILED, date(2026, 3, 2))
    page = client.get(f"/projects/{project.id}/ip", follow_redirects=True)
    text = visible_text(page)
    assert "Fairing with integrated light bar" in text
    assert "202630123456.7" in text
    assert "Design patent" in text and "Filed" in text
    assert "Rights holders: Artop Yuli" in text
    assert "Filed with the national office." in text
    assert "ip_record.created" in audit_actions()


def test_the_new_record_form_suggests_the_firm_as_owner(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    login(lead)

    response = client.get(f"/projects/{project.id}/ip/new")

    assert response.status_code == 200
    assert 'value="Artop Yuli Motorcycle Design"' in response.get_data(as_text=True)


def test_lead_edits_a_record_and_grants_it(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    record = record_of(project, title="Headlamp housing", application_number="2026301")
    login(lead)
    edit = f"/projects/{project.id}/ip/{record.id}/edit"
    assert 'value="Headlamp housing"' in client.get(edit).get_data(as_text=True)

    response = post_form(client, edit, form(title="Headlamp housing", application_number="2026301",
                                            status="granted", granted_on="2026-09-01"))

    assert redirect_path(response) == f"/projects/{project.id}/ip"
    [stored] = records()
    assert (stored.status, stored.granted_on) == (IpStatus.GRANTED, date(2026, 9, 1))
    assert "The IP record “Headlamp housing” has been saved." in flash_texts(
        client.get(f"/projects/{project.id}/ip"))


def test_lead_deletes_a_record(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    record = record_of(project, title="Headlamp housing")
    login(lead)

    response = post_form(client, f"/projects/{project.id}/ip/{record.id}/delete", {},
                         page=f"/projects/{project.id}/ip")

    assert redirect_path(response) == f"/projects/{project.id}/ip"
    assert records() == []
    text = visible_text(client.get(f"/projects/{project.id}/ip"))
    assert "The IP record “Headlamp housing” has been deleted." in text
    assert "No IP records yet" in text
    assert "ip_record.deleted" in audit_actions()


def test_a_firm_manager_who_is_not_on_the_project_may_keep_its_ip(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    login(member_of(firm, OrgRole.MANAGER))

    response = post_form(client, f"/projects/{project.id}/ip/new", form())

    assert response.status_code == 302
    assert len(records()) == 1


def test_a_designer_sees_the_ip_but_no_edit_buttons_and_may_not_add(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    record_of(project, title="Headlamp housing")
    designer = member_of(firm)
    ProjectMemberFactory(project=project, user=designer, role=ProjectRole.DESIGNER)
    login(designer)

    page = client.get(f"/projects/{project.id}/ip")

    assert "Headlamp housing" in visible_text(page)
    assert "New IP record" not in visible_text(page)
    assert "/edit" not in page.get_data(as_text=True)
    assert client.get(f"/projects/{project.id}/ip/new").status_code == 403


def test_the_client_follows_the_ip_in_full_but_cannot_change_it(client, login):
    firm, lead = firm_with_lead()
    maker = OrganisationFactory(kind=OrgKind.MANUFACTURER, name="Fengchi Motorcycle")
    project = project_of(firm, lead, client=maker)
    record = record_of(project, title="Battery latch", status=IpStatus.FILED,
                       notes="Claims drafted with the client.")
    login(member_of(maker))

    text = visible_text(client.get(f"/projects/{project.id}/ip"))

    assert "Battery latch" in text and "Claims drafted with the client." in text
    assert client.get(f"/projects/{project.id}/ip/{record.id}/edit").status_code == 403


# Validation: at the field, status 422, nothing changed ---------------------------------------


def test_a_granted_record_without_grant_date_is_refused_at_that_field(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    login(lead)

    response = post_form(client, f"/projects/{project.id}/ip/new", form(status="granted"))

    assert response.status_code == 422
    assert field_errors(response, "granted_on") == ["A granted record needs its grant date."]
    assert records() == []


def test_a_grant_before_the_filing_is_refused_at_the_grant_date(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    login(lead)

    response = post_form(client, f"/projects/{project.id}/ip/new",
                         form(status="granted", filed_on="2026-03-02", granted_on="2026-01-15"))

    assert response.status_code == 422
    assert field_errors(response, "granted_on") == [
        "The grant date cannot be before the filing date."]
    assert records() == []


def test_a_filed_record_needs_its_filing_date(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    login(lead)

    response = post_form(client, f"/projects/{project.id}/ip/new", form(filed_on=""))

    assert response.status_code == 422
    assert field_errors(response, "filed_on") == [
        "A record that has been filed needs its filing date."]


def test_an_unreadable_date_is_refused_with_one_message(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    login(lead)

    response = post_form(client, f"/projects/{project.id}/ip/new", form(expires_on="next year"))

    assert response.status_code == 422
    assert field_errors(response, "expires_on") == ["Please enter a date as YYYY-MM-DD."]
    assert records() == []


def test_a_duplicate_application_number_of_the_same_kind_is_refused_at_that_field(
        client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    other_firm, other_lead = firm_with_lead("Another Design Firm")
    record_of(project_of(other_firm, other_lead), kind=IpKind.DESIGN_PATENT,
              application_number="202630123456.7")
    login(lead)

    response = post_form(client, f"/projects/{project.id}/ip/new", form())

    assert response.status_code == 422
    assert field_errors(response, "application_number") == [
        "Another record of the kind “Design patent” already has the application number "
        "202630123456.7."]
    assert len(records()) == 1


def test_the_same_number_for_another_kind_of_right_is_accepted(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    record_of(project, kind=IpKind.TRADEMARK, application_number="202630123456.7")
    login(lead)

    response = post_form(client, f"/projects/{project.id}/ip/new", form())

    assert response.status_code == 302
    assert len(records()) == 2


def test_editing_to_a_taken_number_is_refused_and_changes_nothing(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    record_of(project, application_number="111")
    record = record_of(project, title="Seat cowl", application_number="222")
    login(lead)

    response = post_form(client, f"/projects/{project.id}/ip/{record.id}/edit",
                         form(title="Seat cowl renamed", application_number="111"))

    assert response.status_code == 422
    assert field_errors(response, "application_number") == [
        "Another record of the kind “Design patent” already has the application number 111."]
    stored = db.session.get(IpRecord, record.id)
    db.session.refresh(stored)
    assert (stored.title, stored.application_number) == ("Seat cowl", "222")


def test_the_service_refuses_a_duplicate_that_slips_past_the_form(app):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    record_of(project, application_number="333")
    # As if a concurrent request had taken the number between the check and the write.
    from park.core.errors import DomainError

    original = ip._refuse_taken_number
    ip._refuse_taken_number = lambda *args, **kwargs: None
    try:
        with pytest.raises(DomainError) as refused:
            ip.create_ip_record(lead, project, kind=IpKind.DESIGN_PATENT, title="Twin",
                                application_number="333", status=IpStatus.FILED,
                                filed_on=date(2026, 1, 1), granted_on=None, expires_on=None,
                                renewal_due_on=None)
    finally:
        ip._refuse_taken_number = original
    assert refused.value.field == "application_number"
    assert count(IpRecord) == 1


def test_a_record_of_another_project_is_not_found_through_this_one(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    elsewhere = record_of(project_of(firm, lead, title="Rail seat"), title="Rail seat shell")
    login(lead)

    assert client.get(f"/projects/{project.id}/ip/{elsewhere.id}/edit").status_code == 404
    response = post_form(client, f"/projects/{project.id}/ip/{elsewhere.id}/delete", {},
                         page=f"/projects/{project.id}/ip")
    assert response.status_code == 404
    assert count(IpRecord) == 1


def test_an_unknown_project_or_record_is_not_found(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    login(lead)

    assert client.get("/projects/999999/ip").status_code == 404
    assert client.get(f"/projects/{project.id}/ip/999999/edit").status_code == 404


# Deadlines -----------------------------------------------------------------------------------


def test_upcoming_deadline_is_the_earliest_renewal_or_expiry_not_yet_past():
    project = project_of(*firm_with_lead())
    renewal_missed = record_of(project, status=IpStatus.GRANTED, granted_on=date(2026, 5, 1),
                               renewal_due_on=days(-3), expires_on=days(40))
    renewal_first = record_of(project, renewal_due_on=days(10), expires_on=days(20))
    far = record_of(project, renewal_due_on=days(91))

    assert ip.upcoming_deadline(renewal_missed, today()) == ip.UpcomingDeadline(
        days(40), False, 40)
    assert ip.upcoming_deadline(renewal_first, today()) == ip.UpcomingDeadline(
        days(10), True, 10)
    assert ip.upcoming_deadline(far, today()) is None


def test_the_project_list_flags_deadlines_within_ninety_days_only(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    record_of(project, title="Soon", renewal_due_on=days(12))
    record_of(project, title="Later", renewal_due_on=days(120))
    login(lead)

    text = visible_text(client.get(f"/projects/{project.id}/ip"))

    assert "Renewal due in 12 days" in text
    assert "in 120 days" not in text


def _deadline_firm():
    """A firm whose records fall due at the edges of the 90-day window, and a few that must
    never be listed (past, lapsed, rejected, too far)."""
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    for title, fields in {
        "Due today": {"renewal_due_on": days(0)},
        "Expires in 30": {"status": IpStatus.GRANTED, "granted_on": date(2025, 1, 1),
                          "filed_on": date(2024, 1, 1), "expires_on": days(30)},
        "Renewal in 90": {"renewal_due_on": days(90)},
        "Renewal in 91": {"renewal_due_on": days(91)},
        "Renewal passed": {"renewal_due_on": days(-1)},
        "Lapsed soon": {"status": IpStatus.LAPSED, "renewal_due_on": days(5)},
        "Rejected soon": {"status": IpStatus.REJECTED, "expires_on": days(6)},
        "No dates": {},
    }.items():
        record_of(project, title=title, **fields)
    return firm, lead, project


def test_the_deadline_list_holds_exactly_the_records_due_within_ninety_days_soonest_first(
        client, login):
    firm, lead, _project = _deadline_firm()
    login(lead)

    response = client.get(f"/orgs/{firm.slug}/ip?due=1")

    rows = [line for line in response.get_data(as_text=True).split("<tr>")[2:]]
    titles = [t for row in rows for t in ("Due today", "Expires in 30", "Renewal in 90",
                                          "Renewal in 91", "Renewal passed", "Lapsed soon",
                                          "Rejected soon", "No dates") if f">{t}<" in row]
    assert titles == ["Due today", "Expires in 30", "Renewal in 90"]
    text = visible_text(response)
    assert "Renewal due today" in text
    assert "Expires in 30 days" in text
    assert "Renewal due in 90 days" in text


def test_the_firm_s_ip_page_opens_with_its_coming_deadlines(client, login):
    firm, lead, _project = _deadline_firm()
    login(lead)

    response = client.get(f"/orgs/{firm.slug}/ip")

    html = response.get_data(as_text=True)
    section = html.split('id="deadlines-heading"')[1].split("</section>")[0]
    assert "Deadlines within 90 days" in visible_text(response)
    assert [t for t in ("Due today", "Expires in 30", "Renewal in 90", "Renewal in 91",
                        "Renewal passed", "Lapsed soon", "Rejected soon")
            if t in section] == ["Due today", "Expires in 30", "Renewal in 90"]
    assert section.index("Due today") < section.index("Expires in 30") < section.index(
        "Renewal in 90")


def test_the_deadline_section_links_to_all_of_them_when_there_are_more(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    for n in range(7):
        record_of(project, title=f"Due {n}", renewal_due_on=days(n + 1))
    login(lead)

    text = visible_text(client.get(f"/orgs/{firm.slug}/ip"))

    assert "Show all 7 deadlines" in text


# The firm's IP list --------------------------------------------------------------------------


def test_the_firm_s_ip_list_counts_by_status_and_filters_by_kind_and_status(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    record_of(project, title="Fairing shape", kind=IpKind.DESIGN_PATENT)
    record_of(project, title="Brand mark", kind=IpKind.TRADEMARK, status=IpStatus.GRANTED,
              granted_on=date(2026, 6, 1))
    record_of(project, title="Old latch", kind=IpKind.UTILITY_MODEL, status=IpStatus.LAPSED)
    login(lead)

    everything = visible_text(client.get(f"/orgs/{firm.slug}/ip"))
    trademarks = visible_text(client.get(f"/orgs/{firm.slug}/ip?kind=trademark"))
    lapsed = visible_text(client.get(f"/orgs/{firm.slug}/ip?status=lapsed"))

    assert "All 3" in everything and "Granted 1" in everything and "Lapsed 1" in everything
    assert "Drafting 0" in everything
    assert "Brand mark" in trademarks and "Fairing shape" not in trademarks
    assert "Old latch" in lapsed and "Brand mark" not in lapsed


def test_an_unknown_filter_value_is_ignored(client, login):
    firm, lead = firm_with_lead()
    record_of(project_of(firm, lead), title="Fairing shape")
    login(lead)

    response = client.get(f"/orgs/{firm.slug}/ip?kind=nonsense&status=x")

    assert response.status_code == 200
    assert "Fairing shape" in visible_text(response)


def test_each_row_of_the_firm_s_ip_links_to_its_project(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead, title="Smart home hub")
    record_of(project, title="Hub enclosure")
    login(lead)

    html = client.get(f"/orgs/{firm.slug}/ip").get_data(as_text=True)

    assert f'href="/projects/{project.id}"' in html
    assert f'href="/projects/{project.id}/ip"' in html


def test_the_firm_s_ip_list_paginates(client, login):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    for n in range(25):
        record_of(project, title=f"Record {n:02d}")
    login(lead)

    first = visible_text(client.get(f"/orgs/{firm.slug}/ip?per_page=10"))
    third = visible_text(client.get(f"/orgs/{firm.slug}/ip?per_page=10&page=3"))

    assert "1–10 of 25" in first
    assert "21–25 of 25" in third


def test_the_park_office_sees_only_the_firm_s_park_visible_ip(client, login):
    firm, lead = firm_with_lead()
    record_of(project_of(firm, lead, title="Open project", visibility=Visibility.PARK),
              title="Shown to the park")
    record_of(project_of(firm, lead, title="Closed project"), title="Kept private")
    login(AdminFactory())

    text = visible_text(client.get(f"/orgs/{firm.slug}/ip"))

    assert "Shown to the park" in text
    assert "Kept private" not in text
    assert "All 1" in text


# Bounded queries -----------------------------------------------------------------------------


def _many_records(project, n, start=0):
    for i in range(start, start + n):
        record_of(project, title=f"Record {i}", renewal_due_on=days(i % 100),
                  status=IpStatus.FILED)


def test_the_project_ip_list_issues_the_same_queries_for_three_or_thirty_records(
        client, login, count_queries):
    firm, lead = firm_with_lead()
    project = project_of(firm, lead)
    _many_records(project, 3)
    login(lead)
    few = queries_for_page(client, count_queries, f"/projects/{project.id}/ip")
    _many_records(project, 27, start=3)

    many = queries_for_page(client, count_queries, f"/projects/{project.id}/ip")

    assert many == few
    assert many <= 8, many


def test_the_firm_s_ip_page_issues_the_same_queries_for_few_or_many_records(
        client, login, count_queries):
    firm, lead = firm_with_lead()
    projects = [project_of(firm, lead, title=f"Project {n}") for n in range(6)]
    _many_records(projects[0], 3)
    login(lead)
    few = queries_for_page(client, count_queries, f"/orgs/{firm.slug}/ip")
    for index, project in enumerate(projects):
        _many_records(project, 8, start=(index + 1) * 100)

    many = queries_for_page(client, count_queries, f"/orgs/{firm.slug}/ip")

    assert many == few
    assert many <= 10, many
