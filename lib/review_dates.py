"""Review dates for a support cycle, as pure functions over dates.

A plan is reviewed typically 6 to 8 weeks after it starts, and at least termly (DOMAIN.md, "Support cycle";
Code of Practice 6.52). So the suggested date is six weeks on, moved to a school day, and never after the last
day of the term the plan starts in; a later date needs a reason (for example, a specialist's visit after
half term). Bank holidays are England's, from the `holidays` package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from functools import cache

import holidays

from lib.terms import long_date

DEFAULT_WEEKS = 6
DUE_SOON_DAYS = 14
_SATURDAY = 5


@cache
def _england(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holidays(years: Iterable[int]) -> frozenset[dt.date]:
    """England's bank holidays in these calendar years."""
    result: frozenset[dt.date] = frozenset()
    for year in years:
        result |= _england(year)
    return result


def bank_holidays_between(start: dt.date, end: dt.date) -> frozenset[dt.date]:
    """England's bank holidays in the calendar years from `start` to `end`."""
    return bank_holidays(range(start.year, max(start.year, end.year) + 1))


def bank_holidays_around(day: dt.date) -> frozenset[dt.date]:
    """Bank holidays in the calendar years a review starting on `day` could fall in."""
    return bank_holidays(range(day.year, day.year + 2))


def is_working_day(day: dt.date, closed: Collection[dt.date]) -> bool:
    return day.weekday() < _SATURDAY and day not in closed


def previous_working_day(day: dt.date, closed: Collection[dt.date]) -> dt.date:
    while not is_working_day(day, closed):
        day -= dt.timedelta(days=1)
    return day


def next_working_day(day: dt.date, closed: Collection[dt.date]) -> dt.date:
    while not is_working_day(day, closed):
        day += dt.timedelta(days=1)
    return day


def default_review_date(*, start: dt.date, term_end: dt.date | None, closed: Collection[dt.date]) -> dt.date:
    """Six weeks after the start, on a working day, and no later than the last working day of the term."""
    suggested = next_working_day(start + dt.timedelta(weeks=DEFAULT_WEEKS), closed)
    if term_end is not None and suggested > term_end:
        last = previous_working_day(term_end, closed)
        if last >= start:
            return last
        # The term has no working day left (a plan written on its last Saturday): the six weeks stand, and the
        # caller should have passed the next term's end (see review_term_day).
    return suggested


def review_term_day(start: dt.date, closed: Collection[dt.date]) -> dt.date:
    """The day whose term a review must fall in: the first working day from `start` (after a term's last school
    day, that is the next term)."""
    return next_working_day(start, closed)


def review_date_errors(
    *,
    start: dt.date,
    review: dt.date | None,
    term_end: dt.date | None,
    reason: str,
    closed: Collection[dt.date],
) -> dict[str, str]:
    """What is wrong with this review date, by field ("review_due_on", "review_date_reason"); empty when none."""
    if review is None:
        return {"review_due_on": "Enter the date the plan will be reviewed"}
    if review < start:
        return {"review_due_on": f"The review date must be on or after the day the cycle started, {long_date(start)}"}
    if not is_working_day(review, closed):
        what = "a bank holiday" if review in closed else f"a {review:%A}"
        return {"review_due_on": f"{long_date(review)} is {what}: choose a school day"}
    if term_end is not None and review > term_end and not reason.strip():
        return {
            "review_date_reason": (
                f"The review is after the end of term ({long_date(term_end)}): plans are reviewed at least termly, "
                "so give the reason for a later date, or choose an earlier one"
            )
        }
    return {}


def review_status(*, due: dt.date | None, today: dt.date, soon_days: int = DUE_SOON_DAYS) -> str:
    """'overdue' before today, 'due_soon' within `soon_days`, otherwise '' (or no date yet)."""
    if due is None:
        return ""
    if due < today:
        return "overdue"
    if due <= today + dt.timedelta(days=soon_days):
        return "due_soon"
    return ""
