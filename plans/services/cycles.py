"""Every change to a support cycle: start, move between states, and the writes of each stage.

Each function is atomic, checks the rules of the graduated approach (Code of Practice 6.44-6.56), saves and writes
its audit event. The cycle row is locked for the rest of the transaction, so two changes to one cycle happen one
after the other. Edits to the plan carry the version the editor started from; a save based on an older version
raises StaleEdit, so nobody silently overwrites another person's work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record
from lib.review_dates import bank_holidays_around, default_review_date, review_date_errors, review_term_day
from lib.terms import long_date
from plans.models import (
    MET_RATINGS,
    TRANSITIONS,
    Assessment,
    CycleState,
    CycleTransition,
    Outcome,
    PlannedProvision,
    ProgressNote,
    ReviewDecision,
    SupportCycle,
    Voice,
)
from provision.services import group_place_from_plan, place_end
from pupils.models import Pupil
from schools.models import Term

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

OUTCOME_FIELDS = (
    "description",
    "success_criteria",
    "baseline",
    "target_value",
    "measure_how",
    "measure_when",
    "measured_by",
)
PROVISION_FIELDS = (
    "kind",
    "description",
    "delivered_by",
    "frequency",
    "sessions_per_week",
    "minutes_per_session",
    "starts_on",
    "ends_on",
)
PLAN_FIELDS = ("review_due_on", "review_date_reason", "parents_at_home")
AGREEMENT_FIELDS = [
    "parents_agreed_on",
    "parents_agreed_how",
    "pupil_agreed_on",
    "pupil_agreed_how",
    "plan_shared_with_parents_on",
]
# Catalogue interventions that give the pupil a place in a group.
GROUPED_KINDS = ("group", "one_to_one")

# When a field is missing, the services and the forms say so in the same words.
MISSING = {
    "concern": "Say why this cycle starts: the concern, or the need to explore",
    "needs_summary": "Write the summary of needs and barriers to learning",
    "views": "Write the views as they were given, in their words where you can",
    "parents_agreed_on": "Enter the date the parents agreed the plan",
    "text": "Write the note",
    "rating": "Choose how far the outcome was achieved",
    "evidence": "Give the evidence for the rating",
    "impact": "Choose the impact this provision had",
    "reason": "Say why the review date moves; agree the new date with the parents",
}
PROVISION_MISSING = {
    "description": "Say what the adjustment or intervention is",
    "delivered_by": "Say who delivers it",
    "frequency": "Say how often, for example 'every lesson' or '3 times a week for 20 minutes'",
    "starts_on": "Enter the date it starts",
}
# What an outcome must say, and the message when it doesn't (the outcome form uses the same words).
OUTCOME_MISSING = {
    "description": "Say what the pupil will be able to do",
    "success_criteria": "Say how you will know the outcome has been achieved: an outcome needs success criteria",
    "baseline": "Say where the pupil starts, so progress can be measured",
    "measure_how": "Say how progress will be measured",
    "measure_when": "Say when progress will be measured",
    "measured_by": "Say who will measure it",
}
REVIEW_FIELDS = ("reviewed_on", "staff_views", "decision", "decision_notes", "what_works", "what_doesnt")


class StaleEdit(Exception):
    """Someone saved the same thing after this editor opened it. `current` is what is saved now."""

    def __init__(self, current: Model, *, changed_by: str, changed_at: dt.datetime | None) -> None:
        super().__init__("Saved by someone else while you were editing.")
        self.current = current
        self.changed_by = changed_by
        self.changed_at = changed_at


def _lock(cycle: SupportCycle) -> SupportCycle:
    return SupportCycle.objects.select_for_update().select_related("pupil", "school").get(pk=cycle.pk)


def _audit(
    *,
    by: User,
    action: AuditAction,
    kind: str,
    obj: Any,
    cycle: SupportCycle,
    request: HttpRequest | None,
    detail: dict[str, Any] | None = None,
) -> None:
    audit_record(
        actor=by,
        action=action,
        object_type=f"plans.{kind}",
        object_id=obj.uid,
        pupil=cycle.pupil,
        school=cycle.school,
        request=request,
        detail=detail,
    )


def _save_fields(
    obj: Any,
    fields: list[str],
    *,
    kind: str,
    cycle: SupportCycle,
    by: User,
    request: HttpRequest | None,
    audited: list[str] | None = None,
) -> None:
    """Save these fields of a cycle or one of its parts and record which changed (`audited` names them when the
    audit trail should say less than the field list), never their values."""
    obj.save(update_fields=fields)
    _audit(
        by=by,
        action=AuditAction.UPDATE,
        kind=kind,
        obj=obj,
        cycle=cycle,
        request=request,
        detail={"fields": audited or fields},
    )


def _require_state(cycle: SupportCycle, states: Iterable[str], doing: str) -> None:
    allowed = tuple(states)
    if cycle.state not in allowed:
        names = " or ".join(CycleState(state).label for state in allowed)
        raise ValidationError(
            f"{doing} happens at {names}; this cycle is at {CycleState(cycle.state).label}. "
            "Move the cycle on from its page first."
        )


def _not_future(day: dt.date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} cannot be in the future"})


def _not_before_start(cycle: SupportCycle, day: dt.date, field: str, what: str) -> None:
    if day < cycle.started_on:
        raise ValidationError(
            {field: f"{what} must be on or after the day the cycle started, {long_date(cycle.started_on)}"}
        )


# --- Starting a cycle -------------------------------------------------------------------------------------------


@transaction.atomic
def cycle_start(
    *, pupil: Pupil, concern: str, started_on: dt.date, by: User, request: HttpRequest | None = None
) -> SupportCycle:
    """Start the pupil's next cycle. A pupil not on the register may have one: a cycle can explore a need before it
    is recorded. What the last review learned is carried in: its unmet outcomes become this cycle's first outcomes
    (linked to where they came from), and what works and what doesn't start from the last cycle's."""
    pupil = Pupil.objects.select_for_update().get(pk=pupil.pk)
    if not concern.strip():
        raise ValidationError({"concern": MISSING["concern"]})
    _not_future(started_on, "started_on", "The start date")
    open_cycle = SupportCycle.objects.filter(pupil=pupil).exclude(state=CycleState.CLOSED).first()
    if open_cycle is not None:
        raise ValidationError(
            f"Cycle {open_cycle.number} is still open ({CycleState(open_cycle.state).label}). "
            "Review and close it before starting another."
        )
    previous = SupportCycle.objects.filter(pupil=pupil).order_by("-number").first()
    if previous is not None and started_on < (previous.closed_on or previous.started_on):
        raise ValidationError(
            {
                "started_on": f"The last cycle closed on {long_date(previous.closed_on or previous.started_on)}: "
                "start this one on or after that day"
            }
        )
    number = (SupportCycle.objects.filter(pupil=pupil).aggregate(top=Max("number"))["top"] or 0) + 1
    cycle = SupportCycle.objects.create(
        pupil=pupil,
        school=pupil.school,
        number=number,
        previous=previous,
        state=CycleState.ASSESS,
        started_on=started_on,
        started_by=by,
        concern=concern.strip(),
        what_works=previous.what_works if previous else "",
        what_doesnt=previous.what_doesnt if previous else "",
    )
    CycleTransition.objects.create(cycle=cycle, from_state="", to_state=CycleState.ASSESS, by=by)
    carried = 0
    if previous is not None:
        unmet = previous.outcomes.filter(archived_at__isnull=True).exclude(rating__in=MET_RATINGS)
        for position, old in enumerate(unmet, start=1):
            Outcome.objects.create(
                cycle=cycle,
                position=position,
                barrier=old.barrier,
                carried_from=old,
                # The last measured value is where the pupil starts now.
                baseline=(old.measured_value or old.baseline)[:250],
                **{field: getattr(old, field) for field in OUTCOME_FIELDS if field != "baseline"},
            )
            carried += 1
    _audit(
        by=by,
        action=AuditAction.CREATE,
        kind="cycle",
        obj=cycle,
        cycle=cycle,
        request=request,
        detail={"number": number, "carried_outcomes": carried},
    )
    return cycle


# --- Moving between states --------------------------------------------------------------------------------------


def move_problems(
    cycle: SupportCycle,
    to_state: str,
    *,
    outcomes: Sequence[Outcome] | None = None,
    voices: Sequence[Voice] | None = None,
    provisions: Sequence[PlannedProvision] | None = None,
) -> list[str]:
    """Why the cycle cannot move to `to_state` now (empty when it can). Illegal moves come first.

    `outcomes`, `voices` and `provisions` are the cycle's live outcomes, its views and its live provisions, when the
    caller has read them already (the cycle page); otherwise what is needed is read here."""
    if to_state not in TRANSITIONS.get(cycle.state, frozenset()):
        if to_state == CycleState.REVIEW and cycle.state in (CycleState.ASSESS, CycleState.PLAN):
            return ["A plan is reviewed after it has been put into practice: agree the plan and start Do first."]
        label = CycleState(to_state).label if to_state in CycleState.values else to_state
        return [f"A cycle at {CycleState(cycle.state).label} cannot move to {label}."]
    if outcomes is None:
        outcomes = list(cycle.outcomes.filter(archived_at__isnull=True))
    problems: list[str] = []
    if to_state == CycleState.PLAN and not cycle.needs_summary.strip():
        problems.append("Write the summary of needs and barriers to learning before planning.")
    if to_state == CycleState.DO:
        if not outcomes:
            problems.append("Add at least one outcome to the plan.")
        if cycle.review_due_on is None:
            problems.append("Set the review date.")
        if cycle.parents_agreed_on is None:
            problems.append("Record when and how the parents agreed the plan.")
    if to_state == CycleState.CLOSED:
        unrated = [outcome for outcome in outcomes if not outcome.rating]
        if unrated:
            problems.append(f"Rate every outcome: {len(unrated)} not rated yet.")
        if cycle.reviewed_on is None:
            problems.append("Record the date of the review.")
        if not cycle.decision:
            problems.append("Record the decision at review.")
        # The review is held with the pupil and the parents (Code 6.54-6.55): their views are part of it.
        if voices is not None:
            review_views = any(voice.stage == Voice.Stage.REVIEW for voice in voices)
        else:
            review_views = cycle.voices.filter(stage=Voice.Stage.REVIEW).exists()
        if not review_views:
            problems.append("Add the views of the pupil or the parents at review.")
        if provisions is not None:
            without_impact = sum(1 for item in provisions if not item.impact)
        else:
            without_impact = cycle.provisions.filter(archived_at__isnull=True, impact="").count()
        if without_impact:
            problems.append(
                f"Record the impact of every adjustment and intervention: {without_impact} not recorded yet."
            )
    return problems


@transaction.atomic
def cycle_move(
    *, cycle: SupportCycle, to_state: str, by: User, note: str = "", request: HttpRequest | None = None
) -> SupportCycle:
    """Move the cycle to its next state, if the move is allowed and the stage's work is done; record who and when."""
    cycle = _lock(cycle)
    problems = move_problems(cycle, to_state)
    if problems:
        raise ValidationError(problems)
    from_state = cycle.state
    cycle.state = to_state
    update = ["state"]
    if to_state == CycleState.CLOSED:
        cycle.closed_on = timezone.localdate()
        update.append("closed_on")
    cycle.save(update_fields=update)
    if to_state == CycleState.DO:
        # The plan is agreed and in practice: the pupil joins the groups of its catalogue interventions.
        for planned in _grouped_interventions(cycle):
            group_place_from_plan(planned=planned, by=by, request=request)
    if to_state == CycleState.CLOSED and cycle.decision == ReviewDecision.QUALITY_FIRST:
        # Back to quality-first teaching: the pupil leaves the plan's intervention groups.
        today = timezone.localdate()
        for planned in _grouped_interventions(cycle):
            if planned.group is None:
                continue
            place = planned.group.places.filter(pupil_id=cycle.pupil_id, ended_on__isnull=True).first()
            if place is not None and place.started_on < today:
                place_end(place=place, ended_on=today, reason="Back to quality-first teaching", by=by)
    CycleTransition.objects.create(cycle=cycle, from_state=from_state, to_state=to_state, by=by, note=note[:250])
    _audit(
        by=by,
        action=AuditAction.UPDATE,
        kind="cycle",
        obj=cycle,
        cycle=cycle,
        request=request,
        detail={"from": from_state, "to": to_state},
    )
    return cycle


