from __future__ import annotations

import copy
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from accounts.navigation import nav_items
from accounts.selectors import access_for, signed_in_user
from audit.models import AuditAction
from audit.services import audit_record_pupils
from opensend.forms import apply_service_errors
from plans.permissions import CYCLE_EDITOR_ROLES, CYCLE_READER_ROLES, shared_cycles_for_parent
from plans.selectors.cycles import cycles_for_pupil
from plans.selectors.meetings import record_meetings
from provision.permissions import COSTED_MAP_ROLES
from pupils import services
from pupils.forms import (
    AdjustmentForm,
    ArchiveForm,
    BarrierForm,
    BarrierWithAdjustmentsForm,
    CompareForm,
    ProfileForm,
    PupilDetailsForm,
    PupilStartForm,
)
from pupils.models import Adjustment, Barrier, ProfileVersion, Pupil
from pupils.permissions import (
    PROFILE_EDITOR_ROLES,
    REGISTER_ROLES,
    access_pupil_by_uid,
    access_pupil_for_change,
    access_pupil_record,
    audit_pupil_read,
    can_edit_profile,
    can_view_audit,
    pupils_visible_to,
)
from pupils.selectors import children_of, profile_diff, pupil_record, pupils_taught_by
from schools.permissions import access_school_by_urn


def _record_url(pupil: Pupil) -> str:
    return reverse("pupils:record", args=[pupil.uid])


def _crumbs(pupil: Pupil | None = None) -> list[dict[str, str]]:
    crumbs = [{"label": "Home", "url": reverse("accounts:home")}]
    if pupil is not None:
        crumbs.append({"label": pupil.display_name, "url": _record_url(pupil)})
    return crumbs


