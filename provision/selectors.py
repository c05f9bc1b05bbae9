"""Reads for the provision pages. The whole-school map, the impact report, the groups page and a pupil's costed map
take a fixed number of queries whatever the number of pupils, groups or sessions: sums and counts are done in the
database, and Python only works over one row per map cell or total, per intervention, per group slot or per line.
Those four pages read through hand-written SQL (see opensend.rawsql for why); the other reads use the ORM."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import (
    Count,
    IntegerField,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.expressions import RawSQL

from lib import costs, impact
from lib.census import BROAD_AREAS
from lib.review_dates import bank_holidays_between
from lib.school_year import YEAR_GROUPS, academic_year_label
from lib.terms import long_date, short_date
from opensend import rawsql
from provision.models import (
    Attendance,
    Evidence,
    Intervention,
    InterventionGroup,
    InterventionKind,
    Measure,
    NotionalBudget,
    Place,
    Session,
    SessionStatus,
    StaffRate,
    StaffRole,
    Weekday,
    improves_upwards_for,
    measure_name_for,
)
from pupils.models import Pupil, YearGroup
from schools.models import School, Term

if TYPE_CHECKING:
    from plans.models import PlannedProvision, SupportCycle

# A pupil is flagged when fewer than this share of the planned sessions were attended.
SHORTFALL_SHARE = Decimal("0.8")
# Plans in practice: a plan not yet agreed promises nothing to measure against.
ACTIVE_CYCLE_STATES = ("do", "review")
WEEKDAY_LABELS: dict[int, str] = dict(Weekday.choices)


# Each attendance row's share of its session's cost (the split rule in lib.costs), summed in the database. Cast to
# float: SQLite may store a whole-pound cost as an integer, and integer division would lose the pence.
_SHARE_SQL = "CAST(se.staff_cost AS DOUBLE PRECISION) / CAST(se.on_roll AS DOUBLE PRECISION)"


def _money(value: float | Decimal | None) -> Decimal:
    return costs.money(Decimal(str(value or 0)))


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# --- Catalogue and rates ------------------------------------------------------------------------------------


def catalogue(*, school: School, today: dt.date) -> QuerySet[Intervention]:
    return (
        Intervention.objects.filter(school=school, archived_at__isnull=True)
        .annotate(
            running=Count(
                "groups",
                filter=Q(groups__starts_on__lte=today)
                & (Q(groups__ends_on__isnull=True) | Q(groups__ends_on__gt=today)),
            )
        )
        .order_by("area", "name")
    )


@dataclass(frozen=True)
class RateRow:
    role: str
    label: str
    current: StaffRate | None
    history: list[StaffRate]
    used_by_groups: int


def staff_rates(*, school: School, today: dt.date) -> list[RateRow]:
    rates = list(StaffRate.objects.filter(school=school).select_related("set_by").order_by("role", "-started_on"))
    used = dict(
        InterventionGroup.objects.filter(school=school)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .values_list("staff_role")
        .annotate(n=Count("id"))
        .values_list("staff_role", "n")
    )
    rows = []
    for role in StaffRole:
        history = [rate for rate in rates if rate.role == role]
        current = next((rate for rate in history if rate.started_on <= today and rate.ended_on is None), None)
        rows.append(RateRow(role, role.label, current, history, used.get(role.value, 0)))
    return rows


# --- Groups --------------------------------------------------------------------------------------------------


# Roles with no rate today; a rate's role is never null, so NOT EXISTS is the ORM's NOT IN. Indexes: the school's
# groups (school, ends_on); its rates (school).
_UNRATED_SQL = """
SELECT DISTINCT g.staff_role FROM provision_interventiongroup g
 WHERE g.school_id = %(school)s AND (g.ends_on IS NULL OR g.ends_on > %(today)s)
   AND NOT EXISTS (SELECT 1 FROM provision_staffrate r
                    WHERE r.school_id = g.school_id AND r.role = g.staff_role AND r.started_on <= %(today)s
                      AND (r.ended_on IS NULL OR r.ended_on > %(today)s))
 ORDER BY g.staff_role
"""


def roles_without_rate(*, school: School, today: dt.date) -> list[str]:
    """Staff roles that run the school's groups but have no hourly rate today: their sessions are costed at £0.
    One query."""
    rows = rawsql.select(InterventionGroup, _UNRATED_SQL, {"school": school.pk, "today": today})
    return [StaffRole(role).label for (role,) in rows]


@dataclass
class GroupCard:
    """One group on the groups page, with the lines of text its card shows: the page lists every group the user
    may see, and a few plain strings per card cost far less to render than the fields they are made from."""

    uid: uuid.UUID
    name: str
    summary: str = ""  # "Precision teaching; Monday, Wednesday at 09:15, Room 4" (running groups)
    places: str = ""  # "3 of 4 places taken; run by Ann Lee" (running groups)
    ended: str = ""  # the day it ended (ended groups)
    url: str = ""
    log_url: str = ""


@dataclass
class GroupLists:
    running: list[GroupCard]
    ended: list[GroupCard]


# The groups, each with the places taken today and a row per timetable slot (weekday, time), in the page's order:
# soonest to end first, groups with no end last (on both databases: SQLite sorts NULL first, PostgreSQL last).
# The groups are those of the visible queryset (provision.permissions.groups_visible_to), as its own SQL.
# Indexes: the visible groups (school, ends_on); each group's places and slots.
_GROUPS_SQL = """
SELECT g.id, g.uid, g.name, i.name, g.room, g.capacity, g.staff_id, u.full_name, g.ends_on,
       (SELECT COUNT(*) FROM provision_place pl
         WHERE pl.group_id = g.id AND pl.started_on <= %s AND (pl.ended_on IS NULL OR pl.ended_on > %s)),
       sl.weekday, sl.starts_at
  FROM provision_interventiongroup g
  JOIN provision_intervention i ON i.id = g.intervention_id
  LEFT JOIN accounts_user u ON u.id = g.staff_id
  LEFT JOIN provision_timetableslot sl ON sl.group_id = g.id
 WHERE g.id IN ({visible})
 ORDER BY CASE WHEN g.ends_on IS NULL THEN 1 ELSE 0 END, g.ends_on, g.name, g.id, sl.weekday, sl.starts_at