# --- Assess -----------------------------------------------------------------------------------------------------


@transaction.atomic
def cycle_update_needs(
    *, cycle: SupportCycle, needs_summary: str, by: User, request: HttpRequest | None = None
) -> SupportCycle:
    cycle = _lock(cycle)
    _require_state(cycle, (CycleState.ASSESS, CycleState.PLAN), "The summary of needs")
    if not needs_summary.strip():
        raise ValidationError({"needs_summary": MISSING["needs_summary"]})
    cycle.needs_summary = needs_summary.strip()
    _save_fields(cycle, ["needs_summary"], kind="cycle", cycle=cycle, by=by, request=request)
    return cycle


@transaction.atomic
def voice_add(
    *,
    cycle: SupportCycle,
    whose: str,
    stage: str,
    method: str,
    given_by: str,
    views: str,
    gathered_on: dt.date,
    by: User,
    request: HttpRequest | None = None,
) -> Voice:
    """The pupil's or the parents' views, with how, when and by whom they were gathered (Code 6.45, 6.64)."""
    cycle = _lock(cycle)
    states = (CycleState.ASSESS, CycleState.PLAN) if stage == Voice.Stage.ASSESS else (CycleState.DO, CycleState.REVIEW)
    _require_state(cycle, states, "Gathering views for " + Voice.Stage(stage).label.lower())
    if not views.strip():
        raise ValidationError({"views": MISSING["views"]})
    _not_future(gathered_on, "gathered_on", "The date the views were gathered")
    voice = Voice.objects.create(
        cycle=cycle,
        whose=whose,
        stage=stage,
        method=method,
        given_by=given_by.strip(),
        views=views.strip(),
        gathered_on=gathered_on,
        gathered_by=by,
    )
    _audit(
        by=by,
        action=AuditAction.CREATE,
        kind="voice",
        obj=voice,
        cycle=cycle,
        request=request,
        detail={"whose": whose, "stage": stage, "method": method},
    )
    return voice


