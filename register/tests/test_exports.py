from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditAction, AuditEvent
from pupils.models import Pupil
from register.exports import HEADERS, safe_cell
from register.models import Need, SenStatus
from register.services import need_add
from register.tests.factories import TODAY, add_pupil
from register.tests.test_views import list_url
from tests.cast import Cast, add_secondary_need, system_user


def csv_url(cast: Cast, query: str = "") -> str:
    return reverse("register:export_csv", args=[cast.school.urn]) + query


def xlsx_url(cast: Cast, query: str = "") -> str:
    return reverse("register:export_xlsx", args=[cast.school.urn]) + query


def read_csv(response: StreamingHttpResponse) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[arg-type]
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(content: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+44 1234", "'+44 1234"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("Amara", "Amara"),
        ("O'Neill", "O'Neill"),
        ("", ""),
        (3, 3),
        (None, None),
    ],
)
def test_safe_cell_defuses_text_a_spreadsheet_would_run(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


def test_csv_export_holds_every_column_for_the_filtered_register(cast: Cast, client_for, pupil: Pupil) -> None:
    add_secondary_need(pupil, cast["sendco"])
    need_add(
        pupil=pupil,
        code="HI",
        rank=3,
        started_on=TODAY,
        description="",
        diagnosis="",
        diagnosis_source="",
        diagnosis_date=None,
        by=cast["sendco"],
    )
    Pupil.objects.filter(pk=pupil.pk).update(
        preferred_forename="Amy", eal=True, looked_after=True, free_school_meals=True
    )

    response = client_for("sendco").get(csv_url(cast, "?year=4"))

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sen-register-100001-2026-03-10.csv"'
    assert response["Cache-Control"] == "no-store"
    rows = read_csv(response)
    assert rows[0] == list(HEADERS)
    assert rows[1:] == [
        [
            pupil.upn,
            "Amara",
            "Okafor",
            "Amy",
            "",
            pupil.date_of_birth.isoformat(),
            "F",
            "4",
            "4B",
            "K",
            (TODAY - dt.timedelta(days=30)).isoformat(),
            "SLCN",
            "Speech, language and communication needs",
            "SPLD",
            "Specific learning difficulty",
            "HI",
            "Yes",
            "No",
            "Yes",
            "Yes",
        ]
    ]


def test_csv_export_uses_the_same_sort_as_the_page(cast: Cast, client_for) -> None:
    add_pupil(cast.school, forename="Ava", surname="Adams", year_group="10", status="E", code="MLD")

    by_name = read_csv(client_for("sendco").get(csv_url(cast)))
    by_year = read_csv(client_for("sendco").get(csv_url(cast, "?sort=year")))

    assert [row[2] for row in by_name[1:]] == ["Adams", "Carter", "Okafor"]
    assert [(row[2], row[7]) for row in by_year[1:]] == [("Okafor", "4"), ("Carter", "6"), ("Adams", "10")]


def test_exports_defuse_formulas_in_names(cast: Cast, client_for) -> None:
    add_pupil(cast.school, forename='=HYPERLINK("http://evil.test")', surname="-1+1", preferred_surname="@SUM(1)")

    client = client_for("sendco")
    client.post(list_url(cast), {"q": "HYPERLINK"})  # the name search lives in the session, not the URL
    rows = read_csv(client.get(csv_url(cast)))
    sheet = read_xlsx(client.get(xlsx_url(cast)).content)

    assert rows[1][1:5] == ['\'=HYPERLINK("http://evil.test")', "'-1+1", "", "'@SUM(1)"]
    assert sheet[1][1:5] == ('\'=HYPERLINK("http://evil.test")', "'-1+1", None, "'@SUM(1)")


def test_xlsx_export_holds_the_filtered_register_with_real_dates(cast: Cast, client_for) -> None:
    add_pupil(cast.school, forename="Ella", surname="Evans", status="E", code="ASD")

    response = client_for("head").get(xlsx_url(cast, "?status=E"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="sen-register-100001-2026-03-10.xlsx"'
    sheet = read_xlsx(response.content)
    assert sheet[0] == HEADERS
    assert len(sheet) == 2
    row = sheet[1]
    assert row[1:3] == ("Ella", "Evans")
    assert row[9] == "E"
    assert row[10] == dt.datetime(2026, 2, 18)  # noqa: DTZ001 - a date cell (openpyxl reads dates back as naive datetimes)
    assert row[11:13] == ("ASD", "Autistic spectrum disorder")


@pytest.mark.parametrize(("url", "fmt"), [(csv_url, "csv"), (xlsx_url, "xlsx")])
def test_exports_are_audited_with_format_filters_and_row_count(cast: Cast, client_for, url, fmt: str) -> None:
    client = client_for("sendco")
    client.post(list_url(cast), {"q": "Carter"})
    response = client.get(url(cast, "?status=K&sort=-name"))
    if fmt == "csv":
        read_csv(response)

    event = AuditEvent.objects.get(object_type="register.export", pupil=None)
    named = AuditEvent.objects.get(object_type="register.export", pupil__isnull=False)
    assert named.pupil is not None
    assert named.pupil.legal_surname == "Carter"
    assert (event.action, event.actor, event.school, event.pupil) == (
        AuditAction.EXPORT,
        cast["sendco"],
        cast.school,
        None,
    )
    assert event.detail == {"format": fmt, "filters": {"status": "K", "sort": "-name", "search": True}, "rows": 1}
    assert "Carter" not in str(event.detail)


def bulk_register(cast: Cast, count: int) -> None:
    """Many pupils on the register at once: written directly, as the services would be far too slow for 10,000."""
    by = system_user()
    start = Pupil.objects.count()
    pupils = Pupil.objects.bulk_create(
        Pupil(
            upn=f"X{start + number:012d}",
            legal_forename=f"Pupil{number}",
            legal_surname=f"Surname{number:05d}",
            date_of_birth=dt.date(2016, 11, 15),
            sex="M",
            year_group="4",
            school=cast.school,
            sen_status="K",
        )
        for number in range(count)
    )
    SenStatus.objects.bulk_create(
        SenStatus(pupil=pupil, school=cast.school, status="K", started_on=TODAY) for pupil in pupils
    )
    Need.objects.bulk_create(
        Need(pupil=pupil, code="MLD", rank=1, started_on=TODAY, recorded_by=by) for pupil in pupils
    )


def test_csv_export_streams_ten_thousand_rows_in_a_few_queries(cast: Cast, client_for) -> None:
    bulk_register(cast, 10_000)
    client = client_for("sendco")

    with CaptureQueriesContext(connection) as context:
        response = client.get(csv_url(cast))
        rows = read_csv(response)

    assert len(rows) == 1 + 10_002
    assert rows[-1][2] == "Surname09999"
    # Reads (16): set-up as for any page (session, user, memberships, school, classes), the pupils named (for
    # their audit trail), the session save, one query for the rows read from the cursor 2,000 at a time, and
    # one needs query per chunk of 2,000 (6). Writes: the audit rows, one
    # per pupil named, inserted in batches (the only queries that grow with the rows, and only as batches).
    reads = [q["sql"] for q in context.captured_queries if not q["sql"].startswith("INSERT")]
    inserts = [q["sql"] for q in context.captured_queries if q["sql"].startswith("INSERT")]
    assert len(reads) == 16, "\n".join(r[:150] for r in reads)
    assert all('"audit_auditevent"' in sql for sql in inserts)
    assert AuditEvent.objects.filter(object_type="register.export", pupil__isnull=False).count() == 10_002
