"""The pupil's record: its hand-written reads (pupils.selectors.pupil_record, the access check, the cycles and
meetings it lists) give what the ORM would, and the page takes a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from plans.permissions import (
    CYCLE_EDITOR_ROLES,
    CYCLE_READER_ROLES,
    DECISION_ROLES,
    MEETING_ROLES,
    NOTE_ROLES,
    may_change,
)
from plans.selectors.cycles import cycles_for_pupil
from plans.tests.factories import start_cycle
from pupils.models import Adjustment, Barrier, Enrolment, GroupMembership, ParentLink, Pupil
from pupils.permissions import (
    PROFILE_EDITOR_ROLES,
    REGISTER_ROLES,
    PupilRights,
    access_pupil_record,
    can_change,
    is_staff_for,
    pupils_visible_to,
)
from pupils.selectors import pupil_record
from pupils.services import adjustment_archive, barrier_add, barrier_archive, profile_save_version
from register.models import Need
from register.services import need_end
from schools.models import StaffAssignment, TeachingGroup
from tests.cast import ROLES, add_secondary_need, make_pupil

pytestmark = pytest.mark.django_db


def record_url(pupil):
    return reverse("pupils:record", args=[pupil.uid])


@pytest.fixture
def history(cast):
    """The cast's pupil with something in every list of the record."""
    sendco, pupil = cast["sendco"], cast.pupil
    add_secondary_need(pupil, sendco)
    need_end(need=Need.objects.get(pupil=pupil, rank=2), ended_on=timezone.localdate(), reason="Met", by=sendco)
    add_secondary_need(pupil, sendco, code="MLD")
    kept = barrier_add(
        pupil=pupil,
        title="Fatigue",
        description="After lunch",
        adjustments=[("adjustment", "Rest breaks"), ("accommodation", "A quiet room")],
        by=sendco,
    )
    adjustment_archive(adjustment=Adjustment.objects.get(barrier=kept, description="Rest breaks"), by=sendco)
    barrier_add(pupil=pupil, title="Noise", description="", adjustments=[], by=sendco)
    gone = barrier_add(pupil=pupil, title="Old", description="", adjustments=[], by=sendco)
    barrier_archive(barrier=gone, reason="No longer", by=sendco)
    for likes in ("Trains", "Lego"):
        profile_save_version(pupil=pupil, data={"likes": likes}, change_note="", by=sendco)
    maths = TeachingGroup.objects.create(
        school=cast.school,
        academic_year=cast.class_group.academic_year,
        name="Maths 1",
        kind="teaching",
        subject="Maths",
    )
    starts = cast.class_group.academic_year.starts_on
    GroupMembership.objects.create(pupil=pupil, group=maths, started_on=starts)
    StaffAssignment.objects.create(group=maths, user=cast["teacher"], role="teacher", started_on=starts)
    StaffAssignment.objects.create(group=maths, user=cast["head"], role="ta", started_on=starts)
    return cast


