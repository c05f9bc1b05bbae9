"""The `date` filter, answering exactly as Django's does, written out for the formats OpenSEND's templates use.

Why: Django's filter builds a formatter, splits the format with a regular expression and looks each month and day
name up through the translation machinery on every call, about 25 microseconds each; a support cycle or a pupil's
record shows dozens of dates. This one is loaded as a template builtin after Django's own (settings.TEMPLATES), so
`{{ day|date:"j F Y" }}` in every template comes here. A format made only of the letters below (day, month, year,
hour, minute, second) and other characters that are not format letters is written out directly, with the names of
the active language, read once per language; anything else (a named format such as "DATETIME_FORMAT", an escaped
letter, time zone letters, a value that is not a date) goes to Django's filter. opensend/tests/test_dates.py
compares the two for every format the templates use, over every day of several years and times of day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.template import Library, defaultfilters
from django.utils import translation
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS

register = Library()

_Part = Callable[[dt.date, "_Names"], str]

# Django's format letters (django.utils.dateformat.re_formatchars): any of them not written out below, or a
# backslash escaping one, sends the format to Django's filter.
_FORMAT_LETTERS = frozenset("aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ")
_TIME_LETTERS = frozenset("His")


class _Names:
    """Month and weekday names in one language, as dateformat reads them."""

    def __init__(self) -> None:
        self.months = {number: str(name) for number, name in MONTHS.items()}
        self.months_3 = {number: str(name).title() for number, name in MONTHS_3.items()}
        self.weekdays = {number: str(name) for number, name in WEEKDAYS.items()}


_PARTS: dict[str, _Part] = {
    "j": lambda day, names: str(day.day),
    "d": lambda day, names: f"{day.day:02d}",
    "F": lambda day, names: names.months[day.month],
    "M": lambda day, names: names.months_3[day.month],
    "l": lambda day, names: names.weekdays[day.weekday()],
    "Y": lambda day, names: f"{day.year:04d}",
    "H": lambda day, names: f"{day.hour:02d}",  # type: ignore[attr-defined]  # datetimes only: see _plan
    "i": lambda day, names: f"{day.minute:02d}",  # type: ignore[attr-defined]
    "s": lambda day, names: f"{day.second:02d}",  # type: ignore[attr-defined]
}

_names: dict[str | None, _Names] = {}
# A format's pieces (a letter's part, or literal text), or None for a format Django's filter must answer.
_plans: dict[str, tuple[_Part | str, ...] | None] = {}


def _plan(arg: str) -> tuple[_Part | str, ...] | None:
    if arg in _plans:
        return _plans[arg]
    pieces: list[_Part | str] = []
    plan: tuple[_Part | str, ...] | None = None
    if "\\" not in arg and arg:
        for piece in re.split(r"([A-Za-z])", arg):
            if piece in _PARTS:
                pieces.append(_PARTS[piece])
            elif piece in _FORMAT_LETTERS:
                break
            elif piece:
                pieces.append(piece)
        else:
            plan = tuple(pieces)
    _plans[arg] = plan
    return plan


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """django.template.defaultfilters.date, faster for the formats OpenSEND uses."""
    if type(value) not in (dt.date, dt.datetime) or not isinstance(arg, str):
        return defaultfilters.date(value, arg)
    plan = _plan(arg)
    if plan is None or (type(value) is dt.date and any(letter in _TIME_LETTERS for letter in arg)):
        return defaultfilters.date(value, arg)
    language = translation.get_language()
    names = _names.get(language)
    if names is None:
        names = _names[language] = _Names()
    day: dt.date = value
    return "".join(piece if isinstance(piece, str) else piece(day, names) for piece in plan)
