"""Reads of pupils: the whole record, profile history, and the pupils a member of staff teaches."""

from __future__ import annotations

import datetime as dt
import difflib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Role, User
from accounts.selectors import active_q
from lib.census import need_types
from opensend import rawsql
from opensend.links import url_for_uid
from plans.models import OPEN_STATES, PLAN_IN_FORCE_STATES
from pupils.models import (
    Adjustment,
    Barrier,
    Enrolment,
    GroupMembership,
    ParentLink,
    ProfileVersion,
    Pupil,
    SenStatusCode,
    YearGroup,
)
from pupils.permissions import pupils_visible_to, worked_with_sql
from register.models import Need, NeedCode, RegisterDecision, SenStatus
from schools.models import StaffAssignment


@dataclass
class StaffMember:
    name: str
    roles: list[str] = field(default_factory=list)


# The record's rows: only what the page shows, each choice with its label. The record reads through hand-written
# SQL (see opensend.rawsql for why): building its dozen querysets and the model instances of every row was half
# the page's time.


@dataclass(frozen=True, slots=True)
class NeedLine:
    uid: uuid.UUID
    code: str
    code_label: str
    broad_area: str
    rank: int
    started_on: dt.date
    ended_on: dt.date | None
    ended_reason: str
    description: str
    diagnosis: str
    diagnosis_source: str
    diagnosis_date: dt.date | None


@dataclass(frozen=True, slots=True)
class StatusLine:
    status_label: str
    started_on: dt.date
    ended_on: dt.date | None


@dataclass(frozen=True, slots=True)
class DecisionLine:
    uid: uuid.UUID
    decided_on: dt.date
    decided_by: str  # the name of who decided
    from_label: str
    to_label: str
    reason: str
    parents_informed_on: dt.date | None
    parents_informed_how: str


@dataclass(frozen=True, slots=True)
class ProfileLine:
    """The latest version of the one-page profile: its number, when it was saved and its fields
    (ProfileVersion.PROFILE_FIELDS, as pupils/_profile_rows.html shows them)."""

    number: int
    created_at: dt.datetime
    admire: str
    important_to_me: str
    how_to_support: str
    communication: str
    likes: str
    dislikes: str
    strengths: str
    medical_needs: str
    strategies_that_work: str
    strategies_that_dont: str
    named_adult: str


@dataclass(frozen=True, slots=True)
class AdjustmentLine:
    uid: uuid.UUID
    kind_label: str
    description: str


@dataclass(frozen=True, slots=True)
class BarrierLine:
    uid: uuid.UUID
    title: str
    description: str
    current_adjustments: list[AdjustmentLine]


@dataclass(frozen=True, slots=True)
class GroupLine:
    name: str
    subject: str


@dataclass(frozen=True, slots=True)
class ParentLine:
    name: str
    relationship_label: str
    parental_responsibility: bool


@dataclass(frozen=True, slots=True)
class EnrolmentLine:
    school_name: str
    started_on: dt.date
    ended_on: dt.date | None


@dataclass
class PupilRecord:
    pupil: Pupil
    statuses: list[StatusLine]
    decisions: list[DecisionLine]
    needs: list[NeedLine]
    past_needs: list[NeedLine]
    profile: ProfileLine | None
    profile_versions: int
    barriers: list[BarrierLine]
    groups: list[GroupLine]
    staff: list[StaffMember]
    parents: list[ParentLine]
    enrolments: list[EnrolmentLine]


def _day_or_none(value: dt.date | str | None) -> dt.date | None:
    return None if value is None else rawsql.day(value)


_ACTIVE = "{0}.started_on <= %(on)s AND ({0}.ended_on IS NULL OR {0}.ended_on > %(on)s)"

_NEEDS_SQL = """
SELECT uid, code, rank, started_on, ended_on, ended_reason, description, diagnosis, diagnosis_source, diagnosis_date
  FROM register_need WHERE pupil_id = %(pupil)s ORDER BY rank, started_on DESC, id"""

