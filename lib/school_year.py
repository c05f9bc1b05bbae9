"""Academic years and national curriculum year groups, as pure functions."""

from __future__ import annotations

import datetime as dt

# Year groups in order, as the census records them.
YEAR_GROUPS = ("N1", "N2", "R", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14")
# Age on 31 August before the academic year starts, for each year group: Reception children are 4.
_AGE_AT_START = {group: index + 2 for index, group in enumerate(YEAR_GROUPS)}


def academic_year_start(on: dt.date) -> int:
    """The calendar year in which the academic year containing `on` began (years run 1 Sept - 31 Aug)."""
    return on.year if on.month >= 9 else on.year - 1


def academic_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def age_on(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def expected_year_group(born: dt.date, on: dt.date) -> str | None:
    """The chronological year group for a child born on `born`, in the academic year containing `on`.

    None when the child is younger than N1 or older than Year 14.
    """
    start = academic_year_start(on)
    age = age_on(born, dt.date(start, 8, 31))
    for group, group_age in _AGE_AT_START.items():
        if group_age == age:
            return group
    return None


def year_group_offset(year_group: str, born: dt.date, on: dt.date) -> int | None:
    """How many years the pupil is taught above (+) or below (-) their chronological year group."""
    expected = expected_year_group(born, on)
    if expected is None:
        return None
    return YEAR_GROUPS.index(year_group) - YEAR_GROUPS.index(expected)


def year_group_sort_key(year_group: str) -> int:
    return YEAR_GROUPS.index(year_group)
