"""The SEN register page, its exports, register decisions with their parent letters, and needs."""

from __future__ import annotations

import uuid

import weasyprint
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.navigation import nav_items
from accounts.selectors import access_for, signed_in_user
from audit.models import AuditAction
from audit.services import AuditSummary, audit_record, audit_record_pupils
from opensend.forms import apply_service_errors
from opensend.pagination import pagination_links
from pupils.models import Pupil, SenStatusCode
from pupils.permissions import REGISTER_ROLES, access_pupil_for_change, can_decide_register
from register.exports import XLSX_CONTENT_TYPE, csv_lines, export_filename, xlsx_bytes
from register.forms import NeedAddForm, NeedEndForm, ParentsInformedForm, RegisterDecisionForm, RegisterFilterForm
from register.permissions import access_decision_by_uid, access_need_for_change
from register.selectors import (
    RegisterFilters,
    RegisterList,
    RegisterRow,
    decision_letter,
    pupil_current_needs,
    register_counts,
    register_rows,
    registration_classes,
    school_staff,
)
from register.services import need_add, need_end, pupil_register_decide, register_decision_record_parents_informed
from schools.models import School
from schools.permissions import REGISTER_VIEWER_ROLES, access_school_by_urn

_COLUMNS = (("name", "Name"), ("year", "Year group"), ("status", "Status"), ("need", "Primary need"))
_EXPORT_CHUNK = 2000


def _record_url(pupil: Pupil) -> str:
    return reverse("pupils:record", args=[pupil.uid])


def _search_key(school: School) -> str:
    return f"register-search-{school.pk}"


def _filters(request: HttpRequest, school: School) -> tuple[RegisterFilterForm, RegisterFilters]:
    """The filters from the query string, and the name search from the session.

    A name search is personal data, so it never travels in a URL (where access logs, browser history and
    the sign-in redirect would keep it): the filter form is POSTed, the search is kept in the session and
    every other filter goes back into the query string.
    """
    data = request.GET.copy()
    data["q"] = request.session.get(_search_key(school), "")
    form = RegisterFilterForm(data, groups=registration_classes(school=school))
    return form, form.filters()


def _apply_filters(request: HttpRequest, school: School) -> HttpResponse:
    """POST from the filter form: keep the search in the session, send the rest as a bookmarkable GET."""
    form = RegisterFilterForm(request.POST, groups=registration_classes(school=school))
    filters = form.filters()
    if filters.search:
        request.session[_search_key(school)] = filters.search
    else:
        request.session.pop(_search_key(school), None)
    return redirect(reverse("register:list", args=[school.urn]) + filters.querystring())


def _sort_columns(base: str, filters: RegisterFilters) -> dict[str, dict[str, str]]:
    """Each sortable heading's link (the other direction when it is the current sort) and its aria-sort."""
    columns = {}
    for key, label in _COLUMNS:
        current = filters.sort_key == key
        next_sort = f"-{key}" if current and not filters.descending else key
        columns[key] = {
            "label": label,
            "url": base + filters.querystring(sort=next_sort if next_sort != "name" else ""),
            "aria_sort": ("descending" if filters.descending else "ascending") if current else "none",
            "next": "descending" if next_sort.startswith("-") else "ascending",
        }
    return columns


