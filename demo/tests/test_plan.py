"""Planning a demo of any size, and term dates: pure functions, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from demo.generator import DEMO_PUPILS, DEMO_SCHOOLS, plan_demo, term_dates
from lib.upn import make_upn, normalise_upn


def test_the_default_plan_is_the_demo_trust():
    plan = plan_demo()
    assert [s.name for s in plan.schools] == [s[0] for s in DEMO_SCHOOLS]
    assert plan.pupils == DEMO_PUPILS == 1850
    assert len(plan.las) == 1
    assert len(plan.trusts) == 1


def test_a_small_total_shrinks_the_four_demo_schools():
    plan = plan_demo(pupils=200)
    assert len(plan.schools) == 4
    assert plan.pupils == 200


def test_a_large_plan_adds_schools_of_about_300_pupils_in_more_las_and_trusts():
    plan = plan_demo(pupils=300_000)
    assert plan.pupils == 300_000
    assert [s.name for s in plan.schools[:4]] == [s[0] for s in DEMO_SCHOOLS]
    assert 250 <= plan.pupils / len(plan.schools) <= 400
    assert len(plan.las) > 10
    assert len(plan.trusts) > 20
    assert any(s.trust is None for s in plan.schools)  # maintained schools too
    academies = [s for s in plan.schools if s.trust is not None]
    assert len(academies) / len(plan.trusts) >= 4  # trusts of several schools, not one each
    urns = [s.urn for s in plan.schools]
    assert len(set(urns)) == len(urns)
    assert all(100000 <= urn <= 999999 for urn in urns)
    laestabs = [(s.la, s.estab) for s in plan.schools]
    assert len(set(laestabs)) == len(laestabs)
    assert all(1000 <= s.estab <= 9999 for s in plan.schools)
    for la in plan.las:
        upn = make_upn(la_code=int(la.code), establishment=2001, year=2020, serial=1)
        assert normalise_upn(upn) == upn
    assert all(plan.trusts[s.trust].name for s in plan.schools if s.trust is not None)


def test_the_plan_depends_only_on_the_seed():
    assert plan_demo(pupils=20_000, seed=1) == plan_demo(pupils=20_000, seed=1)
    assert plan_demo(pupils=20_000, seed=1) != plan_demo(pupils=20_000, seed=2)


@pytest.mark.parametrize("pupils", [0, 39, 3_000_001])
def test_a_total_out_of_range_is_refused(pupils):
    with pytest.raises(ValueError, match="between"):
        plan_demo(pupils=pupils)


@pytest.mark.parametrize("start_year", range(2020, 2031))
@pytest.mark.parametrize("shift", [0, 1, 2])
def test_term_dates_look_like_an_english_school_year(start_year, shift):
    (autumn, a_start, a_end), (spring, s_start, s_end), (summer, u_start, u_end) = term_dates(start_year, shift)
    assert (autumn, spring, summer) == ("autumn", "spring", "summer")
    for day in (a_start, a_end, s_start, s_end, u_start, u_end):
        assert day.weekday() < 5
    assert dt.date(start_year, 9, 2) <= a_start <= dt.date(start_year, 9, 8)
    assert dt.date(start_year, 12, 15) <= a_end <= dt.date(start_year, 12, 21)
    assert dt.date(start_year + 1, 1, 4) <= s_start <= dt.date(start_year + 1, 1, 12)
    assert dt.date(start_year + 1, 3, 27) <= s_end <= dt.date(start_year + 1, 4, 5)
    assert dt.date(start_year + 1, 4, 6) <= u_start <= dt.date(start_year + 1, 4, 22)
    assert dt.date(start_year + 1, 7, 17) <= u_end <= dt.date(start_year + 1, 7, 23)
