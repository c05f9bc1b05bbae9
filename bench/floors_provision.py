"""Data floors for the provision-mapping pages: the raw SQL a careful hand-written page would run for the same data.

A data floor (see bench/floors.py) is what a page's data costs with no ORM and no templates: the access check
(the user's active memberships, looked up by email), every row and number the page shows, and the audit rows
the page must write, each in the fewest statements that plain SQL, unchanged on SQLite and PostgreSQL, allows.
Raw SQL on purpose (STYLE.md asks for a reason): these are the yardstick the ORM code is measured against.

Each floor is a function of a cursor and the resolved targets (bench.pages.TARGETS) and returns the number of
rows it fetched or wrote. Figures the pages derive from the fetched rows with pure lib/ functions (school days
and planned sessions, progress and effect sizes, costs per pupil and per unit of progress, projected costs)
are left to that same Python and not timed here; the floors stop at the rows those functions need. The
whole-school map's roll-up of one row per pupil and area into cells and totals (distinct pupils) is plain
counting, done here in Python over the fetched rows as a hand-written page would.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.db.backends.utils import CursorWrapper

from bench.floors import Targets, _params, _uuid_param, audit_insert, signed_in

SENDCO = "sendco@oakfield.demo"

# The school with its terms, their academic years and the notional budget of each year: the school's name, the
# choice of periods and the budget set against the map, in one statement.
_SCHOOL_TERMS = """
SELECT s.id, s.name, t.id, t.name, t.starts_on, t.ends_on, y.start_year, y.starts_on, y.ends_on, b.amount
  FROM schools_school s
  LEFT JOIN schools_term t ON t.school_id = s.id
  LEFT JOIN schools_academicyear y ON y.id = t.academic_year_id
  LEFT JOIN provision_notionalbudget b ON b.school_id = s.id AND b.academic_year_id = y.id
 WHERE s.urn = %(urn)s
 ORDER BY t.starts_on
"""

# Each attendance row's share of its session's cost (lib.costs split rule), as the pages sum it.
_SHARE = "CAST(se.staff_cost AS DOUBLE PRECISION) / se.on_roll"


def _memberships(cursor: CursorWrapper) -> tuple[int, list[tuple[Any, ...]]]:
    actor, memberships = signed_in(cursor, SENDCO)
    assert memberships, "the SENDCo holds a role today"  # noqa: S101 - a floor that found nothing measured nothing
    return actor, memberships


def _school_terms(cursor: CursorWrapper, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    cursor.execute(_SCHOOL_TERMS, params)
    rows = cursor.fetchall()
    assert rows, "the school exists"  # noqa: S101
    return rows


def _year_of_today(rows: list[tuple[Any, ...]], on: dt.date) -> tuple[str, dt.date, dt.date]:
    """The default period: the academic year with terms that holds today, else the latest (its key and dates)."""
    years = sorted({(row[6], _date(row[7]), _date(row[8])) for row in rows if row[2] is not None}, reverse=True)
    chosen = next((year for year in years if year[1] <= on <= year[2]), years[0])
    return f"y{chosen[0]}", chosen[1], chosen[2]


def _date(value: Any) -> dt.date:
    """SQLite hands dates back as text through a raw cursor; PostgreSQL as dates."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def provision_map(cursor: CursorWrapper, targets: Targets) -> int:
    """The whole-school map for the academic year of today: memberships; the school, its terms and budgets; one
    row per pupil, year group and area with the minutes attended and the pupil's share of the cost; the staff
    roles that run groups without a rate today; the audit row."""
    params = _params(targets)
    actor, memberships = _memberships(cursor)
    school_rows = _school_terms(cursor, params)
    school_id = school_rows[0][0]
    key, starts_on, ends_on = _year_of_today(school_rows, params["on"])
    cursor.execute(
        f"""SELECT p.year_group, i.area, a.pupil_id, SUM(CASE WHEN a.present THEN se.minutes ELSE 0 END),
                   SUM({_SHARE})
              FROM provision_attendance a
              JOIN provision_session se ON se.id = a.session_id
              JOIN provision_interventiongroup g ON g.id = se.group_id
              JOIN provision_intervention i ON i.id = g.intervention_id
              JOIN pupils_pupil p ON p.id = a.pupil_id
             WHERE g.school_id = %(school)s AND se.status = 'delivered'
               AND se.held_on >= %(start)s AND se.held_on <= %(end)s
             GROUP BY p.year_group, i.area, a.pupil_id""",  # noqa: S608 - fixed SQL
        {"school": school_id, "start": starts_on, "end": ends_on},
    )
    rows = cursor.fetchall()
    # Cells, totals by year, by area and overall: distinct pupils, minutes and cost.
    sums: dict[tuple[Any, Any], list[Any]] = {}
    for year, area, pupil, minutes, cost in rows:
        for cell in ((year, area), (year, None), (None, area), (None, None)):
            entry = sums.setdefault(cell, [set(), 0, 0.0])
            entry[0].add(pupil)
            entry[1] += minutes or 0
            entry[2] += cost or 0.0
    cursor.execute(
        """SELECT DISTINCT g.staff_role FROM provision_interventiongroup g
            WHERE g.school_id = %(school)s AND (g.ends_on IS NULL OR g.ends_on > %(on)s)
              AND g.staff_role NOT IN (SELECT r.role FROM provision_staffrate r WHERE r.school_id = %(school)s
                                          AND r.started_on <= %(on)s AND (r.ended_on IS NULL OR r.ended_on > %(on)s))
            ORDER BY g.staff_role""",
        {"school": school_id, "on": params["on"]},
    )
    unrated = cursor.fetchall()
    audited = audit_insert(
        cursor, actor=actor, object_type="provision.map", rows=[(targets["school"], None, school_id, {"period": key})]
    )
    return len(memberships) + len(school_rows) + len(rows) + len(unrated) + len(sums) + audited


