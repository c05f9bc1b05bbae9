"""The plan, the review and the one-page profile as PDFs (WeasyPrint). Each is audited as printed or downloaded.

The HTML handed to WeasyPrint has no external references and no base_url, so printing never touches the network.
"""

from __future__ import annotations

import uuid
from typing import Any

import weasyprint
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.selectors import signed_in_user
from audit.models import AuditAction
from audit.services import audit_record
from plans.models import SupportCycle, Voice
from plans.permissions import access_cycle_by_uid
from plans.selectors.cycles import cycle_detail
from pupils.models import ProfileVersion, Pupil
from pupils.permissions import access_pupil_by_uid
from pupils.selectors import latest_profiles
from register.models import Need


def render_pdf(template: str, context: dict[str, Any], *, filename: str) -> HttpResponse:
    context = {"printed_on": timezone.localdate(), **context}
    html = render_to_string(template, context)
    pdf = weasyprint.HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def audit_print(request: HttpRequest, *, object_type: str, object_id: object, pupil: Pupil) -> None:
    audit_record(
        actor=signed_in_user(request),
        action=AuditAction.PRINT,
        object_type=object_type,
        object_id=object_id,
        pupil=pupil,
        request=request,
        detail={"format": "pdf"},
    )


def _current_needs(pupil: Pupil) -> list[Need]:
    return list(Need.objects.filter(pupil=pupil, ended_on__isnull=True).order_by("rank"))


def _voices(voices: list[Voice], whose: str) -> list[Voice]:
    return [voice for voice in voices if voice.whose == whose]


def _cycle_context(cycle: SupportCycle) -> dict[str, Any]:
    detail = cycle_detail(cycle=cycle)
    return {
        "cycle": cycle,
        "detail": detail,
        "pupil": cycle.pupil,
        "school": cycle.school,
        "needs": _current_needs(cycle.pupil),
    }


@require_http_methods(["GET", "HEAD"])
def plan_pdf(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_cycle_by_uid(request, uid, part="plans.plan")
    audit_print(request, object_type="plans.plan", object_id=cycle.uid, pupil=cycle.pupil)
    context = _cycle_context(cycle)
    detail = context["detail"]
    context.update(
        pupil_views=_voices(detail.assess_voices, Voice.Whose.PUPIL),
        parent_views=_voices(detail.assess_voices, Voice.Whose.PARENT),
    )
    return render_pdf("plans/pdf/plan.html", context, filename=f"support-plan-{cycle.number}.pdf")


@require_http_methods(["GET", "HEAD"])
def review_pdf(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_cycle_by_uid(request, uid, part="plans.review")
    audit_print(request, object_type="plans.review", object_id=cycle.uid, pupil=cycle.pupil)
    context = _cycle_context(cycle)
    detail = context["detail"]
    context.update(
        pupil_views=_voices(detail.review_voices, Voice.Whose.PUPIL),
        parent_views=_voices(detail.review_voices, Voice.Whose.PARENT),
    )
    return render_pdf("plans/pdf/review.html", context, filename=f"support-review-{cycle.number}.pdf")


@require_http_methods(["GET", "HEAD"])
def profile_pdf(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """The latest one-page profile, for everyone who may read the pupil's record (Code 6.49), parents included."""
    pupil = access_pupil_by_uid(request, uid, part="profile")
    profile = latest_profiles([pupil.pk]).get(pupil.pk)
    if profile is None:
        raise Http404
    audit_print(request, object_type="pupil.profile", object_id=pupil.uid, pupil=pupil)
    sections = [
        {
            "label": str(getattr(ProfileVersion._meta.get_field(name), "verbose_name", name)),
            "text": getattr(profile, name),
        }
        for name in ProfileVersion.PROFILE_FIELDS
        if name != "named_adult"
    ]
    return render_pdf(
        "plans/pdf/profile.html",
        {
            "pupil": pupil,
            "school": pupil.school,
            "profile": profile,
            "sections": [section for section in sections if section["text"]],
        },
        filename="one-page-profile.pdf",
    )
