"""Data floors of the support-cycle pages: the SENDCo's work queue, a teacher's "my work" and one support cycle.

A data floor is the raw SQL a careful hand-written page would run for the same data, in the fewest statements:
the access check (the user's memberships at the school), every row and number the page shows, and the audit rows
the page must write (one multi-row INSERT). It is the yardstick the ORM page is measured against (see the header
of bench/floors.py): raw SQL on purpose, plain enough to run unchanged on SQLite and PostgreSQL. Each floor is a
function of a cursor and the resolved targets (bench.pages.TARGETS) and returns the rows it fetched and wrote.

The work queue names a pupil only when something needs doing, so the floor decides which pupils it names with the
same pure rules the page uses (lib.review_dates, lib.meetings, lib.costs) before writing their audit rows: the
floor writes as many audit rows as the page, no more.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from bench.floors import Targets, _params, _uuid_param, audit_insert
from lib import costs
from lib.meetings import TermWindow, meeting_check
from lib.review_dates import bank_holidays_between, review_status
from lib.school_year import academic_year_start

_ACTIVE = "{alias}.started_on <= %(on)s AND ({alias}.ended_on IS NULL OR {alias}.ended_on > %(on)s)"
_SHORTFALL_SHARE = Decimal("0.8")  # provision.selectors.SHORTFALL_SHARE

# The pupils a queue looks at (on the register, or with an open cycle), each with their open cycle, when their
# profile was last updated, their last meeting with parents, and since when they are on SEN support this year.
_QUEUE_PUPILS = """
SELECT p.id, p.uid, p.legal_forename, p.legal_surname, p.preferred_forename, p.preferred_surname, p.year_group,
       p.sen_status, p.school_id, c.id, c.uid, c.number, c.state, c.started_on, c.review_due_on,
       (SELECT v.created_at FROM pupils_profileversion v WHERE v.pupil_id = p.id ORDER BY v.number DESC LIMIT 1),
       (SELECT MAX(mt.held_on) FROM plans_meeting mt
         WHERE mt.pupil_id = p.id AND mt.with_parents AND mt.archived_at IS NULL),
       (SELECT s.started_on FROM register_senstatus s WHERE s.pupil_id = p.id AND s.ended_on IS NULL
           AND s.status = 'K' AND s.started_on >= %(year_start)s)
  FROM pupils_pupil p
  LEFT JOIN plans_supportcycle c ON c.pupil_id = p.id AND c.state IN ('assess', 'plan', 'do', 'review')
 WHERE p.archived_at IS NULL AND (p.sen_status IN ('K', 'E') OR c.id IS NOT NULL) AND {scope}
"""
# Meetings with parents this academic year of the pupils on SEN support in scope.
_QUEUE_MEETINGS = """
SELECT mt.pupil_id, mt.held_on FROM plans_meeting mt JOIN pupils_pupil p ON p.id = mt.pupil_id
 WHERE mt.with_parents AND mt.archived_at IS NULL AND mt.held_on >= %(year_start)s AND mt.held_on <= %(on)s
   AND p.archived_at IS NULL AND p.sen_status = 'K' AND {scope}
"""
# Every term of the schools in scope: this year's for the meeting check, all of them for planned sessions.
_QUEUE_TERMS = """
SELECT t.school_id, t.name, t.starts_on, t.ends_on, y.start_year
  FROM schools_term t JOIN schools_academicyear y ON y.id = t.academic_year_id
 WHERE t.school_id IN ({schools}) ORDER BY t.starts_on
