from __future__ import annotations

import datetime as dt

import pytest

from lib.review_dates import (
    bank_holidays,
    default_review_date,
    is_working_day,
    review_date_errors,
    review_status,
    review_term_day,
)

CLOSED = bank_holidays([2026, 2027])
AUTUMN_END = dt.date(2026, 12, 18)


def test_englands_bank_holidays_come_from_the_holidays_package():
    assert dt.date(2026, 12, 25) in CLOSED
    assert dt.date(2026, 12, 28) in CLOSED  # Boxing Day falls on a Saturday: the substitute day
    assert dt.date(2026, 8, 31) in CLOSED  # the summer bank holiday is England's, not Scotland's
    assert dt.date(2026, 8, 3) not in CLOSED


def test_weekends_and_bank_holidays_are_not_working_days():
    assert is_working_day(dt.date(2026, 11, 23), CLOSED)
    assert not is_working_day(dt.date(2026, 11, 21), CLOSED)
    assert not is_working_day(dt.date(2027, 5, 3), CLOSED)  # early May bank holiday


def test_the_default_is_six_weeks_on_a_working_day():
    assert default_review_date(start=dt.date(2026, 9, 14), term_end=AUTUMN_END, closed=CLOSED) == dt.date(2026, 10, 26)


def test_the_default_moves_off_a_bank_holiday():
    # Six weeks after Monday 22 March 2027 is the early May bank holiday, 3 May 2027.
    assert default_review_date(start=dt.date(2027, 3, 22), term_end=None, closed=CLOSED) == dt.date(2027, 5, 4)


def test_the_default_is_never_after_the_last_working_day_of_term():
    assert default_review_date(start=dt.date(2026, 11, 16), term_end=dt.date(2026, 12, 19), closed=CLOSED) == AUTUMN_END


@pytest.mark.parametrize(
    ("review", "reason", "field"),
    [
        (None, "", "review_due_on"),
        (dt.date(2026, 11, 13), "", "review_due_on"),
        (dt.date(2026, 11, 28), "", "review_due_on"),
        (dt.date(2026, 12, 25), "A reason", "review_due_on"),
        (dt.date(2027, 1, 11), "", "review_date_reason"),
    ],
)
def test_what_is_wrong_with_a_review_date(review, reason, field):
    errors = review_date_errors(
        start=dt.date(2026, 11, 16), review=review, term_end=AUTUMN_END, reason=reason, closed=CLOSED
    )
    assert list(errors) == [field]


def test_a_date_after_the_term_with_a_reason_is_accepted():
    errors = review_date_errors(
        start=dt.date(2026, 11, 16),
        review=dt.date(2027, 1, 11),
        term_end=AUTUMN_END,
        reason="Specialist",
        closed=CLOSED,
    )
    assert errors == {}


@pytest.mark.parametrize(
    ("due", "status"),
    [
        (None, ""),
        (dt.date(2026, 11, 22), "overdue"),
        (dt.date(2026, 11, 23), "due_soon"),
        (dt.date(2026, 12, 7), "due_soon"),
        (dt.date(2026, 12, 8), ""),
    ],
)
def test_review_status_counts_two_weeks_ahead(due, status):
    assert review_status(due=due, today=dt.date(2026, 11, 23)) == status


def test_after_the_last_school_day_of_a_term_the_suggestion_is_six_weeks_on_a_working_day():
    # Saturday 19 December 2026 is the autumn term's last day but not a school day.
    saturday = dt.date(2026, 12, 19)
    assert default_review_date(start=saturday, term_end=saturday, closed=CLOSED) == dt.date(2027, 2, 1)
    assert review_term_day(saturday, CLOSED) == dt.date(2026, 12, 21)
    assert review_term_day(dt.date(2027, 3, 26), CLOSED) == dt.date(2027, 3, 30)  # Good Friday, then Easter Monday
