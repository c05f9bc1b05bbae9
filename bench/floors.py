"""Data floors: the raw SQL a careful hand-written page would run for the same data, with no ORM and no templates.

A page's data floor runs, in the fewest statements, everything the page's data needs beyond the signed-in
session (which the framework floor already pays for): the access check (the user's current memberships), every
row and number the page shows, and the audit rows the page must write (one multi-row INSERT). Raw SQL on purpose
(STYLE.md asks for a reason): these are the yardstick the ORM code is measured against. The SQL is plain enough
to run unchanged on SQLite and PostgreSQL. Each floor is a function of a cursor and the resolved targets
(bench.pages.TARGETS) and returns the rows it fetched and wrote, so a run can check it did real work. The floors
of the support-cycle and provision pages are in bench/floors_plans.py and bench/floors_provision.py.

AGGREGATES are the aggregate selectors the pages call, each timed on its own against the raw SQL that computes the
same numbers (the page's floor without the lookup of the organisation).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


_AUDIT_COLUMNS = "at, actor_id, action, object_type, object_id, pupil_id, school_id, ip_address, detail"
_CLIENT_IP = "127.0.0.1"  # the test client's address, as the app records it


def signed_in(cursor: CursorWrapper, email: str) -> tuple[int, list[tuple[Any, ...]]]:
    """The user's id and current memberships (school, trust, LA, role), in one statement: the access check every
    page makes."""
    on = timezone.localdate()
    cursor.execute(
        "SELECT u.id, m.school_id, m.trust_id, m.local_authority_id, m.role FROM accounts_user u "
        "LEFT JOIN accounts_membership m ON m.user_id = u.id AND m.started_on <= %s "
        "AND (m.ended_on IS NULL OR m.ended_on > %s) WHERE u.email = %s",
        [on, on, email],
    )
    rows = cursor.fetchall()
    return int(rows[0][0]), [row[1:] for row in rows if row[4] is not None]


def audit_insert(
    cursor: CursorWrapper,
    *,
    actor: int,
    object_type: str,
    rows: Sequence[tuple[str, int | None, int | None, dict[str, Any]]],
    action: str = "view",
) -> int:
    """The audit rows a page writes, (object id, pupil id, school id, detail) each, in one multi-row INSERT."""
    from django.db import connection

    if not rows:
        return 0
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    params: list[Any] = []
    for object_id, pupil_id, school_id, detail in rows:
        params += [at, actor, action, object_type, object_id, pupil_id, school_id, _CLIENT_IP, json.dumps(detail)]
    marks = "(" + ", ".join(["%s"] * 9) + ")"
    cursor.execute(
        f"INSERT INTO audit_auditevent ({_AUDIT_COLUMNS}) VALUES {', '.join([marks] * len(rows))}",  # noqa: S608
        params,
    )
    return len(rows)


def _school(cursor: CursorWrapper, urn: int) -> tuple[Any, ...]:
    """The school and its local authority, by URN: (id, urn, name, LA code)."""
    cursor.execute(
        "SELECT s.id, s.urn, s.name, la.code FROM schools_school s "
        "JOIN schools_localauthority la ON la.id = s.local_authority_id WHERE s.urn = %s",
        [urn],
    )
    return tuple(cursor.fetchone())


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


def _register_access(cursor: CursorWrapper, targets: Targets) -> tuple[int, tuple[Any, ...], int]:
    """The SENDCo's access check and the school: (user id, school row, rows fetched)."""
    from bench.pages import SENDCO

    user, memberships = signed_in(cursor, SENDCO)
    return user, _school(cursor, int(targets["school"])), len(memberships) + 1


def _register_counts(cursor: CursorWrapper, school_id: int, on: dt.date) -> int:
    """The counts above the register: the roll, K and E; and the primary needs of the pupils on it."""
    cursor.execute(
        """SELECT COUNT(*), SUM(CASE WHEN sen_status = 'K' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN sen_status = 'E' THEN 1 ELSE 0 END)
              FROM pupils_pupil WHERE school_id = %s AND archived_at IS NULL""",
        [school_id],
    )
    cursor.fetchone()
    cursor.execute(
        f"""SELECT n.code, COUNT(DISTINCT n.pupil_id) FROM register_need n JOIN pupils_pupil p ON p.id = n.pupil_id
             WHERE p.school_id = %s AND p.archived_at IS NULL AND p.sen_status IN {_ON_REGISTER} AND n.rank = 1
               AND n.started_on <= %s AND (n.ended_on IS NULL OR n.ended_on > %s)
             GROUP BY n.code""",  # noqa: S608 - fixed SQL
        [school_id, on, on],
    )
    return 1 + len(cursor.fetchall())


