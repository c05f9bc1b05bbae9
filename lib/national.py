"""National SEN figures for England, loaded from reference/national_figures.csv, and the arithmetic
used to set a school's figures beside them."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
FIGURES_FILE = "national_figures.csv"

# Below this many pupils a percentage swings widely when one pupil joins or leaves, so it is not
# compared with the national figure (DOMAIN.md, "Small numbers").
SMALL_GROUP = 10

# The file says "same" where a row shares the source of the row above it.
_SAME_SOURCE = "same"
_YEAR = re.compile(r"\b(\d{4})\b")
_URL = re.compile(r"https?://\S+")
# "EHC plan (ASD)": the group, with the need type it is about in brackets.
_QUALIFIED_GROUP = re.compile(r"^(?P<group>.+?)\s*\((?P<qualifier>[^()]+)\)$")


@dataclass(frozen=True)
class NationalFigure:
    measure: str
    group: str
    period: str
    value: Decimal
    unit: str
    source: str

    @property
    def base_group(self) -> str:
        """The group without its bracketed qualifier: "EHC plan (ASD)" is about the group "EHC plan"."""
        match = _QUALIFIED_GROUP.match(self.group)
        return match["group"] if match else self.group

    @property
    def qualifier(self) -> str:
        """What the bracket names, for example the need type "ASD"; "" when there is none."""
        match = _QUALIFIED_GROUP.match(self.group)
        return match["qualifier"] if match else ""

    @property
    def source_name(self) -> str:
        return _URL.sub("", self.source).strip()

    @property
    def source_url(self) -> str:
        match = _URL.search(self.source)
        return match.group(0) if match else ""

    @property
    def period_key(self) -> tuple[int, str]:
        """Orders periods of one measure: the first four-digit year, then the text."""
        match = _YEAR.search(self.period)
        return (int(match.group(1)) if match else 0, self.period)


def parse_figures(rows: list[dict[str, str]]) -> list[NationalFigure]:
    """Turn CSV rows into figures, resolving "same" to the source of the row above."""
    figures: list[NationalFigure] = []
    previous_source = ""
    for number, row in enumerate(rows, start=2):
        source = row["source"].strip()
        if source == _SAME_SOURCE:
            if not previous_source:
                raise ValueError(f"{FIGURES_FILE} line {number}: 'same' source with no source above it")
            source = previous_source
        try:
            value = Decimal(row["value"].strip())
        except ArithmeticError:
            raise ValueError(f"{FIGURES_FILE} line {number}: value {row['value']!r} is not a number") from None
        figures.append(
            NationalFigure(
                measure=row["measure"].strip(),
                group=row["group"].strip(),
                period=row["period"].strip(),
                value=value,
                unit=row["unit"].strip(),
                source=source,
            )
        )
        previous_source = source
    return figures


@cache
def national_figures() -> tuple[NationalFigure, ...]:
    with (REFERENCE_DIR / FIGURES_FILE).open(newline="", encoding="utf-8") as handle:
        return tuple(parse_figures(list(csv.DictReader(handle))))


def latest_figure(
    *, measure: str, group: str, figures: tuple[NationalFigure, ...] | None = None
) -> NationalFigure | None:
    """The most recent figure for a measure and group ("EHC plan" also matches "EHC plan (ASD)")."""
    candidates = [
        figure
        for figure in (national_figures() if figures is None else figures)
        if figure.measure == measure and figure.base_group == group
    ]
    return max(candidates, key=lambda figure: figure.period_key, default=None)


def share_percent(count: int, total: int) -> Decimal | None:
    """count as a percentage of total, to one decimal place; None when there is nobody to count."""
    if total <= 0:
        return None
    return (Decimal(100) * count / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def too_few_to_compare(total: int) -> bool:
    return total < SMALL_GROUP


def compare_with_national(percent: Decimal, national: Decimal) -> str:
    """A plain-English comparison, in percentage points: "2.5 points above national"."""
    difference = (percent - national).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if difference == 0:
        return "the same as national"
    direction = "above" if difference > 0 else "below"
    points = abs(difference)
    unit = "point" if points == 1 else "points"
    return f"{points} percentage {unit} {direction} national"


def bar_step(percent: Decimal | None) -> int:
    """The percentage rounded to the nearest 5 (0-100), for the bar classes app-bar--0 ... app-bar--100."""
    if percent is None:
        return 0
    clamped = min(max(percent, Decimal(0)), Decimal(100))
    return int((clamped / 5).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 5