_STATUSES_SQL = """
SELECT status, started_on, ended_on FROM register_senstatus WHERE pupil_id = %(pupil)s
 ORDER BY started_on DESC, id DESC"""

_DECISIONS_SQL = """
SELECT d.uid, d.decided_on, u.full_name, d.from_status, d.to_status, d.reason, d.parents_informed_on,
       d.parents_informed_how
  FROM register_registerdecision d JOIN accounts_user u ON u.id = d.decided_by_id
 WHERE d.pupil_id = %(pupil)s ORDER BY d.decided_on DESC, d.id DESC"""

_PROFILE_SQL = """
SELECT number, created_at, admire, important_to_me, how_to_support, communication, likes, dislikes, strengths,
       medical_needs, strategies_that_work, strategies_that_dont, named_adult
  FROM pupils_profileversion WHERE pupil_id = %(pupil)s ORDER BY number DESC LIMIT 1"""

# The current barriers, each with its current adjustments (none: one row with NULLs), in the models' order.
_BARRIERS_SQL = """
SELECT b.id, b.uid, b.title, b.description, a.uid, a.kind, a.description
  FROM pupils_barrier b LEFT JOIN pupils_adjustment a ON a.barrier_id = b.id AND a.archived_at IS NULL
 WHERE b.pupil_id = %(pupil)s AND b.archived_at IS NULL
 ORDER BY b.created_at, b.id, a.created_at, a.id"""

# In one statement, three parts: (0) the pupil's current groups, by kind and name; (1) the current staff
# assignments of those groups, by name (then group, then assignment: the order the roles are listed in); (2) the
# school's current SENDCos. Columns: part, two sort keys, two tie-breakers, user id, name, role, group, subject.
_GROUPS_AND_STAFF_SQL = f"""
SELECT 0, g.kind, g.name, m.id, 0, 0, '', '', g.name, g.subject
  FROM pupils_groupmembership m JOIN schools_teachinggroup g ON g.id = m.group_id
 WHERE m.pupil_id = %(pupil)s AND {_ACTIVE.format("m")}
UNION ALL
SELECT 1, u.full_name, '', a.group_id, a.id, a.user_id, u.full_name, a.role, g.name, ''
  FROM schools_staffassignment a JOIN accounts_user u ON u.id = a.user_id
  JOIN schools_teachinggroup g ON g.id = a.group_id
 WHERE {_ACTIVE.format("a")} AND a.group_id IN (
       SELECT m.group_id FROM pupils_groupmembership m WHERE m.pupil_id = %(pupil)s AND {_ACTIVE.format("m")})
UNION ALL
SELECT 2, '', '', s.id, 0, s.user_id, u.full_name, s.role, '', ''
  FROM accounts_membership s JOIN accounts_user u ON u.id = s.user_id
 WHERE s.school_id = %(school)s AND s.role = %(sendco)s AND {_ACTIVE.format("s")}
 ORDER BY 1, 2, 3, 4, 5"""  # noqa: S608 - fixed SQL

_PARENTS_SQL = f"""
SELECT u.full_name, l.relationship, l.parental_responsibility
  FROM pupils_parentlink l JOIN accounts_user u ON u.id = l.parent_id
 WHERE l.pupil_id = %(pupil)s AND {_ACTIVE.format("l")} ORDER BY l.id"""  # noqa: S608 - fixed SQL

_ENROLMENTS_SQL = """
SELECT s.name, e.started_on, e.ended_on FROM pupils_enrolment e JOIN schools_school s ON s.id = e.school_id
 WHERE e.pupil_id = %(pupil)s ORDER BY e.started_on DESC, e.id"""

