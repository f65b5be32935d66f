"""CSV import and export of tenants and units, the way the park office keeps them today.

An import is checked whole before anything is written: every bad row is reported with its
line number and reasons. The admin then imports nothing, or only the rows that passed.
Exports stream row by row and start with a UTF-8 byte-order mark so that spreadsheet
programs open Chinese names correctly; the importer accepts files with or without it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, tuple_
from sqlalchemy.orm import selectinload

from park.accounts.models import Organisation, OrgKind, OrgStatus, User
from park.accounts.services import RESERVED_SLUGS, unique_slug
from park.core.audit import diff, record
from park.core.errors import DomainError, commit_or_refuse
from park.core.time import now_utc
from park.extensions import db
from park.tenants.models import Building, Tenancy, TenancyStatus, Unit, UnitStatus

TENANT_COLUMNS = ("slug", "name", "name_zh", "kind", "tenancy_status", "signed_on",
                  "settled_on", "exited_on", "website", "notes")
TENANT_REQUIRED = ("name", "tenancy_status")
UNIT_COLUMNS = ("building", "unit", "floor", "area_m2", "status")
UNIT_REQUIRED = ("building", "unit", "floor", "area_m2")

MAX_ROWS = 5000
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
DATE_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
# A cell starting with one of these is a formula to a spreadsheet program. Exports quote such
# cells with a leading apostrophe (as spreadsheets do themselves); imports take it off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class RowProblem:
    line: int
    reasons: list[str]


@dataclass
class ImportCheck:
    """The outcome of checking a whole file: the rows that passed and the problems."""

    rows: list = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.problems)

    @property
    def valid(self) -> bool:
        return not self.problems


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


@dataclass
class TenantRow:
    line: int
    slug: str
    name: str
    name_zh: str
    kind: OrgKind | None
    status: TenancyStatus
    signed_on: date | None
    settled_on: date | None
    exited_on: date | None
    website: str
    notes: str | None


@dataclass
class UnitRow:
    line: int
    building: str
    code: str
    floor: int
    area_m2: float
    status: UnitStatus | None


# Reading -----------------------------------------------------------------------------------


def read_csv(data: bytes, columns: tuple[str, ...], required: tuple[str, ...]
             ) -> list[tuple[int, dict[str, str]]]:
    """Decode and split a CSV file into (line number, {column: text}) pairs.

    Whole-file problems (not UTF-8, no header, a required column missing) are a DomainError
    on the form's "file" field: no row can be checked without them.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_l("The file is not UTF-8 text. In your spreadsheet program, save it "
                             "as \"CSV UTF-8\" and upload it again."), "file") from None
    if not text.strip():
        raise DomainError(_l("The file is empty."), "file")
    first_line = text.splitlines()[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader)]
    missing = [name for name in required if name not in header]
    if missing:
        raise DomainError(_l("The first line must name the columns; missing: %(columns)s. "
                             "Expected columns: %(expected)s.", columns=", ".join(missing),
                             expected=", ".join(columns)), "file")
    rows = []
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise DomainError(_l("A file can hold at most %(max)d rows; split it into smaller "
                                 "files.", max=MAX_ROWS), "file")
        values = {name: _cell_in(cells[index]) if index < len(cells) else ""
                  for index, name in enumerate(header) if name in columns}
        rows.append((start, values))
    if not rows:
        raise DomainError(_l("The file has a header line but no rows."), "file")
    return rows


def _cell_in(text: str) -> str:
    text = text.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
        return text[1:]
    return text


def _cell_out(value) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _labels(enum_class) -> dict[str, object]:
    """Every way a person may write an enum value: its code, and its label in each language."""
    names: dict[str, object] = {}
    for member in enum_class:
        names[member.value.casefold()] = member
        names[member.value.replace("_", " ").casefold()] = member
        for locale in ("en", "zh_CN"):
            with force_locale(locale):
                names[str(member.label).casefold()] = member
    return names


def _date(text: str, column: str, reasons: list[str]) -> date | None:
    if not text:
        return None
    match = DATE_RE.match(text)
    try:
        if not match:
            raise ValueError
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        reasons.append(str(_l("%(column)s: \"%(value)s\" is not a date (use YYYY-MM-DD).",
                              column=column, value=text)))
        return None


def _too_long(text: str, limit: int, column: str, reasons: list[str]) -> None:
    if len(text) > limit:
        reasons.append(str(_l("%(column)s: at most %(max)d characters.", column=column,
                              max=limit)))


# Tenants -----------------------------------------------------------------------------------