"""


def groups_list(*, groups: QuerySet[InterventionGroup], today: dt.date) -> GroupLists:
    """The groups running today, with their intervention, timetable, who runs them and the places taken today,
    and the groups that have ended. One query whatever the number of groups."""
    visible, visible_params = groups.order_by().values("pk").query.sql_with_params()
    # Positional parameters: the visible queryset's SQL uses them.
    rows = rawsql.select(InterventionGroup, _GROUPS_SQL.format(visible=visible), [today, today, *visible_params])
    result = GroupLists(running=[], ended=[])
    for (_, uid, name, intervention, room, capacity, staff_id, staff_name, ends_on, on_roll), slots in groupby(
        rows, key=lambda row: row[:10]
    ):
        ended_on = rawsql.day(ends_on) if ends_on is not None else None
        if ended_on is not None and ended_on <= today:
            result.ended.append(GroupCard(uid=rawsql.uid(uid), name=name, ended=long_date(ended_on)))
            continue
        timetable = [(weekday, starts_at) for *_, weekday, starts_at in slots if weekday is not None]
        days = ", ".join(WEEKDAY_LABELS[weekday] for weekday, _ in timetable)
        at = f"{rawsql.clock(timetable[0][1]):%H:%M}" if timetable else ""
        result.running.append(
            GroupCard(
                uid=rawsql.uid(uid),
                name=name,
                summary=f"{intervention}; {days} at {at}{f', {room}' if room else ''}",
                places=f"{on_roll} of {capacity} place{'' if capacity == 1 else 's'} taken"
                + (f"; run by {staff_name}" if staff_id is not None else ""),
            )
        )
    return result


@dataclass
class RollRow:
    place: Place
    pupil: Pupil
    active: bool
    sessions_on_roll: int = 0
    attended: int = 0
    progress: Decimal | None = None
    ratio_gain: Decimal | None = None
    ratio_band: str = ""


@dataclass
class GroupSummary:
    rows: list[RollRow]
    delivered: int
    not_delivered: dict[str, int]
    minutes: int
    cost: Decimal
    effect: impact.EffectSize
    caveat: str
    on_roll_today: int
    mean_progress: Decimal | None


def group_summary(*, group: InterventionGroup, today: dt.date) -> GroupSummary:
    """The roll with each pupil's attendance and progress, the sessions by outcome, the cost and the effect size."""
    intervention = group.intervention
    places = list(group.places.select_related("pupil").order_by("ended_on", "pupil__legal_surname", "id"))
    counts = {
        row["pupil_id"]: row
        for row in Attendance.objects.filter(session__group=group)
        .values("pupil_id")
        .annotate(on_roll=Count("id"), attended=Count("id", filter=Q(present=True)))
    }
    sessions = {
        row["status"]: row
        for row in Session.objects.filter(group=group)
        .values("status")
        .annotate(n=Count("id"), minutes=Sum("minutes"), cost=Sum("staff_cost"))
    }
    higher = intervention.improves_upwards
    rows: list[RollRow] = []
    pairs: list[tuple[Decimal, Decimal]] = []
    for place in places:
        row = RollRow(place=place, pupil=place.pupil, active=place.ended_on is None or place.ended_on > today)
        count = counts.get(place.pupil_id)
        if count:
            row.sessions_on_roll, row.attended = count["on_roll"], count["attended"]
        if place.entry_score is not None and place.exit_score is not None:
            pairs.append((place.entry_score, place.exit_score))
            row.progress = impact.progress(entry=place.entry_score, exit=place.exit_score, higher_is_better=higher)
            if intervention.measure == Measure.READING_AGE and place.entry_on and place.exit_on:
                row.ratio_gain = impact.ratio_gain(
                    entry_months=place.entry_score,
                    exit_months=place.exit_score,
                    entry_on=place.entry_on,
                    exit_on=place.exit_on,
                )
                row.ratio_band = impact.ratio_gain_band(row.ratio_gain) if row.ratio_gain is not None else ""
        rows.append(row)
    delivered = sessions.get(SessionStatus.DELIVERED, {})
    return GroupSummary(
        rows=rows,
        delivered=delivered.get("n", 0),
        not_delivered={
            SessionStatus(status).label: row["n"]
            for status, row in sessions.items()
            if status != SessionStatus.DELIVERED
        },
        minutes=delivered.get("minutes") or 0,
        cost=_money(delivered.get("cost")),
        effect=impact.effect_size(pairs=pairs, higher_is_better=higher),
        caveat=impact.small_numbers_caveat(len(pairs)),
        on_roll_today=sum(1 for row in rows if row.active and row.place.started_on <= today),
        mean_progress=impact.mean([row.progress for row in rows if row.progress is not None]),
    )


@dataclass
class WeekSlot:
    key: str
    held_on: dt.date
    starts_at: dt.time
    weekday_label: str
    session: Session | None
    roll: list[Pupil]
    present: set[int]
    in_future: bool
    outside_group: bool


def week_log(*, group: InterventionGroup, monday: dt.date, today: dt.date) -> list[WeekSlot]:
    """The group's timetabled sessions in the week from `monday`, each with what was logged and the roll that day."""
    days = {monday + dt.timedelta(days=offset) for offset in range(5)}
    places = list(
        group.places.filter(started_on__lte=monday + dt.timedelta(days=4))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=monday))
        .select_related("pupil")
        .order_by("pupil__legal_surname", "pupil__legal_forename", "id")
    )
    sessions = {
        (session.held_on, session.starts_at): session
        for session in group.sessions.filter(held_on__in=days).prefetch_related("attendances")
    }
    result = []
    for slot in group.slots.all():
        held_on = monday + dt.timedelta(days=slot.weekday)
        session = sessions.get((held_on, slot.starts_at))
        roll = [
            place.pupil
            for place in places
            if place.started_on <= held_on and (place.ended_on is None or place.ended_on > held_on)
        ]
        present = {a.pupil_id for a in session.attendances.all() if a.present} if session else set()
        result.append(
            WeekSlot(
                key=f"s{held_on:%Y%m%d}{slot.starts_at:%H%M}",
                held_on=held_on,
                starts_at=slot.starts_at,
                weekday_label=Weekday(slot.weekday).label,
                session=session,
                roll=roll,
                present=present,
                in_future=held_on > today,
                outside_group=held_on < group.starts_on or (group.ends_on is not None and held_on >= group.ends_on),
            )
        )
    return result


# --- Periods -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    label: str
    starts_on: dt.date
    ends_on: dt.date  # included
    key: str
    is_term: bool = False  # one of the school's terms (else a year, or a span asked for)


def school_terms(*, school: School) -> list[Term]:
    return list(Term.objects.filter(school=school).select_related("academic_year").order_by("starts_on"))


class _TermDates(NamedTuple):
    pk: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    start_year: int
    year_starts_on: dt.date
    year_ends_on: dt.date


_TERM_NAMES: dict[str, str] = dict(Term.Name.choices)


def periods(terms: list[Term]) -> list[Period]:
    """Each academic year with terms, and each term: the choices of period for the map and the report."""
    return _periods(
        _TermDates(
            term.pk,
            term.name,
            term.starts_on,
            term.ends_on,
            term.academic_year.start_year,
            term.academic_year.starts_on,
            term.academic_year.ends_on,
        )
        for term in terms
    )


_PERIOD_TERMS_SQL = """
SELECT t.id, t.name, t.starts_on, t.ends_on, y.start_year, y.starts_on, y.ends_on
  FROM schools_term t JOIN schools_academicyear y ON y.id = t.academic_year_id
 WHERE t.school_id = %(school)s
 ORDER BY t.starts_on
"""