_NEED_LABELS: dict[str, str] = dict(NeedCode.choices)
_STATUS_LABELS: dict[str, str] = dict(SenStatusCode.choices)
_ADJUSTMENT_LABELS: dict[str, str] = dict(Adjustment.Kind.choices)
_ASSIGNMENT_LABELS: dict[str, str] = dict(StaffAssignment.Role.choices)
_RELATIONSHIP_LABELS: dict[str, str] = dict(ParentLink.Relationship.choices)


def _needs(params: dict[str, object]) -> list[NeedLine]:
    return [
        NeedLine(
            uid=rawsql.uid(uid),
            code=code,
            code_label=_NEED_LABELS.get(code, code),
            broad_area=need_types()[code].broad_area,
            rank=rank,
            started_on=rawsql.day(started_on),
            ended_on=_day_or_none(ended_on),
            ended_reason=ended_reason,
            description=description,
            diagnosis=diagnosis,
            diagnosis_source=diagnosis_source,
            diagnosis_date=_day_or_none(diagnosis_date),
        )
        for uid, code, rank, started_on, ended_on, ended_reason, description, diagnosis, diagnosis_source, diagnosis_date in rawsql.select(
            Need, _NEEDS_SQL, params
        )
    ]


def _profile(params: dict[str, object]) -> ProfileLine | None:
    rows = rawsql.select(ProfileVersion, _PROFILE_SQL, params)
    if not rows:
        return None
    number, created_at, *fields = rows[0]
    return ProfileLine(number, rawsql.moment(created_at), *fields)


def _barriers(params: dict[str, object]) -> list[BarrierLine]:
    barriers: list[BarrierLine] = []
    last = None
    for pk, uid, title, description, adjustment_uid, kind, text in rawsql.select(Barrier, _BARRIERS_SQL, params):
        if pk != last:
            barriers.append(BarrierLine(rawsql.uid(uid), title, description, []))
            last = pk
        if adjustment_uid is not None:
            barriers[-1].current_adjustments.append(
                AdjustmentLine(rawsql.uid(adjustment_uid), _ADJUSTMENT_LABELS.get(kind, kind), text)
            )
    return barriers


def _groups_and_staff(params: dict[str, object]) -> tuple[list[GroupLine], list[StaffMember]]:
    groups: list[GroupLine] = []
    staff: dict[int, StaffMember] = {}
    for part, *_, user_id, name, role, group, subject in rawsql.select(GroupMembership, _GROUPS_AND_STAFF_SQL, params):
        if part == 0:
            groups.append(GroupLine(group, subject))
        elif part == 1:
            member = staff.setdefault(user_id, StaffMember(name))
            member.roles.append(f"{_ASSIGNMENT_LABELS.get(role, role)}, {group}")
        else:
            staff.setdefault(user_id, StaffMember(name)).roles.append("SENDCo")
    return groups, sorted(staff.values(), key=lambda member: member.name)