def provision_groups(cursor: CursorWrapper, targets: Targets) -> int:
    """Every group at the school (the SENDCo sees them all) with its intervention, who runs it and the places
    taken today; then the groups' timetable slots. Names no pupil, so nothing is audited."""
    params = _params(targets)
    _, memberships = _memberships(cursor)
    cursor.execute(
        """SELECT s.id, s.name, g.id, g.uid, g.name, g.room, g.capacity, g.starts_on, g.ends_on, i.name, u.full_name,
                  (SELECT COUNT(*) FROM provision_place pl WHERE pl.group_id = g.id AND pl.started_on <= %(on)s
                      AND (pl.ended_on IS NULL OR pl.ended_on > %(on)s))
             FROM schools_school s
             LEFT JOIN provision_interventiongroup g ON g.school_id = s.id
             LEFT JOIN provision_intervention i ON i.id = g.intervention_id
             LEFT JOIN accounts_user u ON u.id = g.staff_id
            WHERE s.urn = %(urn)s
            ORDER BY g.ends_on, g.name""",
        params,
    )
    groups = cursor.fetchall()
    cursor.execute(
        """SELECT sl.group_id, sl.weekday, sl.starts_at FROM provision_timetableslot sl
             JOIN provision_interventiongroup g ON g.id = sl.group_id JOIN schools_school s ON s.id = g.school_id
            WHERE s.urn = %(urn)s
            ORDER BY sl.group_id, sl.weekday, sl.starts_at""",
        params,
    )
    return len(memberships) + len(groups) + len(cursor.fetchall())


