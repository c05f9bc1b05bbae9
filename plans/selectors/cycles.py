"""Reads of support cycles: one cycle with everything on it and a pupil's thread of cycles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TypeVar

from django.db.models import F, Model, QuerySet

from lib.review_dates import review_status
from opensend import rawsql
from plans.models import (
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
    """Everything on one cycle. Rows carry the names of what they point to (who gathered a view, the barrier an
    outcome addresses), and each outcome `serving`, the provision that serves it, in the order of `provisions`."""

    cycle: SupportCycle
    outcomes: list[Outcome]
    provisions: list[PlannedProvision]
    voices: list[Voice]
    assessments: list[Assessment]
    documents: list[Document]
    notes: list[ProgressNote]
    transitions: list[CycleTransition]
    thread: list[SupportCycle] = field(default_factory=list)  # earlier cycles, newest first, each with `learned`
    has_next: bool = False  # a later cycle of the pupil exists

    def voices_at(self, stage: str) -> list[Voice]:
        return [voice for voice in self.voices if voice.stage == stage]

    @property
    def assess_voices(self) -> list[Voice]:
        return self.voices_at(Voice.Stage.ASSESS)

    @property
    def review_voices(self) -> list[Voice]:
        return self.voices_at(Voice.Stage.REVIEW)


M = TypeVar("M", bound=Model)


def _in_model_order(queryset: QuerySet[M]) -> list[M]:
    """The rows, in the order of the model's Meta.ordering, sorted here rather than by the database: the parts of
    one cycle are a few rows each, and compiling an ORDER BY costs the ORM more than sorting them (it hashes every
    selected column). Every field in these orderings is required, so no None is compared."""
    rows = list(queryset.order_by())
    for name in reversed(queryset.model._meta.ordering or []):
        assert isinstance(name, str), "an expression ordering: sort in the database"  # noqa: S101
        assert "__" not in name, f"{name} reaches another table: sort in the database"  # noqa: S101
        rows.sort(key=attrgetter(name.lstrip("-")), reverse=name.startswith("-"))
    return rows


def cycle_detail(*, cycle: SupportCycle) -> CycleDetail:
    """Everything on one cycle, with the thread of the pupil's earlier cycles and what they learned, in eight queries
    whatever is on it. The names shown beside each row come with it (annotations, not whole related rows)."""
    others = _in_model_order(  # newest first
        SupportCycle.objects.filter(pupil_id=cycle.pupil_id)
        .exclude(pk=cycle.pk)
        .only("uid", "number", "started_on", "closed_on", "decision", "what_works", "what_doesnt")
    )
    thread = [other for other in others if other.number < cycle.number]
    # The live outcomes of this cycle and of the earlier ones (what they learned), in one query.
    by_cycle: dict[int, list[Outcome]] = {}
    outcome: Outcome
    for outcome in _in_model_order(
        Outcome.objects.filter(
            cycle_id__in=[cycle.pk, *(earlier.pk for earlier in thread)], archived_at__isnull=True
        ).annotate(barrier_title=F("barrier__title"), carried_from_number=F("carried_from__cycle__number"))
    ):
        by_cycle.setdefault(outcome.cycle_id, []).append(outcome)
    for earlier in thread:
        earlier.learned = by_cycle.get(earlier.pk, [])  # type: ignore[attr-defined]
    outcomes = by_cycle.get(cycle.pk, [])
    # The live provision, one row for each outcome it serves (and one with none for provision serving none).
    provisions: list[PlannedProvision] = []
    serving: dict[int, list[PlannedProvision]] = {}
    for item in _in_model_order(
        PlannedProvision.objects.filter(cycle=cycle, archived_at__isnull=True).annotate(
            intervention_name=F("intervention__name"), group_name=F("group__name"), serves=F("outcomes__id")
        )
    ):
        if not provisions or provisions[-1].pk != item.pk:
            provisions.append(item)
        if item.serves is not None:  # type: ignore[attr-defined]
            serving.setdefault(item.serves, []).append(provisions[-1])  # type: ignore[attr-defined]
    for outcome in outcomes:
        outcome.serving = serving.get(outcome.pk, [])  # type: ignore[attr-defined]
    documents = _in_model_order(Document.objects.filter(cycle=cycle, archived_at__isnull=True))
    assessments: list[Assessment] = _in_model_order(
        Assessment.objects.filter(cycle=cycle).annotate(recorder=F("recorded_by__full_name"))
    )
    for assessment in assessments:
        assessment.attached = [doc for doc in documents if doc.assessment_id == assessment.pk]  # type: ignore[attr-defined]
    return CycleDetail(
        cycle=cycle,
        outcomes=outcomes,
        provisions=provisions,
        voices=_in_model_order(Voice.objects.filter(cycle=cycle).annotate(gatherer=F("gathered_by__full_name"))),
        assessments=assessments,
        documents=documents,
        notes=_in_model_order(
            ProgressNote.objects.filter(cycle=cycle).annotate(
                author_name=F("author__full_name"),
                outcome_description=F("outcome__description"),
                provision_description=F("provision__description"),
            )
        ),
        transitions=_in_model_order(CycleTransition.objects.filter(cycle=cycle).annotate(by_name=F("by__full_name"))),
        thread=thread,
        has_next=any(other.number > cycle.number for other in others),
    )


@dataclass(frozen=True)
class CycleRow:
    cycle: SupportCycle
    status: str  # review_status: 'overdue', 'due_soon' or ''


# What the record's table of cycles shows. Only these columns are read: the rest of each cycle is deferred.
_RECORD_CYCLE_FIELDS = ("id", "uid", "number", "state", "started_on", "review_due_on", "decision")


def cycles_for_pupil(*, pupil_id: int, today: dt.date) -> list[CycleRow]:
    """The pupil's cycles, newest first, each with its review status while open: for the pupil's record. One query,
    hand-written (see opensend.rawsql for why)."""
    sql = (
        f"SELECT {rawsql.columns(SupportCycle, 'c', _RECORD_CYCLE_FIELDS)} FROM plans_supportcycle c"  # noqa: S608 - fixed SQL
        " WHERE c.pupil_id = %(pupil)s ORDER BY c.number DESC"
    )
    cycles = [
        rawsql.instance(SupportCycle, row, _RECORD_CYCLE_FIELDS)
        for row in rawsql.select(SupportCycle, sql, {"pupil": pupil_id})
    ]
    return [
        CycleRow(cycle, review_status(due=cycle.review_due_on, today=today) if cycle.is_open else "")
        for cycle in cycles
    ]


STATE_STEPS = (CycleState.ASSESS, CycleState.PLAN, CycleState.DO, CycleState.REVIEW)


def steps_for(cycle: SupportCycle) -> list[dict[str, object]]:
    """The four stages with where the cycle is: for the progress indicator at the top of the cycle page."""
    reached = STATE_STEPS.index(cycle.state) if cycle.state in STATE_STEPS else len(STATE_STEPS)
    return [
        {"label": state.label, "state": state.value, "done": index < reached, "current": index == reached}
        for index, state in enumerate(STATE_STEPS)
    ]