def school_periods(*, school: School) -> list[Period]:
    """periods() of the school's terms, read as plain values in one query."""
    return _periods(
        _TermDates(
            pk,
            name,
            rawsql.day(starts_on),
            rawsql.day(ends_on),
            start_year,
            rawsql.day(year_starts_on),
            rawsql.day(year_ends_on),
        )
        for pk, name, starts_on, ends_on, start_year, year_starts_on, year_ends_on in rawsql.select(
            Term, _PERIOD_TERMS_SQL, {"school": school.pk}
        )
    )


def _periods(terms: Iterable[_TermDates]) -> list[Period]:
    result: list[Period] = []
    years: dict[int, list[_TermDates]] = defaultdict(list)
    for term in terms:
        years[term.start_year].append(term)
    for start_year, held in sorted(years.items(), reverse=True):
        year = academic_year_label(start_year)
        result.append(Period(f"Academic year {year}", held[0].year_starts_on, held[0].year_ends_on, f"y{start_year}"))
        for term in reversed(held):
            result.append(
                Period(f"{_TERM_NAMES[term.name]} term {year}", term.starts_on, term.ends_on, f"t{term.pk}", True)
            )
    return result


def choose_period(options: list[Period], key: str, today: dt.date) -> Period:
    """The period asked for, else the academic year that holds today, else the latest; a year around today if
    the school has no terms yet."""
    for option in options:
        if option.key == key:
            return option
    for option in options:
        if option.key.startswith("y") and option.starts_on <= today <= option.ends_on:
            return option
    if options:
        return options[0]
    start = today.year if today.month >= 9 else today.year - 1
    return Period(f"{start}/{(start + 1) % 100:02d}", dt.date(start, 9, 1), dt.date(start + 1, 8, 31), "")


# --- Whole-school provision map -------------------------------------------------------------------------------


@dataclass
class MapCell:
    pupils: int = 0
    hours: Decimal = Decimal(0)
    cost: Decimal = Decimal(0)
    # As the page shows them ("3 pupils", "12.5", "1,234.50"): forty cells a page, cheaper here than as template
    # filters and localisation (en-GB: a point for decimals, commas between thousands where the page groups them).
    pupils_label: str = field(init=False, default="")
    hours_label: str = field(init=False, default="")
    cost_label: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.pupils_label = f"{self.pupils} pupil{'' if self.pupils == 1 else 's'}"
        self.hours_label = f"{self.hours:f}"
        self.cost_label = f"{self.cost:,}"


@dataclass
class ProvisionMap:
    period: Period
    year_groups: list[str]
    areas: tuple[str, ...]
    cells: dict[tuple[str, str], MapCell]
    by_year: dict[str, MapCell]
    by_area: dict[str, MapCell]
    total: MapCell
    budget: Decimal | None
    budget_year: str  # "2025/26", or "" without a budget
    rows: list[dict[str, Any]] = field(default_factory=list)
    area_totals: list[MapCell] = field(default_factory=list)

    @property
    def budget_share(self) -> Decimal | None:
        if not self.budget:
            return None
        return (self.total.cost * 100 / self.budget).quantize(Decimal("1"))


# The map's figures in one statement: each attendance row of the period once (with the pupil's current year group,
# the intervention's area, the minutes attended and the row's share of its session's cost, the lib.costs split
# rule), then the cells (year group by area) and the totals by year group, by area and overall, each summed by the
# database over those rows (a pupil counted once in a total even with provision in two areas). Totals are summed
# from the rows, not from per-pupil subtotals here: adding the shares, thirds of a penny among them, in another
# order could round a half-penny the other way. The rows are read once (a CTE used four times, which both
# databases materialise): with four joins of their own, PostgreSQL planned a parallel query at LA scale and took
# three times as long. Indexes: the school's groups, their sessions by (group, held_on), the sessions' attendance.
_MAP_SUMS = "COUNT(DISTINCT pupil_id), SUM(minutes), SUM(share)"
_MAP_SQL = f"""
WITH attended AS (
SELECT p.year_group AS year_group, i.area AS area, a.pupil_id AS pupil_id,
       CASE WHEN a.present THEN se.minutes ELSE 0 END AS minutes, {_SHARE_SQL} AS share
  FROM provision_attendance a
  JOIN provision_session se ON se.id = a.session_id
  JOIN provision_interventiongroup g ON g.id = se.group_id
  JOIN provision_intervention i ON i.id = g.intervention_id
  JOIN pupils_pupil p ON p.id = a.pupil_id
 WHERE g.school_id = %(school)s AND se.held_on >= %(start)s AND se.held_on <= %(end)s AND se.status = %(delivered)s
)
SELECT year_group, area, {_MAP_SUMS} FROM attended GROUP BY year_group, area
UNION ALL
SELECT year_group, NULL, {_MAP_SUMS} FROM attended GROUP BY year_group
UNION ALL
SELECT NULL, area, {_MAP_SUMS} FROM attended GROUP BY area
UNION ALL
SELECT NULL, NULL, {_MAP_SUMS} FROM attended
"""  # noqa: S608 - fixed SQL


def _cell(pupils: int, minutes: int | None, cost: float | None) -> MapCell:
    return MapCell(pupils=pupils, hours=(Decimal(minutes or 0) / 60).quantize(Decimal("0.1")), cost=_money(cost))


# The notional budget of the academic year the period starts in (one a school and year).
_BUDGET_SQL = """
SELECT b.amount, y.start_year
  FROM provision_notionalbudget b JOIN schools_academicyear y ON y.id = b.academic_year_id
 WHERE b.school_id = %(school)s AND y.starts_on <= %(on)s AND y.ends_on >= %(on)s
 ORDER BY b.id
"""


def whole_school_map(*, school: School, period: Period) -> ProvisionMap:
    """Year group by area of need: distinct pupils who had provision, the hours they attended and its cost.

    Two queries whatever the size of the school: the cells and the totals by year, by area and overall (a pupil
    counted once in a total even with provision in two areas); and the notional budget.
    """
    rows = rawsql.select(
        Attendance,
        _MAP_SQL,
        {
            "school": school.pk,
            "delivered": SessionStatus.DELIVERED.value,
            "start": period.starts_on,
            "end": period.ends_on,
        },
    )
    cells: dict[tuple[str, str], MapCell] = {}
    by_year: dict[str, MapCell] = {}
    by_area: dict[str, MapCell] = {}
    total = MapCell()
    for year, area, pupils, minutes, cost in rows:
        if year is not None and area is not None:
            cells[(year, area)] = _cell(pupils, minutes, cost)
        elif year is not None:
            by_year[year] = _cell(pupils, minutes, cost)
        elif area is not None:
            by_area[area] = _cell(pupils, minutes, cost)
        elif pupils:
            total = _cell(pupils, minutes, cost)
    budget = next(iter(rawsql.select(NotionalBudget, _BUDGET_SQL, {"school": school.pk, "on": period.starts_on})), None)
    years = [year for year in YEAR_GROUPS if year in by_year]
    result = ProvisionMap(
        period=period,
        year_groups=years,
        areas=BROAD_AREAS,
        cells=cells,
        by_year=by_year,
        by_area=by_area,
        total=total,
        budget=rawsql.pence(budget[0]) if budget else None,
        budget_year=academic_year_label(budget[1]) if budget else "",
    )
    result.area_totals = [by_area.get(area, MapCell()) for area in BROAD_AREAS]
    result.rows = [
        {
            "year": year,
            "label": YearGroup(year).label,
            "cells": [cells.get((year, area), MapCell()) for area in BROAD_AREAS],
            "total": by_year[year],
        }
        for year in years
    ]
    return result


