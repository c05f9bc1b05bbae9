"""Writing audit events. Every service that changes a pupil's record calls audit_record in its own transaction."""

from __future__ import annotations

import datetime as dt
import ipaddress
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.db import connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import Field
from django.utils import timezone

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


class NamedPupil(Protocol):
    """What a pupil's audit event needs: a Pupil, or a plain row read from one (a register row)."""

    @property
    def pk(self) -> Any: ...

    @property
    def uid(self) -> object: ...

    @property
    def school_id(self) -> int: ...


@dataclass(frozen=True)
class AuditSummary:
    """The event for a list or export as a whole, written with its pupils' events."""

    object_id: object
    school: School
    detail: dict[str, Any] = dataclass_field(default_factory=dict)


def audit_record_pupils(
    *,
    actor: User,
    action: AuditAction,
    object_type: str,
    pupils: Iterable[NamedPupil],
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
    summary: AuditSummary | None = None,
) -> int:
    """One event per named pupil shown (a list page, an export), written in batched inserts; with `summary`,
    the list's own event goes in the first insert. Returns the number of pupils' events.

    Each pupil's "who has seen this record" then shows the list or export that named them.
    """
    connection = connections[router.db_for_write(AuditEvent)]
    detail_field = _field("detail")
    pupil_detail = detail_field.get_db_prep_save(detail or {}, connection)
    rows: Iterator[tuple[str, int | None, int | None, Any]] = (
        (str(pupil.uid), pupil.pk, pupil.school_id, pupil_detail) for pupil in pupils
    )
    if summary is not None:
        own_detail = detail_field.get_db_prep_save(summary.detail, connection)
        rows = itertools.chain([(str(summary.object_id), None, summary.school.pk, own_detail)], rows)
    shared = (timezone.now(), actor.pk, action, object_type, client_ip(request))
    written = _insert_events(connection, shared=shared, rows=rows)
    return written - (summary is not None)


def audit_pupil_part(
    *, actor: User, action: AuditAction, object_type: str, object_id: object, pupil: NamedPupil, request: HttpRequest
) -> None:
    """The event audit_record() writes for one part of a pupil's record (a support cycle, a meeting), inserted as
    audit_record_pupils() inserts, without building a model instance: most pages of a cycle write one."""
    connection = connections[router.db_for_write(AuditEvent)]
    detail = _field("detail").get_db_prep_save({}, connection)
    shared = (timezone.now(), actor.pk, action, object_type, client_ip(request))
    _insert_events(connection, shared=shared, rows=iter([(str(object_id), pupil.pk, pupil.school_id, detail)]))


_BATCH = 1000


def _field(name: str) -> Field[Any, Any]:
    found = AuditEvent._meta.get_field(name)
    assert isinstance(found, Field)  # noqa: S101 - every name asked for is a concrete column
    return found


def _insert_events(
    connection: BaseDatabaseWrapper,
    *,
    shared: tuple[dt.datetime, int, str, str, str | None],
    rows: Iterator[tuple[str, int | None, int | None, Any]],
) -> int:
    """Insert events that share `shared` (at, actor, action, object_type, ip_address) and differ in (object_id,
    pupil, school, prepared detail): multi-row INSERTs of up to _BATCH rows, all or none.

    Raw SQL for a reason: a list page names up to 50 pupils and an export thousands, and building a model
    instance and preparing every value of each row was a tenth of the register page's time. The shared values
    are prepared once, each by its own model field, so dates, addresses and JSON are stored exactly as the ORM
    stores them.
    """
    fixed = [_field(name) for name in ("at", "actor", "action", "object_type", "ip_address")]
    prepared = [field.get_db_prep_save(value, connection) for field, value in zip(fixed, shared, strict=True)]
    varying = [_field(name) for name in ("object_id", "pupil", "school", "detail")]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in [*fixed, *varying])
    marks = "(" + ", ".join(["%s"] * (len(fixed) + len(varying))) + ")"
    sql = f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) VALUES "  # noqa: S608 - names from the model

    def insert(cursor: CursorWrapper, batch: list[tuple[str, int | None, int | None, Any]]) -> int:
        cursor.execute(sql + ", ".join([marks] * len(batch)), [value for row in batch for value in (*prepared, *row)])
        return len(batch)

    first = list(itertools.islice(rows, _BATCH))
    second = list(itertools.islice(rows, _BATCH))
    if not second:  # one statement (every list page) is all or none by itself
        with connection.cursor() as cursor:
            return insert(cursor, first) if first else 0
    with transaction.atomic(using=connection.alias, savepoint=False), connection.cursor() as cursor:
        written = insert(cursor, first) + insert(cursor, second)
        while batch := list(itertools.islice(rows, _BATCH)):
            written += insert(cursor, batch)
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
