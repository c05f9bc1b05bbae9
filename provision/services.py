"""Changes to the provision map. Only these functions write provision rows; each is atomic and audited.

Dates are half-open, as everywhere in OpenSEND: a place applies from started_on and stops applying on ended_on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.selectors import active_q
from audit.models import AuditAction
from audit.services import audit_record, audit_record_pupils
from lib.costs import session_cost
from provision.models import (
    AreaOfNeed,
    Attendance,
    Intervention,
    InterventionGroup,
    InterventionKind,
    Measure,
    NotionalBudget,
    Place,
    Session,
    SessionStatus,
    StaffRate,
    StaffRole,
    TimetableSlot,
)
from pupils.models import Pupil
from schools.models import AcademicYear, School

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User
    from plans.models import PlannedProvision

MAX_SESSION_MINUTES = 240
INTERVENTION_FIELDS = (
    "name",
    "description",
    "area",
    "other_areas",
    "evidence",
    "kind",
    "staff_role",
    "group_size",
    "sessions_per_week",
    "minutes_per_session",
    "weeks",
    "fixed_cost_per_term",
    "measure",
    "measure_label",
    "higher_is_better",
)


def _intervention_errors(school: School, data: dict[str, Any], *, exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = "Enter the name of the intervention."
    elif (
        Intervention.objects.filter(school=school, name__iexact=name, archived_at__isnull=True)
        .exclude(pk=exclude or 0)
        .exists()
    ):
        errors["name"] = "The catalogue already has an intervention with this name. Choose another name."
    for key, what in (
        ("group_size", "group size"),
        ("sessions_per_week", "sessions a week"),
        ("minutes_per_session", "minutes a session"),
        ("weeks", "length in weeks"),
    ):
        value = data.get(key)
        if value is None or value < 1:
            errors[key] = f"Enter a {what} of 1 or more."
    if (data.get("minutes_per_session") or 0) > MAX_SESSION_MINUTES:
        errors["minutes_per_session"] = f"A session is at most {MAX_SESSION_MINUTES} minutes."
    if data.get("kind") == InterventionKind.ONE_TO_ONE and data.get("group_size", 1) != 1:
        errors["group_size"] = "A one-to-one intervention has a group size of 1."
    if (data.get("fixed_cost_per_term") or Decimal(0)) < 0:
        errors["fixed_cost_per_term"] = "Fixed costs cannot be negative. Enter 0 if there are none."
    if data.get("measure") == Measure.CUSTOM and not (data.get("measure_label") or "").strip():
        errors["measure_label"] = "Enter the name of the custom scale."
    other = data.get("other_areas") or []
    if any(area not in AreaOfNeed.values for area in other):
        errors["other_areas"] = "Choose areas of need from the list."
    return errors


@transaction.atomic
def intervention_create(
    *, school: School, data: dict[str, Any], by: User, request: HttpRequest | None = None
) -> Intervention:
    """Add an intervention or adjustment to the school's catalogue."""
    errors = _intervention_errors(school, data)
    if errors:
        raise ValidationError(errors)
    values = {key: data[key] for key in INTERVENTION_FIELDS if key in data}
    values["name"] = values["name"].strip()
    values["other_areas"] = [area for area in values.get("other_areas", []) if area != values.get("area")]
    intervention = Intervention.objects.create(school=school, **values)
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="provision.intervention",
        object_id=intervention.uid,
        school=school,
        request=request,
    )
    return intervention


@transaction.atomic
def intervention_update(
    *, intervention: Intervention, data: dict[str, Any], by: User, request: HttpRequest | None = None
) -> Intervention:
    """Change a catalogue entry. Running groups keep their own minutes and role; costs already logged stay as they were."""
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    errors = _intervention_errors(intervention.school, data, exclude=intervention.pk)
    if errors:
        raise ValidationError(errors)
    changed = []
    for key in INTERVENTION_FIELDS:
        if key in data and getattr(intervention, key) != data[key]:
            setattr(intervention, key, data[key].strip() if key == "name" else data[key])
            changed.append(key)
    intervention.save()
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="provision.intervention",
        object_id=intervention.uid,
        school=intervention.school,
        request=request,
        detail={"fields": changed},
    )
    return intervention


