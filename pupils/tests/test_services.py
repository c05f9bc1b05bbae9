from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from lib.upn import make_upn
from pupils.models import Adjustment, Barrier, Enrolment, ProfileVersion, Pupil
from pupils.services import (
    ProfileConflict,
    adjustment_add,
    adjustment_archive,
    barrier_add,
    barrier_archive,
    barrier_update,
    profile_save_version,
    pupil_create,
    pupil_update_details,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


def details(**overrides):
    data = {
        "upn": make_upn(la_code=919, establishment=2001, year=21, serial=901),
        "legal_forename": "Zara",
        "legal_surname": "Ahmed",
        "preferred_forename": "",
        "preferred_surname": "",
        "date_of_birth": dt.date(2019, 3, 10),  # Year 3 in 2026/27
        "sex": "F",
        "year_group": "3",
        "out_of_year_group": False,
        "free_school_meals": True,
        "pupil_premium": True,
        "eal": False,
        "looked_after": False,
    }
    data.update(overrides)
    return data


@time_machine.travel(TODAY)
def test_creating_a_pupil_opens_an_enrolment_and_is_audited(cast):
    pupil = pupil_create(school=cast.school, data=details(), started_on=dt.date(2026, 9, 3), by=cast["sendco"])
    assert pupil.sen_status == "N"
    assert Enrolment.objects.get(pupil=pupil).ended_on is None
    event = AuditEvent.objects.get(pupil=pupil, object_type="pupil.details")
    assert event.action == "create"
    assert event.actor == cast["sendco"]


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"upn": "A801200005001"}, "upn", "check letter"),
        ({"upn": "B80120000"}, "upn", "13 characters"),
        ({"date_of_birth": dt.date(2027, 1, 1)}, "date_of_birth", "today or in the past"),
        ({"date_of_birth": dt.date(2025, 6, 1)}, "date_of_birth", "not of school or nursery age"),
        ({"year_group": "6"}, "year_group", "is in Year 3"),
        ({"year_group": "4"}, "year_group", "tick 'Taught outside"),
    ],
)
def test_bad_details_are_refused_with_a_message_and_nothing_is_saved(cast, overrides, field, message):
    before = Pupil.objects.count()
    with pytest.raises(ValidationError) as caught:
        pupil_create(school=cast.school, data=details(**overrides), started_on=TODAY, by=cast["sendco"])
    assert message in " ".join(caught.value.message_dict[field])
    assert Pupil.objects.count() == before


@time_machine.travel(TODAY)
def test_one_year_out_of_group_is_accepted_when_confirmed(cast):
    pupil = pupil_create(
        school=cast.school, data=details(year_group="2", out_of_year_group=True), started_on=TODAY, by=cast["sendco"]
    )
    assert pupil.year_group == "2"


@time_machine.travel(TODAY)
def test_a_duplicate_upn_is_refused(cast):
    with pytest.raises(ValidationError) as caught:
        pupil_create(school=cast.school, data=details(upn=cast.pupil.upn), started_on=TODAY, by=cast["sendco"])
    assert "already has this UPN" in caught.value.message_dict["upn"][0]


@time_machine.travel(TODAY)
def test_updating_details_records_the_old_values_in_the_audit_trail(cast):
    pupil = cast.pupil
    data = {name: getattr(pupil, name) for name in details()}
    data["preferred_forename"] = "Mara"
    pupil_update_details(pupil=pupil, data=data, by=cast["sendco"])
    pupil.refresh_from_db()
    assert pupil.display_name == "Mara Okafor"
    event = AuditEvent.objects.filter(pupil=pupil, action="update").get()
    assert event.detail == {"changed": ["preferred_forename"]}  # which fields, never their values


