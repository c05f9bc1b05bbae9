"""The work queue: what needs doing next for the pupils on SEN support, in a fixed number of queries.

For the SENDCo and head, every pupil in the school; for teachers and teaching assistants, the pupils they teach or
support. Sections: reviews overdue and due in the next two weeks, pupils on the register with no plan in force or
being agreed, pupils short of meetings with parents this year (Code 6.65), one-page profiles not updated in twelve
months, and interventions delivered short of the plan (provision.selectors.short_of_plan).

Four queries whatever the number of pupils or schools: the pupils in view (each with their open cycle and the dates
the sections need), the schools' terms, this year's meetings with parents, and the planned interventions with the
sessions attended. Each row carries the text it shows, so the template only places it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import DateField, DateTimeField, F, FilteredRelation, Q, QuerySet
from django.db.models.expressions import RawSQL

from lib.meetings import TermWindow, meeting_check
from lib.review_dates import DUE_SOON_DAYS, review_status
from lib.school_year import academic_year_start
from lib.terms import long_date, short_date
from opensend.links import url_for_uid
from plans.models import OPEN_STATES, CycleState, PlannedProvision
from plans.selectors.meetings import meeting_dates
from provision.selectors import ACTIVE_CYCLE_STATES, attended_sessions, planned_sessions_to_date, short_of_plan
from pupils.models import Pupil, SenStatusCode, YearGroup
from register.selectors import ON_REGISTER
from schools.models import School

# A plan is current while it is being agreed, in force, or under review (the cycle has moved past Assess).
CURRENT_PLAN_STATES = (CycleState.PLAN, CycleState.DO, CycleState.REVIEW)
PROFILE_STALE_MONTHS = 12
_YEAR_GROUPS = dict(YearGroup.choices)
_STATES = dict(CycleState.choices)
# The fields of a pupil the queue shows, sorts by, and audits.
_PUPIL_FIELDS = (
    "uid",
    "legal_forename",
    "legal_surname",
    "preferred_forename",
    "preferred_surname",
    "year_group",
    "sen_status",
    "school_id",
)


def _short_date(day: dt.date | None) -> str:
    """lib.terms.short_date, or a dash for no date."""
    return short_date(day) if day is not None else "—"


@dataclass(frozen=True)
class QueueItem:
    pupil: Pupil
    url: str
    detail: str
    on: dt.date | None = None  # the date the item is sorted by, shown in its own column
    link_text: str = ""  # what the link says after the pupil's name, for screen readers
    name: str = field(init=False)
    year_group: str = field(init=False)
    when: str = field(init=False)

    def __post_init__(self) -> None:
        # What the row shows, worked out once here rather than by template filters on every row.
        object.__setattr__(self, "name", self.pupil.display_name)
        object.__setattr__(self, "year_group", _YEAR_GROUPS.get(self.pupil.year_group, self.pupil.year_group))
        object.__setattr__(self, "when", _short_date(self.on))


@dataclass
class QueueSection:
    key: str
    title: str
    hint: str
    date_heading: str
    empty: str
    items: list[QueueItem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def label(self) -> str:
        """The title in the list of counts at the top of the page."""
        return self.title.lower()


@dataclass(frozen=True)
class QueueSchool:
    """A school in the queue's scope with no term dates this year: what the notice about it shows and links to."""

    pk: int
    name: str
    urn: int


@dataclass(frozen=True)
class WorkQueue:
    sections: list[QueueSection]
    schools_without_terms: list[QueueSchool]

    @property
    def pupils(self) -> list[Pupil]:
        """Every pupil the queue names, once each (for the audit trail)."""
        seen: dict[int, Pupil] = {}
        for section in self.sections:
            for item in section.items:
                seen.setdefault(item.pupil.pk, item.pupil)
        return list(seen.values())

    @property
    def total(self) -> int:
        return sum(section.count for section in self.sections)


@dataclass(frozen=True)
class _Urls:
    record: Callable[[uuid.UUID], str]
    cycle: Callable[[uuid.UUID], str]

    @classmethod
    def build(cls) -> _Urls:
        return cls(record=url_for_uid("pupils:record"), cycle=url_for_uid("plans:cycle"))


@dataclass(frozen=True)
class _OpenCycle:
    pk: int
    uid: uuid.UUID
    number: int
    state: str
    school_id: int
    started_on: dt.date
    review_due_on: dt.date | None


@dataclass(frozen=True)
class _InView:
    """A pupil the queue looks at, with what its sections need to know about them."""

    pupil: Pupil
    cycle: _OpenCycle | None  # there is one open cycle at most (cycle_one_open_per_pupil)
    profile_updated_at: dt.datetime | None
    last_meeting_on: dt.date | None
    support_since: dt.date | None  # when SEN support began, if during this academic year

    @property
    def on_register(self) -> bool:
        return self.pupil.sen_status in ON_REGISTER


