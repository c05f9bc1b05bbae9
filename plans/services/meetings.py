"""Meetings with parents and the note they get (Code of Practice 6.65). Only these functions change meetings.

A note can be changed until the date it was shared with the parents is recorded: after that, what the school
wrote is what the parents have, so a correction is a new meeting note. Meetings are archived, never deleted.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record
from lib.terms import long_date
from plans.models import CycleState, Meeting, SupportCycle

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User
    from pupils.models import Pupil

# A meeting may be linked to a cycle closed this many days before it, for example to talk through the review.
RECENT_CYCLE_DAYS = 90
_NOTE_FIELDS = ("kind", "held_on", "with_parents", "attendees", "notes", "actions", "cycle")


def _lock(meeting: Meeting) -> Meeting:
    """The meeting's row, locked for the rest of the transaction, so a share and an edit cannot cross."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def meeting_note_errors(
    *,
    pupil: Pupil,
    kind: str,
    held_on: dt.date | None,
    attendees: str,
    notes: str,
    cycle: SupportCycle | None,
    today: dt.date,
    linked_cycle_id: int | None = None,
) -> dict[str, str]:
    """What is wrong with a meeting note, by field; empty when nothing is. Also used by the form view to report
    every problem in one round when some fields are missing."""
    errors: dict[str, str] = {}
    if kind not in Meeting.Kind.values:
        errors["kind"] = "Choose the kind of meeting from the list."
    if held_on is None:
        errors["held_on"] = "Enter the date of the meeting."
    elif held_on > today:
        errors["held_on"] = (
            f"The meeting date must be today or in the past: record a meeting once it has happened, "
            f"not before {long_date(today)}."
        )
    if not [line for line in attendees.splitlines() if line.strip()]:
        errors["attendees"] = "Write who came to the meeting, one per line, with their role (for example 'Mum')."
    if not notes.strip():
        errors["notes"] = "Write what was discussed: this is the note the parents will get."
    if cycle is not None:
        if cycle.pupil_id != pupil.pk:
            errors["cycle"] = "Choose one of this pupil's support cycles."
        elif (
            cycle.pk != linked_cycle_id
            and cycle.state == CycleState.CLOSED
            and (cycle.closed_on is None or cycle.closed_on < today - dt.timedelta(days=RECENT_CYCLE_DAYS))
        ):
            errors["cycle"] = (
                f"Support cycle {cycle.number} closed more than {RECENT_CYCLE_DAYS} days ago: link the meeting to "
                "the current cycle, or to none."
            )
        elif held_on is not None and "held_on" not in errors and held_on < cycle.started_on:
            errors["held_on"] = (
                f"Support cycle {cycle.number} started on {long_date(cycle.started_on)}, after this meeting: "
                "check the date, or link the meeting to no cycle."
            )
    return errors


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


