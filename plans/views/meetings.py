"""Meetings with parents (Code of Practice 6.65): a pupil's meetings, recording and changing a note, recording the
day it was shared, archiving, the note as a page and a PDF, and the parents' own list of shared notes."""

from __future__ import annotations

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

from accounts.navigation import nav_items
from accounts.selectors import access_for, signed_in_user
from audit.models import AuditAction
from audit.services import audit_record
from opensend.forms import apply_service_errors
from plans.forms.meetings import MeetingForm, MeetingShareForm
from plans.models import Meeting
from plans.permissions import CYCLE_READER_ROLES, MEETING_ROLES, access_meeting, children_ids, may_change
from plans.selectors.meetings import (
    linkable_cycles,
    meeting_checks,
    pupil_meetings,
    shared_notes_for_parent,
)
from plans.services.meetings import (
    meeting_archive,
    meeting_note_errors,
    meeting_record,
    meeting_share,
    meeting_update,
)
from pupils.models import Pupil
from pupils.permissions import audit_pupil_read, pupils_visible_as_staff, pupils_visible_to


def _record_url(pupil: Pupil) -> str:
    return reverse("pupils:record", args=[pupil.uid])


def _meetings_url(pupil: Pupil) -> str:
    return reverse("plans:pupil_meetings", args=[pupil.uid])


def _crumbs(pupil: Pupil, *, meetings: bool = True) -> list[dict[str, str]]:
    crumbs = [
        {"label": "Home", "url": reverse("accounts:home")},
        {"label": pupil.display_name, "url": _record_url(pupil)},
    ]
    if meetings:
        crumbs.append({"label": "Meetings", "url": _meetings_url(pupil)})
    return crumbs


def _staff_pupil(request: HttpRequest, uid: uuid.UUID, *, roles: frozenset[str] | None, part: str) -> Pupil:
    """The pupil, for staff who work with them (404 for everyone else, parents included: they have their own
    page); with `roles`, 403 unless the user may record meetings for this pupil. The read is audited."""
    user = signed_in_user(request)
    schools = access_for(user).schools_with(CYCLE_READER_ROLES)
    try:
        pupil = (
            pupils_visible_as_staff(user)
            .filter(school_id__in=schools)
            .select_related("school__local_authority")
            .get(uid=uid)
        )
    except (Pupil.DoesNotExist, ValueError):
        raise Http404 from None
    if roles is not None and not may_change(user, pupil, roles=roles):
        raise PermissionDenied
    audit_pupil_read(request, pupil, part=part)
    return pupil


