from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from pupils.models import Barrier, ProfileVersion, Pupil
from pupils.services import barrier_add, profile_save_version
from tests.cast import make_pupil, place_on_support

pytestmark = pytest.mark.django_db


def record_url(pupil):
    return reverse("pupils:record", args=[pupil.uid])


def test_sendco_sees_the_whole_record_and_the_read_is_audited(cast, client_for):
    barrier_add(
        pupil=cast.pupil,
        title="Fatigue",
        description="",
        adjustments=[("adjustment", "Rest breaks")],
        by=cast["sendco"],
    )
    profile_save_version(
        pupil=cast.pupil, data={"strategies_that_work": "Visual timetable"}, change_note="", by=cast["sendco"]
    )
    response = client_for("sendco").get(record_url(cast.pupil))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Amara Okafor",
        cast.pupil.upn,
        "Speech, language and communication needs",
        "Fatigue",
        "Rest breaks",
        "Visual timetable",
        "Tom Hughes",
        "Who has seen this record",
    ):
        assert text in html
    event = AuditEvent.objects.filter(object_type="pupil.record").get()
    assert (event.actor, event.pupil, event.action, event.school_id) == (
        cast["sendco"],
        cast.pupil,
        "view",
        cast.school.pk,
    )
    assert event.ip_address == "127.0.0.1"


def test_a_parent_sees_their_childs_record_without_staff_only_parts(cast, client_for):
    response = client_for("parent").get(record_url(cast.pupil))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Amara Okafor" in html
    assert cast.pupil.upn not in html
    assert "Who has seen this record" not in html
    assert "Update the profile" not in html


@pytest.mark.parametrize("role", ["governor", "school_admin", "trust_admin", "la_officer", "outsider"])
def test_roles_without_named_access_get_404_and_nothing_is_audited(cast, client_for, role):
    response = client_for(role).get(record_url(cast.pupil))
    assert response.status_code == 404
    assert "Amara" not in response.content.decode()
    assert not AuditEvent.objects.filter(object_type="pupil.record").exists()


def test_teacher_cannot_see_pupil_they_do_not_teach(cast, client_for):
    assert client_for("teacher").get(record_url(cast.untaught_pupil)).status_code == 404


def test_an_unknown_uid_is_a_404(cast, client_for):
    assert client_for("sendco").get("/pupils/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_the_record_page_makes_the_same_number_of_queries_however_much_history(
    cast, client_for, django_assert_max_num_queries
):
    client = client_for("sendco")
    barrier_add(pupil=cast.pupil, title="First", description="", adjustments=[("adjustment", "a")], by=cast["sendco"])
    profile_save_version(pupil=cast.pupil, data={"likes": "Start"}, change_note="", by=cast["sendco"])
    client.get(record_url(cast.pupil))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(record_url(cast.pupil))
    for n in range(5):
        barrier_add(
            pupil=cast.pupil,
            title=f"Barrier {n}",
            description="",
            adjustments=[("adjustment", "a"), ("adjustment", "b")],
            by=cast["sendco"],
        )
        profile_save_version(pupil=cast.pupil, data={"likes": f"Thing {n}"}, change_note="", by=cast["sendco"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(record_url(cast.pupil))
    assert response.content.decode().count("Barrier ") >= 5


def test_teacher_saves_a_profile_as_a_new_version(cast, client_for):
    url = reverse("pupils:profile_edit", args=[cast.pupil.uid])
    client = client_for("teacher")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"based_on": 0, "likes": "Trains", "named_adult": "Mrs Singh", "change_note": "First profile"}
    )
    assert response.status_code == 302
    version = ProfileVersion.objects.get(pupil=cast.pupil)
    assert (version.number, version.likes, version.created_by) == (1, "Trains", cast["teacher"])


