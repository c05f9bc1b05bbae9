"""The plan in plain English for parents (Code 6.48, 6.65): what we are working on, how we will know it is working,
what happens at school and at home, when we meet again and who to contact. As a page and as a PDF.

Parents reach it from "My children" once the plan is shared with them; staff who work with the pupil can open it
at any time to see what the parents see. Abbreviations in what staff wrote are spelled out (lib.plain_english).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import Membership, Role
from accounts.navigation import nav_items
from accounts.selectors import active_q, signed_in_user
from lib.plain_english import spell_out
from plans.models import SupportCycle
from plans.permissions import access_shared_plan, is_staff_for
from plans.selectors.cycles import cycle_detail
from plans.views.documents import cycle_crumbs
from plans.views.pdfs import audit_print, render_pdf
from pupils.models import GroupMembership
from schools.models import StaffAssignment


@dataclass(frozen=True)
class Contact:
    name: str
    role: str


def _contacts(cycle: SupportCycle) -> list[Contact]:
    """The SENDCo and the pupil's class teachers today: the people a parent can ask about the plan."""
    today = timezone.localdate()
    sendcos = Membership.objects.filter(active_q(today), school_id=cycle.school_id, role=Role.SENDCO).select_related(
        "user"
    )
    groups = GroupMembership.objects.filter(active_q(today), pupil_id=cycle.pupil_id).values("group_id")
    teachers = StaffAssignment.objects.filter(
        active_q(today), group_id__in=groups, role=StaffAssignment.Role.TEACHER
    ).select_related("user", "group")
    contacts: dict[int, Contact] = {}
    for membership in sendcos.order_by("user__full_name"):
        contacts.setdefault(
            membership.user_id, Contact(membership.user.full_name, "the school's special needs co-ordinator")
        )
    for assignment in teachers.order_by("user__full_name"):
        contacts.setdefault(assignment.user_id, Contact(assignment.user.full_name, f"teacher, {assignment.group.name}"))
    return list(contacts.values())


def _parent_plan(cycle: SupportCycle) -> dict[str, Any]:
    """The plan as plain values, with abbreviations spelled out."""
    detail = cycle_detail(cycle=cycle)
    return {
        "outcomes": [
            {
                "description": spell_out(outcome.description),
                "success_criteria": spell_out(outcome.success_criteria),
                "baseline": spell_out(outcome.baseline),
                "target": spell_out(outcome.target_value),
                "measure_how": spell_out(outcome.measure_how),
                "measure_when": spell_out(outcome.measure_when),
                "measured_by": spell_out(outcome.measured_by),
            }
            for outcome in detail.outcomes
        ],
        "provisions": [
            {
                "description": spell_out(item.description),
                "delivered_by": spell_out(item.delivered_by),
                "frequency": spell_out(item.frequency),
                "starts_on": item.starts_on,
                "ends_on": item.ends_on,
                "in_class": item.kind == item.Kind.ADJUSTMENT,
            }
            for item in detail.provisions
        ],
        "at_home": spell_out(cycle.parents_at_home),
        "contacts": _contacts(cycle),
    }


# How each rating and decision reads to a parent.
RATING_WORDS = {
    "not_achieved": "Not reached yet",
    "partly": "Part of the way there",
    "achieved": "Reached",
    "exceeded": "Went further than we hoped",
}
NEXT_STEP_WORDS = {
    "another_cycle": "We will keep going with a new plan, starting from what we have learned. We will agree it with you.",
    "quality_first": "The extra support can stop: good teaching in class, with the help that works, is enough for now.",
    "specialist": "We will ask a specialist for advice, and talk with you before we do.",
    "ehc_request": "We will ask the local authority to look at whether an Education, Health and Care plan is needed.",
}


def _parent_review(cycle: SupportCycle) -> dict[str, Any] | None:
    """How the plan went, in plain words, once the review is shared with the parents."""
    if cycle.review_shared_with_parents_on is None:
        return None
    detail = cycle_detail(cycle=cycle)
    return {
        "reviewed_on": cycle.reviewed_on,
        "outcomes": [
            {
                "description": spell_out(outcome.description),
                "rating": RATING_WORDS.get(outcome.rating, "Not looked at"),
                "baseline": spell_out(outcome.baseline),
                "measured": spell_out(outcome.measured_value) or "not measured",
            }
            for outcome in detail.outcomes
        ],
        "what_works": spell_out(cycle.what_works),
        "what_doesnt": spell_out(cycle.what_doesnt),
        "next_step": NEXT_STEP_WORDS.get(cycle.decision, ""),
        "notes": spell_out(cycle.decision_notes),
    }


def _context(cycle: SupportCycle) -> dict[str, Any]:
    return {
        "cycle": cycle,
        "pupil": cycle.pupil,
        "school": cycle.school,
        "plan": _parent_plan(cycle),
        "review": _parent_review(cycle),
    }


@require_http_methods(["GET", "HEAD"])
def parent_plan(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_shared_plan(request, uid)
    user = signed_in_user(request)
    staff_preview = is_staff_for(user, cycle.pupil)
    response = render(
        request,
        "plans/parent_plan.html",
        {
            **_context(cycle),
            "staff_preview": staff_preview,
            "pdf_url": reverse("plans:parent_plan_pdf", args=[cycle.uid]),
            "nav_items": nav_items(request),
            "page_title": f"{cycle.pupil.forename}'s plan",
            "breadcrumbs": cycle_crumbs(cycle)
            if staff_preview
            else [
                {"label": "Home", "url": reverse("accounts:home")},
                {"label": "My children", "url": reverse("pupils:my_children")},
            ],
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def parent_plan_pdf(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_shared_plan(request, uid)
    audit_print(request, object_type="plans.parent_plan", object_id=cycle.uid, pupil=cycle.pupil)
    return render_pdf("plans/pdf/parent_plan.html", _context(cycle), filename=f"plan-for-parents-{cycle.number}.pdf")