def pupil_record(*, pupil: Pupil, as_staff: bool = True) -> PupilRecord:
    """Everything on the pupil's record page, in at most eight queries whatever the pupil's history. What only staff
    see (register decisions, groups and staff, parents, schools) is not read `as_staff=False`."""
    params: dict[str, object] = {
        "pupil": pupil.pk,
        "school": pupil.school_id,
        "on": timezone.localdate(),
        "sendco": Role.SENDCO.value,
    }
    needs = _needs(params)
    profile = _profile(params)
    groups, staff = _groups_and_staff(params) if as_staff else ([], [])
    return PupilRecord(
        pupil=pupil,
        statuses=[
            StatusLine(_STATUS_LABELS.get(status, status), rawsql.day(started_on), _day_or_none(ended_on))
            for status, started_on, ended_on in rawsql.select(SenStatus, _STATUSES_SQL, params)
        ],
        decisions=[
            DecisionLine(
                uid=rawsql.uid(uid),
                decided_on=rawsql.day(decided_on),
                decided_by=decided_by,
                from_label=_STATUS_LABELS.get(from_status, from_status),
                to_label=_STATUS_LABELS.get(to_status, to_status),
                reason=reason,
                parents_informed_on=_day_or_none(informed_on),
                parents_informed_how=informed_how,
            )
            for uid, decided_on, decided_by, from_status, to_status, reason, informed_on, informed_how in (
                rawsql.select(RegisterDecision, _DECISIONS_SQL, params) if as_staff else []
            )
        ],
        needs=[need for need in needs if need.ended_on is None],
        past_needs=[need for need in needs if need.ended_on is not None],
        profile=profile,
        profile_versions=profile.number if profile else 0,
        barriers=_barriers(params),
        groups=groups,
        staff=staff,
        parents=[
            ParentLine(name, _RELATIONSHIP_LABELS.get(relationship, relationship), bool(responsible))
            for name, relationship, responsible in (rawsql.select(ParentLink, _PARENTS_SQL, params) if as_staff else [])
        ],
        enrolments=[
            EnrolmentLine(school_name, rawsql.day(started_on), _day_or_none(ended_on))
            for school_name, started_on, ended_on in (
                rawsql.select(Enrolment, _ENROLMENTS_SQL, params) if as_staff else []
            )
        ],
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


# --- "My pupils": the cards of the pupils a teacher or teaching assistant works with ---------------------------------
#
# Read through hand-written SQL (opensend.rawsql says why): a teacher's page has a card for each of twenty to sixty
# pupils, each card with five kinds of rows, and building, compiling and instantiating the ORM's queryset and its
# prefetches cost the page several times what running the SQL does. Two statements whatever the number of pupils.


@dataclass(frozen=True, slots=True)
class BarrierCard:
    pk: int
    title: str
    adjustments: list[str]  # the descriptions of its current adjustments, oldest first


@dataclass(frozen=True, slots=True)
class OutcomeLine:
    description: str
    success_criteria: str


@dataclass(frozen=True, slots=True)
class ProvisionLine:
    description: str
    delivered_by: str
    frequency: str


@dataclass(frozen=True, slots=True)
class PlanCard:
    """The pupil's plan in force (the support cycle at Do or Review): shared with every adult who works with the
    pupil (Code 6.49), with what the pupil works towards and what adults do."""

    uid: uuid.UUID
    url: str
    number: int
    review_due_on: dt.date | None
    outcomes: list[OutcomeLine] = field(default_factory=list)
    provisions: list[ProvisionLine] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TaughtPupil:
    """One card of "my pupils", with the attributes an audit event needs (audit.services.NamedPupil)."""

    pk: int
    uid: uuid.UUID
    school_id: int
    url: str  # the pupil's record
    display_name: str
    year_group_label: str  # "Year 4"
    sen_status: str  # the code: "K"
    sen_status_label: str  # "SEN support"
    strategies_that_work: str  # of the latest profile; "" without one
    strategies_that_dont: str
    named_adult: str
    plan: PlanCard | None
    needs: list[str] = field(default_factory=list)  # the labels of the current needs, primary first
    groups: list[str] = field(default_factory=list)  # the names of the groups the pupil is in today
    barriers: list[BarrierCard] = field(default_factory=list)


# The pupils a member of staff teaches or supports, or whose intervention they run, who have something to show:
# on the register, or with a current barrier to learning, or with an open support cycle (a pupil of concern not yet
# on the register can have one, and its plan must reach their teachers). Each with their latest profile and their
# plan in force: at most one of each (one profile per number, one open cycle per pupil), so one row per pupil.
# Who is taught is pupils.permissions.worked_with_sql, the hand-written form of taught_pupil_ids and
# intervention_pupil_ids (the access rule of every staff page) that the record's access check also uses
# (pupils/tests/test_my_pupils_selectors.py holds it to the ORM version).
# Indexes: the staff assignments by user, memberships by group, places by group, and each pupil's profile versions,
# barriers and cycles by pupil.
_TAUGHT_SQL = """
SELECT p.id, p.uid, p.school_id, p.legal_forename, p.legal_surname, p.preferred_forename, p.preferred_surname,
       p.year_group, p.sen_status, v.strategies_that_work, v.strategies_that_dont, v.named_adult,
       c.uid, c.number, c.review_due_on
  FROM pupils_pupil p
  LEFT JOIN pupils_profileversion v
    ON v.pupil_id = p.id AND v.number = (SELECT MAX(w.number) FROM pupils_profileversion w WHERE w.pupil_id = p.id)
  LEFT JOIN plans_supportcycle c ON c.pupil_id = p.id AND c.state IN ({in_force})
 WHERE p.archived_at IS NULL AND p.school_id IN ({schools})
   AND (p.sen_status IN ({on_register})
        OR EXISTS (SELECT 1 FROM pupils_barrier b WHERE b.pupil_id = p.id AND b.archived_at IS NULL)
        OR EXISTS (SELECT 1 FROM plans_supportcycle oc WHERE oc.pupil_id = p.id AND oc.state IN ({open})))
   AND {worked_with}
 ORDER BY p.legal_surname, p.legal_forename, p.id
"""

# What each card lists, for the pupils of _TAUGHT_SQL, in one statement: a row per current need, group (today),
# current barrier and adjustment, and outcome and planned provision of the plan in force, each kind numbered in the
# order the card shows it. Columns: kind (1 need, 2 group, 3 barrier, 4 outcome, 5 provision: the constants below),
# pupil, position, barrier id, then up to three texts (empty where a kind has fewer).
_NEED, _GROUP, _BARRIER, _OUTCOME, _PROVISION = 1, 2, 3, 4, 5
_CARD_ROWS_SQL = """
SELECT 3, b.pupil_id, ROW_NUMBER() OVER (ORDER BY b.created_at, b.id, a.created_at, a.id), b.id, b.title,
       a.description, ''
  FROM pupils_barrier b LEFT JOIN pupils_adjustment a ON a.barrier_id = b.id AND a.archived_at IS NULL
 WHERE b.pupil_id IN ({pupils}) AND b.archived_at IS NULL
UNION ALL
SELECT 1, n.pupil_id, ROW_NUMBER() OVER (ORDER BY n.rank, n.id), 0, n.code, '', ''
  FROM register_need n
 WHERE n.pupil_id IN ({pupils}) AND n.ended_on IS NULL
UNION ALL
SELECT 2, m.pupil_id, ROW_NUMBER() OVER (ORDER BY m.id), 0, g.name, '', ''
  FROM pupils_groupmembership m JOIN schools_teachinggroup g ON g.id = m.group_id
 WHERE m.pupil_id IN ({pupils}) AND m.started_on <= %(on)s AND (m.ended_on IS NULL OR m.ended_on > %(on)s)
UNION ALL
SELECT 4, c.pupil_id, ROW_NUMBER() OVER (ORDER BY o.position, o.id), 0, o.description, o.success_criteria, ''
  FROM plans_outcome o JOIN plans_supportcycle c ON c.id = o.cycle_id
 WHERE c.pupil_id IN ({pupils}) AND c.state IN ({in_force}) AND o.archived_at IS NULL
UNION ALL
SELECT 5, c.pupil_id, ROW_NUMBER() OVER (ORDER BY pp.starts_on, pp.id), 0, pp.description, pp.delivered_by,
       pp.frequency
  FROM plans_plannedprovision pp JOIN plans_supportcycle c ON c.id = pp.cycle_id
 WHERE c.pupil_id IN ({pupils}) AND c.state IN ({in_force}) AND pp.archived_at IS NULL
 ORDER BY 1, 3
"""


def pupils_taught_by(*, user: User, school_ids: Iterable[int]) -> list[TaughtPupil]:
    """The cards of "my pupils": the pupils this user teaches or supports in `school_ids` (the schools where they
    hold a teacher's or teaching assistant's role) who have something to show, by surname, forename and id, with
    their needs, groups, barriers and adjustments, latest profile and plan in force. Two queries."""
    today = timezone.localdate()
    params: dict[str, object] = {"user": user.pk, "on": today}
    in_force = rawsql.placeholders("in_force", PLAN_IN_FORCE_STATES, params)
    schools = rawsql.placeholders("school", sorted(school_ids), params)
    sql = _TAUGHT_SQL.format(
        in_force=in_force,
        schools=schools,
        worked_with=worked_with_sql(schools),
        on_register=rawsql.placeholders("status", [SenStatusCode.SUPPORT, SenStatusCode.EHC_PLAN], params),
        open=rawsql.placeholders("open", OPEN_STATES, params),
    )
    record_url, cycle_url = url_for_uid("pupils:record"), url_for_uid("plans:cycle")
    years, statuses = dict(YearGroup.choices), dict(SenStatusCode.choices)
    pupils = []
    for (
        pk,
        pupil_uid,
        school_id,
        legal_forename,
        legal_surname,
        preferred_forename,
        preferred_surname,
        year_group,
        sen_status,
        strategies_that_work,
        strategies_that_dont,
        named_adult,
        cycle_uid,
        cycle_number,
        review_due_on,
    ) in rawsql.select(Pupil, sql, params):
        pupil_uid = rawsql.uid(pupil_uid)
        plan = None
        if cycle_uid is not None:
            cycle_uid = rawsql.uid(cycle_uid)
            plan = PlanCard(
                uid=cycle_uid,
                url=cycle_url(cycle_uid),
                number=cycle_number,
                review_due_on=rawsql.day(review_due_on) if review_due_on is not None else None,
            )
        pupils.append(
            TaughtPupil(
                pk=pk,
                uid=pupil_uid,
                school_id=school_id,
                url=record_url(pupil_uid),
                # As Pupil.display_name: the preferred names where the pupil has them.
                display_name=f"{preferred_forename or legal_forename} {preferred_surname or legal_surname}",
                year_group_label=years.get(year_group, year_group),
                sen_status=sen_status,
                sen_status_label=statuses.get(sen_status, sen_status),
                strategies_that_work=strategies_that_work or "",
                strategies_that_dont=strategies_that_dont or "",
                named_adult=named_adult or "",
                plan=plan,
            )
        )
    if pupils:
        _add_card_rows(pupils, today=today)
    return pupils


def _add_card_rows(pupils: list[TaughtPupil], *, today: dt.date) -> None:
    """Fill in the lists on each card, from one statement."""
    params: dict[str, object] = {"on": today}
    sql = _CARD_ROWS_SQL.format(
        pupils=rawsql.placeholders("pupil", [pupil.pk for pupil in pupils], params),
        in_force=rawsql.placeholders("in_force", PLAN_IN_FORCE_STATES, params),
    )
    by_pk = {pupil.pk: pupil for pupil in pupils}
    needs = dict(NeedCode.choices)
    for kind, pupil_id, _, barrier_id, text, second, third in rawsql.select(Pupil, sql, params):
        pupil = by_pk[pupil_id]
        if kind == _BARRIER:
            if not pupil.barriers or pupil.barriers[-1].pk != barrier_id:
                pupil.barriers.append(BarrierCard(pk=barrier_id, title=text, adjustments=[]))
            if second is not None:  # a barrier without adjustments has one row, with no adjustment
                pupil.barriers[-1].adjustments.append(second)
        elif kind == _NEED:
            pupil.needs.append(needs.get(text, text))
        elif kind == _GROUP:
            pupil.groups.append(text)
        elif pupil.plan is not None:  # the outcomes and provision of the plan in force, the card's plan
            if kind == _OUTCOME:
                pupil.plan.outcomes.append(OutcomeLine(description=text, success_criteria=second))
            else:
                pupil.plan.provisions.append(ProvisionLine(description=text, delivered_by=second, frequency=third))
