from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine

TODAY = dt.date(2025, 11, 12)  # a Wednesday in the cast's autumn term


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[dt.date]:
    """Freeze the clock before the cast is built (autouse fixtures run first), so every date is fixed."""
    with time_machine.travel(
        dt.datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        yield TODAY
