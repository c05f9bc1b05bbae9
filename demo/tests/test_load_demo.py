"""The load_demo command on its own database: scale, determinism, dates at the edges of the year, refusals."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from demo import plans_demo, provision_demo
from demo.generator import DEMO_PUPILS, DEMO_SCHOOLS, WRITE_ORDER, build_demo
from demo.tests.checks import assert_demo_invariants
from pupils.models import ProfileVersion, Pupil
from schools.models import LocalAuthority, School

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_more_pupils_builds_more_schools():
    call_command("load_demo", "--pupils", "3000", stdout=io.StringIO())
    assert Pupil.objects.count() == 3000
    assert School.objects.count() > 4
    assert School.objects.filter(name="Oakfield Primary School").exists()
    assert_demo_invariants()


def test_the_build_writes_in_bulk_not_row_by_row():
    with CaptureQueriesContext(connection) as queries:
        build_demo(pupils=3000)
    written: list[type[Model]] = [*WRITE_ORDER, *plans_demo.MODELS, *provision_demo.MODELS]
    rows = sum(model._default_manager.count() for model in written)
    assert rows > 20_000
    # One INSERT per batch (SQLite allows 999 parameters a statement, so a batch is a few dozen rows; more on PostgreSQL).
    assert len(queries) < rows / 50


def snapshot(seed: int, pupils: int = 300) -> tuple[list[Any], list[Any]]:
    """What the demo trust's schools hold in a demo built with `seed`, rolled back afterwards."""
    demo_schools = [school[4] for school in DEMO_SCHOOLS]
    with transaction.atomic():
        build_demo(pupils=pupils, seed=seed)
        in_trust = Pupil.objects.filter(school__urn__in=demo_schools).order_by("upn")
        rows = list(in_trust.values_list("upn", "legal_forename", "legal_surname", "sen_status", "uid"))
        profiles = list(
            ProfileVersion.objects.filter(pupil__in=in_trust)
            .order_by("pupil__upn", "number")
            .values_list("how_to_support", "named_adult", "created_by__email")
        )
        transaction.set_rollback(True)
    return rows, profiles


def test_the_same_seed_builds_the_same_demo():
    pupils, profiles = snapshot(7)
    assert (pupils, profiles) == snapshot(7)
    assert [row[1] for row in pupils] != [row[1] for row in snapshot(8)[0]]


def test_the_demo_trust_is_the_same_however_many_other_schools_are_built():
    assert snapshot(7, pupils=DEMO_PUPILS) == snapshot(7, pupils=DEMO_PUPILS + 900)


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 9, 1, 7, 30, tzinfo=LONDON),  # the first day of the academic year
        dt.datetime(2027, 1, 3, 12, 0, tzinfo=LONDON),  # a Sunday in the Christmas holidays
        dt.datetime(2027, 8, 31, 18, 0, tzinfo=LONDON),  # the last day of the academic year
    ],
)
def test_dates_stay_consistent_whatever_the_day(moment):
    with time_machine.travel(moment, tick=False):
        build_demo(pupils=600)
        assert_demo_invariants()


def test_refuses_a_database_that_already_has_other_schools():
    la = LocalAuthority.objects.create(code="873", name="Fenland Borough Council")
    School.objects.create(
        urn=123456, name="Real School", local_authority=la, establishment_number="2001", phase="primary"
    )
    with pytest.raises(CommandError, match="empty database"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Pupil.objects.exists()


def test_refuses_a_number_of_pupils_out_of_range():
    with pytest.raises(CommandError, match="between"):
        call_command("load_demo", "--pupils", "5", stdout=io.StringIO())
