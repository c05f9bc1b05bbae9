"""Writing audit events. Every service that changes a pupil's record calls audit_record in its own transaction."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from audit.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User
    from pupils.models import Pupil
    from schools.models import School


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from. Behind a reverse proxy, REMOTE_ADDR is the proxy's: the production set-up
    must pass the client address through (for example with a WSGI middleware that trusts only the proxy's
    X-Forwarded-For); see docs/architecture.md."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record_pupils(
    *,
    actor: User,
    action: AuditAction,
    object_type: str,
    pupils: Iterable[Pupil],
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> int:
    """One event per named pupil shown (a list page, an export), written in batched inserts.

    Each pupil's "who has seen this record" then shows the list or export that named them.
    """
    ip = client_ip(request)
    events = (
        AuditEvent(
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=str(pupil.uid),
            pupil_id=pupil.pk,
            school_id=pupil.school_id,
            ip_address=ip,
            detail=detail or {},
        )
        for pupil in pupils
    )
    written = 0
    while batch := list(itertools.islice(events, 1000)):
        AuditEvent.objects.bulk_create(batch)
        written += len(batch)
    return written


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    object_type: str,
    object_id: object = "",
    pupil: Pupil | None = None,
    school: School | None = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    school_id = school.pk if school is not None else (pupil.school_id if pupil is not None else None)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id else "",
        pupil=pupil,
        school_id=school_id,
        ip_address=client_ip(request),
        detail=detail or {},
    )