def test_the_record_reads_every_list_as_the_models_hold_it(history):
    pupil = history.pupil
    record = pupil_record(pupil=pupil)

    needs = list(Need.objects.filter(pupil=pupil).order_by("rank", "-started_on"))
    assert [(n.uid, n.code_label, n.broad_area, n.rank, n.started_on) for n in record.needs] == [
        (n.uid, n.get_code_display(), n.broad_area, n.rank, n.started_on) for n in needs if n.ended_on is None
    ]
    assert [(n.code, n.ended_on, n.ended_reason) for n in record.past_needs] == [
        (n.code, n.ended_on, n.ended_reason) for n in needs if n.ended_on is not None
    ]
    assert record.profile is not None
    assert (record.profile.number, record.profile.likes, record.profile_versions) == (2, "Lego", 2)
    assert record.profile.created_at == pupil.profile_versions.get(number=2).created_at
    assert [
        (b.title, b.description, [(a.kind_label, a.description) for a in b.current_adjustments])
        for b in record.barriers
    ] == [
        ("Fatigue", "After lunch", [("Accommodation", "A quiet room")]),
        ("Noise", "", []),
    ]
    assert [b.uid for b in record.barriers] == list(
        Barrier.objects.filter(pupil=pupil, archived_at__isnull=True).values_list("uid", flat=True)
    )
    assert [(g.name, g.subject) for g in record.groups] == [("4B", ""), ("Maths 1", "Maths")]
    assert [(m.name, m.roles) for m in record.staff] == [
        ("Helen Ward", ["Teaching assistant, Maths 1"]),
        ("Sam Patel", ["SENDCo"]),
        ("Tara Singh", ["Teaching assistant, 4B"]),
        ("Tom Hughes", ["Teacher, 4B", "Teacher, Maths 1"]),
    ]
    links = ParentLink.objects.filter(pupil=pupil).select_related("parent")
    assert [(p.name, p.relationship_label, p.parental_responsibility) for p in record.parents] == [
        (link.parent.full_name, link.get_relationship_display(), link.parental_responsibility) for link in links
    ]
    assert [(e.school_name, e.started_on, e.ended_on) for e in record.enrolments] == [
        (e.school.name, e.started_on, e.ended_on) for e in Enrolment.objects.filter(pupil=pupil)
    ]
    statuses = pupil.sen_statuses.order_by("-started_on", "-id")
    assert [(s.status_label, s.started_on, s.ended_on) for s in record.statuses] == [
        (s.get_status_display(), s.started_on, s.ended_on) for s in statuses
    ]
    decisions = pupil.register_decisions.select_related("decided_by")
    assert [(d.uid, d.decided_by, d.from_label, d.to_label, d.parents_informed_on) for d in record.decisions] == [
        (d.uid, d.decided_by.full_name, d.get_from_status_display(), d.get_to_status_display(), d.parents_informed_on)
        for d in decisions
    ]


def test_a_parent_s_record_reads_nothing_only_staff_see(history, django_assert_num_queries):
    with django_assert_num_queries(4):  # needs, profile, statuses, barriers
        record = pupil_record(pupil=history.pupil, as_staff=False)
    assert record.needs
    assert record.barriers
    assert record.statuses
    assert (record.decisions, record.groups, record.staff, record.parents, record.enrolments) == ([], [], [], [], [])


def test_a_pupil_with_no_history_has_an_empty_record(cast):
    record = pupil_record(pupil=make_pupil(cast.school, forename="New", surname="Starter"))
    assert (record.needs, record.profile, record.barriers, record.groups, record.parents) == ([], None, [], [], [])
    assert [member.roles for member in record.staff] == [["SENDCo"]]


# The page's queries: the session and the user (and the session saved: three statements), the user's memberships, the pupil (with the access check), the audit
# row, then the reads of the record. Staff: the support cycles, needs, profile, groups and staff, statuses,
# decisions, barriers, parents, schools, meetings, and for a pupil on SEN support the term-by-term check of
# meetings (terms, meetings with parents, when support began). A teacher is also asked whether they teach the
# pupil (may they change the record); a parent reads needs, profile, statuses, barriers and shared meeting notes.
@pytest.mark.parametrize(("role", "count"), [("sendco", 21), ("head", 21), ("teacher", 22), ("ta", 21), ("parent", 13)])
def test_the_record_page_takes_a_fixed_number_of_queries(
    history, client_for, django_assert_num_queries, role, count: int
):
    client = client_for(role)
    client.get(record_url(history.pupil))
    with django_assert_num_queries(count):
        assert client.get(record_url(history.pupil)).status_code == 200


def _with_parent_who_teaches(cast):
    """The cast's pupils, an archived one, and the teacher as the parent of a pupil they do not teach."""
    archived = make_pupil(cast.school, forename="Old", surname="Record")
    archived.archived_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    archived.save()
    ParentLink.objects.create(
        parent=cast["teacher"], pupil=cast.untaught_pupil, relationship="father", started_on=dt.date(2020, 1, 1)
    )
    ended = make_pupil(cast.school, forename="Former", surname="Child")
    ParentLink.objects.create(
        parent=cast["parent"],
        pupil=ended,
        relationship="mother",
        started_on=dt.date(2020, 1, 1),
        ended_on=timezone.localdate(),
    )
    return [cast.pupil, cast.untaught_pupil, cast.other_pupil, archived, ended]