def record(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    rights = access_pupil_record(request, uid)
    pupil, user = rights.pupil, rights.user
    # A parent who also works at the school sees their own child's record as a parent, unless they teach them.
    access = access_for(user)
    is_staff = bool(access.roles_by_school.get(pupil.school_id)) and rights.is_staff()
    today = timezone.localdate()
    reads_cycles = is_staff and access.has_role(pupil.school_id, CYCLE_READER_ROLES)
    cycles = cycles_for_pupil(pupil_id=pupil.pk, today=today) if reads_cycles else []
    can_edit_cycles = rights.may_change(CYCLE_EDITOR_ROLES)
    return render(
        request,
        "pupils/record.html",
        {
            "record": pupil_record(pupil=pupil, as_staff=is_staff),
            "cycles": cycles,
            "can_start_cycle": can_edit_cycles and not any(row.cycle.is_open for row in cycles),
            "can_see_costs": access.has_role(pupil.school_id, COSTED_MAP_ROLES),
            "meetings_section": record_meetings(pupil=pupil, user=user, today=today, rights=rights),
            "pupil": pupil,
            "is_staff": is_staff,
            "can_edit_profile": rights.can_change(PROFILE_EDITOR_ROLES),
            "can_decide": rights.can_change(REGISTER_ROLES),
            "can_view_audit": can_view_audit(user, pupil),
            "nav_items": nav_items(request),
            "page_title": pupil.display_name,
            "breadcrumbs": _crumbs(),
        },
    )


@require_http_methods(["GET", "POST"])
def details_edit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    pupil = access_pupil_for_change(request, uid, roles=REGISTER_ROLES, part="details")
    # A ModelForm writes cleaned values onto its instance; give it a copy so the service still sees the
    # saved values and can tell what changed.
    form = PupilDetailsForm(request.POST or None, instance=copy.copy(pupil))
    if request.method == "POST" and form.is_valid():
        try:
            services.pupil_update_details(
                pupil=pupil, data=form.cleaned_data, by=signed_in_user(request), request=request
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Pupil details saved.")
            return redirect(_record_url(pupil))
    return render(
        request,
        "pupils/details_form.html",
        {
            "form": form,
            "pupil": pupil,
            "nav_items": nav_items(request),
            "page_title": "Change pupil details",
            "breadcrumbs": _crumbs(pupil),
        },
    )


def _report_detail_problems(form: PupilDetailsForm) -> None:
    """When some fields are missing, still check the UPN and date of birth now, so every problem
    is reported in one round rather than after the rest of the form is fixed."""
    data = {**form.cleaned_data, "upn": form.data.get("upn", "")}
    try:
        services.pupil_validate_details(data=data, today=timezone.localdate())
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            if field in form.fields and field not in form.errors:
                form.add_error(field, problems)


@require_http_methods(["GET", "POST"])
def pupil_add(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_by_urn(request, urn, roles=frozenset({Role.SENDCO}))
    form = PupilDetailsForm(request.POST or None)
    start_form = PupilStartForm(request.POST or None)
    if request.method == "POST" and not (form.is_valid() and start_form.is_valid()):
        _report_detail_problems(form)
    if request.method == "POST" and form.is_valid() and start_form.is_valid():
        try:
            pupil = services.pupil_create(
                school=school,
                data=form.cleaned_data,
                started_on=start_form.cleaned_data["started_on"],
                by=signed_in_user(request),
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Pupil added.")
            return redirect(_record_url(pupil))
    return render(
        request,
        "pupils/details_form.html",
        {
            "form": form,
            "start_form": start_form,
            "school": school,
            "nav_items": nav_items(request),
            "page_title": f"Add a pupil to {school.name}",
            "breadcrumbs": _crumbs(),
        },
    )


@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    pupil = access_pupil_for_change(request, uid, roles=PROFILE_EDITOR_ROLES, part="profile")
    current = services.profile_current(pupil)
    conflict: ProfileVersion | None = None
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                version = services.profile_save_version(
                    pupil=pupil,
                    data=form.cleaned_data,
                    change_note=form.cleaned_data["change_note"],
                    by=signed_in_user(request),
                    based_on=form.cleaned_data.get("based_on") or 0,
                    request=request,
                )
            except services.ProfileConflict as clash:
                # Someone saved a newer version while this person was typing: keep what they typed and show both.
                conflict = clash.current
                form.add_error(
                    None,
                    f"{conflict.created_by.full_name} saved version {conflict.number} while you were editing. "
                    "Your text is still below: compare it with theirs, then save again.",
                )
                form.data = {**form.data.dict(), "based_on": str(conflict.number)}  # type: ignore[attr-defined]
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"Profile saved as version {version.number}.")
                return redirect(_record_url(pupil))
    else:
        initial = {name: getattr(current, name) for name in ProfileVersion.PROFILE_FIELDS} if current else {}
        form = ProfileForm(initial={**initial, "based_on": current.number if current else 0})
    return render(
        request,
        "pupils/profile_form.html",
        {
            "form": form,
            "pupil": pupil,
            "current": current,
            "conflict": conflict,
            "nav_items": nav_items(request),
            "page_title": "Edit one-page profile",
            "breadcrumbs": _crumbs(pupil),
        },
    )


def profile_history(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    pupil = access_pupil_by_uid(request, uid, part="profile_history")
    versions = list(ProfileVersion.objects.filter(pupil=pupil).select_related("created_by").order_by("-number"))
    by_number = {version.number: version for version in versions}
    compare = CompareForm(request.GET or None)
    diff = None
    shown = None
    if "version" in request.GET:
        try:
            shown = by_number[int(request.GET["version"])]
        except (KeyError, ValueError):
            raise Http404 from None
    if compare.is_bound and compare.is_valid():
        older, newer = compare.cleaned_data["older"], compare.cleaned_data["newer"]
        if older not in by_number or newer not in by_number:
            compare.add_error(None, f"Choose versions between 1 and {len(versions)}.")
        elif older == newer:
            compare.add_error("newer", "Choose two different versions to compare.")
        else:
            older, newer = min(older, newer), max(older, newer)
            diff = {
                "older": by_number[older],
                "newer": by_number[newer],
                "fields": profile_diff(by_number[older], by_number[newer]),
            }
    elif not compare.is_bound and len(versions) >= 2:
        compare = CompareForm(initial={"older": versions[1].number, "newer": versions[0].number})
    return render(
        request,
        "pupils/profile_history.html",
        {
            "pupil": pupil,
            "versions": versions,
            "compare": compare,
            "diff": diff,
            "shown": shown,
            "nav_items": nav_items(request),
            "page_title": "Profile history",
            "breadcrumbs": _crumbs(pupil),
        },
    )


def _barrier_for_change(request: HttpRequest, uid: uuid.UUID) -> Barrier:
    user = signed_in_user(request)
    try:
        barrier = Barrier.objects.select_related("pupil").get(uid=uid, pupil__in=pupils_visible_to(user))
    except Barrier.DoesNotExist:
        raise Http404 from None
    if not can_edit_profile(user, barrier.pupil):
        raise PermissionDenied
    audit_pupil_read(request, barrier.pupil, part="barrier", object_id=barrier.uid)
    return barrier


def _render_barrier_form(request: HttpRequest, pupil: Pupil, form: object, title: str, **extra: object) -> HttpResponse:
    return render(
        request,
        "pupils/barrier_form.html",
        {
            "form": form,
            "pupil": pupil,
            "nav_items": nav_items(request),
            "page_title": title,
            "breadcrumbs": _crumbs(pupil),
            **extra,
        },
    )


@require_http_methods(["GET", "POST"])
def barrier_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    pupil = access_pupil_for_change(request, uid, roles=PROFILE_EDITOR_ROLES, part="barrier")
    form = BarrierWithAdjustmentsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.barrier_add(
                pupil=pupil,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                adjustments=form.adjustments(),
                by=signed_in_user(request),
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Barrier added.")
            return redirect(_record_url(pupil) + "#barriers")
    return _render_barrier_form(request, pupil, form, "Add a barrier to learning", with_adjustments=True)


@require_http_methods(["GET", "POST"])
def barrier_edit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    barrier = _barrier_for_change(request, uid)
    form = BarrierForm(request.POST or None, initial={"title": barrier.title, "description": barrier.description})
    if request.method == "POST" and form.is_valid():
        try:
            services.barrier_update(
                barrier=barrier,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                by=signed_in_user(request),
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Barrier saved.")
            return redirect(_record_url(barrier.pupil) + "#barriers")
    return _render_barrier_form(request, barrier.pupil, form, "Change a barrier to learning")


@require_http_methods(["GET", "POST"])
def barrier_archive(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    barrier = _barrier_for_change(request, uid)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.barrier_archive(
                barrier=barrier, reason=form.cleaned_data["reason"], by=signed_in_user(request), request=request
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Barrier archived. It stays in the pupil's history.")
            return redirect(_record_url(barrier.pupil) + "#barriers")
    return _render_barrier_form(request, barrier.pupil, form, f"Archive the barrier '{barrier.title}'", archiving=True)


@require_http_methods(["GET", "POST"])
def adjustment_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    barrier = _barrier_for_change(request, uid)
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.adjustment_add(
                barrier=barrier,
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                by=signed_in_user(request),
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Adjustment added.")
            return redirect(_record_url(barrier.pupil) + "#barriers")
    return _render_barrier_form(request, barrier.pupil, form, f"Add an adjustment for '{barrier.title}'")


@require_POST
def adjustment_archive(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    try:
        adjustment = Adjustment.objects.select_related("barrier__pupil").get(
            uid=uid, barrier__pupil__in=pupils_visible_to(user)
        )
    except Adjustment.DoesNotExist:
        raise Http404 from None
    if not can_edit_profile(user, adjustment.barrier.pupil):
        raise PermissionDenied
    try:
        services.adjustment_archive(adjustment=adjustment, by=user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Adjustment archived.")
    return redirect(_record_url(adjustment.barrier.pupil) + "#barriers")


def my_pupils(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    access = access_for(user)
    if not access.group_school_ids:
        raise Http404
    # With the plan in force: shared with every adult who works with the pupil (Code 6.49).
    pupils = pupils_taught_by(user=user, school_ids=access.group_school_ids)
    # Each pupil shown by name is a read of their record: one audit row each, written in one query.
    audit_record_pupils(
        actor=user,
        action=AuditAction.VIEW,
        object_type="pupil.summary",
        pupils=pupils,
        request=request,
        detail={"page": "my_pupils"},
    )
    return render(
        request,
        "pupils/my_pupils.html",
        {
            "pupils": pupils,
            "nav_items": nav_items(request, active="my_pupils"),
            "page_title": "My pupils",
            "breadcrumbs": _crumbs(),
        },
    )


def my_children(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    children = list(children_of(user=user))
    if not children:
        raise Http404
    # Plans reach parents only once shared with them (plans.permissions.access_shared_plan), newest first.
    shared_plans = list(shared_cycles_for_parent(user).order_by("-plan_shared_with_parents_on", "-number"))
    return render(
        request,
        "pupils/my_children.html",
        {
            "children": children,
            "shared_plans": shared_plans,
            "nav_items": nav_items(request),
            "page_title": "My children",
            "breadcrumbs": _crumbs(),
        },
    )
