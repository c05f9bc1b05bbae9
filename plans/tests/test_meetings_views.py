"""Meeting pages: who reaches them, what they show, and the note as a page and a PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from plans.models import CycleState, Meeting, SupportCycle
from plans.selectors.meetings import record_meetings
from plans.services.meetings import meeting_archive, meeting_record, meeting_share
from pupils.models import Pupil
from schools.models import Term
from tests.cast import Cast

TODAY = dt.date(2026, 5, 12)


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[dt.date]:
    with time_machine.travel(dt.datetime(2026, 5, 12, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        yield TODAY


@pytest.fixture
def pupil(cast: Cast) -> Pupil:
    assert cast.pupil is not None
    return cast.pupil


@pytest.fixture
def untaught(cast: Cast) -> Pupil:
    assert cast.untaught_pupil is not None
    return cast.untaught_pupil


def record(cast: Cast, pupil: Pupil, **overrides: Any) -> Meeting:
    values: dict[str, Any] = {
        "kind": Meeting.Kind.PROGRESS,
        "held_on": TODAY - dt.timedelta(days=2),
        "with_parents": True,
        "attendees": "Mrs Okafor (Mum)\nMr Hughes (class teacher)",
        "notes": "We talked about how reading is going.",
        "actions": "Read together at home three times a week (Mum)",
        "cycle": None,
        "by": cast["teacher"],
    }
    values.update(overrides)
    return meeting_record(pupil=pupil, **values)


def shared(cast: Cast, pupil: Pupil, **overrides: Any) -> Meeting:
    meeting = record(cast, pupil, **overrides)
    return meeting_share(meeting=meeting, shared_on=TODAY, by=cast["teacher"])


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "held_on": "2026-05-11",
        "kind": "plan",
        "with_parents": "yes",
        "attendees": "Mrs Okafor (Mum)\nMs Patel (SENDCo)",
        "notes": "We agreed the plan for the summer term.",
        "actions": "Practise spellings at home (Mum)",
        "cycle": "",
    }
    data.update(overrides)
    return data


def test_teacher_records_a_meeting_linked_to_the_open_cycle(client_for: Any, cast: Cast, pupil: Pupil) -> None:
    cycle = SupportCycle.objects.create(
        pupil=pupil,
        school=pupil.school,
        number=1,
        state=CycleState.DO,
        started_on=TODAY - dt.timedelta(days=30),
        started_by=cast["sendco"],
        concern="Reading.",
    )
    client = client_for("teacher")
    page = client.get(reverse("plans:meeting_add", args=[pupil.uid]))
    assert page.status_code == 200
    # The open cycle is chosen for the teacher, and today is the suggested date.
    assert page.context["form"].initial["cycle"] == cycle.pk
    assert page.context["form"].initial["held_on"] == TODAY

    response = client.post(reverse("plans:meeting_add", args=[pupil.uid]), form_data(cycle=str(cycle.pk)))

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:meeting", args=[meeting.uid])
    assert (meeting.kind, meeting.held_on, meeting.cycle, meeting.recorded_by) == (
        "plan",
        dt.date(2026, 5, 11),
        cycle,
        cast["teacher"],
    )
    assert AuditEvent.objects.filter(object_type="plans.meeting", action=AuditAction.CREATE).count() == 1


def test_a_meeting_in_the_future_is_shown_back_with_the_message_and_nothing_saved(
    client_for: Any, pupil: Pupil
) -> None:
    response = client_for("sendco").post(
        reverse("plans:meeting_add", args=[pupil.uid]), form_data(held_on="2026-05-13", attendees="")
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "record a meeting once it has happened" in body
    assert "Write who came to the meeting" in body
    # What was typed is kept.
    assert "We agreed the plan for the summer term." in body
    assert not Meeting.objects.exists()


def test_a_cycle_of_another_pupil_cannot_be_chosen(client_for: Any, cast: Cast, pupil: Pupil, untaught: Pupil) -> None:
    other = SupportCycle.objects.create(
        pupil=untaught,
        school=untaught.school,
        number=1,
        started_on=TODAY - dt.timedelta(days=30),
        started_by=cast["sendco"],
        concern="Worry.",
    )

    response = client_for("sendco").post(reverse("plans:meeting_add", args=[pupil.uid]), form_data(cycle=str(other.pk)))

    assert response.status_code == 200
    assert "Choose one of the pupil" in response.content.decode()
    assert not Meeting.objects.exists()


def test_teacher_of_another_class_cannot_see_the_meetings_of_a_pupil_they_do_not_teach(
    client_for: Any, cast: Cast, untaught: Pupil
) -> None:
    meeting = shared(cast, untaught, by=cast["sendco"])
    client = client_for("teacher")

    for url in (
        reverse("plans:pupil_meetings", args=[untaught.uid]),
        reverse("plans:meeting_add", args=[untaught.uid]),
        reverse("plans:meeting", args=[meeting.uid]),
        reverse("plans:meeting_pdf", args=[meeting.uid]),
        reverse("plans:meeting_edit", args=[meeting.uid]),
    ):
        assert client.get(url).status_code == 404, url


def test_teaching_assistant_reads_meetings_but_cannot_change_them(client_for: Any, cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)
    client = client_for("ta")

    assert client.get(reverse("plans:pupil_meetings", args=[pupil.uid])).status_code == 200
    assert client.get(reverse("plans:meeting", args=[meeting.uid])).status_code == 200
    assert client.post(reverse("plans:meeting_add", args=[pupil.uid]), form_data()).status_code == 403
    assert client.post(reverse("plans:meeting_edit", args=[meeting.uid]), form_data()).status_code == 403
    assert (
        client.post(reverse("plans:meeting_share", args=[meeting.uid]), {"shared_on": "2026-05-12"}).status_code == 403
    )
    assert client.post(reverse("plans:meeting_archive", args=[meeting.uid])).status_code == 403
    meeting.refresh_from_db()
    assert (meeting.kind, meeting.shared_with_parents_on, meeting.archived_at) == ("progress", None, None)
    assert Meeting.objects.count() == 1


def test_the_note_page_offers_staff_only_what_they_may_do(client_for: Any, cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)
    edit = reverse("plans:meeting_edit", args=[meeting.uid])

    teacher_page = client_for("teacher").get(reverse("plans:meeting", args=[meeting.uid]))
    head_page = client_for("head").get(reverse("plans:meeting", args=[meeting.uid]))

    assert teacher_page.context["can_edit"]
    assert teacher_page.context["can_share"]
    assert edit in teacher_page.content.decode()
    assert not head_page.context["can_edit"]
    assert not head_page.context["can_archive"]
    assert edit not in head_page.content.decode()
    assert "Not yet shared with the parents" in head_page.content.decode()
    assert teacher_page["Cache-Control"] == "no-store"


def test_parent_sees_only_the_notes_shared_with_them(client_for: Any, cast: Cast, pupil: Pupil) -> None:
    draft = record(cast, pupil, notes="Draft, not yet sent.")
    sent = shared(cast, pupil, notes="We talked about the summer term.")
    withdrawn = shared(cast, pupil, notes="Recorded against the wrong child.")
    meeting_archive(meeting=withdrawn, by=cast["sendco"])
    client = client_for("parent")

    listing = client.get(reverse("plans:child_meetings", args=[pupil.uid]))

    assert listing.status_code == 200
    assert listing.context["meetings"] == [sent]
    assert client.get(reverse("plans:meeting", args=[sent.uid])).status_code == 200
    for hidden in (draft, withdrawn):
        assert client.get(reverse("plans:meeting", args=[hidden.uid])).status_code == 404
        assert client.get(reverse("plans:meeting_pdf", args=[hidden.uid])).status_code == 404
    # Parents never reach the staff pages.
    assert client.get(reverse("plans:pupil_meetings", args=[pupil.uid])).status_code == 404
    assert client.get(reverse("plans:meeting_edit", args=[sent.uid])).status_code == 404


def test_parent_reads_a_shared_note_without_staff_details(client_for: Any, cast: Cast, pupil: Pupil) -> None:
    meeting = shared(cast, pupil)

    response = client_for("parent").get(reverse("plans:meeting", args=[meeting.uid]))

    body = response.content.decode()
    assert "The school shared this note with you on 12 May 2026." in body
    assert "What we talked about" in body
    assert "Read together at home three times a week (Mum)" in body
    assert "Recorded by" not in body
    assert reverse("plans:meeting_edit", args=[meeting.uid]) not in body
    event = AuditEvent.objects.filter(object_type="plans.meeting_note").get()
    assert (event.actor, event.pupil, event.action) == (cast["parent"], pupil, AuditAction.VIEW)


def test_a_parent_cannot_see_another_childs_notes(client_for: Any, cast: Cast, untaught: Pupil) -> None:
    meeting = shared(cast, untaught, by=cast["sendco"])
    client = client_for("parent")

    assert client.get(reverse("plans:meeting", args=[meeting.uid])).status_code == 404
    assert client.get(reverse("plans:child_meetings", args=[untaught.uid])).status_code == 404


def test_outsider_cannot_reach_any_meeting(client_for: Any, cast: Cast, pupil: Pupil) -> None:
    meeting = shared(cast, pupil)
    client = client_for("outsider")

    for url in (
        reverse("plans:pupil_meetings", args=[pupil.uid]),
        reverse("plans:meeting", args=[meeting.uid]),
        reverse("plans:meeting_pdf", args=[meeting.uid]),
        reverse("plans:meeting_archive", args=[meeting.uid]),
        reverse("plans:child_meetings", args=[pupil.uid]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_note_as_a_pdf_is_audited_as_printed(client_for: Any, cast: Cast, pupil: Pupil) -> None:
    meeting = shared(cast, pupil)

    response = client_for("parent").get(reverse("plans:meeting_pdf", args=[meeting.uid]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    assert 'filename="meeting-note-2026-05-10.pdf"' in response["Content-Disposition"]
    assert AuditEvent.objects.filter(object_type="plans.meeting_note", action=AuditAction.PRINT).count() == 1


def test_changing_a_note_before_it_is_shared(client_for: Any, cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)
    url = reverse("plans:meeting_edit", args=[meeting.uid])
    client = client_for("teacher")
    assert client.get(url).context["form"].initial["notes"] == "We talked about how reading is going."

    response = client.post(url, form_data(notes="We talked about reading and writing.", kind="progress"))

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes == "We talked about reading and writing."


def test_a_shared_note_offers_no_form_and_refuses_a_change(client_for: Any, cast: Cast, pupil: Pupil) -> None:
    meeting = shared(cast, pupil)
    url = reverse("plans:meeting_edit", args=[meeting.uid])
    client = client_for("sendco")

    page = client.get(url)
    response = client.post(url, form_data(notes="Rewritten after the event."))

    assert "so it can no longer be changed" in page.content.decode()
    assert "<form" not in page.content.decode().split('id="main-content"')[-1]
    assert response.status_code == 200
    assert "so it can no longer be changed" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.notes == "We talked about how reading is going."


def test_recording_that_the_note_was_shared(client_for: Any, cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)
    url = reverse("plans:meeting_share", args=[meeting.uid])
    client = client_for("teacher")

    early = client.post(url, {"shared_on": "2026-05-01"})
    response = client.post(url, {"shared_on": "2026-05-12"})

    assert early.status_code == 200
    assert "cannot be shared before the meeting" in early.content.decode()
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.shared_with_parents_on == TODAY


def test_archiving_a_meeting_from_its_page(client_for: Any, cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)
    url = reverse("plans:meeting_archive", args=[meeting.uid])
    client = client_for("sendco")
    assert "Archive meeting" in client.get(url).content.decode()

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("plans:pupil_meetings", args=[pupil.uid])
    meeting.refresh_from_db()
    assert meeting.archived_at is not None
    again = client.post(url)
    assert again.status_code == 200
    assert "archived on" in again.content.decode()


def test_the_meetings_page_lists_current_and_archived_meetings(client_for: Any, cast: Cast, pupil: Pupil) -> None:
    kept = record(cast, pupil)
    gone = record(cast, pupil, held_on=TODAY - dt.timedelta(days=9))
    meeting_archive(meeting=gone, by=cast["sendco"])

    response = client_for("head").get(reverse("plans:pupil_meetings", args=[pupil.uid]))

    assert response.context["meetings"] == [kept]
    assert response.context["archived"] == [gone]
    assert response.context["can_record_meeting"] is False
    assert response.context["meeting_flags"] is not None


@pytest.mark.parametrize("count", [1, 12])
def test_the_meetings_page_takes_a_fixed_number_of_queries(
    client_for: Any, cast: Cast, pupil: Pupil, django_assert_num_queries: Any, count: int
) -> None:
    for day in range(count):
        shared(cast, pupil, held_on=TODAY - dt.timedelta(days=day + 1))
    client = client_for("sendco")
    url = reverse("plans:pupil_meetings", args=[pupil.uid])
    client.get(url)

    with django_assert_num_queries(13):
        client.get(url)


def test_staff_see_every_current_meeting_on_the_record_and_parents_only_shared_notes(cast: Cast, pupil: Pupil) -> None:
    draft = record(cast, pupil)
    sent = shared(cast, pupil, held_on=TODAY - dt.timedelta(days=20))

    staff = record_meetings(pupil=pupil, user=cast["sendco"], today=TODAY)
    ta = record_meetings(pupil=pupil, user=cast["ta"], today=TODAY)
    parent = record_meetings(pupil=pupil, user=cast["parent"], today=TODAY)

    assert staff.meetings == [draft, sent]
    assert staff.can_record_meeting
    assert staff.meeting_flags is not None
    assert staff.meeting_flags.held == 2
    assert not ta.can_record_meeting
    assert parent.meetings == [sent]
    assert (parent.meeting_flags, parent.can_record_meeting) == (None, False)


def test_the_record_section_renders_for_staff_and_for_parents(cast: Cast, pupil: Pupil) -> None:
    sent = shared(cast, pupil)
    staff = record_meetings(pupil=pupil, user=cast["sendco"], today=TODAY)
    parent = record_meetings(pupil=pupil, user=cast["parent"], today=TODAY)

    def render(section: Any, is_staff: bool) -> str:
        return render_to_string(
            "plans/_record_meetings.html",
            {
                "meetings": section.meetings,
                "meeting_flags": section.meeting_flags,
                "can_record_meeting": section.can_record_meeting,
                "pupil": pupil,
                "is_staff": is_staff,
            },
        )

    staff_html = render(staff, True)
    parent_html = render(parent, False)

    assert reverse("plans:meeting_add", args=[pupil.uid]) in staff_html
    assert "Meetings with parents this year, term by term" in staff_html
    assert reverse("plans:meeting", args=[sent.uid]) in parent_html
    assert reverse("plans:child_meetings", args=[pupil.uid]) in parent_html
    assert reverse("plans:meeting_add", args=[pupil.uid]) not in parent_html
    assert "term by term" not in parent_html


def test_my_children_links_to_each_childs_meeting_notes(client_for: Any, pupil: Pupil) -> None:
    response = client_for("parent").get(reverse("pupils:my_children"))

    assert reverse("plans:child_meetings", args=[pupil.uid]) in response.content.decode()


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [("sendco", "Work queue", "My work"), ("head", "Work queue", "My work"), ("teacher", "My work", "Work queue")],
)
def test_home_page_links_to_the_work_queue(client_for: Any, cast: Cast, role: str, present: str, absent: str) -> None:
    body = client_for(role).get(reverse("accounts:home")).content.decode()

    assert present in body
    assert absent not in body
    if role != "teacher":
        assert reverse("plans:queue", args=[cast.school.urn]) in body


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(reverse("plans:my_work"))

    assert response.status_code == 302


def test_the_record_section_asks_for_term_dates_when_the_school_has_none(cast: Cast, pupil: Pupil) -> None:
    Term.objects.filter(school=pupil.school).delete()

    section = record_meetings(pupil=pupil, user=cast["sendco"], today=TODAY)
    html = render_to_string(
        "plans/_record_meetings.html",
        {
            "meetings": [],
            "meeting_flags": None,
            "terms_missing": section.terms_missing,
            "pupil": pupil,
            "is_staff": True,
        },
    )

    assert section.terms_missing
    assert section.meeting_flags is None
    assert "needs this year's term dates" in html
