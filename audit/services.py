"""Writing audit events. Every service that changes a pupil's record calls audit_record in its own transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from audit.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User
    from pupils.models import Pupil
    from schools.models import School


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from. Behind a proxy, the proxy must set REMOTE_ADDR (gunicorn does with forwarded_allow_ips)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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
