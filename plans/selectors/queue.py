"""The work queue: what needs doing next for the pupils on SEN support, in a fixed number of queries.

For the SENDCo and head, every pupil in the school; for teachers and teaching assistants, the pupils they teach or
support. Sections: reviews overdue and due in the next two weeks, pupils on the register with no plan in force or
being agreed, pupils short of meetings with parents this year (Code 6.65), one-page profiles not updated in twelve
months, and interventions delivered short of the plan (provision.selectors.provision_shortfalls).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse

from lib.review_dates import DUE_SOON_DAYS, review_status
from lib.terms import long_date
from plans.models import OPEN_STATES, CycleState, Meeting, SupportCycle
from plans.selectors.meetings import meeting_checks
from provision.selectors import provision_shortfalls
from pupils.models import ProfileVersion, Pupil, SenStatusCode
from schools.models import School

# A plan is current while it is being agreed, in force, or under review (the cycle has moved past Assess).
CURRENT_PLAN_STATES = (CycleState.PLAN, CycleState.DO, CycleState.REVIEW)
PROFILE_STALE_MONTHS = 12


@dataclass(frozen=True)
class QueueItem:
    pupil: Pupil
    url: str
    detail: str
    on: dt.date | None = None  # the date the item is sorted by, shown in its own column
    link_text: str = ""  # what the link says after the pupil's name, for screen readers


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


@dataclass(frozen=True)
class WorkQueue:
    sections: list[QueueSection]
    schools_without_terms: list[School]

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


def _record_url(pupil: Pupil, anchor: str = "") -> str:
    return reverse("pupils:record", args=[pupil.uid]) + (f"#{anchor}" if anchor else "")


def _cycle_url(cycle: SupportCycle) -> str:
    return reverse("plans:cycle", args=[cycle.uid])


def _a_year_before(today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def _name_key(pupil: Pupil) -> tuple[str, str, int]:
    return (pupil.surname.lower(), pupil.forename.lower(), pupil.pk)


def _review_sections(cycles: Sequence[SupportCycle], today: dt.date) -> tuple[QueueSection, QueueSection]:
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
    for cycle in sorted(cycles, key=lambda cycle: (cycle.review_due_on or today, cycle.pk)):
        status = review_status(due=cycle.review_due_on, today=today)
        if not status or cycle.review_due_on is None:
            continue
        if status == "overdue":
            detail = f"{_days((today - cycle.review_due_on).days)} overdue"
            section = overdue
        else:
            days = (cycle.review_due_on - today).days
            detail = "Due today" if days == 0 else f"In {_days(days)}"
            section = due_soon
        section.items.append(
            QueueItem(
                pupil=cycle.pupil,
                url=_cycle_url(cycle),
                detail=f"{detail}. Support cycle {cycle.number}, at {cycle.get_state_display().lower()}.",
                on=cycle.review_due_on,
                link_text=f", support cycle {cycle.number}",
            )
        )
    return overdue, due_soon


def _no_plan_section(register: Sequence[Pupil], open_cycles: dict[int, SupportCycle]) -> QueueSection:
    section = QueueSection(
        key="no_plan",
        title="On the register with no current plan",
        hint="Pupils on SEN support or with an EHC plan who have no plan being agreed, in force or under review.",
        date_heading="Cycle started",
        empty="Every pupil on the register has a current plan.",
    )
    for pupil in register:
        cycle = open_cycles.get(pupil.pk)
        if cycle is not None and cycle.state in CURRENT_PLAN_STATES:
            continue
        if cycle is None:
            section.items.append(
                QueueItem(pupil=pupil, url=_record_url(pupil), detail="No support cycle open: start one.")
            )
        else:
            section.items.append(
                QueueItem(
                    pupil=pupil,
                    url=_cycle_url(cycle),
                    detail=f"Support cycle {cycle.number} is still at assess.",
                    on=cycle.started_on,
                    link_text=f", support cycle {cycle.number}",
                )
            )
    return section


def _meetings_section(register: Sequence[Pupil], today: dt.date) -> tuple[QueueSection, set[int]]:
    """Pupils on SEN support short of meetings with parents, and the schools with no term dates this year."""
    section = QueueSection(
        key="meetings",
        title="Short of meetings with parents",
        hint="Pupils on SEN support with fewer meetings with parents this year than one a term so far "
        "(Code of Practice 6.65: at least three a year).",
        date_heading="Last meeting",
        empty="Every pupil on SEN support has had the meetings with parents expected by now.",
    )
    checks = meeting_checks(pupils=register, today=today)
    no_terms: set[int] = set()
    for pupil in register:
        if pupil.sen_status != SenStatusCode.SUPPORT:
            continue
        check = checks.get(pupil.pk)
        if check is None:
            no_terms.add(pupil.school_id)
            continue
        if not check.short:
            continue
        detail = f"{check.held} of {check.required_now} expected by now."
        if check.missed_terms:
            terms = " and ".join(check.missed_terms)
            detail += f" Short at the end of the {terms} term{'s' if len(check.missed_terms) > 1 else ''}."
        section.items.append(
            QueueItem(
                pupil=pupil,
                url=_record_url(pupil, "meetings"),
                detail=detail,
                on=getattr(pupil, "last_meeting_on", None),
            )
        )
    return section, no_terms


def _profile_section(register: Sequence[Pupil], today: dt.date) -> QueueSection:
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
    for pupil in register:
        updated: dt.datetime | None = getattr(pupil, "profile_updated_at", None)
        if updated is None:
            never.append(QueueItem(pupil=pupil, url=_record_url(pupil, "profile"), detail="No one-page profile yet."))
        elif updated.date() < cutoff:
            stale.append(
                QueueItem(
                    pupil=pupil,
                    url=_record_url(pupil, "profile"),
                    detail=f"Not updated since {long_date(updated.date())}.",
                    on=updated.date(),
                )
            )
    section.items = never + sorted(stale, key=lambda item: (item.on, _name_key(item.pupil)))
    return section


def provision_section(*, schools: Iterable[School], pupil_ids: set[int], today: dt.date) -> QueueSection:
    """Interventions delivered short of the plan (planned against attended sessions), from the provision app.
    Two queries a school whatever the number of pupils."""
    section = QueueSection(
        key="provision",
        title="Provision short of plan",
        hint="Pupils who attended fewer than four in five of the intervention sessions planned so far on at least "
        "one intervention.",
        date_heading="",
        empty="Every planned intervention has been delivered as planned so far.",
    )
    for school in schools:
        for shortfall in provision_shortfalls(school=school, today=today):
            if shortfall.pupil.pk not in pupil_ids:
                continue
            flagged = next(row for row in shortfall.rows if row.flagged)
            section.items.append(
                QueueItem(
                    pupil=shortfall.pupil,
                    url=_cycle_url(flagged.planned.cycle),
                    detail=f"Attended {shortfall.attended} of {shortfall.planned_sessions} sessions planned so far.",
                    link_text=f", support cycle {flagged.planned.cycle.number}",
                )
            )
    section.items.sort(key=lambda item: _name_key(item.pupil))
    return section


def _register(scope: QuerySet[Pupil]) -> list[Pupil]:
    newest_profile = ProfileVersion.objects.filter(pupil_id=OuterRef("pk")).order_by("-number").values("created_at")
    last_meeting = (
        Meeting.objects.filter(pupil_id=OuterRef("pk"), with_parents=True, archived_at__isnull=True)
        .order_by("-held_on")
        .values("held_on")
    )
    return sorted(
        scope.filter(sen_status__in=[SenStatusCode.SUPPORT, SenStatusCode.EHC_PLAN]).annotate(
            profile_updated_at=Subquery(newest_profile[:1]), last_meeting_on=Subquery(last_meeting[:1])
        ),
        key=_name_key,
    )


def work_queue(*, scope: QuerySet[Pupil], schools: Sequence[School], today: dt.date) -> WorkQueue:
    """The queue for the pupils in `scope` (at `schools`). A fixed number of queries whatever the number of pupils:
    pupils on the register, open cycles, three for meetings, two a school for provision."""
    register = _register(scope)
    cycles = list(
        SupportCycle.objects.filter(pupil__in=scope, state__in=OPEN_STATES).select_related("pupil").order_by("pk")
    )
    open_cycles = {cycle.pupil_id: cycle for cycle in cycles}
    overdue, due_soon = _review_sections(cycles, today)
    meetings, no_terms = _meetings_section(register, today)
    visible = {pupil.pk for pupil in register} | set(open_cycles)
    sections = [
        overdue,
        due_soon,
        _no_plan_section(register, open_cycles),
        meetings,
        _profile_section(register, today),
        provision_section(schools=schools, pupil_ids=visible, today=today),
    ]
    return WorkQueue(sections=sections, schools_without_terms=[school for school in schools if school.pk in no_terms])


def school_queue(*, school: School, today: dt.date) -> WorkQueue:
    """The SENDCo's (and head's) queue: every pupil in the school."""
    return work_queue(
        scope=Pupil.objects.filter(school=school, archived_at__isnull=True), schools=[school], today=today
    )
