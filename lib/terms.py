"""Term dates as pure functions: the checks a school's term dates must pass, and suggested dates for a new year.

A term runs from its first day to its last day, both included. Terms sit inside the academic year
(1 September to 31 August) in the order autumn, spring, summer, without overlapping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from lib.school_year import academic_year_label, academic_year_start

TERM_ORDER = ("autumn", "spring", "summer")

_MONDAY = 0
_FRIDAY = 4


def academic_year_bounds(start_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def short_date(day: dt.date) -> str:
    """As the "j M Y" date filter writes it (3 Nov 2025), for text prepared outside a template."""
    return f"{day.day} {day:%b %Y}"


def _on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def default_term_dates(start_year: int) -> dict[str, tuple[dt.date, dt.date]]:
    """Suggested dates, close to a typical English school year, for the school to change to its own.

    Easter moves the real spring and summer boundaries; the suggestion does not try to follow it.
    """
    following = start_year + 1
    return {
        "autumn": (
            _on_or_after(dt.date(start_year, 9, 1), _MONDAY),
            _on_or_before(dt.date(start_year, 12, 20), _FRIDAY),
        ),
        "spring": (_on_or_after(dt.date(following, 1, 5), _MONDAY), _on_or_before(dt.date(following, 3, 28), _FRIDAY)),
        "summer": (_on_or_after(dt.date(following, 4, 14), _MONDAY), _on_or_before(dt.date(following, 7, 22), _FRIDAY)),
    }


def term_date_errors(
    *,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    start_year: int,
    others: Mapping[str, tuple[dt.date, dt.date]],
) -> dict[str, str]:
    """What is wrong with these dates for the `name` term, by field ("starts_on", "ends_on"); empty when none.

    `others` holds the school's other terms in the same academic year, by name.
    """
    if name not in TERM_ORDER:
        raise ValueError(f"unknown term {name!r}")
    errors: dict[str, str] = {}
    year = academic_year_label(start_year)
    first_day, last_day = academic_year_bounds(start_year)
    if ends_on <= starts_on:
        errors["ends_on"] = f"The end date must be after the start date ({long_date(starts_on)})."
    if starts_on < first_day:
        errors["starts_on"] = (
            f"The {name} term must start on or after {long_date(first_day)}, the first day of the {year} academic year."
        )
    if ends_on > last_day:
        errors["ends_on"] = (
            f"The {name} term must end on or before {long_date(last_day)}, the last day of the {year} academic year."
        )
    if errors:
        return errors
    position = TERM_ORDER.index(name)
    for other in TERM_ORDER:
        if other == name or other not in others:
            continue
        other_start, other_end = others[other]
        if starts_on <= other_end and other_start <= ends_on:
            field = "starts_on" if starts_on >= other_start else "ends_on"
            errors.setdefault(
                field,
                f"These dates overlap the {other} term ({long_date(other_start)} to {long_date(other_end)}). "
                "Change them so the terms do not overlap.",
            )
    if errors:
        return errors
    earlier = [other for other in TERM_ORDER[:position] if other in others]
    later = [other for other in TERM_ORDER[position + 1 :] if other in others]
    if earlier and starts_on <= others[earlier[-1]][1]:
        previous_end = long_date(others[earlier[-1]][1])
        errors["starts_on"] = (
            f"The {name} term must come after the {earlier[-1]} term, which ends on {previous_end}. "
            f"Choose a start date after {previous_end}."
        )
    if later and ends_on >= others[later[0]][0]:
        next_start = long_date(others[later[0]][0])
        errors["ends_on"] = (
            f"The {name} term must come before the {later[0]} term, which starts on {next_start}. "
            f"Choose an end date before {next_start}."
        )
    return errors


def year_to_add(*, latest_start_year: int | None, today: dt.date) -> int | None:
    """The academic year (its start year) whose terms a school may add next: the year after its latest,
    or the current year if it has none. None when that would be more than one year ahead of today's year,
    because dates that far out are rarely published and would only need changing."""
    current = academic_year_start(today)
    candidate = current if latest_start_year is None else max(latest_start_year + 1, current)
    if candidate > current + 1:
        return None
    return candidate
