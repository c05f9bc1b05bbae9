from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Membership, Role
from pupils.models import GroupMembership
from pupils.permissions import can_decide_register, can_edit_profile, can_view_audit, pupils_visible_to
from tests.cast import make_pupil

pytestmark = pytest.mark.django_db


def visible(cast, role):
    return set(pupils_visible_to(cast[role]).values_list("pk", flat=True))


def test_sendco_and_head_see_every_pupil_in_their_school_only(cast):
    expected = {cast.pupil.pk, cast.untaught_pupil.pk}
    assert visible(cast, "sendco") == expected
    assert visible(cast, "head") == expected


def test_teacher_and_ta_see_only_the_pupils_they_teach(cast):
    assert visible(cast, "teacher") == {cast.pupil.pk}
    assert visible(cast, "ta") == {cast.pupil.pk}


def test_teacher_cannot_see_pupil_in_other_school(cast):
    assert cast.other_pupil.pk not in visible(cast, "teacher")


def test_parent_sees_only_their_own_child(cast):
    assert visible(cast, "parent") == {cast.pupil.pk}


@pytest.mark.parametrize("role", ["governor", "school_admin", "trust_admin", "la_officer"])
def test_aggregate_roles_see_no_named_pupil(cast, role):
    assert visible(cast, role) == set()


def test_outsider_sees_only_their_own_school(cast):
    assert visible(cast, "outsider") == {cast.other_pupil.pk}


def test_a_pupil_who_left_the_group_drops_out_of_the_teachers_view(cast):
    GroupMembership.objects.filter(pupil=cast.pupil).update(ended_on=timezone.localdate())
    assert visible(cast, "teacher") == set()


def test_an_ended_membership_removes_access(cast):
    Membership.objects.filter(user=cast["sendco"]).update(ended_on=timezone.localdate())
    assert visible(cast, "sendco") == set()


def test_a_teacher_who_is_also_sendco_elsewhere_keeps_both_scopes(cast):
    Membership.objects.create(
        user=cast["teacher"], role=Role.SENDCO, school=cast.other_school, started_on=dt.date(2020, 9, 1)
    )
    assert visible(cast, "teacher") == {cast.pupil.pk, cast.other_pupil.pk}


def test_archived_pupils_are_hidden_from_everyone(cast):
    archived = make_pupil(cast.school, forename="Old", surname="Record")
    archived.archived_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    archived.save()
    assert archived.pk not in visible(cast, "sendco")


def test_change_rights_follow_the_role(cast):
    pupil = cast.pupil
    assert can_edit_profile(cast["sendco"], pupil)
    assert can_edit_profile(cast["teacher"], pupil)
    assert not can_edit_profile(cast["ta"], pupil)
    assert not can_edit_profile(cast["head"], pupil)
    assert not can_edit_profile(cast["parent"], pupil)
    assert can_decide_register(cast["sendco"], pupil)
    assert not can_decide_register(cast["teacher"], pupil)
    assert not can_decide_register(cast["head"], pupil)
    assert can_view_audit(cast["sendco"], pupil)
    assert can_view_audit(cast["head"], pupil)
    assert not can_view_audit(cast["teacher"], pupil)


def test_a_teacher_who_only_supports_a_group_as_a_ta_cannot_edit_its_pupils(cast):
    from schools.models import StaffAssignment, TeachingGroup

    group = TeachingGroup.objects.create(
        school=cast.school, academic_year=cast.class_group.academic_year, name="6 Maths", kind="teaching"
    )
    GroupMembership.objects.create(
        pupil=cast.untaught_pupil, group=group, started_on=cast.class_group.academic_year.starts_on
    )
    StaffAssignment.objects.create(
        group=group, user=cast["teacher"], role="ta", started_on=cast.class_group.academic_year.starts_on
    )
    assert cast.untaught_pupil.pk in visible(cast, "teacher")
    assert not can_edit_profile(cast["teacher"], cast.untaught_pupil)


def test_a_teacher_cannot_edit_the_profile_of_a_pupil_they_do_not_teach(cast):
    assert not can_edit_profile(cast["teacher"], cast.untaught_pupil)
