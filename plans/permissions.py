"""Who may see and change support cycles, their parts and meetings. Outside scope is a 404, as for pupils.

Staff who work with the pupil (pupils.permissions.pupils_visible_as_staff, never a parent link) can read the pupil's cycles: the plan is shared
with every adult who works with the pupil (Code 6.49). Changes, by role at the pupil's school:
- start a cycle, assess, plan and review: the SENDCo, and teachers for the pupils they teach;
- add notes and evidence during Do, and observations: also teaching assistants who support the pupil;
- close a cycle with the decision at review: the SENDCo;
- meetings with parents: the SENDCo and the pupil's teachers.
Parents see only what is shared with them: an agreed plan once shared, and meeting notes once shared. They never
reach the staff pages of a cycle (404).
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from accounts.models import Role, User
from accounts.selectors import access_for, active_q, signed_in_user
from opensend import rawsql
from plans.models import Document, Meeting, Outcome, PlannedProvision, SupportCycle
from pupils.models import ParentLink, Pupil
from pupils.permissions import PupilRights, audit_pupil_read, pupils_visible_as_staff, staff_sql
from pupils.permissions import is_staff_for as staff_sees
from schools.models import School

CYCLE_EDITOR_ROLES = frozenset({Role.SENDCO, Role.TEACHER})
NOTE_ROLES = frozenset({Role.SENDCO, Role.TEACHER, Role.TEACHING_ASSISTANT})
DECISION_ROLES = frozenset({Role.SENDCO})
MEETING_ROLES = frozenset({Role.SENDCO, Role.TEACHER})
# Staff who read cycles: everyone who works with the pupil by name.
CYCLE_READER_ROLES = frozenset({Role.SENDCO, Role.HEAD, Role.TEACHER, Role.TEACHING_ASSISTANT})

M = TypeVar("M", bound=Model)


def is_staff_for(user: User, pupil: Pupil) -> bool:
    """The user works with the pupil as staff at the pupil's school: never through a parent link."""
    return access_for(user).has_role(pupil.school_id, CYCLE_READER_ROLES) and staff_sees(user, pupil)


def may_change(user: User, pupil: Pupil, *, roles: frozenset[str]) -> bool:
    """`roles` at the pupil's school; teachers and TAs only for pupils in groups they teach or support, or in an
    intervention group they run. The rule is pupils.permissions.PupilRights.may_change."""
    return PupilRights(user=user, pupil=pupil).may_change(roles)


def cycles_visible_to(user: User) -> QuerySet[SupportCycle]:
    """Cycles of pupils the user sees by name at a school where they work. Parents' own view is separate."""
    schools = access_for(user).schools_with(CYCLE_READER_ROLES)
    return SupportCycle.objects.filter(pupil__in=pupils_visible_as_staff(user), school_id__in=schools)


def _get(queryset: QuerySet[M, Any], uid: uuid.UUID | str) -> M:
    try:
        return queryset.get(uid=uid)
    except (ObjectDoesNotExist, ValueError, ValidationError):
        raise Http404 from None


def _check(request: HttpRequest, pupil: Pupil, roles: frozenset[str] | None) -> None:
    if roles is not None and not may_change(signed_in_user(request), pupil, roles=roles):
        raise PermissionDenied


# The cycle by uid with its pupil and its school and, first, whether the user sees the pupil as staff
# (pupils.permissions.is_staff_for).
_CYCLE_SQL = """SELECT CASE WHEN p.archived_at IS NULL AND {staff} THEN 1 ELSE 0 END, {cycle}, {pupil}, {school}
  FROM plans_supportcycle c JOIN pupils_pupil p ON p.id = c.pupil_id JOIN schools_school s ON s.id = c.school_id
 WHERE c.uid = %(uid)s"""


def _find_cycle(user: User, uid: uuid.UUID | str) -> SupportCycle:
    """The cycle as SupportCycle.objects.select_related("pupil", "school") finds it, if it is in
    cycles_visible_to(user) (404 otherwise): one hand-written query (see opensend.rawsql for why)."""
    try:
        uid = uid if isinstance(uid, uuid.UUID) else uuid.UUID(uid)
    except ValueError:  # not a uid
        raise Http404 from None
    params: dict[str, object] = {"uid": rawsql.field_value(SupportCycle, "uid", uid)}
    sql = _CYCLE_SQL.format(
        staff=staff_sql(user, params),
        cycle=rawsql.columns(SupportCycle, "c"),
        pupil=rawsql.columns(Pupil, "p"),
        school=rawsql.columns(School, "s"),
    )
    rows = rawsql.select(SupportCycle, sql, params)
    if not rows:
        raise Http404
    as_staff, *row = rows[0]
    cycle_end = len(SupportCycle._meta.concrete_fields)
    pupil_end = cycle_end + len(Pupil._meta.concrete_fields)
    cycle = rawsql.instance(SupportCycle, row[:cycle_end])
    SupportCycle._meta.get_field("pupil").set_cached_value(cycle, rawsql.instance(Pupil, row[cycle_end:pupil_end]))
    SupportCycle._meta.get_field("school").set_cached_value(cycle, rawsql.instance(School, row[pupil_end:]))
    # A reader's role at the cycle's school (cycles_visible_to), and the pupil one the user works with.
    if not (as_staff and access_for(user).has_role(cycle.school_id, CYCLE_READER_ROLES)):
        raise Http404
    return cycle


