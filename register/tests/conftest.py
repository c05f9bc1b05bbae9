from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine

from pupils.models import Pupil
from register.tests.factories import TODAY
from tests.cast import Cast


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[dt.date]:
    """Freeze the clock before the cast is built (autouse fixtures run first), so every date is fixed."""
    with time_machine.travel(
        dt.datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        yield TODAY


@pytest.fixture
def pupil(cast: Cast) -> Pupil:
    """The cast's pupil on SEN support (SLCN), in the teacher's class 4B, child of the parent."""
    assert cast.pupil is not None
    return cast.pupil


@pytest.fixture
def untaught_pupil(cast: Cast) -> Pupil:
    """The cast's pupil on SEN support (SEMH) in Year 6, whom the teacher does not teach."""
    assert cast.untaught_pupil is not None
    return cast.untaught_pupil
