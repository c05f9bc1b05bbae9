"""Data floors: the raw SQL that fetches or computes the same data as a page, with no ORM, no templates, no audit.

Raw SQL on purpose (STYLE.md asks for a reason): these are the yardstick the ORM code is measured against.
The SQL is plain enough to run unchanged on SQLite and PostgreSQL. Each floor is a function of a cursor and the
resolved targets (bench.pages.TARGETS) and returns the rows it fetched, so a run can check it did real work.

AGGREGATES are the aggregate selectors the pages call, timed on their own against the same floor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

Targets = dict[str, str]

_ON_REGISTER = "('K', 'E')"
# Columns a register row shows, with its primary need, registration class and status date.
_REGISTER_SELECT = """
SELECT p.id, p.uid, p.upn, p.legal_forename, p.legal_surname, p.preferred_forename, p.preferred_surname,
       p.date_of_birth, p.sex, p.year_group, p.free_school_meals, p.pupil_premium, p.eal, p.looked_after,
       p.sen_status,
       (SELECT n.code FROM register_need n WHERE n.pupil_id = p.id AND n.rank = 1 AND n.started_on <= %(on)s
          AND (n.ended_on IS NULL OR n.ended_on > %(on)s) ORDER BY n.started_on DESC, n.id DESC LIMIT 1) AS need,
       (SELECT g.name FROM pupils_groupmembership m JOIN schools_teachinggroup g ON g.id = m.group_id
         WHERE m.pupil_id = p.id AND g.kind = 'registration' AND g.school_id = p.school_id AND m.started_on <= %(on)s
           AND (m.ended_on IS NULL OR m.ended_on > %(on)s) ORDER BY m.started_on DESC, m.id DESC LIMIT 1) AS class,
       (SELECT s.started_on FROM register_senstatus s WHERE s.pupil_id = p.id AND s.ended_on IS NULL LIMIT 1) AS since
  FROM pupils_pupil p JOIN schools_school sc ON sc.id = p.school_id
 WHERE sc.urn = %(urn)s AND p.archived_at IS NULL
"""


def _params(targets: Targets, **more: Any) -> dict[str, Any]:
    return {"on": timezone.localdate(), "urn": int(targets["school"]), **more}


def _with_needs(cursor: CursorWrapper, rows: list[tuple[Any, ...]], on: dt.date) -> int:
    """The current needs of the pupils in `rows` (ids first), as the register's prefetch fetches them."""
    ids = [row[0] for row in rows]
    if not ids:
        return len(rows)
    marks = ", ".join(["%s"] * len(ids))
    cursor.execute(
        f"SELECT pupil_id, code, rank FROM register_need WHERE pupil_id IN ({marks}) AND started_on <= %s "  # noqa: S608 - placeholders only
        "AND (ended_on IS NULL OR ended_on > %s) ORDER BY rank",
        [*ids, on, on],
    )
    return len(rows) + len(cursor.fetchall())


def _register_page(cursor: CursorWrapper, params: dict[str, Any], where: str, order: str, offset: int) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM ({_REGISTER_SELECT} {where}) AS r", params)  # noqa: S608 - fixed SQL
    cursor.fetchone()
    cursor.execute(
        f"{_REGISTER_SELECT} {where} ORDER BY {order} LIMIT %(size)s OFFSET %(offset)s",
        {**params, "size": settings.REGISTER_PAGE_SIZE, "offset": offset},
    )
    return _with_needs(cursor, cursor.fetchall(), params["on"])


def register_first_page(cursor: CursorWrapper, targets: Targets) -> int:
    return _register_page(
        cursor,
        _params(targets),
        f"AND p.sen_status IN {_ON_REGISTER}",
        "p.legal_surname, p.legal_forename, p.id",
        0,
    )


def register_filtered(cursor: CursorWrapper, targets: Targets) -> int:
    from lib.census import need_codes_in_area

    codes = need_codes_in_area("Communication and interaction")
    marks = ", ".join(f"%(code{index})s" for index in range(len(codes)))
    params = _params(targets, **{f"code{index}": code for index, code in enumerate(codes)})
    where = (
        f"AND p.sen_status IN {_ON_REGISTER} AND EXISTS (SELECT 1 FROM register_need n WHERE n.pupil_id = p.id "  # noqa: S608 - placeholders only
        f"AND n.rank = 1 AND n.ended_on IS NULL AND n.code IN ({marks}))"
    )
    return _register_page(cursor, params, where, "p.year_group, p.legal_surname, p.legal_forename, p.id", 0)


def register_last_page(cursor: CursorWrapper, targets: Targets) -> int:
    offset = (int(targets["register_last_page"]) - 1) * settings.REGISTER_PAGE_SIZE
    return _register_page(cursor, _params(targets), "", "p.legal_surname, p.legal_forename, p.id", offset)


def register_export(cursor: CursorWrapper, targets: Targets) -> int:
    params = _params(targets)
    cursor.execute(
        f"{_REGISTER_SELECT} AND p.sen_status IN {_ON_REGISTER} ORDER BY p.legal_surname, p.legal_forename, p.id",
        params,
    )
    return _with_needs(cursor, cursor.fetchall(), params["on"])