def _register_page(
    cursor: CursorWrapper,
    targets: Targets,
    params: dict[str, Any],
    where: str,
    order: str,
    *,
    page: int,
    filtered: bool,
) -> int:
    """The register page: access, school, the class filter's choices, the counts, the number of matching pupils
    (only when filters other than the status narrow the list: otherwise the counts hold it), one page of rows with
    their needs, and the audit rows of the list and of each pupil it names."""
    user, school, fetched = _register_access(cursor, targets)
    on = params["on"]
    cursor.execute(
        """SELECT g.uid, g.name FROM schools_teachinggroup g JOIN schools_academicyear y ON y.id = g.academic_year_id
            WHERE g.school_id = %s AND g.kind = 'registration' AND y.starts_on <= %s AND y.ends_on >= %s
            ORDER BY g.name, g.id""",
        [school[0], on, on],
    )
    fetched += len(cursor.fetchall()) + _register_counts(cursor, school[0], on)
    if filtered:
        cursor.execute(f"SELECT COUNT(*) FROM ({_REGISTER_SELECT} {where}) AS r", params)  # noqa: S608 - fixed SQL
        fetched += len(cursor.fetchall())
    size = settings.REGISTER_PAGE_SIZE
    cursor.execute(
        f"{_REGISTER_SELECT} {where} ORDER BY {order} LIMIT %(size)s OFFSET %(offset)s",
        {**params, "size": size, "offset": (page - 1) * size},
    )
    rows = cursor.fetchall()
    fetched += _with_needs(cursor, rows, on)
    events = [(str(school[1]), None, school[0], {"page": page}), *_pupil_events(rows, school[0], {"page": page})]
    return fetched + audit_insert(cursor, actor=user, object_type="register.list", rows=events)


def _pupil_events(
    rows: Sequence[tuple[Any, ...]], school_id: int, detail: dict[str, Any]
) -> list[tuple[str, int, int, dict[str, Any]]]:
    """An audit row for each pupil row (id, uid first)."""
    return [(str(uuid.UUID(str(row[1]))), row[0], school_id, detail) for row in rows]


def register_first_page(cursor: CursorWrapper, targets: Targets) -> int:
    return _register_page(
        cursor,
        targets,
        _params(targets),
        f"AND p.sen_status IN {_ON_REGISTER}",
        "p.legal_surname, p.legal_forename, p.id",
        page=1,
        filtered=False,
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
    order = "p.year_group, p.legal_surname, p.legal_forename, p.id"
    return _register_page(cursor, targets, params, where, order, page=1, filtered=True)


def register_last_page(cursor: CursorWrapper, targets: Targets) -> int:
    order = "p.legal_surname, p.legal_forename, p.id"
    page = int(targets["register_last_page"])
    return _register_page(cursor, targets, _params(targets), "", order, page=page, filtered=False)


def register_export(cursor: CursorWrapper, targets: Targets) -> int:
    """The whole register with needs, and the export's audit rows: its own and one per pupil."""
    user, school, fetched = _register_access(cursor, targets)
    params = _params(targets)
    cursor.execute(
        f"{_REGISTER_SELECT} AND p.sen_status IN {_ON_REGISTER} ORDER BY p.legal_surname, p.legal_forename, p.id",
        params,
    )
    rows = cursor.fetchall()
    fetched += _with_needs(cursor, rows, params["on"])
    events = [(str(school[1]), None, school[0], {"format": "csv"}), *_pupil_events(rows, school[0], {"format": "csv"})]
    return fetched + audit_insert(cursor, actor=user, object_type="register.export", rows=events, action="export")


def pupil_record(cursor: CursorWrapper, targets: Targets) -> int:
    """The access check; the pupil and every list on the record: needs, statuses, decisions, groups and their
    staff, barriers, adjustments, the latest profile, parents, enrolments, support cycles and meetings; and the
    audit row of the read."""
    from bench.pages import SENDCO

    on = timezone.localdate()
    user, memberships = signed_in(cursor, SENDCO)
    cursor.execute(
        "SELECT p.id, p.school_id, p.uid, p.*, s.*, la.* FROM pupils_pupil p JOIN schools_school s ON s.id = p.school_id "
        "JOIN schools_localauthority la ON la.id = s.local_authority_id WHERE p.uid = %s",
        [_uuid_param(targets["pupil"])],
    )
    pupil = cursor.fetchone()
    pid, school_id = pupil[0], pupil[1]
    fetched = (
        len(memberships)
        + 1
        + audit_insert(
            cursor, actor=user, object_type="pupil.record", rows=[(str(uuid.UUID(str(pupil[2]))), pid, school_id, {})]
        )
    )
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
            [school_id, on, on],
        ),
        ("SELECT * FROM pupils_profileversion WHERE pupil_id = %s ORDER BY number DESC LIMIT 1", [pid]),
        ("SELECT * FROM pupils_barrier WHERE pupil_id = %s AND archived_at IS NULL", [pid]),
        (
            "SELECT a.* FROM pupils_adjustment a JOIN pupils_barrier b ON b.id = a.barrier_id "
            "WHERE b.pupil_id = %s AND a.archived_at IS NULL",
            [pid],
        ),
        ("SELECT * FROM pupils_parentlink WHERE pupil_id = %s AND ended_on IS NULL", [pid]),
        (
            "SELECT e.*, s.name FROM pupils_enrolment e JOIN schools_school s ON s.id = e.school_id "
            "WHERE e.pupil_id = %s ORDER BY e.started_on DESC",
            [pid],
        ),
        ("SELECT * FROM plans_supportcycle WHERE pupil_id = %s ORDER BY number DESC", [pid]),
        ("SELECT * FROM plans_meeting WHERE pupil_id = %s AND archived_at IS NULL ORDER BY held_on DESC", [pid]),
    )
    for sql, args in queries:
        cursor.execute(sql, args)
        fetched += len(cursor.fetchall())
    return fetched


