"""Writes to a school's set-up. Each is atomic, validates and writes its audit event."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record
from lib.school_year import academic_year_label
from lib.terms import TERM_ORDER, academic_year_bounds, default_term_dates, term_date_errors, year_to_add
from schools.models import AcademicYear, School, Term

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User


def _dates(term: Term) -> dict[str, str]:
    return {"starts_on": term.starts_on.isoformat(), "ends_on": term.ends_on.isoformat()}


@transaction.atomic
def term_update(
    *, term: Term, starts_on: dt.date, ends_on: dt.date, by: User, request: HttpRequest | None = None
) -> Term:
    """Change a term's dates: inside the academic year, in order autumn, spring, summer, not overlapping."""
    # Lock the school so two people changing its terms at once cannot each pass the overlap check.
    School.objects.select_for_update().filter(pk=term.school_id).first()
    term = Term.objects.select_related("academic_year", "school").get(pk=term.pk)
    others = {
        other.name: (other.starts_on, other.ends_on)
        for other in Term.objects.filter(school_id=term.school_id, academic_year_id=term.academic_year_id).exclude(
            pk=term.pk
        )
    }
    errors = term_date_errors(
        name=term.name, starts_on=starts_on, ends_on=ends_on, start_year=term.academic_year.start_year, others=others
    )
    if errors:
        raise ValidationError(errors)
    if (term.starts_on, term.ends_on) == (starts_on, ends_on):
        return term
    before = _dates(term)
    term.starts_on = starts_on
    term.ends_on = ends_on
    term.save(update_fields=["starts_on", "ends_on"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="schools.term",
        object_id=term.pk,
        school=term.school,
        request=request,
        detail={"term": term.name, "academic_year": str(term.academic_year), "before": before, "after": _dates(term)},
    )
    return term


@transaction.atomic
def terms_create_year(*, school: School, by: User, request: HttpRequest | None = None) -> list[Term]:
    """Add the school's next academic year with suggested term dates, for the school to change to its own."""
    school = School.objects.select_for_update().get(pk=school.pk)
    latest = (
        Term.objects.filter(school=school)
        .order_by("-academic_year__start_year")
        .values_list("academic_year__start_year", flat=True)
        .first()
    )
    start_year = year_to_add(latest_start_year=latest, today=timezone.localdate())
    if start_year is None:
        assert latest is not None  # noqa: S101 - year_to_add only refuses when the school already has a year
        raise ValidationError(
            f"Terms for {academic_year_label(latest)} are already set up. You can add the following year's terms "
            f"from 1 September {latest}."
        )
    first_day, last_day = academic_year_bounds(start_year)
    year, _ = AcademicYear.objects.get_or_create(
        start_year=start_year, defaults={"starts_on": first_day, "ends_on": last_day}
    )
    if Term.objects.filter(school=school, academic_year=year).exists():
        raise ValidationError(f"Terms for {year} are already set up. Change their dates instead.")
    dates = default_term_dates(start_year)
    terms = [
        Term.objects.create(
            school=school, academic_year=year, name=name, starts_on=dates[name][0], ends_on=dates[name][1]
        )
        for name in TERM_ORDER
    ]
    for term in terms:
        audit_record(
            actor=by,
            action=AuditAction.CREATE,
            object_type="schools.term",
            object_id=term.pk,
            school=school,
            request=request,
            detail={"term": term.name, "academic_year": str(year), "after": _dates(term)},
        )
    return terms
