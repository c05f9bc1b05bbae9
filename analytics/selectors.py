"""Aggregate figures without names, for a school, a trust and a local authority.

Every figure is counted in the database with GROUP BY, in a fixed number of queries however many
schools or pupils there are. Archived pupils are left out; the primary need is the open rank-1 need.
The access helpers here also write the audit event: nobody named is shown, but the trail still
records who looked at which school's, trust's or LA's figures.

The counts are hand-written SQL (opensend.rawsql says why): they are the same GROUP BY statements the ORM built,
and the overviews are held to twice the cost of running them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from lib.census import need_types
from lib.national import (
    NationalFigure,
    bar_step,
    compare_with_national,
    latest_figure,
    share_percent,
    too_few_to_compare,
)
from lib.school_year import YEAR_GROUPS
from opensend import rawsql
from pupils.models import Pupil, SenStatusCode, Sex, YearGroup
from schools.models import School

ON_REGISTER = (SenStatusCode.SUPPORT, SenStatusCode.EHC_PLAN)
# The names national_figures.csv gives the census groups.
NATIONAL_GROUP = {
    SenStatusCode.NONE: "no SEN",
    SenStatusCode.SUPPORT: "SEN support",
    SenStatusCode.EHC_PLAN: "EHC plan",
}
PHRASE = {SenStatusCode.SUPPORT: "pupils on SEN support", SenStatusCode.EHC_PLAN: "pupils with an EHC plan"}


# Figures --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """`count` out of `total` pupils, with the national figure it is compared with, if any."""

    count: int
    total: int
    national: NationalFigure | None = None

    @property
    def percent(self) -> Decimal | None:
        return share_percent(self.count, self.total)

    @property
    def too_few(self) -> bool:
        return too_few_to_compare(self.total)

    @property
    def comparison(self) -> str:
        percent = self.percent
        if self.national is None or percent is None or self.too_few:
            return ""
        return compare_with_national(percent, self.national.value)

    @property
    def bar(self) -> int:
        return bar_step(None if self.too_few else self.percent)


@dataclass(frozen=True)
class NeedRow:
    code: str
    description: str
    broad_area: str
    share: Share


@dataclass(frozen=True)
class StatusGroup:
    """Pupils at SEN support (K) or with an EHC plan (E), set against the national figures for that group."""

    status: str
    label: str
    phrase: str
    share_of_roll: Share
    needs: list[NeedRow]
    no_primary_need: int
    top_needs: list[str]
    national_top_need: NationalFigure | None
    # This group's share with the need type that is most common nationally, compared with the national share.
    national_top_need_here: Share | None
    boys: Share | None = None
    fsm: Share | None = None

    @property
    def too_few(self) -> bool:
        """Too few pupils in this group for percentages within it (the need mix, boys, FSM) to mean much."""
        return too_few_to_compare(self.share_of_roll.count)


@dataclass(frozen=True)
class YearGroupRow:
    label: str
    no_sen: int
    support: int
    ehc_plan: int

    @property
    def total(self) -> int:
        return self.no_sen + self.support + self.ehc_plan


@dataclass(frozen=True)
class SchoolOverview:
    roll: int
    groups: list[StatusGroup]
    no_sen_fsm: Share
    year_groups: list[YearGroupRow]
    year_totals: YearGroupRow


@dataclass(frozen=True)
class OverviewSchool:
    """A school as an organisation's overview names it."""

    pk: int
    urn: int
    name: str
    phase: str

    @property
    def phase_label(self) -> str:
        return School.Phase(self.phase).label


@dataclass(frozen=True)
class SchoolRow:
    school: OverviewSchool
    roll: int
    support: Share
    ehc_plan: Share
    top_needs: list[str]


@dataclass(frozen=True)
class PhaseRow:
    label: str
    schools: int
    roll: int
    support: Share
    ehc_plan: Share


@dataclass(frozen=True)
class OrganisationOverview:
    rows: list[SchoolRow]
    roll: int
    groups: list[StatusGroup]
    top_needs: list[str]
    phases: list[PhaseRow] = field(default_factory=list)

    @property
    def support(self) -> Share:
        return self.groups[0].share_of_roll

    @property
    def ehc_plan(self) -> Share:
        return self.groups[1].share_of_roll


def need_label(code: str) -> str:
    need = need_types().get(code)
    return f"{need.description} ({code})" if need else code


def _top(counter: Counter[str]) -> list[str]:
    """The most common need types, labelled; more than one when tied, in code order so the page is stable."""
    if not counter:
        return []
    most = max(counter.values())
    return [need_label(code) for code in sorted(code for code, count in counter.items() if count == most)]


@cache  # national_figures() is read once for the life of the process, so each figure's lookup can be too
def _national(measure: str, status: str) -> NationalFigure | None:
    return latest_figure(measure=measure, group=NATIONAL_GROUP[SenStatusCode(status)])


