"""The demo's provision: a catalogue of at least 30 interventions at every school, rates, budgets, groups with
timetables, pupils on the register placed in them, sessions with attendance, missed sessions and scores."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from provision.models import (
    Attendance,
    Intervention,
    InterventionGroup,
    NotionalBudget,
    Place,
    Session,
    SessionStatus,
    StaffRate,
)
from provision.selectors import Period, choose_period, impact_report, periods, school_terms, whole_school_map
from schools.models import School

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_every_school_has_a_catalogue_of_at_least_30_interventions_in_all_four_areas():
    for school in School.objects.all():
        items = Intervention.objects.filter(school=school)
        assert items.count() >= 30
        assert items.values("area").distinct().count() == 4


def test_every_school_has_a_rate_for_each_role_and_a_notional_budget():
    for school in School.objects.all():
        assert StaffRate.objects.filter(school=school, ended_on__isnull=True).count() == 9
        assert NotionalBudget.objects.filter(school=school).exists()


def test_groups_run_at_each_school_with_timetables_and_pupils_on_the_register():
    today = timezone.localdate()
    for school in School.objects.all():
        groups = InterventionGroup.objects.filter(school=school).annotate(slots_n=Count("slots"))
        assert groups.exists(), school.name
        assert not groups.filter(slots_n=0).exists()
    assert not Place.objects.exclude(pupil__sen_status__in=("K", "E")).exists()
    assert not Place.objects.exclude(pupil__school=F("group__school")).exists()
    assert not Place.objects.filter(started_on__lt=F("group__starts_on")).exists()
    assert not Session.objects.filter(held_on__gt=today).exists()
    # No group over capacity on any day: every session's roll fits.
    assert not Session.objects.filter(on_roll__gt=F("group__capacity")).exists()


def test_the_demo_trust_has_several_terms_of_sessions_with_missed_ones_and_costs():
    kingsmead = School.objects.get(name="Kingsmead Academy")
    sessions = Session.objects.filter(group__school=kingsmead)
    assert sessions.values("group__starts_on").distinct().count() >= 2
    assert sessions.filter(status=SessionStatus.DELIVERED, staff_cost__gt=0).exists()
    missed = set(sessions.exclude(status=SessionStatus.DELIVERED).values_list("status", flat=True))
    assert len(missed) >= 3
    assert Attendance.objects.filter(session__group__school=kingsmead, present=False).exists()
    # Attendance rows match the roll kept on each delivered session.
    mismatched = (
        Session.objects.filter(status=SessionStatus.DELIVERED)
        .annotate(rows=Count("attendances"))
        .exclude(rows=F("on_roll"))
    )
    assert not mismatched.exists()


def test_entry_and_exit_scores_are_recorded_and_exits_always_have_entries():
    assert Place.objects.filter(exit_score__isnull=False).exists()
    assert Place.objects.filter(entry_score__isnull=False, exit_score__isnull=True).exists()
    assert not Place.objects.filter(entry_score__isnull=True, exit_score__isnull=False).exists()


def test_the_featured_ta_runs_groups_this_term():
    today = timezone.localdate()
    running = InterventionGroup.objects.filter(staff__email="ta@oakfield.demo").filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=today)
    )
    assert running.exists()


def test_the_map_and_impact_report_for_the_demo_secondary_take_a_fixed_number_of_queries(
    django_assert_num_queries,
):
    kingsmead = School.objects.get(name="Kingsmead Academy")
    options = periods(school_terms(school=kingsmead))
    year = choose_period(options, "", timezone.localdate())
    with django_assert_num_queries(2):  # the four sums in one statement, then the notional budget
        result = whole_school_map(school=kingsmead, period=year)
    assert result.total.pupils > 50
    assert result.total.cost > 0
    # The last twelve months hold the two finished terms, whose pupils have exit scores.
    today = timezone.localdate()
    with django_assert_num_queries(3):
        rows = impact_report(school=kingsmead, period=Period("12 months", today - dt.timedelta(days=365), today, ""))
    assert len(rows) >= 5
    assert any(row.effect is not None and row.effect.value is not None for row in rows)
