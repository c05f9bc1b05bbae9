"""The cards of "my pupils" (pupils.selectors.pupils_taught_by): hand-written SQL, so these run on SQLite and on
PostgreSQL (DATABASE_URL), and hold its access rule to the one in pupils.permissions."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.selectors import access_for
from audit.models import AuditEvent
from plans.models import OPEN_STATES, CycleState, SupportCycle
from plans.services import cycles as plan_services
from plans.tests.factories import OUTCOME, TERM_TIME, add_outcome, agree_plan, cycle_at, prepare_plan
from provision.models import Place
from provision.tests.helpers import make_group
from pupils.models import Barrier, GroupMembership, Pupil
from pupils.permissions import intervention_pupil_ids, taught_pupil_ids
from pupils.selectors import BarrierCard, OutcomeLine, ProvisionLine, TaughtPupil, pupils_taught_by
from pupils.services import adjustment_archive, barrier_add, barrier_archive, profile_save_version
from register.models import NeedCode
from schools.models import StaffAssignment, TeachingGroup
from tests.cast import Cast, add_secondary_need, make_pupil, make_user, member, place_on_support

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_term():
    with time_machine.travel(TERM_TIME, tick=False):
        yield


@pytest.fixture
def sendco(in_term, cast: Cast) -> User:
    return cast["sendco"]


def cards(user: User) -> list[TaughtPupil]:
    return pupils_taught_by(user=user, school_ids=access_for(user).group_school_ids)


def by_the_access_rule(user: User) -> list[int]:
    """The pupils the ORM's access helpers give this user (pupils.permissions), with something to show, in the
    page's order: what the hand-written SQL must give."""
    schools = access_for(user).group_school_ids
    return list(
        Pupil.objects.filter(
            Q(pk__in=taught_pupil_ids(user, schools)) | Q(pk__in=intervention_pupil_ids(user, schools)),
            Q(sen_status__in=["K", "E"])
            | Exists(Barrier.objects.filter(pupil=OuterRef("pk"), archived_at__isnull=True))
            | Exists(SupportCycle.objects.filter(pupil=OuterRef("pk"), state__in=OPEN_STATES)),
            school_id__in=schools,
            archived_at__isnull=True,
        )
        .order_by("legal_surname", "legal_forename", "id")
        .values_list("pk", flat=True)
    )


def in_class(pupil: Pupil, group: TeachingGroup, *, started_on: dt.date, ended_on: dt.date | None = None) -> Pupil:
    GroupMembership.objects.create(pupil=pupil, group=group, started_on=started_on, ended_on=ended_on)
    return pupil


def test_a_teacher_has_the_pupils_they_teach_or_whose_intervention_they_run_who_have_something_to_show(sendco, cast):
    today, start = timezone.localdate(), cast.class_group.academic_year.starts_on
    group, school = cast.class_group, cast.school
    in_class(make_pupil(school, forename="Quinn", surname="Quiet"), group, started_on=start)
    concern = in_class(make_pupil(school, forename="Cora", surname="Concern"), group, started_on=start)
    barrier_add(pupil=concern, title="Anxiety", description="", adjustments=[], by=sendco)
    assessed = in_class(make_pupil(school, forename="Asa", surname="Assessed"), group, started_on=start)
    plan_services.cycle_start(pupil=assessed, concern="Reading", started_on=today, by=sendco)
    left = place_on_support(make_pupil(school, forename="Lee", surname="Left"), sendco)
    in_class(left, group, started_on=start, ended_on=today)
    joining = place_on_support(make_pupil(school, forename="Jo", surname="Joining"), sendco)
    in_class(joining, group, started_on=today + dt.timedelta(days=1))
    archived = in_class(
        place_on_support(make_pupil(school, forename="Ari", surname="Archived"), sendco), group, started_on=start
    )
    Pupil.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    # A class the teacher no longer teaches.
    old_class = TeachingGroup.objects.create(
        school=school,
        academic_year=group.academic_year,
        name="5C",
        kind=TeachingGroup.Kind.REGISTRATION,
        year_group="5",
    )
    StaffAssignment.objects.create(
        group=old_class, user=cast["teacher"], role="teacher", started_on=start, ended_on=today
    )
    in_class(place_on_support(make_pupil(school, forename="Olly", surname="Old"), sendco), old_class, started_on=start)
    # The untaught pupil has a place in the teacher's intervention; a place that ended, and a group at a school
    # where the teacher has no role, count for nothing.
    running = make_group(school, sendco, staff=cast["teacher"])
    Place.objects.create(group=running, pupil=cast.untaught_pupil, started_on=start, created_by=sendco)
    ended = place_on_support(make_pupil(school, forename="Ena", surname="Ended"), sendco)
    Place.objects.create(group=running, pupil=ended, started_on=start, ended_on=today, created_by=sendco)
    elsewhere = make_group(cast.other_school, cast["outsider"], staff=cast["teacher"])
    Place.objects.create(group=elsewhere, pupil=cast.other_pupil, started_on=start, created_by=sendco)

    taught = cards(cast["teacher"])

    assert [pupil.display_name for pupil in taught] == ["Asa Assessed", "Ben Carter", "Cora Concern", "Amara Okafor"]
    assert [pupil.pk for pupil in taught] == by_the_access_rule(cast["teacher"])
    # The teaching assistant supports the class but does not run the intervention.
    assert [pupil.display_name for pupil in cards(cast["ta"])] == ["Asa Assessed", "Cora Concern", "Amara Okafor"]
    assert [pupil.pk for pupil in cards(cast["ta"])] == by_the_access_rule(cast["ta"])


