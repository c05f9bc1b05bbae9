"""Documents attached to a support cycle: advice from outside agencies and other evidence (Code 6.45, 6.47).

A document is a PDF, PNG or JPEG, judged by its content; it is stored under MEDIA_ROOT (outside the web root) with a
random name, its original name kept only in the database, and served only through the access check. Documents are
archived, never deleted: they are part of the pupil's history.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record
from lib.uploads import SIGNATURE_LENGTH, size_label, sniff_content_type
from plans.models import Assessment, Document, SupportCycle

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http import HttpRequest

    from accounts.models import User

logger = logging.getLogger(__name__)

ALLOWED_DESCRIPTION = "a PDF, PNG or JPEG"


def max_upload_bytes() -> int:
    return settings.UPLOAD_MAX_MB * 1024 * 1024


def _check_upload(upload: UploadedFile | None) -> tuple[str, str]:
    """The file's real content type and its problem, if it has one (an empty string when it is acceptable)."""
    if upload is None:
        return "", f"Choose a file to attach: {ALLOWED_DESCRIPTION}."
    if not upload.size:
        return "", "The file is empty. Choose the file again, or scan the document again if it was a scan."
    if upload.size > max_upload_bytes():
        return "", (
            f"The file is {size_label(upload.size)}; the largest file you can attach is {settings.UPLOAD_MAX_MB} MB. "
            "Save a smaller copy (for example, scan at a lower resolution or in black and white) and try again."
        )
    upload.seek(0)
    content_type = sniff_content_type(upload.read(SIGNATURE_LENGTH))
    upload.seek(0)
    if content_type is None:
        return "", (
            f"The file must be {ALLOWED_DESCRIPTION}. This file is not one of those, whatever its name says. "
            "Save or print the document as a PDF and attach that."
        )
    return content_type, ""


def _digest(upload: UploadedFile) -> tuple[str, int]:
    sha256 = hashlib.sha256()
    size = 0
    for chunk in upload.chunks():
        sha256.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return sha256.hexdigest(), size


def document_attach(
    *,
    cycle: SupportCycle,
    title: str,
    upload: UploadedFile | None,
    assessment: Assessment | None = None,
    by: User,
    request: HttpRequest | None = None,
) -> Document:
    """Store the file and record it against the cycle (and optionally one of its assessments).

    The file and the row stand or fall together. The file is written first, so a failed write leaves no row; if
    anything after it fails, including the commit itself, the file is removed. That is why the transaction is
    opened here rather than with the decorator: the clean-up has to run after the commit has been tried.
    """
    errors: dict[str, str] = {}
    title = title.strip()
    if not title:
        errors["title"] = "Enter a title, for example 'Speech and language therapy report, March'."
    if assessment is not None and assessment.cycle_id != cycle.pk:
        errors["assessment"] = "Choose one of this cycle's assessments, or none."
    if cycle.pupil.archived_at is not None:
        errors["file"] = "This pupil's record is archived; documents can no longer be attached."
    content_type, problem = _check_upload(upload)
    if problem:
        errors["file"] = problem
    if errors or upload is None:
        raise ValidationError(errors)

    sha256, size = _digest(upload)
    original_name = (upload.name or "document").rsplit("/", 1)[-1][:200]
    document = Document(
        cycle=cycle,
        assessment=assessment,
        title=title[:150],
        original_name=original_name,
        content_type=content_type,
        size=size,
        sha256=sha256,
        uploaded_by=by,
    )
    stored_name = ""
    try:
        with transaction.atomic():
            document.file.save(original_name, upload, save=False)
            stored_name = document.file.name or ""
            document.save()
            audit_record(
                actor=by,
                action=AuditAction.CREATE,
                object_type="plans.document",
                object_id=document.uid,
                pupil=cycle.pupil,
                request=request,
                detail={"content_type": content_type, "size": size},
            )
    except BaseException:
        if stored_name:
            _remove_file(document, stored_name)
        raise
    return document


def _remove_file(document: Document, name: str) -> None:
    try:
        document.file.storage.delete(name)
    except OSError:
        # The original error matters more; the stray file is logged by its random name (no personal data).
        logger.exception("Could not remove the stored file %s after a failed attach", name)


@transaction.atomic
def document_archive(*, document: Document, by: User, request: HttpRequest | None = None) -> Document:
    """Take a document off the cycle's list. The file and the row are kept: archived, never deleted."""
    if document.archived_at is not None:
        raise ValidationError("This document is already archived.")
    document.archived_at = timezone.now()
    document.save(update_fields=["archived_at"])
    audit_record(
        actor=by,
        action=AuditAction.ARCHIVE,
        object_type="plans.document",
        object_id=document.uid,
        pupil=document.cycle.pupil,
        request=request,
    )
    return document
