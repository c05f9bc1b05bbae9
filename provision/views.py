"""Provision pages: the catalogue, staff rates and budget, groups and their session log, scores, the whole-school
map, the impact report and a pupil's costed provision map."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import weasyprint
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import GROUP_ROLES, WHOLE_SCHOOL_ROLES
from accounts.navigation import nav_items
from accounts.selectors import access_for, signed_in_user
from audit.models import AuditAction
from audit.services import audit_record, audit_record_pupils
from opensend.forms import apply_service_errors
from opensend.links import url_for_uid
from provision import exports
from provision.forms import (
    NOT_LOGGED,
    BudgetForm,
    GroupForm,
    InterventionForm,
    PlaceAddForm,
    PlaceEndForm,
    ScoresForm,
    StaffRateForm,
    WeekLogForm,
)
from provision.models import InterventionGroup, Measure, NotionalBudget, SessionStatus
from provision.permissions import (
    CATALOGUE_VIEWER_ROLES,
    COST_VIEWER_ROLES,
    COSTED_MAP_ROLES,
    PROVISION_MANAGER_ROLES,
    access_group_by_uid,
    access_intervention_for_change,
    access_place_by_uid,
    can_log_group,
    can_manage_group,
    groups_visible_to,
)
from provision.selectors import (
    IMPACT_SORTS,
    PupilProvision,
    catalogue,
    choose_period,
    group_summary,
    groups_list,
    impact_report,
    pupil_provision,
    pupils_for_places,
    roles_without_rate,
    school_periods,
    staff_rates,
    week_log,
    week_start,
    whole_school_map,
)
from provision.services import (
    SessionEntry,
    group_create,
    group_place_add,
    intervention_create,
    intervention_update,
    notional_budget_set,
    place_end,
    place_record_scores,
    sessions_log,
    staff_rate_set,
)
from pupils.permissions import access_pupil_for_change
from register.exports import XLSX_CONTENT_TYPE
from register.selectors import school_staff
from schools.models import AcademicYear, School
from schools.permissions import access_school_by_urn

GROUPS_PAGE_ROLES = WHOLE_SCHOOL_ROLES | GROUP_ROLES


def _home_crumb() -> dict[str, str]:
    return {"label": "Home", "url": reverse("accounts:home")}


def _can(request: HttpRequest, school: School, roles: frozenset[str]) -> bool:
    return access_for(signed_in_user(request)).has_role(school.pk, roles)


def _page(request: HttpRequest, template: str, context: dict[str, Any], *, title: str) -> HttpResponse:
    form = context.get("form")
    context.setdefault("nav_items", nav_items(request))
    context["page_title"] = f"{'Error: ' if form is not None and form.errors else ''}{title}"
    return render(request, template, context)


# --- Catalogue -------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def catalogue_view(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_by_urn(request, urn, roles=CATALOGUE_VIEWER_ROLES)
    return _page(
        request,
        "provision/catalogue.html",
        {
            "school": school,
            "interventions": catalogue(school=school, today=timezone.localdate()),
            "can_change": _can(request, school, PROVISION_MANAGER_ROLES),
            "breadcrumbs": [_home_crumb()],
        },
        title=f"Intervention catalogue, {school.name}",
    )


def _intervention_data(form: InterventionForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if data.get("measure") != Measure.CUSTOM:
        data["measure_label"] = ""
        data["higher_is_better"] = True
    return data


@require_http_methods(["GET", "POST"])
def intervention_add(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_by_urn(request, urn, roles=CATALOGUE_VIEWER_ROLES)
    if not _can(request, school, PROVISION_MANAGER_ROLES):
        raise PermissionDenied
    form = InterventionForm(
        request.POST if request.method == "POST" else None,
        initial={
            "group_size": 4,
            "sessions_per_week": 2,
            "minutes_per_session": 30,
            "weeks": 10,
            "fixed_cost_per_term": 0,
        },
    )
    if form.is_valid():
        try:
            intervention_create(
                school=school, data=_intervention_data(form), by=signed_in_user(request), request=request
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Intervention added to the catalogue.")
            return redirect("provision:catalogue", urn=school.urn)
    return _page(
        request,
        "provision/intervention_form.html",
        {
            "school": school,
            "form": form,
            "heading": "Add an intervention",
            "cancel_url": reverse("provision:catalogue", args=[school.urn]),
            "breadcrumbs": [
                _home_crumb(),
                {"label": "Catalogue", "url": reverse("provision:catalogue", args=[school.urn])},
            ],
        },
        title="Add an intervention",
    )


@require_http_methods(["GET", "POST"])
def intervention_edit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    intervention = access_intervention_for_change(request, uid)
    school = intervention.school
    form = InterventionForm(
        request.POST if request.method == "POST" else None, initial=InterventionForm.initial_for(intervention)
    )
    if form.is_valid():
        try:
            intervention_update(
                intervention=intervention, data=_intervention_data(form), by=signed_in_user(request), request=request
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Intervention saved.")
            return redirect("provision:catalogue", urn=school.urn)
    return _page(
        request,
        "provision/intervention_form.html",
        {
            "school": school,
            "form": form,
            "heading": f"Change {intervention.name}",
            "cancel_url": reverse("provision:catalogue", args=[school.urn]),
            "breadcrumbs": [
                _home_crumb(),
                {"label": "Catalogue", "url": reverse("provision:catalogue", args=[school.urn])},
            ],
        },
        title=f"Change {intervention.name}",
    )


# --- Staff rates and the notional budget ---------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def rates(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_by_urn(request, urn, roles=COST_VIEWER_ROLES)
    today = timezone.localdate()
    form = StaffRateForm(request.POST if request.method == "POST" else None, initial={"started_on": today})
    if form.is_valid():
        try:
            staff_rate_set(school=school, by=signed_in_user(request), request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Rate saved. Sessions logged from now on use it.")
            return redirect("provision:rates", urn=school.urn)
    response = _page(
        request,
        "provision/rates.html",
        {
            "school": school,
            "form": form,
            "rows": staff_rates(school=school, today=today),
            "budget_url": reverse("provision:budget", args=[school.urn]),
            "breadcrumbs": [_home_crumb()],
        },
        title=f"Staff rates, {school.name}",
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def budget(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_by_urn(request, urn, roles=COST_VIEWER_ROLES)
    years = AcademicYear.objects.filter(terms__school=school).distinct().order_by("-start_year")
    current = years.filter(starts_on__lte=timezone.localdate(), ends_on__gte=timezone.localdate()).first()
    form = BudgetForm(
        request.POST if request.method == "POST" else None, years=years, initial={"academic_year": current}
    )
    if form.is_valid():
        try:
            notional_budget_set(school=school, by=signed_in_user(request), request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Notional SEN budget saved.")
            return redirect("provision:map", urn=school.urn)
    return _page(
        request,
        "provision/budget.html",
        {
            "school": school,
            "form": form,
            "budgets": NotionalBudget.objects.filter(school=school)
            .select_related("academic_year")
            .order_by("-academic_year__start_year"),
            "breadcrumbs": [
                _home_crumb(),
                {"label": "Provision map", "url": reverse("provision:map", args=[school.urn])},
            ],
        },
        title=f"Notional SEN budget, {school.name}",
    )


# --- Groups ----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def groups(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_by_urn(request, urn, roles=GROUPS_PAGE_ROLES)
    today = timezone.localdate()
    visible = groups_visible_to(signed_in_user(request)).filter(school=school)
    lists = groups_list(groups=visible, today=today)
    group_url, log_url = url_for_uid("provision:group"), url_for_uid("provision:log_week")
    for card in lists.running:
        card.url, card.log_url = group_url(card.uid), log_url(card.uid)
    for card in lists.ended:
        card.url = group_url(card.uid)
    return _page(
        request,
        "provision/groups.html",
        {
            "school": school,
            "running": lists.running,
            "ended": lists.ended,
            "whole_school": _can(request, school, WHOLE_SCHOOL_ROLES),
            "can_add": _can(request, school, PROVISION_MANAGER_ROLES),
            "this_week": week_start(today),
            "breadcrumbs": [_home_crumb()],
        },
        title=f"Intervention groups, {school.name}",
    )


@require_http_methods(["GET", "POST"])
def group_add(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_by_urn(request, urn, roles=GROUPS_PAGE_ROLES)
    if not _can(request, school, PROVISION_MANAGER_ROLES):
        raise PermissionDenied
    today = timezone.localdate()
    interventions = catalogue(school=school, today=today)
    form = GroupForm(
        request.POST if request.method == "POST" else None,
        interventions=interventions,
        staff=school_staff(school=school),
        initial={"starts_on": today, "capacity": 4, "minutes_per_session": 30},
    )
    if form.is_valid():
        try:
            group = group_create(school=school, by=signed_in_user(request), request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Group set up. Add its pupils next.")
            return redirect("provision:group", uid=group.uid)
    return _page(
        request,
        "provision/group_form.html",
        {
            "school": school,
            "form": form,
            "cancel_url": reverse("provision:groups", args=[school.urn]),
            "breadcrumbs": [_home_crumb(), {"label": "Groups", "url": reverse("provision:groups", args=[school.urn])}],
        },
        title="Set up a group",
    )


def _group_crumbs(group: InterventionGroup) -> list[dict[str, str]]:
    return [
        _home_crumb(),
        {"label": "Groups", "url": reverse("provision:groups", args=[group.school.urn])},
        {"label": group.name, "url": reverse("provision:group", args=[group.uid])},
    ]


@require_http_methods(["GET", "HEAD"])
def group_detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    group = access_group_by_uid(request, uid)
    user = signed_in_user(request)
    today = timezone.localdate()
    summary = group_summary(group=group, today=today)
    audit_record_pupils(
        actor=user,
        action=AuditAction.VIEW,
        object_type="provision.group",
        pupils=[row.pupil for row in summary.rows],
        request=request,
    )
    return _page(
        request,
        "provision/group.html",
        {
            "group": group,
            "summary": summary,
            "slots": list(group.slots.all()),
            "can_manage": can_manage_group(user, group),
            "can_log": can_log_group(user, group),
            "show_costs": _can(request, group.school, COST_VIEWER_ROLES),
            "costed_map_links": _can(request, group.school, COSTED_MAP_ROLES),
            "ratio_gain_applies": group.intervention.measure == Measure.READING_AGE,
            "has_measure": group.intervention.measure != Measure.NONE,
            "log_url": reverse("provision:log_week", args=[group.uid]),
            "breadcrumbs": _group_crumbs(group)[:2],
        },
        title=group.name,
    )


@require_http_methods(["GET", "POST"])
def place_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    group = access_group_by_uid(request, uid, for_change="manage")
    today = timezone.localdate()
    form = PlaceAddForm(
        request.POST if request.method == "POST" else None,
        pupils=pupils_for_places(group=group, today=today),
        initial={"started_on": max(today, group.starts_on)},
    )
    if form.is_valid():
        try:
            group_place_add(group=group, by=signed_in_user(request), request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Pupil added to the group.")
            return redirect("provision:group", uid=group.uid)
    return _page(
        request,
        "provision/place_add.html",
        {
            "group": group,
            "form": form,
            "cancel_url": reverse("provision:group", args=[group.uid]),
            "breadcrumbs": _group_crumbs(group),
        },
        title="Add a pupil to the group",
    )


@require_http_methods(["GET", "POST"])
def place_end_view(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    place = access_place_by_uid(request, uid, for_change="manage")
    form = PlaceEndForm(request.POST if request.method == "POST" else None, initial={"ended_on": timezone.localdate()})
    if form.is_valid():
        try:
            place_end(place=place, by=signed_in_user(request), request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Place ended.")
            return redirect("provision:group", uid=place.group.uid)
    audit_record(
        actor=signed_in_user(request),
        action=AuditAction.VIEW,
        object_type="provision.place",
        object_id=place.uid,
        pupil=place.pupil,
        request=request,
    )
    return _page(
        request,
        "provision/place_end.html",
        {
            "place": place,
            "form": form,
            "cancel_url": reverse("provision:group", args=[place.group.uid]),
            "breadcrumbs": _group_crumbs(place.group),
        },
        title="End a place in the group",
    )


@require_http_methods(["GET", "POST"])
def place_scores(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    place = access_place_by_uid(request, uid, for_change="log")
    form = ScoresForm(
        request.POST if request.method == "POST" else None,
        initial={
            "entry_score": place.entry_score,
            "entry_on": place.entry_on,
            "exit_score": place.exit_score,
            "exit_on": place.exit_on,
        },
    )
    if form.is_valid():
        try:
            place_record_scores(place=place, by=signed_in_user(request), request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Scores saved.")
            return redirect("provision:group", uid=place.group.uid)
    audit_record(
        actor=signed_in_user(request),
        action=AuditAction.VIEW,
        object_type="provision.scores",
        object_id=place.uid,
        pupil=place.pupil,
        request=request,
    )
    return _page(
        request,
        "provision/place_scores.html",
        {
            "place": place,
            "form": form,
            "measure": place.group.intervention.measure_name,
            "cancel_url": reverse("provision:group", args=[place.group.uid]),
            "breadcrumbs": _group_crumbs(place.group),
        },
        title="Entry and exit scores",
    )


def _week_from(request: HttpRequest, today: dt.date) -> dt.date:
    raw = request.GET.get("week", "")
    try:
        return week_start(dt.date.fromisoformat(raw)) if raw else week_start(today)
    except ValueError:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def log_week(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """Log a week of a group's sessions on one page, made for a phone: each session is delivered, full length and
    everyone there unless the member of staff changes it."""
    group = access_group_by_uid(request, uid, for_change="log")
    user = signed_in_user(request)
    today = timezone.localdate()
    monday = _week_from(request, today)
    slots = week_log(group=group, monday=monday, today=today)
    form = WeekLogForm(
        request.POST if request.method == "POST" else None, slots=slots, default_minutes=group.minutes_per_session
    )
    if request.method == "POST" and form.is_valid():
        entries = [
            SessionEntry(
                key=slot.key,
                held_on=slot.held_on,
                starts_at=slot.starts_at,
                status=form.cleaned_data[f"{slot.key}-status"],
                minutes=form.cleaned_data[f"{slot.key}-minutes"],
                note=form.cleaned_data[f"{slot.key}-note"],
                present=frozenset(form.cleaned_data[f"{slot.key}-present"]),
            )
            for slot in slots
            if form.cleaned_data[f"{slot.key}-status"] != NOT_LOGGED
        ]
        if not entries:
            form.add_error(None, "Choose what happened at one session at least.")
        else:
            try:
                sessions_log(group=group, entries=entries, by=user, request=request, today=today)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"{len(entries)} session{'s' if len(entries) != 1 else ''} logged.")
                return redirect(reverse("provision:log_week", args=[group.uid]) + f"?week={monday.isoformat()}")
    audit_record_pupils(
        actor=user,
        action=AuditAction.VIEW,
        object_type="provision.log",
        pupils={pupil.pk: pupil for slot in slots for pupil in slot.roll}.values(),
        request=request,
    )
    base = reverse("provision:log_week", args=[group.uid])
    following = monday + dt.timedelta(days=7)
    return _page(
        request,
        "provision/log_week.html",
        {
            "group": group,
            "form": form,
            "slots": form.bound_slots(),
            "monday": monday,
            "friday": monday + dt.timedelta(days=4),
            "previous_url": f"{base}?week={(monday - dt.timedelta(days=7)).isoformat()}",
            "next_url": f"{base}?week={following.isoformat()}" if following <= today else "",
            "delivered": SessionStatus.DELIVERED.value,
            "breadcrumbs": _group_crumbs(group),
        },
        title=f"Log sessions, {group.name}",
    )


# --- Whole-school map and impact report ------------------------------------------------------------------------


def _period(request: HttpRequest, school: School) -> tuple[Any, list[Any]]:
    options = school_periods(school=school)
    return choose_period(options, request.GET.get("period", ""), timezone.localdate()), options


@require_http_methods(["GET", "HEAD"])
def provision_map(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_by_urn(request, urn, roles=COST_VIEWER_ROLES)
    period, options = _period(request, school)
    result = whole_school_map(school=school, period=period)
    audit_record(
        actor=signed_in_user(request),
        action=AuditAction.VIEW,
        object_type="provision.map",
        object_id=school.urn,
        school=school,
        request=request,
        detail={"period": period.key},
    )
    return _page(
        request,
        "provision/map.html",
        {
            "school": school,
            "map": result,
            "period": period,
            "periods": options,
            "budget_url": reverse("provision:budget", args=[school.urn]),
            "impact_url": reverse("provision:impact", args=[school.urn]) + f"?period={period.key}",
            "roles_without_rate": roles_without_rate(school=school, today=timezone.localdate()),
            "rates_url": reverse("provision:rates", args=[school.urn]),
            "breadcrumbs": [_home_crumb()],
        },
        title=f"Provision map, {school.name}",
    )


IMPACT_COLUMNS = (
    ("name", "Intervention"),
    ("pupils", "Pupils"),
    ("attendance", "Attendance"),
    ("delivered", "Sessions delivered against planned"),
    ("progress", "Average progress"),
    ("effect", "Effect size"),
    ("cost", "Cost per pupil"),
    ("value", "Cost per unit of progress"),
)


@require_http_methods(["GET", "HEAD"])
def impact(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_by_urn(request, urn, roles=COST_VIEWER_ROLES)
    period, options = _period(request, school)
    sort = request.GET.get("sort", "name")
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in IMPACT_SORTS:
        key, descending = "name", False
    terms = [(option.starts_on, option.ends_on) for option in options if option.is_term]
    rows = impact_report(school=school, period=period, sort=key, descending=descending, terms=terms)
    audit_record(
        actor=signed_in_user(request),
        action=AuditAction.VIEW,
        object_type="provision.impact",
        object_id=school.urn,
        school=school,
        request=request,
        detail={"period": period.key},
    )
    base = reverse("provision:impact", args=[school.urn])
    columns = []
    for column, label in IMPACT_COLUMNS:
        current = column == key
        next_sort = f"-{column}" if current and not descending else column
        columns.append(
            {
                "label": label,
                "url": f"{base}?period={period.key}&sort={next_sort}",
                "aria_sort": ("descending" if descending else "ascending") if current else "none",
                "next": "descending" if next_sort.startswith("-") else "ascending",
            }
        )
    return _page(
        request,
        "provision/impact.html",
        {
            "school": school,
            "rows": rows,
            "period": period,
            "periods": options,
            "sort": sort,
            "columns": columns,
            "map_url": reverse("provision:map", args=[school.urn]) + f"?period={period.key}",
            "breadcrumbs": [_home_crumb()],
        },
        title=f"Impact of interventions, {school.name}",
    )


# --- A pupil's costed provision map ------------------------------------------------------------------------------


def _pupil_map_context(request: HttpRequest, uid: uuid.UUID, *, fmt: str) -> tuple[Any, PupilProvision]:
    pupil = access_pupil_for_change(request, uid, roles=COSTED_MAP_ROLES, part="provision.costed_map")
    provision = pupil_provision(pupil=pupil, today=timezone.localdate())
    if fmt != "html":
        audit_record(
            actor=signed_in_user(request),
            action=AuditAction.EXPORT,
            object_type="provision.costed_map",
            object_id=pupil.uid,
            pupil=pupil,
            request=request,
            detail={"format": fmt},
        )
    return pupil, provision


def _download(response: HttpResponse, name: str, *, inline: bool = False) -> HttpResponse:
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def pupil_map(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    pupil, provision = _pupil_map_context(request, uid, fmt="html")
    response = _page(
        request,
        "provision/pupil_map.html",
        {
            "pupil": pupil,
            "terms": provision.terms,
            "planned": provision.planned,
            "csv_url": reverse("provision:pupil_map_csv", args=[pupil.uid]),
            "xlsx_url": reverse("provision:pupil_map_xlsx", args=[pupil.uid]),
            "pdf_url": reverse("provision:pupil_map_pdf", args=[pupil.uid]),
            "breadcrumbs": [
                _home_crumb(),
                {"label": pupil.display_name, "url": reverse("pupils:record", args=[pupil.uid])},
            ],
        },
        title=f"Costed provision map, {pupil.display_name}",
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def pupil_map_csv(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    pupil, provision = _pupil_map_context(request, uid, fmt="csv")
    response = HttpResponse(exports.csv_text(pupil, provision.terms), content_type="text/csv; charset=utf-8")
    return _download(response, exports.filename(pupil, "csv"))


@require_http_methods(["GET", "HEAD"])
def pupil_map_xlsx(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    pupil, provision = _pupil_map_context(request, uid, fmt="xlsx")
    return _download(
        HttpResponse(exports.xlsx_bytes(pupil, provision.terms), content_type=XLSX_CONTENT_TYPE),
        exports.filename(pupil, "xlsx"),
    )


@require_http_methods(["GET", "HEAD"])
def pupil_map_pdf(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    pupil, provision = _pupil_map_context(request, uid, fmt="pdf")
    html = render_to_string(
        "provision/pupil_map_pdf.html", {"pupil": pupil, "terms": provision.terms, "printed_on": timezone.localdate()}
    )
    # No base_url and no external references in the template: WeasyPrint never touches the network.
    pdf = weasyprint.HTML(string=html).write_pdf()
    return _download(HttpResponse(pdf, content_type="application/pdf"), exports.filename(pupil, "pdf"), inline=True)