def provision_impact(cursor: CursorWrapper, targets: Targets) -> int:
    """The impact report for the academic year of today: memberships; the school and its terms; each
    intervention with groups, beside its attendance, delivered sessions and cost, and the sums of the entry and
    exit scores taken in the period (one statement); the groups running in the period with their sessions a
    week (for planned sessions); the audit row."""
    params = _params(targets)
    actor, memberships = _memberships(cursor)
    school_rows = _school_terms(cursor, params)
    school_id = school_rows[0][0]
    key, starts_on, ends_on = _year_of_today(school_rows, params["on"])
    period = {"school": school_id, "start": starts_on, "end": ends_on}
    cursor.execute(
        f"""SELECT i.id, i.name, i.measure, i.measure_label, i.higher_is_better, i.evidence,
                   att.pupils, att.places, att.present, att.cost, ses.n, ses.cost,
                   sc.n, sc.entry, sc.entry_sq, sc.exit, sc.exit_sq
              FROM provision_intervention i
              LEFT JOIN (SELECT g.intervention_id, COUNT(DISTINCT a.pupil_id) AS pupils, COUNT(*) AS places,
                                SUM(CASE WHEN a.present THEN 1 ELSE 0 END) AS present, SUM({_SHARE}) AS cost
                           FROM provision_attendance a
                           JOIN provision_session se ON se.id = a.session_id
                           JOIN provision_interventiongroup g ON g.id = se.group_id
                          WHERE g.school_id = %(school)s AND se.held_on >= %(start)s AND se.held_on <= %(end)s
                          GROUP BY g.intervention_id) att ON att.intervention_id = i.id
              LEFT JOIN (SELECT g.intervention_id, COUNT(*) AS n, SUM(se.staff_cost) AS cost
                           FROM provision_session se JOIN provision_interventiongroup g ON g.id = se.group_id
                          WHERE g.school_id = %(school)s AND se.status = 'delivered'
                            AND se.held_on >= %(start)s AND se.held_on <= %(end)s
                          GROUP BY g.intervention_id) ses ON ses.intervention_id = i.id
              LEFT JOIN (SELECT g.intervention_id, COUNT(*) AS n, SUM(pl.entry_score) AS entry,
                                SUM(pl.entry_score * pl.entry_score) AS entry_sq, SUM(pl.exit_score) AS exit,
                                SUM(pl.exit_score * pl.exit_score) AS exit_sq
                           FROM provision_place pl JOIN provision_interventiongroup g ON g.id = pl.group_id
                          WHERE g.school_id = %(school)s AND pl.exit_score IS NOT NULL
                            AND pl.exit_on >= %(start)s AND pl.exit_on <= %(end)s
                          GROUP BY g.intervention_id) sc ON sc.intervention_id = i.id
             WHERE i.school_id = %(school)s
               AND EXISTS (SELECT 1 FROM provision_interventiongroup g WHERE g.intervention_id = i.id)
             ORDER BY i.name""",  # noqa: S608 - fixed SQL
        period,
    )
    interventions = cursor.fetchall()
    cursor.execute(
        """SELECT g.intervention_id, g.starts_on, g.ends_on,
                  (SELECT COUNT(*) FROM provision_timetableslot sl WHERE sl.group_id = g.id)
             FROM provision_interventiongroup g
            WHERE g.school_id = %(school)s AND g.starts_on <= %(end)s AND (g.ends_on IS NULL OR g.ends_on > %(start)s)""",
        period,
    )
    groups = cursor.fetchall()
    audited = audit_insert(
        cursor,
        actor=actor,
        object_type="provision.impact",
        rows=[(targets["school"], None, school_id, {"period": key})],
    )
    return len(memberships) + len(school_rows) + len(interventions) + len(groups) + audited


