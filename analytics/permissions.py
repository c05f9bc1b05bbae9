"""Who may see aggregate figures without names: a school's own staff and governors (the roles in
AGGREGATE_VIEWER_ROLES), the administrators of its trust and the officers of its LA. Nobody named is
shown, but each look is audited so the trail records who looked at which figures. Outside scope: 404."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest

from accounts.models import User
from accounts.selectors import Access, access_for, signed_in_user
from audit.models import AuditAction
from audit.services import AuditSummary, audit_record, audit_record_pupils
from opensend import rawsql
from schools.models import LocalAuthority, School, Trust
from schools.permissions import AGGREGATE_VIEWER_ROLES

_LARGEST_INTEGER = 2**63 - 1
_SCHOOL_SQL = "SELECT {columns} FROM schools_school s WHERE s.urn = %s"


def _access(request: HttpRequest) -> tuple[User, Access]:
    user = signed_in_user(request)
    return user, access_for(user)


def access_school_aggregates(request: HttpRequest, urn: int) -> School:
    """The school, for a school role in AGGREGATE_VIEWER_ROLES there, the administrator of its trust or an
    officer of its LA; the look is audited. 404 otherwise."""
    user, access = _access(request)
    if urn > _LARGEST_INTEGER:  # past 64 bits: no school's URN, and SQLite refuses it as a parameter
        raise Http404
    # Hand-written (opensend.rawsql says why): the school alone; the page shows nothing of its trust or LA.
    rows = rawsql.select(School, _SCHOOL_SQL.format(columns=rawsql.columns(School, "s")), [urn])
    if not rows:
        raise Http404
    school = rawsql.instance(School, rows[0])
    allowed = (
        access.has_role(school.pk, AGGREGATE_VIEWER_ROLES)
        or (school.trust_id is not None and school.trust_id in access.trust_ids)
        or school.local_authority_id in access.local_authority_ids
    )
    if not allowed:
        raise Http404
    # The event audit_record() would write, inserted without building a model instance (a summary naming no pupils).
    audit_record_pupils(
        actor=user,
        action=AuditAction.VIEW,
        object_type="analytics.school",
        pupils=(),
        request=request,
        summary=AuditSummary(object_id=school.urn, school=school),
    )
    return school


def access_trust_aggregates(request: HttpRequest, uid: uuid.UUID) -> Trust:
    """The trust, for its own administrators only; the look is audited. 404 otherwise."""
    user, access = _access(request)
    trust = Trust.objects.filter(uid=uid, pk__in=access.trust_ids).first()
    if trust is None:
        raise Http404
    audit_record(
        actor=user, action=AuditAction.VIEW, object_type="analytics.trust", object_id=trust.uid, request=request
    )
    return trust


def access_la_aggregates(request: HttpRequest, code: str) -> LocalAuthority:
    """The local authority, for its own officers only; the look is audited. 404 otherwise."""
    user, access = _access(request)
    la = LocalAuthority.objects.filter(code=code, pk__in=access.local_authority_ids).first()
    if la is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, object_type="analytics.la", object_id=la.code, request=request)
    return la