@transaction.atomic
def meeting_record(
    *,
    pupil: Pupil,
    kind: str,
    held_on: dt.date | None,
    with_parents: bool,
    attendees: str,
    notes: str,
    actions: str,
    cycle: SupportCycle | None,
    by: User,
    request: HttpRequest | None = None,
) -> Meeting:
    """Record a meeting about a pupil: who came, what was discussed and what was agreed."""
    errors = meeting_note_errors(
        pupil=pupil,
        kind=kind,
        held_on=held_on,
        attendees=attendees,
        notes=notes,
        cycle=cycle,
        today=timezone.localdate(),
    )
    if errors:
        raise ValidationError(errors)
    assert held_on is not None  # noqa: S101 - checked above
    meeting = Meeting.objects.create(
        pupil=pupil,
        school_id=pupil.school_id,
        cycle=cycle,
        kind=kind,
        held_on=held_on,
        with_parents=with_parents,
        attendees=_clean(attendees),
        notes=_clean(notes),
        actions=_clean(actions),
        recorded_by=by,
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="plans.meeting",
        object_id=meeting.uid,
        pupil=pupil,
        request=request,
        detail={"kind": kind, "with_parents": with_parents, "cycle": str(cycle.uid) if cycle else ""},
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    kind: str,
    held_on: dt.date | None,
    with_parents: bool,
    attendees: str,
    notes: str,
    actions: str,
    cycle: SupportCycle | None,
    by: User,
    request: HttpRequest | None = None,
) -> Meeting:
    """Change a meeting's note while it has not been shared with the parents."""
    locked = _lock(meeting)
    if locked.archived_at is not None:
        raise ValidationError("This meeting has been archived, so its note can no longer be changed.")
    if locked.shared_with_parents_on is not None:
        raise ValidationError(
            f"This note was shared with the parents on {long_date(locked.shared_with_parents_on)}, so it can no "
            "longer be changed: what they have is the record. Record a new meeting note to add to it or correct it."
        )
    errors = meeting_note_errors(
        pupil=meeting.pupil,
        kind=kind,
        held_on=held_on,
        attendees=attendees,
        notes=notes,
        cycle=cycle,
        today=timezone.localdate(),
        linked_cycle_id=locked.cycle_id,
    )
    if errors:
        raise ValidationError(errors)
    new = {
        "kind": kind,
        "held_on": held_on,
        "with_parents": with_parents,
        "attendees": _clean(attendees),
        "notes": _clean(notes),
        "actions": _clean(actions),
        "cycle": cycle,
    }
    changed = [name for name in _NOTE_FIELDS if getattr(locked, name) != new[name]]
    for name in changed:
        setattr(locked, name, new[name])
    if changed:
        locked.save(update_fields=changed)
        # The audit trail is append-only, so it names the fields that changed, never their values.
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            object_type="plans.meeting",
            object_id=locked.uid,
            pupil=meeting.pupil,
            request=request,
            detail={"changed": changed},
        )
    return locked


@transaction.atomic
def meeting_share(
    *, meeting: Meeting, shared_on: dt.date | None, by: User, request: HttpRequest | None = None
) -> Meeting:
    """Record the day the note went to the parents. From then on they see it, and it is no longer changed."""
    locked = _lock(meeting)
    today = timezone.localdate()
    if locked.archived_at is not None:
        raise ValidationError("This meeting has been archived: an archived note is not shared with parents.")
    if locked.shared_with_parents_on is not None:
        raise ValidationError(
            f"This note was already recorded as shared with the parents on {long_date(locked.shared_with_parents_on)}."
        )
    if shared_on is None:
        raise ValidationError({"shared_on": "Enter the date the note was shared with the parents."})
    if shared_on < locked.held_on:
        raise ValidationError(
            {
                "shared_on": (
                    f"The note cannot be shared before the meeting, on {long_date(locked.held_on)}: "
                    "enter that date or a later one."
                )
            }
        )
    if shared_on > today:
        raise ValidationError(
            {"shared_on": "The date the note was shared must be today or in the past: record it once it has gone."}
        )
    locked.shared_with_parents_on = shared_on
    locked.save(update_fields=["shared_with_parents_on"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="plans.meeting",
        object_id=locked.uid,
        pupil=meeting.pupil,
        request=request,
        detail={"changed": ["shared_with_parents_on"]},
    )
    return locked


@transaction.atomic
def meeting_archive(*, meeting: Meeting, by: User, request: HttpRequest | None = None) -> Meeting:
    """Take a meeting out of the lists and the counts (for example, recorded against the wrong pupil). The row
    stays, with who archived it in the audit trail; parents no longer see its note."""
    locked = _lock(meeting)
    if locked.archived_at is not None:
        raise ValidationError("This meeting is already archived.")
    locked.archived_at = timezone.now()
    locked.save(update_fields=["archived_at"])
    audit_record(
        actor=by,
        action=AuditAction.ARCHIVE,
        object_type="plans.meeting",
        object_id=locked.uid,
        pupil=meeting.pupil,
        request=request,
    )
    return locked
