"""Measuring the impact of an intervention, as pure functions over plain values.

- Progress: exit score minus entry score, turned round for measures where lower is better (SDQ difficulties),
  so a positive number is always an improvement.
- Effect size: the mean progress divided by the pooled standard deviation of the entry and exit scores
  (Coe, "It's the effect size, stupid", 2002). About 0.2 is small, 0.5 medium, 0.8 large. With fewer than
  ten pupils the figure moves a long way with one child, so it always carries a warning.
- Ratio gain: for reading or spelling ages in months, the gain in months divided by the months that passed
  (Brooks, "What works for children and young people with literacy difficulties?", 5th edition, 2016).
  Below 1.4 is of doubtful value, 1.4 modest, 2 useful, 3 substantial, 4 or more remarkable.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

SMALL_GROUP = 10  # below this many pupils with both scores, an effect size is shown with a warning
DAYS_PER_MONTH = Decimal("30.4375")  # 365.25 / 12


def progress(*, entry: Decimal, exit: Decimal, higher_is_better: bool = True) -> Decimal:
    """The improvement from entry to exit; positive is better whichever way the scale runs."""
    change = exit - entry
    return change if higher_is_better else -change


@dataclass(frozen=True)
class EffectSize:
    value: Decimal | None  # None when it cannot be worked out (fewer than two pupils, or no spread in the scores)
    pupils: int
    small_group: bool

    @property
    def label(self) -> str:
        if self.value is None:
            return "Not enough scores"
        size = abs(self.value)
        if size < Decimal("0.2"):
            return "Negligible"
        if size < Decimal("0.5"):
            return "Small"
        if size < Decimal("0.8"):
            return "Medium"
        return "Large"


def effect_size(*, pairs: Sequence[tuple[Decimal, Decimal]], higher_is_better: bool = True) -> EffectSize:
    """The effect size of a group from its (entry, exit) pairs: mean progress over the pooled standard deviation."""
    count = len(pairs)
    if count < 2:
        return EffectSize(value=None, pupils=count, small_group=True)
    entries = [entry for entry, _ in pairs]
    exits = [exit_ for _, exit_ in pairs]
    pooled_variance = (statistics.variance(entries) + statistics.variance(exits)) / 2
    if pooled_variance == 0:
        return EffectSize(value=None, pupils=count, small_group=count < SMALL_GROUP)
    mean_progress = statistics.mean(
        progress(entry=entry, exit=exit_, higher_is_better=higher_is_better) for entry, exit_ in pairs
    )
    value = (mean_progress / pooled_variance.sqrt()).quantize(Decimal("0.01"))
    return EffectSize(value=value, pupils=count, small_group=count < SMALL_GROUP)


@dataclass(frozen=True)
class ScoreSums:
    """What the database sums over a set of (entry, exit) pairs, so an effect size needs no rows in Python."""

    count: int
    entry: Decimal
    entry_squares: Decimal
    exit: Decimal
    exit_squares: Decimal


def _variance(count: int, total: Decimal, squares: Decimal) -> Decimal:
    return (squares - total * total / count) / (count - 1)


def effect_size_from_sums(sums: ScoreSums, *, higher_is_better: bool = True) -> EffectSize:
    """The same effect size as effect_size(), from sums: mean progress over the pooled standard deviation."""
    count = sums.count
    if count < 2:
        return EffectSize(value=None, pupils=count, small_group=True)
    pooled_variance = (
        _variance(count, sums.entry, sums.entry_squares) + _variance(count, sums.exit, sums.exit_squares)
    ) / 2
    if pooled_variance <= 0:
        return EffectSize(value=None, pupils=count, small_group=count < SMALL_GROUP)
    mean_progress = progress(entry=sums.entry / count, exit=sums.exit / count, higher_is_better=higher_is_better)
    value = (mean_progress / pooled_variance.sqrt()).quantize(Decimal("0.01"))
    return EffectSize(value=value, pupils=count, small_group=count < SMALL_GROUP)


def months_between(start: dt.date, end: dt.date) -> Decimal:
    return (Decimal((end - start).days) / DAYS_PER_MONTH).quantize(Decimal("0.1"))


def ratio_gain(*, entry_months: Decimal, exit_months: Decimal, entry_on: dt.date, exit_on: dt.date) -> Decimal | None:
    """Gain in reading or spelling age (months) over the months that passed. None when no time has passed."""
    elapsed = months_between(entry_on, exit_on)
    if elapsed <= 0:
        return None
    return ((exit_months - entry_months) / elapsed).quantize(Decimal("0.01"))


def ratio_gain_band(value: Decimal) -> str:
    if value >= 4:
        return "Remarkable"
    if value >= 3:
        return "Substantial"
    if value >= 2:
        return "Useful"
    if value >= Decimal("1.4"):
        return "Modest"
    return "Of doubtful value"


def mean(values: Sequence[Decimal]) -> Decimal | None:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01")) if values else None


def cost_per_unit_progress(*, cost_per_pupil: Decimal | None, mean_progress: Decimal | None) -> Decimal | None:
    """What one point of progress cost: the cost per pupil over the mean progress. None without progress to buy."""
    if cost_per_pupil is None or mean_progress is None or mean_progress <= 0:
        return None
    return (cost_per_pupil / mean_progress).quantize(Decimal("0.01"))


def attendance_rate(*, present: int, on_roll: int) -> Decimal | None:
    """Share of places at delivered sessions that were taken, as a percentage."""
    if on_roll == 0:
        return None
    return (Decimal(present) * 100 / on_roll).quantize(Decimal("1"))


def small_numbers_caveat(pupils: int) -> str:
    """The warning shown beside figures built on few pupils; empty when there are enough."""
    if pupils == 0:
        return "No pupils with entry and exit scores yet."
    if pupils < SMALL_GROUP:
        return f"Only {pupils} pupil{'s' if pupils != 1 else ''} with entry and exit scores: one child changes these figures a lot. Read them with care."
    return ""