# --- Impact report -----------------------------------------------------------------------------------------------


_NONE = "\N{EN DASH}"  # a figure that cannot be worked out


@dataclass(frozen=True)
class ImpactSubject:
    """The intervention a row of the impact report is about, as the report shows it."""

    pk: int
    name: str
    measure_name: str
    evidence: str  # "moderate", as the page says it
    improves_upwards: bool


@dataclass
class ImpactRow:
    intervention: ImpactSubject
    pupils: int = 0
    places_at_sessions: int = 0
    present: int = 0
    delivered: int = 0
    planned: int = 0
    cost: Decimal = Decimal(0)
    scored: int = 0
    mean_progress: Decimal | None = None
    effect: impact.EffectSize | None = None
    attendance: Decimal | None = None
    delivered_share: Decimal | None = None
    cost_per_pupil: Decimal | None = None
    cost_per_progress: Decimal | None = None
    caveat: str = ""
    # Each figure as its cell shows it ("75%", "2 of 30 (7%)", "£1,234.50", a dash for none): cheaper here than as
    # template conditions and filters, row after row.
    cells: dict[str, str] = field(default_factory=dict)

    def fill_cells(self) -> None:
        effect = self.effect
        self.cells = {
            "attendance": f"{self.attendance:f}%" if self.attendance is not None else _NONE,
            "delivered": f"{self.delivered} of {self.planned}"
            + (f" ({self.delivered_share:f}%)" if self.delivered_share is not None else ""),
            "progress": f"{self.mean_progress:f} ({self.scored} pupil{'' if self.scored == 1 else 's'})"
            if self.mean_progress is not None
            else _NONE,
            "effect": f"{effect.value:f} ({effect.label.lower()})" if effect and effect.value is not None else _NONE,
            "cost": f"£{self.cost_per_pupil:,}" if self.cost_per_pupil is not None else _NONE,
            "value": f"£{self.cost_per_progress:,}" if self.cost_per_progress is not None else _NONE,
        }


IMPACT_SORTS = {
    "name": lambda row: row.intervention.name.lower(),
    "pupils": lambda row: row.pupils,
    "attendance": lambda row: row.attendance if row.attendance is not None else Decimal(-1),
    "delivered": lambda row: row.delivered_share if row.delivered_share is not None else Decimal(-1),
    "progress": lambda row: row.mean_progress if row.mean_progress is not None else Decimal(-(10**6)),
    "effect": lambda row: row.effect.value if row.effect and row.effect.value is not None else Decimal(-(10**6)),
    "cost": lambda row: row.cost_per_pupil if row.cost_per_pupil is not None else Decimal(-1),
    "value": lambda row: row.cost_per_progress if row.cost_per_progress is not None else Decimal(10**9),
}


def _planned_sessions(
    groups: Iterable[tuple[int, dt.date, dt.date | None, int]], terms: Sequence[tuple[dt.date, dt.date]], period: Period
) -> dict[int, int]:
    """Planned sessions per intervention in the period: each group's slots a week over the school days it ran."""
    planned: dict[int, int] = defaultdict(int)
    for intervention_id, starts_on, ends_on, slot_count in groups:
        start = max(starts_on, period.starts_on)
        end = min(ends_on - dt.timedelta(days=1) if ends_on else period.ends_on, period.ends_on)
        if start > end:
            continue
        days = costs.school_days(start=start, end=end, terms=terms, closed=bank_holidays_between(start, end))
        planned[intervention_id] += costs.planned_sessions(sessions_per_week=slot_count, school_day_count=days)
    return planned


# Each intervention with groups at the school, beside its figures for the period: pupils, places and places taken
# at its sessions; sessions delivered and their staff cost; the count and sums of the entry and exit scores (and
# of their squares) of places whose exit score was taken in the period. Indexes: the school's groups, their
# sessions by (group, held_on), the sessions' attendance, the groups' places.
_IMPACT_SQL = """
SELECT i.id, i.name, i.measure, i.measure_label, i.higher_is_better, i.evidence,
       att.pupils, att.places, att.present, ses.n, ses.cost, sc.n, sc.entry, sc.entry_sq, sc.exit, sc.exit_sq
  FROM provision_intervention i
  LEFT JOIN (SELECT g.intervention_id, COUNT(DISTINCT a.pupil_id) AS pupils, COUNT(*) AS places,
                    SUM(CASE WHEN a.present THEN 1 ELSE 0 END) AS present
               FROM provision_attendance a
               JOIN provision_session se ON se.id = a.session_id
               JOIN provision_interventiongroup g ON g.id = se.group_id
              WHERE g.school_id = %(school)s AND se.held_on >= %(start)s AND se.held_on <= %(end)s
              GROUP BY g.intervention_id) att ON att.intervention_id = i.id
  LEFT JOIN (SELECT g.intervention_id, COUNT(*) AS n, SUM(se.staff_cost) AS cost
               FROM provision_session se JOIN provision_interventiongroup g ON g.id = se.group_id
              WHERE g.school_id = %(school)s AND se.status = %(delivered)s
                AND se.held_on >= %(start)s AND se.held_on <= %(end)s
              GROUP BY g.intervention_id) ses ON ses.intervention_id = i.id
  LEFT JOIN (SELECT g.intervention_id, COUNT(*) AS n, SUM(pl.entry_score) AS entry,
                    SUM(pl.entry_score * pl.entry_score) AS entry_sq, SUM(pl.exit_score) AS exit,
                    SUM(pl.exit_score * pl.exit_score) AS exit_sq
               FROM provision_place pl JOIN provision_interventiongroup g ON g.id = pl.group_id
              WHERE g.school_id = %(school)s AND pl.exit_score IS NOT NULL
                AND pl.exit_on >= %(start)s AND pl.exit_on <= %(end)s
              GROUP BY g.intervention_id) sc ON sc.intervention_id = i.id
 WHERE i.school_id = %(school)s AND EXISTS (SELECT 1 FROM provision_interventiongroup g WHERE g.intervention_id = i.id)
 ORDER BY i.name
"""

# The school's groups that ran in the period, with their sessions a week.
_IMPACT_GROUPS_SQL = """
SELECT g.intervention_id, g.starts_on, g.ends_on,
       (SELECT COUNT(*) FROM provision_timetableslot sl WHERE sl.group_id = g.id)
  FROM provision_interventiongroup g
 WHERE g.school_id = %(school)s AND g.starts_on <= %(end)s AND (g.ends_on IS NULL OR g.ends_on > %(start)s)
"""


