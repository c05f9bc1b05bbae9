"""opensend.templatetags.dates.date answers exactly as Django's date filter, and is the `date` in templates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template import Context, Template, defaultfilters
from django.utils import timezone, translation

from opensend.templatetags.dates import date

# Every format a template passes to |date, read from the templates themselves, and some that are not written out.
_TEMPLATE_FORMATS = sorted(
    {
        found
        for pattern in ("templates/**/*.html", "*/templates/**/*.html")
        for path in Path(settings.BASE_DIR).glob(pattern)
        for found in re.findall(r'\|date:"([^"]*)"', path.read_text())
    }
)
_OTHER_FORMATS = ["d/m/Y", "D j M", "jS F", r"\j\Y j Y", "N j, Y", "", "Y-m-d H:i:s", "F", "!? j", "SHORT_DATE_FORMAT"]
_DAYS = [dt.date(2023, 1, 1) + dt.timedelta(days=offset) for offset in range(0, 4 * 366, 1)] + [
    dt.date(1, 1, 1),
    dt.date(9999, 12, 31),
]
_TIMES = [dt.time(0, 0), dt.time(0, 5, 9), dt.time(9, 30), dt.time(12, 0, 59), dt.time(23, 59, 59, 999999)]


def test_the_templates_use_formats_written_out() -> None:
    assert {"j F Y", "j M Y", "l j F Y", "j M Y H:i"} <= set(_TEMPLATE_FORMATS)


@pytest.mark.parametrize("arg", _TEMPLATE_FORMATS + _OTHER_FORMATS)
def test_dates_format_as_django_formats_them(arg: str) -> None:
    for day in _DAYS:
        try:
            expected = defaultfilters.date(day, arg)
        except TypeError:  # a time letter for a date: Django refuses, and so does this filter
            with pytest.raises(TypeError):
                date(day, arg)
            continue
        assert date(day, arg) == expected, (day, arg)


@pytest.mark.parametrize("arg", _TEMPLATE_FORMATS + _OTHER_FORMATS)
def test_datetimes_format_as_django_formats_them(arg: str) -> None:
    for day in _DAYS[::7]:
        for time in _TIMES:
            moment = timezone.localtime(dt.datetime.combine(day, time, tzinfo=dt.UTC))
            assert date(moment, arg) == defaultfilters.date(moment, arg), (moment, arg)
            naive = dt.datetime.combine(day, time)
            assert date(naive, arg) == defaultfilters.date(naive, arg), (naive, arg)


@pytest.mark.parametrize("value", [None, "", "2025-01-01", 20250101, object()])
def test_other_values_answer_as_django_answers(value: Any) -> None:
    assert date(value, "j F Y") == defaultfilters.date(value, "j F Y")
    assert date(value) == defaultfilters.date(value)


def test_names_follow_the_active_language() -> None:
    day = dt.date(2025, 3, 14)
    with translation.override("fr"):
        assert date(day, "l j F Y") == defaultfilters.date(day, "l j F Y")
        assert date(day, "j M Y") == defaultfilters.date(day, "j M Y")
    assert date(day, "l j F Y") == "Friday 14 March 2025"


def test_templates_use_this_filter_with_local_time() -> None:
    # 23:30 UTC on 31 March 2025 is 00:30 on 1 April in London (summer time): the filter gets local time.
    moment = dt.datetime(2025, 3, 31, 23, 30, tzinfo=dt.UTC)
    rendered = Template('{{ moment|date:"j M Y H:i" }} {{ day|date:"l j F Y" }}').render(
        Context({"moment": moment, "day": dt.date(2025, 4, 1)})
    )
    assert rendered == "1 Apr 2025 00:30 Tuesday 1 April 2025"
    assert Template("").engine.template_builtins[-1].filters["date"] is date