def test_a_second_editor_is_told_about_the_newer_version_and_keeps_their_text(cast, client_for):
    url = reverse("pupils:profile_edit", args=[cast.pupil.uid])
    profile_save_version(pupil=cast.pupil, data={"likes": "Trains"}, change_note="", by=cast["teacher"])
    # The SENDCo opened the form at version 1; meanwhile the teacher saved version 2.
    profile_save_version(pupil=cast.pupil, data={"likes": "Trains and buses"}, change_note="", by=cast["teacher"])
    response = client_for("sendco").post(url, {"based_on": 1, "likes": "Trains and painting", "change_note": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "saved version 2 while you were editing" in html
    assert "Trains and painting" in html
    assert ProfileVersion.objects.filter(pupil=cast.pupil).count() == 2


def test_opening_an_edit_page_is_audited_as_a_read(cast, client_for):
    client_for("teacher").get(reverse("pupils:profile_edit", args=[cast.pupil.uid]))
    event = AuditEvent.objects.get(object_type="pupil.profile", action="view")
    assert (event.actor, event.pupil) == (cast["teacher"], cast.pupil)


def test_ta_and_head_cannot_edit_the_profile(cast, client_for):
    url = reverse("pupils:profile_edit", args=[cast.pupil.uid])
    assert client_for("ta").get(url).status_code == 403
    assert client_for("head").post(url, {"likes": "x"}).status_code == 403
    assert client_for("parent").get(url).status_code == 403
    assert not ProfileVersion.objects.exists()


def test_profile_history_compares_two_versions_word_by_word(cast, client_for):
    profile_save_version(pupil=cast.pupil, data={"likes": "Trains and buses"}, change_note="", by=cast["teacher"])
    profile_save_version(
        pupil=cast.pupil, data={"likes": "Trains and painting"}, change_note="After review", by=cast["sendco"]
    )
    response = client_for("sendco").get(
        reverse("pupils:profile_history", args=[cast.pupil.uid]), {"older": 1, "newer": 2}
    )
    html = response.content.decode()
    assert '<del class="app-diff-removed">buses</del>' in html
    assert '<ins class="app-diff-added">painting</ins>' in html
    assert AuditEvent.objects.filter(object_type="pupil.profile_history").count() == 1


def test_comparing_a_version_that_does_not_exist_says_which_exist(cast, client_for):
    profile_save_version(pupil=cast.pupil, data={"likes": "A"}, change_note="", by=cast["teacher"])
    profile_save_version(pupil=cast.pupil, data={"likes": "B"}, change_note="", by=cast["teacher"])
    response = client_for("sendco").get(
        reverse("pupils:profile_history", args=[cast.pupil.uid]), {"older": 1, "newer": 7}
    )
    assert "Choose versions between 1 and 2" in response.content.decode()


def test_barrier_form_adds_a_barrier_and_refuses_an_empty_title(cast, client_for):
    url = reverse("pupils:barrier_add", args=[cast.pupil.uid])
    client = client_for("teacher")
    response = client.post(
        url,
        {"title": "", "kind_1": "adjustment", "kind_2": "adjustment", "kind_3": "adjustment", "adjustment_1": "Breaks"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Barrier.objects.exists()
    response = client.post(
        url,
        {
            "title": "Fatigue",
            "kind_1": "adjustment",
            "kind_2": "accommodation",
            "kind_3": "adjustment",
            "adjustment_1": "Breaks",
            "adjustment_2": "Lift pass",
        },
    )
    assert response.status_code == 302
    barrier = Barrier.objects.get()
    assert barrier.adjustments.count() == 2


def test_barrier_archive_and_adjustment_archive_work_as_plain_posts(cast, client_for):
    barrier = barrier_add(
        pupil=cast.pupil,
        title="Noise",
        description="",
        adjustments=[("accommodation", "Ear defenders")],
        by=cast["teacher"],
    )
    client = client_for("sendco")
    adjustment = barrier.adjustments.get()
    assert client.post(reverse("pupils:adjustment_archive", args=[adjustment.uid])).status_code == 302
    assert (
        client.post(
            reverse("pupils:barrier_archive", args=[barrier.uid]), {"reason": "No longer a barrier"}
        ).status_code
        == 302
    )
    barrier.refresh_from_db()
    assert barrier.archived_at is not None


def test_outsider_cannot_touch_a_barrier_in_another_school(cast, client_for):
    barrier = barrier_add(pupil=cast.pupil, title="Noise", description="", adjustments=[], by=cast["teacher"])
    assert (
        client_for("outsider").post(reverse("pupils:barrier_archive", args=[barrier.uid]), {"reason": "x"}).status_code
        == 404
    )
    assert (
        client_for("ta").post(reverse("pupils:barrier_archive", args=[barrier.uid]), {"reason": "x"}).status_code == 403
    )


def test_sendco_adds_a_pupil_and_bad_input_shows_every_problem(cast, client_for):
    url = reverse("pupils:add", args=[cast.school.urn])
    client = client_for("sendco")
    bad = {
        "upn": "A801200005001",
        "legal_forename": "Zed",
        "legal_surname": "Young",
        "date_of_birth": "2030-01-01",
        "sex": "M",
        "year_group": "3",
        "started_on": "2026-09-03",
    }
    response = client.post(url, bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "check letter" in html
    assert "today or in the past" in html
    assert not Pupil.objects.filter(legal_surname="Young").exists()
    good = {**bad, "upn": "B801200005001", "date_of_birth": "2019-03-10"}
    response = client.post(url, good)
    assert response.status_code == 302
    assert Pupil.objects.get(legal_surname="Young").year_group == "3"


def test_teacher_cannot_add_pupils(cast, client_for):
    assert client_for("teacher").get(reverse("pupils:add", args=[cast.school.urn])).status_code == 404


def test_my_pupils_shows_needs_barriers_and_strategies_and_audits_each_pupil(cast, client_for):
    barrier_add(
        pupil=cast.pupil,
        title="Processing spoken instructions",
        description="",
        adjustments=[("adjustment", "Chunk instructions")],
        by=cast["teacher"],
    )
    profile_save_version(
        pupil=cast.pupil,
        data={"strategies_that_work": "Visual timetable", "named_adult": "Mrs Singh"},
        change_note="",
        by=cast["teacher"],
    )
    response = client_for("teacher").get(reverse("pupils:my_pupils"))
    html = response.content.decode()
    for text in (
        "Amara Okafor",
        "Processing spoken instructions",
        "Chunk instructions",
        "Visual timetable",
        "Mrs Singh",
        "Speech, language",
    ):
        assert text in html
    assert "Ben Carter" not in html
    assert AuditEvent.objects.filter(object_type="pupil.summary", pupil=cast.pupil, actor=cast["teacher"]).count() == 1


def test_my_pupils_query_count_does_not_grow_with_pupils(cast, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pupils.models import GroupMembership

    client = client_for("teacher")
    barrier_add(pupil=cast.pupil, title="First", description="", adjustments=[("adjustment", "a")], by=cast["sendco"])
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("pupils:my_pupils"))
    for n in range(8):
        pupil = place_on_support(make_pupil(cast.school, forename=f"Kid{n}", surname="Extra"), cast["sendco"])
        GroupMembership.objects.create(pupil=pupil, group=cast.class_group, started_on=dt.date(2020, 9, 1))
        barrier_add(pupil=pupil, title="Barrier", description="", adjustments=[("adjustment", "x")], by=cast["sendco"])
        profile_save_version(pupil=pupil, data={"likes": "x"}, change_note="", by=cast["sendco"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("pupils:my_pupils"))
    assert response.content.decode().count("Extra") >= 8


def test_my_pupils_is_only_for_teaching_staff(cast, client_for):
    assert client_for("sendco").get(reverse("pupils:my_pupils")).status_code == 404
    assert client_for("parent").get(reverse("pupils:my_pupils")).status_code == 404


def test_my_children_lists_a_parents_children(cast, client_for):
    response = client_for("parent").get(reverse("pupils:my_children"))
    assert "Amara Okafor" in response.content.decode()
    assert client_for("teacher").get(reverse("pupils:my_children")).status_code == 404


def test_upn_and_date_of_birth_problems_are_reported_with_missing_fields_in_one_round(cast, client_for):
    response = client_for("sendco").post(
        reverse("pupils:add", args=[cast.school.urn]), {"upn": "A801200005001", "date_of_birth": "2030-01-01"}
    )
    html = response.content.decode()
    assert "check letter" in html
    assert "today or in the past" in html
    assert "This field is required." in html  # the missing names, reported in the same round


def test_my_pupils_lists_taught_pupils_on_the_register_or_with_a_barrier_only(cast, client_for):
    from pupils.models import GroupMembership

    quiet = make_pupil(cast.school, forename="Quinn", surname="Quiet")
    of_concern = make_pupil(cast.school, forename="Cora", surname="Concern")
    for pupil in (quiet, of_concern):
        GroupMembership.objects.create(pupil=pupil, group=cast.class_group, started_on=dt.date(2020, 9, 1))
    barrier_add(pupil=of_concern, title="Anxiety", description="", adjustments=[], by=cast["teacher"])
    html = client_for("teacher").get(reverse("pupils:my_pupils")).content.decode()
    assert "Quinn Quiet" not in html
    assert "Cora Concern" in html
    assert not AuditEvent.objects.filter(pupil=quiet).exclude(object_type="pupil.details").exists()


def test_changing_details_through_the_form_saves_and_audits_the_changed_fields(cast, client_for):
    pupil = cast.pupil
    data = {
        "upn": pupil.upn,
        "legal_forename": pupil.legal_forename,
        "legal_surname": pupil.legal_surname,
        "preferred_forename": "Mara",
        "preferred_surname": "",
        "date_of_birth": pupil.date_of_birth.isoformat(),
        "sex": pupil.sex,
        "year_group": pupil.year_group,
    }
    response = client_for("sendco").post(reverse("pupils:details_edit", args=[pupil.uid]), data)
    assert response.status_code == 302
    pupil.refresh_from_db()
    assert pupil.preferred_forename == "Mara"
    assert AuditEvent.objects.get(pupil=pupil, object_type="pupil.details", action="update").detail == {
        "changed": ["preferred_forename"]
    }
