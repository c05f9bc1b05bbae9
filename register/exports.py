"""The register as CSV and XLSX. Both guard against formula injection; the CSV streams, so 10,000 rows cost little memory."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import Workbook

from register.selectors import RegisterRow

HEADERS = (
    "UPN",
    "Legal forename",
    "Legal surname",
    "Preferred forename",
    "Preferred surname",
    "Date of birth",
    "Sex",
    "Year group",
    "Registration class",
    "SEN status",
    "Status since",
    "Primary need",
    "Primary need description",
    "Secondary need",
    "Secondary need description",
    "Other needs",
    "Free school meals",
    "Pupil premium",
    "EAL",
    "Looked after",
)
# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe, so it stays text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return f"'{value}"
    return value


def _yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


def row_values(row: RegisterRow) -> list[Any]:
    primary, secondary = row.primary_need, row.secondary_need
    others = [need.code for need in row.needs if need.rank > 2]
    values: list[Any] = [
        row.upn,
        row.legal_forename,
        row.legal_surname,
        row.preferred_forename,
        row.preferred_surname,
        row.date_of_birth,
        row.sex,
        row.year_group,
        row.registration_class,
        row.status,
        row.status_since,
        primary.code if primary else "",
        primary.description if primary else "",
        secondary.code if secondary else "",
        secondary.description if secondary else "",
        "; ".join(others),
        _yes_no(row.free_school_meals),
        _yes_no(row.pupil_premium),
        _yes_no(row.eal),
        _yes_no(row.looked_after),
    ]
    return [safe_cell(value) for value in values]


class _Echo:
    """A file-like object whose write() hands back the line, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[RegisterRow]) -> Iterator[str]:
    # The byte-order mark makes Excel read the file as UTF-8, so names with accents survive.
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADERS)
    for row in rows:
        yield writer.writerow([value.isoformat() if isinstance(value, dt.date) else value for value in row_values(row)])


def xlsx_bytes(rows: Iterable[RegisterRow]) -> bytes:
    """The register as an XLSX workbook, written row by row (openpyxl write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("SEN register")
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append(row_values(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(*, urn: int, on: dt.date, extension: str) -> str:
    """No names in the filename: it ends up in download folders and email attachments."""
    return f"sen-register-{urn}-{on.isoformat()}.{extension}"
