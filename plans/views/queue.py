"""The work queue: for the SENDCo and head, the school's; for teachers and teaching assistants, their pupils'."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.navigation import nav_items
from accounts.selectors import access_for, signed_in_user
from audit.models import AuditAction
from audit.services import audit_record_pupils
from plans.selectors.queue import WorkQueue, school_queue, work_queue
from pupils.models import Pupil
from pupils.permissions import taught_pupil_ids
from schools.permissions import REGISTER_VIEWER_ROLES, SETUP_ROLES, access_school_by_urn


def _render(request: HttpRequest, queue: WorkQueue, *, title: str, intro: str) -> HttpResponse:
    user = signed_in_user(request)
    # Every pupil the queue names is a read of their record: one audit row each, written in batched inserts.
    audit_record_pupils(
        actor=user, action=AuditAction.VIEW, object_type="plans.work_queue", pupils=queue.pupils, request=request
    )
    access = access_for(user)
    return render(
        request,
        "plans/queue.html",
        {
            "queue": queue,
            "intro": intro,
            "terms_links": [
                (school, reverse("schools:terms", args=[school.urn]))
                for school in queue.schools_without_terms
                if access.has_role(school.pk, SETUP_ROLES)
            ],
            "nav_items": nav_items(request),
            "page_title": title,
            "breadcrumbs": [{"label": "Home", "url": reverse("accounts:home")}],
        },
    )


@require_http_methods(["GET", "HEAD"])
def school_work_queue(request: HttpRequest, urn: int) -> HttpResponse:
    school = access_school_by_urn(request, urn, roles=REGISTER_VIEWER_ROLES)
    return _render(
        request,
        school_queue(school=school, today=timezone.localdate()),
        title=f"Work queue: {school.name}",
        intro="What needs doing next for the pupils on the SEN register, most urgent first.",
    )


@require_http_methods(["GET", "HEAD"])
def my_work(request: HttpRequest) -> HttpResponse:
    """The queue for the pupils a teacher or teaching assistant teaches or supports."""
    user = signed_in_user(request)
    school_ids = access_for(user).group_school_ids
    if not school_ids:
        raise Http404
    scope = Pupil.objects.filter(
        archived_at__isnull=True, school_id__in=school_ids, pk__in=taught_pupil_ids(user, school_ids)
    )
    return _render(
        request,
        work_queue(scope=scope, school_ids=school_ids, today=timezone.localdate()),
        title="My work",
        intro="What needs doing next for the pupils you teach or support who are on the SEN register.",
    )