def _readable_meeting(request: HttpRequest, uid: uuid.UUID) -> tuple[Meeting, bool]:
    """The meeting and whether the reader is staff: staff who work with the pupil see every note; the pupil's
    parents see a note once it is shared with them and not archived. 404 for everyone else."""
    try:
        return access_meeting(request, uid), True
    except Http404:
        pass
    user = signed_in_user(request)
    try:
        meeting = Meeting.objects.select_related("pupil__school__local_authority").get(
            uid=uid,
            pupil_id__in=children_ids(user),
            pupil__archived_at__isnull=True,
            shared_with_parents_on__isnull=False,
            archived_at__isnull=True,
        )
    except (Meeting.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    audit_pupil_read(request, meeting.pupil, part="plans.meeting_note", object_id=meeting.uid)
    return meeting, False


@require_http_methods(["GET", "HEAD"])
def pupil_meetings_view(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    pupil = _staff_pupil(request, uid, roles=None, part="plans.meetings")
    today = timezone.localdate()
    return render(
        request,
        "plans/meeting_list.html",
        {
            "pupil": pupil,
            "meetings": pupil_meetings(pupil=pupil),
            "archived": pupil_meetings(pupil=pupil, archived=True),
            "meeting_flags": meeting_checks(pupils=[pupil], today=today).get(pupil.pk),
            "can_record_meeting": may_change(signed_in_user(request), pupil, roles=MEETING_ROLES),
            "nav_items": nav_items(request),
            "page_title": f"Meetings about {pupil.display_name}",
            "breadcrumbs": _crumbs(pupil, meetings=False),
        },
    )


def _note_values(form: MeetingForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in MeetingForm.base_fields}


def _report_note_problems(form: MeetingForm, pupil: Pupil, linked_cycle_id: int | None = None) -> None:
    """When some fields are missing, still check the rest now (a date in the future, a cycle of another pupil),
    so that every problem is reported in one round rather than after the first ones are fixed."""
    data = form.cleaned_data
    problems = meeting_note_errors(
        pupil=pupil,
        kind=data.get("kind", Meeting.Kind.OTHER),
        held_on=data.get("held_on"),
        attendees=data.get("attendees", "-"),
        notes=data.get("notes", "-"),
        cycle=data.get("cycle"),
        today=timezone.localdate(),
        linked_cycle_id=linked_cycle_id,
    )
    for field, problem in problems.items():
        if field in form.fields and field not in form.errors:
            form.add_error(field, problem)


@require_http_methods(["GET", "POST"])
def meeting_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    pupil = _staff_pupil(request, uid, roles=MEETING_ROLES, part="plans.meetings")
    today = timezone.localdate()
    cycles = linkable_cycles(pupil=pupil, today=today)
    open_cycle = next((cycle for cycle in cycles if cycle.is_open), None)
    form = MeetingForm(
        request.POST or None,
        cycles=cycles,
        initial={"held_on": today, "with_parents": "yes", "cycle": open_cycle.pk if open_cycle else None},
    )
    if request.method == "POST" and not form.is_valid():
        _report_note_problems(form, pupil)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_record(pupil=pupil, by=signed_in_user(request), request=request, **_note_values(form))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Meeting recorded. Check the note, then share it with the parents.")
            return redirect("plans:meeting", uid=meeting.uid)
    return render(
        request,
        "plans/meeting_form.html",
        {
            "form": form,
            "pupil": pupil,
            "cancel_url": _meetings_url(pupil),
            "submit_label": "Record meeting",
            "nav_items": nav_items(request),
            "page_title": "Record a meeting",
            "breadcrumbs": _crumbs(pupil),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    meeting = access_meeting(request, uid, roles=MEETING_ROLES)
    pupil = meeting.pupil
    cycles = linkable_cycles(pupil=pupil, today=timezone.localdate(), keep=meeting.cycle)
    form = MeetingForm(request.POST or None, cycles=cycles, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and not form.is_valid():
        _report_note_problems(form, pupil, meeting.cycle_id)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_update(meeting=meeting, by=signed_in_user(request), request=request, **_note_values(form))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Meeting note saved.")
            return redirect("plans:meeting", uid=meeting.uid)
    return render(
        request,
        "plans/meeting_form.html",
        {
            "form": form,
            "pupil": pupil,
            "meeting": meeting,
            "locked": meeting.shared_with_parents_on is not None or meeting.archived_at is not None,
            "cancel_url": reverse("plans:meeting", args=[meeting.uid]),
            "submit_label": "Save note",
            "nav_items": nav_items(request),
            "page_title": "Change a meeting note",
            "breadcrumbs": _crumbs(pupil),
        },
    )


@require_http_methods(["GET", "HEAD"])
def meeting_detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    meeting, is_staff = _readable_meeting(request, uid)
    user = signed_in_user(request)
    can_change = is_staff and may_change(user, meeting.pupil, roles=MEETING_ROLES)
    pupil = meeting.pupil
    response = render(
        request,
        "plans/meeting_note.html",
        {
            "meeting": meeting,
            "pupil": pupil,
            "school": pupil.school,
            "is_staff": is_staff,
            "can_edit": can_change and meeting.shared_with_parents_on is None and meeting.archived_at is None,
            "can_share": can_change and meeting.shared_with_parents_on is None and meeting.archived_at is None,
            "can_archive": can_change and meeting.archived_at is None,
            "pdf_url": reverse("plans:meeting_pdf", args=[meeting.uid]),
            "back_url": _meetings_url(pupil) if is_staff else reverse("plans:child_meetings", args=[pupil.uid]),
            "nav_items": nav_items(request),
            "page_title": f"Note of the meeting on {meeting.held_on:%-d %B %Y}",
            "breadcrumbs": _crumbs(pupil, meetings=is_staff),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def meeting_pdf(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    meeting, _ = _readable_meeting(request, uid)
    audit_record(
        actor=signed_in_user(request),
        action=AuditAction.PRINT,
        object_type="plans.meeting_note",
        object_id=meeting.uid,
        pupil=meeting.pupil,
        request=request,
        detail={"format": "pdf"},
    )
    html = render_to_string(
        "plans/meeting_note_pdf.html", {"meeting": meeting, "pupil": meeting.pupil, "school": meeting.pupil.school}
    )
    # No base_url and no external references in the template: WeasyPrint never touches the network.
    pdf = weasyprint.HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="meeting-note-{meeting.held_on.isoformat()}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def meeting_share_view(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    meeting = access_meeting(request, uid, roles=MEETING_ROLES)
    form = MeetingShareForm(request.POST or None, initial={"shared_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting_share(
                meeting=meeting, shared_on=form.cleaned_data["shared_on"], by=signed_in_user(request), request=request
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Recorded as shared. The parents can now read the note in OpenSEND.")
            return redirect("plans:meeting", uid=meeting.uid)
    return render(
        request,
        "plans/meeting_share.html",
        {
            "form": form,
            "meeting": meeting,
            "pupil": meeting.pupil,
            "locked": meeting.shared_with_parents_on is not None or meeting.archived_at is not None,
            "cancel_url": reverse("plans:meeting", args=[meeting.uid]),
            "nav_items": nav_items(request),
            "page_title": "Record that the note was shared",
            "breadcrumbs": _crumbs(meeting.pupil),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_archive_view(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    meeting = access_meeting(request, uid, roles=MEETING_ROLES)
    error = ""
    if request.method == "POST":
        try:
            meeting_archive(meeting=meeting, by=signed_in_user(request), request=request)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, "Meeting archived. It stays in the pupil's history and no longer counts.")
            return redirect(_meetings_url(meeting.pupil))
    return render(
        request,
        "plans/meeting_archive.html",
        {
            "meeting": meeting,
            "pupil": meeting.pupil,
            "error": error,
            "cancel_url": reverse("plans:meeting", args=[meeting.uid]),
            "nav_items": nav_items(request),
            "page_title": "Archive a meeting",
            "breadcrumbs": _crumbs(meeting.pupil),
        },
    )


@require_http_methods(["GET", "HEAD"])
def child_meetings(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """A parent's list of the meeting notes shared with them about one of their children."""
    user = signed_in_user(request)
    try:
        pupil = (
            pupils_visible_to(user)
            .filter(pk__in=children_ids(user))
            .select_related("school__local_authority")
            .get(uid=uid)
        )
    except (Pupil.DoesNotExist, ValueError):
        raise Http404 from None
    audit_pupil_read(request, pupil, part="plans.parent_meetings")
    return render(
        request,
        "plans/meeting_parent_list.html",
        {
            "pupil": pupil,
            "meetings": shared_notes_for_parent(user=user, pupil=pupil),
            "nav_items": nav_items(request),
            "page_title": f"Meeting notes about {pupil.forename}",
            "breadcrumbs": [
                {"label": "Home", "url": reverse("accounts:home")},
                {"label": "My children", "url": reverse("pupils:my_children")},
            ],
        },
    )
