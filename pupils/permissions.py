"""Who may see and change a pupil. Every view reaches a pupil through these helpers; outside scope is a 404.

Scope rules (DOMAIN.md, "Who uses it"):
- SENDCo and head / SLT: every pupil currently in their school.
- Teacher and teaching assistant: pupils in the groups they teach or support, in a school where they hold that role.
- Parent / carer: their own children (an open ParentLink).
- Governor, school administrator, trust administrator, LA officer: no named pupils (aggregates only).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from accounts.models import GROUP_ROLES, Role, User
from accounts.selectors import access_for, active_q, signed_in_user
from audit.models import AuditAction
from audit.services import audit_record
from pupils.models import GroupMembership, ParentLink, Pupil

PROFILE_EDITOR_ROLES = frozenset({Role.SENDCO, Role.TEACHER})
REGISTER_ROLES = frozenset({Role.SENDCO})
AUDIT_VIEWER_ROLES = frozenset({Role.SENDCO, Role.HEAD})


def taught_pupil_ids(
    user: User, school_ids: frozenset[int], *, assignment_roles: frozenset[str] | None = None
) -> QuerySet[GroupMembership, Any]:
    """Pupils in groups the user teaches or supports now; `assignment_roles` narrows to teacher or TA assignments."""
    today = timezone.localdate()
    scope: dict[str, Any] = {"group__staff__user": user, "group__school_id__in": school_ids}
    if assignment_roles is not None:
        scope["group__staff__role__in"] = sorted(assignment_roles)
    return GroupMembership.objects.filter(active_q(today), active_q(today, "group__staff__"), **scope).values(
        "pupil_id"
    )


def intervention_pupil_ids(user: User, school_ids: frozenset[int]) -> QuerySet[Any, Any]:
    """Pupils with an open place in an intervention group this user runs (provision mapping)."""
    from provision.models import Place  # provision builds on pupils: imported here, not at the top

    return Place.objects.filter(group__staff=user, group__school_id__in=school_ids, ended_on__isnull=True).values(
        "pupil_id"
    )


def _staff_scope(user: User) -> Q:
    access = access_for(user)
    scope = Q(pk__in=[])
    if access.whole_school_ids:
        scope |= Q(school_id__in=access.whole_school_ids)
    if access.group_school_ids:
        taught = taught_pupil_ids(user, access.group_school_ids)
        running = intervention_pupil_ids(user, access.group_school_ids)
        scope |= Q(school_id__in=access.group_school_ids) & (Q(pk__in=taught) | Q(pk__in=running))
    return scope


def pupils_visible_as_staff(user: User) -> QuerySet[Pupil]:
    """The pupils this user works with as a member of staff: not their own children, unless they also teach them.
    Staff pages (support cycles, meetings, the full record) are scoped by this, never by a parent link."""
    if not user.is_authenticated:
        return Pupil.objects.none()
    return Pupil.objects.filter(_staff_scope(user), archived_at__isnull=True)


def pupils_visible_to(user: User) -> QuerySet[Pupil]:
    """Every pupil this user may see by name: as staff, or as a parent. Empty for roles that see aggregates only."""
    if not user.is_authenticated:
        return Pupil.objects.none()
    today = timezone.localdate()
    parent_links = ParentLink.objects.filter(active_q(today), parent=user).values("pupil_id")
    return Pupil.objects.filter(_staff_scope(user) | Q(pk__in=parent_links), archived_at__isnull=True)


def is_staff_for(user: User, pupil: Pupil) -> bool:
    """The user works with this pupil as staff (a parent who also works at the school does not, for their own
    child, unless they teach them). A SENDCo or head sees every pupil of their school: no query for them."""
    if pupil.school_id in access_for(user).whole_school_ids and pupil.archived_at is None:
        return True
    return pupils_visible_as_staff(user).filter(pk=pupil.pk).exists()


def _get_visible(user: User, uid: uuid.UUID | str) -> Pupil:
    """The pupil as pupils_visible_to() finds them, in two simpler steps: as staff when the user works at a school,
    then as a parent. A teacher opening a pupil's page (nearly every read) costs one plain query, without the
    parent-link subquery."""
    if not user.is_authenticated:
        raise Http404
    try:
        pupil = Pupil.objects.select_related("school__local_authority").filter(uid=uid, archived_at__isnull=True)
        staff = access_for(user).whole_school_ids | access_for(user).group_school_ids
        found = pupil.filter(_staff_scope(user)).first() if staff else None
        if found is None:
            links = ParentLink.objects.filter(active_q(timezone.localdate()), parent=user).values("pupil_id")
            found = pupil.filter(pk__in=links).first()
    except ValueError:  # not a uid
        raise Http404 from None
    if found is None:
        raise Http404
    return found


def access_pupil_by_uid(request: HttpRequest, uid: uuid.UUID | str, *, part: str = "record") -> Pupil:
    """The pupil, if this user may see them; records the read in the audit trail. 404 otherwise."""
    user = signed_in_user(request)
    pupil = _get_visible(user, uid)
    audit_pupil_read(request, pupil, part=part)
    return pupil


def access_pupil_for_change(
    request: HttpRequest, uid: uuid.UUID | str, *, roles: frozenset[str], part: str = "edit"
) -> Pupil:
    """The pupil, if this user may change them with one of `roles` at the pupil's school.

    404 when the pupil is out of sight; 403 when visible but the role does not allow the change.
    The page shows the pupil's data, so the read is audited; the write is audited by the service that makes it.
    """
    user = signed_in_user(request)
    pupil = _get_visible(user, uid)
    if not can_change(user, pupil, roles=roles):
        raise PermissionDenied
    audit_pupil_read(request, pupil, part=part)
    return pupil


def audit_pupil_read(request: HttpRequest, pupil: Pupil, *, part: str, object_id: object = "") -> None:
    audit_record(
        actor=signed_in_user(request),
        action=AuditAction.VIEW,
        object_type=f"pupil.{part}" if "." not in part else part,
        object_id=object_id or pupil.uid,
        pupil=pupil,
        request=request,
    )


def can_change(user: User, pupil: Pupil, *, roles: frozenset[str]) -> bool:
    access = access_for(user)
    if not access.has_role(pupil.school_id, roles):
        return False
    if access.has_role(pupil.school_id, roles - GROUP_ROLES):
        return True
    # A teacher may change only the pupils in groups they are assigned to teach (not groups they support as a TA).
    taught = taught_pupil_ids(user, frozenset({pupil.school_id}), assignment_roles=frozenset({"teacher"}))
    return taught.filter(pupil_id=pupil.pk).exists()


def can_edit_profile(user: User, pupil: Pupil) -> bool:
    return can_change(user, pupil, roles=PROFILE_EDITOR_ROLES)


def can_decide_register(user: User, pupil: Pupil) -> bool:
    return can_change(user, pupil, roles=REGISTER_ROLES)


def can_view_audit(user: User, pupil: Pupil) -> bool:
    return access_for(user).has_role(pupil.school_id, AUDIT_VIEWER_ROLES)
