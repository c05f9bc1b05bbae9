"""Aggregate pages without names: a school's SEN at a glance, a trust's and an LA's schools side by side."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.navigation import nav_items
from accounts.selectors import access_for
from analytics.display import organisation_figures, school_figures
from analytics.permissions import access_la_aggregates, access_school_aggregates, access_trust_aggregates
from analytics.selectors import OrganisationOverview, organisation_overview, school_overview
from lib.national import SMALL_GROUP
from opensend.pagination import pagination_links
from schools.permissions import REGISTER_VIEWER_ROLES

SCHOOLS_PER_PAGE = 100


def _home() -> list[dict[str, str]]:
    return [{"label": "Home", "url": reverse("accounts:home")}]


def school(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_aggregates(request, urn)
    # Viewers who may not see names get small counts blurred (opensend.templatetags.disclosure).
    suppress_small = not access_for(request.user).has_role(school.pk, REGISTER_VIEWER_ROLES)  # type: ignore[arg-type]
    return render(
        request,
        "analytics/school.html",
        {
            "school": school,
            "figures": school_figures(school_overview(school=school), suppress_small=suppress_small),
            "small_group": SMALL_GROUP,
            "suppress_small": suppress_small,
            "nav_items": nav_items(request),
            "page_title": f"SEN at a glance, {school.name}",
            "breadcrumbs": _home(),
        },
    )


def trust(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    trust = access_trust_aggregates(request, uid)
    overview = organisation_overview(trust_id=trust.pk)
    return _organisation_page(request, name=trust.name, kind="trust", overview=overview)


def local_authority(request: HttpRequest, code: str) -> HttpResponse:
    la = access_la_aggregates(request, code)
    overview = organisation_overview(local_authority_id=la.pk, with_phases=True)
    return _organisation_page(request, name=la.name, kind="local authority", overview=overview)


def _organisation_page(request: HttpRequest, *, name: str, kind: str, overview: OrganisationOverview) -> HttpResponse:
    """A trust's or an LA's overview. The totals count every school; the table of schools is paged, as the largest
    LAs have a thousand."""
    page = Paginator(overview.rows, SCHOOLS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "analytics/organisation.html",
        {
            "organisation_name": name,
            "kind": kind,
            "overview": overview,
            "figures": organisation_figures(overview),
            "page": page,
            "pagination": pagination_links(
                page, lambda number: request.path + (f"?{urlencode({'page': number})}" if number > 1 else "")
            ),
            "small_group": SMALL_GROUP,
            "nav_items": nav_items(request),
            "page_title": f"{kind.capitalize()} overview, {name}",
            "breadcrumbs": _home(),
        },
    )