def impact_report(
    *,
    school: School,
    period: Period,
    sort: str = "name",
    descending: bool = False,
    terms: Sequence[tuple[dt.date, dt.date]] | None = None,
) -> list[ImpactRow]:
    """One row per intervention with groups in the period. Two queries whatever the number of pupils or sessions,
    and a third for the school's term dates unless `terms` gives them."""
    params = {
        "school": school.pk,
        "start": period.starts_on,
        "end": period.ends_on,
        "delivered": SessionStatus.DELIVERED.value,
    }
    rows: dict[int, ImpactRow] = {}
    for (
        pk,
        name,
        measure,
        measure_label,
        higher_is_better,
        evidence,
        pupils,
        places,
        present,
        delivered,
        cost,
        scored,
        entry,
        entry_sq,
        exit_,
        exit_sq,
    ) in rawsql.select(Intervention, _IMPACT_SQL, params):
        subject = ImpactSubject(
            pk=pk,
            name=name,
            measure_name=measure_name_for(measure, measure_label),
            evidence=Evidence(evidence).label.lower(),
            improves_upwards=improves_upwards_for(measure, bool(higher_is_better)),
        )
        row = rows[pk] = ImpactRow(intervention=subject)
        row.pupils, row.places_at_sessions, row.present = pupils or 0, places or 0, present or 0
        row.delivered, row.cost = delivered or 0, _money(rawsql.summed(cost))
        if scored:
            # Progress of pupils whose exit score was taken in the period.
            sums = impact.ScoreSums(
                count=scored,
                entry=rawsql.summed(entry),
                entry_squares=rawsql.summed(entry_sq),
                exit=rawsql.summed(exit_),
                exit_squares=rawsql.summed(exit_sq),
            )
            higher = subject.improves_upwards
            row.scored = sums.count
            row.mean_progress = impact.progress(
                entry=sums.entry / sums.count, exit=sums.exit / sums.count, higher_is_better=higher
            ).quantize(Decimal("0.01"))
            row.effect = impact.effect_size_from_sums(sums, higher_is_better=higher)
    groups = [
        (intervention_id, rawsql.day(starts_on), rawsql.day(ends_on) if ends_on is not None else None, slot_count)
        for intervention_id, starts_on, ends_on, slot_count in rawsql.select(
            InterventionGroup, _IMPACT_GROUPS_SQL, params
        )
    ]
    if terms is None:
        terms = list(Term.objects.filter(school=school).values_list("starts_on", "ends_on"))
    planned = _planned_sessions(groups, terms, period)
    result = []
    for pk, row in rows.items():
        row.planned = planned.get(pk, 0)
        if not (row.planned or row.delivered or row.pupils or row.scored):
            continue
        row.attendance = impact.attendance_rate(present=row.present, on_roll=row.places_at_sessions)
        row.delivered_share = (
            (Decimal(row.delivered) * 100 / row.planned).quantize(Decimal("1")) if row.planned else None
        )
        row.cost_per_pupil = costs.money(row.cost / row.pupils) if row.pupils else None
        row.cost_per_progress = impact.cost_per_unit_progress(
            cost_per_pupil=row.cost_per_pupil, mean_progress=row.mean_progress
        )
        row.caveat = impact.small_numbers_caveat(row.scored)
        row.fill_cells()
        result.append(row)
    key = IMPACT_SORTS.get(sort, IMPACT_SORTS["name"])
    result.sort(key=key, reverse=descending)
    return result


# --- A pupil's costed provision map over three terms -----------------------------------------------------------


@dataclass
class CostedLine:
    provision: str
    area: str
    delivered_by: str
    group: str
    sessions_per_week: int
    minutes: int
    sessions: int  # sessions on roll (previous and current) or planned (next)
    attended: int | None
    hours: Decimal
    cost: Decimal
    projected: bool


@dataclass(frozen=True)
class TermDates:
    """One of the school's terms, as the costed map names and dates it."""

    label: str  # "Autumn 2025/26"
    starts_on: dt.date
    ends_on: dt.date

    def __str__(self) -> str:
        return self.label

    @property
    def dates(self) -> str:
        """ "1 Sep 2025 to 19 Dec 2025", as the map's captions give them."""
        return f"{short_date(self.starts_on)} to {short_date(self.ends_on)}"


@dataclass
class CostedTerm:
    term: TermDates | None
    label: str
    lines: list[CostedLine]

    @property
    def total(self) -> Decimal:
        return costs.total(line.cost for line in self.lines)

    @property
    def hours(self) -> Decimal:
        return sum((line.hours for line in self.lines), Decimal(0))

    # The totals as the table shows them ("12.5", "310.00"), without the template's number localisation.
    @property
    def hours_label(self) -> str:
        return f"{self.hours:f}"

    @property
    def total_label(self) -> str:
        return f"{self.total:f}"


def three_terms(terms: list[TermDates], today: dt.date) -> tuple[TermDates | None, TermDates | None, TermDates | None]:
    """The previous, current and next terms around `today`; in a holiday the current term is the one just ended."""
    index = None
    for position, term in enumerate(terms):
        if term.starts_on <= today:
            index = position
    if index is None:
        return None, None, terms[0] if terms else None
    previous = terms[index - 1] if index > 0 else None
    following = terms[index + 1] if index + 1 < len(terms) else None
    return previous, terms[index], following


@dataclass
class PupilProvision:
    """A pupil's costed provision map over three terms, and their planned interventions against delivery."""

    terms: list[CostedTerm]
    planned: list[PlannedRow]


_TERMS_SQL = """
SELECT t.name, y.start_year, t.starts_on, t.ends_on
  FROM schools_term t JOIN schools_academicyear y ON y.id = t.academic_year_id
 WHERE t.school_id = %(school)s
 ORDER BY t.starts_on
"""

# The pupil's sessions in the previous and current terms (0 and 1), by group: sessions on the roll, attended,
# minutes attended and the pupil's share of the cost (lib.costs split rule), with the group's sessions a week.
# Index: the pupil's attendance (pupil, session).
_LOGGED_SQL = f"""
SELECT CASE WHEN se.held_on <= %(previous_end)s THEN 0 ELSE 1 END, g.name, i.name, i.area, g.staff_role,
       g.minutes_per_session, COUNT(*), SUM(CASE WHEN a.present THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.present THEN se.minutes ELSE 0 END), SUM({_SHARE_SQL}),
       (SELECT COUNT(*) FROM provision_timetableslot sl WHERE sl.group_id = g.id)
  FROM provision_attendance a
  JOIN provision_session se ON se.id = a.session_id
  JOIN provision_interventiongroup g ON g.id = se.group_id
  JOIN provision_intervention i ON i.id = g.intervention_id
 WHERE a.pupil_id = %(pupil)s
   AND ((se.held_on >= %(previous_start)s AND se.held_on <= %(previous_end)s)
        OR (se.held_on >= %(current_start)s AND se.held_on <= %(current_end)s))
 GROUP BY CASE WHEN se.held_on <= %(previous_end)s THEN 0 ELSE 1 END, g.id, g.name, i.name, i.area, g.staff_role,
          g.minutes_per_session
 ORDER BY 1, i.name, g.name
"""  # noqa: S608 - fixed SQL

