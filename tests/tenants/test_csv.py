"""CSV import and export of tenants and units."""

from __future__ import annotations

import io
from datetime import date

from sqlalchemy import func, select

from park.accounts.models import Organisation, OrgKind
from park.tenants import exchange
from park.tenants.models import Tenancy, TenancyStatus, Unit, UnitStatus
from tests.conftest import csrf_token
from tests.factories import AdminFactory, BuildingFactory, TenancyFactory, UnitFactory
from tests.helpers import field_errors, visible_text

TENANT_HEADER = "slug,name,name_zh,kind,tenancy_status,signed_on,settled_on,exited_on,website\n"


def _count(model) -> int:
    from park.extensions import db

    return db.session.scalar(select(func.count()).select_from(model))


def _upload(client, path, text: str | bytes, valid_rows_only=False, filename="tenants.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    form = {"csrf_token": csrf_token(client, path), "file": (io.BytesIO(data), filename)}
    if valid_rows_only:
        form["valid_rows_only"] = "y"
    return client.post(path, data=form, content_type="multipart/form-data")


def _export(client, path) -> bytes:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return response.get_data()


def test_tenant_export_opens_with_a_byte_order_mark_and_the_header(app, client, login):
    login(AdminFactory())
    TenancyFactory(organisation__name="Chongqing Toway", organisation__name_zh="重庆同维")

    body = _export(client, "/admin/tenants/export.csv").decode("utf-8")

    assert body.startswith("\ufeffslug,name,name_zh,kind,tenancy_status")
    assert "重庆同维" in body


def test_tenant_export_is_streamed_rather_than_built_whole(app, client, login):
    login(AdminFactory())
    TenancyFactory()

    response = client.get("/admin/tenants/export.csv")

    assert response.is_streamed


def test_exported_tenants_import_back_unchanged_with_chinese_names(app, client, login):
    login(AdminFactory())
    TenancyFactory(organisation__name="Artop Yuli Design", organisation__name_zh="阿托普宇立设计")
    TenancyFactory(status=TenancyStatus.PROSPECT, signed_on=None, settled_on=None,
                   organisation__name_zh="创宇工业设计")
    exported = _export(client, "/admin/tenants/export.csv")

    response = _upload(client, "/admin/tenants/import", exported)

    assert response.status_code == 302
    assert _count(Organisation) == 2
    assert "2 rows: 0 new, 0 updated, 2 unchanged" in visible_text(client.get("/admin/tenants"))
    names = set(exchange.db.session.scalars(select(Organisation.name_zh)))
    assert names == {"阿托普宇立设计", "创宇工业设计"}


def test_tenant_import_creates_organisations_and_tenancies(app, client, login):
    login(AdminFactory())
    csv_text = TENANT_HEADER + (
        "new-firm,New Firm,新公司,design_firm,settled,2026-01-05,2026-03-01,,https://new.example\n"
        ",Prospect Studio,前景工作室,,prospect,,,,\n"
    )

    response = _upload(client, "/admin/tenants/import", csv_text)

    assert response.status_code == 302
    firm = exchange.db.session.scalar(select(Organisation).where(Organisation.slug == "new-firm"))
    assert firm.name_zh == "新公司"
    assert firm.tenancy.status is TenancyStatus.SETTLED
    assert firm.tenancy.settled_on == date(2026, 3, 1)
    studio = exchange.db.session.scalar(
        select(Organisation).where(Organisation.name == "Prospect Studio"))
    assert studio.slug == "prospect-studio"
    assert studio.kind is OrgKind.DESIGN_FIRM


def test_tenant_import_with_a_bad_row_reports_its_line_and_reason_and_writes_nothing(
    app, client, login
):
    login(AdminFactory())
    csv_text = TENANT_HEADER + (
        "good-firm,Good Firm,好公司,design_firm,prospect,,,,\n"
        "bad-firm,Bad Firm,坏公司,design_firm,settled,2026-01-05,,,\n"
    )

    response = _upload(client, "/admin/tenants/import", csv_text)

    assert response.status_code == 422
    text = visible_text(response)
    assert "Nothing was imported: 1 of 2 rows have problems" in text
    assert "Line 3" in text
    assert "settled_on: a settled tenant needs its settling date." in text
    assert _count(Organisation) == 0
    assert _count(Tenancy) == 0


def test_tenant_import_of_valid_rows_only_skips_the_bad_ones_when_asked(app, client, login):
    login(AdminFactory())
    csv_text = TENANT_HEADER + (
        "good-firm,Good Firm,好公司,design_firm,prospect,,,,\n"
        "bad-firm,Bad Firm,坏公司,spaceship,prospect,,,,\n"
    )

    response = _upload(client, "/admin/tenants/import", csv_text, valid_rows_only=True)

    assert response.status_code == 200
    text = visible_text(response)
    assert "1 valid rows were imported" in text
    assert "kind: \"spaceship\" is not one of" in text
    assert list(exchange.db.session.scalars(select(Organisation.slug))) == ["good-firm"]


def test_tenant_import_updates_an_existing_tenant_by_slug(app, client, login):
    login(AdminFactory())
    tenancy = TenancyFactory(status=TenancyStatus.PROSPECT, signed_on=None, settled_on=None,
                             organisation__slug="toway", organisation__name="Toway")
    csv_text = TENANT_HEADER + "toway,Toway Design,同维设计,,signed,2026/11/02,,,\n"

    response = _upload(client, "/admin/tenants/import", csv_text)

    assert response.status_code == 302
    exchange.db.session.refresh(tenancy)
    assert tenancy.status is TenancyStatus.SIGNED
    assert tenancy.signed_on == date(2026, 11, 2)
    assert tenancy.organisation.name == "Toway Design"


def test_tenant_import_names_each_problem_of_a_row(app):
    csv_text = TENANT_HEADER + (
        "Not A Slug,,,,someday,2026-13-40,,,ftp://x\n"
        "dup,Dup,,,prospect,,,,\n"
        "dup,Dup again,,,prospect,,,,\n"
    )

    check = exchange.check_tenants(csv_text.encode())

    first, second = check.problems
    assert first.line == 2
    reasons = " | ".join(first.reasons)
    for expected in ("a tenant needs a name", "slug: \"not a slug\"", "tenancy_status: \"someday\"",
                     "signed_on: \"2026-13-40\" is not a date", "website: \"ftp://x\""):
        assert expected in reasons
    assert second.line == 4
    assert second.reasons == ['slug: "dup" is already on line 3.']


def test_tenant_import_accepts_kinds_and_statuses_written_in_chinese(app):
    csv_text = TENANT_HEADER + (
        "lab-one,Lab One,一号实验室,检验检测机构,已入驻,2026-01-01,2026-02-01,,\n")

    check = exchange.check_tenants(csv_text.encode())

    assert check.valid, check.problems
    row = check.rows[0]
    assert row.kind is OrgKind.LAB
    assert row.status is TenancyStatus.SETTLED


def test_a_file_that_is_not_utf8_is_refused_at_the_field(app, client, login):
    login(AdminFactory())
    data = (TENANT_HEADER + "gbk-firm,GBK Firm,重庆设计,,prospect,,,,\n").encode("gb18030")

    response = _upload(client, "/admin/tenants/import", data)

    assert response.status_code == 422
    assert "is not UTF-8 text" in " ".join(field_errors(response, "file"))
    assert _count(Organisation) == 0


def test_a_file_without_the_required_columns_is_refused_at_the_field(app, client, login):
    login(AdminFactory())

    response = _upload(client, "/admin/tenants/import", "slug,title\nx,y\n")

    assert response.status_code == 422
    assert "missing: name, tenancy_status" in " ".join(field_errors(response, "file"))


def test_a_file_that_is_not_csv_is_refused_at_the_field(app, client, login):
    login(AdminFactory())

    response = _upload(client, "/admin/tenants/import", "x", filename="tenants.xlsx")

    assert response.status_code == 422
    assert field_errors(response, "file") == ["Please choose a .csv file."]


def test_cells_that_look_like_formulas_are_quoted_on_export_and_unquoted_on_import(app):
    lines = "".join(exchange.csv_lines(["name"], [["=HYPERLINK(\"x\")"], ["-5 Studio"]]))
    assert "'=HYPERLINK" in lines
    assert "'-5 Studio" in lines

    csv_text = TENANT_HEADER + ",'-5 Studio,,,prospect,,,,\n"
    check = exchange.check_tenants(csv_text.encode())
    assert check.rows[0].name == "-5 Studio"


def test_semicolon_separated_files_are_read_too(app):
    csv_text = "name;tenancy_status\nSemi Colon Design;prospect\n"

    check = exchange.check_tenants(csv_text.encode())

    assert check.valid
    assert check.rows[0].name == "Semi Colon Design"


# Units --------------------------------------------------------------------------------------


def test_unit_import_creates_and_updates_units_by_building_and_code(app, client, login):
    login(AdminFactory())
    building = BuildingFactory(code="A", floors=8)
    existing = UnitFactory(building=building, code="101", floor=1, area_m2=100.0)
    csv_text = ("building,unit,floor,area_m2,status\n"
                "A,101,1,120.5,reserved\n"
                "a,102,1,80,\n")

    response = _upload(client, "/admin/units/import", csv_text, filename="units.csv")

    assert response.status_code == 302
    exchange.db.session.refresh(existing)
    assert existing.area_m2 == 120.5
    assert existing.status is UnitStatus.RESERVED
    new = exchange.db.session.scalar(select(Unit).where(Unit.code == "102"))
    assert new.status is UnitStatus.AVAILABLE


def test_unit_import_with_an_unknown_building_reports_the_line_and_writes_nothing(
    app, client, login
):
    login(AdminFactory())
    BuildingFactory(code="A", floors=3)
    csv_text = ("building,unit,floor,area_m2\n"
                "A,101,1,80\n"
                "Z,101,1,80\n"
                "A,901,9,0\n")

    response = _upload(client, "/admin/units/import", csv_text, filename="units.csv")

    assert response.status_code == 422
    text = visible_text(response)
    assert "Line 3" in text and 'there is no building "Z" (known: A)' in text
    assert "Line 4" in text and "building A has floors 0 to 3" in text
    assert 'area_m2: "0" is not an area' in text
    assert _count(Unit) == 0


def test_exported_units_import_back_unchanged(app, client, login):
    login(AdminFactory())
    building = BuildingFactory(code="B", floors=3, name_zh="样机工坊")
    UnitFactory(building=building, code="201", floor=2, area_m2=75.25)
    UnitFactory(building=building, code="001", floor=0, area_m2=300.0,
                status=UnitStatus.OUT_OF_SERVICE)
    exported = _export(client, "/admin/units/export.csv")

    check = exchange.check_units(exported)

    assert check.valid, check.problems
    assert [(r.building, r.code, r.floor, r.area_m2, r.status) for r in check.rows] == [
        ("B", "001", 0, 300.0, UnitStatus.OUT_OF_SERVICE),
        ("B", "201", 2, 75.25, UnitStatus.AVAILABLE),
    ]
    result = exchange.import_units(AdminFactory(), check.rows)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_a_file_over_the_size_limit_is_refused_at_the_field(app, client, login):
    login(AdminFactory())
    app.config["IMPORT_MAX_BYTES"] = 1024 * 1024
    data = TENANT_HEADER + ",Big Studio,,,prospect,,,,\n" * 40_000

    response = _upload(client, "/admin/tenants/import", data)

    assert response.status_code == 422
    assert field_errors(response, "file") == ["The file is too large: at most 1 MB is allowed."]
    assert _count(Organisation) == 0


def test_tenant_import_refuses_a_slug_that_fixed_pages_use(app):
    check = exchange.check_tenants((TENANT_HEADER + "new,New Studio,,,prospect,,,,\n").encode())

    assert check.problems[0].reasons == ['slug: "new" is reserved; please choose another.']
