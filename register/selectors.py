"""Reads of the SEN register: the filtered list, its counts, and what a parent letter says.

Aggregates are computed in the database, and the list costs the same number of queries whatever its length:
the primary need, registration class and status date are subqueries, and the current needs one more query.
Rows are built from plain values, not model instances: the register is the page SENDCos open most, and
building a Pupil and its Needs for every row was a third of its time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from accounts.models import SCHOOL_ROLES, Membership, Role, User
from accounts.selectors import active_q
from lib.census import need_codes_in_area, need_types
from lib.school_year import YEAR_GROUPS
from opensend.links import url_for_uid
from pupils.models import GroupMembership, Pupil, SenStatusCode, YearGroup
from register.models import Need, RegisterDecision, SenStatus
from schools.models import School, TeachingGroup

ON_REGISTER = (SenStatusCode.SUPPORT, SenStatusCode.EHC_PLAN)
# Everyone who works at the school may be named as having made a decision; governors are not staff.
STAFF_ROLES = SCHOOL_ROLES - {Role.GOVERNOR}

SORTS = ("name", "year", "status", "need")
ALL_PUPILS = "all"
_NAME_ORDER = ("legal_surname", "legal_forename")
# Year groups sort in school order (Nursery, Reception, Year 1...), not as text ("10" before "2").
_YEAR_ORDER = Case(
    *[When(year_group=group, then=Value(index)) for index, group in enumerate(YEAR_GROUPS)], output_field=IntegerField()
)
# SEN support before EHC plan: the order of increasing support.
_STATUS_ORDER = Case(
    When(sen_status=SenStatusCode.SUPPORT, then=Value(1)),
    When(sen_status=SenStatusCode.EHC_PLAN, then=Value(2)),
    default=Value(0),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class RegisterFilters:
    """What the register is filtered and sorted by. Empty strings and None mean 'any'."""

    status: str = ""  # "K", "E", "N", ALL_PUPILS, or "" for K and E
    need: str = ""  # a census need code, at any current rank
    area: str = ""  # a broad area of need, of the primary need
    year: str = ""
    group: str = ""  # a registration class uid
    sex: str = ""
    fsm: bool | None = None
    pp: bool | None = None
    search: str = ""
    sort: str = "name"  # a key from SORTS, "-" in front for descending

    @property
    def sort_key(self) -> str:
        return self.sort.removeprefix("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    @property
    def active(self) -> bool:
        """Whether any filter (not the sort) narrows the register."""
        return bool(self.params(sort=""))

    def params(self, **override: str) -> dict[str, str]:
        """The filters as query parameters, for links that keep them (sort headers, pages, exports)."""
        values: dict[str, str] = {
            "status": self.status,
            "need": self.need,
            "area": self.area,
            "year": self.year,
            "group": self.group,
            "sex": self.sex,
            "fsm": _yes_no(self.fsm),
            "pp": _yes_no(self.pp),
            "sort": self.sort if self.sort != "name" else "",
        }
        values.update(override)
        return {key: value for key, value in values.items() if value}

    def querystring(self, **override: str) -> str:
        params = self.params(**override)
        return f"?{urlencode(params)}" if params else ""

    def audit_detail(self) -> dict[str, Any]:
        """The filters for the audit trail. The search words are left out: they are usually a name."""
        detail: dict[str, Any] = {key: value for key, value in self.params().items() if key not in ("q", "sort")}
        detail["sort"] = self.sort
        if self.search:
            detail["search"] = True
        return detail


def _yes_no(flag: bool | None) -> str:
    return "" if flag is None else ("yes" if flag else "no")


@dataclass(frozen=True)
class NeedSummary:
    code: str
    description: str
    rank: int


@dataclass(frozen=True)
class RegisterRow:
    """One pupil on the register, as the page and the exports show them."""

    pk: int
    school_id: int
    uid: str
    record_url: str
    upn: str
    legal_forename: str
    legal_surname: str
    preferred_forename: str
    preferred_surname: str
    date_of_birth: dt.date
    sex: str
    year_group: str
    year_group_label: str
    registration_class: str
    status: str
    status_label: str
    status_since: dt.date | None
    needs: list[NeedSummary]
    free_school_meals: bool
    pupil_premium: bool
    eal: bool
    looked_after: bool

    @property
    def name(self) -> str:
        return f"{self.legal_surname}, {self.legal_forename}"

    @property
    def status_tag(self) -> str:
        """The GOV.UK tag colour of the status: purple for an EHC plan, blue for SEN support."""
        return "govuk-tag--purple" if self.status == SenStatusCode.EHC_PLAN else "govuk-tag--blue"

    @cached_property
    def known_as(self) -> str:
        """The preferred name, when it differs from the legal one."""
        preferred = f"{self.preferred_forename or self.legal_forename} {self.preferred_surname or self.legal_surname}"
        return preferred if preferred != f"{self.legal_forename} {self.legal_surname}" else ""

    @cached_property
    def primary_need(self) -> NeedSummary | None:
        return next((need for need in self.needs if need.rank == 1), None)

    @property
    def secondary_need(self) -> NeedSummary | None:
        return next((need for need in self.needs if need.rank == 2), None)

    @property
    def other_needs(self) -> list[NeedSummary]:
        """Every current need after the primary one."""
        return [need for need in self.needs if need.rank != 1]


def register_rows(*, school: School, filters: RegisterFilters, on: dt.date | None = None) -> QuerySet[Pupil]:
    """The pupils on the school's register (K and E) who match `filters`, in the order asked for."""
    on = on or timezone.localdate()
    current_needs = Need.objects.filter(active_q(on), pupil=OuterRef("pk"))
    primary_need = current_needs.filter(rank=1).order_by("-started_on", "-id")
    registration = GroupMembership.objects.filter(
        active_q(on), pupil=OuterRef("pk"), group__kind=TeachingGroup.Kind.REGISTRATION, group__school=school
    ).order_by("-started_on", "-id")
    status_since = SenStatus.objects.filter(pupil=OuterRef("pk"), ended_on__isnull=True).values("started_on")[:1]

    rows = Pupil.objects.filter(school=school, archived_at__isnull=True)
    if filters.status == ALL_PUPILS:
        pass  # the whole roll: how a SENDCo finds a pupil of concern who is not on the register yet
    elif filters.status in SenStatusCode.values:
        rows = rows.filter(sen_status=filters.status)
    else:
        rows = rows.filter(sen_status__in=ON_REGISTER)
    if filters.need:
        rows = rows.filter(Exists(current_needs.filter(code=filters.need)))
    if filters.area:
        rows = rows.filter(Exists(primary_need.filter(code__in=need_codes_in_area(filters.area))))
    if filters.year:
        rows = rows.filter(year_group=filters.year)
    if filters.group:
        rows = rows.filter(Exists(registration.filter(group__uid=filters.group)))
    if filters.sex:
        rows = rows.filter(sex=filters.sex)
    if filters.fsm is not None:
        rows = rows.filter(free_school_meals=filters.fsm)
    if filters.pp is not None:
        rows = rows.filter(pupil_premium=filters.pp)
    for word in filters.search.split()[:5]:
        rows = rows.filter(
            Q(legal_forename__icontains=word)
            | Q(legal_surname__icontains=word)
            | Q(preferred_forename__icontains=word)
            | Q(preferred_surname__icontains=word)
        )
    rows = rows.annotate(
        primary_need_code=Subquery(primary_need.values("code")[:1]),
        registration_class=Subquery(registration.values("group__name")[:1]),
        status_since=Subquery(status_since),
    )
    return rows.order_by(*_ordering(filters))