def _a_year_before(today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def _name_key(pupil: Pupil) -> tuple[str, str, int]:
    return (pupil.surname.lower(), pupil.forename.lower(), pupil.pk)


def _review_sections(rows: Sequence[_InView], today: dt.date, urls: _Urls) -> tuple[QueueSection, QueueSection]:
    overdue = QueueSection(
        key="overdue",
        title="Reviews overdue",
        hint="Plans whose review date has passed: review them, or agree a new date with the parents.",
        date_heading="Review was due",
        empty="No reviews are overdue.",
    )
    due_soon = QueueSection(
        key="due_soon",
        title="Reviews due in the next two weeks",
        hint=f"Plans to review within {DUE_SOON_DAYS} days: invite the parents and gather everyone's views.",
        date_heading="Review due",
        empty="No reviews are due in the next two weeks.",
    )
    open_cycles = [(row.pupil, row.cycle) for row in rows if row.cycle is not None]
    for pupil, cycle in sorted(open_cycles, key=lambda pair: (pair[1].review_due_on or today, pair[1].pk)):
        due = cycle.review_due_on
        status = review_status(due=due, today=today)
        if not status or due is None:
            continue
        if status == "overdue":
            detail = f"{_days((today - due).days)} overdue"
            section = overdue
        else:
            days = (due - today).days
            detail = "Due today" if days == 0 else f"In {_days(days)}"
            section = due_soon
        section.items.append(
            QueueItem(
                pupil=pupil,
                url=urls.cycle(cycle.uid),
                detail=f"{detail}. Support cycle {cycle.number}, at {_STATES[cycle.state].lower()}.",
                on=due,
                link_text=f", support cycle {cycle.number}",
            )
        )
    return overdue, due_soon


def _no_plan_section(register: Sequence[_InView], urls: _Urls) -> QueueSection:
    section = QueueSection(
        key="no_plan",
        title="On the register with no current plan",
        hint="Pupils on SEN support or with an EHC plan who have no plan being agreed, in force or under review.",
        date_heading="Cycle started",
        empty="Every pupil on the register has a current plan.",
    )
    for row in register:
        cycle = row.cycle
        if cycle is not None and cycle.state in CURRENT_PLAN_STATES:
            continue
        if cycle is None:
            section.items.append(
                QueueItem(pupil=row.pupil, url=urls.record(row.pupil.uid), detail="No support cycle open: start one.")
            )
        else:
            section.items.append(
                QueueItem(
                    pupil=row.pupil,
                    url=urls.cycle(cycle.uid),
                    detail=f"Support cycle {cycle.number} is still at assess.",
                    on=cycle.started_on,
                    link_text=f", support cycle {cycle.number}",
                )
            )
    return section


@dataclass(frozen=True)
class _Terms:
    """The terms of the schools in view: this year's, for the meeting check; every term, for planned sessions."""

    this_year: dict[int, list[TermWindow]]
    every: dict[int, list[tuple[dt.date, dt.date]]]
    schools: dict[int, QueueSchool]


def _terms(school_ids: Iterable[int], today: dt.date) -> _Terms:
    """One query: each school with its terms (a school with none still comes back, with no term), in no order:
    neither the meeting check nor the count of school days depends on it."""
    year = academic_year_start(today)
    this_year: dict[int, list[TermWindow]] = {}
    every: dict[int, list[tuple[dt.date, dt.date]]] = {}
    schools: dict[int, QueueSchool] = {}
    rows = (
        School.objects.filter(pk__in=list(school_ids))
        .order_by()
        .values_list(
            "pk", "name", "urn", "terms__name", "terms__starts_on", "terms__ends_on", "terms__academic_year__start_year"
        )
    )
    for school_id, name, urn, term, starts_on, ends_on, start_year in rows:
        schools.setdefault(school_id, QueueSchool(pk=school_id, name=name, urn=urn))
        this_year.setdefault(school_id, [])
        every.setdefault(school_id, [])
        if term is None:
            continue
        every[school_id].append((starts_on, ends_on))
        if start_year == year:
            this_year[school_id].append(TermWindow(name=term, starts_on=starts_on, ends_on=ends_on))
    return _Terms(this_year=this_year, every=every, schools=schools)


def _meetings_section(
    register: Sequence[_InView], terms: _Terms, today: dt.date, urls: _Urls
) -> tuple[QueueSection, set[int]]:
    """Pupils on SEN support short of meetings with parents, and the schools with no term dates this year."""
    section = QueueSection(
        key="meetings",
        title="Short of meetings with parents",
        hint="Pupils on SEN support with fewer meetings with parents this year than one a term so far "
        "(Code of Practice 6.65: at least three a year).",
        date_heading="Last meeting",
        empty="Every pupil on SEN support has had the meetings with parents expected by now.",
    )
    on_support = [row for row in register if row.pupil.sen_status == SenStatusCode.SUPPORT]
    no_terms = {row.pupil.school_id for row in on_support if not terms.this_year.get(row.pupil.school_id)}
    checked = [row for row in on_support if row.pupil.school_id not in no_terms]
    dates = meeting_dates(pupil_ids=[row.pupil.pk for row in checked], today=today) if checked else {}
    for row in checked:
        pupil = row.pupil
        check = meeting_check(
            terms=terms.this_year[pupil.school_id],
            meetings=dates.get(pupil.pk, []),
            today=today,
            support_since=row.support_since,
        )
        if not check.short:
            continue
        detail = f"{check.held} of {check.required_now} expected by now."
        if check.missed_terms:
            names = " and ".join(check.missed_terms)
            detail += f" Short at the end of the {names} term{'s' if len(check.missed_terms) > 1 else ''}."
        section.items.append(
            QueueItem(pupil=pupil, url=urls.record(pupil.uid) + "#meetings", detail=detail, on=row.last_meeting_on)
        )
    return section, no_terms


def _profile_section(register: Sequence[_InView], today: dt.date, urls: _Urls) -> QueueSection:
    section = QueueSection(
        key="profiles",
        title="One-page profiles to update",
        hint=f"Pupils on the register whose one-page profile has not been updated in {PROFILE_STALE_MONTHS} months, "
        "or who have none.",
        date_heading="Last updated",
        empty=f"Every pupil on the register has a profile updated in the last {PROFILE_STALE_MONTHS} months.",
    )
    cutoff = _a_year_before(today)
    never = []
    stale = []
    for row in register:
        pupil, updated = row.pupil, row.profile_updated_at
        if updated is None:
            never.append(
                QueueItem(pupil=pupil, url=urls.record(pupil.uid) + "#profile", detail="No one-page profile yet.")
            )
        elif updated.date() < cutoff:
            stale.append(
                QueueItem(
                    pupil=pupil,
                    url=urls.record(pupil.uid) + "#profile",
                    detail=f"Not updated since {long_date(updated.date())}.",
                    on=updated.date(),
                )
            )
    section.items = never + sorted(stale, key=lambda item: (item.on, _name_key(item.pupil)))
    return section


# Correlated subqueries written as SQL (RawSQL, with their output types so each backend's converters still apply):
# as ORM Subquery expressions, building and compiling them cost the page several times what running them does.
# They refer to the outer query's base table by name, which is how the ORM names it.
_PROFILE_UPDATED_SQL = (
    "SELECT v.created_at FROM pupils_profileversion v WHERE v.pupil_id = pupils_pupil.id ORDER BY v.number DESC LIMIT 1"
)
_LAST_MEETING_SQL = (
    "SELECT MAX(m.held_on) FROM plans_meeting m WHERE m.pupil_id = pupils_pupil.id AND m.with_parents "
    "AND m.archived_at IS NULL"
)
# At most one open SEN status a pupil (sen_status_one_open_per_pupil).
_SUPPORT_SINCE_SQL = (
    "SELECT s.started_on FROM register_senstatus s WHERE s.pupil_id = pupils_pupil.id AND s.ended_on IS NULL "
    "AND s.status = %s AND s.started_on >= %s"
)


def _provision_section(rows: Sequence[_InView], terms: _Terms, today: dt.date, urls: _Urls) -> QueueSection:
    """Interventions delivered short of the plan: the pupils who attended fewer than four in five of the sessions
    planned so far on at least one intervention on a plan in practice (provision.selectors.short_of_plan,
    for the pupils in view at the schools in view). A pupil has one open cycle at most, already read with them:
    only its planned interventions are read, in one query."""
    section = QueueSection(
        key="provision",
        title="Provision short of plan",
        hint="Pupils who attended fewer than four in five of the intervention sessions planned so far on at least "
        "one intervention.",
        date_heading="",
        empty="Every planned intervention has been delivered as planned so far.",
    )
    in_practice = {
        row.cycle.pk: (row.pupil, row.cycle)
        for row in rows
        if row.cycle is not None and row.cycle.state in ACTIVE_CYCLE_STATES and row.cycle.school_id in terms.schools
    }
    if not in_practice:
        return section
    planned_rows = (
        PlannedProvision.objects.filter(
            cycle_id__in=list(in_practice),
            kind=PlannedProvision.Kind.INTERVENTION,
            archived_at__isnull=True,
            sessions_per_week__isnull=False,
            starts_on__lte=today,
        )
        .order_by("starts_on", "id")
        .values_list("cycle_id", "sessions_per_week", "starts_on", "ends_on")
        .annotate(attended=attended_sessions(today))
    )
    # Per pupil: sessions planned and attended over all their interventions; flagged when one is short of plan.
    totals: dict[int, list[int]] = {}
    flagged: dict[int, tuple[Pupil, _OpenCycle]] = {}
    for cycle_id, per_week, starts_on, ends_on, attended in planned_rows:
        pupil, cycle = in_practice[cycle_id]
        planned = planned_sessions_to_date(
            starts_on=starts_on,
            ends_on=ends_on,
            sessions_per_week=per_week or 0,
            terms=terms.every.get(cycle.school_id, []),
            today=today,
        )
        total = totals.setdefault(pupil.pk, [0, 0])
        total[0] += planned
        total[1] += attended
        if short_of_plan(planned=planned, attended=attended):
            flagged[pupil.pk] = (pupil, cycle)
    for pupil, cycle in flagged.values():
        planned, attended = totals[pupil.pk]
        section.items.append(
            QueueItem(
                pupil=pupil,
                url=urls.cycle(cycle.uid),
                detail=f"Attended {attended} of {planned} sessions planned so far.",
                link_text=f", support cycle {cycle.number}",
            )
        )
    section.items.sort(key=lambda item: _name_key(item.pupil))
    return section


def _in_view(scope: QuerySet[Pupil], today: dt.date) -> list[_InView]:
    """The pupils the queue looks at: on the register, or with an open cycle. Each with their open cycle, when
    their profile was last updated, their last meeting with parents, and since when they are on SEN support this
    academic year (for the meeting check). One query."""
    year_start = dt.date(academic_year_start(today), 9, 1)
    queryset = (
        scope.annotate(
            open_cycle=FilteredRelation("support_cycles", condition=Q(support_cycles__state__in=OPEN_STATES))
        )
        .filter(Q(sen_status__in=ON_REGISTER) | Q(open_cycle__isnull=False))
        .annotate(
            cycle_id=F("open_cycle__id"),
            cycle_uid=F("open_cycle__uid"),
            cycle_number=F("open_cycle__number"),
            cycle_state=F("open_cycle__state"),
            cycle_school_id=F("open_cycle__school_id"),
            cycle_started_on=F("open_cycle__started_on"),
            cycle_due=F("open_cycle__review_due_on"),
            profile_updated_at=RawSQL(_PROFILE_UPDATED_SQL, [], output_field=DateTimeField()),  # noqa: S611 - fixed SQL
            last_meeting_on=RawSQL(_LAST_MEETING_SQL, [], output_field=DateField()),  # noqa: S611 - fixed SQL
            support_since=RawSQL(  # noqa: S611 - fixed SQL
                _SUPPORT_SINCE_SQL, [SenStatusCode.SUPPORT, year_start], output_field=DateField()
            ),
        )
        .only(*_PUPIL_FIELDS)
        .order_by()
    )
    rows = []
    for pupil in queryset:
        annotated: Any = pupil  # the annotations are not on the model's type
        cycle = None
        if annotated.cycle_id is not None:
            cycle = _OpenCycle(
                pk=annotated.cycle_id,
                uid=annotated.cycle_uid,
                number=annotated.cycle_number,
                state=annotated.cycle_state,
                school_id=annotated.cycle_school_id,
                started_on=annotated.cycle_started_on,
                review_due_on=annotated.cycle_due,
            )
        rows.append(
            _InView(
                pupil=pupil,
                cycle=cycle,
                profile_updated_at=annotated.profile_updated_at,
                last_meeting_on=annotated.last_meeting_on,
                support_since=annotated.support_since,
            )
        )
    return rows


def work_queue(*, scope: QuerySet[Pupil], school_ids: Iterable[int], today: dt.date) -> WorkQueue:
    """The queue for the pupils in `scope` (at the schools `school_ids`). Four queries whatever the number of
    pupils or schools: the pupils, the schools' terms, meetings with parents, planned interventions."""
    urls = _Urls.build()
    rows = _in_view(scope, today)
    register = sorted((row for row in rows if row.on_register), key=lambda row: _name_key(row.pupil))
    terms = _terms(school_ids, today)
    overdue, due_soon = _review_sections(rows, today, urls)
    meetings, no_terms = _meetings_section(register, terms, today, urls)
    sections = [
        overdue,
        due_soon,
        _no_plan_section(register, urls),
        meetings,
        _profile_section(register, today, urls),
        _provision_section(rows, terms, today, urls),
    ]
    without_terms = sorted(
        (terms.schools[school_id] for school_id in no_terms if school_id in terms.schools), key=lambda s: (s.name, s.pk)
    )
    return WorkQueue(sections=sections, schools_without_terms=without_terms)


def school_queue(*, school: School, today: dt.date) -> WorkQueue:
    """The SENDCo's (and head's) queue: every pupil in the school."""
    return work_queue(
        scope=Pupil.objects.filter(school=school, archived_at__isnull=True), school_ids=[school.pk], today=today
    )