@transaction.atomic
def assessment_add(
    *,
    cycle: SupportCycle,
    kind: str,
    title: str,
    agency: str,
    body: str,
    assessed_on: dt.date,
    by: User,
    request: HttpRequest | None = None,
) -> Assessment:
    cycle = _lock(cycle)
    _require_state(cycle, (CycleState.ASSESS, CycleState.PLAN, CycleState.DO), "Adding an assessment")
    if kind == Assessment.Kind.AGENCY_ADVICE and not agency.strip():
        raise ValidationError({"agency": "Name the service that gave the advice"})
    _not_future(assessed_on, "assessed_on", "The date of the assessment")
    assessment = Assessment.objects.create(
        cycle=cycle,
        kind=kind,
        title=title.strip(),
        agency=agency.strip(),
        body=body.strip(),
        assessed_on=assessed_on,
        recorded_by=by,
    )
    _audit(
        by=by,
        action=AuditAction.CREATE,
        kind="assessment",
        obj=assessment,
        cycle=cycle,
        request=request,
        detail={"kind": kind},
    )
    return assessment


# --- Plan -------------------------------------------------------------------------------------------------------


def term_end_for(*, school_id: int, day: dt.date) -> dt.date | None:
    """The last day of the school's term that `day` falls in, or of the next term when `day` is in a holiday."""
    term = Term.objects.filter(school_id=school_id, ends_on__gte=day).order_by("starts_on").only("ends_on").first()
    return term.ends_on if term is not None else None