# The pupil's places still open in the next term, with their group's timetable and today's rate for the role
# that runs it (at most one open rate a role: staff_rate_one_open_per_role). Index: the pupil's places.
_PLACES_SQL = """
SELECT pl.started_on, pl.ended_on, g.name, g.starts_on, g.ends_on, g.staff_role, g.minutes_per_session, g.capacity,
       i.name, i.area, i.fixed_cost_per_term,
       (SELECT COUNT(*) FROM provision_timetableslot sl WHERE sl.group_id = g.id),
       (SELECT r.hourly_cost FROM provision_staffrate r
         WHERE r.school_id = %(school)s AND r.role = g.staff_role AND r.ended_on IS NULL)
  FROM provision_place pl
  JOIN provision_interventiongroup g ON g.id = pl.group_id
  JOIN provision_intervention i ON i.id = g.intervention_id
 WHERE pl.pupil_id = %(pupil)s AND pl.started_on <= %(end)s AND (pl.ended_on IS NULL OR pl.ended_on > %(start)s)
   AND (g.ends_on IS NULL OR g.ends_on > %(start)s)
 ORDER BY pl.started_on, pl.id
"""


def attended_sessions_sql(*, planned: str, pupil: str, until: str) -> str:
    """SQL counting the sessions a planned intervention's pupil attended from its start to `until`: in its group,
    or in any group of its intervention when no group is set. The rule lives here once, for the pupil's costed
    map and the work queue. `planned` names the plannedprovision row in the outer query, `pupil` is an SQL
    expression of the pupil's id, and `until` the placeholder of the last day."""
    return f"""CASE WHEN {planned}.group_id IS NOT NULL THEN
       (SELECT COUNT(*) FROM provision_attendance a JOIN provision_session se ON se.id = a.session_id
         WHERE a.pupil_id = {pupil} AND a.present AND se.group_id = {planned}.group_id
           AND se.held_on >= {planned}.starts_on AND se.held_on <= {until})
     WHEN {planned}.intervention_id IS NOT NULL THEN
       (SELECT COUNT(*) FROM provision_attendance a JOIN provision_session se ON se.id = a.session_id
          JOIN provision_interventiongroup g ON g.id = se.group_id
         WHERE a.pupil_id = {pupil} AND a.present AND g.intervention_id = {planned}.intervention_id
           AND se.held_on >= {planned}.starts_on AND se.held_on <= {until})
     ELSE 0 END"""  # noqa: S608 - names and a placeholder from this module's callers, never input


_ATTENDED = attended_sessions_sql(planned="pp", pupil="c.pupil_id", until="%(today)s")

# Everything on the pupil's plans in practice or closed that the map and "planned against delivered" use: the
# catalogue item with today's rate for its role, and the sessions attended from the start of the provision to
# today, in its group, or in any group of its intervention when no group is set. Index: the pupil's cycles.
_PLANNED_SQL = f"""
SELECT pp.id, pp.kind, pp.description, pp.sessions_per_week, pp.minutes_per_session, pp.starts_on, pp.ends_on,
       c.state, c.closed_on, i.kind, i.name, i.area, i.staff_role, i.sessions_per_week, i.minutes_per_session,
       i.group_size, i.fixed_cost_per_term,
       (SELECT r.hourly_cost FROM provision_staffrate r
         WHERE r.school_id = %(school)s AND r.role = i.staff_role AND r.ended_on IS NULL),
       {_ATTENDED}
  FROM plans_plannedprovision pp
  JOIN plans_supportcycle c ON c.id = pp.cycle_id
  LEFT JOIN provision_intervention i ON i.id = pp.intervention_id
 WHERE c.pupil_id = %(pupil)s AND pp.archived_at IS NULL AND c.state IN (%(do)s, %(review)s, %(closed)s)
 ORDER BY pp.starts_on, pp.id
"""  # noqa: S608 - fixed SQL and a fixed fragment


class _Planned(NamedTuple):
    pk: int
    kind: str
    description: str
    sessions_per_week: int | None
    minutes_per_session: int | None
    starts_on: dt.date
    ends_on: dt.date | None
    cycle_state: str
    cycle_closed_on: dt.date | None
    item_kind: str | None  # the catalogue item's, when there is one
    item_name: str
    item_area: str
    item_role: str
    item_sessions_per_week: int
    item_minutes: int
    item_group_size: int
    item_fixed_cost: Decimal
    rate: Decimal
    attended: int


def pupil_provision(*, pupil: Pupil, today: dt.date) -> PupilProvision:
    """The pupil's costed map over three terms (see pupil_costed_map) and their planned interventions against the
    sessions attended (see planned_against_delivered). Four queries whatever the pupil's provision: the school's
    terms, the sessions logged in the previous and current terms, the places open into the next term, and the
    provision on the pupil's plans."""
    from plans.models import CycleState

    terms = [
        TermDates(f"{_TERM_NAMES[name]} {academic_year_label(start_year)}", rawsql.day(starts_on), rawsql.day(ends_on))
        for name, start_year, starts_on, ends_on in rawsql.select(Term, _TERMS_SQL, {"school": pupil.school_id})
    ]
    previous, current, following = three_terms(terms, today)
    term_ranges = [(term.starts_on, term.ends_on) for term in terms]
    logged: dict[int, list[CostedLine]] = {0: [], 1: []}
    if current is not None:
        no_term = (dt.date.max, dt.date.min)  # no previous term: a span nothing falls in
        for (
            which,
            group,
            name,
            area,
            role,
            minutes,
            sessions,
            attended,
            attended_minutes,
            cost,
            per_week,
        ) in rawsql.select(
            Attendance,
            _LOGGED_SQL,
            {
                "pupil": pupil.pk,
                "previous_start": previous.starts_on if previous else no_term[0],
                "previous_end": previous.ends_on if previous else no_term[1],
                "current_start": current.starts_on,
                "current_end": current.ends_on,
            },
        ):
            logged[which].append(
                CostedLine(
                    provision=name,
                    area=area,
                    delivered_by=StaffRole(role).label,
                    group=group,
                    sessions_per_week=per_week,
                    minutes=minutes,
                    sessions=sessions,
                    attended=attended,
                    hours=(Decimal(attended_minutes) / 60).quantize(Decimal("0.1")),
                    cost=_money(cost),
                    projected=False,
                )
            )
    result = [
        CostedTerm(term=term, label=label, lines=logged[which] if term is not None else [])
        for which, term, label in ((0, previous, "Previous term"), (1, current, "This term"))
    ]
    result.append(
        CostedTerm(
            term=following,
            label="Next term (planned)",
            lines=_projected_lines(pupil, following, term_ranges) if following is not None else [],
        )
    )
    planned = [
        _Planned(
            pk=pk,
            kind=kind,
            description=description,
            sessions_per_week=per_week,
            minutes_per_session=minutes,
            starts_on=rawsql.day(starts_on),
            ends_on=rawsql.day(ends_on) if ends_on is not None else None,
            cycle_state=state,
            cycle_closed_on=rawsql.day(closed_on) if closed_on is not None else None,
            item_kind=item_kind,
            item_name=item_name,
            item_area=item_area,
            item_role=item_role,
            item_sessions_per_week=item_per_week,
            item_minutes=item_minutes,
            item_group_size=group_size,
            item_fixed_cost=rawsql.pence(fixed_cost) if fixed_cost is not None else Decimal(0),
            rate=rawsql.pence(rate) if rate is not None else Decimal(0),
            attended=attended,
        )
        for (
            pk,
            kind,
            description,
            per_week,
            minutes,
            starts_on,
            ends_on,
            state,
            closed_on,
            item_kind,
            item_name,
            item_area,
            item_role,
            item_per_week,
            item_minutes,
            group_size,
            fixed_cost,
            rate,
            attended,
        ) in rawsql.select(
            Attendance,
            _PLANNED_SQL,
            {
                "pupil": pupil.pk,
                "school": pupil.school_id,
                "today": today,
                "do": CycleState.DO.value,
                "review": CycleState.REVIEW.value,
                "closed": CycleState.CLOSED.value,
            },
        )
    ]
    _add_planned_catalogue_lines(planned=planned, costed=result, term_ranges=term_ranges)
    return PupilProvision(terms=result, planned=_planned_rows(planned, term_ranges, today))