@transaction.atomic
def staff_rate_set(
    *,
    school: School,
    role: str,
    hourly_cost: Decimal,
    started_on: dt.date,
    by: User,
    request: HttpRequest | None = None,
) -> StaffRate:
    """A new hourly cost for a role from a date: the open rate closes that day. Sessions already logged keep the
    cost worked out when they were logged."""
    if role not in StaffRole.values:
        raise ValidationError({"role": "Choose a role from the list."})
    if hourly_cost is None or hourly_cost <= 0:
        raise ValidationError({"hourly_cost": "Enter an hourly cost above £0, such as 18.50."})
    current = StaffRate.objects.select_for_update().filter(school=school, role=role, ended_on__isnull=True).first()
    if current is not None:
        if started_on <= current.started_on:
            raise ValidationError(
                {
                    "started_on": f"The current rate started on {current.started_on:%-d %B %Y}. "
                    "A new rate must start after that."
                }
            )
        current.ended_on = started_on
        current.save(update_fields=["ended_on"])
    rate = StaffRate.objects.create(school=school, role=role, hourly_cost=hourly_cost, started_on=started_on, set_by=by)
    # No amounts in the append-only audit trail: rates are salaries in all but name.
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="provision.staff_rate",
        object_id=rate.pk,
        school=school,
        request=request,
        detail={"role": role},
    )
    return rate


@transaction.atomic
def notional_budget_set(
    *, school: School, academic_year: AcademicYear, amount: Decimal, by: User, request: HttpRequest | None = None
) -> NotionalBudget:
    if amount is None or amount < 0:
        raise ValidationError({"amount": "Enter the notional SEN budget in pounds, 0 or more."})
    budget, _ = NotionalBudget.objects.update_or_create(
        school=school, academic_year=academic_year, defaults={"amount": amount, "set_by": by, "set_at": timezone.now()}
    )
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="provision.notional_budget",
        object_id=budget.pk,
        school=school,
        request=request,
        detail={"academic_year": academic_year.start_year},
    )
    return budget


@transaction.atomic
def group_create(
    *,
    school: School,
    intervention: Intervention,
    name: str,
    staff: User | None,
    capacity: int | None,
    minutes_per_session: int | None,
    room: str,
    starts_on: dt.date,
    ends_on: dt.date | None,
    weekdays: Sequence[int],
    starts_at: dt.time | None,
    by: User,
    request: HttpRequest | None = None,
) -> InterventionGroup:
    """Start a group for an intervention, with its weekly timetable (the same time on each chosen day)."""
    errors: dict[str, str] = {}
    if intervention.school_id != school.pk or intervention.archived_at is not None:
        errors["intervention"] = "Choose an intervention from this school's catalogue."
    if not name.strip():
        errors["name"] = "Enter a name for the group, such as 'Year 3 phonics, Tuesday'."
    if capacity is None or capacity < 1:
        errors["capacity"] = "Enter the number of places, 1 or more."
    if minutes_per_session is None or minutes_per_session < 1:
        errors["minutes_per_session"] = "Enter the minutes a session, 1 or more."
    elif minutes_per_session > MAX_SESSION_MINUTES:
        errors["minutes_per_session"] = f"A session is at most {MAX_SESSION_MINUTES} minutes."
    if ends_on is not None and ends_on <= starts_on:
        errors["ends_on"] = "The end date must be after the start date."
    if not weekdays or any(day not in range(5) for day in weekdays):
        errors["weekdays"] = "Choose the days the group meets (Monday to Friday)."
    if starts_at is None:
        errors["starts_at"] = "Enter the time the group starts, such as 09:15."
    if errors:
        raise ValidationError(errors)
    assert capacity is not None  # noqa: S101 - checked above
    assert minutes_per_session is not None  # noqa: S101
    assert starts_at is not None  # noqa: S101
    group = InterventionGroup.objects.create(
        school=school,
        intervention=intervention,
        name=name.strip(),
        staff=staff,
        staff_role=intervention.staff_role,
        capacity=capacity,
        minutes_per_session=minutes_per_session,
        room=room.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
    )
    TimetableSlot.objects.bulk_create(
        TimetableSlot(group=group, weekday=day, starts_at=starts_at) for day in sorted(set(weekdays))
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="provision.group",
        object_id=group.uid,
        school=school,
        request=request,
    )
    return group