def test_the_record_s_access_check_agrees_with_the_visible_scope(cast):
    from django.http import Http404

    pupils = _with_parent_who_teaches(cast)
    for role in ROLES:
        user = cast[role]
        visible = set(pupils_visible_to(user).values_list("pk", flat=True))
        for pupil in pupils:
            request = RequestFactory().get(record_url(pupil))
            fresh = type(user).objects.get(pk=user.pk)  # no cached access between pupils
            request.user = fresh
            if pupil.pk not in visible:
                with pytest.raises(Http404):
                    access_pupil_record(request, pupil.uid)
                continue
            rights = access_pupil_record(request, str(pupil.uid))
            assert rights.sees_as_staff == is_staff_for(fresh, pupil), (role, pupil)
            expected = Pupil.objects.select_related("school__local_authority").get(pk=pupil.pk)
            for field in Pupil._meta.concrete_fields:
                assert getattr(rights.pupil, field.attname) == getattr(expected, field.attname), field.name
            assert rights.pupil.school.name == expected.school.name
            assert rights.pupil.school.local_authority.name == expected.school.local_authority.name


def test_the_access_check_audits_one_read_and_rejects_what_is_not_a_uid(cast):
    from django.http import Http404

    request = RequestFactory().get("/")
    request.user = cast["sendco"]
    access_pupil_record(request, cast.pupil.uid)
    event = AuditEvent.objects.get(object_type="pupil.record")
    assert (event.object_type, event.object_id, event.pupil_id, event.school_id, event.actor_id, event.detail) == (
        "pupil.record",
        str(cast.pupil.uid),
        cast.pupil.pk,
        cast.school.pk,
        cast["sendco"].pk,
        {},
    )
    with pytest.raises(Http404):
        access_pupil_record(request, "not-a-uid")


def test_rights_kept_for_a_request_answer_every_question_as_a_fresh_check_does(cast):
    # can_change and may_change build a fresh PupilRights for each question; the record keeps one and asks it
    # many: the answers it keeps must never leak from one question into another.
    pupils = _with_parent_who_teaches(cast)
    # A teacher who supports a group as a TA only: they see its pupils but may not change them as a teacher.
    group = TeachingGroup.objects.create(
        school=cast.school, academic_year=cast.class_group.academic_year, name="6 Maths", kind="teaching"
    )
    GroupMembership.objects.create(pupil=cast.untaught_pupil, group=group, started_on=dt.date(2020, 1, 1))
    StaffAssignment.objects.create(group=group, user=cast["teacher"], role="ta", started_on=dt.date(2020, 1, 1))
    role_sets = (
        CYCLE_EDITOR_ROLES,
        NOTE_ROLES,
        DECISION_ROLES,
        MEETING_ROLES,
        CYCLE_READER_ROLES,
        PROFILE_EDITOR_ROLES,
        REGISTER_ROLES,
    )
    for role in ROLES:
        for pupil in pupils:
            rights = PupilRights(user=cast[role], pupil=pupil)
            for roles in role_sets:
                assert rights.can_change(roles) == can_change(cast[role], pupil, roles=roles), (role, pupil, roles)
                assert rights.may_change(roles) == may_change(cast[role], pupil, roles=roles), (role, pupil, roles)
            assert rights.is_staff() == is_staff_for(cast[role], pupil)


def test_the_cycles_on_the_record_are_the_pupil_s_newest_first_with_only_what_it_shows(cast, django_assert_num_queries):
    first = start_cycle(cast.pupil, cast["sendco"], days_ago=30)
    with django_assert_num_queries(1):
        rows = cycles_for_pupil(pupil_id=cast.pupil.pk, today=timezone.localdate())
        assert [(row.cycle.uid, row.cycle.number, row.cycle.state, row.cycle.started_on) for row in rows] == [
            (first.uid, first.number, first.state, first.started_on)
        ]
        assert rows[0].cycle.is_open
        assert rows[0].cycle.review_due_on == first.review_due_on
    assert [row.cycle for row in rows] == [first]
    assert cycles_for_pupil(pupil_id=cast.untaught_pupil.pk, today=timezone.localdate()) == []