def test_profile_versions_are_numbered_and_never_overwritten(cast):
    first = profile_save_version(pupil=cast.pupil, data={"likes": "Dinosaurs"}, change_note="", by=cast["teacher"])
    second = profile_save_version(
        pupil=cast.pupil, data={"likes": "Dinosaurs and drawing"}, change_note="Met Mum", by=cast["sendco"]
    )
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.likes == "Dinosaurs"
    assert AuditEvent.objects.filter(pupil=cast.pupil, object_type="pupil.profile").count() == 2


def test_saving_an_unchanged_profile_makes_no_version(cast):
    profile_save_version(pupil=cast.pupil, data={"likes": "Lego"}, change_note="", by=cast["teacher"])
    with pytest.raises(ValidationError, match="Nothing has changed"):
        profile_save_version(pupil=cast.pupil, data={"likes": "Lego"}, change_note="", by=cast["teacher"])
    assert ProfileVersion.objects.filter(pupil=cast.pupil).count() == 1


def test_a_save_based_on_an_older_version_is_refused_under_the_lock(cast):
    profile_save_version(pupil=cast.pupil, data={"likes": "Lego"}, change_note="", by=cast["teacher"], based_on=0)
    with pytest.raises(ProfileConflict) as clash:
        profile_save_version(pupil=cast.pupil, data={"likes": "Art"}, change_note="", by=cast["sendco"], based_on=0)
    assert clash.value.current.number == 1
    assert ProfileVersion.objects.filter(pupil=cast.pupil).count() == 1


def test_an_empty_first_profile_is_refused(cast):
    with pytest.raises(ValidationError, match="at least one section"):
        profile_save_version(pupil=cast.pupil, data={}, change_note="", by=cast["teacher"])


def test_a_barrier_is_added_with_its_adjustments_in_one_step(cast):
    barrier = barrier_add(
        pupil=cast.pupil,
        title="Fatigue",
        description="Tired after lunch",
        adjustments=[("adjustment", "Rest breaks"), ("accommodation", "Lift pass"), ("adjustment", "  ")],
        by=cast["teacher"],
    )
    assert [a.description for a in barrier.adjustments.all()] == ["Rest breaks", "Lift pass"]
    assert AuditEvent.objects.filter(object_type="pupil.barrier", action="create").count() == 1


def test_a_barrier_without_a_title_saves_nothing(cast):
    with pytest.raises(ValidationError):
        barrier_add(pupil=cast.pupil, title=" ", description="", adjustments=[("adjustment", "x")], by=cast["teacher"])
    assert not Barrier.objects.exists()
    assert not Adjustment.objects.exists()


def test_archiving_keeps_the_barrier_with_its_reason(cast):
    barrier = barrier_add(pupil=cast.pupil, title="Anxiety", description="", adjustments=[], by=cast["teacher"])
    barrier_update(barrier=barrier, title="Anxiety at transitions", description="", by=cast["teacher"])
    with pytest.raises(ValidationError):
        barrier_archive(barrier=barrier, reason="", by=cast["sendco"])
    barrier_archive(barrier=barrier, reason="Settled after review", by=cast["sendco"])
    barrier.refresh_from_db()
    assert barrier.archived_at is not None
    assert barrier.archived_reason == "Settled after review"
    with pytest.raises(ValidationError, match="archived"):
        adjustment_add(barrier=barrier, kind="adjustment", description="More", by=cast["sendco"])
    update = AuditEvent.objects.get(object_type="pupil.barrier", action="update")
    assert update.detail == {"changed": ["title"]}


def test_adjustments_are_archived_not_deleted(cast):
    barrier = barrier_add(pupil=cast.pupil, title="Noise", description="", adjustments=[], by=cast["teacher"])
    adjustment = adjustment_add(barrier=barrier, kind="accommodation", description="Ear defenders", by=cast["teacher"])
    adjustment_archive(adjustment=adjustment, by=cast["teacher"])
    assert Adjustment.objects.get(pk=adjustment.pk).archived_at is not None
    with pytest.raises(ValidationError):
        adjustment_archive(adjustment=adjustment, by=cast["teacher"])