def access_cycle_by_uid(
    request: HttpRequest, uid: uuid.UUID | str, *, roles: frozenset[str] | None = None, part: str = "plans.cycle"
) -> SupportCycle:
    """The cycle, with its pupil and school, if the user works with its pupil (404 otherwise); with `roles`, 403
    unless they may change it. The read is audited against the pupil."""
    user = signed_in_user(request)
    cycle = _find_cycle(user, uid)
    if roles is not None and not cycle_rights(user, cycle).may_change(roles):
        raise PermissionDenied
    audit_pupil_read(request, cycle.pupil, part=part, object_id=cycle.uid)
    return cycle


def cycle_rights(user: User, cycle: SupportCycle) -> PupilRights:
    """What `user` may do with the pupil of a cycle access_cycle_by_uid() gave them: they work with the pupil."""
    return PupilRights(user=user, pupil=cycle.pupil, sees_as_staff=True)


def _access_part(
    request: HttpRequest, model: type[M], uid: uuid.UUID | str, *, roles: frozenset[str] | None, part: str
) -> M:
    """A part of a cycle (outcome, provision, note, voice, assessment, document), reached through its cycle."""
    user = signed_in_user(request)
    queryset = model._default_manager.filter(cycle__in=cycles_visible_to(user))
    if model in (Outcome, PlannedProvision):
        queryset = queryset.filter(archived_at__isnull=True)
    queryset = queryset.select_related("cycle__pupil__school__local_authority", "cycle__school")
    obj = _get(queryset, uid)
    cycle: SupportCycle = obj.cycle  # type: ignore[attr-defined]
    _check(request, cycle.pupil, roles)
    audit_pupil_read(request, cycle.pupil, part=part, object_id=obj.uid)  # type: ignore[attr-defined]
    return obj


def access_outcome(request: HttpRequest, uid: uuid.UUID | str, *, roles: frozenset[str]) -> Outcome:
    """A live outcome (one removed from the plan is kept, but no longer changed: 404)."""
    return _access_part(request, Outcome, uid, roles=roles, part="plans.outcome")


def access_provision(request: HttpRequest, uid: uuid.UUID | str, *, roles: frozenset[str]) -> PlannedProvision:
    """A live planned provision (one removed from the plan is kept, but no longer changed: 404)."""
    return _access_part(request, PlannedProvision, uid, roles=roles, part="plans.provision")


def access_document(request: HttpRequest, uid: uuid.UUID | str, *, roles: frozenset[str] | None = None) -> Document:
    return _access_part(request, Document, uid, roles=roles, part="plans.document")


def access_meeting(request: HttpRequest, uid: uuid.UUID | str, *, roles: frozenset[str] | None = None) -> Meeting:
    """A meeting, for staff who work with the pupil; with `roles`, 403 unless they may change it."""
    user = signed_in_user(request)
    schools = access_for(user).schools_with(CYCLE_READER_ROLES)
    queryset = Meeting.objects.filter(pupil__in=pupils_visible_as_staff(user), school_id__in=schools).select_related(
        "pupil__school__local_authority", "cycle"
    )
    meeting = _get(queryset, uid)
    _check(request, meeting.pupil, roles)
    audit_pupil_read(request, meeting.pupil, part="plans.meeting", object_id=meeting.uid)
    return meeting


def children_ids(user: User) -> QuerySet[ParentLink, Any]:
    """The user's own children, through an open parent link."""
    return ParentLink.objects.filter(active_q(timezone.localdate()), parent=user).values("pupil_id")


def shared_cycles_for_parent(user: User) -> QuerySet[SupportCycle]:
    """Cycles whose plan has been shared with the parents, for the user's own children."""
    return SupportCycle.objects.filter(
        pupil_id__in=children_ids(user), pupil__archived_at__isnull=True, plan_shared_with_parents_on__isnull=False
    )


def access_shared_plan(request: HttpRequest, uid: uuid.UUID | str) -> SupportCycle:
    """The parent-friendly plan: for the pupil's parents once it is shared with them, and for staff who work with
    the pupil (to see what the parents see). 404 for everyone else and before it is shared."""
    user = signed_in_user(request)
    related = ("pupil__school__local_authority", "school")
    try:
        cycle = cycles_visible_to(user).select_related(*related).get(uid=uid)
    except (SupportCycle.DoesNotExist, ValueError, ValidationError):
        cycle = _get(shared_cycles_for_parent(user).select_related(*related), uid)
    audit_pupil_read(request, cycle.pupil, part="plans.parent_plan", object_id=cycle.uid)
    return cycle
