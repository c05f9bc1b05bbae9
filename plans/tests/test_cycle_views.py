from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from plans.models import CycleState, Outcome, ProgressNote, SupportCycle, Voice
from plans.tests.factories import OUTCOME, TERM_TIME, add_outcome, cycle_at, start_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_term():
    with time_machine.travel(TERM_TIME, tick=False):
        yield


@pytest.fixture
def sendco(in_term, cast):
    return cast["sendco"]


def cycle_url(cycle, name="plans:cycle"):
    return reverse(name, args=[cycle.uid])


def test_the_sendco_walks_a_cycle_from_assess_to_the_start_of_the_next(sendco, cast, client_for):
    client = client_for("sendco")
    today = timezone.localdate()
    response = client.post(
        reverse("plans:cycle_start", args=[cast.pupil.uid]),
        {"concern": "Reading is behind", "started_on": today.isoformat()},
    )
    cycle = SupportCycle.objects.get(pupil=cast.pupil)
    assert response.status_code == 302
    assert response["Location"] == cycle_url(cycle)

    client.post(cycle_url(cycle, "plans:needs_edit"), {"needs_summary": "Phonics gaps"})
    client.post(
        reverse("plans:voice_add", args=[cycle.uid, "assess"]),
        {"whose": "pupil", "method": "three_wishes", "views": "Read comics", "gathered_on": today.isoformat()},
    )
    assert client.post(cycle_url(cycle, "plans:cycle_move"), {"to_state": "plan"}).status_code == 302
    client.post(cycle_url(cycle, "plans:outcome_add"), {**OUTCOME, "based_on": 0})
    plan_page = client.get(cycle_url(cycle, "plans:plan_edit"))
    suggested = plan_page.context["form"].initial["review_due_on"]
    cycle.refresh_from_db()
    client.post(
        cycle_url(cycle, "plans:plan_edit"),
        {"based_on": cycle.plan_version, "review_due_on": suggested.isoformat(), "parents_at_home": "Read nightly"},
    )
    client.post(
        cycle_url(cycle, "plans:agreement"),
        {"parents_agreed_on": today.isoformat(), "parents_agreed_how": "At the planning meeting"},
    )
    assert client.post(cycle_url(cycle, "plans:cycle_move"), {"to_state": "do"}).status_code == 302
    outcome = Outcome.objects.get(cycle=cycle)
    client_for("ta").post(
        cycle_url(cycle, "plans:note_add"),
        {"kind": "evidence", "outcome": outcome.pk, "text": "Read 2 pages", "noted_on": today.isoformat()},
    )
    assert client.post(cycle_url(cycle, "plans:cycle_move"), {"to_state": "review"}).status_code == 302
    client.post(
        reverse("plans:outcome_rate", args=[outcome.uid]),
        {"rating": "partly", "measured_value": "5 errors", "evidence": "Running record"},
    )
    client.post(
        cycle_url(cycle, "plans:review_edit"),
        {
            "reviewed_on": today.isoformat(),
            "decision": "another_cycle",
            "decision_notes": "Keep going",
            "what_works": "Daily practice",
        },
    )
    client.post(
        reverse("plans:voice_add", args=[cycle.uid, "review"]),
        {"whose": "parent", "method": "conversation", "views": "Happier", "gathered_on": today.isoformat()},
    )
    assert client.post(cycle_url(cycle, "plans:cycle_move"), {"to_state": "closed"}).status_code == 302
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED

    start_page = client.get(reverse("plans:cycle_start", args=[cast.pupil.uid]))
    assert start_page.context["form"].initial["concern"] == "At review of cycle 1: Keep going"
    assert [o.pk for o in start_page.context["carried"]] == [outcome.pk]
    client.post(
        reverse("plans:cycle_start", args=[cast.pupil.uid]), {"concern": "Next", "started_on": today.isoformat()}
    )
    second = SupportCycle.objects.get(pupil=cast.pupil, number=2)
    page = client.get(cycle_url(second))
    assert page.status_code == 200
    assert [c.pk for c in page.context["detail"].thread] == [cycle.pk]
    assert page.context["detail"].outcomes[0].carried_from_id == outcome.pk
    assert b"What earlier cycles learned" in page.content
    assert b"Daily practice" in page.content
    assert ProgressNote.objects.get().author == cast["ta"]


