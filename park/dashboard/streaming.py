"""Writers that turn a report's rows into a file sent piece by piece: CSV as it is made, XLSX
through a temporary file the workbook writes row by row. Neither holds the whole report."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from xlsxwriter import Workbook

from park.tenants.exchange import csv_lines

CHUNK_BYTES = 64 * 1024
CSV_MIMETYPE = "text/csv"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_chunks(columns: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """UTF-8 CSV with a byte-order mark, in chunks of about CHUNK_BYTES. Cells that a
    spreadsheet would read as a formula are quoted the way the tenants export does."""
    pending: list[bytes] = []
    size = 0
    for line in csv_lines(columns, rows):
        data = line.encode("utf-8")
        pending.append(data)
        size += len(data)
        if size >= CHUNK_BYTES:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


def _sheet_name(title: str) -> str:
    # Excel refuses these characters and names longer than 31 characters.
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Report"


def xlsx_chunks(title: str, columns: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """An XLSX workbook of one sheet. In constant-memory mode each row goes to disk as it is
    written; the finished file is then read back in chunks and removed. Text is written as
    text (never as a formula), numbers as numbers and days as dates."""
    handle, path = tempfile.mkstemp(prefix="park-report-", suffix=".xlsx")
    os.close(handle)
    try:
        workbook = Workbook(path, {"constant_memory": True, "in_memory": False,
                                   "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
        sheet = workbook.add_worksheet(_sheet_name(title))
        bold = workbook.add_format({"bold": True})
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        sheet.set_column(0, len(columns) - 1, 16)
        sheet.freeze_panes(1, 0)
        for column, header in enumerate(columns):
            sheet.write_string(0, column, str(header), bold)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                _write_cell(sheet, number, column, value, day)
        workbook.close()
        with open(path, "rb") as file:
            while chunk := file.read(CHUNK_BYTES):
                yield chunk
    finally:
        os.unlink(path)


def _write_cell(sheet, row: int, column: int, value, day_format) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, column, value.replace(tzinfo=None), day_format)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, datetime(value.year, value.month, value.day),
                             day_format)
    else:
        sheet.write_string(row, column, str(value))
