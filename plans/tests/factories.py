"""Support cycles for tests, built through the real services, at any state of the state machine."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import User
from plans.models import CycleState, Outcome, SupportCycle, Voice
from plans.services import cycles as services
from pupils.models import Pupil

# A Monday in the autumn term of the cast's school year (the cast's terms run 3 September to 19 December).
TERM_TIME = "2026-11-16 10:00:00+00:00"

OUTCOME = {
    "description": "Read a page of a decodable book aloud with fewer than 3 errors",
    "success_criteria": "3 pages in a row at fewer than 3 errors each, checked by the class teacher",
    "baseline": "8 errors a page",
    "target_value": "2 errors a page",
    "measure_how": "Running record",
    "measure_when": "Every two weeks",
    "measured_by": "Class teacher",
}


def start_cycle(pupil: Pupil, by: User, *, days_ago: int = 7) -> SupportCycle:
    return services.cycle_start(
        pupil=pupil,
        concern="Reading is well below age-related expectations",
        started_on=timezone.localdate() - dt.timedelta(days=days_ago),
        by=by,
    )


def add_outcome(cycle: SupportCycle, by: User, **changes: str) -> Outcome:
    return services.outcome_add(cycle=cycle, data={**OUTCOME, **changes}, by=by)


def prepare_plan(cycle: SupportCycle, by: User) -> SupportCycle:
    """Everything a plan needs before Do: outcomes, a review date and the parents' agreement."""
    today = timezone.localdate()
    if not cycle.outcomes.filter(archived_at__isnull=True).exists():
        add_outcome(cycle, by)
    cycle.refresh_from_db()
    services.plan_update(
        cycle=cycle,
        based_on=cycle.plan_version,
        data={
            "review_due_on": services.suggested_review_date(cycle, today=today),
            "review_date_reason": "",
            "parents_at_home": "Read together for ten minutes a night",
        },
        by=by,
    )
    return cycle


def agree_plan(cycle: SupportCycle, by: User) -> SupportCycle:
    return services.plan_record_agreement(
        cycle=cycle,
        parents_agreed_on=timezone.localdate(),
        parents_agreed_how="At the planning meeting",
        pupil_agreed_on=None,
        pupil_agreed_how="",
        by=by,
    )


def rate_and_decide(cycle: SupportCycle, by: User, *, rating: str = "partly", decision: str = "another_cycle") -> None:
    """Everything a review needs before the cycle closes: ratings, impact, the pupil's views and the decision."""
    services.voice_add(
        cycle=cycle,
        whose=Voice.Whose.PUPIL,
        stage=Voice.Stage.REVIEW,
        method="key_adult",
        given_by="",
        views="I can read more words now",
        gathered_on=timezone.localdate(),
        by=by,
    )
    for planned in cycle.provisions.filter(archived_at__isnull=True):
        services.provision_record_impact(planned=planned, impact="some", notes="", by=by)
    for outcome in cycle.outcomes.filter(archived_at__isnull=True):
        services.outcome_rate(
            outcome=outcome, rating=rating, measured_value="5 errors a page", evidence="Running records", by=by
        )
    services.review_update(
        cycle=cycle,
        data={
            "reviewed_on": timezone.localdate(),
            "staff_views": "Growing in confidence",
            "decision": decision,
            "decision_notes": "Progress, but not yet at the target",
            "what_works": "Short daily practice with a familiar adult",
            "what_doesnt": "Reading aloud in front of the class",
        },
        by=by,
    )


def cycle_at(state: str, pupil: Pupil, by: User) -> SupportCycle:
    """A cycle moved through the real services to `state`, each stage's work done."""
    cycle = start_cycle(pupil, by)
    order = [CycleState.PLAN, CycleState.DO, CycleState.REVIEW, CycleState.CLOSED]
    if state == CycleState.ASSESS:
        return cycle
    services.cycle_update_needs(cycle=cycle, needs_summary="Phonics gaps; slow processing of print", by=by)
    services.voice_add(
        cycle=cycle,
        whose=Voice.Whose.PUPIL,
        stage=Voice.Stage.ASSESS,
        method="three_wishes",
        given_by="",
        views="I want to read my brother's comics",
        gathered_on=timezone.localdate(),
        by=by,
    )
    for step in order:
        if step == CycleState.DO:
            prepare_plan(cycle, by)
            agree_plan(cycle, by)
        if step == CycleState.CLOSED:
            rate_and_decide(cycle, by)
        cycle = services.cycle_move(cycle=cycle, to_state=step, by=by)
        if step == state:
            break
    return cycle