def test_a_refused_move_shows_what_to_do_and_changes_nothing(sendco, cast, client_for):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    response = client_for("sendco").post(cycle_url(cycle, "plans:cycle_move"), {"to_state": "do"})
    assert response.status_code == 200
    assert "Add at least one outcome to the plan." in response.context["move_errors"]
    assert b"There is a problem" in response.content
    cycle.refresh_from_db()
    assert cycle.state == CycleState.PLAN


def test_a_review_asked_for_before_the_plan_is_refused(sendco, cast, client_for):
    cycle = start_cycle(cast.pupil, sendco)
    response = client_for("sendco").post(cycle_url(cycle, "plans:cycle_move"), {"to_state": "review"})
    assert "agree the plan and start Do first" in response.context["move_errors"][0]


def test_an_outcome_without_success_criteria_gets_a_message_and_nothing_is_saved(sendco, cast, client_for):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    response = client_for("teacher").post(
        cycle_url(cycle, "plans:outcome_add"), {**OUTCOME, "success_criteria": "", "based_on": 0}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["success_criteria"] == [
        "Say how you will know the outcome has been achieved: an outcome needs success criteria"
    ]
    assert not Outcome.objects.filter(cycle=cycle).exists()


def test_a_stale_save_is_refused_shows_what_changed_and_keeps_what_was_typed(sendco, cast, client_for):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    outcome = add_outcome(cycle, sendco)
    url = reverse("plans:outcome_edit", args=[outcome.uid])
    teacher, head_of = client_for("teacher"), client_for("sendco")
    assert teacher.get(url).context["form"].initial["based_on"] == 0
    head_of.post(url, {**OUTCOME, "baseline": "7 errors a page", "based_on": 0})

    response = teacher.post(url, {**OUTCOME, "baseline": "9 errors a page", "based_on": 0})

    assert response.status_code == 409
    conflict = response.context["conflict"]
    assert conflict["by"] == sendco.full_name
    assert {"label": "Baseline", "saved": "7 errors a page", "yours": "9 errors a page"} in conflict["rows"]
    assert b'value="9 errors a page"' in response.content  # nothing typed is lost
    assert b'name="based_on" value="1"' in response.content  # saving again is a knowing overwrite
    outcome.refresh_from_db()
    assert outcome.baseline == "7 errors a page"
    again = teacher.post(url, {**OUTCOME, "baseline": "9 errors a page", "based_on": 1})
    assert again.status_code == 302
    outcome.refresh_from_db()
    assert outcome.baseline == "9 errors a page"


def test_a_teacher_of_another_class_cannot_see_the_plan(sendco, cast, client_for):
    cycle = start_cycle(cast.untaught_pupil, sendco)
    assert client_for("teacher").get(cycle_url(cycle)).status_code == 404
    assert client_for("ta").get(cycle_url(cycle)).status_code == 404
    assert client_for("head").get(cycle_url(cycle)).status_code == 200


def test_a_parent_never_reaches_the_staff_pages_of_a_cycle(sendco, cast, client_for):
    cycle = cycle_at(CycleState.DO, cast.pupil, sendco)
    parent = client_for("parent")
    assert parent.get(cycle_url(cycle)).status_code == 404
    assert parent.get(cycle_url(cycle, "plans:note_add")).status_code == 404
    assert parent.get(reverse("plans:cycle_start", args=[cast.pupil.uid])).status_code == 403


def test_a_teaching_assistant_adds_notes_but_does_not_change_the_plan(sendco, cast, client_for):
    cycle = cycle_at(CycleState.DO, cast.pupil, sendco)
    ta = client_for("ta")
    assert ta.get(cycle_url(cycle, "plans:note_add")).status_code == 200
    assert ta.get(cycle_url(cycle, "plans:outcome_add")).status_code == 403
    page = ta.get(cycle_url(cycle))
    assert page.context["can_note"] is True
    assert page.context["can_plan"] is False
    assert page.context["moves"] == []


def test_only_the_sendco_is_offered_closing_the_cycle(sendco, cast, client_for):
    cycle = cycle_at(CycleState.REVIEW, cast.pupil, sendco)
    assert [move["to_state"] for move in client_for("sendco").get(cycle_url(cycle)).context["moves"]] == ["closed"]
    assert client_for("teacher").get(cycle_url(cycle)).context["moves"] == []
    assert client_for("teacher").post(cycle_url(cycle, "plans:cycle_move"), {"to_state": "closed"}).status_code == 403


def test_reading_a_cycle_is_audited_against_the_pupil(sendco, cast, client_for):
    cycle = start_cycle(cast.pupil, sendco)
    client_for("teacher").get(cycle_url(cycle))
    event = AuditEvent.objects.filter(action="view", object_type="plans.cycle").latest("id")
    assert (event.actor, event.pupil, event.object_id) == (cast["teacher"], cast.pupil, str(cycle.uid))


def _grow(cycle, by, count):
    for _ in range(count):
        add_outcome(cycle, by)


def test_the_cycle_page_takes_the_same_number_of_queries_however_much_is_on_it(
    sendco, cast, client_for, django_assert_num_queries
):
    small = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    big = cycle_at(CycleState.PLAN, cast.untaught_pupil, sendco)
    _grow(small, sendco, 1)
    _grow(big, sendco, 6)
    for _ in range(5):
        Voice.objects.create(
            cycle=big,
            whose="parent",
            stage="assess",
            method="conversation",
            views="Fine",
            gathered_on=big.started_on,
            gathered_by=sendco,
        )
    client = client_for("sendco")
    client.get(cycle_url(small))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        assert client.get(cycle_url(small)).status_code == 200
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(cycle_url(big)).status_code == 200
    # Session and user, the cycle, memberships, the audit row, the cycle's eight reads, and the session saved in a
    # transaction (three statements).
    assert len(first.captured_queries) == 16


def test_the_plan_form_suggests_a_review_date_within_the_term(sendco, cast, client_for):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    form = client_for("sendco").get(cycle_url(cycle, "plans:plan_edit")).context["form"]
    assert form.initial["review_due_on"] == dt.date(2026, 12, 18)


def test_the_record_offers_a_cycle_and_lists_the_cycles(sendco, cast, client_for):
    record = reverse("pupils:record", args=[cast.pupil.uid])
    assert client_for("teacher").get(record).context["can_start_cycle"] is True
    cycle = start_cycle(cast.pupil, sendco)
    page = client_for("teacher").get(record)
    assert page.context["can_start_cycle"] is False  # one open cycle at a time
    assert [row.cycle for row in page.context["cycles"]] == [cycle]
    assert client_for("parent").get(record).context["cycles"] == []


def test_my_pupils_shows_the_plan_in_force_to_the_teaching_assistant(sendco, cast, client_for):
    cycle = cycle_at(CycleState.DO, cast.pupil, sendco)
    page = client_for("ta").get(reverse("pupils:my_pupils"))
    pupil = next(p for p in page.context["pupils"] if p.pk == cast.pupil.pk)
    assert (pupil.plan.uid, pupil.plan.url) == (cycle.uid, cycle_url(cycle))
    assert OUTCOME["description"].encode() in page.content


def test_a_teacher_who_is_also_a_parent_sees_their_own_untaught_child_only_as_a_parent(sendco, cast, client_for):
    from pupils.models import ParentLink

    child = cast.untaught_pupil
    ParentLink.objects.create(parent=cast["teacher"], pupil=child, relationship="father", started_on=child.created_at)
    cycle = start_cycle(child, sendco)
    teacher = client_for("teacher")
    assert teacher.get(cycle_url(cycle)).status_code == 404
    assert teacher.get(reverse("plans:pupil_meetings", args=[child.uid])).status_code == 404
    record = teacher.get(reverse("pupils:record", args=[child.uid]))
    assert record.status_code == 200
    assert record.context["is_staff"] is False
    assert record.context["cycles"] == []


def test_the_teaching_assistant_who_runs_a_pupils_intervention_sees_the_plan_and_adds_notes(sendco, cast, client_for):
    from provision.models import Place
    from provision.tests.helpers import make_group

    pupil = cast.untaught_pupil
    cycle = cycle_at(CycleState.DO, pupil, sendco)
    ta = client_for("ta")
    assert ta.get(cycle_url(cycle)).status_code == 404
    group = make_group(cast.school, sendco, staff=cast["ta"], starts_on=cycle.started_on)
    Place.objects.create(group=group, pupil=pupil, started_on=cycle.started_on, created_by=sendco)
    assert ta.get(cycle_url(cycle)).status_code == 200
    assert ta.get(cycle_url(cycle, "plans:note_add")).status_code == 200
    page = ta.get(reverse("pupils:my_pupils"))
    assert pupil.pk in [p.pk for p in page.context["pupils"]]


def test_only_the_sendco_records_the_decision_at_review(sendco, cast, client_for):
    cycle = cycle_at(CycleState.REVIEW, cast.pupil, sendco)
    url = cycle_url(cycle, "plans:review_edit")
    assert "decision" not in client_for("teacher").get(url).context["form"].fields
    client_for("teacher").post(
        url, {"reviewed_on": "2026-11-16", "decision": "ehc_request", "decision_notes": "x", "staff_views": "Calmer"}
    )
    cycle.refresh_from_db()
    assert (cycle.decision, cycle.staff_views) == ("", "Calmer")
    assert "decision" in client_for("sendco").get(url).context["form"].fields


def test_a_removed_outcome_can_no_longer_be_changed(sendco, cast, client_for):
    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    outcome = add_outcome(cycle, sendco)
    client = client_for("sendco")
    assert client.post(reverse("plans:outcome_archive", args=[outcome.uid])).status_code == 302
    assert client.get(reverse("plans:outcome_edit", args=[outcome.uid])).status_code == 404
    assert client.post(reverse("plans:outcome_archive", args=[outcome.uid])).status_code == 404


def test_the_plan_form_warns_when_the_school_has_no_term_dates(sendco, cast, client_for):
    from schools.models import Term

    cycle = cycle_at(CycleState.PLAN, cast.pupil, sendco)
    url = cycle_url(cycle, "plans:plan_edit")
    assert "terms_missing" not in client_for("sendco").get(url).context
    Term.objects.filter(school=cast.school).delete()
    assert client_for("sendco").get(url).context["terms_missing"] is True


def test_a_shared_review_tells_the_parents_how_it_went_and_what_happens_next(sendco, cast, client_for):
    from plans.services import cycles as services

    cycle = cycle_at(CycleState.REVIEW, cast.pupil, sendco)
    services.plan_share_with_parents(cycle=cycle, shared_on=timezone.localdate(), by=sendco)
    from plans.tests.factories import rate_and_decide

    rate_and_decide(cycle, sendco)
    cycle = services.cycle_move(cycle=cycle, to_state=CycleState.CLOSED, by=sendco)
    parent = client_for("parent")
    plan_url = reverse("plans:parent_plan", args=[cycle.uid])
    assert b"How it went" not in parent.get(plan_url).content
    response = client_for("sendco").post(
        reverse("plans:review_share", args=[cycle.uid]), {"shared_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    page = parent.get(plan_url)
    assert b"How it went" in page.content
    assert b"Part of the way there" in page.content
    assert b"We will keep going with a new plan" in page.content
    assert b"We will meet with you by" not in page.content


def test_a_review_is_shared_only_once_the_cycle_is_closed(sendco, cast, client_for):
    cycle = cycle_at(CycleState.REVIEW, cast.pupil, sendco)
    response = client_for("sendco").post(
        reverse("plans:review_share", args=[cycle.uid]), {"shared_on": timezone.localdate().isoformat()}
    )
    assert "Sharing the review happens at Closed" in response.context["move_errors"][0]
    cycle.refresh_from_db()
    assert cycle.review_shared_with_parents_on is None
