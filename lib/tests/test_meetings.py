from __future__ import annotations

import datetime as dt

from lib.meetings import MeetingCheck, TermWindow, meeting_check

D = dt.date
TERMS = (
    TermWindow("autumn", D(2025, 9, 3), D(2025, 12, 19)),
    TermWindow("spring", D(2026, 1, 5), D(2026, 3, 27)),
    TermWindow("summer", D(2026, 4, 13), D(2026, 7, 22)),
)


def states(check: MeetingCheck) -> list[str]:
    return [term.state for term in check.terms]


def test_no_term_dates_give_nothing_to_check() -> None:
    check = meeting_check(terms=[], meetings=[D(2025, 10, 1)], today=D(2025, 11, 1))

    assert (check.terms, check.held, check.short, check.due_this_term) == ((), 0, False, False)


def test_in_the_autumn_term_a_pupil_without_a_meeting_is_due_one_but_not_yet_short() -> None:
    check = meeting_check(terms=TERMS, meetings=[], today=D(2025, 10, 15))

    assert states(check) == ["open", "upcoming", "upcoming"]
    assert (check.required_now, check.required_this_term, check.required_year) == (0, 1, 3)
    assert not check.short
    assert check.due_this_term


def test_the_last_day_of_term_still_belongs_to_the_term() -> None:
    check = meeting_check(terms=TERMS, meetings=[], today=D(2025, 12, 19))

    assert states(check)[0] == "open"
    assert not check.short


def test_a_pupil_is_short_once_a_term_ends_without_a_meeting() -> None:
    check = meeting_check(terms=TERMS, meetings=[], today=D(2025, 12, 20))

    assert states(check) == ["missed", "open", "upcoming"]
    assert check.short
    assert (check.missing, check.missed_terms) == (1, ("autumn",))


def test_one_meeting_a_term_keeps_the_pupil_on_track_all_year() -> None:
    meetings = [D(2025, 10, 2), D(2026, 2, 3), D(2026, 5, 20)]

    check = meeting_check(terms=TERMS, meetings=meetings, today=D(2026, 8, 1))

    assert states(check) == ["met", "met", "met"]
    assert [term.held_in_term for term in check.terms] == [1, 1, 1]
    assert [term.required_by_end for term in check.terms] == [1, 2, 3]
    assert (check.held, check.required_now, check.short, check.due_this_term) == (3, 3, False, False)


def test_two_meetings_in_spring_make_up_for_none_in_autumn() -> None:
    check = meeting_check(terms=TERMS, meetings=[D(2026, 1, 20), D(2026, 3, 2)], today=D(2026, 4, 20))

    assert states(check) == ["missed", "met", "open"]
    assert not check.short
    assert check.due_this_term


def test_a_meeting_in_the_holiday_counts_towards_the_next_term() -> None:
    check = meeting_check(terms=TERMS, meetings=[D(2025, 12, 22)], today=D(2026, 1, 10))

    assert [term.held_in_term for term in check.terms] == [0, 1, 0]
    assert states(check) == ["missed", "open", "upcoming"]
    # Short for autumn, but the holiday meeting has made up the number.
    assert (check.held, check.required_now, check.short) == (1, 1, False)


def test_in_the_holiday_before_a_term_that_term_is_open() -> None:
    check = meeting_check(terms=TERMS, meetings=[D(2025, 10, 1)], today=D(2026, 1, 2))

    assert states(check) == ["met", "open", "upcoming"]
    assert check.due_this_term


def test_two_terms_ended_with_one_meeting_is_short_by_one() -> None:
    check = meeting_check(terms=TERMS, meetings=[D(2025, 11, 5)], today=D(2026, 4, 1))

    assert states(check) == ["met", "missed", "open"]
    assert (check.held, check.required_now, check.missing) == (1, 2, 1)
    assert check.short


def test_meetings_outside_the_year_or_after_today_do_not_count() -> None:
    meetings = [D(2025, 7, 10), D(2025, 8, 31), D(2026, 9, 2), D(2026, 2, 1)]

    check = meeting_check(terms=TERMS, meetings=meetings, today=D(2026, 1, 10))

    assert check.held == 0
    assert check.short


def test_a_meeting_on_the_first_of_september_counts_for_autumn() -> None:
    check = meeting_check(terms=TERMS, meetings=[D(2025, 9, 1)], today=D(2025, 12, 20))

    assert states(check)[0] == "met"


def test_terms_that_ended_before_support_began_ask_for_no_meeting() -> None:
    check = meeting_check(terms=TERMS, meetings=[], today=D(2026, 2, 1), support_since=D(2026, 1, 12))

    assert states(check) == ["not_required", "open", "upcoming"]
    assert [term.required_by_end for term in check.terms] == [0, 1, 2]
    assert (check.required_now, check.required_this_term, check.required_year) == (0, 1, 2)
    assert not check.short
    assert check.due_this_term


def test_support_that_began_during_a_term_asks_for_a_meeting_that_term() -> None:
    check = meeting_check(terms=TERMS, meetings=[], today=D(2026, 1, 5), support_since=D(2025, 11, 28))

    assert states(check) == ["missed", "open", "upcoming"]
    assert check.short


def test_terms_are_taken_in_date_order_whatever_order_they_come_in() -> None:
    check = meeting_check(terms=list(reversed(TERMS)), meetings=[D(2025, 10, 2)], today=D(2026, 1, 10))

    assert [term.name for term in check.terms] == ["autumn", "spring", "summer"]
    assert states(check) == ["met", "open", "upcoming"]


def test_after_the_summer_term_the_whole_year_is_required() -> None:
    check = meeting_check(terms=TERMS, meetings=[D(2025, 10, 2), D(2026, 2, 3)], today=D(2026, 8, 20))

    assert (check.required_now, check.required_this_term) == (3, 3)
    assert check.short
    assert check.missed_terms == ("summer",)
