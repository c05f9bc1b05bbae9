"""A pupil's costed provision map over three terms as CSV and XLSX (the PDF is a template, see views)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from provision.selectors import CostedTerm
from pupils.models import Pupil
from register.exports import safe_cell

HEADERS = (
    "Term",
    "Dates",
    "Provision",
    "Area of need",
    "Delivered by",
    "Group",
    "Sessions a week",
    "Minutes a session",
    "Sessions (on roll or planned)",
    "Sessions attended",
    "Hours",
    "Cost to this pupil (£)",
    "Actual or planned",
)


def _dates(term: CostedTerm) -> str:
    if term.term is None:
        return "No term dates set"
    return f"{term.term.starts_on.isoformat()} to {term.term.ends_on.isoformat()}"


def rows(terms: list[CostedTerm]) -> Iterator[list[Any]]:
    for term in terms:
        name = f"{term.label}: {term.term}" if term.term else term.label
        for line in term.lines:
            yield [
                safe_cell(value)
                for value in (
                    name,
                    _dates(term),
                    line.provision,
                    line.area,
                    line.delivered_by,
                    line.group,
                    line.sessions_per_week,
                    line.minutes,
                    line.sessions,
                    "" if line.attended is None else line.attended,
                    line.hours,
                    line.cost,
                    "Planned" if line.projected else "Actual",
                )
            ]
        yield [name, _dates(term), "Total for the term", "", "", "", "", "", "", "", term.hours, term.total, ""]


def _header_lines(pupil: Pupil) -> list[list[str]]:
    # UPN and name: the map goes into the EHC needs assessment request, which must identify the child.
    return [
        ["Costed provision map"],
        ["Pupil", pupil.display_name],
        ["UPN", pupil.upn],
        ["School", pupil.school.name],
        [],
    ]


def csv_text(pupil: Pupil, terms: list[CostedTerm]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in _header_lines(pupil):
        writer.writerow([safe_cell(value) for value in line])
    writer.writerow(HEADERS)
    for row in rows(terms):
        writer.writerow([str(value) if isinstance(value, Decimal) else value for value in row])
    return "\ufeff" + buffer.getvalue()


def xlsx_bytes(pupil: Pupil, terms: list[CostedTerm]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Costed provision map")
    for line in _header_lines(pupil):
        sheet.append([safe_cell(value) for value in line])
    sheet.append(list(HEADERS))
    for row in rows(terms):
        sheet.append([float(value) if isinstance(value, Decimal) else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(pupil: Pupil, extension: str) -> str:
    """No names in the filename: it ends up in download folders and email attachments."""
    return f"costed-provision-map-{pupil.uid}.{extension}"
