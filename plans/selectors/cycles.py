"""Reads of support cycles: one cycle with everything on it and a pupil's thread of cycles."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Model

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


def _read(model: type[M], alias: str, sql: str, params: dict[str, Any], *, names: tuple[str, ...] = ()) -> list[M]:
    """Instances of `model` from a hand-written SELECT (see opensend.rawsql for why) whose `{columns}` are the
    model's columns (`names` only, if given, the rest deferred as .only() defers them) and whose further columns,
    each aliased `AS <name>`, are set on each instance as an annotation would be. Every annotation read here is
    text or an integer, which both databases return as the ORM would."""
    extra = re.findall(r" AS (\w+)", sql)
    width = len(names) if names else len(model._meta.concrete_fields)
    rows = rawsql.select(model, sql.format(columns=rawsql.columns(model, alias, names or None)), params)
    result = []
    for row in rows:
        obj = rawsql.instance(model, row[:width], names or None)
        for name, value in zip(extra, row[width:], strict=True):
            setattr(obj, name, value)
        result.append(obj)
    return result


_THREAD_FIELDS = ("id", "uid", "number", "started_on", "decision", "what_works", "what_doesnt", "closed_on")


def cycle_detail(*, cycle: SupportCycle) -> CycleDetail:
    """Everything on one cycle, with the thread of the pupil's earlier cycles and what they learned, in eight
    hand-written queries whatever is on it, each in the order of its model's Meta.ordering. The names shown beside
    each row come with it (as annotations would: not whole related rows)."""
    at = {"cycle": cycle.pk, "pupil": cycle.pupil_id, "number": cycle.number}
    others = _read(  # newest first
        SupportCycle,
        "c",
        "SELECT {columns} FROM plans_supportcycle c WHERE c.pupil_id = %(pupil)s AND c.id <> %(cycle)s"
        " ORDER BY c.number DESC",
        at,
        names=_THREAD_FIELDS,
    )
    thread = [other for other in others if other.number < cycle.number]
    # The live outcomes of this cycle and of the earlier ones (what they learned), in one query.
    by_cycle: dict[int, list[Outcome]] = {}
    for outcome in _read(
        Outcome,
        "o",
        "SELECT {columns}, b.title AS barrier_title, fc.number AS carried_from_number FROM plans_outcome o"
        " JOIN plans_supportcycle c ON c.id = o.cycle_id LEFT JOIN pupils_barrier b ON b.id = o.barrier_id"
        " LEFT JOIN plans_outcome f ON f.id = o.carried_from_id LEFT JOIN plans_supportcycle fc ON fc.id = f.cycle_id"
        " WHERE c.pupil_id = %(pupil)s AND c.number <= %(number)s AND o.archived_at IS NULL"
        " ORDER BY o.position, o.id",
        at,
    ):
        by_cycle.setdefault(outcome.cycle_id, []).append(outcome)
    for earlier in thread:
        earlier.learned = by_cycle.get(earlier.pk, [])  # type: ignore[attr-defined]
    outcomes = by_cycle.get(cycle.pk, [])
    # The live provision, one row for each outcome it serves (and one with none for provision serving none).
    provisions: list[PlannedProvision] = []
    serving: dict[int, list[PlannedProvision]] = {}
    for item in _read(
        PlannedProvision,
        "pp",
        "SELECT {columns}, i.name AS intervention_name, g.name AS group_name, l.outcome_id AS serves"
        " FROM plans_plannedprovision pp LEFT JOIN provision_intervention i ON i.id = pp.intervention_id"
        " LEFT JOIN provision_interventiongroup g ON g.id = pp.group_id"
        " LEFT JOIN plans_plannedprovision_outcomes l ON l.plannedprovision_id = pp.id"
        " WHERE pp.cycle_id = %(cycle)s AND pp.archived_at IS NULL ORDER BY pp.starts_on, pp.id",
        at,
    ):
        if not provisions or provisions[-1].pk != item.pk:
            provisions.append(item)
        if item.serves is not None:  # type: ignore[attr-defined]
            serving.setdefault(item.serves, []).append(provisions[-1])  # type: ignore[attr-defined]
    for outcome in outcomes:
        outcome.serving = serving.get(outcome.pk, [])  # type: ignore[attr-defined]
    documents = _read(
        Document,
        "d",
        "SELECT {columns} FROM plans_document d WHERE d.cycle_id = %(cycle)s AND d.archived_at IS NULL"
        " ORDER BY d.uploaded_at, d.id",
        at,
    )
    assessments = _read(
        Assessment,
        "a",
        "SELECT {columns}, u.full_name AS recorder FROM plans_assessment a"
        " JOIN accounts_user u ON u.id = a.recorded_by_id WHERE a.cycle_id = %(cycle)s ORDER BY a.assessed_on, a.id",
        at,
    )
    for assessment in assessments:
        assessment.attached = [doc for doc in documents if doc.assessment_id == assessment.pk]  # type: ignore[attr-defined]
    return CycleDetail(
        cycle=cycle,
        outcomes=outcomes,
        provisions=provisions,
        voices=_read(
            Voice,
            "v",
            "SELECT {columns}, u.full_name AS gatherer FROM plans_voice v JOIN accounts_user u ON u.id = v.gathered_by_id"
            " WHERE v.cycle_id = %(cycle)s ORDER BY v.gathered_on, v.id",
            at,
        ),
        assessments=assessments,
        documents=documents,
        notes=_read(
            ProgressNote,
            "n",
            "SELECT {columns}, u.full_name AS author_name, o.description AS outcome_description,"
            " pp.description AS provision_description FROM plans_progressnote n"
            " JOIN accounts_user u ON u.id = n.author_id LEFT JOIN plans_outcome o ON o.id = n.outcome_id"
            " LEFT JOIN plans_plannedprovision pp ON pp.id = n.provision_id"
            " WHERE n.cycle_id = %(cycle)s ORDER BY n.noted_on DESC, n.id DESC",
            at,
        ),
        transitions=_read(
            CycleTransition,
            "t",
            "SELECT {columns}, u.full_name AS by_name FROM plans_cycletransition t JOIN accounts_user u ON u.id = t.by_id"
            " WHERE t.cycle_id = %(cycle)s ORDER BY t.at, t.id",
            at,
        ),
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