def _place_errors(group: InterventionGroup, pupil: Pupil, started_on: dt.date) -> dict[str, str]:
    if pupil.school_id != group.school_id or pupil.archived_at is not None:
        return {"pupil": "Choose a pupil at this school."}
    if started_on < group.starts_on:
        return {
            "started_on": f"The group starts on {group.starts_on:%-d %B %Y}. "
            "A pupil cannot join before then: choose that date or later."
        }
    if group.ends_on is not None and started_on >= group.ends_on:
        return {"started_on": f"The group ended on {group.ends_on:%-d %B %Y}. Choose a date before then."}
    if group.places.filter(pupil=pupil, ended_on__isnull=True).exists():
        return {"pupil": "This pupil already has a place in the group."}
    # Every place still held on the joining day or taken up later needs its own seat.
    held = group.places.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=started_on)).count()
    if held >= group.capacity:
        return {
            "pupil": f"The group is full: {group.capacity} place{'s' if group.capacity != 1 else ''}, "
            f"{held} taken. End another pupil's place first, or start another group."
        }
    return {}


@transaction.atomic
def group_place_add(
    *,
    group: InterventionGroup,
    pupil: Pupil,
    started_on: dt.date,
    by: User,
    request: HttpRequest | None = None,
) -> Place:
    """Give a pupil a place in a group from a date."""
    group = InterventionGroup.objects.select_for_update().get(pk=group.pk)
    errors = _place_errors(group, pupil, started_on)
    if errors:
        raise ValidationError(errors)
    place = Place.objects.create(group=group, pupil=pupil, started_on=started_on, created_by=by)
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="provision.place",
        object_id=place.uid,
        pupil=pupil,
        request=request,
    )
    return place


