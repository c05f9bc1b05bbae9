"""Reads of the SEN register: the filtered list, its counts, and what a parent letter says.

Aggregates are computed in the database, and the list costs the same number of queries whatever its length:
the primary need, registration class and status date are subqueries, and the current needs one more query.
The list is hand-written SQL and its rows plain values, not model instances: the register is the page SENDCos
open most, and building its query through the ORM, and a Pupil and its Needs for every row, cost more than
running it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, overload
from urllib.parse import urlencode

from django.db.models import (
    Q,
    QuerySet,
)
from django.utils import timezone

from accounts.models import SCHOOL_ROLES, Membership, Role, User
from accounts.selectors import active_q
from lib.census import need_codes_in_area, need_types
from lib.school_year import YEAR_GROUPS
from opensend import rawsql
from opensend.links import url_for_uid
from pupils.models import Pupil, SenStatusCode, YearGroup
from register.models import Need, RegisterDecision
from schools.models import School, TeachingGroup

ON_REGISTER = (SenStatusCode.SUPPORT, SenStatusCode.EHC_PLAN)
# Everyone who works at the school may be named as having made a decision; governors are not staff.
STAFF_ROLES = SCHOOL_ROLES - {Role.GOVERNOR}

SORTS = ("name", "year", "status", "need")
ALL_PUPILS = "all"


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


# The register's rows are hand-written SQL (opensend.rawsql says why): the register is the page SENDCos open
# most, and building its filtered, sorted query through the ORM cost more than running it. The pupil's primary
# need, registration class and status date are correlated subqueries; a page is LIMIT and OFFSET.
_PRIMARY_NEED = (
    "SELECT n.code FROM register_need n WHERE n.pupil_id = p.id AND n.rank = 1 AND n.started_on <= %(on)s "
    "AND (n.ended_on IS NULL OR n.ended_on > %(on)s) ORDER BY n.started_on DESC, n.id DESC LIMIT 1"
)
_REGISTRATION = (
    "FROM pupils_groupmembership gm JOIN schools_teachinggroup g ON g.id = gm.group_id "
    "WHERE gm.pupil_id = p.id AND g.kind = %(registration)s AND g.school_id = %(school)s "
    "AND gm.started_on <= %(on)s AND (gm.ended_on IS NULL OR gm.ended_on > %(on)s)"
)
_ROW_COLUMNS = f"""p.id, p.school_id, p.uid, p.upn, p.legal_forename, p.legal_surname, p.preferred_forename,
    p.preferred_surname, p.date_of_birth, p.sex, p.year_group, p.sen_status, p.free_school_meals, p.pupil_premium,
    p.eal, p.looked_after,
    (SELECT g.name {_REGISTRATION} ORDER BY gm.started_on DESC, gm.id DESC LIMIT 1),
    (SELECT ss.started_on FROM register_senstatus ss WHERE ss.pupil_id = p.id AND ss.ended_on IS NULL LIMIT 1)"""  # noqa: S608 - fixed SQL
# Year groups sort in school order (Nursery, Reception, Year 1...), not as text ("10" before "2"); SEN support
# before EHC plan, the order of increasing support. Each sort ends with name, then id, so that equal keys always
# come out in the same order and pages never repeat a pupil.
_YEAR_SQL = (
    "CASE p.year_group " + " ".join(f"WHEN '{code}' THEN {index}" for index, code in enumerate(YEAR_GROUPS)) + " END"
)
_SORT_SQL = {
    "year": _YEAR_SQL,
    "status": f"CASE p.sen_status WHEN '{SenStatusCode.SUPPORT.value}' THEN 1 WHEN '{SenStatusCode.EHC_PLAN.value}' THEN 2 ELSE 0 END",
    "need": f"({_PRIMARY_NEED})",
}


def _like(word: str) -> str:
    """A word to find anywhere in a name, with LIKE's wildcards in it escaped (as the ORM's icontains does)."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class RegisterList:
    """The pupils on a school's register (K and E) who match `filters`, in the order asked for.

    A sequence a Paginator can page: count() is one COUNT, and a slice is one page of rows with their needs (two
    queries); iterating reads every row (the exports)."""

    school_id: int
    filters: RegisterFilters
    on: dt.date

    def _where(self) -> tuple[str, dict[str, Any]]:
        filters = self.filters
        params: dict[str, Any] = {
            "school": self.school_id,
            "on": self.on,
            "registration": TeachingGroup.Kind.REGISTRATION.value,
        }
        where = ["p.school_id = %(school)s", "p.archived_at IS NULL"]
        if filters.status == ALL_PUPILS:
            pass  # the whole roll: how a SENDCo finds a pupil of concern who is not on the register yet
        elif filters.status in SenStatusCode.values:
            where.append("p.sen_status = %(status)s")
            params["status"] = filters.status
        else:
            where.append("p.sen_status IN (%(support)s, %(ehc_plan)s)")
            params.update(support=SenStatusCode.SUPPORT.value, ehc_plan=SenStatusCode.EHC_PLAN.value)
        if filters.need:
            where.append(
                "EXISTS (SELECT 1 FROM register_need n WHERE n.pupil_id = p.id AND n.code = %(need)s "
                "AND n.started_on <= %(on)s AND (n.ended_on IS NULL OR n.ended_on > %(on)s))"
            )
            params["need"] = filters.need
        if filters.area:
            codes = sorted(need_codes_in_area(filters.area))
            where.append(f"({_PRIMARY_NEED}) IN ({rawsql.placeholders('area', codes, params)})" if codes else "1 = 0")
        if filters.year:
            where.append("p.year_group = %(year)s")
            params["year"] = filters.year
        if filters.group:
            where.append(f"EXISTS (SELECT 1 {_REGISTRATION} AND g.uid = %(group)s)")
            params["group"] = rawsql.field_value(TeachingGroup, "uid", filters.group)
        if filters.sex:
            where.append("p.sex = %(sex)s")
            params["sex"] = filters.sex
        if filters.fsm is not None:
            where.append("p.free_school_meals = %(fsm)s")
            params["fsm"] = filters.fsm
        if filters.pp is not None:
            where.append("p.pupil_premium = %(pp)s")
            params["pp"] = filters.pp
        for index, word in enumerate(filters.search.split()[:5]):
            key = f"word{index}"
            where.append(
                "("
                + " OR ".join(
                    f"UPPER(p.{column}) LIKE UPPER(%({key})s) ESCAPE '\\'"
                    for column in ("legal_forename", "legal_surname", "preferred_forename", "preferred_surname")
                )
                + ")"
            )
            params[key] = _like(word)
        return " AND ".join(where), params

    def _order(self) -> str:
        direction = "DESC" if self.filters.descending else "ASC"
        names = f"p.legal_surname {direction}, p.legal_forename {direction}, p.id {direction}"
        lead = _SORT_SQL.get(self.filters.sort_key)
        if lead is None:
            return names if self.filters.sort_key == "name" else "p.legal_surname, p.legal_forename, p.id"
        # Pupils without a primary need come last either way, as the ORM's nulls_last did.
        return f"({lead}) IS NULL, {lead} {direction}, p.legal_surname, p.legal_forename, p.id"

    def count(self) -> int:
        where, params = self._where()
        return rawsql.select(Pupil, f"SELECT COUNT(*) FROM pupils_pupil p WHERE {where}", params)[0][0]  # noqa: S608 - built here from fixed pieces

    def _rows(self, suffix: str = "", extra: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        where, params = self._where()
        return rawsql.select(
            Pupil,
            f"SELECT {_ROW_COLUMNS} FROM pupils_pupil p WHERE {where} ORDER BY {self._order()}{suffix}",  # noqa: S608 - as above
            {**params, **(extra or {})},
        )

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> RegisterRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[RegisterRow]: ...
    def __getitem__(self, index: int | slice) -> RegisterRow | list[RegisterRow]:
        if isinstance(index, int):
            if index < 0:
                raise IndexError("A register list counts rows from its start.")
            rows = self[index : index + 1]
            if not rows:
                raise IndexError(index)
            return rows[0]
        start = index.start or 0
        if index.step is not None or index.stop is None or start < 0:
            raise TypeError("A register list is read a page at a time: a slice such as rows[50:100].")
        limit = max(index.stop - start, 0)
        return _with_needs(
            self._rows(" LIMIT %(limit)s OFFSET %(start)s", {"limit": limit, "start": start}), on=self.on
        )

    def __iter__(self) -> Iterator[RegisterRow]:
        return self.chunks()

    def chunks(self, *, chunk_size: int = 2000) -> Iterator[RegisterRow]:
        """Every row (the exports): read in one statement, so the file is one consistent picture of the register
        however many pupils it holds; the needs are read `chunk_size` pupils at a time."""
        values = self._rows()
        for start in range(0, len(values), chunk_size):
            yield from _with_needs(values[start : start + chunk_size], on=self.on)

    def pupils(self) -> list[AuditedPupil]:
        """Who the list names, for the audit trail: id, uid and school of each, in no order."""
        where, params = self._where()
        return [
            AuditedPupil(pk=pk, uid=rawsql.uid(uid), school_id=school_id)
            for pk, uid, school_id in rawsql.select(
                Pupil,
                f"SELECT p.id, p.uid, p.school_id FROM pupils_pupil p WHERE {where}",  # noqa: S608 - as above
                params,
            )
        ]


@dataclass(frozen=True)
class AuditedPupil:
    pk: int
    uid: uuid.UUID
    school_id: int


def register_rows(*, school: School, filters: RegisterFilters, on: dt.date | None = None) -> RegisterList:
    """The pupils on the school's register (K and E) who match `filters`, in the order asked for."""
    return RegisterList(school_id=school.pk, filters=filters, on=on or timezone.localdate())


def _with_needs(values: list[tuple[Any, ...]], *, on: dt.date) -> list[RegisterRow]:
    if not values:
        return []
    types = need_types()
    needs: dict[int, list[NeedSummary]] = {}
    ids = [value[0] for value in values]
    marks = ", ".join(["%s"] * len(ids))
    current = rawsql.select(
        Need,
        f"""SELECT n.pupil_id, n.code, n.rank FROM register_need n
             WHERE n.pupil_id IN ({marks}) AND n.started_on <= %s AND (n.ended_on IS NULL OR n.ended_on > %s)
             ORDER BY n.rank, n.id""",  # noqa: S608 - placeholders only
        [*ids, on, on],
    )
    for pupil_id, code, rank in current:
        description = types[code].description if code in types else code
        needs.setdefault(pupil_id, []).append(NeedSummary(code=code, description=description, rank=rank))
    record_url = url_for_uid("pupils:record")
    return [_row(value, needs.get(value[0], []), record_url) for value in values]


def _row(value: tuple[Any, ...], needs: list[NeedSummary], record_url: Callable[[Any], str]) -> RegisterRow:
    (pk, school_id, uid, upn, forename, surname, preferred_forename, preferred_surname, born, sex, year, status,
     fsm, pp, eal, looked_after, registration_class, status_since) = value  # fmt: skip
    uid = rawsql.uid(uid)
    return RegisterRow(
        pk=pk,
        school_id=school_id,
        uid=str(uid),
        record_url=record_url(uid),
        upn=upn,
        legal_forename=forename,
        legal_surname=surname,
        preferred_forename=preferred_forename,
        preferred_surname=preferred_surname,
        date_of_birth=rawsql.day(born),
        sex=sex,
        year_group=year,
        year_group_label=YearGroup(year).label,
        registration_class=registration_class or "",
        status=status,
        status_label=SenStatusCode(status).label,
        status_since=None if status_since is None else rawsql.day(status_since),
        needs=needs,
        free_school_meals=bool(fsm),
        pupil_premium=bool(pp),
        eal=bool(eal),
        looked_after=bool(looked_after),
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
    if not ids:
        return RegisterCounts(support=0, ehc_plan=0, roll=0)
    schools = ", ".join(["%s"] * len(ids))
    ((roll, support, ehc_plan),) = rawsql.select(
        Pupil,
        f"""SELECT COUNT(*), COALESCE(SUM(CASE WHEN p.sen_status = %s THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN p.sen_status = %s THEN 1 ELSE 0 END), 0)
              FROM pupils_pupil p WHERE p.school_id IN ({schools}) AND p.archived_at IS NULL""",  # noqa: S608 - placeholders only
        [SenStatusCode.SUPPORT.value, SenStatusCode.EHC_PLAN.value, *ids],
    )
    mix = rawsql.select(
        Need,
        f"""SELECT n.code, COUNT(DISTINCT n.pupil_id) AS pupils FROM register_need n
              JOIN pupils_pupil p ON p.id = n.pupil_id
             WHERE p.school_id IN ({schools}) AND p.archived_at IS NULL AND p.sen_status IN (%s, %s) AND n.rank = 1
               AND n.started_on <= %s AND (n.ended_on IS NULL OR n.ended_on > %s)
             GROUP BY n.code ORDER BY pupils DESC, n.code""",  # noqa: S608 - placeholders only
        [*ids, SenStatusCode.SUPPORT.value, SenStatusCode.EHC_PLAN.value, on, on],
    )
    types = need_types()
    return RegisterCounts(
        support=support,
        ehc_plan=ehc_plan,
        roll=roll,
        need_mix=[(code, types[code].description if code in types else code, pupils) for code, pupils in mix],
    )


def registration_classes(*, school: School, on: dt.date | None = None) -> list[tuple[str, str]]:
    """(uid, name) of the school's registration classes in the academic year running on `on`."""
    on = on or timezone.localdate()
    groups = rawsql.select(
        TeachingGroup,
        """SELECT g.uid, g.name FROM schools_teachinggroup g JOIN schools_academicyear y ON y.id = g.academic_year_id
            WHERE g.school_id = %s AND g.kind = %s AND y.starts_on <= %s AND y.ends_on >= %s ORDER BY g.name, g.id""",
        [school.pk, TeachingGroup.Kind.REGISTRATION.value, on, on],
    )
    return [(str(rawsql.uid(uid)), name) for uid, name in groups]


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