def review_term_end(cycle: SupportCycle, *, start: dt.date, closed: frozenset[dt.date]) -> dt.date | None:
    """The end of the term the review must fall in: the term of the first school day from `start`."""
    return term_end_for(school_id=cycle.school_id, day=review_term_day(start, closed))


def suggested_review_date(cycle: SupportCycle, *, today: dt.date) -> dt.date:
    start = max(cycle.started_on, today)
    closed = bank_holidays_around(start)
    return default_review_date(start=start, term_end=review_term_end(cycle, start=start, closed=closed), closed=closed)


def _touch_plan(cycle: SupportCycle, by: User) -> None:
    """A change to the plan: a new version, and any agreement to the old one no longer stands (the parents agree,
    and are shared, the plan as it is now)."""
    cycle.plan_version += 1
    cycle.plan_changed_at = timezone.now()
    cycle.plan_changed_by = by
    fields = ["plan_version", "plan_changed_at", "plan_changed_by"]
    if cycle.parents_agreed_on is not None or cycle.plan_shared_with_parents_on is not None:
        cycle.parents_agreed_on = cycle.pupil_agreed_on = cycle.plan_shared_with_parents_on = None
        cycle.parents_agreed_how = cycle.pupil_agreed_how = ""
        fields += AGREEMENT_FIELDS
    cycle.save(update_fields=fields)


def _plan_editable(cycle: SupportCycle) -> None:
    _require_state(cycle, (CycleState.ASSESS, CycleState.PLAN), "Changing the plan")


def _changed_by(cycle: SupportCycle) -> str:
    return cycle.plan_changed_by.full_name if cycle.plan_changed_by is not None else "someone else"


@transaction.atomic
def plan_update(
    *,
    cycle: SupportCycle,
    based_on: int,
    data: Mapping[str, Any],
    by: User,
    request: HttpRequest | None = None,
) -> SupportCycle:
    """The plan's own fields: review date (with a reason if after the end of term) and what parents do at home."""
    cycle = _lock(cycle)
    _plan_editable(cycle)
    if cycle.plan_version != based_on:
        raise StaleEdit(cycle, changed_by=_changed_by(cycle), changed_at=cycle.plan_changed_at)
    review = data.get("review_due_on")
    start = max(cycle.started_on, timezone.localdate())
    closed = bank_holidays_around(start)
    errors = review_date_errors(
        start=cycle.started_on,
        review=review,
        term_end=review_term_end(cycle, start=start, closed=closed),
        reason=data.get("review_date_reason", ""),
        closed=closed,
    )
    if review is not None and review < timezone.localdate() and "review_due_on" not in errors:
        errors["review_due_on"] = "The review date has passed: choose today or a later school day"
    if errors:
        raise ValidationError(errors)
    changed = [field for field in PLAN_FIELDS if getattr(cycle, field) != data.get(field, getattr(cycle, field))]
    for field in changed:
        setattr(cycle, field, data[field])
    if changed:
        cycle.save(update_fields=changed)
        _touch_plan(cycle, by)
    _audit(
        by=by,
        action=AuditAction.UPDATE,
        kind="plan",
        obj=cycle,
        cycle=cycle,
        request=request,
        detail={"fields": changed},
    )
    return cycle