def _ordering(filters: RegisterFilters) -> list[str | OrderBy]:
    """The sort asked for, then name, then id, so that equal keys always come out in the same order."""
    descending = filters.descending
    if filters.sort_key == "name":
        keys: list[str | OrderBy] = [*_NAME_ORDER, "id"]
        return [f"-{key}" for key in keys] if descending else keys
    first: Any = {"year": _YEAR_ORDER, "status": _STATUS_ORDER, "need": F("primary_need_code")}.get(filters.sort_key)
    if first is None:
        return [*_NAME_ORDER, "id"]
    lead = first.desc(nulls_last=True) if descending else first.asc(nulls_last=True)
    return [lead, *_NAME_ORDER, "id"]


# What a register row is built from: the pupil's columns and register_rows()' annotations.
_ROW_VALUES = (
    "pk",
    "school_id",
    "uid",
    "upn",
    "legal_forename",
    "legal_surname",
    "preferred_forename",
    "preferred_surname",
    "date_of_birth",
    "sex",
    "year_group",
    "sen_status",
    "free_school_meals",
    "pupil_premium",
    "eal",
    "looked_after",
    "registration_class",
    "status_since",
)


def register_page_rows(rows: QuerySet[Pupil], *, on: dt.date | None = None) -> list[RegisterRow]:
    """A slice of register_rows() (one page) as rows, with every pupil's current needs: two queries."""
    return _with_needs(list(rows.values(*_ROW_VALUES)), on=on or timezone.localdate())