def _projected_lines(pupil: Pupil, term: TermDates, term_ranges: list[tuple[dt.date, dt.date]]) -> list[CostedLine]:
    """The next term, projected from the places still open: the group's timetable over the school days of the
    term, at today's rate, split between the group's places."""
    lines = []
    for (
        place_starts,
        place_ends,
        group,
        group_starts,
        group_ends,
        role,
        minutes,
        capacity,
        name,
        area,
        fixed_cost,
        per_week,
        rate,
    ) in rawsql.select(
        Place, _PLACES_SQL, {"pupil": pupil.pk, "school": pupil.school_id, "start": term.starts_on, "end": term.ends_on}
    ):
        start = max(term.starts_on, rawsql.day(place_starts), rawsql.day(group_starts))
        ends = [term.ends_on]
        for limit in (place_ends, group_ends):
            if limit is not None:
                ends.append(rawsql.day(limit) - dt.timedelta(days=1))
        days = costs.school_days(
            start=start, end=min(ends), terms=term_ranges, closed=bank_holidays_between(start, min(ends))
        )
        sessions = costs.planned_sessions(sessions_per_week=per_week, school_day_count=days)
        cost = costs.planned_cost_per_pupil(
            sessions=sessions,
            minutes=minutes,
            hourly_rate=rawsql.pence(rate) if rate is not None else Decimal(0),
            fixed_per_term=rawsql.pence(fixed_cost),
            sessions_per_week=max(1, per_week),
            group_size=capacity,
        )
        lines.append(
            CostedLine(
                provision=name,
                area=area,
                delivered_by=StaffRole(role).label,
                group=group,
                sessions_per_week=per_week,
                minutes=minutes,
                sessions=sessions,
                attended=None,
                hours=(Decimal(sessions * minutes) / 60).quantize(Decimal("0.1")),
                cost=cost,
                projected=True,
            )
        )
    return lines


def pupil_costed_map(*, pupil: Pupil, today: dt.date) -> list[CostedTerm]:
    """The pupil's provision in the previous, current and next terms, with hours and the pupil's share of costs.

    Past and current terms are what was logged: sessions while the pupil was on the roll, attended, the hours
    attended and the pupil's share of each delivered session (lib.costs split rule). The next term is projected
    from the places still open (the group's timetable over the school days of the term, at today's rate, split
    between the group's places). In-class support and resources from the catalogue on the pupil's plans are
    planned figures in every term they cover.
    """
    return pupil_provision(pupil=pupil, today=today).terms


# Catalogue items that are not run as groups: their cost comes from the plan, not from logged sessions.
UNGROUPED_KINDS = ("in_class", "resource")


def _add_planned_catalogue_lines(
    *, planned: list[_Planned], costed: list[CostedTerm], term_ranges: list[tuple[dt.date, dt.date]]
) -> None:
    """In-class adjustments and resources from the catalogue on the pupil's plans, in every term they cover:
    the planned staff time at the role's rate, shared by the intervention's usual group size, plus the fixed
    costs per term. Nothing is logged for them, so they are planned figures in every term."""
    terms = [entry.term for entry in costed if entry.term is not None]
    if not terms:
        return
    latest = max(term.ends_on for term in terms)
    items = [
        (InterventionKind(item.item_kind), item)
        for item in planned
        if item.item_kind in UNGROUPED_KINDS and item.starts_on <= latest
    ]
    for entry in costed:
        term = entry.term
        if term is None:
            continue
        for kind, item in items:
            last = min(filter(None, (item.ends_on, item.cycle_closed_on, term.ends_on)))
            start = max(item.starts_on, term.starts_on)
            if start > last:
                continue
            resource = kind == InterventionKind.RESOURCE  # fixed costs only, no staff time
            per_week = 0 if resource else item.sessions_per_week or item.item_sessions_per_week
            minutes = 0 if resource else item.minutes_per_session or item.item_minutes
            days = costs.school_days(
                start=start, end=last, terms=term_ranges, closed=bank_holidays_between(start, last)
            )
            sessions = costs.planned_sessions(sessions_per_week=per_week, school_day_count=days)
            staff = costs.planned_cost_per_pupil(
                sessions=sessions,
                minutes=minutes,
                hourly_rate=item.rate,
                fixed_per_term=Decimal(0),
                sessions_per_week=max(1, per_week),
                group_size=max(1, item.item_group_size),
            )
            entry.lines.append(
                CostedLine(
                    provision=item.item_name,
                    area=item.item_area,
                    delivered_by=StaffRole(item.item_role).label,
                    group=kind.label,
                    sessions_per_week=per_week,
                    minutes=minutes,
                    sessions=sessions,
                    attended=None,
                    hours=(Decimal(sessions * minutes) / 60).quantize(Decimal("0.1")),
                    cost=_money(staff + item.item_fixed_cost),
                    projected=True,
                )
            )


# --- Planned against delivered, and impact beside outcomes ---------------------------------------------------


def attended_sessions(today: dt.date) -> RawSQL:
    """attended_sessions_sql() as an annotation of a PlannedProvision queryset, counting up to `today`. It names
    the outer table as the ORM does (plans_plannedprovision): use it on a plain PlannedProvision queryset, not
    inside a subquery or a self-join, where the ORM would alias the table."""
    sql = attended_sessions_sql(
        planned="plans_plannedprovision",
        pupil="(SELECT c.pupil_id FROM plans_supportcycle c WHERE c.id = plans_plannedprovision.cycle_id)",
        until="%s",
    )
    return RawSQL(sql, [today, today], output_field=IntegerField())  # noqa: S611 - fixed SQL