"""
# Planned interventions on plans in practice, with the sessions the pupil attended since each started.
_QUEUE_PLANNED = """
SELECT c.pupil_id, c.school_id, pp.sessions_per_week, pp.starts_on, pp.ends_on,
       CASE WHEN pp.group_id IS NOT NULL THEN
              (SELECT COUNT(*) FROM provision_attendance a JOIN provision_session s ON s.id = a.session_id
                WHERE a.pupil_id = c.pupil_id AND a.present AND s.group_id = pp.group_id
                  AND s.held_on >= pp.starts_on AND s.held_on <= %(on)s)
            WHEN pp.intervention_id IS NOT NULL THEN
              (SELECT COUNT(*) FROM provision_attendance a JOIN provision_session s ON s.id = a.session_id
                 JOIN provision_interventiongroup g ON g.id = s.group_id
                WHERE a.pupil_id = c.pupil_id AND a.present AND g.intervention_id = pp.intervention_id
                  AND s.held_on >= pp.starts_on AND s.held_on <= %(on)s)
            ELSE 0 END
  FROM plans_plannedprovision pp JOIN plans_supportcycle c ON c.id = pp.cycle_id
 WHERE c.school_id IN ({schools}) AND c.state IN ('do', 'review') AND pp.kind = 'intervention'
   AND pp.archived_at IS NULL AND pp.sessions_per_week IS NOT NULL AND pp.starts_on <= %(on)s
"""


def _marks(count: int) -> str:
    return ", ".join(["%s"] * count)


def _audit(cursor: CursorWrapper, *, actor: int, object_type: str, rows: Sequence[tuple[Any, int, int]]) -> int:
    """The page's audit rows, one for each (object uid, pupil id, school id)."""
    events: list[tuple[str, int | None, int | None, dict[str, Any]]] = [
        (str(uuid.UUID(str(uid))), pupil_id, school_id, {}) for uid, pupil_id, school_id in rows
    ]
    return audit_insert(cursor, actor=actor, object_type=object_type, rows=events)


