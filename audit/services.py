"""Writing audit events. Every service that changes a pupil's record calls audit_record in its own transaction."""

from __future__ import annotations

import ipaddress
import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings

from audit.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User
    from pupils.models import Pupil
    from schools.models import School


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from, for the audit trail and for sign-in lockouts (django-axes calls this too).

    Behind reverse proxies, REMOTE_ADDR is the nearest proxy's. With OPENSEND_TRUSTED_PROXY_COUNT set to the number
    of proxies in front of OpenSEND, each of which appends the address it saw to X-Forwarded-For, the client is the
    entry that many places from the right: entries further left were written by the client and can be forged.
    A header that is missing, too short or not an address falls back to REMOTE_ADDR.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return remote


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