@dataclass
class PlannedRow:
    """A planned intervention: sessions planned to date against sessions attended."""

    pk: int
    description: str
    sessions_per_week: int
    starts_on: dt.date
    planned_sessions: int
    attended: int

    @property
    def shortfall(self) -> int:
        return max(0, self.planned_sessions - self.attended)

    @property
    def flagged(self) -> bool:
        return short_of_plan(planned=self.planned_sessions, attended=self.attended)


def short_of_plan(*, planned: int, attended: int) -> bool:
    """An intervention is short of plan when fewer than four in five of the sessions planned so far were attended."""
    return planned > 0 and Decimal(attended) < planned * SHORTFALL_SHARE


def planned_sessions_to_date(
    *,
    starts_on: dt.date,
    ends_on: dt.date | None,
    sessions_per_week: int,
    terms: Sequence[tuple[dt.date, dt.date]],
    today: dt.date,
) -> int:
    """Sessions a week over the school days (the school's terms) from the start to today or the end."""
    end = min(today, ends_on) if ends_on else today
    days = costs.school_days(start=starts_on, end=end, terms=terms, closed=bank_holidays_between(starts_on, end))
    return costs.planned_sessions(sessions_per_week=sessions_per_week, school_day_count=days)


def _planned_rows(planned: list[_Planned], terms: list[tuple[dt.date, dt.date]], today: dt.date) -> list[PlannedRow]:
    """The rows of planned_against_delivered, from the provision pupil_provision read."""
    from plans.models import PlannedProvision

    return [
        PlannedRow(
            pk=item.pk,
            description=item.description,
            sessions_per_week=item.sessions_per_week,
            starts_on=item.starts_on,
            planned_sessions=planned_sessions_to_date(
                starts_on=item.starts_on,
                ends_on=item.ends_on,
                sessions_per_week=item.sessions_per_week,
                terms=terms,
                today=today,
            ),
            attended=item.attended,
        )
        for item in planned
        if item.cycle_state in ACTIVE_CYCLE_STATES
        and item.kind == PlannedProvision.Kind.INTERVENTION
        and item.sessions_per_week is not None
        and item.starts_on <= today
    ]


def planned_against_delivered(*, pupil: Pupil, today: dt.date) -> list[PlannedRow]:
    """Each planned intervention on the pupil's open plans: sessions planned to date against sessions attended.

    Planned sessions are the plan's sessions a week over the school days (the school's terms) from its start to
    today or its end. Attended sessions are those in its group, or in any group of its intervention when no group
    is set, from its start to today.
    """
    return pupil_provision(pupil=pupil, today=today).planned


@dataclass
class PlannedImpact:
    group: InterventionGroup
    measure: str
    entry_score: Decimal | None
    entry_on: dt.date | None
    exit_score: Decimal | None
    exit_on: dt.date | None
    progress: Decimal | None
    ratio_gain: Decimal | None
    sessions_on_roll: int
    attended: int

    @property
    def summary(self) -> str:
        parts = [f"Attended {self.attended} of {self.sessions_on_roll} sessions"]
        if self.entry_score is not None:
            parts.append(f"{self.measure}: {self.entry_score:g} at entry")
        if self.exit_score is not None:
            parts.append(f"{self.exit_score:g} at exit")
        if self.progress is not None:
            parts.append(f"progress {self.progress:+g}")
        if self.ratio_gain is not None:
            parts.append(f"ratio gain {self.ratio_gain:g} ({impact.ratio_gain_band(self.ratio_gain).lower()})")
        return "; ".join(parts) + "."


def impact_for_cycle(*, cycle: SupportCycle) -> dict[int, PlannedImpact]:
    """For each planned intervention on the cycle (by PlannedProvision id), the pupil's measured impact in its
    group: entry, exit, progress, ratio gain where it applies, sessions attended. Three queries."""
    planned = list(
        cycle.provisions.filter(archived_at__isnull=True)
        .filter(Q(group__isnull=False) | Q(intervention__isnull=False))
        .values_list("pk", "group_id", "intervention_id")
    )
    if not planned:
        return {}
    places = list(
        Place.objects.filter(pupil_id=cycle.pupil_id)
        .filter(
            Q(group_id__in=[g for _, g, _ in planned if g])
            | Q(group__intervention_id__in=[i for _, _, i in planned if i])
        )
        .select_related("group__intervention")
        .order_by("-started_on", "-id")
    )
    counts = {
        row["session__group_id"]: row
        for row in Attendance.objects.filter(pupil_id=cycle.pupil_id, session__group__in={p.group_id for p in places})
        .values("session__group_id")
        .annotate(on_roll=Count("id"), attended=Count("id", filter=Q(present=True)))
        .order_by()
    }
    result: dict[int, PlannedImpact] = {}
    for pk, group_id, intervention_id in planned:
        place = next(
            (
                p
                for p in places
                if (group_id and p.group_id == group_id)
                or (not group_id and p.group.intervention_id == intervention_id)
            ),
            None,
        )
        if place is None:
            continue
        result[pk] = _place_impact(place, counts.get(place.group_id, {}))
    return result


def _place_impact(place: Place, count: dict[str, Any]) -> PlannedImpact:
    intervention = place.group.intervention
    progress = None
    ratio = None
    if place.entry_score is not None and place.exit_score is not None:
        progress = impact.progress(
            entry=place.entry_score, exit=place.exit_score, higher_is_better=intervention.improves_upwards
        )
        if intervention.measure == Measure.READING_AGE and place.entry_on and place.exit_on:
            ratio = impact.ratio_gain(
                entry_months=place.entry_score,
                exit_months=place.exit_score,
                entry_on=place.entry_on,
                exit_on=place.exit_on,
            )
    return PlannedImpact(
        group=place.group,
        measure=intervention.measure_name,
        entry_score=place.entry_score,
        entry_on=place.entry_on,
        exit_score=place.exit_score,
        exit_on=place.exit_on,
        progress=progress,
        ratio_gain=ratio,
        sessions_on_roll=count.get("on_roll", 0),
        attended=count.get("attended", 0),
    )


def impact_for_planned(*, planned: PlannedProvision) -> PlannedImpact | None:
    """The measured impact for one planned intervention (see impact_for_cycle); None before the pupil has a place."""
    return impact_for_cycle(cycle=planned.cycle).get(planned.pk)


def pupils_for_places(*, group: InterventionGroup, today: dt.date) -> QuerySet[Pupil]:
    """Pupils who could be given a place: on the register at the group's school, without an open place in it."""
    return (
        Pupil.objects.filter(school_id=group.school_id, archived_at__isnull=True, sen_status__in=("K", "E"))
        .exclude(intervention_places__group=group, intervention_places__ended_on__isnull=True)
        .order_by("year_group", "legal_surname", "legal_forename")
    )
