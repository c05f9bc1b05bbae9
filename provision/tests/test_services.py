from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from provision.models import Attendance, Intervention, InterventionGroup, Place, Session, StaffRate
from provision.services import (
    group_create,
    group_place_add,
    group_place_from_plan,
    place_end,
    place_record_scores,
    sessions_log,
    staff_rate_set,
)
from provision.tests.helpers import MONDAY, entry, make_cycle, make_group, make_intervention, make_planned, set_rate
from tests.cast import make_pupil, place_on_support

pytestmark = pytest.mark.django_db


def test_sendco_adds_an_intervention_to_the_catalogue_and_it_is_audited(cast):
    intervention = make_intervention(cast.school, cast["sendco"], name="  Talk Boost  ")
    assert intervention.name == "Talk Boost"
    assert AuditEvent.objects.filter(object_type="provision.intervention", object_id=str(intervention.uid)).exists()


def test_catalogue_refuses_a_second_intervention_with_the_same_name(cast):
    make_intervention(cast.school, cast["sendco"])
    with pytest.raises(ValidationError) as error:
        make_intervention(cast.school, cast["sendco"], name="precision TEACHING")
    assert "already has" in error.value.message_dict["name"][0]
    assert Intervention.objects.count() == 1


def test_catalogue_refuses_negative_minutes_and_a_custom_scale_without_a_name(cast):
    with pytest.raises(ValidationError) as error:
        make_intervention(cast.school, cast["sendco"], minutes_per_session=-10, measure="custom")
    assert "minutes_per_session" in error.value.message_dict
    assert "measure_label" in error.value.message_dict
    assert not Intervention.objects.exists()


def test_a_new_staff_rate_closes_the_old_one(cast):
    first = set_rate(cast.school, cast["sendco"])
    second = staff_rate_set(
        school=cast.school, role="ta", hourly_cost=Decimal("21.40"), started_on=dt.date(2025, 9, 1), by=cast["head"]
    )
    first.refresh_from_db()
    assert first.ended_on == dt.date(2025, 9, 1)
    assert second.ended_on is None
    # No amounts in the audit trail.
    event = AuditEvent.objects.filter(object_type="provision.staff_rate").last()
    assert event is not None
    assert "21.40" not in str(event.detail)


def test_a_staff_rate_cannot_start_before_the_current_one(cast):
    set_rate(cast.school, cast["sendco"])
    with pytest.raises(ValidationError) as error:
        staff_rate_set(
            school=cast.school, role="ta", hourly_cost=Decimal("19"), started_on=dt.date(2019, 1, 1), by=cast["head"]
        )
    assert "started_on" in error.value.message_dict
    assert StaffRate.objects.filter(ended_on__isnull=True).count() == 1


def test_a_group_needs_days_a_time_and_positive_minutes(cast):
    intervention = make_intervention(cast.school, cast["sendco"])
    with pytest.raises(ValidationError) as error:
        group_create(
            school=cast.school,
            intervention=intervention,
            name="",
            staff=None,
            capacity=0,
            minutes_per_session=-5,
            room="",
            starts_on=dt.date(2025, 9, 8),
            ends_on=dt.date(2025, 9, 1),
            weekdays=[],
            starts_at=None,
            by=cast["sendco"],
        )
    assert set(error.value.message_dict) == {
        "name",
        "capacity",
        "minutes_per_session",
        "ends_on",
        "weekdays",
        "starts_at",
    }
    assert not InterventionGroup.objects.exists()


def test_a_pupil_joins_a_group_and_it_is_audited_in_their_trail(cast):
    group = make_group(cast.school, cast["sendco"])
    place = group_place_add(group=group, pupil=cast.pupil, started_on=dt.date(2025, 9, 10), by=cast["sendco"])
    assert place.ended_on is None
    assert AuditEvent.objects.filter(object_type="provision.place", pupil=cast.pupil).exists()


def test_a_pupil_cannot_join_before_the_group_starts(cast):
    group = make_group(cast.school, cast["sendco"], starts_on=dt.date(2025, 9, 8))
    with pytest.raises(ValidationError) as error:
        group_place_add(group=group, pupil=cast.pupil, started_on=dt.date(2025, 9, 1), by=cast["sendco"])
    assert "cannot join before" in error.value.message_dict["started_on"][0]
    assert not Place.objects.exists()


