"""Meetings with parents, term by term, as pure functions over dates.

Schools should meet the parents of a pupil on SEN support at least three times a year (SEND Code of Practice
6.65). OpenSEND checks it term by term: by the end of the autumn term at least one meeting, by the end of the spring
term two, by the end of the summer term three. A meeting in a holiday counts towards the next term's total, and a
second meeting in one term makes up for a term without one.

A pupil placed on SEN support during the year is expected to have had a meeting only in the terms whose last day
comes on or after the day support began: a term that ended before then asks nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lib.school_year import academic_year_start


@dataclass(frozen=True)
class TermWindow:
    """A term's first and last day (both included) and its name ("autumn", "spring", "summer")."""

    name: str
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class TermCheck:
    name: str
    starts_on: dt.date
    ends_on: dt.date
    held_in_term: int  # meetings from the day after the previous term ended to this term's last day
    held_by_end: int  # meetings in the year up to this term's last day
    required_by_end: int  # meetings expected by this term's last day
    # "met", "missed" (ended short), "open" (today is in it, or in the holiday before it), "upcoming",
    # or "not_required" (it ended before SEN support began)
    state: str

    @property
    def label(self) -> str:
        return self.name.capitalize()


@dataclass(frozen=True)
class MeetingCheck:
    terms: tuple[TermCheck, ...]
    held: int  # meetings held in the year so far
    required_now: int  # meetings expected by now: one for each counted term that has ended
    required_this_term: int  # meetings expected by the end of the current (or next) term
    required_year: int  # meetings expected by the end of the year

    @property
    def short(self) -> bool:
        """Fewer meetings than the terms that have ended ask for: the flag."""
        return self.held < self.required_now

    @property
    def due_this_term(self) -> bool:
        """Not yet short, but this term's meeting is still to be held."""
        return not self.short and self.held < self.required_this_term

    @property
    def missing(self) -> int:
        return max(self.required_now - self.held, 0)

    @property
    def missed_terms(self) -> tuple[str, ...]:
        return tuple(term.name for term in self.terms if term.state == "missed")


def meeting_check(
    *, terms: Sequence[TermWindow], meetings: Iterable[dt.date], today: dt.date, support_since: dt.date | None = None
) -> MeetingCheck:
    """How a pupil's meetings with parents this academic year compare with one a term.

    `terms` are the school's terms for the academic year containing `today`, in any order; `meetings` are the
    dates of meetings with parents (any year: those outside this year's terms, and any after today, are ignored);
    `support_since` is the day SEN support began, if during this year.
    """
    ordered = sorted(terms, key=lambda term: term.starts_on)
    if not ordered:
        return MeetingCheck(terms=(), held=0, required_now=0, required_this_term=0, required_year=0)
    year_start = dt.date(academic_year_start(ordered[0].starts_on), 9, 1)
    dates = sorted(day for day in meetings if year_start <= day <= today)
    checks: list[TermCheck] = []
    required = 0
    required_now = 0
    required_this_term = 0
    previous_end: dt.date | None = None
    for term in ordered:
        counted = support_since is None or support_since <= term.ends_on
        if counted:
            required += 1
        window_start = year_start if previous_end is None else previous_end + dt.timedelta(days=1)
        held_in_term = sum(1 for day in dates if window_start <= day <= term.ends_on)
        held_by_end = sum(1 for day in dates if day <= term.ends_on)
        if term.ends_on < today:
            state = "not_required" if not counted else "met" if held_by_end >= required else "missed"
            required_now = required
        elif window_start <= today:
            state = "open"
            required_this_term = required
        else:
            state = "upcoming"
        checks.append(
            TermCheck(
                name=term.name,
                starts_on=term.starts_on,
                ends_on=term.ends_on,
                held_in_term=held_in_term,
                held_by_end=held_by_end,
                required_by_end=required,
                state=state,
            )
        )
        previous_end = term.ends_on
    if not required_this_term:
        required_this_term = required_now
    return MeetingCheck(
        terms=tuple(checks),
        held=len(dates),
        required_now=required_now,
        required_this_term=required_this_term,
        required_year=required,
    )