@transaction.atomic
def review_reschedule(
    *, cycle: SupportCycle, review_due_on: dt.date, reason: str, by: User, request: HttpRequest | None = None
) -> SupportCycle:
    """Move the review of a plan in practice (illness, a specialist's visit): a new school day, with the reason.
    The rest of the plan, agreed with the parents, stays as it is."""
    cycle = _lock(cycle)
    _require_state(cycle, (CycleState.DO, CycleState.REVIEW), "Moving the review date")
    today = timezone.localdate()
    closed = bank_holidays_around(today)
    errors = review_date_errors(start=cycle.started_on, review=review_due_on, term_end=None, reason="", closed=closed)
    if not errors and review_due_on < today:
        errors["review_due_on"] = "The new review date has passed: choose today or a later school day"
    if not errors and review_due_on == cycle.review_due_on:
        errors["review_due_on"] = "This is the review date already: choose a different day"
    if not reason.strip():
        errors["reason"] = MISSING["reason"]
    if errors:
        raise ValidationError(errors)
    cycle.review_due_on = review_due_on
    cycle.review_moved_reason = reason.strip()[:250]
    _save_fields(cycle, ["review_due_on", "review_moved_reason"], kind="plan", cycle=cycle, by=by, request=request)
    return cycle


def _outcome_errors(data: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field, message in OUTCOME_MISSING.items():
        if not str(data.get(field, "")).strip():
            errors[field] = message
    return errors


@transaction.atomic
def outcome_add(
    *, cycle: SupportCycle, data: Mapping[str, Any], by: User, request: HttpRequest | None = None
) -> Outcome:
    cycle = _lock(cycle)
    _plan_editable(cycle)
    errors = _outcome_errors(data)
    if errors:
        raise ValidationError(errors)
    barrier = data.get("barrier")
    if barrier is not None and barrier.pupil_id != cycle.pupil_id:
        raise ValidationError({"barrier": "Choose one of this pupil's barriers"})
    position = (cycle.outcomes.aggregate(top=Max("position"))["top"] or 0) + 1
    outcome = Outcome.objects.create(
        cycle=cycle,
        position=position,
        barrier=barrier,
        **{field: str(data.get(field, "")).strip() for field in OUTCOME_FIELDS},
    )
    _touch_plan(cycle, by)
    _audit(by=by, action=AuditAction.CREATE, kind="outcome", obj=outcome, cycle=cycle, request=request)
    return outcome


@transaction.atomic
def outcome_update(
    *, outcome: Outcome, based_on: int, data: Mapping[str, Any], by: User, request: HttpRequest | None = None
) -> Outcome:
    cycle = _lock(outcome.cycle)
    _plan_editable(cycle)
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    if outcome.version != based_on:
        raise StaleEdit(outcome, changed_by=_changed_by(cycle), changed_at=cycle.plan_changed_at)
    errors = _outcome_errors(data)
    if errors:
        raise ValidationError(errors)
    barrier = data.get("barrier")
    if barrier is not None and barrier.pupil_id != cycle.pupil_id:
        raise ValidationError({"barrier": "Choose one of this pupil's barriers"})
    changed = [field for field in OUTCOME_FIELDS if getattr(outcome, field) != str(data.get(field, "")).strip()]
    for field in changed:
        setattr(outcome, field, str(data[field]).strip())
    if outcome.barrier_id != (barrier.pk if barrier else None):
        outcome.barrier = barrier
        changed.append("barrier")
    if changed:
        outcome.version += 1
        outcome.save()
        _touch_plan(cycle, by)
    _audit(
        by=by,
        action=AuditAction.UPDATE,
        kind="outcome",
        obj=outcome,
        cycle=cycle,
        request=request,
        detail={"fields": changed},
    )
    return outcome


def _archive_part(obj: Outcome | PlannedProvision, *, kind: str, by: User, request: HttpRequest | None) -> None:
    """Take an outcome or a planned provision off the plan. Kept, not deleted: reviews and notes may refer to it."""
    cycle = _lock(obj.cycle)
    _plan_editable(cycle)
    if obj.archived_at is not None:
        raise ValidationError("This has already been removed from the plan.")
    obj.archived_at = timezone.now()
    obj.save(update_fields=["archived_at"])
    _touch_plan(cycle, by)
    _audit(by=by, action=AuditAction.ARCHIVE, kind=kind, obj=obj, cycle=cycle, request=request)


@transaction.atomic
def outcome_archive(*, outcome: Outcome, by: User, request: HttpRequest | None = None) -> Outcome:
    _archive_part(outcome, kind="outcome", by=by, request=request)
    return outcome


def _provision_errors(cycle: SupportCycle, data: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(data.get("description", "")).strip():
        errors["description"] = PROVISION_MISSING["description"]
    if not str(data.get("delivered_by", "")).strip():
        errors["delivered_by"] = PROVISION_MISSING["delivered_by"]
    if not str(data.get("frequency", "")).strip():
        errors["frequency"] = PROVISION_MISSING["frequency"]
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on is None:
        errors["starts_on"] = PROVISION_MISSING["starts_on"]
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "The end date must be on or after the start date"
    if (
        data.get("kind") == PlannedProvision.Kind.INTERVENTION
        and data.get("intervention") is None
        and not data.get("sessions_per_week")
    ):
        errors["sessions_per_week"] = "Say how many sessions a week the intervention has"
    intervention = data.get("intervention")
    if intervention is not None and intervention.school_id != cycle.school_id:
        errors["intervention"] = "Choose an intervention from this school's catalogue"
    group = data.get("group")
    if group is not None and intervention is not None and group.intervention_id != intervention.pk:
        errors["group"] = "Choose a group that runs this intervention, or none to start a new one"
    outcomes = data.get("outcomes") or []
    if any(outcome.cycle_id != cycle.pk for outcome in outcomes):
        errors["outcomes"] = "Choose outcomes from this plan"
    return errors


def _provision_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {field: data.get(field) for field in PROVISION_FIELDS}
    for field in ("description", "delivered_by", "frequency"):
        values[field] = str(values[field] or "").strip()
    intervention = data.get("intervention")
    if intervention is not None:
        # How often the catalogue says, unless the plan says otherwise: planned against delivered counts these.
        values["sessions_per_week"] = values["sessions_per_week"] or intervention.sessions_per_week
        values["minutes_per_session"] = values["minutes_per_session"] or intervention.minutes_per_session
    return values


def _grouped_interventions(cycle: SupportCycle) -> list[PlannedProvision]:
    """The plan's interventions from the catalogue that run as a group or one to one (not in-class adjustments
    or resources): each gives the pupil a place in a group (provision mapping)."""
    return list(
        cycle.provisions.filter(
            archived_at__isnull=True,
            kind=PlannedProvision.Kind.INTERVENTION,
            intervention__isnull=False,
            intervention__kind__in=GROUPED_KINDS,
        ).select_related("intervention", "group", "cycle__pupil")
    )


@transaction.atomic
def provision_add(
    *, cycle: SupportCycle, data: Mapping[str, Any], by: User, request: HttpRequest | None = None
) -> PlannedProvision:
    cycle = _lock(cycle)
    _plan_editable(cycle)
    errors = _provision_errors(cycle, data)
    if errors:
        raise ValidationError(errors)
    planned = PlannedProvision.objects.create(
        cycle=cycle, intervention=data.get("intervention"), group=data.get("group"), **_provision_values(data)
    )
    planned.outcomes.set(data.get("outcomes") or [])
    _touch_plan(cycle, by)
    _audit(
        by=by,
        action=AuditAction.CREATE,
        kind="provision",
        obj=planned,
        cycle=cycle,
        request=request,
        detail={"kind": planned.kind},
    )
    return planned


@transaction.atomic
def provision_update(
    *,
    planned: PlannedProvision,
    based_on: int,
    data: Mapping[str, Any],
    by: User,
    request: HttpRequest | None = None,
) -> PlannedProvision:
    cycle = _lock(planned.cycle)
    _plan_editable(cycle)
    planned = PlannedProvision.objects.select_for_update().get(pk=planned.pk)
    if planned.version != based_on:
        raise StaleEdit(planned, changed_by=_changed_by(cycle), changed_at=cycle.plan_changed_at)
    errors = _provision_errors(cycle, data)
    if errors:
        raise ValidationError(errors)
    values = _provision_values(data)
    changed = [field for field, value in values.items() if getattr(planned, field) != value]
    for field in changed:
        setattr(planned, field, values[field])
    for field in ("intervention", "group"):
        new = data.get(field)
        if getattr(planned, f"{field}_id") != (new.pk if new is not None else None):
            setattr(planned, field, new)
            changed.append(field)
    outcomes = {outcome.pk for outcome in data.get("outcomes") or []}
    if outcomes != set(planned.outcomes.values_list("pk", flat=True)):
        planned.outcomes.set(outcomes)
        changed.append("outcomes")
    if changed:
        planned.version += 1
        planned.save()
        _touch_plan(cycle, by)
    _audit(
        by=by,
        action=AuditAction.UPDATE,
        kind="provision",
        obj=planned,
        cycle=cycle,
        request=request,
        detail={"fields": changed},
    )
    return planned


@transaction.atomic
def provision_archive(*, planned: PlannedProvision, by: User, request: HttpRequest | None = None) -> PlannedProvision:
    _archive_part(planned, kind="provision", by=by, request=request)
    return planned


@transaction.atomic
def plan_record_agreement(
    *,
    cycle: SupportCycle,
    parents_agreed_on: dt.date,
    parents_agreed_how: str,
    pupil_agreed_on: dt.date | None,
    pupil_agreed_how: str,
    by: User,
    request: HttpRequest | None = None,
) -> SupportCycle:
    """When and how the parents (and the pupil) agreed the plan (Code 6.48)."""
    cycle = _lock(cycle)
    _require_state(cycle, (CycleState.PLAN,), "Agreeing the plan")
    if not cycle.outcomes.filter(archived_at__isnull=True).exists():
        raise ValidationError("Add the plan's outcomes before recording agreement to it.")
    errors: dict[str, str] = {}
    for field, day, how, who in (
        ("parents_agreed", parents_agreed_on, parents_agreed_how, "parents"),
        ("pupil_agreed", pupil_agreed_on, pupil_agreed_how, "pupil"),
    ):
        if day is None:
            if how.strip():
                errors[f"{field}_on"] = f"Enter the date the {who} agreed the plan"
            continue
        if day > timezone.localdate():
            errors[f"{field}_on"] = f"The date the {who} agreed cannot be in the future"
        elif day < cycle.started_on:
            errors[f"{field}_on"] = f"The date the {who} agreed must be on or after the day the cycle started"
        elif not how.strip():
            errors[f"{field}_how"] = f"Say how the {who} agreed, for example 'at the planning meeting'"
    if parents_agreed_on is None and "parents_agreed_on" not in errors:
        errors["parents_agreed_on"] = MISSING["parents_agreed_on"]
    if errors:
        raise ValidationError(errors)
    cycle.parents_agreed_on = parents_agreed_on
    cycle.parents_agreed_how = parents_agreed_how.strip()
    cycle.pupil_agreed_on = pupil_agreed_on
    cycle.pupil_agreed_how = pupil_agreed_how.strip()
    _save_fields(
        cycle,
        ["parents_agreed_on", "parents_agreed_how", "pupil_agreed_on", "pupil_agreed_how"],
        kind="plan",
        cycle=cycle,
        by=by,
        request=request,
        audited=["agreement"],
    )
    return cycle


@transaction.atomic
def plan_share_with_parents(
    *, cycle: SupportCycle, shared_on: dt.date, by: User, request: HttpRequest | None = None
) -> SupportCycle:
    """The parents can now read the plan (their plain-English version) from their own page."""
    cycle = _lock(cycle)
    _require_state(cycle, (CycleState.PLAN, CycleState.DO, CycleState.REVIEW, CycleState.CLOSED), "Sharing the plan")
    if cycle.parents_agreed_on is None:
        raise ValidationError("Record the parents' agreement before sharing the plan with them.")
    _not_future(shared_on, "shared_on", "The date shared")
    _not_before_start(cycle, shared_on, "shared_on", "The date shared")
    cycle.plan_shared_with_parents_on = shared_on
    _save_fields(cycle, ["plan_shared_with_parents_on"], kind="plan", cycle=cycle, by=by, request=request)
    return cycle


# --- Do ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def note_add(
    *,
    cycle: SupportCycle,
    kind: str,
    text: str,
    noted_on: dt.date,
    outcome: Outcome | None,
    provision: PlannedProvision | None,
    reason: str,
    by: User,
    request: HttpRequest | None = None,
) -> ProgressNote:
    """Do: a dated note or evidence against an outcome, or provision missed (with why) or changed."""
    cycle = _lock(cycle)
    _require_state(cycle, (CycleState.DO, CycleState.REVIEW), "Adding notes and evidence")
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = MISSING["text"]
    if noted_on > timezone.localdate():
        errors["noted_on"] = "The date cannot be in the future"
    elif noted_on < cycle.started_on:
        errors["noted_on"] = f"The date must be on or after the day the cycle started, {long_date(cycle.started_on)}"
    if outcome is not None and outcome.cycle_id != cycle.pk:
        errors["outcome"] = "Choose an outcome from this plan"
    if provision is not None and provision.cycle_id != cycle.pk:
        errors["provision"] = "Choose provision from this plan"
    if kind in (ProgressNote.Kind.MISSED, ProgressNote.Kind.CHANGED) and provision is None:
        errors["provision"] = "Choose the provision that was missed or changed"
    if kind == ProgressNote.Kind.MISSED and not reason:
        errors["reason"] = "Choose why the provision was missed"
    if kind == ProgressNote.Kind.EVIDENCE and outcome is None:
        errors["outcome"] = "Choose the outcome this is evidence for"
    if errors:
        raise ValidationError(errors)
    note = ProgressNote.objects.create(
        cycle=cycle,
        kind=kind,
        text=text.strip(),
        noted_on=noted_on,
        outcome=outcome,
        provision=provision,
        reason=reason if kind == ProgressNote.Kind.MISSED else "",
        author=by,
    )
    _audit(by=by, action=AuditAction.CREATE, kind="note", obj=note, cycle=cycle, request=request, detail={"kind": kind})
    return note


# --- Review and learn -------------------------------------------------------------------------------------------


@transaction.atomic
def outcome_rate(
    *,
    outcome: Outcome,
    rating: str,
    measured_value: str,
    evidence: str,
    by: User,
    request: HttpRequest | None = None,
) -> Outcome:
    """Review: how far the outcome was achieved, with the evidence and the value measured against the baseline."""
    cycle = _lock(outcome.cycle)
    _require_state(cycle, (CycleState.REVIEW,), "Rating outcomes")
    errors: dict[str, str] = {}
    if not rating:
        errors["rating"] = MISSING["rating"]
    if not evidence.strip():
        errors["evidence"] = MISSING["evidence"]
    if not measured_value.strip():
        errors["measured_value"] = f"Enter the value measured now, to compare with the baseline ({outcome.baseline})"
    if errors:
        raise ValidationError(errors)
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    outcome.rating = rating
    outcome.measured_value = measured_value.strip()
    outcome.evidence = evidence.strip()
    _save_fields(outcome, ["rating", "measured_value", "evidence"], kind="outcome", cycle=cycle, by=by, request=request)
    return outcome


@transaction.atomic
def provision_record_impact(
    *, planned: PlannedProvision, impact: str, notes: str, by: User, request: HttpRequest | None = None
) -> PlannedProvision:
    cycle = _lock(planned.cycle)
    _require_state(cycle, (CycleState.REVIEW,), "Recording the impact of provision")
    if not impact:
        raise ValidationError({"impact": MISSING["impact"]})
    planned.impact = impact
    planned.impact_notes = notes.strip()
    _save_fields(
        planned, ["impact", "impact_notes"], kind="provision", cycle=cycle, by=by, request=request, audited=["impact"]
    )
    return planned


@transaction.atomic
def review_update(
    *, cycle: SupportCycle, data: Mapping[str, Any], by: User, request: HttpRequest | None = None
) -> SupportCycle:
    """The review meeting: date, staff views, the decision and what was learned (carried into the next cycle)."""
    cycle = _lock(cycle)
    _require_state(cycle, (CycleState.REVIEW,), "Recording the review")
    errors: dict[str, str] = {}
    reviewed_on = data.get("reviewed_on")
    if reviewed_on is not None:
        if reviewed_on > timezone.localdate():
            errors["reviewed_on"] = "The review date cannot be in the future"
        elif reviewed_on < cycle.started_on:
            errors["reviewed_on"] = "The review must be on or after the day the cycle started"
    decision = data.get("decision", "")
    if decision and decision not in ReviewDecision.values:
        errors["decision"] = "Choose one of the decisions"
    if decision and not str(data.get("decision_notes", "")).strip():
        errors["decision_notes"] = "Say why this decision was made"
    if errors:
        raise ValidationError(errors)
    changed = []
    for field in REVIEW_FIELDS:
        value = data.get(field, getattr(cycle, field))
        if isinstance(value, str):
            value = value.strip()
        if getattr(cycle, field) != value:
            setattr(cycle, field, value)
            changed.append(field)
    if changed:
        cycle.save(update_fields=changed)
    _audit(
        by=by,
        action=AuditAction.UPDATE,
        kind="review",
        obj=cycle,
        cycle=cycle,
        request=request,
        detail={"fields": changed},
    )
    return cycle


@transaction.atomic
def review_share_with_parents(
    *, cycle: SupportCycle, shared_on: dt.date, by: User, request: HttpRequest | None = None
) -> SupportCycle:
    """The parents can read how the plan went and what happens next (Code 6.54-6.56), on their plan page."""
    cycle = _lock(cycle)
    _require_state(cycle, (CycleState.CLOSED,), "Sharing the review")
    if cycle.plan_shared_with_parents_on is None:
        raise ValidationError("Share the plan with the parents first: the review is shown on their plan page.")
    _not_future(shared_on, "shared_on", "The date shared")
    if cycle.reviewed_on is not None and shared_on < cycle.reviewed_on:
        raise ValidationError({"shared_on": "The review can only be shared on or after the day it was held"})
    cycle.review_shared_with_parents_on = shared_on
    _save_fields(cycle, ["review_shared_with_parents_on"], kind="review", cycle=cycle, by=by, request=request)
    return cycle