def test_a_group_cannot_go_over_capacity(cast):
    group = make_group(cast.school, cast["sendco"], capacity=1)
    group_place_add(group=group, pupil=cast.pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    with pytest.raises(ValidationError) as error:
        group_place_add(group=group, pupil=cast.untaught_pupil, started_on=dt.date(2025, 10, 1), by=cast["sendco"])
    assert "full" in error.value.message_dict["pupil"][0]
    assert Place.objects.count() == 1


def test_a_place_ended_before_the_joining_day_frees_its_seat(cast):
    group = make_group(cast.school, cast["sendco"], capacity=1)
    first = group_place_add(group=group, pupil=cast.pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    place_end(place=first, ended_on=dt.date(2025, 10, 1), reason="Completed the programme", by=cast["sendco"])
    group_place_add(group=group, pupil=cast.untaught_pupil, started_on=dt.date(2025, 10, 1), by=cast["sendco"])
    assert Place.objects.count() == 2


def test_a_pupil_from_another_school_cannot_join(cast):
    group = make_group(cast.school, cast["sendco"])
    with pytest.raises(ValidationError) as error:
        group_place_add(group=group, pupil=cast.other_pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    assert "pupil" in error.value.message_dict


def test_an_exit_score_without_an_entry_score_is_refused_and_nothing_is_saved(cast):
    group = make_group(cast.school, cast["sendco"])
    place = group_place_add(group=group, pupil=cast.pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    with pytest.raises(ValidationError) as error:
        place_record_scores(
            place=place,
            entry_score=None,
            entry_on=None,
            exit_score=Decimal("92"),
            exit_on=dt.date(2025, 11, 10),
            by=cast["ta"],
        )
    assert "entry score" in error.value.message_dict["entry_score"][0]
    place.refresh_from_db()
    assert place.exit_score is None


def test_scores_are_saved_and_the_change_is_audited_without_values(cast):
    group = make_group(cast.school, cast["sendco"])
    place = group_place_add(group=group, pupil=cast.pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    place_record_scores(
        place=place,
        entry_score=Decimal("81"),
        entry_on=dt.date(2025, 9, 8),
        exit_score=Decimal("89"),
        exit_on=dt.date(2025, 11, 10),
        by=cast["ta"],
    )
    place.refresh_from_db()
    assert place.exit_score == Decimal("89")
    event = AuditEvent.objects.get(object_type="provision.scores")
    assert event.detail == {"fields": ["entry_score", "entry_on", "exit_score", "exit_on"]}


def test_scores_cannot_be_dated_in_the_future(cast):
    group = make_group(cast.school, cast["sendco"])
    place = group_place_add(group=group, pupil=cast.pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    with pytest.raises(ValidationError) as error:
        place_record_scores(
            place=place,
            entry_score=Decimal("81"),
            entry_on=dt.date(2026, 1, 8),
            exit_score=None,
            exit_on=None,
            by=cast["ta"],
        )
    assert "entry_on" in error.value.message_dict


def _group_with_two(cast, **kwargs):
    set_rate(cast.school, cast["sendco"], cost="20.00")
    group = make_group(cast.school, cast["sendco"], staff=cast["ta"], **kwargs)
    for pupil in (cast.pupil, cast.untaught_pupil):
        group_place_add(group=group, pupil=pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    return group


def test_a_ta_logs_a_week_with_attendance_and_costs_kept_with_each_session(cast):
    group = _group_with_two(cast)
    sessions_log(
        group=group,
        entries=[
            entry(MONDAY, present={cast.pupil.pk, cast.untaught_pupil.pk}),
            entry(MONDAY + dt.timedelta(days=2), status="staff_absent", minutes=None, note="Covering Year 2"),
        ],
        by=cast["ta"],
    )
    delivered = Session.objects.get(held_on=MONDAY)
    # 30 minutes at £20 an hour, shared by the two pupils on the roll.
    assert delivered.staff_cost == Decimal("10.00")
    assert delivered.on_roll == 2
    missed = Session.objects.get(held_on=MONDAY + dt.timedelta(days=2))
    assert (missed.minutes, missed.staff_cost, missed.on_roll) == (0, Decimal("0.00"), 0)
    assert Attendance.objects.filter(session=delivered, present=True).count() == 2
    assert not Attendance.objects.filter(session=missed).exists()
    assert AuditEvent.objects.filter(object_type="provision.attendance", pupil=cast.pupil).exists()


def test_logging_a_session_again_replaces_it(cast):
    group = _group_with_two(cast)
    sessions_log(group=group, entries=[entry(MONDAY, present={cast.pupil.pk, cast.untaught_pupil.pk})], by=cast["ta"])
    sessions_log(group=group, entries=[entry(MONDAY, minutes=20, present={cast.pupil.pk})], by=cast["ta"])
    session = Session.objects.get()
    assert session.minutes == 20
    assert list(Attendance.objects.filter(session=session, present=True).values_list("pupil_id", flat=True)) == [
        cast.pupil.pk
    ]
    assert Attendance.objects.filter(session=session).count() == 2


def test_a_session_in_the_future_is_refused_and_nothing_in_the_week_is_saved(cast):
    group = _group_with_two(cast)
    with pytest.raises(ValidationError) as error:
        sessions_log(
            group=group,
            entries=[entry(MONDAY, present={cast.pupil.pk}), entry(dt.date(2025, 11, 17), present={cast.pupil.pk})],
            by=cast["ta"],
        )
    assert "in the future" in error.value.message_dict["s202511170915-status"][0]
    assert not Session.objects.exists()


def test_negative_minutes_are_refused(cast):
    group = _group_with_two(cast)
    with pytest.raises(ValidationError) as error:
        sessions_log(group=group, entries=[entry(MONDAY, minutes=-30, present={cast.pupil.pk})], by=cast["ta"])
    assert "negative" in error.value.message_dict["s202511030915-minutes"][0]
    assert not Session.objects.exists()


def test_a_delivered_session_needs_someone_there_from_the_roll(cast):
    group = _group_with_two(cast)
    with pytest.raises(ValidationError) as error:
        sessions_log(group=group, entries=[entry(MONDAY, present=set())], by=cast["ta"])
    assert "pupils absent" in error.value.message_dict["s202511030915-present"][0]
    with pytest.raises(ValidationError):
        sessions_log(group=group, entries=[entry(MONDAY, present={cast.other_pupil.pk})], by=cast["ta"])
    assert not Session.objects.exists()


def test_a_session_before_the_group_started_is_refused(cast):
    group = _group_with_two(cast)
    with pytest.raises(ValidationError) as error:
        sessions_log(group=group, entries=[entry(dt.date(2025, 9, 1), present={cast.pupil.pk})], by=cast["ta"])
    assert "not running" in error.value.message_dict["s202509010915-status"][0]


def test_fixed_costs_are_added_to_each_delivered_session(cast):
    set_rate(cast.school, cast["sendco"], cost="20.00")
    intervention = make_intervention(cast.school, cast["sendco"], fixed_cost_per_term=Decimal("260"))
    group = make_group(cast.school, cast["sendco"], intervention=intervention)
    group_place_add(group=group, pupil=cast.pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    sessions_log(group=group, entries=[entry(MONDAY, present={cast.pupil.pk})], by=cast["sendco"])
    # £10 of staff time and £260 / (2 sessions a week x 13 weeks) = £10 of fixed costs.
    assert Session.objects.get().staff_cost == Decimal("20.00")


def test_placing_an_intervention_on_a_plan_adds_the_pupil_to_the_chosen_group(cast):
    group = make_group(cast.school, cast["sendco"])
    planned = make_planned(make_cycle(cast.pupil, cast["sendco"]), intervention=group.intervention, group=group)
    place = group_place_from_plan(planned=planned, by=cast["sendco"])
    assert (place.group, place.pupil, place.started_on) == (group, cast.pupil, dt.date(2025, 9, 8))
    # Saving the plan again does not add a second place.
    assert group_place_from_plan(planned=planned, by=cast["sendco"]) == place


def test_placing_an_intervention_without_a_group_creates_one(cast):
    intervention = make_intervention(cast.school, cast["sendco"], group_size=3, sessions_per_week=3)
    planned = make_planned(make_cycle(cast.pupil, cast["sendco"]), intervention=intervention, sessions_per_week=3)
    place = group_place_from_plan(planned=planned, by=cast["sendco"])
    group = place.group
    assert group.intervention == intervention
    assert group.capacity == 3
    assert group.slots.count() == 3
    planned.refresh_from_db()
    assert planned.group == group


def test_placing_from_a_plan_into_a_full_group_saves_nothing(cast):
    group = make_group(cast.school, cast["sendco"], capacity=1)
    group_place_add(group=group, pupil=cast.untaught_pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    planned = make_planned(make_cycle(cast.pupil, cast["sendco"]), group=group)
    with pytest.raises(ValidationError):
        group_place_from_plan(planned=planned, by=cast["sendco"])
    assert not Place.objects.filter(pupil=cast.pupil).exists()


def test_placing_from_a_plan_needs_an_intervention_or_a_group_at_the_school(cast):
    planned = make_planned(make_cycle(cast.pupil, cast["sendco"]))
    with pytest.raises(ValidationError) as error:
        group_place_from_plan(planned=planned, by=cast["sendco"])
    assert "intervention" in error.value.message_dict
    elsewhere = make_intervention(cast.other_school, cast["outsider"])
    planned = make_planned(planned.cycle, intervention=elsewhere)
    with pytest.raises(ValidationError):
        group_place_from_plan(planned=planned, by=cast["sendco"])
    assert not InterventionGroup.objects.exists()


def test_a_pupil_added_later_is_on_the_roll_from_their_joining_day(cast):
    group = _group_with_two(cast)
    late = place_on_support(make_pupil(cast.school, forename="Dev", surname="Shah"), cast["sendco"])
    group_place_add(group=group, pupil=late, started_on=MONDAY + dt.timedelta(days=1), by=cast["sendco"])
    sessions_log(
        group=group,
        entries=[entry(MONDAY, present={cast.pupil.pk}), entry(MONDAY + dt.timedelta(days=2), present={late.pk})],
        by=cast["ta"],
    )
    assert Session.objects.get(held_on=MONDAY).on_roll == 2
    assert Session.objects.get(held_on=MONDAY + dt.timedelta(days=2)).on_roll == 3
