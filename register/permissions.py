"""Who may reach register decisions and needs. Outside scope is a 404, as for pupils.

A decision (and its parent letter) belongs to the register: it is in scope for the SENDCo and the head at the
pupil's school, who can see the pupil. Anyone else gets a 404 even if they teach the pupil. Within scope,
a page that needs a narrower role (recording that parents were told: the SENDCo) answers 403.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest

from accounts.selectors import access_for, signed_in_user
from pupils.permissions import REGISTER_ROLES, audit_pupil_read, can_change, pupils_visible_to
from register.models import Need, RegisterDecision
from schools.permissions import REGISTER_VIEWER_ROLES


def access_decision_by_uid(
    request: HttpRequest, uid: uuid.UUID | str, *, roles: frozenset[str], audit_read: bool = True
) -> RegisterDecision:
    """The decision, if its pupil is visible to the user and they hold a register role at the pupil's school.

    404 outside that scope; 403 when in scope but none of `roles` is held there.
    """
    user = signed_in_user(request)
    try:
        decision = RegisterDecision.objects.select_related(
            "pupil__school__local_authority", "school__local_authority", "decided_by"
        ).get(uid=uid, pupil__in=pupils_visible_to(user))
    except (RegisterDecision.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    access = access_for(user)
    if not access.has_role(decision.pupil.school_id, REGISTER_VIEWER_ROLES):
        raise Http404
    if not access.has_role(decision.pupil.school_id, roles):
        raise PermissionDenied
    if audit_read:  # letters write their own PRINT event instead
        audit_pupil_read(request, decision.pupil, part="register.decision", object_id=decision.uid)
    return decision


def access_need_for_change(request: HttpRequest, uid: uuid.UUID | str) -> Need:
    """The need, if the user may change its pupil's register (the SENDCo). 404 when the pupil is out of sight,
    403 when visible but the role does not allow the change, as access_pupil_for_change."""
    user = signed_in_user(request)
    try:
        need = Need.objects.select_related("pupil__school__local_authority").get(
            uid=uid, pupil__in=pupils_visible_to(user)
        )
    except (Need.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    if not can_change(user, need.pupil, roles=REGISTER_ROLES):
        raise PermissionDenied
    audit_pupil_read(request, need.pupil, part="register.need", object_id=need.uid)
    return need
