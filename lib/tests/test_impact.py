from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lib.impact import (
    SMALL_GROUP,
    ScoreSums,
    attendance_rate,
    cost_per_unit_progress,
    effect_size,
    effect_size_from_sums,
    mean,
    months_between,
    progress,
    ratio_gain,
    ratio_gain_band,
    small_numbers_caveat,
)

D = Decimal


def test_progress_is_positive_for_improvement_whichever_way_the_scale_runs():
    assert progress(entry=D("85"), exit=D("92")) == D("7")
    assert progress(entry=D("20"), exit=D("14"), higher_is_better=False) == D("6")
    assert progress(entry=D("14"), exit=D("20"), higher_is_better=False) == D("-6")


def test_effect_size_is_mean_progress_over_pooled_standard_deviation():
    pairs = [(D("80"), D("86")), (D("84"), D("90")), (D("88"), D("94"))]
    result = effect_size(pairs=pairs)
    # Every pupil gained 6; both sets of scores have a standard deviation of 4.
    assert result.value == D("1.50")
    assert result.pupils == 3
    assert result.small_group
    assert result.label == "Large"


def test_effect_size_turns_round_for_scales_where_lower_is_better():
    pairs = [(D("20"), D("16")), (D("24"), D("20")), (D("18"), D("14")), (D("22"), D("18"))]
    lower_better = effect_size(pairs=pairs, higher_is_better=False).value
    higher_better = effect_size(pairs=pairs, higher_is_better=True).value
    assert lower_better is not None
    assert higher_better is not None
    assert lower_better > 0
    assert higher_better == -lower_better


def test_effect_size_needs_two_pupils_and_some_spread():
    assert effect_size(pairs=[(D("80"), D("90"))]).value is None
    assert effect_size(pairs=[]).label == "Not enough scores"
    assert effect_size(pairs=[(D("80"), D("80")), (D("80"), D("80"))]).value is None


def test_effect_size_warns_below_the_small_group_size_only():
    pairs = [(D(80 + i), D(84 + i * 2)) for i in range(SMALL_GROUP)]
    assert not effect_size(pairs=pairs).small_group
    assert effect_size(pairs=pairs[:-1]).small_group


def test_ratio_gain_is_months_gained_over_months_passed():
    # 12 months of reading age in about 6 months.
    value = ratio_gain(
        entry_months=D("90"), exit_months=D("102"), entry_on=dt.date(2025, 9, 8), exit_on=dt.date(2026, 3, 9)
    )
    assert value == D("2.00")
    assert ratio_gain_band(value) == "Useful"
    assert (
        ratio_gain(entry_months=D("90"), exit_months=D("95"), entry_on=dt.date(2025, 9, 8), exit_on=dt.date(2025, 9, 8))
        is None
    )


def test_ratio_gain_bands_follow_brooks():
    assert ratio_gain_band(D("1.0")) == "Of doubtful value"
    assert ratio_gain_band(D("1.4")) == "Modest"
    assert ratio_gain_band(D("3.2")) == "Substantial"
    assert ratio_gain_band(D("4")) == "Remarkable"


def test_months_between_uses_the_average_month():
    assert months_between(dt.date(2025, 1, 1), dt.date(2026, 1, 1)) == D("12.0")


def test_cost_per_unit_progress_only_when_there_was_progress():
    assert cost_per_unit_progress(cost_per_pupil=D("150"), mean_progress=D("5")) == D("30.00")
    assert cost_per_unit_progress(cost_per_pupil=D("150"), mean_progress=D("0")) is None
    assert cost_per_unit_progress(cost_per_pupil=D("150"), mean_progress=None) is None
    assert cost_per_unit_progress(cost_per_pupil=None, mean_progress=D("2")) is None


def _sums(pairs):
    return ScoreSums(
        count=len(pairs),
        entry=sum((e for e, _ in pairs), D(0)),
        entry_squares=sum((e * e for e, _ in pairs), D(0)),
        exit=sum((x for _, x in pairs), D(0)),
        exit_squares=sum((x * x for _, x in pairs), D(0)),
    )


def test_effect_size_from_sums_matches_effect_size_from_pairs():
    pairs = [(D("80"), D("86")), (D("84"), D("95")), (D("91"), D("93")), (D("77"), D("88")), (D("99"), D("101"))]
    for higher in (True, False):
        assert effect_size_from_sums(_sums(pairs), higher_is_better=higher) == effect_size(
            pairs=pairs, higher_is_better=higher
        )
    assert effect_size_from_sums(_sums(pairs[:1])).value is None
    assert effect_size_from_sums(_sums([(D("5"), D("5")), (D("5"), D("5"))])).value is None


def test_mean_and_attendance_rate():
    assert mean([D("1"), D("2")]) == D("1.50")
    assert mean([]) is None
    assert attendance_rate(present=9, on_roll=12) == D("75")
    assert attendance_rate(present=0, on_roll=0) is None


def test_small_numbers_caveat():
    assert "one child" in small_numbers_caveat(3)
    assert small_numbers_caveat(0).startswith("No pupils")
    assert small_numbers_caveat(SMALL_GROUP) == ""