def _status_group(
    *, status: str, count: int, roll: int, needs: Counter[str], boys: int | None = None, fsm: int | None = None
) -> StatusGroup:
    rows = [
        NeedRow(
            code=code,
            description=need_types()[code].description if code in need_types() else code,
            broad_area=need_types()[code].broad_area if code in need_types() else "",
            share=Share(count=n, total=count),
        )
        for code, n in sorted(needs.items(), key=lambda item: (-item[1], item[0]))
    ]
    national_top = _national("share_most_common_need", status)
    top_here = None
    if national_top is not None and national_top.qualifier:
        top_here = Share(count=needs.get(national_top.qualifier, 0), total=count, national=national_top)
    return StatusGroup(
        status=status,
        label=SenStatusCode(status).label,
        phrase=PHRASE[SenStatusCode(status)],
        share_of_roll=Share(count=count, total=roll, national=_national("share_of_pupils", status)),
        needs=rows,
        no_primary_need=max(count - sum(needs.values()), 0),
        top_needs=_top(needs),
        national_top_need=national_top,
        national_top_need_here=top_here,
        boys=None if boys is None else Share(count=boys, total=count, national=_national("share_boys", status)),
        fsm=None if fsm is None else Share(count=fsm, total=count, national=_national("share_fsm_eligible", status)),
    )


# Which schools a count covers: a condition on a pupil's school (alias p) and its parameters. A few schools are
# named by id; an organisation's schools stay a subquery, as a thousand ids as parameters make the planners
# (SQLite's most of all) choose worse plans than a join on the schools table.
SchoolFilter = tuple[str, list[Any]]


def _school_ids(school_ids: Sequence[int]) -> SchoolFilter:
    if not school_ids:
        return "1 = 0", []  # no schools, no pupils (PostgreSQL refuses an empty IN list)
    return f"p.school_id IN ({', '.join(['%s'] * len(school_ids))})", list(school_ids)


def _organisation(*, trust_id: int | None, local_authority_id: int | None) -> tuple[str, list[Any]]:
    """The condition on schools_school (alias s) picking an organisation's schools, and its parameter."""
    if (trust_id is None) == (local_authority_id is None):
        raise TypeError("Give exactly one of trust_id and local_authority_id.")
    if trust_id is not None:
        return "s.trust_id = %s", [trust_id]
    return "s.local_authority_id = %s", [local_authority_id]


def _in_organisation(where: str, params: list[Any]) -> SchoolFilter:
    return f"p.school_id IN (SELECT s.id FROM schools_school s WHERE {where})", params  # noqa: S608 - fixed SQL


def _status_counts(schools: SchoolFilter) -> dict[int, Counter[str]]:
    where, params = schools
    result: dict[int, Counter[str]] = defaultdict(Counter)
    rows = rawsql.select(
        Pupil,
        f"""SELECT p.school_id, p.sen_status, COUNT(*) FROM pupils_pupil p
             WHERE p.archived_at IS NULL AND {where}
             GROUP BY p.school_id, p.sen_status""",  # noqa: S608 - the condition is one of this module's
        params,
    )
    for school_id, status, n in rows:
        result[school_id][status] += n
    return result