def check_tenants(data: bytes) -> ImportCheck:
    kinds, statuses = _labels(OrgKind), _labels(TenancyStatus)
    check = ImportCheck()
    seen: dict[str, int] = {}
    for line, values in read_csv(data, TENANT_COLUMNS, TENANT_REQUIRED):
        reasons: list[str] = []
        slug = values.get("slug", "").lower()
        name = values.get("name", "")
        if not name:
            reasons.append(str(_l("name: a tenant needs a name.")))
        _too_long(name, 200, "name", reasons)
        _too_long(values.get("name_zh", ""), 200, "name_zh", reasons)
        if slug and not SLUG_RE.match(slug):
            reasons.append(str(_l("slug: \"%(value)s\" may only hold lower-case letters, digits "
                                  "and hyphens (2 to 80).", value=slug)))
        elif slug in RESERVED_SLUGS:
            reasons.append(str(_l("slug: \"%(value)s\" is reserved; please choose another.",
                                  value=slug)))
        elif slug in seen:
            reasons.append(str(_l("slug: \"%(value)s\" is already on line %(line)d.",
                                  value=slug, line=seen[slug])))
        elif slug:
            seen[slug] = line
        kind_text = values.get("kind", "")
        kind = kinds.get(kind_text.casefold()) if kind_text else None
        if kind_text and kind is None:
            reasons.append(str(_l("kind: \"%(value)s\" is not one of %(choices)s.",
                                  value=kind_text, choices=", ".join(k.value for k in OrgKind))))
        status_text = values.get("tenancy_status", "")
        status = statuses.get(status_text.casefold())
        if status is None:
            reasons.append(str(_l("tenancy_status: \"%(value)s\" is not one of %(choices)s.",
                                  value=status_text,
                                  choices=", ".join(s.value for s in TenancyStatus))))
        signed_on = _date(values.get("signed_on", ""), "signed_on", reasons)
        settled_on = _date(values.get("settled_on", ""), "settled_on", reasons)
        exited_on = _date(values.get("exited_on", ""), "exited_on", reasons)
        if status in (TenancyStatus.SIGNED, TenancyStatus.SETTLED) and not signed_on:
            reasons.append(str(_l("signed_on: a signed or settled tenant needs its signing "
                                  "date.")))
        if status is TenancyStatus.SETTLED and not settled_on:
            reasons.append(str(_l("settled_on: a settled tenant needs its settling date.")))
        if status is TenancyStatus.EXITED and not exited_on:
            reasons.append(str(_l("exited_on: an exited tenant needs its exit date.")))
        if signed_on and settled_on and settled_on < signed_on:
            reasons.append(str(_l("settled_on: cannot be before signed_on.")))
        website = values.get("website", "")
        if website and not re.match(r"^https?://[^\s/]+\.[^\s]+$", website, re.IGNORECASE):
            reasons.append(str(_l("website: \"%(value)s\" is not a web address starting with "
                                  "http:// or https://.", value=website)))
        _too_long(website, 255, "website", reasons)
        if reasons:
            check.problems.append(RowProblem(line, reasons))
            continue
        check.rows.append(TenantRow(
            line=line, slug=slug, name=name, name_zh=values.get("name_zh", ""), kind=kind,
            status=status, signed_on=signed_on, settled_on=settled_on, exited_on=exited_on,
            website=website, notes=values.get("notes") if "notes" in values else None,
        ))
    return check


def import_tenants(actor: User, rows: list[TenantRow]) -> ImportResult:
    """Create or update the organisations (by slug) and their tenancies, in one transaction."""
    result = ImportResult()
    slugs = [row.slug for row in rows if row.slug]
    existing = {
        organisation.slug: organisation
        for organisation in db.session.scalars(
            select(Organisation).where(Organisation.slug.in_(slugs))
            .options(selectinload(Organisation.tenancy))
        )
    } if slugs else {}
    for row in rows:
        organisation = existing.get(row.slug)
        if organisation is None:
            organisation = Organisation(
                slug=row.slug or unique_slug(row.name), name=row.name, name_zh=row.name_zh,
                kind=row.kind or OrgKind.DESIGN_FIRM, status=OrgStatus.APPROVED,
                website=row.website, decided_at=now_utc(), decided_by_id=actor.id,
            )
            db.session.add(organisation)
            tenancy = Tenancy(organisation=organisation, status=row.status,
                              signed_on=row.signed_on, settled_on=row.settled_on,
                              exited_on=row.exited_on, notes=row.notes or "")
            db.session.add(tenancy)
            db.session.flush()
            record(actor, "tenancy.imported", tenancy, organisation=organisation,
                   summary=f"{organisation.name}: created from CSV line {row.line}")
            result.created += 1
            continue
        fields = {"name": row.name, "name_zh": row.name_zh, "website": row.website}
        if row.kind is not None:
            fields["kind"] = row.kind
        changes = diff(organisation, fields)
        tenancy = organisation.tenancy
        if tenancy is None:
            tenancy = Tenancy(organisation=organisation)
            db.session.add(tenancy)
            changes["tenancy"] = [None, "created"]
        tenancy_fields = {"status": row.status, "signed_on": row.signed_on,
                          "settled_on": row.settled_on, "exited_on": row.exited_on}
        if row.notes is not None:
            tenancy_fields["notes"] = row.notes
        changes.update(diff(tenancy, tenancy_fields))
        if changes:
            db.session.flush()
            record(actor, "tenancy.imported", tenancy, organisation=organisation,
                   changes=changes, summary=f"{organisation.name}: updated from CSV line "
                                            f"{row.line}")
            result.updated += 1
        else:
            result.unchanged += 1
    commit_or_refuse(_l("Someone changed the same organisations while the file was being "
                        "imported. Nothing was imported; please upload the file again."), "file")
    return result


