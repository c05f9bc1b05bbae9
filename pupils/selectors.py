"""Reads of pupils: the whole record, profile history, and the pupils a member of staff teaches."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Membership, User
from accounts.selectors import active_q
from plans.models import OPEN_STATES, SupportCycle
from pupils.models import (
    Adjustment,
    Barrier,
    Enrolment,
    GroupMembership,
    ParentLink,
    ProfileVersion,
    Pupil,
    SenStatusCode,
)
from pupils.permissions import intervention_pupil_ids, pupils_visible_to, taught_pupil_ids
from register.models import Need, RegisterDecision, SenStatus
from schools.models import StaffAssignment

if TYPE_CHECKING:
    from accounts.selectors import Access


@dataclass
class StaffMember:
    name: str
    roles: list[str] = field(default_factory=list)


@dataclass
class PupilRecord:
    pupil: Pupil
    statuses: list[SenStatus]
    decisions: list[RegisterDecision]
    needs: list[Need]
    past_needs: list[Need]
    profile: ProfileVersion | None
    profile_versions: int
    barriers: list[Barrier]
    groups: list[GroupMembership]
    staff: list[StaffMember]
    parents: list[ParentLink]
    enrolments: list[Enrolment]


def _current_adjustments() -> Prefetch[str]:
    return Prefetch(
        "adjustments", queryset=Adjustment.objects.filter(archived_at__isnull=True), to_attr="current_adjustments"
    )


def pupil_record(*, pupil: Pupil) -> PupilRecord:
    """Everything on the pupil's record page, in a fixed number of queries."""
    today = timezone.localdate()
    needs = list(Need.objects.filter(pupil=pupil).order_by("rank", "-started_on"))
    groups = list(
        GroupMembership.objects.filter(active_q(today), pupil=pupil)
        .select_related("group")
        .order_by("group__kind", "group__name")
    )
    assignments = (
        StaffAssignment.objects.filter(active_q(today), group__in=[membership.group_id for membership in groups])
        .select_related("user", "group")
        .order_by("user__full_name")
    )
    staff: dict[int, StaffMember] = {}
    for assignment in assignments:
        member = staff.setdefault(assignment.user_id, StaffMember(assignment.user.full_name))
        member.roles.append(f"{assignment.get_role_display()}, {assignment.group.name}")
    for membership in Membership.objects.filter(
        active_q(today), school_id=pupil.school_id, role="sendco"
    ).select_related("user"):
        staff.setdefault(membership.user_id, StaffMember(membership.user.full_name)).roles.append("SENDCo")
    versions = list(ProfileVersion.objects.filter(pupil=pupil).order_by("-number")[:1])
    return PupilRecord(
        pupil=pupil,
        statuses=list(SenStatus.objects.filter(pupil=pupil).order_by("-started_on", "-id")),
        decisions=list(
            RegisterDecision.objects.filter(pupil=pupil).select_related("decided_by").order_by("-decided_on", "-id")
        ),
        needs=[need for need in needs if need.ended_on is None],
        past_needs=[need for need in needs if need.ended_on is not None],
        profile=versions[0] if versions else None,
        profile_versions=versions[0].number if versions else 0,
        barriers=list(
            Barrier.objects.filter(pupil=pupil, archived_at__isnull=True).prefetch_related(_current_adjustments())
        ),
        groups=groups,
        staff=sorted(staff.values(), key=lambda member: member.name),
        parents=list(ParentLink.objects.filter(active_q(today), pupil=pupil).select_related("parent")),
        enrolments=list(Enrolment.objects.filter(pupil=pupil).select_related("school").order_by("-started_on")),
    )


