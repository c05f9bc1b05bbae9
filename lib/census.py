"""Census SEN code lists, loaded from the reference files shipped in reference/."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"

BROAD_AREAS = (
    "Communication and interaction",
    "Cognition and learning",
    "Social, emotional and mental health",
    "Sensory and/or physical",
)
# The census file spells one area without its comma; the Code of Practice (6.28-6.35) uses the comma.
_AREA_SPELLINGS = {"Social emotional and mental health": "Social, emotional and mental health"}


@dataclass(frozen=True)
class NeedType:
    code: str
    description: str
    broad_area: str  # "" where the Code assigns none (DS, OTH, NSA)
    valid_with: frozenset[str]
    note: str


@cache
def need_types() -> dict[str, NeedType]:
    with (REFERENCE_DIR / "sen_types.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    result: dict[str, NeedType] = {}
    for row in rows:
        area = _AREA_SPELLINGS.get(row["broad_area"], row["broad_area"])
        if area and area not in BROAD_AREAS:
            raise ValueError(f"sen_types.csv: unknown broad area {area!r} for {row['code']}")
        result[row["code"]] = NeedType(
            code=row["code"],
            description=row["description"],
            broad_area=area,
            valid_with=frozenset(row["valid_with_provision"].split()),
            note=row["note"],
        )
    return result


def broad_area_of(code: str) -> str:
    return need_types()[code].broad_area


def need_valid_with(code: str, provision: str) -> bool:
    """Whether a need type may be recorded for a pupil at this census provision (NSA only with K)."""
    return provision in need_types()[code].valid_with


def need_codes_in_area(area: str) -> list[str]:
    return [t.code for t in need_types().values() if t.broad_area == area]
