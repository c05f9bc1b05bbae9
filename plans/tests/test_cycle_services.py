from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from plans.models import TRANSITIONS, CycleState, CycleTransition, Outcome, ProgressNote, SupportCycle, Voice
from plans.services import cycles as services
from plans.tests.factories import (
    OUTCOME,
    TERM_TIME,
    add_outcome,
    agree_plan,
    cycle_at,
    prepare_plan,
    rate_and_decide,
    start_cycle,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_term():
    with time_machine.travel(TERM_TIME, tick=False):
        yield


@pytest.fixture
def sendco(in_term, cast):
    return cast["sendco"]


def ready_for_every_move(cycle: SupportCycle, by) -> None:
    """Satisfy every stage's checks, so the only thing that decides a move is the map of transitions."""
    SupportCycle.objects.filter(pk=cycle.pk).update(state=CycleState.PLAN)
    cycle.refresh_from_db()
    prepare_plan(cycle, by)
    agree_plan(cycle, by)
    SupportCycle.objects.filter(pk=cycle.pk).update(
        needs_summary="Needs", reviewed_on=timezone.localdate(), decision="another_cycle", decision_notes="Why"
    )
    Outcome.objects.filter(cycle=cycle).update(rating="achieved", measured_value="2", evidence="Seen")
    Voice.objects.create(
        cycle=cycle,
        whose="parent",
        stage="review",
        method="conversation",
        views="Happier",
        gathered_on=cycle.started_on,
        gathered_by=by,
    )


ALL_STATES = list(CycleState.values)


@pytest.mark.parametrize("from_state", ALL_STATES)
@pytest.mark.parametrize("to_state", ALL_STATES)
def test_every_move_of_the_state_machine_is_allowed_or_refused_by_the_map(sendco, cast, from_state, to_state):
    cycle = start_cycle(cast.pupil, sendco)
    ready_for_every_move(cycle, sendco)
    SupportCycle.objects.filter(pk=cycle.pk).update(state=from_state)
    cycle.refresh_from_db()
    allowed = to_state in TRANSITIONS[from_state]
    if allowed:
        moved = services.cycle_move(cycle=cycle, to_state=to_state, by=sendco)
        assert moved.state == to_state
        last = CycleTransition.objects.filter(cycle=cycle).latest("id")
        assert (last.from_state, last.to_state, last.by) == (from_state, to_state, sendco)
    else:
        with pytest.raises(ValidationError):
            services.cycle_move(cycle=cycle, to_state=to_state, by=sendco)
        cycle.refresh_from_db()
        assert cycle.state == from_state
        assert CycleTransition.objects.filter(cycle=cycle).count() == 1  # only the start


def test_the_map_allows_exactly_the_forward_moves_and_going_back_from_plan_to_assess():
    allowed = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert allowed == {
        ("assess", "plan"),
        ("plan", "do"),
        ("plan", "assess"),
        ("do", "review"),
        ("review", "closed"),
    }


def test_a_review_before_a_plan_is_refused_with_a_message_that_says_what_to_do(sendco, cast):
    cycle = start_cycle(cast.pupil, sendco)
    with pytest.raises(ValidationError) as error:
        services.cycle_move(cycle=cycle, to_state=CycleState.REVIEW, by=sendco)
    assert "agree the plan and start Do first" in error.value.messages[0]


def test_planning_needs_the_summary_of_needs(sendco, cast):
    cycle = start_cycle(cast.pupil, sendco)
    with pytest.raises(ValidationError, match="summary of needs"):
        services.cycle_move(cycle=cycle, to_state=CycleState.PLAN, by=sendco)


def test_do_needs_outcomes_a_review_date_and_the_parents_agreement(sendco, cast):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    with pytest.raises(ValidationError) as error:
        services.cycle_move(cycle=cycle, to_state=CycleState.DO, by=sendco)
    assert error.value.messages == [
        "Add at least one outcome to the plan.",
        "Set the review date.",
        "Record when and how the parents agreed the plan.",
    ]


def test_closing_needs_every_outcome_rated_the_review_date_and_a_decision(sendco, cast):
    cycle = cycle_at(CycleState.REVIEW, cast.pupil, sendco)
    with pytest.raises(ValidationError) as error:
        services.cycle_move(cycle=cycle, to_state=CycleState.CLOSED, by=sendco)
    assert error.value.messages == [
        "Rate every outcome: 1 not rated yet.",
        "Record the date of the review.",
        "Record the decision at review.",
        "Add the views of the pupil or the parents at review.",
    ]


def test_a_full_cycle_records_who_moved_it_and_when_and_audits_each_move(sendco, cast):
    cycle = cycle_at(CycleState.CLOSED, cast.pupil, sendco)
    moves = list(CycleTransition.objects.filter(cycle=cycle).values_list("from_state", "to_state"))
    assert moves == [("", "assess"), ("assess", "plan"), ("plan", "do"), ("do", "review"), ("review", "closed")]
    assert cycle.closed_on == timezone.localdate()
    events = AuditEvent.objects.filter(object_type="plans.cycle", object_id=str(cycle.uid), action="update")
    moved_to = [event.detail["to"] for event in events.order_by("id") if "to" in event.detail]
    assert moved_to == ["plan", "do", "review", "closed"]


def test_a_pupil_has_one_open_cycle_at_a_time(sendco, cast):
    start_cycle(cast.pupil, sendco)
    with pytest.raises(ValidationError, match="still open"):
        start_cycle(cast.pupil, sendco)
    assert SupportCycle.objects.filter(pupil=cast.pupil).count() == 1


def test_a_pupil_of_concern_not_on_the_register_can_have_a_cycle(sendco, cast):
    from tests.cast import make_pupil

    pupil = make_pupil(cast.school, forename="Dan", surname="Evans")
    assert pupil.sen_status == "N"
    cycle = start_cycle(pupil, sendco)
    assert (cycle.number, cycle.state) == (1, CycleState.ASSESS)


def test_the_next_cycle_carries_unmet_outcomes_and_what_was_learned(sendco, cast):
    first = start_cycle(cast.pupil, sendco, days_ago=40)
    services.cycle_update_needs(cycle=first, needs_summary="Phonics", by=sendco)
    services.cycle_move(cycle=first, to_state=CycleState.PLAN, by=sendco)
    met = add_outcome(first, sendco, description="Know all phase 3 sounds")
    unmet = add_outcome(first, sendco)
    prepare_plan(first, sendco)
    agree_plan(first, sendco)
    services.cycle_move(cycle=first, to_state=CycleState.DO, by=sendco)
    services.cycle_move(cycle=first, to_state=CycleState.REVIEW, by=sendco)
    rate_and_decide(first, sendco, rating="partly")
    services.outcome_rate(outcome=met, rating="achieved", measured_value="All 44", evidence="Check", by=sendco)
    services.cycle_move(cycle=first, to_state=CycleState.CLOSED, by=sendco)

    second = start_cycle(cast.pupil, sendco, days_ago=0)

    assert (second.number, second.previous) == (2, first)
    carried = list(second.outcomes.all())
    assert [outcome.carried_from for outcome in carried] == [unmet]
    assert carried[0].baseline == "5 errors a page"  # where the last review measured the pupil
    assert carried[0].success_criteria == OUTCOME["success_criteria"]
    assert second.what_works == "Short daily practice with a familiar adult"
    assert second.what_doesnt == "Reading aloud in front of the class"
    event = AuditEvent.objects.get(object_type="plans.cycle", object_id=str(second.uid), action="create")
    assert event.detail == {"number": 2, "carried_outcomes": 1}


def test_a_start_date_in_the_future_is_refused_and_nothing_is_saved(sendco, cast):
    with pytest.raises(ValidationError) as error:
        services.cycle_start(
            pupil=cast.pupil, concern="Reading", started_on=timezone.localdate() + dt.timedelta(days=1), by=sendco
        )
    assert "future" in error.value.message_dict["started_on"][0]
    assert not SupportCycle.objects.exists()
    assert not CycleTransition.objects.exists()


def test_an_outcome_without_success_criteria_is_refused_and_nothing_is_saved(sendco, cast):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    version = cycle.plan_version
    with pytest.raises(ValidationError) as error:
        add_outcome(cycle, sendco, success_criteria="  ")
    assert "success criteria" in error.value.message_dict["success_criteria"][0]
    assert not Outcome.objects.filter(cycle=cycle).exists()
    cycle.refresh_from_db()
    assert cycle.plan_version == version


def _plan(cycle, by, **data):
    cycle.refresh_from_db()
    values = {"review_due_on": None, "review_date_reason": "", "parents_at_home": ""}
    values.update(data)
    return services.plan_update(cycle=cycle, based_on=cycle.plan_version, data=values, by=by)


def test_a_review_date_before_the_start_is_refused(sendco, cast):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    with pytest.raises(ValidationError) as error:
        _plan(cycle, sendco, review_due_on=cycle.started_on - dt.timedelta(days=1))
    assert "on or after the day the cycle started" in error.value.message_dict["review_due_on"][0]
    cycle.refresh_from_db()
    assert cycle.review_due_on is None


def test_a_review_date_past_the_end_of_term_needs_a_reason(sendco, cast):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    after_term = dt.date(2027, 1, 11)  # a Monday in the spring term; the autumn term ends on 19 December
    with pytest.raises(ValidationError) as error:
        _plan(cycle, sendco, review_due_on=after_term)
    assert "give the reason" in error.value.message_dict["review_date_reason"][0]
    saved = _plan(cycle, sendco, review_due_on=after_term, review_date_reason="The specialist visits in January")
    assert saved.review_due_on == after_term


@pytest.mark.parametrize(
    ("day", "message"), [(dt.date(2026, 12, 5), "a Saturday"), (dt.date(2026, 12, 25), "a bank holiday")]
)
def test_a_review_date_must_be_a_school_day(sendco, cast, day, message):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    with pytest.raises(ValidationError) as error:
        _plan(cycle, sendco, review_due_on=day, review_date_reason="Late")
    assert message in error.value.message_dict["review_due_on"][0]


def test_the_suggested_review_date_is_six_weeks_on_but_within_the_term(sendco, cast):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    # Six weeks after 16 November is 28 December, after the term ends on Saturday 19 December.
    assert services.suggested_review_date(cycle, today=timezone.localdate()) == dt.date(2026, 12, 18)


def test_a_second_save_based_on_an_older_version_is_refused_and_changes_nothing(sendco, cast):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    teacher = cast["teacher"]
    opened_by_both = cycle.plan_version
    first = {"review_due_on": dt.date(2026, 12, 14), "review_date_reason": "", "parents_at_home": "Reading"}
    services.plan_update(cycle=cycle, based_on=opened_by_both, data=first, by=teacher)
    second = {"review_due_on": dt.date(2026, 12, 15), "review_date_reason": "", "parents_at_home": "Games"}
    with pytest.raises(services.StaleEdit) as stale:
        services.plan_update(cycle=cycle, based_on=opened_by_both, data=second, by=sendco)
    assert stale.value.changed_by == teacher.full_name
    cycle.refresh_from_db()
    assert (cycle.review_due_on, cycle.parents_at_home) == (dt.date(2026, 12, 14), "Reading")


def test_two_edits_of_one_outcome_conflict_but_edits_of_different_outcomes_do_not(sendco, cast):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    one, two = add_outcome(cycle, sendco), add_outcome(cycle, sendco)
    services.outcome_update(outcome=one, based_on=0, data={**OUTCOME, "baseline": "7 errors"}, by=sendco)
    services.outcome_update(outcome=two, based_on=0, data={**OUTCOME, "baseline": "6 errors"}, by=cast["teacher"])
    with pytest.raises(services.StaleEdit):
        services.outcome_update(outcome=one, based_on=0, data={**OUTCOME, "baseline": "9 errors"}, by=cast["teacher"])
    one.refresh_from_db()
    assert (one.baseline, one.version) == ("7 errors", 1)


def test_the_plan_cannot_change_once_it_is_in_practice(sendco, cast):
    cycle = cycle_at(CycleState.DO, cast.pupil, sendco)
    with pytest.raises(ValidationError, match="Changing the plan happens at Assess or Plan"):
        add_outcome(cycle, sendco)


def test_missed_provision_needs_the_provision_and_the_reason(sendco, cast):
    cycle = cycle_at(CycleState.DO, cast.pupil, sendco)
    with pytest.raises(ValidationError) as error:
        services.note_add(
            cycle=cycle,
            kind=ProgressNote.Kind.MISSED,
            text="No session",
            noted_on=timezone.localdate(),
            outcome=None,
            provision=None,
            reason="",
            by=cast["ta"],
        )
    assert set(error.value.message_dict) == {"provision", "reason"}
    assert not ProgressNote.objects.exists()


def test_a_note_dated_in_the_future_is_refused(sendco, cast):
    cycle = cycle_at(CycleState.DO, cast.pupil, sendco)
    with pytest.raises(ValidationError) as error:
        services.note_add(
            cycle=cycle,
            kind=ProgressNote.Kind.NOTE,
            text="Read well",
            noted_on=timezone.localdate() + dt.timedelta(days=1),
            outcome=None,
            provision=None,
            reason="",
            by=cast["ta"],
        )
    assert "future" in error.value.message_dict["noted_on"][0]


def test_outcomes_are_rated_only_at_review_and_need_evidence(sendco, cast):
    cycle = cycle_at(CycleState.DO, cast.pupil, sendco)
    outcome = cycle.outcomes.get()
    with pytest.raises(ValidationError, match="Rating outcomes happens at Review"):
        services.outcome_rate(outcome=outcome, rating="achieved", measured_value="2", evidence="Seen", by=sendco)
    services.cycle_move(cycle=cycle, to_state=CycleState.REVIEW, by=sendco)
    with pytest.raises(ValidationError) as error:
        services.outcome_rate(outcome=outcome, rating="achieved", measured_value="", evidence="", by=sendco)
    assert set(error.value.message_dict) == {"measured_value", "evidence"}


def test_a_decision_needs_its_reason(sendco, cast):
    cycle = cycle_at(CycleState.REVIEW, cast.pupil, sendco)
    with pytest.raises(ValidationError) as error:
        services.review_update(cycle=cycle, data={"decision": "ehc_request", "decision_notes": ""}, by=sendco)
    assert "decision_notes" in error.value.message_dict
    cycle.refresh_from_db()
    assert cycle.decision == ""


def test_views_are_stored_with_method_date_and_who_gathered_them(sendco, cast):
    cycle = start_cycle(cast.pupil, sendco)
    voice = services.voice_add(
        cycle=cycle,
        whose=Voice.Whose.PARENT,
        stage=Voice.Stage.ASSESS,
        method="good_bad_day",
        given_by="Mum",
        views="A good day starts with a calm morning",
        gathered_on=timezone.localdate(),
        by=cast["teacher"],
    )
    assert (voice.method, voice.given_by, voice.gathered_by) == ("good_bad_day", "Mum", cast["teacher"])
    event = AuditEvent.objects.get(object_type="plans.voice", object_id=str(voice.uid))
    assert "calm" not in str(event.detail)  # no personal words in the audit trail


def test_sharing_a_plan_needs_the_parents_agreement_first(sendco, cast):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    with pytest.raises(ValidationError, match="agreement"):
        services.plan_share_with_parents(cycle=cycle, shared_on=timezone.localdate(), by=sendco)
    prepare_plan(cycle, sendco)
    agree_plan(cycle, sendco)
    shared = services.plan_share_with_parents(cycle=cycle, shared_on=timezone.localdate(), by=sendco)
    assert shared.plan_shared_with_parents_on == timezone.localdate()


def test_a_plan_written_after_the_last_school_day_of_term_is_reviewed_in_the_next_term(cast):
    with time_machine.travel("2026-12-19 10:00:00+00:00", tick=False):  # a Saturday, the autumn term's last day
        sendco = cast["sendco"]
        cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
        suggested = services.suggested_review_date(cycle, today=timezone.localdate())
        assert suggested == dt.date(2027, 2, 1)
        saved = _plan(cycle, sendco, review_due_on=suggested)  # within the spring term: no reason needed
        assert saved.review_due_on == suggested


def test_removing_an_outcome_keeps_it_archived_and_changes_the_plan_version(sendco, cast):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    outcome = add_outcome(cycle, sendco)
    cycle.refresh_from_db()
    version = cycle.plan_version
    services.outcome_archive(outcome=outcome, by=sendco)
    outcome.refresh_from_db()
    cycle.refresh_from_db()
    assert outcome.archived_at is not None
    assert cycle.plan_version == version + 1
    assert AuditEvent.objects.filter(action="archive", object_type="plans.outcome", object_id=str(outcome.uid)).exists()
    with pytest.raises(ValidationError, match="Add at least one outcome"):  # the plan has none left
        services.cycle_move(cycle=cycle, to_state=CycleState.DO, by=sendco)


def _intervention_data(cycle, intervention, group=None):
    return {
        "kind": "intervention",
        "description": "Precision teaching for phonics",
        "delivered_by": "Teaching assistant",
        "frequency": "Twice a week, 30 minutes",
        "sessions_per_week": 2,
        "minutes_per_session": 30,
        "starts_on": timezone.localdate(),
        "ends_on": None,
        "intervention": intervention,
        "group": group,
        "outcomes": list(cycle.outcomes.all()),
    }


def test_an_intervention_from_the_catalogue_puts_the_pupil_in_a_group(sendco, cast):
    from provision.models import Place
    from provision.tests.helpers import make_group, make_intervention

    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    intervention = make_intervention(cast.school, sendco)
    planned = services.provision_add(cycle=cycle, data=_intervention_data(cycle, intervention), by=sendco)
    assert not Place.objects.exists()  # not before the plan is agreed and in practice
    prepare_plan(cycle, sendco)
    agree_plan(cycle, sendco)
    services.cycle_move(cycle=cycle, to_state=CycleState.DO, by=sendco)
    planned.refresh_from_db()
    assert planned.group is not None
    assert planned.group.intervention == intervention
    assert Place.objects.filter(group=planned.group, pupil=cast.pupil, ended_on__isnull=True).exists()

    group = make_group(cast.school, sendco, intervention=intervention, starts_on=timezone.localdate())
    other = cycle_at(CycleState.PLAN, cast.untaught_pupil, sendco)
    chosen = services.provision_add(cycle=other, data=_intervention_data(other, intervention, group), by=sendco)
    prepare_plan(other, sendco)
    agree_plan(other, sendco)
    services.cycle_move(cycle=other, to_state=CycleState.DO, by=sendco)
    assert chosen.group == group
    assert Place.objects.filter(group=group, pupil=cast.untaught_pupil).exists()


def test_going_back_to_quality_first_teaching_ends_the_plans_group_places(sendco, cast):
    from provision.models import Place
    from provision.tests.helpers import make_intervention

    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    intervention = make_intervention(cast.school, sendco)
    services.provision_add(cycle=cycle, data=_intervention_data(cycle, intervention), by=sendco)
    prepare_plan(cycle, sendco)
    agree_plan(cycle, sendco)
    services.cycle_move(cycle=cycle, to_state=CycleState.DO, by=sendco)
    services.cycle_move(cycle=cycle, to_state=CycleState.REVIEW, by=sendco)
    rate_and_decide(cycle, sendco, decision="quality_first")
    with time_machine.travel(dt.timedelta(days=3)):
        services.cycle_move(cycle=cycle, to_state=CycleState.CLOSED, by=sendco)
        place = Place.objects.get(pupil=cast.pupil)
        assert place.ended_on == timezone.localdate()


def test_an_adjustment_from_the_catalogue_gives_no_group_place(sendco, cast):
    from provision.models import Place
    from provision.tests.helpers import make_intervention

    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    aid = make_intervention(cast.school, sendco, name="Coloured overlay", kind="resource")
    services.provision_add(cycle=cycle, data=_intervention_data(cycle, aid), by=sendco)
    prepare_plan(cycle, sendco)
    agree_plan(cycle, sendco)
    services.cycle_move(cycle=cycle, to_state=CycleState.DO, by=sendco)
    assert not Place.objects.exists()


def test_changing_an_agreed_plan_asks_for_agreement_again(sendco, cast):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    prepare_plan(cycle, sendco)
    agree_plan(cycle, sendco)
    services.plan_share_with_parents(cycle=cycle, shared_on=timezone.localdate(), by=sendco)
    add_outcome(cycle, sendco, description="Take turns in a game")
    cycle.refresh_from_db()
    assert (cycle.parents_agreed_on, cycle.plan_shared_with_parents_on) == (None, None)
    with pytest.raises(ValidationError, match="parents agreed"):
        services.cycle_move(cycle=cycle, to_state=CycleState.DO, by=sendco)


def test_agreement_needs_outcomes_to_agree_to(sendco, cast):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    with pytest.raises(ValidationError, match="outcomes before recording agreement"):
        agree_plan(cycle, sendco)


def test_the_review_of_a_plan_in_practice_can_move_with_a_reason(sendco, cast):
    cycle = cycle_at(CycleState.DO, cast.pupil, sendco)
    agreed = cycle.parents_agreed_on
    with pytest.raises(ValidationError) as error:
        services.review_reschedule(cycle=cycle, review_due_on=dt.date(2026, 12, 16), reason="", by=sendco)
    assert "reason" in error.value.message_dict
    moved = services.review_reschedule(
        cycle=cycle, review_due_on=dt.date(2026, 12, 16), reason="Mum is in hospital until then", by=sendco
    )
    assert (moved.review_due_on, moved.parents_agreed_on) == (dt.date(2026, 12, 16), agreed)
    with pytest.raises(ValidationError, match="Moving the review date happens at Do or Review"):
        services.review_reschedule(
            cycle=cycle_at(CycleState.PLAN, cast.untaught_pupil, sendco),
            review_due_on=dt.date(2026, 12, 16),
            reason="Illness",
            by=sendco,
        )


def test_closing_needs_the_impact_of_every_provision(sendco, cast):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    services.provision_add(
        cycle=cycle,
        data={
            "kind": "adjustment",
            "description": "Visual timetable",
            "delivered_by": "Class teacher",
            "frequency": "Daily",
            "starts_on": timezone.localdate(),
        },
        by=sendco,
    )
    prepare_plan(cycle, sendco)
    agree_plan(cycle, sendco)
    services.cycle_move(cycle=cycle, to_state=CycleState.DO, by=sendco)
    cycle = services.cycle_move(cycle=cycle, to_state=CycleState.REVIEW, by=sendco)
    assert "Record the impact of every adjustment and intervention: 1 not recorded yet." in services.move_problems(
        cycle, CycleState.CLOSED
    )


def test_a_group_of_another_intervention_is_refused(sendco, cast):
    from provision.tests.helpers import make_group, make_intervention

    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    reading = make_intervention(cast.school, sendco)
    nurture = make_intervention(cast.school, sendco, name="Nurture group", area="Social, emotional and mental health")
    group = make_group(cast.school, sendco, intervention=nurture, starts_on=timezone.localdate())
    with pytest.raises(ValidationError) as error:
        services.provision_add(cycle=cycle, data=_intervention_data(cycle, reading, group), by=sendco)
    assert "group" in error.value.message_dict
    assert not cycle.provisions.exists()
