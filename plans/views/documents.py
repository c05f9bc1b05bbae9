"""Documents on a support cycle: the list, attaching one, opening one (only through the access check) and archiving."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.navigation import nav_items
from accounts.selectors import signed_in_user
from lib.uploads import DESCRIPTIONS, PDF, size_label
from opensend.forms import apply_service_errors
from plans.forms.documents import DocumentArchiveForm, DocumentForm
from plans.models import Document, SupportCycle
from plans.permissions import NOTE_ROLES, access_cycle_by_uid, access_document, may_change
from plans.services.documents import document_archive, document_attach

logger = logging.getLogger(__name__)


def cycle_crumbs(cycle: SupportCycle) -> list[dict[str, str]]:
    """Home, the pupil's record and the cycle's own page."""
    crumbs = [
        {"label": "Home", "url": reverse("accounts:home")},
        {"label": cycle.pupil.display_name, "url": reverse("pupils:record", args=[cycle.pupil.uid])},
    ]
    crumbs.append({"label": f"Support cycle {cycle.number}", "url": reverse("plans:cycle", args=[cycle.uid])})
    return crumbs


def _list_url(cycle: SupportCycle) -> str:
    return reverse("plans:documents", args=[cycle.uid])


@require_http_methods(["GET", "HEAD"])
def document_list(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_cycle_by_uid(request, uid, part="plans.document")
    documents = list(cycle.documents.select_related("assessment", "uploaded_by").order_by("-uploaded_at", "-id"))
    can_change = may_change(signed_in_user(request), cycle.pupil, roles=NOTE_ROLES)

    def row(document: Document) -> dict[str, Any]:
        return {
            "document": document,
            "kind": DESCRIPTIONS.get(document.content_type, document.content_type),
            "size": size_label(document.size),
            "url": reverse("plans:document", args=[document.uid]),
            "archive_url": reverse("plans:document_archive", args=[document.uid]) if can_change else "",
        }

    response = render(
        request,
        "plans/document_list.html",
        {
            "cycle": cycle,
            "pupil": cycle.pupil,
            "current": [row(document) for document in documents if document.archived_at is None],
            "archived": [row(document) for document in documents if document.archived_at is not None],
            "add_url": reverse("plans:document_add", args=[cycle.uid]) if can_change else "",
            "nav_items": nav_items(request),
            "page_title": "Documents and advice",
            "breadcrumbs": cycle_crumbs(cycle),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_cycle_by_uid(request, uid, roles=NOTE_ROLES, part="plans.document")
    posted = request.method == "POST"
    form = DocumentForm(request.POST if posted else None, request.FILES if posted else None, cycle=cycle)
    if posted and form.is_valid():
        try:
            document = document_attach(
                cycle=cycle,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                assessment=form.cleaned_data.get("assessment"),
                by=signed_in_user(request),
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"'{document.title}' attached.")
            return redirect(_list_url(cycle))
    return render(
        request,
        "plans/document_form.html",
        {
            "cycle": cycle,
            "pupil": cycle.pupil,
            "form": form,
            "cancel_url": _list_url(cycle),
            "nav_items": nav_items(request),
            "page_title": "Attach a document",
            "breadcrumbs": cycle_crumbs(cycle),
        },
    )


@require_http_methods(["GET", "HEAD"])
def document_file(request: HttpRequest, uid: uuid.UUID) -> FileResponse:
    """The file itself, for staff who work with the pupil; the read is audited by the access helper. The content
    type is the one found from the file's content when it was attached. Only a PDF opens in the browser; images
    are downloaded, and nosniff stops the browser guessing anything else."""
    document = access_document(request, uid)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        # The row exists but the file does not: a restore from backup without the media directory, for example.
        logger.error("Stored file missing for document %s", document.uid)
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment=document.content_type != PDF,
        filename=document.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def document_archive_view(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    document = access_document(request, uid, roles=NOTE_ROLES)
    cycle = document.cycle
    if document.archived_at is not None:
        messages.success(request, f"'{document.title}' is already archived.")
        return redirect(_list_url(cycle))
    form = DocumentArchiveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            document_archive(document=document, by=signed_in_user(request), request=request)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"'{document.title}' archived. It stays in the pupil's history.")
            return redirect(_list_url(cycle))
    return render(
        request,
        "plans/document_archive.html",
        {
            "cycle": cycle,
            "pupil": cycle.pupil,
            "document": document,
            "form": form,
            "cancel_url": _list_url(cycle),
            "nav_items": nav_items(request),
            "page_title": f"Archive '{document.title}'",
            "breadcrumbs": cycle_crumbs(cycle),
        },
    )