@transaction.atomic
def place_end(*, place: Place, ended_on: dt.date, reason: str, by: User, request: HttpRequest | None = None) -> Place:
    """A pupil leaves a group: the place stops applying on `ended_on`."""
    place = Place.objects.select_for_update().select_related("pupil").get(pk=place.pk)
    if place.ended_on is not None:
        raise ValidationError({"ended_on": "This place has already ended."})
    if ended_on <= place.started_on:
        raise ValidationError(
            {"ended_on": f"The pupil joined on {place.started_on:%-d %B %Y}. Choose a later date for leaving."}
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": "Enter why the pupil is leaving the group, such as 'completed the programme'."}
        )
    place.ended_on = ended_on
    place.ended_reason = reason.strip()
    place.save(update_fields=["ended_on", "ended_reason"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="provision.place",
        object_id=place.uid,
        pupil=place.pupil,
        request=request,
        detail={"fields": ["ended_on", "ended_reason"]},
    )
    return place


@transaction.atomic
def place_record_scores(
    *,
    place: Place,
    entry_score: Decimal | None,
    entry_on: dt.date | None,
    exit_score: Decimal | None,
    exit_on: dt.date | None,
    by: User,
    request: HttpRequest | None = None,
    today: dt.date | None = None,
) -> Place:
    """Entry and exit scores on the intervention's measure. An exit score needs an entry score to measure from."""
    today = today or timezone.localdate()
    place = Place.objects.select_for_update().select_related("pupil", "group__intervention").get(pk=place.pk)
    errors: dict[str, str] = {}
    if place.group.intervention.measure == Measure.NONE:
        raise ValidationError("This intervention has no entry and exit measure. Choose one in the catalogue first.")
    if (entry_score is None) != (entry_on is None):
        errors["entry_score" if entry_score is None else "entry_on"] = (
            "Enter both the entry score and the date it was taken."
        )
    if (exit_score is None) != (exit_on is None):
        errors["exit_score" if exit_score is None else "exit_on"] = (
            "Enter both the exit score and the date it was taken."
        )
    if exit_score is not None and entry_score is None:
        errors["entry_score"] = "An exit score needs an entry score to measure progress from. Enter the entry score."
    for key, value in (("entry_score", entry_score), ("exit_score", exit_score)):
        if value is not None and value < 0:
            errors[key] = "A score cannot be negative."
    for key, day in (("entry_on", entry_on), ("exit_on", exit_on)):
        if day is not None and day > today:
            errors[key] = "The date cannot be in the future."
    if entry_on and exit_on and exit_on < entry_on:
        errors["exit_on"] = "The exit score must be taken on or after the entry score."
    if errors:
        raise ValidationError(errors)
    changed = [
        key
        for key, value in (
            ("entry_score", entry_score),
            ("entry_on", entry_on),
            ("exit_score", exit_score),
            ("exit_on", exit_on),
        )
        if getattr(place, key) != value
    ]
    place.entry_score, place.entry_on, place.exit_score, place.exit_on = entry_score, entry_on, exit_score, exit_on
    place.save(update_fields=["entry_score", "entry_on", "exit_score", "exit_on"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="provision.scores",
        object_id=place.uid,
        pupil=place.pupil,
        request=request,
        detail={"fields": changed},
    )
    return place


@dataclass(frozen=True)
class SessionEntry:
    """One timetabled session as logged: `key` prefixes the field names in any error about it."""

    key: str
    held_on: dt.date
    starts_at: dt.time
    status: str
    minutes: int | None
    note: str = ""
    present: frozenset[int] = field(default_factory=frozenset)  # pupil ids


def hourly_rate(*, school: School, role: str, on: dt.date) -> Decimal:
    """The school's rate for the role on the day; zero when none is set (the rates page lists roles without one)."""
    rate = (
        StaffRate.objects.filter(active_q(on), school=school, role=role).values_list("hourly_cost", flat=True).first()
    )
    return rate if rate is not None else Decimal(0)


@transaction.atomic
def sessions_log(
    *,
    group: InterventionGroup,
    entries: Sequence[SessionEntry],
    by: User,
    request: HttpRequest | None = None,
    today: dt.date | None = None,
) -> list[Session]:
    """Log a group's sessions (a week at once): delivered or not and why, who attended, a note.

    A session logged again replaces what was logged before. Every entry is checked first and nothing is saved
    unless all are right. The cost is worked out now, from the rate on the day, and kept with the session.
    """
    today = today or timezone.localdate()
    group = InterventionGroup.objects.select_for_update().select_related("intervention", "school").get(pk=group.pk)
    places = list(group.places.all())
    errors: dict[str, str] = {}
    for entry in entries:
        if entry.held_on > today:
            errors[f"{entry.key}-status"] = (
                f"The session on {entry.held_on:%A %-d %B} is in the future. Log it on the day or after."
            )
            continue
        if entry.held_on < group.starts_on or (group.ends_on is not None and entry.held_on >= group.ends_on):
            errors[f"{entry.key}-status"] = f"The group was not running on {entry.held_on:%A %-d %B}."
            continue
        if entry.status not in SessionStatus.values:
            errors[f"{entry.key}-status"] = "Choose whether the session was delivered, or why not."
            continue
        if entry.status == SessionStatus.DELIVERED:
            if entry.minutes is None:
                errors[f"{entry.key}-minutes"] = "Enter how many minutes the session lasted."
            elif entry.minutes < 0:
                errors[f"{entry.key}-minutes"] = "Minutes cannot be negative. Enter how long the session lasted."
            elif entry.minutes == 0 or entry.minutes > MAX_SESSION_MINUTES:
                errors[f"{entry.key}-minutes"] = f"Enter between 1 and {MAX_SESSION_MINUTES} minutes."
            on_roll = {place.pupil_id for place in places if _active(place, entry.held_on)}
            if entry.present - on_roll:
                errors[f"{entry.key}-present"] = "Only pupils in the group that day can be marked as there."
            elif not entry.present:
                errors[f"{entry.key}-present"] = (
                    "Tick the pupils who were there. If nobody came, choose 'Not delivered: pupils absent'."
                )
        elif entry.minutes is not None and entry.minutes < 0:
            errors[f"{entry.key}-minutes"] = "Minutes cannot be negative."
        if len(entry.note) > 200:
            errors[f"{entry.key}-note"] = "Keep the note to 200 characters or fewer."
    if errors:
        raise ValidationError(errors)

    sessions_per_week = max(1, group.slots.count())
    existing = {
        (session.held_on, session.starts_at): session
        for session in group.sessions.filter(held_on__in={entry.held_on for entry in entries})
    }
    logged: list[Session] = []
    attendances: list[Attendance] = []
    touched_pupils: set[int] = set()
    for entry in entries:
        delivered = entry.status == SessionStatus.DELIVERED
        roll = [place.pupil_id for place in places if _active(place, entry.held_on)] if delivered else []
        minutes = (entry.minutes or 0) if delivered else 0
        cost = (
            session_cost(
                minutes=minutes,
                hourly_rate=hourly_rate(school=group.school, role=group.staff_role, on=entry.held_on),
                fixed_per_term=group.intervention.fixed_cost_per_term,
                sessions_per_week=sessions_per_week,
            )
            if delivered
            else Decimal(0)
        )
        session = existing.get((entry.held_on, entry.starts_at)) or Session(
            group=group, held_on=entry.held_on, starts_at=entry.starts_at
        )
        session.status = entry.status
        session.minutes = minutes
        session.note = entry.note.strip()
        session.on_roll = len(roll)
        session.staff_cost = cost
        session.logged_by = by
        session.logged_at = timezone.now()
        session.save()
        session.attendances.all().delete()
        attendances.extend(
            Attendance(session=session, pupil_id=pupil, present=pupil in entry.present) for pupil in roll
        )
        touched_pupils.update(roll)
        logged.append(session)
    Attendance.objects.bulk_create(attendances)
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="provision.sessions",
        object_id=group.uid,
        school=group.school,
        request=request,
        detail={"sessions": len(logged)},
    )
    audit_record_pupils(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="provision.attendance",
        pupils=Pupil.objects.filter(pk__in=touched_pupils).only("pk", "uid", "school_id"),
        request=request,
    )
    return logged


def _active(place: Place, on: dt.date) -> bool:
    return place.started_on <= on and (place.ended_on is None or place.ended_on > on)


@transaction.atomic
def group_place_from_plan(*, planned: PlannedProvision, by: User, request: HttpRequest | None = None) -> Place:
    """Put the plan's pupil into the planned group, or into a new group for the planned intervention.

    Called by plans.services when a planned intervention is saved. The pupil joins on the plan's start date, or
    on the group's first day if the plan starts earlier. If the pupil already has a place in the group, that
    place is returned. Every check of group_place_add applies (capacity, dates), and a refusal undoes the lot.
    """
    cycle = planned.cycle
    pupil = cycle.pupil
    group = planned.group
    if group is None:
        intervention = planned.intervention
        if intervention is None:
            raise ValidationError({"intervention": "Choose an intervention from the catalogue, or a group."})
        if intervention.school_id != cycle.school_id:
            raise ValidationError({"intervention": "Choose an intervention from this school's catalogue."})
        group = group_create(
            school=cycle.school,
            intervention=intervention,
            name=f"{intervention.name} ({planned.starts_on:%B %Y})",
            staff=None,
            capacity=intervention.group_size,
            minutes_per_session=planned.minutes_per_session or intervention.minutes_per_session,
            room="",
            starts_on=planned.starts_on,
            ends_on=planned.ends_on,
            weekdays=list(range(min(5, planned.sessions_per_week or intervention.sessions_per_week))),
            starts_at=dt.time(9, 0),
            by=by,
            request=request,
        )
    elif group.school_id != cycle.school_id:
        raise ValidationError({"group": "Choose a group at this school."})
    if planned.group_id != group.pk:
        # The plan records the group its pupil joined, so review finds the sessions and scores.
        planned.group = group
        planned.save(update_fields=["group"])
    existing = group.places.filter(pupil=pupil, ended_on__isnull=True).first()
    if existing is not None:
        return existing
    return group_place_add(
        group=group, pupil=pupil, started_on=max(planned.starts_on, group.starts_on), by=by, request=request
    )
