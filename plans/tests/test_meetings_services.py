"""Meetings with parents: recording, changing, sharing and archiving a note (plans.services.meetings)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from audit.models import AuditAction, AuditEvent
from plans.models import CycleState, Meeting, SupportCycle
from plans.services.meetings import meeting_archive, meeting_record, meeting_share, meeting_update
from pupils.models import Pupil
from tests.cast import Cast

# A Tuesday in the summer term of the cast's academic year (2025/26).
TODAY = dt.date(2026, 5, 12)


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[dt.date]:
    with time_machine.travel(dt.datetime(2026, 5, 12, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        yield TODAY


@pytest.fixture
def pupil(cast: Cast) -> Pupil:
    assert cast.pupil is not None
    return cast.pupil


def make_cycle(cast: Cast, pupil: Pupil, **values: Any) -> SupportCycle:
    fields: dict[str, Any] = {
        "number": 1,
        "state": CycleState.DO,
        "started_on": TODAY - dt.timedelta(days=40),
        "concern": "Finds it hard to follow spoken instructions.",
    }
    fields.update(values)
    return SupportCycle.objects.create(pupil=pupil, school=pupil.school, started_by=cast["sendco"], **fields)


def record(cast: Cast, pupil: Pupil, **overrides: Any) -> Meeting:
    values: dict[str, Any] = {
        "kind": Meeting.Kind.PROGRESS,
        "held_on": TODAY - dt.timedelta(days=2),
        "with_parents": True,
        "attendees": "Mrs Okafor (Mum)\nMr Hughes (class teacher)",
        "notes": "We talked about how Amara is getting on with her reading.",
        "actions": "Read together at home three times a week (Mum)",
        "cycle": None,
        "by": cast["teacher"],
    }
    values.update(overrides)
    return meeting_record(pupil=pupil, **values)


def change(meeting: Meeting, cast: Cast, **overrides: Any) -> Meeting:
    values: dict[str, Any] = {
        "kind": meeting.kind,
        "held_on": meeting.held_on,
        "with_parents": meeting.with_parents,
        "attendees": meeting.attendees,
        "notes": meeting.notes,
        "actions": meeting.actions,
        "cycle": meeting.cycle,
        "by": cast["sendco"],
    }
    values.update(overrides)
    return meeting_update(meeting=meeting, **values)


def refused(info: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return info.value.message_dict


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="plans.meeting", action=action))


def test_recording_a_meeting_saves_the_note_and_audits_it_without_its_text(cast: Cast, pupil: Pupil) -> None:
    cycle = make_cycle(cast, pupil)

    meeting = record(cast, pupil, cycle=cycle, attendees="  Mrs Okafor (Mum)  \n\nMr Hughes  \n")

    meeting.refresh_from_db()
    assert (meeting.pupil, meeting.school, meeting.cycle, meeting.recorded_by) == (
        pupil,
        pupil.school,
        cycle,
        cast["teacher"],
    )
    assert meeting.attendees == "Mrs Okafor (Mum)\n\nMr Hughes"
    assert meeting.shared_with_parents_on is None
    [event] = events(AuditAction.CREATE)
    assert (event.pupil, event.actor, event.object_id) == (pupil, cast["teacher"], str(meeting.uid))
    assert event.detail == {"kind": "progress", "with_parents": True, "cycle": str(cycle.uid)}
    assert "reading" not in str(event.detail)


def test_a_meeting_in_the_future_is_refused_and_nothing_is_saved(cast: Cast, pupil: Pupil) -> None:
    with pytest.raises(ValidationError) as info:
        record(cast, pupil, held_on=TODAY + dt.timedelta(days=1))

    assert "today or in the past" in refused(info)["held_on"][0]
    assert not Meeting.objects.exists()
    assert not events(AuditAction.CREATE)


def test_a_meeting_today_is_accepted(cast: Cast, pupil: Pupil) -> None:
    assert record(cast, pupil, held_on=TODAY).held_on == TODAY


@pytest.mark.parametrize("attendees", ["", "   ", "\n \n"])
def test_a_meeting_with_no_attendees_is_refused(cast: Cast, pupil: Pupil, attendees: str) -> None:
    with pytest.raises(ValidationError) as info:
        record(cast, pupil, attendees=attendees)

    assert refused(info)["attendees"] == [
        "Write who came to the meeting, one per line, with their role (for example 'Mum')."
    ]
    assert not Meeting.objects.exists()


def test_a_meeting_without_notes_a_date_or_a_known_kind_reports_every_problem_at_once(cast: Cast, pupil: Pupil) -> None:
    with pytest.raises(ValidationError) as info:
        record(cast, pupil, notes="  ", held_on=None, kind="party", attendees="")

    assert set(refused(info)) == {"notes", "held_on", "kind", "attendees"}
    assert not Meeting.objects.exists()


def test_a_cycle_of_another_pupil_is_refused(cast: Cast, pupil: Pupil) -> None:
    assert cast.untaught_pupil is not None
    other = make_cycle(cast, cast.untaught_pupil)

    with pytest.raises(ValidationError) as info:
        record(cast, pupil, cycle=other)

    assert refused(info)["cycle"] == ["Choose one of this pupil's support cycles."]


def test_a_cycle_closed_long_ago_is_refused_but_a_recent_one_is_accepted(cast: Cast, pupil: Pupil) -> None:
    old = make_cycle(
        cast, pupil, state=CycleState.CLOSED, started_on=dt.date(2025, 9, 10), closed_on=dt.date(2025, 12, 1)
    )
    recent = make_cycle(
        cast, pupil, number=2, state=CycleState.CLOSED, started_on=dt.date(2026, 1, 10), closed_on=dt.date(2026, 3, 20)
    )

    with pytest.raises(ValidationError) as info:
        record(cast, pupil, cycle=old)

    assert "closed more than 90 days ago" in refused(info)["cycle"][0]
    assert record(cast, pupil, cycle=recent).cycle == recent


def test_a_meeting_before_its_cycle_started_is_refused(cast: Cast, pupil: Pupil) -> None:
    cycle = make_cycle(cast, pupil, started_on=TODAY - dt.timedelta(days=5))

    with pytest.raises(ValidationError) as info:
        record(cast, pupil, cycle=cycle, held_on=TODAY - dt.timedelta(days=6))

    assert "started on 7 May 2026, after this meeting" in refused(info)["held_on"][0]


def test_changing_a_note_saves_it_and_audits_which_fields_changed(cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)

    change(meeting, cast, notes="We talked about reading and spelling.", kind=Meeting.Kind.REVIEW)

    meeting.refresh_from_db()
    assert (meeting.notes, meeting.kind) == ("We talked about reading and spelling.", "review")
    [event] = events(AuditAction.UPDATE)
    assert event.detail == {"changed": ["kind", "notes"]}
    assert event.actor == cast["sendco"]


def test_saving_a_note_unchanged_writes_no_audit_event(cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)

    change(meeting, cast)

    assert not events(AuditAction.UPDATE)


def test_a_change_with_bad_input_is_refused_and_the_note_is_kept(cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)

    with pytest.raises(ValidationError) as info:
        change(meeting, cast, attendees="", held_on=TODAY + dt.timedelta(days=3))

    assert set(refused(info)) == {"attendees", "held_on"}
    meeting.refresh_from_db()
    assert meeting.attendees.startswith("Mrs Okafor")


def test_a_note_shared_with_the_parents_cannot_be_changed(cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)
    meeting_share(meeting=meeting, shared_on=TODAY, by=cast["teacher"])

    with pytest.raises(ValidationError) as info:
        change(meeting, cast, notes="Something else.")

    assert info.value.messages == [
        "This note was shared with the parents on 12 May 2026, so it can no longer be changed: what they have is "
        "the record. Record a new meeting note to add to it or correct it."
    ]
    meeting.refresh_from_db()
    assert meeting.notes.startswith("We talked about how Amara")


def test_an_archived_note_cannot_be_changed(cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)
    meeting_archive(meeting=meeting, by=cast["sendco"])

    with pytest.raises(ValidationError, match="archived"):
        change(meeting, cast, notes="Something else.")


def test_a_note_keeps_its_cycle_after_the_cycle_is_no_longer_recent(cast: Cast, pupil: Pupil) -> None:
    cycle = make_cycle(cast, pupil, started_on=dt.date(2025, 9, 10))
    meeting = record(cast, pupil, cycle=cycle, held_on=dt.date(2025, 10, 1))
    SupportCycle.objects.filter(pk=cycle.pk).update(state=CycleState.CLOSED, closed_on=dt.date(2025, 12, 1))
    cycle.refresh_from_db()

    change(meeting, cast, notes="Corrected spelling.", cycle=cycle)

    meeting.refresh_from_db()
    assert (meeting.cycle, meeting.notes) == (cycle, "Corrected spelling.")


def test_sharing_a_note_records_the_date_and_audits_it(cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)

    meeting_share(meeting=meeting, shared_on=TODAY - dt.timedelta(days=1), by=cast["teacher"])

    meeting.refresh_from_db()
    assert meeting.shared_with_parents_on == TODAY - dt.timedelta(days=1)
    [event] = events(AuditAction.UPDATE)
    assert event.detail == {"changed": ["shared_with_parents_on"]}


@pytest.mark.parametrize(
    ("shared_on", "message"),
    [
        (None, "Enter the date the note was shared with the parents."),
        (
            dt.date(2026, 5, 9),
            "The note cannot be shared before the meeting, on 10 May 2026: enter that date or a later one.",
        ),
        (
            dt.date(2026, 5, 13),
            "The date the note was shared must be today or in the past: record it once it has gone.",
        ),
    ],
)
def test_a_bad_shared_date_is_refused(cast: Cast, pupil: Pupil, shared_on: dt.date | None, message: str) -> None:
    meeting = record(cast, pupil)

    with pytest.raises(ValidationError) as info:
        meeting_share(meeting=meeting, shared_on=shared_on, by=cast["teacher"])

    assert refused(info) == {"shared_on": [message]}
    meeting.refresh_from_db()
    assert meeting.shared_with_parents_on is None
    assert not events(AuditAction.UPDATE)


def test_a_note_is_shared_once(cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)
    meeting_share(meeting=meeting, shared_on=TODAY - dt.timedelta(days=1), by=cast["teacher"])

    with pytest.raises(ValidationError, match="already recorded as shared with the parents on 11 May 2026"):
        meeting_share(meeting=meeting, shared_on=TODAY, by=cast["teacher"])

    meeting.refresh_from_db()
    assert meeting.shared_with_parents_on == TODAY - dt.timedelta(days=1)


def test_an_archived_note_is_not_shared(cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)
    meeting_archive(meeting=meeting, by=cast["sendco"])

    with pytest.raises(ValidationError, match="archived"):
        meeting_share(meeting=meeting, shared_on=TODAY, by=cast["teacher"])


def test_archiving_keeps_the_meeting_and_audits_it(cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)

    meeting_archive(meeting=meeting, by=cast["sendco"])

    meeting.refresh_from_db()
    assert meeting.archived_at is not None
    [event] = events(AuditAction.ARCHIVE)
    assert (event.actor, event.object_id) == (cast["sendco"], str(meeting.uid))


def test_a_meeting_is_archived_once(cast: Cast, pupil: Pupil) -> None:
    meeting = record(cast, pupil)
    meeting_archive(meeting=meeting, by=cast["sendco"])

    with pytest.raises(ValidationError, match="already archived"):
        meeting_archive(meeting=meeting, by=cast["sendco"])

    assert len(events(AuditAction.ARCHIVE)) == 1