def register_rows_iter(rows: QuerySet[Pupil], *, chunk_size: int = 2000) -> Iterator[RegisterRow]:
    """Every row of a register_rows() queryset, fetched `chunk_size` at a time (one needs query per chunk)."""
    on = timezone.localdate()
    values = rows.values(*_ROW_VALUES).iterator(chunk_size=chunk_size)
    while chunk := list(itertools.islice(values, chunk_size)):
        yield from _with_needs(chunk, on=on)


def _with_needs(values: list[dict[str, Any]], *, on: dt.date) -> list[RegisterRow]:
    if not values:
        return []
    types = need_types()
    needs: dict[int, list[NeedSummary]] = {}
    current = Need.objects.filter(active_q(on), pupil_id__in=[value["pk"] for value in values])
    for pupil_id, code, rank in current.order_by("rank", "id").values_list("pupil_id", "code", "rank"):
        description = types[code].description if code in types else code
        needs.setdefault(pupil_id, []).append(NeedSummary(code=code, description=description, rank=rank))
    record_url = url_for_uid("pupils:record")
    return [_row(value, needs.get(value["pk"], []), record_url(value["uid"])) for value in values]


def _row(value: dict[str, Any], needs: list[NeedSummary], record_url: str) -> RegisterRow:
    return RegisterRow(
        pk=value["pk"],
        school_id=value["school_id"],
        uid=str(value["uid"]),
        record_url=record_url,
        upn=value["upn"],
        legal_forename=value["legal_forename"],
        legal_surname=value["legal_surname"],
        preferred_forename=value["preferred_forename"],
        preferred_surname=value["preferred_surname"],
        date_of_birth=value["date_of_birth"],
        sex=value["sex"],
        year_group=value["year_group"],
        year_group_label=YearGroup(value["year_group"]).label,
        registration_class=value["registration_class"] or "",
        status=value["sen_status"],
        status_label=SenStatusCode(value["sen_status"]).label,
        status_since=value["status_since"],
        needs=needs,
        free_school_meals=value["free_school_meals"],
        pupil_premium=value["pupil_premium"],
        eal=value["eal"],
        looked_after=value["looked_after"],
    )


@dataclass(frozen=True)
class RegisterCounts:
    """Pupils at SEN support (K) and with an EHC plan (E), the roll, and the primary needs of those on the register."""

    support: int
    ehc_plan: int
    roll: int
    need_mix: list[tuple[str, str, int]] = field(default_factory=list)  # (code, description, count), largest first

    @property
    def total(self) -> int:
        return self.support + self.ehc_plan

    def _share(self, part: int) -> float | None:
        return round(100 * part / self.roll, 1) if self.roll else None

    @property
    def support_share(self) -> float | None:
        """Percentage of the roll at SEN support; None when nobody is on roll."""
        return self._share(self.support)

    @property
    def ehc_plan_share(self) -> float | None:
        return self._share(self.ehc_plan)

    @property
    def total_share(self) -> float | None:
        return self._share(self.total)

    def matching(self, filters: RegisterFilters) -> int | None:
        """How many pupils register_rows() finds for `filters`, when only the status narrows it; else None."""
        if dataclasses.replace(filters, status="", sort="name") != RegisterFilters():
            return None  # another filter narrows the list: count it
        by_status = {
            "": self.total,
            SenStatusCode.SUPPORT: self.support,
            SenStatusCode.EHC_PLAN: self.ehc_plan,
            SenStatusCode.NONE: self.roll - self.total,
            ALL_PUPILS: self.roll,
        }
        return by_status.get(filters.status)