def pupil_record(cursor: CursorWrapper, targets: Targets) -> int:
    """The pupil and every list on the record: needs, statuses, decisions, groups and their staff, barriers,
    adjustments, the latest profile, parents and enrolments."""
    on = timezone.localdate()
    cursor.execute("SELECT * FROM pupils_pupil WHERE uid = %s", [_uuid_param(targets["pupil"])])
    pupil = cursor.fetchone()
    pid = pupil[0]
    fetched = 1
    queries: tuple[tuple[str, list[Any]], ...] = (
        ("SELECT * FROM register_need WHERE pupil_id = %s ORDER BY rank, started_on DESC", [pid]),
        ("SELECT * FROM register_senstatus WHERE pupil_id = %s ORDER BY started_on DESC, id DESC", [pid]),
        ("SELECT * FROM register_registerdecision WHERE pupil_id = %s ORDER BY decided_on DESC, id DESC", [pid]),
        (
            "SELECT m.*, g.* FROM pupils_groupmembership m JOIN schools_teachinggroup g ON g.id = m.group_id "
            "WHERE m.pupil_id = %s AND m.started_on <= %s AND (m.ended_on IS NULL OR m.ended_on > %s)",
            [pid, on, on],
        ),
        (
            "SELECT u.full_name, a.role, g.name FROM schools_staffassignment a JOIN accounts_user u ON u.id = a.user_id "
            "JOIN schools_teachinggroup g ON g.id = a.group_id WHERE a.group_id IN "
            "(SELECT group_id FROM pupils_groupmembership WHERE pupil_id = %s AND ended_on IS NULL) "
            "AND a.started_on <= %s AND (a.ended_on IS NULL OR a.ended_on > %s)",
            [pid, on, on],
        ),
        (
            "SELECT u.full_name FROM accounts_membership m JOIN accounts_user u ON u.id = m.user_id "
            "WHERE m.school_id = %s AND m.role = 'sendco' AND m.started_on <= %s AND (m.ended_on IS NULL OR m.ended_on > %s)",
            [pupil_school(cursor, pid), on, on],
        ),
        ("SELECT * FROM pupils_profileversion WHERE pupil_id = %s ORDER BY number DESC LIMIT 1", [pid]),
        ("SELECT * FROM pupils_barrier WHERE pupil_id = %s AND archived_at IS NULL", [pid]),
        (
            "SELECT a.* FROM pupils_adjustment a JOIN pupils_barrier b ON b.id = a.barrier_id "
            "WHERE b.pupil_id = %s AND a.archived_at IS NULL",
            [pid],
        ),
        ("SELECT * FROM pupils_parentlink WHERE pupil_id = %s AND ended_on IS NULL", [pid]),
        ("SELECT * FROM pupils_enrolment WHERE pupil_id = %s ORDER BY started_on DESC", [pid]),
    )
    for sql, args in queries:
        cursor.execute(sql, args)
        fetched += len(cursor.fetchall())
    return fetched


def pupil_school(cursor: CursorWrapper, pupil_id: int) -> int:
    cursor.execute("SELECT school_id FROM pupils_pupil WHERE id = %s", [pupil_id])
    return int(cursor.fetchone()[0])


def _hex_uuids() -> bool:
    """SQLite stores UUIDs as 32 hex digits without dashes; PostgreSQL has a uuid type."""
    from django.db import connection

    return connection.vendor == "sqlite"


def _my_pupils(cursor: CursorWrapper, email: str) -> int:
    """Pupils on the register (or with a barrier) in the groups the user is assigned to, with their current needs,
    barriers and groups."""
    on = timezone.localdate()
    cursor.execute(
        f"""
        SELECT p.* FROM pupils_pupil p
         WHERE p.archived_at IS NULL
           AND (p.sen_status IN {_ON_REGISTER}
                OR EXISTS (SELECT 1 FROM pupils_barrier b WHERE b.pupil_id = p.id AND b.archived_at IS NULL))
           AND p.id IN (SELECT m.pupil_id FROM pupils_groupmembership m
                          JOIN schools_staffassignment a ON a.group_id = m.group_id
                          JOIN accounts_user u ON u.id = a.user_id
                         WHERE u.email = %s AND m.started_on <= %s AND (m.ended_on IS NULL OR m.ended_on > %s)
                           AND a.started_on <= %s AND (a.ended_on IS NULL OR a.ended_on > %s))
         ORDER BY p.legal_surname, p.legal_forename, p.id
        """,  # noqa: S608 - fixed SQL
        [email, on, on, on, on],
    )
    rows = cursor.fetchall()
    fetched = _with_needs(cursor, rows, on)
    ids = [row[0] for row in rows]
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f"SELECT * FROM pupils_barrier WHERE archived_at IS NULL AND pupil_id IN ({marks})", ids)  # noqa: S608
        fetched += len(cursor.fetchall())
        cursor.execute(f"SELECT * FROM pupils_profileversion WHERE pupil_id IN ({marks})", ids)  # noqa: S608
        fetched += len(cursor.fetchall())
    return fetched


