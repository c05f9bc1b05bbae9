"""Reads for a school's set-up: its academic years and term dates."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from lib.school_year import academic_year_label
from lib.terms import TERM_ORDER, year_to_add
from schools.models import School, Term


@dataclass(frozen=True)
class YearTerms:
    start_year: int
    label: str
    terms: list[Term]


def school_terms_by_year(*, school: School) -> list[YearTerms]:
    """The school's terms grouped by academic year, latest year first, terms in order. One query."""
    terms = Term.objects.filter(school=school).select_related("academic_year").order_by("-academic_year__start_year")
    years: dict[int, list[Term]] = {}
    for term in terms:
        years.setdefault(term.academic_year.start_year, []).append(term)
    return [
        YearTerms(
            start_year=start_year,
            label=academic_year_label(start_year),
            terms=sorted(held, key=lambda term: TERM_ORDER.index(term.name)),
        )
        for start_year, held in years.items()
    ]


def next_year_to_add(*, years: list[YearTerms]) -> int | None:
    """The academic year whose terms the school may add now (see lib.terms.year_to_add)."""
    latest = max((year.start_year for year in years), default=None)
    return year_to_add(latest_start_year=latest, today=timezone.localdate())