def register_counts(*, school_ids: Iterable[int], on: dt.date | None = None) -> RegisterCounts:
    """Register counts for one or many schools, in two queries: status counts with the roll, then the need mix.

    The roll is every pupil at the schools who is not archived; the need mix counts each K or E pupil's
    current primary need.
    """
    on = on or timezone.localdate()
    ids = list(school_ids)
    totals = Pupil.objects.filter(school_id__in=ids, archived_at__isnull=True).aggregate(
        roll=Count("pk"),
        support=Count("pk", filter=Q(sen_status=SenStatusCode.SUPPORT)),
        ehc_plan=Count("pk", filter=Q(sen_status=SenStatusCode.EHC_PLAN)),
    )
    mix = (
        Need.objects.filter(
            active_q(on),
            rank=1,
            pupil__school_id__in=ids,
            pupil__archived_at__isnull=True,
            pupil__sen_status__in=ON_REGISTER,
        )
        .values("code")
        .annotate(pupils=Count("pupil", distinct=True))
        .order_by("-pupils", "code")
    )
    types = need_types()
    return RegisterCounts(
        support=totals["support"],
        ehc_plan=totals["ehc_plan"],
        roll=totals["roll"],
        need_mix=[
            (row["code"], types[row["code"]].description if row["code"] in types else row["code"], row["pupils"])
            for row in mix
        ],
    )


def registration_classes(*, school: School, on: dt.date | None = None) -> list[tuple[str, str]]:
    """(uid, name) of the school's registration classes in the academic year running on `on`."""
    on = on or timezone.localdate()
    groups = TeachingGroup.objects.filter(
        school=school,
        kind=TeachingGroup.Kind.REGISTRATION,
        academic_year__starts_on__lte=on,
        academic_year__ends_on__gte=on,
    ).order_by("name", "id")
    return [(str(uid), name) for uid, name in groups.values_list("uid", "name")]


def school_staff(*, school: School, on: dt.date | None = None) -> QuerySet[User]:
    """People who work at the school today (any staff role), by name."""
    on = on or timezone.localdate()
    members = Membership.objects.filter(active_q(on), school=school, role__in=sorted(STAFF_ROLES)).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True).order_by("full_name", "id")


def pupil_current_needs(*, pupil: Pupil, on: dt.date | None = None) -> list[Need]:
    on = on or timezone.localdate()
    return list(pupil.needs.filter(active_q(on)).order_by("rank"))


@dataclass(frozen=True)
class DecisionLetter:
    """What the parent letter for a register decision says. The wording lives in the template."""

    school_name: str
    school_address: list[str]
    letter_date: dt.date
    pupil_name: str
    pupil_forename: str
    to_status: str
    from_status: str
    decided_on: dt.date
    reason: str
    primary_need: str
    sendco_names: list[str]
    signed_by: str
    signed_by_role: str


def decision_letter(*, decision: RegisterDecision, on: dt.date | None = None) -> DecisionLetter:
    """The letter to parents for a decision (Code 6.43): three queries whatever the school's size."""
    on = on or timezone.localdate()
    pupil = decision.pupil
    school = decision.school
    primary = (
        Need.objects.filter(active_q(decision.decided_on), pupil=pupil, rank=1)
        .order_by("-started_on")
        .values_list("code", flat=True)
        .first()
    )
    types = need_types()
    staff = list(
        Membership.objects.filter(active_q(on), Q(role=Role.SENDCO) | Q(user_id=decision.decided_by_id), school=school)
        .values_list("user__full_name", "user_id", "role")
        .order_by("user__full_name")
    )
    sendcos = sorted({name for name, _, role in staff if role == Role.SENDCO})
    # A decider who is also the SENDCo signs as SENDCo, whatever other roles they hold.
    decider_roles = sorted(
        (role for _, user_id, role in staff if user_id == decision.decided_by_id), key=lambda r: r != Role.SENDCO
    )
    return DecisionLetter(
        school_name=school.name,
        school_address=[school.name, school.local_authority.name],
        letter_date=on,
        pupil_name=pupil.display_name,
        pupil_forename=pupil.forename,
        to_status=decision.to_status,
        from_status=decision.from_status,
        decided_on=decision.decided_on,
        reason=decision.reason,
        primary_need=types[primary].description if primary in types else "",
        sendco_names=sendcos,
        signed_by=decision.decided_by.full_name,
        signed_by_role=Role(decider_roles[0]).label if decider_roles else "",
    )