def _hex_uuids() -> bool:
    """SQLite stores UUIDs as 32 hex digits without dashes; PostgreSQL has a uuid type."""
    from django.db import connection

    return connection.vendor == "sqlite"


def _my_pupils(cursor: CursorWrapper, email: str) -> int:
    """The access check; the pupils on the register (or with a barrier or an open support cycle) in the groups the
    user teaches or supports or the interventions they run, with their current needs, barriers and adjustments,
    groups, latest profile and plan in force (its outcomes and provision); and an audit row for each pupil."""
    on = timezone.localdate()
    user, memberships = signed_in(cursor, email)
    cursor.execute(
        f"""
        SELECT p.id, p.uid, p.school_id, p.* FROM pupils_pupil p
         WHERE p.archived_at IS NULL
           AND (p.sen_status IN {_ON_REGISTER}
                OR EXISTS (SELECT 1 FROM pupils_barrier b WHERE b.pupil_id = p.id AND b.archived_at IS NULL)
                OR EXISTS (SELECT 1 FROM plans_supportcycle c WHERE c.pupil_id = p.id
                             AND c.state IN ('assess', 'plan', 'do', 'review')))
           AND p.id IN (SELECT m.pupil_id FROM pupils_groupmembership m
                          JOIN schools_staffassignment a ON a.group_id = m.group_id
                         WHERE a.user_id = %s AND m.started_on <= %s AND (m.ended_on IS NULL OR m.ended_on > %s)
                           AND a.started_on <= %s AND (a.ended_on IS NULL OR a.ended_on > %s)
                        UNION
                        SELECT pl.pupil_id FROM provision_place pl
                          JOIN provision_interventiongroup ig ON ig.id = pl.group_id
                         WHERE ig.staff_id = %s AND pl.ended_on IS NULL)
         ORDER BY p.legal_surname, p.legal_forename, p.id
        """,  # noqa: S608 - fixed SQL
        [user, on, on, on, on, user],
    )
    rows = cursor.fetchall()
    fetched = len(memberships) + _with_needs(cursor, rows, on)
    ids = [row[0] for row in rows]
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        for sql, args in (
            (f"SELECT * FROM pupils_barrier WHERE archived_at IS NULL AND pupil_id IN ({marks})", ids),  # noqa: S608
            (
                "SELECT a.* FROM pupils_adjustment a JOIN pupils_barrier b ON b.id = a.barrier_id "  # noqa: S608
                f"WHERE a.archived_at IS NULL AND b.archived_at IS NULL AND b.pupil_id IN ({marks})",
                ids,
            ),
            (
                "SELECT m.pupil_id, g.* FROM pupils_groupmembership m JOIN schools_teachinggroup g ON g.id = m.group_id "  # noqa: S608
                f"WHERE m.pupil_id IN ({marks}) AND m.started_on <= %s AND (m.ended_on IS NULL OR m.ended_on > %s)",
                [*ids, on, on],
            ),
            (
                f"SELECT v.* FROM pupils_profileversion v WHERE v.pupil_id IN ({marks}) AND v.number = "  # noqa: S608
                "(SELECT MAX(w.number) FROM pupils_profileversion w WHERE w.pupil_id = v.pupil_id)",
                ids,
            ),
            (
                "SELECT c.*, o.* FROM plans_supportcycle c LEFT JOIN plans_outcome o ON o.cycle_id = c.id "  # noqa: S608
                f"AND o.archived_at IS NULL WHERE c.pupil_id IN ({marks}) AND c.state IN ('do', 'review')",
                ids,
            ),
            (
                "SELECT pp.* FROM plans_plannedprovision pp JOIN plans_supportcycle c ON c.id = pp.cycle_id "  # noqa: S608
                f"WHERE pp.archived_at IS NULL AND c.pupil_id IN ({marks}) AND c.state IN ('do', 'review')",
                ids,
            ),
        ):
            cursor.execute(sql, args)
            fetched += len(cursor.fetchall())
    events = [(str(uuid.UUID(str(row[1]))), row[0], row[2], {"page": "my_pupils"}) for row in rows]
    return fetched + audit_insert(cursor, actor=user, object_type="pupil.summary", rows=events)