def pupils_taught_by(*, user: User, access: Access) -> QuerySet[Pupil]:
    """The pupils on the register (or with a current barrier to learning or an open support cycle) in groups this user teaches or
    supports, with what a teacher needs on one screen: needs, current profile strategies, barriers and adjustments.

    Pupils with nothing to show are left out in the database, so their rows are never fetched or prefetched."""
    today = timezone.localdate()
    current_barrier = Barrier.objects.filter(pupil=OuterRef("pk"), archived_at__isnull=True)
    # A pupil of concern not yet on the register can have a support cycle: their plan must reach their teachers.
    open_cycle = SupportCycle.objects.filter(pupil=OuterRef("pk"), state__in=OPEN_STATES)
    return (
        Pupil.objects.filter(
            Q(sen_status__in=[SenStatusCode.SUPPORT, SenStatusCode.EHC_PLAN])
            | Exists(current_barrier)
            | Exists(open_cycle),
            archived_at__isnull=True,
            school_id__in=access.group_school_ids,
        )
        .filter(
            Q(pk__in=taught_pupil_ids(user, access.group_school_ids))
            | Q(pk__in=intervention_pupil_ids(user, access.group_school_ids)),
        )
        .prefetch_related(
            # Only the columns the page shows: a teacher's page has a card for each of twenty or thirty pupils.
            Prefetch(
                "needs",
                queryset=Need.objects.filter(ended_on__isnull=True).order_by("rank").only("pupil_id", "code", "rank"),
                to_attr="current_needs",
            ),
            Prefetch(
                "barriers",
                queryset=Barrier.objects.filter(archived_at__isnull=True)
                .only("pupil_id", "title")
                .prefetch_related(
                    Prefetch(
                        "adjustments",
                        queryset=Adjustment.objects.filter(archived_at__isnull=True).only("barrier_id", "description"),
                        to_attr="current_adjustments",
                    )
                ),
                to_attr="current_barriers",
            ),
            Prefetch(
                "group_memberships",
                queryset=GroupMembership.objects.filter(active_q(today))
                .select_related("group")
                .only("pupil_id", "group__name"),
                to_attr="current_groups",
            ),
        )
        .order_by("legal_surname", "legal_forename", "id")
    )


def latest_profiles(pupil_ids: list[int]) -> dict[int, ProfileVersion]:
    """The newest profile version of each pupil, in one query."""
    newest = ProfileVersion.objects.filter(pupil_id=OuterRef("pupil_id")).order_by("-number").values("number")[:1]
    versions = ProfileVersion.objects.filter(pupil_id__in=pupil_ids, number=Subquery(newest))
    return {version.pupil_id: version for version in versions}


def children_of(*, user: User) -> QuerySet[Pupil]:
    today = timezone.localdate()
    return (
        pupils_visible_to(user)
        .filter(pk__in=ParentLink.objects.filter(active_q(today), parent=user).values("pupil_id"))
        .select_related("school")
        .order_by("date_of_birth")
    )


@dataclass(frozen=True)
class FieldDiff:
    label: str
    changed: bool
    before: str
    after: str
    pieces: list[tuple[str, str]]  # (kind, text): kind is "same", "removed" or "added"


def profile_diff(older: ProfileVersion, newer: ProfileVersion) -> list[FieldDiff]:
    """Word-level differences between two versions, field by field."""
    result = []
    for name in ProfileVersion.PROFILE_FIELDS:
        before, after = getattr(older, name), getattr(newer, name)
        label = str(getattr(ProfileVersion._meta.get_field(name), "verbose_name", name))
        pieces: list[tuple[str, str]] = []
        if before != after:
            a_words, b_words = before.split(" "), after.split(" ")
            for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=a_words, b=b_words, autojunk=False).get_opcodes():
                if op == "equal":
                    pieces.append(("same", " ".join(a_words[a1:a2])))
                else:
                    if a2 > a1:
                        pieces.append(("removed", " ".join(a_words[a1:a2])))
                    if b2 > b1:
                        pieces.append(("added", " ".join(b_words[b1:b2])))
        result.append(FieldDiff(label=label, changed=before != after, before=before, after=after, pieces=pieces))
    return result