def tenant_export_rows() -> Iterator[list[str]]:
    query = (
        select(Organisation, Tenancy)
        .join(Tenancy, Tenancy.organisation_id == Organisation.id)
        .order_by(Organisation.name, Organisation.id)
        .execution_options(yield_per=500)
    )
    for organisation, tenancy in db.session.execute(query):
        yield [organisation.slug, organisation.name, organisation.name_zh,
               organisation.kind.value, tenancy.status.value, tenancy.signed_on,
               tenancy.settled_on, tenancy.exited_on, organisation.website, tenancy.notes]


# Units -------------------------------------------------------------------------------------


def check_units(data: bytes) -> ImportCheck:
    statuses = _labels(UnitStatus)
    buildings = {b.code: b for b in db.session.scalars(select(Building))}
    check = ImportCheck()
    seen: dict[tuple[str, str], int] = {}
    for line, values in read_csv(data, UNIT_COLUMNS, UNIT_REQUIRED):
        reasons: list[str] = []
        building_code = values.get("building", "").upper()
        code = values.get("unit", "").upper()
        building = buildings.get(building_code)
        if building is None:
            reasons.append(str(_l("building: there is no building \"%(value)s\" (known: "
                                  "%(known)s).", value=building_code,
                                  known=", ".join(sorted(buildings)) or "-")))
        if not code:
            reasons.append(str(_l("unit: a unit needs a code.")))
        _too_long(code, 20, "unit", reasons)
        key = (building_code, code)
        if code and key in seen:
            reasons.append(str(_l("unit: %(unit)s is already on line %(line)d.",
                                  unit=f"{building_code}-{code}", line=seen[key])))
        elif code:
            seen[key] = line
        floor_text = values.get("floor", "")
        floor = None
        try:
            floor = int(floor_text)
        except ValueError:
            reasons.append(str(_l("floor: \"%(value)s\" is not a whole number.",
                                  value=floor_text)))
        if floor is not None and building is not None and not 0 <= floor <= building.floors:
            reasons.append(str(_l("floor: building %(building)s has floors 0 to %(floors)d.",
                                  building=building.code, floors=building.floors)))
        area_text = values.get("area_m2", "").replace(",", ".")
        area = None
        try:
            area = float(area_text)
            if not 0 < area < 100000:
                raise ValueError
        except ValueError:
            area = None
            reasons.append(str(_l("area_m2: \"%(value)s\" is not an area in m² above 0.",
                                  value=values.get("area_m2", ""))))
        status_text = values.get("status", "")
        status = statuses.get(status_text.casefold()) if status_text else None
        if status_text and status is None:
            reasons.append(str(_l("status: \"%(value)s\" is not one of %(choices)s.",
                                  value=status_text,
                                  choices=", ".join(s.value for s in UnitStatus))))
        if reasons:
            check.problems.append(RowProblem(line, reasons))
            continue
        check.rows.append(UnitRow(line, building_code, code, floor, area, status))
    return check


def import_units(actor: User, rows: list[UnitRow]) -> ImportResult:
    result = ImportResult()
    buildings = {b.code: b for b in db.session.scalars(select(Building))}
    keys = [(row.building, row.code) for row in rows]
    existing = {
        (unit.building.code, unit.code): unit
        for unit in db.session.scalars(
            select(Unit).join(Unit.building)
            .where(tuple_(Building.code, Unit.code).in_(keys))
            .options(selectinload(Unit.building))
        )
    } if keys else {}
    for row in rows:
        unit = existing.get((row.building, row.code))
        if unit is None:
            unit = Unit(building=buildings[row.building], code=row.code, floor=row.floor,
                        area_m2=row.area_m2, status=row.status or UnitStatus.AVAILABLE)
            db.session.add(unit)
            db.session.flush()
            record(actor, "unit.imported", unit,
                   summary=f"{row.building}-{row.code}: created from CSV line {row.line}")
            result.created += 1
            continue
        fields = {"floor": row.floor, "area_m2": row.area_m2}
        if row.status is not None:
            fields["status"] = row.status
        changes = diff(unit, fields)
        if changes:
            record(actor, "unit.imported", unit, changes=changes,
                   summary=f"{row.building}-{row.code}: updated from CSV line {row.line}")
            result.updated += 1
        else:
            result.unchanged += 1
    commit_or_refuse(_l("Someone changed the same units while the file was being imported. "
                        "Nothing was imported; please upload the file again."), "file")
    return result


def unit_export_rows() -> Iterator[list[str]]:
    query = (
        select(Building.code, Unit)
        .join(Unit.building)
        .order_by(Building.code, Unit.floor, Unit.code)
        .execution_options(yield_per=500)
    )
    for building_code, unit in db.session.execute(query):
        yield [building_code, unit.code, unit.floor, _area(unit.area_m2), unit.status.value]


def _area(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# Writing -----------------------------------------------------------------------------------


def csv_lines(columns: Iterable[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV text, one line at a time, starting with the byte-order mark and the header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell_out(value) for value in row])
        yield buffer.getvalue()
