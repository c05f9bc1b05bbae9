from __future__ import annotations

import datetime as dt

import pytest

from lib.school_year import academic_year_label, academic_year_start, expected_year_group, year_group_offset


@pytest.mark.parametrize(
    ("on", "start"),
    [(dt.date(2026, 9, 1), 2026), (dt.date(2026, 8, 31), 2025), (dt.date(2027, 1, 15), 2026)],
)
def test_academic_years_run_from_september_to_august(on, start):
    assert academic_year_start(on) == start


def test_labels_read_like_the_census():
    assert academic_year_label(2026) == "2026/27"
    assert academic_year_label(2099) == "2099/00"


@pytest.mark.parametrize(
    ("born", "group"),
    [
        (dt.date(2021, 9, 1), "R"),  # oldest in Reception in 2026/27
        (dt.date(2022, 8, 31), "R"),  # youngest in Reception
        (dt.date(2022, 9, 1), "N2"),
        (dt.date(2019, 3, 10), "3"),
        (dt.date(2015, 6, 1), "7"),
        (dt.date(2010, 12, 25), "11"),
        (dt.date(2007, 10, 1), "14"),
    ],
)
def test_expected_year_group_follows_the_31_august_cut_off(born, group):
    assert expected_year_group(born, dt.date(2026, 11, 23)) == group


def test_children_too_young_or_too_old_have_no_year_group():
    today = dt.date(2026, 11, 23)
    assert expected_year_group(dt.date(2025, 1, 1), today) is None
    assert expected_year_group(dt.date(2000, 1, 1), today) is None


def test_offset_counts_years_above_or_below_chronological_group():
    today = dt.date(2026, 11, 23)
    summer_born = dt.date(2022, 8, 20)  # chronologically Reception
    assert year_group_offset("R", summer_born, today) == 0
    assert year_group_offset("N2", summer_born, today) == -1
    assert year_group_offset("2", summer_born, today) == 2
