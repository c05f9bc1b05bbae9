from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.navigation import nav_items
from audit.models import AuditAction
from audit.selectors import pupil_audit_events
from pupils.permissions import AUDIT_VIEWER_ROLES, access_pupil_for_change

PAGE_SIZE = 50


def pupil_log(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """Who has seen this record: every read and write, for the SENDCo and the head."""
    pupil = access_pupil_for_change(request, uid, roles=AUDIT_VIEWER_ROLES, part="audit_log")
    action = request.GET.get("action", "")
    if action not in AuditAction.values:
        action = ""
    page = Paginator(pupil_audit_events(pupil=pupil, action=action), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/pupil_log.html",
        {
            "pupil": pupil,
            "page": page,
            "action": action,
            "actions": AuditAction.choices,
            "nav_items": nav_items(request),
            "page_title": "Who has seen this record",
            "breadcrumbs": [
                {"label": "Home", "url": reverse("accounts:home")},
                {"label": pupil.display_name, "url": reverse("pupils:record", args=[pupil.uid])},
            ],
        },
    )