@require_http_methods(["GET", "HEAD", "POST"])
def register_list(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_by_urn(request, urn, roles=REGISTER_VIEWER_ROLES)
    if request.method == "POST":
        return _apply_filters(request, school)
    if request.GET.get("clear"):
        request.session.pop(_search_key(school), None)
        return redirect("register:list", urn=school.urn)
    form, filters = _filters(request, school)
    counts = register_counts(school_ids=[school.pk])
    paginator: Paginator[RegisterRow] = Paginator(
        register_rows(school=school, filters=filters), settings.REGISTER_PAGE_SIZE
    )
    if (known := counts.matching(filters)) is not None:
        paginator.count = known  # the counts above already hold it: no second count of the same pupils
    page = paginator.get_page(request.GET.get("page"))
    rows = page.object_list
    # The list's own event, and the read in the trail of every pupil it names: one insert.
    audit_record_pupils(
        actor=signed_in_user(request),
        action=AuditAction.VIEW,
        object_type="register.list",
        pupils=rows,
        request=request,
        detail={"page": page.number},
        summary=AuditSummary(
            object_id=school.urn,
            school=school,
            detail={**filters.audit_detail(), "page": page.number, "results": paginator.count},
        ),
    )
    base = reverse("register:list", args=[school.urn])
    return render(
        request,
        "register/register_list.html",
        {
            "school": school,
            "counts": counts,
            "form": form,
            "filters": filters,
            "page": page,
            "rows": rows,
            "columns": _sort_columns(base, filters),
            "pagination": pagination_links(
                page, lambda number: base + filters.querystring(**({"page": str(number)} if number > 1 else {}))
            ),
            "result_count": paginator.count,
            "clear_url": base + "?clear=1",
            "form_action": base,
            "add_pupil_url": reverse("pupils:add", args=[school.urn])
            if access_for(signed_in_user(request)).has_role(school.pk, REGISTER_ROLES)
            else "",
            "export_csv_url": reverse("register:export_csv", args=[school.urn]) + filters.querystring(),
            "export_xlsx_url": reverse("register:export_xlsx", args=[school.urn]) + filters.querystring(),
            "nav_items": nav_items(request),
            "page_title": f"SEN register, {school.name}",
            "breadcrumbs": [{"label": "Home", "url": reverse("accounts:home")}],
        },
    )


def _export_audit(
    request: HttpRequest, school: School, filters: RegisterFilters, *, fmt: str, rows: RegisterList
) -> int:
    """One event for the export, and one in the trail of every pupil it names. Returns the number of rows."""
    count = audit_record_pupils(
        actor=signed_in_user(request),
        action=AuditAction.EXPORT,
        object_type="register.export",
        pupils=rows.pupils(),
        request=request,
        detail={"format": fmt},
    )
    audit_record(
        actor=signed_in_user(request),
        action=AuditAction.EXPORT,
        object_type="register.export",
        object_id=school.urn,
        school=school,
        request=request,
        detail={"format": fmt, "filters": filters.audit_detail(), "rows": count},
    )
    return count


def _download_headers(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: no copies in shared caches or the browser's back/forward cache.
    response["Cache-Control"] = "no-store"


@require_http_methods(["GET", "HEAD"])
def export_csv(request: HttpRequest, urn: int) -> StreamingHttpResponse:
    school = access_school_by_urn(request, urn, roles=REGISTER_VIEWER_ROLES)
    _, filters = _filters(request, school)
    rows = register_rows(school=school, filters=filters)
    _export_audit(request, school, filters, fmt="csv", rows=rows)
    response = StreamingHttpResponse(
        csv_lines(rows.chunks(chunk_size=_EXPORT_CHUNK)), content_type="text/csv; charset=utf-8"
    )
    _download_headers(response, export_filename(urn=school.urn, on=timezone.localdate(), extension="csv"))
    return response


@require_http_methods(["GET", "HEAD"])
def export_xlsx(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_by_urn(request, urn, roles=REGISTER_VIEWER_ROLES)
    _, filters = _filters(request, school)
    rows = register_rows(school=school, filters=filters)
    _export_audit(request, school, filters, fmt="xlsx", rows=rows)
    response = HttpResponse(xlsx_bytes(rows.chunks(chunk_size=_EXPORT_CHUNK)), content_type=XLSX_CONTENT_TYPE)
    _download_headers(response, export_filename(urn=school.urn, on=timezone.localdate(), extension="xlsx"))
    return response


def _pupil_crumbs(pupil: Pupil) -> list[dict[str, str]]:
    return [
        {"label": "Home", "url": reverse("accounts:home")},
        {"label": "SEN register", "url": reverse("register:list", args=[pupil.school.urn])},
        {"label": pupil.display_name, "url": _record_url(pupil)},
    ]


@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    pupil = access_pupil_for_change(request, uid, roles=REGISTER_ROLES, part="register.decision")
    user = signed_in_user(request)
    form = RegisterDecisionForm(
        request.POST if request.method == "POST" else None,
        pupil=pupil,
        staff=school_staff(school=pupil.school),
        initial={"decided_by": user.pk, "decided_on": timezone.localdate()},
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = pupil_register_decide(
                pupil=pupil,
                to_status=data["to_status"],
                decided_on=data["decided_on"],
                reason=data["reason"],
                decided_by=data["decided_by"],
                parents_informed_on=data["parents_informed_on"],
                parents_informed_how=data["parents_informed_how"],
                primary_need=data.get("primary_need") or None,
                recorded_by=user,
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            # No names in messages: they travel in a cookie.
            messages.success(
                request,
                f"Decision recorded: {SenStatusCode(decision.to_status).label}. Send the parents the letter below.",
            )
            return redirect("register:letter", uid=decision.uid)
    return render(
        request,
        "register/decide.html",
        {
            "pupil": pupil,
            "form": form,
            "current_status": SenStatusCode(pupil.sen_status).label,
            "needs": pupil_current_needs(pupil=pupil),
            "record_url": _record_url(pupil),
            "nav_items": nav_items(request),
            "page_title": "Record a register decision",
            "breadcrumbs": _pupil_crumbs(pupil),
        },
    )


@require_http_methods(["GET", "HEAD"])
def letter(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    decision = access_decision_by_uid(request, uid, roles=REGISTER_VIEWER_ROLES, audit_read=False)
    audit_record(
        actor=signed_in_user(request),
        action=AuditAction.PRINT,
        object_type="register.letter",
        object_id=decision.uid,
        pupil=decision.pupil,
        request=request,
        detail={"format": "html"},
    )
    user = signed_in_user(request)
    response = render(
        request,
        "register/letter.html",
        {
            "decision": decision,
            "letter": decision_letter(decision=decision),
            "pdf_url": reverse("register:letter_pdf", args=[decision.uid]),
            "parents_informed_url": reverse("register:parents_informed", args=[decision.uid])
            if decision.parents_informed_on is None and can_decide_register(user, decision.pupil)
            else "",
            "record_url": _record_url(decision.pupil),
            "nav_items": nav_items(request),
            "page_title": "Letter to parents",
            "breadcrumbs": _pupil_crumbs(decision.pupil),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def letter_pdf(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    decision = access_decision_by_uid(request, uid, roles=REGISTER_VIEWER_ROLES, audit_read=False)
    audit_record(
        actor=signed_in_user(request),
        action=AuditAction.PRINT,
        object_type="register.letter",
        object_id=decision.uid,
        pupil=decision.pupil,
        request=request,
        detail={"format": "pdf"},
    )
    html = render_to_string("register/letter_pdf.html", {"letter": decision_letter(decision=decision)})
    # No base_url and no external references in the template: WeasyPrint never touches the network.
    pdf = weasyprint.HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="register-letter-{decision.decided_on.isoformat()}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def parents_informed(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    decision = access_decision_by_uid(request, uid, roles=REGISTER_ROLES)
    form = ParentsInformedForm(
        request.POST if request.method == "POST" else None, initial={"informed_on": timezone.localdate()}
    )
    if form.is_valid():
        try:
            register_decision_record_parents_informed(
                decision=decision,
                informed_on=form.cleaned_data["informed_on"],
                how=form.cleaned_data["how"],
                by=signed_in_user(request),
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The date parents were told has been recorded.")
            return redirect(_record_url(decision.pupil))
    return render(
        request,
        "register/parents_informed.html",
        {
            "decision": decision,
            "pupil": decision.pupil,
            "to_status": SenStatusCode(decision.to_status).label,
            "form": form,
            "letter_url": reverse("register:letter", args=[decision.uid]),
            "record_url": _record_url(decision.pupil),
            "nav_items": nav_items(request),
            "page_title": "Record that parents were told",
            "breadcrumbs": _pupil_crumbs(decision.pupil),
        },
    )


@require_http_methods(["GET", "POST"])
def need_add_view(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    pupil = access_pupil_for_change(request, uid, roles=REGISTER_ROLES, part="register.need")
    needs = pupil_current_needs(pupil=pupil)
    form = NeedAddForm(
        request.POST if request.method == "POST" else None,
        initial={"rank": len(needs) + 1, "started_on": timezone.localdate()},
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            need_add(
                pupil=pupil,
                code=data["code"],
                rank=data["rank"],
                started_on=data["started_on"],
                description=data["description"],
                diagnosis=data["diagnosis"],
                diagnosis_source=data["diagnosis_source"],
                diagnosis_date=data["diagnosis_date"],
                by=signed_in_user(request),
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Need added.")
            return redirect(_record_url(pupil))
    return render(
        request,
        "register/need_add.html",
        {
            "pupil": pupil,
            "form": form,
            "needs": needs,
            "on_register": pupil.sen_status != SenStatusCode.NONE,
            "decide_url": reverse("register:decide", args=[pupil.uid]),
            "record_url": _record_url(pupil),
            "nav_items": nav_items(request),
            "page_title": "Add a need",
            "breadcrumbs": _pupil_crumbs(pupil),
        },
    )


@require_http_methods(["GET", "POST"])
def need_end_view(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    need = access_need_for_change(request, uid)
    form = NeedEndForm(request.POST if request.method == "POST" else None, initial={"ended_on": timezone.localdate()})
    if form.is_valid():
        try:
            need_end(
                need=need,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
                by=signed_in_user(request),
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Need ended.")
            return redirect(_record_url(need.pupil))
    return render(
        request,
        "register/need_end.html",
        {
            "need": need,
            "pupil": need.pupil,
            "form": form,
            "record_url": _record_url(need.pupil),
            "nav_items": nav_items(request),
            "page_title": "End a need",
            "breadcrumbs": _pupil_crumbs(need.pupil),
        },
    )