def my_pupils(cursor: CursorWrapper, targets: Targets) -> int:
    from bench.pages import TEACHER

    return _my_pupils(cursor, TEACHER)


def my_pupils_ta(cursor: CursorWrapper, targets: Targets) -> int:
    from bench.pages import TA

    return _my_pupils(cursor, TA)


def school_aggregate(cursor: CursorWrapper, targets: Targets) -> int:
    """The school overview's two cross-tabulations: the roll by status, sex, FSM and year; primary needs."""
    params = _params(targets)
    cursor.execute(
        """SELECT p.sen_status, p.sex, p.free_school_meals, p.year_group, COUNT(*) FROM pupils_pupil p
             JOIN schools_school s ON s.id = p.school_id
            WHERE s.urn = %(urn)s AND p.archived_at IS NULL
            GROUP BY p.sen_status, p.sex, p.free_school_meals, p.year_group""",
        params,
    )
    fetched = len(cursor.fetchall())
    cursor.execute(
        f"""SELECT p.sen_status, n.code, COUNT(*) FROM register_need n
              JOIN pupils_pupil p ON p.id = n.pupil_id JOIN schools_school s ON s.id = p.school_id
             WHERE s.urn = %(urn)s AND n.rank = 1 AND n.ended_on IS NULL AND p.archived_at IS NULL
               AND p.sen_status IN {_ON_REGISTER}
             GROUP BY p.sen_status, n.code""",  # noqa: S608 - fixed SQL
        params,
    )
    return fetched + len(cursor.fetchall())


def _organisation(cursor: CursorWrapper, school_filter: str, value: Any) -> int:
    """The schools, then per school: the roll by SEN status, and pupils on the register by status and primary need."""
    cursor.execute(
        f"SELECT s.id, s.urn, s.name, s.phase FROM schools_school s WHERE {school_filter} ORDER BY s.name",  # noqa: S608
        [value],
    )
    schools = len(cursor.fetchall())
    cursor.execute(
        f"""SELECT p.school_id, p.sen_status, COUNT(*) FROM pupils_pupil p
             WHERE p.archived_at IS NULL AND p.school_id IN (SELECT s.id FROM schools_school s WHERE {school_filter})
             GROUP BY p.school_id, p.sen_status""",  # noqa: S608 - fixed SQL
        [value],
    )
    fetched = schools + len(cursor.fetchall())
    cursor.execute(
        f"""SELECT p.school_id, p.sen_status, n.code, COUNT(*) FROM register_need n
              JOIN pupils_pupil p ON p.id = n.pupil_id
             WHERE n.rank = 1 AND n.ended_on IS NULL AND p.archived_at IS NULL AND p.sen_status IN {_ON_REGISTER}
               AND p.school_id IN (SELECT s.id FROM schools_school s WHERE {school_filter})
             GROUP BY p.school_id, p.sen_status, n.code""",  # noqa: S608 - fixed SQL
        [value],
    )
    return fetched + len(cursor.fetchall())


def trust_aggregate(cursor: CursorWrapper, targets: Targets) -> int:
    cursor.execute("SELECT id FROM schools_trust WHERE uid = %s", [_uuid_param(targets["trust"])])
    return _organisation(cursor, "s.trust_id = %s", cursor.fetchone()[0])


def la_aggregate(cursor: CursorWrapper, targets: Targets) -> int:
    cursor.execute("SELECT id FROM schools_localauthority WHERE code = %s", [targets["la"]])
    return _organisation(cursor, "s.local_authority_id = %s", cursor.fetchone()[0])


def _uuid_param(value: str) -> str:
    return value.replace("-", "") if _hex_uuids() else value


FLOORS: dict[str, Callable[[CursorWrapper, Targets], int]] = {
    "register_first_page": register_first_page,
    "register_filtered": register_filtered,
    "register_last_page": register_last_page,
    "register_export": register_export,
    "pupil_record": pupil_record,
    "my_pupils": my_pupils,
    "my_pupils_ta": my_pupils_ta,
    "school_aggregate": school_aggregate,
    "trust_aggregate": trust_aggregate,
    "la_aggregate": la_aggregate,
}


def _trust_overview(targets: Targets) -> object:
    from analytics.selectors import organisation_overview
    from schools.models import Trust

    trust = Trust.objects.get(uid=targets["trust"])
    return organisation_overview(schools=trust.schools.order_by("name"))


def _la_overview(targets: Targets) -> object:
    from analytics.selectors import organisation_overview
    from schools.models import LocalAuthority

    la = LocalAuthority.objects.get(code=targets["la"])
    return organisation_overview(schools=la.schools.order_by("name"), with_phases=True)


AGGREGATES: dict[str, Callable[[Targets], object]] = {"trust": _trust_overview, "la": _la_overview}
