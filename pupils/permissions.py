"""Who may see and change a pupil. Every view reaches a pupil through these helpers; outside scope is a 404.

Scope rules (DOMAIN.md, "Who uses it"):
- SENDCo and head / SLT: every pupil currently in their school.
- Teacher and teaching assistant: pupils in the groups they teach or support, in a school where they hold that role.
- Parent / carer: their own children (an open ParentLink).
- Governor, school administrator, trust administrator, LA officer: no named pupils (aggregates only).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from accounts.models import GROUP_ROLES, Role, User
from accounts.selectors import access_for, active_q, signed_in_user
from audit.models import AuditAction
from audit.services import audit_pupil_part
from opensend import rawsql
from pupils.models import GroupMembership, ParentLink, Pupil
from schools.models import LocalAuthority, School

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


_ACTIVE = "{0}.started_on <= %(on)s AND ({0}.ended_on IS NULL OR {0}.ended_on > %(on)s)"
# taught_pupil_ids() and intervention_pupil_ids() for the user, in the schools where they hold a group role.
_TAUGHT_SQL = f"""SELECT gm.pupil_id FROM pupils_groupmembership gm
  JOIN schools_teachinggroup g ON g.id = gm.group_id JOIN schools_staffassignment a ON a.group_id = g.id
 WHERE a.user_id = %(user)s AND g.school_id IN ({{schools}}) AND {_ACTIVE.format("gm")} AND {_ACTIVE.format("a")}"""  # noqa: S608 - fixed SQL
_RUNNING_SQL = """SELECT pl.pupil_id FROM provision_place pl JOIN provision_interventiongroup ig ON ig.id = pl.group_id
 WHERE ig.staff_id = %(user)s AND ig.school_id IN ({schools}) AND pl.ended_on IS NULL"""


def worked_with_sql(schools: str) -> str:
    """SQL true for a pupil (alias p) whom the user `%(user)s` teaches or supports in a group, or runs an
    intervention for, on `%(on)s`, in `schools` (placeholders): taught_pupil_ids() | intervention_pupil_ids()."""
    return f"(p.id IN ({_TAUGHT_SQL.format(schools=schools)}) OR p.id IN ({_RUNNING_SQL.format(schools=schools)}))"


def staff_sql(user: User, params: dict[str, object]) -> str:
    """SQL true for a pupil (alias p) whom `user` sees as staff, whatever their archive state: every pupil of a
    school where they are SENDCo or head, and the pupils they work with (worked_with_sql) where they teach or support.
    Adds the parameters it uses (`user`, `on` and the schools) to `params`. The hand-written form of
    pupils_visible_as_staff() without its archive filter."""
    access = access_for(user)
    params.update({"user": user.pk, "on": timezone.localdate()})
    staff = []
    if access.whole_school_ids:
        staff.append(f"p.school_id IN ({rawsql.placeholders('whole', sorted(access.whole_school_ids), params)})")
    if access.group_school_ids:
        schools = rawsql.placeholders("group", sorted(access.group_school_ids), params)
        staff.append(f"(p.school_id IN ({schools}) AND {worked_with_sql(schools)})")
    return f"({' OR '.join(staff)})" if staff else "1 = 0"


_CHILDREN_SQL = f"SELECT l.pupil_id FROM pupils_parentlink l WHERE l.parent_id = %(user)s AND {_ACTIVE.format('l')}"  # noqa: S608 - fixed SQL
# The pupil by uid, with their school and its local authority, if the user sees them (as staff or as a parent);
# the first column says whether as staff.
_VISIBLE_SQL = """SELECT CASE WHEN {staff} THEN 1 ELSE 0 END, {pupil}, {school}, {la}
  FROM pupils_pupil p JOIN schools_school s ON s.id = p.school_id
  JOIN schools_localauthority la ON la.id = s.local_authority_id
 WHERE p.uid = %(uid)s AND p.archived_at IS NULL AND ({staff} OR p.id IN ({children}))"""


def _find_visible(user: User, uid: uuid.UUID | str) -> tuple[Pupil, bool]:
    """The pupil as pupils_visible_to() finds them (the same scope, as hand-written SQL: see opensend.rawsql for
    why), with their school and its local authority, in one query whatever the user's roles. With the pupil, whether
    the user sees them as staff (is_staff_for(user, pupil)) rather than only as a parent."""
    if not user.is_authenticated:
        raise Http404
    try:
        uid = uid if isinstance(uid, uuid.UUID) else uuid.UUID(uid)
    except ValueError:  # not a uid
        raise Http404 from None
    params: dict[str, object] = {"uid": rawsql.field_value(Pupil, "uid", uid)}
    sql = _VISIBLE_SQL.format(
        staff=staff_sql(user, params),
        children=_CHILDREN_SQL,
        pupil=rawsql.columns(Pupil, "p"),
        school=rawsql.columns(School, "s"),
        la=rawsql.columns(LocalAuthority, "la"),
    )
    rows = rawsql.select(Pupil, sql, params)
    if not rows:
        raise Http404
    as_staff, *row = rows[0]
    pupil_end = len(Pupil._meta.concrete_fields)
    school_end = pupil_end + len(School._meta.concrete_fields)
    pupil = rawsql.instance(Pupil, row[:pupil_end])
    school = rawsql.instance(School, row[pupil_end:school_end])
    Pupil._meta.get_field("school").set_cached_value(pupil, school)  # as select_related() does
    School._meta.get_field("local_authority").set_cached_value(
        school, rawsql.instance(LocalAuthority, row[school_end:])
    )
    return pupil, bool(as_staff)


def _get_visible(user: User, uid: uuid.UUID | str) -> Pupil:
    return _find_visible(user, uid)[0]


def access_pupil_by_uid(request: HttpRequest, uid: uuid.UUID | str, *, part: str = "record") -> Pupil:
    """The pupil, if this user may see them; records the read in the audit trail. 404 otherwise."""
    user = signed_in_user(request)
    pupil = _get_visible(user, uid)
    audit_pupil_read(request, pupil, part=part)
    return pupil


def access_pupil_record(request: HttpRequest, uid: uuid.UUID | str) -> PupilRights:
    """The pupil, as access_pupil_by_uid() finds and audits them, with what this user may do on their record."""
    user = signed_in_user(request)
    pupil, as_staff = _find_visible(user, uid)
    audit_pupil_read(request, pupil, part="record")
    return PupilRights(user=user, pupil=pupil, sees_as_staff=as_staff)


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
    """The read of the pupil themselves or, with `object_id`, of one part of their record (a cycle, a meeting): the
    event audit_record() would write, inserted without building a model instance, as nearly every page of a pupil
    writes one."""
    audit_pupil_part(
        actor=signed_in_user(request),
        action=AuditAction.VIEW,
        object_type=f"pupil.{part}" if "." not in part else part,
        object_id=object_id or pupil.uid,
        pupil=pupil,
        request=request,
    )


@dataclass
class PupilRights:
    """What one user may do with one pupil, for a page that asks several times (the record): each answer is the
    one can_change() (and plans.permissions.may_change()) would give, and the database is asked at most once for
    each kind of question. Build it for one request only: the answers are kept."""

    user: User
    pupil: Pupil
    sees_as_staff: bool | None = None  # is_staff_for(user, pupil); None until asked
    teaches: bool | None = None  # a teacher (not a TA) of one of the pupil's groups; None until asked

    def is_staff(self) -> bool:
        """is_staff_for(user, pupil)."""
        if self.sees_as_staff is None:
            self.sees_as_staff = is_staff_for(self.user, self.pupil)
        return self.sees_as_staff

    def _teaches(self) -> bool:
        if self.teaches is None:
            taught = taught_pupil_ids(
                self.user, frozenset({self.pupil.school_id}), assignment_roles=frozenset({"teacher"})
            )
            self.teaches = taught.filter(pupil_id=self.pupil.pk).exists()
        return self.teaches

    def has_role(self, roles: frozenset[str]) -> bool:
        return access_for(self.user).has_role(self.pupil.school_id, roles)

    def can_change(self, roles: frozenset[str]) -> bool:
        """can_change(user, pupil, roles=roles)."""
        if not self.has_role(roles):
            return False
        if self.has_role(roles - GROUP_ROLES):
            return True
        # A teacher may change only the pupils in groups they are assigned to teach (not groups they support as a TA).
        return self._teaches()

    def may_change(self, roles: frozenset[str]) -> bool:
        """plans.permissions.may_change(user, pupil, roles=roles): as can_change, but with teaching assistants among
        `roles`, teachers and TAs may change any pupil they work with (tested to agree)."""
        if not self.has_role(roles):
            return False
        if Role.TEACHING_ASSISTANT not in roles:
            return self.can_change(roles)
        return self.has_role(roles - GROUP_ROLES) or self.is_staff()


def can_change(user: User, pupil: Pupil, *, roles: frozenset[str]) -> bool:
    return PupilRights(user=user, pupil=pupil).can_change(roles)


def can_edit_profile(user: User, pupil: Pupil) -> bool:
    return can_change(user, pupil, roles=PROFILE_EDITOR_ROLES)


def can_decide_register(user: User, pupil: Pupil) -> bool:
    return can_change(user, pupil, roles=REGISTER_ROLES)


def can_view_audit(user: User, pupil: Pupil) -> bool:
    return access_for(user).has_role(pupil.school_id, AUDIT_VIEWER_ROLES)
