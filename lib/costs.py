"""Cost arithmetic for provision, as pure functions over plain values (money as Decimal, rounded to the penny).

The cost model (DOMAIN.md, "Provision map"): staff time at the hourly rate of the role that delivers the session,
plus the intervention's fixed costs a term (licences, materials, training) spread over the sessions planned in
a term. A session that is not delivered costs nothing: the staff time went elsewhere, and the fixed costs are
carried by the sessions that did happen, so a term's cost follows what was delivered.

The split rule: a session's cost is shared equally between the pupils **on the group's roll** that day,
present or absent. A place is held for a pupil whether or not they come, and a pupil's absence does not make
the session cheaper for the others; splitting among those present would make a pupil's provision look more
expensive the more often the others are away. A one-to-one session costs its one pupil the whole session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
# Planned sessions in a term, for spreading fixed costs: 39 school weeks a year in three terms.
WEEKS_PER_TERM = 13
MINUTES_PER_HOUR = 60


def money(value: Decimal | int) -> Decimal:
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def staff_cost(*, minutes: int, hourly_rate: Decimal) -> Decimal:
    """The cost of `minutes` of one member of staff's time at `hourly_rate`."""
    if minutes < 0:
        raise ValueError("Minutes cannot be negative.")
    if hourly_rate < 0:
        raise ValueError("An hourly rate cannot be negative.")
    return money(Decimal(minutes) * hourly_rate / MINUTES_PER_HOUR)


def fixed_cost_per_session(*, fixed_per_term: Decimal, sessions_per_week: int) -> Decimal:
    """A term's fixed costs spread over the sessions planned in a term (sessions a week times 13 weeks)."""
    if sessions_per_week < 1:
        raise ValueError("A group meets at least once a week.")
    return money(fixed_per_term / (sessions_per_week * WEEKS_PER_TERM))


def session_cost(*, minutes: int, hourly_rate: Decimal, fixed_per_term: Decimal, sessions_per_week: int) -> Decimal:
    """What one delivered session costs: staff time plus its share of the term's fixed costs. Zero minutes
    means the session was not delivered, which costs nothing (see the module docstring)."""
    if minutes == 0:
        return money(0)
    return staff_cost(minutes=minutes, hourly_rate=hourly_rate) + fixed_cost_per_session(
        fixed_per_term=fixed_per_term, sessions_per_week=sessions_per_week
    )


def share_per_pupil(*, cost: Decimal, on_roll: int) -> Decimal:
    """One pupil's share of a session: the cost split equally between the pupils on the roll that day."""
    if on_roll < 1:
        raise ValueError("A session's cost is shared between at least one pupil.")
    return money(cost / on_roll)


def total(amounts: Iterable[Decimal]) -> Decimal:
    return money(sum(amounts, Decimal(0)))


def school_days(
    *,
    start: dt.date,
    end: dt.date,
    terms: Iterable[tuple[dt.date, dt.date]],
    closed: Collection[dt.date] = (),
) -> int:
    """Weekdays from `start` to `end` (both included) that fall inside one of the terms (first and last day
    included), less the `closed` days (bank holidays) among them.

    INSET days inside a term are counted: they vary by school and the difference is small beside the
    uncertainty of a plan.
    """
    days = 0
    for term_start, term_end in terms:
        low, high = max(start, term_start), min(end, term_end)
        if low > high:
            continue
        whole_weeks, rest = divmod((high - low).days + 1, 7)
        days += whole_weeks * 5
        for offset in range(rest):
            if (low + dt.timedelta(days=whole_weeks * 7 + offset)).weekday() < 5:
                days += 1
        days -= sum(1 for day in closed if low <= day <= high and day.weekday() < 5)
    return days


def planned_sessions(*, sessions_per_week: int, school_day_count: int) -> int:
    """Sessions a plan promises over `school_day_count` school days, rounded down to whole sessions."""
    if sessions_per_week < 0 or school_day_count < 0:
        raise ValueError("Sessions a week and school days cannot be negative.")
    return (sessions_per_week * school_day_count) // 5


def planned_cost_per_pupil(
    *,
    sessions: int,
    minutes: int,
    hourly_rate: Decimal,
    fixed_per_term: Decimal,
    sessions_per_week: int,
    group_size: int,
) -> Decimal:
    """The projected cost to one pupil of `sessions` sessions in a group of `group_size` (for next term's map)."""
    if sessions < 0:
        raise ValueError("Sessions cannot be negative.")
    if sessions == 0 or minutes == 0:
        return money(0)
    per_session = session_cost(
        minutes=minutes, hourly_rate=hourly_rate, fixed_per_term=fixed_per_term, sessions_per_week=sessions_per_week
    )
    return money(share_per_pupil(cost=per_session, on_roll=group_size) * sessions)