def my_pupils(cursor: CursorWrapper, targets: Targets) -> int:
    from bench.pages import TEACHER

    return _my_pupils(cursor, TEACHER)


def my_pupils_ta(cursor: CursorWrapper, targets: Targets) -> int:
    from bench.pages import TA

    return _my_pupils(cursor, TA)


def school_aggregate(cursor: CursorWrapper, targets: Targets) -> int:
    """The access check and the school; the school overview's two cross-tabulations: the roll by status, sex,
    FSM and year, and primary needs; and the audit row of the view."""
    user, school, fetched = _register_access(cursor, targets)
    fetched += audit_insert(
        cursor, actor=user, object_type="analytics.school", rows=[(str(school[1]), None, school[0], {})]
    )
    params = _params(targets)
    cursor.execute(
        """SELECT p.sen_status, p.sex, p.free_school_meals, p.year_group, COUNT(*) FROM pupils_pupil p
            WHERE p.school_id = %(school)s AND p.archived_at IS NULL
            GROUP BY p.sen_status, p.sex, p.free_school_meals, p.year_group""",
        {**params, "school": school[0]},
    )
    fetched += len(cursor.fetchall())
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


def home(cursor: CursorWrapper, targets: Targets) -> int:
    """The SENDCo's home: the memberships, the schools they name, and whether the user is also a parent."""
    from bench.pages import SENDCO

    on = timezone.localdate()
    user, memberships = signed_in(cursor, SENDCO)
    schools = [row[0] for row in memberships if row[0] is not None]
    marks = ", ".join(["%s"] * len(schools))
    cursor.execute(
        "SELECT s.id, s.urn, s.name, la.code FROM schools_school s "  # noqa: S608 - placeholders only
        f"JOIN schools_localauthority la ON la.id = s.local_authority_id WHERE s.id IN ({marks}) ORDER BY s.name",
        schools,
    )
    fetched = len(memberships) + len(cursor.fetchall())
    cursor.execute(
        "SELECT 1 FROM pupils_parentlink WHERE parent_id = %s AND started_on <= %s "
        "AND (ended_on IS NULL OR ended_on > %s) LIMIT 1",
        [user, on, on],
    )
    return fetched + len(cursor.fetchall())


def _uuid_param(value: str) -> str:
    return value.replace("-", "") if _hex_uuids() else value


FLOORS: dict[str, Callable[[CursorWrapper, Targets], int]] = {
    "home": home,
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


def all_floors() -> dict[str, Callable[[CursorWrapper, Targets], int]]:
    """Every page's data floor: these, and those of the support-cycle and provision pages (which build on this
    module's helpers, so they are imported here rather than at the top)."""
    from bench import floors_plans, floors_provision

    return {**FLOORS, **floors_plans.FLOORS, **floors_provision.FLOORS}


@dataclass(frozen=True)
class Aggregate:
    """An aggregate selector and the raw SQL computing the same numbers, both given the organisation's id. The id is
    looked up once, before timing: finding the organisation is the page's access check, timed with the page."""

    organisation: Callable[[Targets], int]
    selector: Callable[[int], object]
    floor: Callable[[CursorWrapper, int], int]


def _trust_id(targets: Targets) -> int:
    from schools.models import Trust

    return Trust.objects.values_list("pk", flat=True).get(uid=targets["trust"])


def _la_id(targets: Targets) -> int:
    from schools.models import LocalAuthority

    return LocalAuthority.objects.values_list("pk", flat=True).get(code=targets["la"])


def _trust_overview(trust_id: int) -> object:
    from analytics.selectors import organisation_overview

    return organisation_overview(trust_id=trust_id)


def _la_overview(la_id: int) -> object:
    from analytics.selectors import organisation_overview

    return organisation_overview(local_authority_id=la_id, with_phases=True)


AGGREGATES: dict[str, Aggregate] = {
    "trust": Aggregate(_trust_id, _trust_overview, lambda cursor, pk: _organisation(cursor, "s.trust_id = %s", pk)),
    "la": Aggregate(_la_id, _la_overview, lambda cursor, pk: _organisation(cursor, "s.local_authority_id = %s", pk)),
}
