from __future__ import annotations

from decimal import Decimal

import pytest

from lib.national import (
    SMALL_GROUP,
    bar_step,
    compare_with_national,
    latest_figure,
    national_figures,
    parse_figures,
    share_percent,
    too_few_to_compare,
)


def _row(measure="share_of_pupils", group="EHC plan", period="2024/25", value="5.3", unit="percent", source="DfE"):
    return {"measure": measure, "group": group, "period": period, "value": value, "unit": unit, "source": source}


def test_every_figure_in_the_reference_file_has_a_period_and_a_source():
    figures = national_figures()
    assert len(figures) > 30
    for figure in figures:
        assert figure.period
        assert figure.source
        assert figure.source != "same"


def test_same_source_is_the_source_of_the_row_above():
    figures = parse_figures(
        [_row(source="DfE SEN in England https://example.test/sen"), _row(group="SEN support", source="same")]
    )
    assert figures[1].source == "DfE SEN in England https://example.test/sen"
    assert figures[1].source_name == "DfE SEN in England"
    assert figures[1].source_url == "https://example.test/sen"


def test_same_source_on_the_first_row_is_refused():
    with pytest.raises(ValueError, match="line 2"):
        parse_figures([_row(source="same")])


def test_a_value_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match="not a number"):
        parse_figures([_row(value="about five")])


def test_latest_figure_picks_the_most_recent_period():
    figure = latest_figure(measure="share_of_pupils", group="SEN support")
    assert figure is not None
    assert figure.value == Decimal("14.8")
    assert figure.period == "2025/26 (Jan 2026)"
    assert figure.source_name.startswith("nasen summary of DfE")
    assert figure.source_url.startswith("https://nasen.org.uk/")


def test_latest_figure_matches_the_group_before_its_bracket():
    figure = latest_figure(measure="share_most_common_need", group="EHC plan")
    assert figure is not None
    assert (figure.base_group, figure.qualifier, figure.value) == ("EHC plan", "ASD", Decimal("33.6"))


def test_latest_figure_for_an_unknown_measure_is_none():
    assert latest_figure(measure="no_such_measure", group="EHC plan") is None


def test_latest_figure_over_given_figures():
    figures = tuple(parse_figures([_row(period="2023/24", value="4.8"), _row(period="2024/25", value="5.3")]))
    figure = latest_figure(measure="share_of_pupils", group="EHC plan", figures=figures)
    assert figure is not None
    assert figure.value == Decimal("5.3")


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (0, 5, Decimal("0.0")),
        (3, 0, None),
    ],
)
def test_share_percent_to_one_decimal_place(count, total, expected):
    assert share_percent(count, total) == expected


def test_groups_under_ten_are_too_few_to_compare():
    assert SMALL_GROUP == 10
    assert too_few_to_compare(9)
    assert not too_few_to_compare(10)


@pytest.mark.parametrize(
    ("percent", "national", "expected"),
    [
        (Decimal("17.1"), Decimal("14.8"), "2.3 percentage points above national"),
        (Decimal("13.8"), Decimal("14.8"), "1.0 percentage point below national"),
        (Decimal("6.0"), Decimal("6.0"), "the same as national"),
        (Decimal("83.3"), Decimal("61"), "22.3 percentage points above national"),
    ],
)
def test_compare_with_national(percent, national, expected):
    assert compare_with_national(percent, national) == expected


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        (None, 0),
        (Decimal("0"), 0),
        (Decimal("2.4"), 0),
        (Decimal("2.5"), 5),
        (Decimal("14.8"), 15),
        (Decimal("97.6"), 100),
        (Decimal("100"), 100),
    ],
)
def test_bar_step_rounds_to_the_nearest_five(percent, expected):
    assert bar_step(percent) == expected
