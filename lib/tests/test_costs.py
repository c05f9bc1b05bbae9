from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lib.costs import (
    fixed_cost_per_session,
    money,
    planned_cost_per_pupil,
    planned_sessions,
    school_days,
    session_cost,
    share_per_pupil,
    staff_cost,
    total,
)

D = Decimal


def test_staff_cost_is_minutes_at_the_hourly_rate_to_the_penny():
    assert staff_cost(minutes=30, hourly_rate=D("18.50")) == D("9.25")
    assert staff_cost(minutes=20, hourly_rate=D("20.00")) == D("6.67")


def test_staff_cost_refuses_negative_minutes_and_rates():
    with pytest.raises(ValueError, match="Minutes"):
        staff_cost(minutes=-5, hourly_rate=D("20"))
    with pytest.raises(ValueError, match="rate"):
        staff_cost(minutes=5, hourly_rate=D("-1"))


def test_fixed_costs_are_spread_over_the_sessions_planned_in_a_term():
    # £260 a term, twice a week for 13 weeks: 26 sessions at £10.
    assert fixed_cost_per_session(fixed_per_term=D("260"), sessions_per_week=2) == D("10.00")
    with pytest.raises(ValueError, match="once a week"):
        fixed_cost_per_session(fixed_per_term=D("260"), sessions_per_week=0)


def test_a_session_costs_staff_time_plus_its_share_of_fixed_costs():
    assert session_cost(minutes=30, hourly_rate=D("20"), fixed_per_term=D("130"), sessions_per_week=1) == D("20.00")


def test_a_session_not_delivered_costs_nothing():
    assert session_cost(minutes=0, hourly_rate=D("20"), fixed_per_term=D("130"), sessions_per_week=1) == D("0.00")


def test_a_session_is_split_equally_between_the_pupils_on_roll():
    assert share_per_pupil(cost=D("20.00"), on_roll=4) == D("5.00")
    assert share_per_pupil(cost=D("10.00"), on_roll=3) == D("3.33")
    assert share_per_pupil(cost=D("10.00"), on_roll=1) == D("10.00")
    with pytest.raises(ValueError, match="at least one pupil"):
        share_per_pupil(cost=D("10"), on_roll=0)


def test_total_and_money_round_half_up():
    assert money(D("0.005")) == D("0.01")
    assert total([D("1.10"), D("2.205")]) == D("3.31")
    assert total([]) == D("0.00")


def test_school_days_count_weekdays_inside_terms_only():
    terms = [(dt.date(2025, 9, 1), dt.date(2025, 9, 12)), (dt.date(2025, 9, 22), dt.date(2025, 9, 26))]
    # 1-12 September 2025 is Monday to Friday twice (10 days); the half-term week is not counted; 22-26 is 5 days.
    assert school_days(start=dt.date(2025, 9, 1), end=dt.date(2025, 9, 30), terms=terms) == 15
    # From Wednesday 3rd: 8 days in the first term.
    assert school_days(start=dt.date(2025, 9, 3), end=dt.date(2025, 9, 19), terms=terms) == 8
    assert school_days(start=dt.date(2025, 10, 1), end=dt.date(2025, 10, 30), terms=terms) == 0


def test_planned_sessions_round_down_to_whole_sessions():
    assert planned_sessions(sessions_per_week=3, school_day_count=10) == 6
    assert planned_sessions(sessions_per_week=2, school_day_count=7) == 2
    with pytest.raises(ValueError, match="cannot be negative"):
        planned_sessions(sessions_per_week=-1, school_day_count=5)


def test_planned_cost_per_pupil_shares_each_session_across_the_group():
    cost = planned_cost_per_pupil(
        sessions=10, minutes=30, hourly_rate=D("20"), fixed_per_term=D("0"), sessions_per_week=2, group_size=4
    )
    assert cost == D("25.00")
    assert planned_cost_per_pupil(
        sessions=0, minutes=30, hourly_rate=D("20"), fixed_per_term=D("0"), sessions_per_week=2, group_size=4
    ) == D("0.00")


def test_bank_holidays_in_term_are_not_school_days():
    from lib.review_dates import bank_holidays_between

    summer = [(dt.date(2026, 4, 13), dt.date(2026, 7, 22))]
    start, end = dt.date(2026, 5, 1), dt.date(2026, 5, 31)
    assert school_days(start=start, end=end, terms=summer) == 21
    # The early May and spring bank holidays (4 and 25 May 2026) are weekdays in term.
    assert school_days(start=start, end=end, terms=summer, closed=bank_holidays_between(start, end)) == 19
