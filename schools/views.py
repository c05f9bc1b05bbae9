"""A school's set-up pages: academic years and term dates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.navigation import nav_items
from accounts.selectors import signed_in_user
from lib.school_year import academic_year_label
from opensend.forms import apply_service_errors
from schools.forms import TermDatesForm
from schools.models import School, Term
from schools.permissions import SETUP_ROLES, access_school_by_urn, access_term_for_setup
from schools.selectors import next_year_to_add, school_terms_by_year
from schools.services import term_update, terms_create_year


def _render_terms(request: HttpRequest, school: School, *, errors: list[str] | None = None) -> HttpResponse:
    years = school_terms_by_year(school=school)
    year_to_add = next_year_to_add(years=years)
    return render(
        request,
        "schools/terms.html",
        {
            "school": school,
            "years": years,
            "year_to_add": academic_year_label(year_to_add) if year_to_add is not None else "",
            "errors": errors or [],
            "nav_items": nav_items(request),
            "page_title": f"Term dates, {school.name}",
            "breadcrumbs": [{"label": "Home", "url": reverse("accounts:home")}],
        },
    )


def terms(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_by_urn(request, urn, roles=SETUP_ROLES)
    return _render_terms(request, school)


def term_edit(request: HttpRequest, urn: int, term_id: int) -> HttpResponse:
    term = access_term_for_setup(request, urn, term_id)
    if request.method == "POST":
        form = TermDatesForm(request.POST)
        if form.is_valid():
            try:
                term_update(
                    term=term,
                    starts_on=form.cleaned_data["starts_on"],
                    ends_on=form.cleaned_data["ends_on"],
                    by=signed_in_user(request),
                    request=request,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"{term} dates saved.")
                return redirect("schools:terms", urn=urn)
    else:
        form = TermDatesForm(initial={"starts_on": term.starts_on, "ends_on": term.ends_on})
    return _render_edit(request, term, form)


def _render_edit(request: HttpRequest, term: Term, form: TermDatesForm) -> HttpResponse:
    terms_url = reverse("schools:terms", args=[term.school.urn])
    return render(
        request,
        "schools/term_edit.html",
        {
            "term": term,
            "school": term.school,
            "form": form,
            "terms_url": terms_url,
            "nav_items": nav_items(request),
            "page_title": f"{'Error: ' if form.errors else ''}Change {term} dates, {term.school.name}",
            "breadcrumbs": [
                {"label": "Home", "url": reverse("accounts:home")},
                {"label": "Term dates", "url": terms_url},
            ],
        },
    )


@require_POST
def terms_add_year(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_by_urn(request, urn, roles=SETUP_ROLES)
    try:
        added = terms_create_year(school=school, by=signed_in_user(request), request=request)
    except ValidationError as error:
        return _render_terms(request, school, errors=error.messages)
    messages.success(
        request,
        f"Terms for {added[0].academic_year} added with suggested dates. Change each one to your school's dates.",
    )
    return redirect("schools:terms", urn=urn)
