"""Reports as CSV and XLSX: what each one holds for a fixed data set, the period it covers,
that files stream, and who may download which."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from datetime import UTC, date, datetime

import pytest

from park.accounts.models import OrgKind, OrgRole
from park.events.models import RegistrationStatus
from park.projects.models import IpKind, IpStatus
from park.tenants.models import LeaseStatus, TenancyStatus
from tests.factories import (
    AdminFactory,
    BuildingFactory,
    EventFactory,
    IpRecordFactory,
    LeaseFactory,
    MatchFactory,
    NeedFactory,
    OrganisationFactory,
    RegistrationFactory,
    SpecialtyFactory,
    TenancyFactory,
    UnitFactory,
    UserFactory,
    make_project,
    member_of,
)

YEAR_2026 = "period=custom&from=2026-01-01&to=2026-12-31"


@pytest.fixture
def admin(login):
    return login(AdminFactory())


def csv_rows(response) -> list[list[str]]:
    data = response.get_data()
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


CELL_RE = re.compile(r'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)


def xlsx_rows(data: bytes) -> tuple[list[list[str]], str]:
    """The first sheet's cells as text (numbers as written), read from the file's XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        shared = book.read("xl/sharedStrings.xml").decode() if (
            "xl/sharedStrings.xml" in book.namelist()) else ""
    strings = re.findall(r"<si><t[^>]*>(.*?)</t></si>", shared, re.S)
    rows: dict[int, dict[int, str]] = {}
    for letters, number, attributes, inner in CELL_RE.findall(xml):
        column = 0
        for letter in letters:
            column = column * 26 + ord(letter) - 64
        text = re.search(r"<t[^>]*>(.*?)</t>", inner or "", re.S)
        value = re.search(r"<v>(.*?)</v>", inner or "", re.S)
        if 't="s"' in attributes and value:
            cell = strings[int(value.group(1))]
        elif text:
            cell = text.group(1)
        else:
            cell = value.group(1) if value else ""
        rows.setdefault(int(number), {})[column - 1] = (
            cell.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    table = []
    for number in sorted(rows):
        cells = rows[number]
        table.append([cells.get(index, "") for index in range(max(cells) + 1)])
    return table, xml


# What each report holds -----------------------------------------------------------------------


def test_tenants_report_lists_tenancies_in_the_period_with_the_space_they_lease(client, admin):
    tenant = TenancyFactory(organisation=OrganisationFactory(name="Aero Works"),
                            signed_on=date(2026, 1, 5), settled_on=date(2026, 3, 1))
    TenancyFactory(organisation=OrganisationFactory(name="Gone Before"),
                   status=TenancyStatus.EXITED, signed_on=date(2024, 1, 5),
                   settled_on=date(2024, 2, 1), exited_on=date(2025, 6, 30))
    unit = UnitFactory(building=BuildingFactory(code="A"), code="101", area_m2=120.5)
    LeaseFactory(organisation=tenant.organisation, unit=unit)

    rows = csv_rows(client.get(f"/admin/reports/tenants.csv?{YEAR_2026}"))

    assert rows == [
        ["Organisation", "Kind", "Tenancy status", "Signed on", "Settled on", "Exited on",
         "Units leased", "m² leased"],
        ["Aero Works", "Design firm", "Settled", "2026-01-05", "2026-03-01", "", "A-101",
         "120.5"],
    ]


def test_leases_report_lists_leases_overlapping_the_period(client, admin):
    firm = OrganisationFactory(name="Moto Form")
    building = BuildingFactory(code="B", name="Studio block")
    LeaseFactory(organisation=firm, unit=UnitFactory(building=building, code="201",
                                                     area_m2=80.0),
                 start_on=date(2026, 2, 1), end_on=date(2027, 1, 31), monthly_rent=9000)
    LeaseFactory(organisation=firm, unit=UnitFactory(building=building, code="202"),
                 start_on=date(2023, 1, 1), end_on=date(2024, 12, 31),
                 status=LeaseStatus.ENDED)

    rows = csv_rows(client.get(f"/admin/reports/leases.csv?{YEAR_2026}"))

    assert rows == [
        ["Unit", "Building", "Organisation", "Start", "End", "Status", "Monthly rent (yuan)",
         "Area (m²)"],
        ["B-201", "Studio block", "Moto Form", "2026-02-01", "2027-01-31", "Active", "9000",
         "80.0"],
    ]


def test_projects_report_has_one_row_per_project_with_its_stages(client, admin):
    firm = OrganisationFactory(name="Line Studio")
    client_org = OrganisationFactory(name="Zhou Motors", kind=OrgKind.MANUFACTURER)
    make_project(firm, title="Scooter fairing", client=client_org,
                 specialty=SpecialtyFactory(name="Motorcycle design"),
                 start_on=date(2026, 4, 1), target_end_on=date(2026, 12, 20))

    rows = csv_rows(client.get(f"/admin/reports/projects.csv?{YEAR_2026}"))

    header, row = rows
    assert header[:9] == ["Project", "Firm", "Client", "Specialty", "Status", "Current stage",
                          "Start", "Target end", "Completed"]
    assert header[9:11] == ["Brief: status", "Brief: finished"]
    assert header[-2:] == ["Production handover: status", "Production handover: finished"]
    assert row[:9] == ["Scooter fairing", "Line Studio", "Zhou Motors", "Motorcycle design",
                       "Active", "Brief", "2026-04-01", "2026-12-20", ""]
    assert row[9:13] == ["In progress", "", "Pending", ""]


def test_ip_report_lists_records_filed_in_the_period(client, admin):
    project = make_project(OrganisationFactory(name="Line Studio"), title="Helmet")
    IpRecordFactory(project=project, kind=IpKind.DESIGN_PATENT, title="Helmet shell",
                    application_number="ZL2026300000001", status=IpStatus.GRANTED,
                    filed_on=date(2026, 2, 1), granted_on=date(2026, 9, 1),
                    expires_on=date(2041, 2, 1))
    IpRecordFactory(project=project, title="Old visor", filed_on=date(2025, 5, 1))

    rows = csv_rows(client.get(f"/admin/reports/ip-records.csv?{YEAR_2026}"))

    assert rows == [
        ["Project", "Firm", "Kind", "Title", "Application number", "Status", "Filed on",
         "Granted on", "Expires on"],
        ["Helmet", "Line Studio", "Design patent", "Helmet shell", "ZL2026300000001", "Granted",
         "2026-02-01", "2026-09-01", "2041-02-01"],
    ]


def test_attendance_report_counts_registrations_and_check_ins_per_event(client, admin):
    event = EventFactory(title="Autumn fair", starts_at=datetime(2026, 10, 10, 1, tzinfo=UTC),
                         ends_at=datetime(2026, 10, 10, 9, tzinfo=UTC))
    RegistrationFactory(event=event, checked_in_at=datetime(2026, 10, 10, 2, tzinfo=UTC))
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    EventFactory(title="Last year", starts_at=datetime(2025, 10, 10, 1, tzinfo=UTC),
                 ends_at=datetime(2025, 10, 10, 9, tzinfo=UTC))

    rows = csv_rows(client.get(f"/admin/reports/attendance.csv?{YEAR_2026}"))

    assert rows == [
        ["Event", "Date", "Status", "Confirmed", "Waitlisted", "Checked in",
         "Attendance rate (%)"],
        ["Autumn fair", "2026-10-10", "Published", "2", "1", "1", "50.0"],
    ]


def test_funnel_report_gives_each_step_with_its_count_and_rates(client, admin):
    MatchFactory(need=NeedFactory())
    NeedFactory()

    rows = csv_rows(client.get(f"/admin/reports/funnel.csv?{YEAR_2026}"))

    assert rows[0] == ["Step", "Needs", "Share of the step before (%)",
                       "Share of needs posted (%)"]
    assert rows[1][:2] == ["Needs posted", "2"]
    assert rows[2] == [rows[2][0], "1", "50.0", "50.0"]
    assert [row[1] for row in rows[3:]] == ["0", "0", "0"]


def test_funnel_report_counts_only_needs_posted_in_the_period(client, admin):
    NeedFactory(created_at=datetime(2025, 5, 1, tzinfo=UTC))

    rows = csv_rows(client.get(f"/admin/reports/funnel.csv?{YEAR_2026}"))

    assert rows[1][1] == "0"


def test_period_filter_leaves_out_projects_started_outside_it(client, admin):
    firm = OrganisationFactory()
    make_project(firm, title="This year", start_on=date(2026, 3, 1))
    make_project(firm, title="Years ago", start_on=date(2020, 3, 1))

    in_2026 = csv_rows(client.get(f"/admin/reports/projects.csv?{YEAR_2026}"))
    all_time = csv_rows(client.get("/admin/reports/projects.csv?period=all"))

    assert [row[0] for row in in_2026[1:]] == ["This year"]
    assert sorted(row[0] for row in all_time[1:]) == ["This year", "Years ago"]


def test_project_without_start_date_counts_from_the_day_it_was_created(client, admin):
    make_project(OrganisationFactory(), title="Undated")  # created today, 2026 or later

    today = date.today().isoformat()
    rows = csv_rows(client.get(f"/admin/reports/projects.csv?period=custom&from={today}"))
    earlier = csv_rows(client.get("/admin/reports/projects.csv?period=custom&to=2000-01-01"))

    assert [row[0] for row in rows[1:]] == ["Undated"]
    assert earlier[1:] == []


# Files ----------------------------------------------------------------------------------------


def test_download_streams_an_attachment_with_a_dated_name(client, admin):
    response = client.get(f"/admin/reports/projects.csv?{YEAR_2026}")

    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert re.fullmatch(r'attachment; filename="park-projects-\d{4}-\d\d-\d\d\.csv"',
                        response.headers["Content-Disposition"])


def test_csv_quotes_a_cell_a_spreadsheet_would_read_as_a_formula(client, admin):
    make_project(OrganisationFactory(), title='=HYPERLINK("http://evil.example")',
                 start_on=date(2026, 3, 1))

    rows = csv_rows(client.get(f"/admin/reports/projects.csv?{YEAR_2026}"))

    assert rows[1][0] == "'=HYPERLINK(\"http://evil.example\")"


def test_xlsx_holds_the_same_rows_and_keeps_formula_like_text_as_text(client, admin):
    firm = OrganisationFactory(name="Line Studio")
    make_project(firm, title="=1+1", start_on=date(2026, 3, 1))

    response = client.get(f"/admin/reports/projects.xlsx?{YEAR_2026}")
    streamed = response.is_streamed  # read before the body is taken
    rows, xml = xlsx_rows(response.get_data())

    assert streamed
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert rows[0][:3] == ["Project", "Firm", "Client"]
    assert rows[1][:2] == ["=1+1", "Line Studio"]
    assert "<f>" not in xml


def test_xlsx_writes_counts_as_numbers(client, admin):
    event = EventFactory(title="Autumn fair", starts_at=datetime(2026, 10, 10, 1, tzinfo=UTC),
                         ends_at=datetime(2026, 10, 10, 9, tzinfo=UTC))
    RegistrationFactory(event=event)

    rows, xml = xlsx_rows(client.get(f"/admin/reports/attendance.xlsx?{YEAR_2026}").get_data())

    assert rows[1][0] == "Autumn fair"
    assert rows[1][3] == "1"
    assert re.search(r'<c r="D2"[^>]*><v>1</v></c>', xml)


def test_unknown_report_or_format_is_not_found(client, admin):
    assert client.get("/admin/reports/salaries.csv").status_code == 404
    assert client.get("/admin/reports/projects.pdf").status_code == 404


# The reports page -----------------------------------------------------------------------------


def test_reports_page_links_every_report_in_both_formats_for_the_period(client, admin):
    page = client.get("/admin/reports?period=quarter").get_data(as_text=True)

    for report in ("tenants", "leases", "projects", "ip-records", "attendance", "funnel"):
        for fmt in ("csv", "xlsx"):
            assert f"/admin/reports/{report}.{fmt}?period=quarter" in page
    assert "Event attendance" in page


# Who may download what ------------------------------------------------------------------------


def test_park_reports_are_refused_to_people_outside_the_park_office(client, login):
    login(member_of(OrganisationFactory(), role=OrgRole.OWNER))

    assert client.get("/admin/reports").status_code == 403
    assert client.get("/admin/reports/tenants.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    firm = OrganisationFactory()
    for path in ("/admin/reports", "/admin/reports/projects.csv",
                 f"/orgs/{firm.slug}/reports/projects.csv"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.location


def test_firm_member_exports_only_its_own_projects(client, login):
    firm, other = OrganisationFactory(name="Own firm"), OrganisationFactory()
    member = member_of(firm)
    make_project(firm, lead=member, title="Ours")
    make_project(other, title="Theirs")
    login(member)

    response = client.get(f"/orgs/{firm.slug}/reports/projects.csv")
    rows = csv_rows(response)

    assert response.headers["Content-Disposition"].startswith(
        f'attachment; filename="{firm.slug}-projects-')
    assert [row[0] for row in rows[1:]] == ["Ours"]


def test_firm_member_exports_only_its_own_ip_records(client, login):
    firm, other = OrganisationFactory(), OrganisationFactory()
    member = member_of(firm)
    IpRecordFactory(project=make_project(firm, lead=member), title="Our patent")
    IpRecordFactory(project=make_project(other), title="Their patent")
    login(member)

    rows, _xml = xlsx_rows(client.get(f"/orgs/{firm.slug}/reports/ip-records.xlsx").get_data())

    assert [row[3] for row in rows[1:]] == ["Our patent"]


def test_firm_member_may_not_export_another_organisations_projects(client, login):
    login(member_of(OrganisationFactory()))
    other = OrganisationFactory()

    assert client.get(f"/orgs/{other.slug}/reports/projects.csv").status_code == 403


def test_organisation_export_offers_only_its_projects_and_ip_records(client, login):
    firm = OrganisationFactory()
    login(member_of(firm))

    assert client.get(f"/orgs/{firm.slug}/reports/tenants.csv").status_code == 404
    assert client.get(f"/orgs/{firm.slug}/reports/funnel.xlsx").status_code == 404


def test_project_list_offers_the_organisation_export_to_its_members(client, login):
    firm = OrganisationFactory()
    login(member_of(firm))

    page = client.get(f"/orgs/{firm.slug}/projects").get_data(as_text=True)

    assert f"/orgs/{firm.slug}/reports/projects.csv" in page
    assert f"/orgs/{firm.slug}/reports/ip-records.xlsx" in page


def test_my_projects_list_has_no_organisation_export(client, login):
    login(UserFactory())

    page = client.get("/projects").get_data(as_text=True)

    assert "/reports/projects.csv" not in page