def _primary_need_counts(schools: SchoolFilter) -> dict[int, dict[str, Counter[str]]]:
    where, params = schools
    result: dict[int, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    rows = rawsql.select(
        Pupil,
        f"""SELECT p.school_id, p.sen_status, n.code, COUNT(*) FROM register_need n
              JOIN pupils_pupil p ON p.id = n.pupil_id
             WHERE n.rank = 1 AND n.ended_on IS NULL AND p.archived_at IS NULL AND p.sen_status IN (%s, %s)
               AND {where}
             GROUP BY p.school_id, p.sen_status, n.code""",  # noqa: S608 - the condition is one of this module's
        [*(str(status) for status in ON_REGISTER), *params],
    )
    for school_id, status, code, n in rows:
        result[school_id][status][code] += n
    return result


def status_counts(*, school_ids: Sequence[int]) -> dict[int, Counter[str]]:
    """Pupils on roll by SEN status, per school. One query."""
    return _status_counts(_school_ids(school_ids))


def primary_need_counts(*, school_ids: Sequence[int]) -> dict[int, dict[str, Counter[str]]]:
    """Pupils on the register by primary need (the open rank-1 need), per school and SEN status. One query."""
    return _primary_need_counts(_school_ids(school_ids))


def school_overview(*, school: School) -> SchoolOverview:
    """SEN at a glance for one school. Two queries: one cross-tabulation of the roll, one of primary needs."""
    rows = rawsql.select(
        Pupil,
        """SELECT p.sen_status, p.sex, p.free_school_meals, p.year_group, COUNT(*) FROM pupils_pupil p
            WHERE p.school_id = %s AND p.archived_at IS NULL
            GROUP BY p.sen_status, p.sex, p.free_school_meals, p.year_group""",
        [school.pk],
    )
    by_status: Counter[str] = Counter()
    boys: Counter[str] = Counter()
    fsm: Counter[str] = Counter()
    by_year: dict[str, Counter[str]] = defaultdict(Counter)
    for status, sex, free_school_meals, year_group, n in rows:
        by_status[status] += n
        if sex == Sex.MALE:
            boys[status] += n
        if free_school_meals:
            fsm[status] += n
        by_year[year_group][status] += n
    roll = sum(by_status.values())
    needs = primary_need_counts(school_ids=[school.pk]).get(school.pk, {})
    groups = [
        _status_group(
            status=status,
            count=by_status[status],
            roll=roll,
            needs=needs.get(status, Counter()),
            boys=boys[status],
            fsm=fsm[status],
        )
        for status in ON_REGISTER
    ]
    year_groups = [
        YearGroupRow(
            label=YearGroup(code).label,
            no_sen=by_year[code][SenStatusCode.NONE],
            support=by_year[code][SenStatusCode.SUPPORT],
            ehc_plan=by_year[code][SenStatusCode.EHC_PLAN],
        )
        for code in YEAR_GROUPS
        if code in by_year
    ]
    return SchoolOverview(
        roll=roll,
        groups=groups,
        no_sen_fsm=Share(
            count=fsm[SenStatusCode.NONE],
            total=by_status[SenStatusCode.NONE],
            national=_national("share_fsm_eligible", SenStatusCode.NONE),
        ),
        year_groups=year_groups,
        year_totals=YearGroupRow(
            label="All year groups",
            no_sen=by_status[SenStatusCode.NONE],
            support=by_status[SenStatusCode.SUPPORT],
            ehc_plan=by_status[SenStatusCode.EHC_PLAN],
        ),
    )


def organisation_overview(
    *, trust_id: int | None = None, local_authority_id: int | None = None, with_phases: bool = False
) -> OrganisationOverview:
    """Each school of a trust or an LA (give one) by name: its roll, K, E and top primary need, with totals (and
    totals by phase). Three queries however many schools and pupils there are."""
    where, params = _organisation(trust_id=trust_id, local_authority_id=local_authority_id)
    schools = _in_organisation(where, params)
    school_list = [
        OverviewSchool(pk=pk, urn=urn, name=name, phase=phase)
        for pk, urn, name, phase in rawsql.select(
            School,
            f"SELECT s.id, s.urn, s.name, s.phase FROM schools_school s WHERE {where} ORDER BY s.name, s.id",  # noqa: S608 - as above
            params,
        )
    ]
    counts = _status_counts(schools)
    needs = _primary_need_counts(schools)
    rows: list[SchoolRow] = []
    total_status: Counter[str] = Counter()
    total_needs: dict[str, Counter[str]] = defaultdict(Counter)
    phase_schools: Counter[str] = Counter()
    phase_status: dict[str, Counter[str]] = defaultdict(Counter)
    for school in school_list:
        held = counts.get(school.pk, Counter())
        school_needs = needs.get(school.pk, {})
        roll = sum(held.values())
        combined: Counter[str] = Counter()
        for status in ON_REGISTER:
            combined.update(school_needs.get(status, Counter()))
            total_needs[status].update(school_needs.get(status, Counter()))
        rows.append(
            SchoolRow(
                school=school,
                roll=roll,
                support=Share(count=held[SenStatusCode.SUPPORT], total=roll),
                ehc_plan=Share(count=held[SenStatusCode.EHC_PLAN], total=roll),
                top_needs=_top(combined),
            )
        )
        total_status.update(held)
        phase_schools[school.phase] += 1
        phase_status[school.phase].update(held)
    roll = sum(total_status.values())
    all_needs: Counter[str] = Counter()
    for status in ON_REGISTER:
        all_needs.update(total_needs[status])
    phases = []
    if with_phases:
        for phase in School.Phase:
            if phase_schools[phase]:
                phase_roll = sum(phase_status[phase].values())
                phases.append(
                    PhaseRow(
                        label=phase.label,
                        schools=phase_schools[phase],
                        roll=phase_roll,
                        support=Share(count=phase_status[phase][SenStatusCode.SUPPORT], total=phase_roll),
                        ehc_plan=Share(count=phase_status[phase][SenStatusCode.EHC_PLAN], total=phase_roll),
                    )
                )
    return OrganisationOverview(
        rows=rows,
        roll=roll,
        groups=[
            _status_group(status=status, count=total_status[status], roll=roll, needs=total_needs[status])
            for status in ON_REGISTER
        ],
        top_needs=_top(all_needs),
        phases=phases,
    )
