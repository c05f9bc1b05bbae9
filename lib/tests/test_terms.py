from __future__ import annotations

import datetime as dt

import pytest

from lib.terms import academic_year_bounds, default_term_dates, long_date, term_date_errors, year_to_add

D = dt.date
# A school's 2025/26 year, as in the test cast.
YEAR = {
    "autumn": (D(2025, 9, 3), D(2025, 12, 19)),
    "spring": (D(2026, 1, 5), D(2026, 3, 27)),
    "summer": (D(2026, 4, 13), D(2026, 7, 22)),
}


def _errors(name: str, starts_on: dt.date, ends_on: dt.date, others=None) -> dict[str, str]:
    held = YEAR if others is None else others
    return term_date_errors(
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        start_year=2025,
        others={key: value for key, value in held.items() if key != name},
    )


def test_the_cast_years_terms_pass():
    for name, (starts_on, ends_on) in YEAR.items():
        assert _errors(name, starts_on, ends_on) == {}


def test_end_must_be_after_start():
    assert _errors("autumn", D(2025, 9, 3), D(2025, 9, 3)) == {
        "ends_on": "The end date must be after the start date (3 September 2025)."
    }


def test_term_must_start_within_the_academic_year():
    assert _errors("autumn", D(2025, 8, 31), D(2025, 12, 19)) == {
        "starts_on": "The autumn term must start on or after 1 September 2025, the first day of the 2025/26 academic year."
    }


def test_term_must_end_within_the_academic_year():
    assert _errors("summer", D(2026, 4, 13), D(2026, 9, 1)) == {
        "ends_on": "The summer term must end on or before 31 August 2026, the last day of the 2025/26 academic year."
    }


def test_first_and_last_day_of_the_year_are_allowed():
    assert _errors("autumn", D(2025, 9, 1), D(2025, 12, 19)) == {}
    assert _errors("summer", D(2026, 4, 13), D(2026, 8, 31)) == {}


def test_overlap_names_the_other_term_and_its_dates():
    errors = _errors("autumn", D(2025, 9, 3), D(2026, 1, 5))
    assert errors == {
        "ends_on": "These dates overlap the spring term (5 January 2026 to 27 March 2026). "
        "Change them so the terms do not overlap."
    }


def test_a_start_inside_another_term_is_a_start_date_error():
    errors = _errors("spring", D(2025, 12, 19), D(2026, 3, 27))
    assert list(errors) == ["starts_on"]
    assert "overlap the autumn term" in errors["starts_on"]


def test_a_term_that_swallows_another_overlaps_it():
    errors = _errors("spring", D(2025, 9, 2), D(2026, 3, 27), others={"autumn": (D(2025, 9, 3), D(2025, 12, 19))})
    assert "overlap the autumn term" in errors["ends_on"]


def test_terms_run_autumn_spring_summer():
    errors = _errors("summer", D(2025, 9, 1), D(2025, 9, 2))
    assert errors == {
        "starts_on": "The summer term must come after the spring term, which ends on 27 March 2026. "
        "Choose a start date after 27 March 2026."
    }
    errors = _errors("autumn", D(2026, 7, 27), D(2026, 8, 20))
    assert errors == {
        "ends_on": "The autumn term must come before the spring term, which starts on 5 January 2026. "
        "Choose an end date before 5 January 2026."
    }


def test_order_is_checked_against_the_terms_that_exist():
    # With only the summer term set, an autumn term anywhere before it is fine.
    assert _errors("autumn", D(2025, 9, 8), D(2025, 12, 12), others={"summer": YEAR["summer"]}) == {}


def test_unknown_term_name_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown term"):
        _errors("winter", D(2025, 9, 3), D(2025, 12, 19))


@pytest.mark.parametrize("start_year", [2024, 2025, 2026, 2027, 2030])
def test_default_dates_pass_the_checks_and_start_on_mondays_and_end_on_fridays(start_year):
    dates = default_term_dates(start_year)
    assert list(dates) == ["autumn", "spring", "summer"]
    for name, (starts_on, ends_on) in dates.items():
        others = {key: value for key, value in dates.items() if key != name}
        assert (
            term_date_errors(name=name, starts_on=starts_on, ends_on=ends_on, start_year=start_year, others=others)
            == {}
        )
        assert starts_on.weekday() == 0
        assert ends_on.weekday() == 4


def test_default_autumn_term_of_2026():
    assert default_term_dates(2026)["autumn"] == (D(2026, 9, 7), D(2026, 12, 18))


def test_academic_year_bounds():
    assert academic_year_bounds(2025) == (D(2025, 9, 1), D(2026, 8, 31))


def test_long_date_has_no_leading_zero():
    assert long_date(D(2026, 1, 5)) == "5 January 2026"


@pytest.mark.parametrize(
    ("latest", "today", "expected"),
    [
        (None, D(2026, 1, 15), 2025),
        (2025, D(2026, 1, 15), 2026),
        (2026, D(2026, 1, 15), None),
        (2026, D(2026, 9, 1), 2027),
        (2019, D(2026, 1, 15), 2025),
    ],
)
def test_year_to_add(latest, today, expected):
    assert year_to_add(latest_start_year=latest, today=today) == expected