def _a_year_before(today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def _named(
    pupils: list[tuple[Any, ...]],
    meetings: list[tuple[Any, ...]],
    terms: list[tuple[Any, ...]],
    planned: list[tuple[Any, ...]],
    today: dt.date,
) -> list[tuple[Any, ...]]:
    """The pupils the queue names: a review overdue or due soon, no current plan, short of meetings with parents,
    a profile to update, or an intervention delivered short of plan. The page's rules, over the fetched rows."""
    year = academic_year_start(today)
    windows: dict[int, list[TermWindow]] = {}
    all_terms: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for school_id, name, starts_on, ends_on, start_year in terms:
        all_terms.setdefault(school_id, []).append((starts_on, ends_on))
        if start_year == year:
            windows.setdefault(school_id, []).append(TermWindow(name=name, starts_on=starts_on, ends_on=ends_on))
    held: dict[int, list[dt.date]] = {}
    for pupil_id, held_on in meetings:
        held.setdefault(pupil_id, []).append(held_on)
    short_of_plan = set()
    for pupil_id, school_id, per_week, starts_on, ends_on, attended in planned:
        end = min(today, ends_on) if ends_on else today
        days = costs.school_days(
            start=starts_on, end=end, terms=all_terms.get(school_id, []), closed=bank_holidays_between(starts_on, end)
        )
        sessions = costs.planned_sessions(sessions_per_week=per_week, school_day_count=days)
        if sessions > 0 and Decimal(attended) < sessions * _SHORTFALL_SHARE:
            short_of_plan.add(pupil_id)
    cutoff = _a_year_before(today)
    named = []
    for row in pupils:
        pupil_id, sen_status, school_id, cycle_id, state, due, profile_at, since = (
            row[0], row[7], row[8], row[9], row[12], row[14], row[15], row[17]
        )  # fmt: skip
        on_register = sen_status in ("K", "E")
        if isinstance(profile_at, str):  # SQLite returns the subquery's datetime as text
            profile_at = dt.datetime.fromisoformat(profile_at)
        if isinstance(since, str):
            since = dt.date.fromisoformat(since)
        flags = (
            cycle_id is not None and bool(review_status(due=due, today=today)),
            on_register and state in (None, "assess"),
            sen_status == "K"
            and bool(windows.get(school_id))
            and meeting_check(
                terms=windows[school_id], meetings=held.get(pupil_id, []), today=today, support_since=since
            ).short,
            on_register and (profile_at is None or profile_at.date() < cutoff),
            pupil_id in short_of_plan,
        )
        if any(flags):
            named.append(row)
    return named


def _queue(cursor: CursorWrapper, *, actor: int, school_ids: list[int], scope: str, params: dict[str, Any]) -> int:
    """The queue's four reads for the pupils in `scope` (SQL over p, the pupil), then its audit rows."""
    on = params["on"]
    params = {**params, "year_start": dt.date(academic_year_start(on), 9, 1)}
    schools = ", ".join(str(int(school_id)) for school_id in school_ids)
    cursor.execute(_QUEUE_PUPILS.format(scope=scope), params)
    pupils = cursor.fetchall()
    cursor.execute(_QUEUE_MEETINGS.format(scope=scope), params)
    meetings = cursor.fetchall()
    cursor.execute(_QUEUE_TERMS.format(schools=schools), params)
    terms = cursor.fetchall()
    cursor.execute(_QUEUE_PLANNED.format(schools=schools), params)
    planned = cursor.fetchall()
    in_scope = {row[0] for row in pupils}
    planned = [row for row in planned if row[0] in in_scope]
    named = _named(pupils, meetings, terms, planned, on)
    written = _audit(
        cursor, actor=actor, object_type="plans.work_queue", rows=[(row[1], row[0], row[8]) for row in named]
    )
    return len(pupils) + len(meetings) + len(terms) + len(planned) + written


def work_queue(cursor: CursorWrapper, targets: Targets) -> int:
    """The SENDCo's queue for the whole school: access (their roles at the school), the queue, the audit rows."""
    from bench.pages import SENDCO

    params = _params(targets, email=SENDCO)
    cursor.execute(
        f"""SELECT u.id, m.role, s.id, s.name FROM accounts_user u
              JOIN accounts_membership m ON m.user_id = u.id JOIN schools_school s ON s.id = m.school_id
             WHERE u.email = %(email)s AND s.urn = %(urn)s AND {_ACTIVE.format(alias="m")}""",  # noqa: S608 - fixed SQL
        params,
    )
    access = cursor.fetchall()
    if not any(role in ("sendco", "head") for _, role, _, _ in access):
        raise PermissionError("the SENDCo should see the school's work queue")
    actor, _, school_id, _ = access[0]
    return len(access) + _queue(
        cursor,
        actor=actor,
        school_ids=[school_id],
        scope="p.school_id = %(school)s",
        params={**params, "school": school_id},
    )


def my_work(cursor: CursorWrapper, targets: Targets) -> int:
    """The teacher's queue: their memberships (schools where they teach or support), then the pupils in the groups
    they are assigned to at those schools."""
    from bench.pages import TEACHER

    params = _params(targets, email=TEACHER)
    cursor.execute(
        f"""SELECT u.id, m.role, s.id, s.name FROM accounts_user u
              JOIN accounts_membership m ON m.user_id = u.id JOIN schools_school s ON s.id = m.school_id
             WHERE u.email = %(email)s AND {_ACTIVE.format(alias="m")} ORDER BY s.name""",  # noqa: S608 - fixed SQL
        params,
    )
    access = cursor.fetchall()
    school_ids = sorted({school_id for _, role, school_id, _ in access if role in ("teacher", "ta")})
    if not school_ids:
        raise PermissionError("the teacher should have a school where they teach")
    actor = access[0][0]
    schools = ", ".join(str(int(school_id)) for school_id in school_ids)
    scope = f"""p.school_id IN ({schools}) AND p.id IN (
        SELECT gm.pupil_id FROM pupils_groupmembership gm
          JOIN schools_teachinggroup g ON g.id = gm.group_id JOIN schools_staffassignment a ON a.group_id = g.id
         WHERE a.user_id = %(actor)s AND g.school_id IN ({schools})
           AND {_ACTIVE.format(alias="gm")} AND {_ACTIVE.format(alias="a")})"""  # noqa: S608 - ids are ints
    return len(access) + _queue(
        cursor, actor=actor, school_ids=school_ids, scope=scope, params={**params, "actor": actor}
    )


def support_cycle(cursor: CursorWrapper, targets: Targets) -> int:
    """One cycle with everything on it, for the SENDCo: the cycle, its pupil and the user's roles at the school
    (the access check), the pupil's other cycles (earlier ones with what they learned, and whether a later one
    exists), the outcomes of this and earlier cycles, the provision with the outcomes each serves, views,
    assessments, documents, notes and moves; at review the measured impact of each intervention; one audit row."""
    from bench.pages import SENDCO

    on = timezone.localdate()
    cursor.execute(
        f"""SELECT c.id, c.uid, c.number, c.state, c.started_on, c.review_due_on, c.review_date_reason,
                   c.review_moved_reason, c.closed_on, c.concern, c.needs_summary, c.parents_at_home,
                   c.parents_agreed_on, c.parents_agreed_how, c.pupil_agreed_on, c.pupil_agreed_how,
                   c.plan_shared_with_parents_on, c.reviewed_on, c.staff_views, c.decision, c.decision_notes,
                   c.what_works, c.what_doesnt, c.review_shared_with_parents_on,
                   p.id, p.uid, p.legal_forename, p.legal_surname, p.preferred_forename, p.preferred_surname,
                   p.year_group, p.school_id, u.id, m.role
              FROM plans_supportcycle c JOIN pupils_pupil p ON p.id = c.pupil_id
              JOIN accounts_membership m ON m.school_id = p.school_id AND m.school_id = c.school_id
              JOIN accounts_user u ON u.id = m.user_id
             WHERE c.uid = %(uid)s AND u.email = %(email)s AND p.archived_at IS NULL
               AND {_ACTIVE.format(alias="m")}""",  # noqa: S608 - fixed SQL
        {"uid": _uuid_param(targets["cycle"]), "email": SENDCO, "on": on},
    )
    rows = cursor.fetchall()
    if not any(row[-1] in ("sendco", "head") for row in rows):
        raise PermissionError("the SENDCo should see the support cycle")
    cycle = rows[0]
    cycle_id, cycle_uid, number, state, pupil_id, school_id, actor = (
        cycle[0], cycle[1], cycle[2], cycle[3], cycle[24], cycle[31], cycle[32]
    )  # fmt: skip
    fetched = len(rows)
    reads: tuple[tuple[str, list[Any]], ...] = (
        (
            "SELECT id, uid, number, started_on, closed_on, decision, what_works, what_doesnt "
            "FROM plans_supportcycle WHERE pupil_id = %s AND id <> %s ORDER BY number DESC",
            [pupil_id, cycle_id],
        ),
        (
            "SELECT o.id, o.uid, o.cycle_id, o.description, o.success_criteria, o.baseline, o.target_value, "
            "o.measure_how, o.measure_when, o.measured_by, o.rating, o.measured_value, o.evidence, b.title, fc.number "
            "FROM plans_outcome o JOIN plans_supportcycle c ON c.id = o.cycle_id "
            "LEFT JOIN pupils_barrier b ON b.id = o.barrier_id LEFT JOIN plans_outcome f ON f.id = o.carried_from_id "
            "LEFT JOIN plans_supportcycle fc ON fc.id = f.cycle_id "
            "WHERE c.pupil_id = %s AND c.number <= %s AND o.archived_at IS NULL ORDER BY o.position, o.id",
            [pupil_id, number],
        ),
        (
            "SELECT pp.id, pp.uid, pp.kind, pp.description, pp.delivered_by, pp.frequency, pp.starts_on, pp.ends_on, "
            "pp.impact, pp.impact_notes, pp.group_id, pp.intervention_id, i.name, g.name, l.outcome_id "
            "FROM plans_plannedprovision pp LEFT JOIN provision_intervention i ON i.id = pp.intervention_id "
            "LEFT JOIN provision_interventiongroup g ON g.id = pp.group_id "
            "LEFT JOIN plans_plannedprovision_outcomes l ON l.plannedprovision_id = pp.id "
            "WHERE pp.cycle_id = %s AND pp.archived_at IS NULL ORDER BY pp.starts_on, pp.id",
            [cycle_id],
        ),
        (
            "SELECT v.whose, v.stage, v.method, v.given_by, v.views, v.gathered_on, u.full_name "
            "FROM plans_voice v JOIN accounts_user u ON u.id = v.gathered_by_id WHERE v.cycle_id = %s "
            "ORDER BY v.gathered_on, v.id",
            [cycle_id],
        ),
        (
            "SELECT a.id, a.kind, a.title, a.agency, a.body, a.assessed_on, u.full_name "
            "FROM plans_assessment a JOIN accounts_user u ON u.id = a.recorded_by_id WHERE a.cycle_id = %s "
            "ORDER BY a.assessed_on, a.id",
            [cycle_id],
        ),
        (
            "SELECT uid, assessment_id, title, size, uploaded_at FROM plans_document "
            "WHERE cycle_id = %s AND archived_at IS NULL ORDER BY uploaded_at, id",
            [cycle_id],
        ),
        (
            "SELECT n.noted_on, n.kind, n.reason, n.text, o.description, pp.description, u.full_name "
            "FROM plans_progressnote n JOIN accounts_user u ON u.id = n.author_id "
            "LEFT JOIN plans_outcome o ON o.id = n.outcome_id LEFT JOIN plans_plannedprovision pp ON pp.id = n.provision_id "
            "WHERE n.cycle_id = %s ORDER BY n.noted_on DESC, n.id DESC",
            [cycle_id],
        ),
        (
            "SELECT t.at, t.from_state, t.to_state, t.note, u.full_name FROM plans_cycletransition t "
            "JOIN accounts_user u ON u.id = t.by_id WHERE t.cycle_id = %s ORDER BY t.at, t.id",
            [cycle_id],
        ),
    )
    for sql, args in reads:
        cursor.execute(sql, args)
        fetched += len(cursor.fetchall())
    if state in ("review", "closed"):
        fetched += _impact(cursor, cycle_id=cycle_id, pupil_id=pupil_id)
    return fetched + _audit(cursor, actor=actor, object_type="plans.cycle", rows=[(cycle_uid, pupil_id, school_id)])


def _impact(cursor: CursorWrapper, *, cycle_id: int, pupil_id: int) -> int:
    """At review: the pupil's places in the groups of the planned interventions, with sessions on roll and
    attended in each."""
    cursor.execute(
        """SELECT pl.group_id, pl.entry_score, pl.entry_on, pl.exit_score, pl.exit_on, g.name, i.name, i.measure,
                  i.measure_label, i.higher_is_better,
                  (SELECT COUNT(*) FROM provision_attendance a JOIN provision_session s ON s.id = a.session_id
                    WHERE a.pupil_id = pl.pupil_id AND s.group_id = pl.group_id),
                  (SELECT COUNT(*) FROM provision_attendance a JOIN provision_session s ON s.id = a.session_id
                    WHERE a.pupil_id = pl.pupil_id AND s.group_id = pl.group_id AND a.present)
             FROM provision_place pl JOIN provision_interventiongroup g ON g.id = pl.group_id
             JOIN provision_intervention i ON i.id = g.intervention_id
            WHERE pl.pupil_id = %s AND (pl.group_id IN (SELECT group_id FROM plans_plannedprovision
                    WHERE cycle_id = %s AND archived_at IS NULL)
                 OR g.intervention_id IN (SELECT intervention_id FROM plans_plannedprovision
                    WHERE cycle_id = %s AND archived_at IS NULL))
            ORDER BY pl.started_on DESC, pl.id DESC""",
        [pupil_id, cycle_id, cycle_id],
    )
    return len(cursor.fetchall())


FLOORS: dict[str, Callable[[CursorWrapper, Targets], int]] = {
    "work_queue": work_queue,
    "my_work": my_work,
    "support_cycle": support_cycle,
}
