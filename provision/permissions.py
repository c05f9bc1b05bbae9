"""Who may reach the provision pages. Outside scope is a 404; visible but not allowed is a 403.

- The catalogue: every member of staff at the school (no pupils, no staff rates); only the SENDCo changes it.
- Staff rates, the notional budget, the whole-school map and the impact report: the SENDCo, the head and the
  school administrators. Rates are salaries in all but name, so nobody else sees them or figures built on them.
- Groups: the SENDCo and head see every group; a member of staff sees the groups they run. The SENDCo sets groups
  up and places pupils; the SENDCo and the member of staff who runs the group log sessions and record scores.
- A pupil's costed provision map: the SENDCo and the head.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from accounts.models import GROUP_ROLES, WHOLE_SCHOOL_ROLES, Role, User
from accounts.selectors import access_for, signed_in_user
from provision.models import Intervention, InterventionGroup, Place

CATALOGUE_VIEWER_ROLES = frozenset({Role.SENDCO, Role.HEAD, Role.SCHOOL_ADMIN, Role.TEACHER, Role.TEACHING_ASSISTANT})
PROVISION_MANAGER_ROLES = frozenset({Role.SENDCO})
# Roles that see staff rates and every figure built on them.
COST_VIEWER_ROLES = frozenset({Role.SENDCO, Role.HEAD, Role.SCHOOL_ADMIN})
COSTED_MAP_ROLES = frozenset({Role.SENDCO, Role.HEAD})


def groups_visible_to(user: User) -> QuerySet[InterventionGroup]:
    access = access_for(user)
    scope = Q(school_id__in=access.whole_school_ids)
    if access.group_school_ids:
        scope |= Q(school_id__in=access.group_school_ids, staff=user)
    return InterventionGroup.objects.filter(scope)


def can_manage_group(user: User, group: InterventionGroup) -> bool:
    return access_for(user).has_role(group.school_id, PROVISION_MANAGER_ROLES)


def can_log_group(user: User, group: InterventionGroup) -> bool:
    """The SENDCo, and the member of staff who runs the group while they hold a staff role at the school."""
    access = access_for(user)
    if access.has_role(group.school_id, PROVISION_MANAGER_ROLES):
        return True
    return group.staff_id == user.pk and access.has_role(group.school_id, GROUP_ROLES | WHOLE_SCHOOL_ROLES)


def access_group_by_uid(request: HttpRequest, uid: uuid.UUID | str, *, for_change: str = "") -> InterventionGroup:
    """The group, if the user may see it; `for_change` is "manage" (the SENDCo) or "log" (the SENDCo or the
    group's own member of staff). 404 out of sight, 403 seen but not allowed."""
    user = signed_in_user(request)
    try:
        group = (
            groups_visible_to(user)
            .select_related("school", "intervention", "staff")
            .prefetch_related("slots")
            .get(uid=uid)
        )
    except (InterventionGroup.DoesNotExist, ValueError):
        raise Http404 from None
    if for_change == "manage" and not can_manage_group(user, group):
        raise PermissionDenied
    if for_change == "log" and not can_log_group(user, group):
        raise PermissionDenied
    return group


def access_place_by_uid(request: HttpRequest, uid: uuid.UUID | str, *, for_change: str) -> Place:
    user = signed_in_user(request)
    try:
        place = (
            Place.objects.filter(group__in=groups_visible_to(user))
            .select_related("group__school", "group__intervention", "pupil")
            .get(uid=uid)
        )
    except (Place.DoesNotExist, ValueError):
        raise Http404 from None
    allowed = can_manage_group(user, place.group) if for_change == "manage" else can_log_group(user, place.group)
    if not allowed:
        raise PermissionDenied
    return place


def access_intervention_for_change(request: HttpRequest, uid: uuid.UUID | str) -> Intervention:
    access = access_for(signed_in_user(request))
    try:
        intervention = Intervention.objects.select_related("school").get(uid=uid, archived_at__isnull=True)
    except (Intervention.DoesNotExist, ValueError):
        raise Http404 from None
    if not access.has_role(intervention.school_id, CATALOGUE_VIEWER_ROLES):
        raise Http404
    if not access.has_role(intervention.school_id, PROVISION_MANAGER_ROLES):
        raise PermissionDenied
    return intervention