def pupil_provision_map(cursor: CursorWrapper, targets: Targets) -> int:
    """A pupil's costed provision map: memberships; the pupil with their school's terms; the sessions on roll,
    attended, minutes and cost share by group in the previous and current terms; the places open into next
    term with their group's timetable; the open staff rates; the planned provision on the pupil's plans with the
    sessions attended since it started (catalogue lines and planned against delivered); the audit row."""
    params = _params(targets)
    actor, memberships = _memberships(cursor)
    cursor.execute(
        """SELECT p.id, p.uid, p.school_id, p.legal_forename, p.legal_surname, p.preferred_forename,
                  p.preferred_surname, t.id, t.name, t.starts_on, t.ends_on, y.start_year
             FROM pupils_pupil p
             LEFT JOIN schools_term t ON t.school_id = p.school_id
             LEFT JOIN schools_academicyear y ON y.id = t.academic_year_id
            WHERE p.uid = %(uid)s AND p.archived_at IS NULL
            ORDER BY t.starts_on""",
        {"uid": _uuid_param(targets["pupil"])},
    )
    pupil_rows = cursor.fetchall()
    pupil_id, uid, school_id = pupil_rows[0][0], pupil_rows[0][1], pupil_rows[0][2]
    terms = [(_date(row[9]), _date(row[10])) for row in pupil_rows if row[7] is not None]
    on = params["on"]
    current = max((index for index, term in enumerate(terms) if term[0] <= on), default=None)
    assert current is not None, "the bench pupil's school has a term under way"  # noqa: S101
    # No previous term: an empty range; no next term: nothing is projected (as on the page).
    previous = terms[current - 1] if current > 0 else (dt.date.max, dt.date.min)
    following = terms[current + 1] if current + 1 < len(terms) else None
    cursor.execute(
        f"""SELECT CASE WHEN se.held_on <= %(prev_end)s THEN 0 ELSE 1 END, g.id, g.name, i.name, i.area,
                   g.staff_role, g.minutes_per_session, COUNT(*), SUM(CASE WHEN a.present THEN 1 ELSE 0 END),
                   SUM(CASE WHEN a.present THEN se.minutes ELSE 0 END), SUM({_SHARE}),
                   (SELECT COUNT(*) FROM provision_timetableslot sl WHERE sl.group_id = g.id)
              FROM provision_attendance a
              JOIN provision_session se ON se.id = a.session_id
              JOIN provision_interventiongroup g ON g.id = se.group_id
              JOIN provision_intervention i ON i.id = g.intervention_id
             WHERE a.pupil_id = %(pupil)s
               AND ((se.held_on >= %(prev_start)s AND se.held_on <= %(prev_end)s)
                    OR (se.held_on >= %(cur_start)s AND se.held_on <= %(cur_end)s))
             GROUP BY CASE WHEN se.held_on <= %(prev_end)s THEN 0 ELSE 1 END, g.id, g.name, i.name, i.area,
                      g.staff_role, g.minutes_per_session
             ORDER BY 1, i.name, g.name""",  # noqa: S608 - fixed SQL
        {
            "pupil": pupil_id,
            "prev_start": previous[0],
            "prev_end": previous[1],
            "cur_start": terms[current][0],
            "cur_end": terms[current][1],
        },
    )
    logged = cursor.fetchall()
    places: list[tuple[Any, ...]] = []
    if following is not None:
        cursor.execute(
            """SELECT pl.started_on, pl.ended_on, g.name, g.starts_on, g.ends_on, g.staff_role, g.minutes_per_session,
                  g.capacity, i.name, i.area, i.fixed_cost_per_term,
                  (SELECT COUNT(*) FROM provision_timetableslot sl WHERE sl.group_id = g.id)
             FROM provision_place pl
             JOIN provision_interventiongroup g ON g.id = pl.group_id
             JOIN provision_intervention i ON i.id = g.intervention_id
            WHERE pl.pupil_id = %(pupil)s AND pl.started_on <= %(end)s AND (pl.ended_on IS NULL OR pl.ended_on > %(start)s)
              AND (g.ends_on IS NULL OR g.ends_on > %(start)s)""",
            {"pupil": pupil_id, "start": following[0], "end": following[1]},
        )
        places = cursor.fetchall()
    cursor.execute(
        "SELECT role, hourly_cost FROM provision_staffrate WHERE school_id = %s AND ended_on IS NULL", [school_id]
    )
    rates = cursor.fetchall()
    # Sessions attended since the planned provision started: in its group, else in any group of its intervention.
    by_group = """(SELECT COUNT(*) FROM provision_attendance a JOIN provision_session se ON se.id = a.session_id
                    WHERE a.pupil_id = c.pupil_id AND a.present AND se.held_on >= pp.starts_on
                      AND se.held_on <= %(on)s AND se.group_id = pp.group_id)"""
    by_intervention = """(SELECT COUNT(*) FROM provision_attendance a JOIN provision_session se ON se.id = a.session_id
                           JOIN provision_interventiongroup g ON g.id = se.group_id
                          WHERE a.pupil_id = c.pupil_id AND a.present AND se.held_on >= pp.starts_on
                            AND se.held_on <= %(on)s AND g.intervention_id = pp.intervention_id)"""
    cursor.execute(
        f"""SELECT pp.id, pp.kind, pp.description, pp.sessions_per_week, pp.minutes_per_session, pp.starts_on,
                   pp.ends_on, c.state, c.closed_on, i.kind, i.name, i.area, i.staff_role, i.sessions_per_week,
                   i.minutes_per_session, i.group_size, i.fixed_cost_per_term,
                   CASE WHEN pp.group_id IS NOT NULL THEN {by_group}
                        WHEN pp.intervention_id IS NOT NULL THEN {by_intervention} ELSE 0 END
              FROM plans_plannedprovision pp
              JOIN plans_supportcycle c ON c.id = pp.cycle_id
              LEFT JOIN provision_intervention i ON i.id = pp.intervention_id
             WHERE c.pupil_id = %(pupil)s AND pp.archived_at IS NULL AND c.state IN ('do', 'review', 'closed')
             ORDER BY pp.starts_on, pp.id""",  # noqa: S608 - fixed SQL
        {"pupil": pupil_id, "on": on},
    )
    planned = cursor.fetchall()
    object_id = str(uid if isinstance(uid, uuid.UUID) else uuid.UUID(str(uid)))
    audited = audit_insert(
        cursor, actor=actor, object_type="provision.costed_map", rows=[(object_id, pupil_id, school_id, {})]
    )
    return len(memberships) + len(pupil_rows) + len(logged) + len(places) + len(rates) + len(planned) + audited


FLOORS: dict[str, Callable[[CursorWrapper, Targets], int]] = {
    "provision_map": provision_map,
    "provision_groups": provision_groups,
    "provision_impact": provision_impact,
    "pupil_provision_map": pupil_provision_map,
}
