"""Reads of support cycles: one cycle with everything on it, a pupil's thread of cycles, and plans in force."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from lib.review_dates import review_status
from plans.models import (
    PLAN_IN_FORCE_STATES,
    Assessment,
    CycleState,
    CycleTransition,
    Document,
    Outcome,
    PlannedProvision,
    ProgressNote,
    SupportCycle,
    Voice,
)


@dataclass
class CycleDetail:
    cycle: SupportCycle
    outcomes: list[Outcome]
    provisions: list[PlannedProvision]
    voices: list[Voice]
    assessments: list[Assessment]
    documents: list[Document]
    notes: list[ProgressNote]
    transitions: list[CycleTransition]
    thread: list[SupportCycle] = field(default_factory=list)  # earlier cycles, newest first

    def voices_at(self, stage: str) -> list[Voice]:
        return [voice for voice in self.voices if voice.stage == stage]

    @property
    def assess_voices(self) -> list[Voice]:
        return self.voices_at(Voice.Stage.ASSESS)

    @property
    def review_voices(self) -> list[Voice]:
        return self.voices_at(Voice.Stage.REVIEW)


def _active_outcomes() -> QuerySet[Outcome]:
    return Outcome.objects.filter(archived_at__isnull=True).select_related("barrier", "carried_from__cycle")


def cycle_detail(*, cycle: SupportCycle) -> CycleDetail:
    """Everything on one cycle, in a fixed number of queries, with the thread of the pupil's earlier cycles."""
    active_provisions = PlannedProvision.objects.filter(archived_at__isnull=True)
    outcomes = list(
        _active_outcomes()
        .filter(cycle=cycle)
        .prefetch_related(
            Prefetch("provisions", queryset=active_provisions.order_by("starts_on", "id")),
            Prefetch("notes", queryset=ProgressNote.objects.select_related("author")),
        )
    )
    provisions = list(
        active_provisions.filter(cycle=cycle)
        .select_related("intervention", "group")
        .prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.filter(archived_at__isnull=True)))
    )
    documents = list(
        Document.objects.filter(cycle=cycle, archived_at__isnull=True).select_related("uploaded_by", "assessment")
    )
    assessments = list(Assessment.objects.filter(cycle=cycle).select_related("recorded_by"))
    for assessment in assessments:
        assessment.attached = [doc for doc in documents if doc.assessment_id == assessment.pk]  # type: ignore[attr-defined]
    thread = list(
        SupportCycle.objects.filter(pupil_id=cycle.pupil_id, number__lt=cycle.number)
        .order_by("-number")
        .prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.filter(archived_at__isnull=True)))
    )
    return CycleDetail(
        cycle=cycle,
        outcomes=outcomes,
        provisions=provisions,
        voices=list(Voice.objects.filter(cycle=cycle).select_related("gathered_by")),
        assessments=assessments,
        documents=documents,
        notes=list(ProgressNote.objects.filter(cycle=cycle).select_related("author", "outcome", "provision")),
        transitions=list(CycleTransition.objects.filter(cycle=cycle).select_related("by")),
        thread=thread,
    )


@dataclass(frozen=True)
class CycleRow:
    cycle: SupportCycle
    status: str  # review_status: 'overdue', 'due_soon' or ''


def cycles_for_pupil(*, pupil_id: int, today: dt.date) -> list[CycleRow]:
    cycles = SupportCycle.objects.filter(pupil_id=pupil_id).order_by("-number")
    return [
        CycleRow(cycle, review_status(due=cycle.review_due_on, today=today) if cycle.is_open else "")
        for cycle in cycles
    ]


@dataclass
class PlanInForce:
    """What a teacher or TA needs from a pupil's current plan: the outcomes and what to do."""

    cycle: SupportCycle
    outcomes: list[Outcome]
    provisions: list[PlannedProvision]


def plans_in_force(*, pupil_ids: Iterable[int]) -> dict[int, PlanInForce]:
    """The plan in force (Do or Review) for each of these pupils, in three queries whatever their number."""
    cycles = SupportCycle.objects.filter(pupil_id__in=list(pupil_ids), state__in=PLAN_IN_FORCE_STATES).prefetch_related(
        Prefetch("outcomes", queryset=Outcome.objects.filter(archived_at__isnull=True), to_attr="live_outcomes"),
        Prefetch(
            "provisions",
            queryset=PlannedProvision.objects.filter(archived_at__isnull=True),
            to_attr="live_provisions",
        ),
    )
    return {cycle.pupil_id: PlanInForce(cycle, cycle.live_outcomes, cycle.live_provisions) for cycle in cycles}


STATE_STEPS = (CycleState.ASSESS, CycleState.PLAN, CycleState.DO, CycleState.REVIEW)


def steps_for(cycle: SupportCycle) -> list[dict[str, object]]:
    """The four stages with where the cycle is: for the progress indicator at the top of the cycle page."""
    reached = STATE_STEPS.index(cycle.state) if cycle.state in STATE_STEPS else len(STATE_STEPS)
    return [
        {"label": state.label, "state": state.value, "done": index < reached, "current": index == reached}
        for index, state in enumerate(STATE_STEPS)
    ]