def test_each_card_has_its_needs_groups_barriers_profile_and_plan_in_force_in_the_pages_order(sendco, cast):
    pupil = cast.pupil
    Pupil.objects.filter(pk=pupil.pk).update(preferred_forename="Mara")
    add_secondary_need(pupil, sendco, code="SPLD")
    maths = TeachingGroup.objects.create(
        school=cast.school, academic_year=cast.class_group.academic_year, name="Maths & more", kind="teaching"
    )
    in_class(pupil, maths, started_on=cast.class_group.academic_year.starts_on)
    fatigue = barrier_add(
        pupil=pupil,
        title="Fatigue",
        description="",
        adjustments=[("adjustment", "Rest breaks"), ("adjustment", "Short tasks")],
        by=sendco,
    )
    adjustment_archive(adjustment=fatigue.adjustments.get(description="Rest breaks"), by=sendco)
    barrier_add(pupil=pupil, title="Anxiety", description="", adjustments=[], by=sendco)
    old = barrier_add(pupil=pupil, title="Old", description="", adjustments=[("adjustment", "Gone")], by=sendco)
    barrier_archive(barrier=old, reason="Resolved", by=sendco)
    profile_save_version(pupil=pupil, data={"strategies_that_work": "First"}, change_note="", by=sendco)
    profile_save_version(
        pupil=pupil,
        data={
            "strategies_that_work": "Visual timetable",
            "strategies_that_dont": "Shouting",
            "named_adult": "Mrs Singh",
        },
        change_note="",
        by=sendco,
    )
    cycle = cycle_at(CycleState.PLAN, pupil, sendco)
    add_outcome(cycle, sendco)
    dropped = add_outcome(cycle, sendco, description="Dropped")
    add_outcome(cycle, sendco, description="Write a sentence", success_criteria="Five in a week")
    plan_services.outcome_archive(outcome=dropped, by=sendco)
    plan_services.provision_add(
        cycle=cycle,
        data={
            "kind": "adjustment",
            "description": "Coloured overlay",
            "delivered_by": "Class teacher",
            "frequency": "Every lesson",
            "starts_on": timezone.localdate(),
        },
        by=sendco,
    )
    prepare_plan(cycle, sendco)
    agree_plan(cycle, sendco)
    cycle = plan_services.cycle_move(cycle=cycle, to_state=CycleState.DO, by=sendco)

    (card,) = cards(cast["teacher"])

    assert (card.pk, card.uid, card.school_id) == (pupil.pk, pupil.uid, cast.school.pk)
    assert isinstance(card.uid, uuid.UUID)
    assert card.url == reverse("pupils:record", args=[pupil.uid])
    assert (card.display_name, card.year_group_label, card.sen_status, card.sen_status_label) == (
        "Mara Okafor",
        "Year 4",
        "K",
        "SEN support",
    )
    labels = dict(NeedCode.choices)
    assert card.needs == [labels["SLCN"], labels["SPLD"]]
    assert card.groups == ["4B", "Maths & more"]
    assert card.barriers == [
        BarrierCard(pk=fatigue.pk, title="Fatigue", adjustments=["Short tasks"]),
        BarrierCard(pk=Barrier.objects.get(title="Anxiety").pk, title="Anxiety", adjustments=[]),
    ]
    assert (card.strategies_that_work, card.strategies_that_dont, card.named_adult) == (
        "Visual timetable",
        "Shouting",
        "Mrs Singh",
    )
    assert card.plan is not None
    assert (card.plan.uid, card.plan.number, card.plan.review_due_on) == (cycle.uid, 1, cycle.review_due_on)
    assert isinstance(card.plan.review_due_on, dt.date)
    assert card.plan.url == reverse("plans:cycle", args=[cycle.uid])
    assert card.plan.outcomes == [
        OutcomeLine(OUTCOME["description"], OUTCOME["success_criteria"]),
        OutcomeLine("Write a sentence", "Five in a week"),
    ]
    assert card.plan.provisions == [ProvisionLine("Coloured overlay", "Class teacher", "Every lesson")]


def test_a_card_without_a_profile_or_a_plan_in_force_shows_neither(sendco, cast):
    cycle_at(CycleState.PLAN, cast.pupil, sendco)  # open, not yet in force

    (card,) = cards(cast["teacher"])

    assert card.plan is None
    assert (card.strategies_that_work, card.strategies_that_dont, card.named_adult) == ("", "", "")
    assert card.barriers == []


def test_a_teacher_with_no_pupils_to_show_has_no_cards(sendco, cast):
    newcomer = make_user("new@oakfield.test", "Nia New")
    member(newcomer, Role.TEACHER, school=cast.school)

    assert cards(newcomer) == []


def test_my_pupils_reads_its_cards_in_two_queries_and_audits_them_in_one(
    sendco, cast, client_for, django_assert_num_queries
):
    client = client_for("teacher")
    for n in range(3):
        pupil = place_on_support(make_pupil(cast.school, forename=f"Kid{n}", surname="Extra"), sendco)
        in_class(pupil, cast.class_group, started_on=cast.class_group.academic_year.starts_on)
        barrier_add(pupil=pupil, title="Barrier", description="", adjustments=[("adjustment", "x")], by=sendco)
    cycle_at(CycleState.DO, cast.pupil, sendco)
    # The session, the user and their memberships; the pupils, then their cards' rows; the audit rows (one insert),
    # and the session saved in a transaction (three statements).
    with django_assert_num_queries(9):
        response = client.get(reverse("pupils:my_pupils"))
    shown = response.context["pupils"]
    assert len(shown) == 4
    events = AuditEvent.objects.filter(object_type="pupil.summary", actor=cast["teacher"])
    assert sorted(events.values_list("object_id", "pupil_id", "school_id")) == sorted(
        (str(pupil.uid), pupil.pk, pupil.school_id) for pupil in shown
    )
