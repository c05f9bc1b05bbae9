"""Writes to pupils, their profiles and barriers. Each is atomic, validates and writes its audit event."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record
from lib.school_year import expected_year_group, year_group_offset
from lib.upn import UPNError, normalise_upn
from pupils.models import DETAIL_FIELDS, Adjustment, Barrier, Enrolment, ProfileVersion, Pupil

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User
    from schools.models import School

DUPLICATE_UPN = "Another pupil already has this UPN. Check the number, or find the existing record."


def pupil_validate_details(*, data: dict[str, Any], today: dt.date, pupil: Pupil | None = None) -> dict[str, Any]:
    """Check a pupil's details; return them cleaned or raise ValidationError naming each field at fault."""
    errors: dict[str, str] = {}
    cleaned = dict(data)
    try:
        cleaned["upn"] = normalise_upn(str(data.get("upn", "")))
    except UPNError as error:
        errors["upn"] = str(error)
    else:
        clash = Pupil.objects.filter(upn=cleaned["upn"])
        if pupil is not None:
            clash = clash.exclude(pk=pupil.pk)
        if clash.exists():
            errors["upn"] = DUPLICATE_UPN
    born: dt.date | None = data.get("date_of_birth")
    if born is not None:
        if born > today:
            errors["date_of_birth"] = "Date of birth must be today or in the past."
        else:
            year_group = data.get("year_group", "")
            expected = expected_year_group(born, today)
            offset = year_group_offset(year_group, born, today) if year_group else None
            if expected is None:
                errors["date_of_birth"] = (
                    "A child born on this date is not of school or nursery age. Check the date of birth."
                )
            elif offset and (abs(offset) > 1 or not data.get("out_of_year_group")):
                label = (
                    "Reception"
                    if expected == "R"
                    else ("Nursery " + expected[1] if expected.startswith("N") else f"Year {expected}")
                )
                if abs(offset) > 1:
                    errors["year_group"] = (
                        f"A child born on this date is in {label}. Check the year group or the date of birth."
                    )
                else:
                    errors["year_group"] = (
                        f"A child born on this date is in {label}. If the pupil is taught outside their "
                        "chronological year group, tick 'Taught outside chronological year group'."
                    )
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def pupil_create(
    *, school: School, data: dict[str, Any], started_on: dt.date, by: User, request: HttpRequest | None = None
) -> Pupil:
    cleaned = pupil_validate_details(data=data, today=timezone.localdate())
    try:
        with transaction.atomic():
            pupil = Pupil.objects.create(
                school=school, **{name: cleaned[name] for name in DETAIL_FIELDS if name in cleaned}
            )
    except IntegrityError:
        # Another request added the same UPN between the check and the insert.
        raise ValidationError({"upn": DUPLICATE_UPN}) from None
    Enrolment.objects.create(pupil=pupil, school=school, started_on=started_on)
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="pupil.details",
        object_id=pupil.uid,
        pupil=pupil,
        request=request,
    )
    return pupil


@transaction.atomic
def pupil_update_details(*, pupil: Pupil, data: dict[str, Any], by: User, request: HttpRequest | None = None) -> Pupil:
    cleaned = pupil_validate_details(data=data, today=timezone.localdate(), pupil=pupil)
    changed = []
    for name in DETAIL_FIELDS:
        if name in cleaned and getattr(pupil, name) != cleaned[name]:
            changed.append(name)
            setattr(pupil, name, cleaned[name])
    if changed:
        try:
            with transaction.atomic():
                pupil.save(update_fields=changed)
        except IntegrityError:
            raise ValidationError({"upn": DUPLICATE_UPN}) from None
        # The audit trail is append-only, so it names the fields that changed but never holds their values:
        # personal data there could never be corrected or erased.
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            object_type="pupil.details",
            object_id=pupil.uid,
            pupil=pupil,
            request=request,
            detail={"changed": changed},
        )
    return pupil


class ProfileConflict(Exception):
    """Someone saved a newer version of the profile after this editor opened it."""

    def __init__(self, current: ProfileVersion) -> None:
        super().__init__(f"Version {current.number} was saved while you were editing.")
        self.current = current


def profile_current(pupil: Pupil) -> ProfileVersion | None:
    return pupil.profile_versions.order_by("-number").first()


@transaction.atomic
def profile_save_version(
    *,
    pupil: Pupil,
    data: dict[str, str],
    change_note: str,
    by: User,
    based_on: int | None = None,
    request: HttpRequest | None = None,
) -> ProfileVersion:
    """Save the one-page profile as a new version. Earlier versions stay as they were.

    `based_on` is the version the editor started from: if someone saved a newer one meanwhile, ProfileConflict
    is raised (checked under the lock, so two saves at the same moment cannot both pass).
    """
    # Lock the pupil row so two people saving at once are serialised and get consecutive version numbers.
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    current = profile_current(pupil)
    if based_on is not None and (current.number if current else 0) != based_on:
        assert current is not None  # noqa: S101 - a newer version exists
        raise ProfileConflict(current)
    values = {name: (data.get(name) or "").strip() for name in ProfileVersion.PROFILE_FIELDS}
    if current is not None and all(getattr(current, name) == value for name, value in values.items()):
        raise ValidationError("Nothing has changed since the last version, so no new version was saved.")
    if current is None and not any(values.values()):
        raise ValidationError("Write at least one section of the profile before saving.")
    version = ProfileVersion.objects.create(
        pupil=pupil,
        number=(current.number + 1) if current else 1,
        change_note=change_note.strip(),
        created_by=by,
        **values,
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="pupil.profile",
        object_id=version.number,
        pupil=pupil,
        request=request,
        detail={"version": version.number},
    )
    return version


@transaction.atomic
def barrier_add(
    *,
    pupil: Pupil,
    title: str,
    description: str,
    adjustments: list[tuple[str, str]],
    by: User,
    request: HttpRequest | None = None,
) -> Barrier:
    """Add a barrier with its adjustments (kind, description) in one step."""
    if not title.strip():
        raise ValidationError({"title": "Name the barrier, for example 'fatigue' or 'anxiety in busy places'."})
    barrier = Barrier.objects.create(pupil=pupil, title=title.strip(), description=description.strip(), created_by=by)
    for kind, text in adjustments:
        if text.strip():
            Adjustment.objects.create(barrier=barrier, kind=kind, description=text.strip(), created_by=by)
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="pupil.barrier",
        object_id=barrier.uid,
        pupil=pupil,
        request=request,
    )
    return barrier


@transaction.atomic
def barrier_update(
    *, barrier: Barrier, title: str, description: str, by: User, request: HttpRequest | None = None
) -> Barrier:
    if not title.strip():
        raise ValidationError({"title": "Name the barrier, for example 'fatigue' or 'anxiety in busy places'."})
    changed = [
        name
        for name, value in (("title", title.strip()), ("description", description.strip()))
        if getattr(barrier, name) != value
    ]
    barrier.title, barrier.description = title.strip(), description.strip()
    barrier.save(update_fields=["title", "description"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="pupil.barrier",
        object_id=barrier.uid,
        pupil=barrier.pupil,
        request=request,
        detail={"changed": changed},
    )
    return barrier


@transaction.atomic
def barrier_archive(*, barrier: Barrier, reason: str, by: User, request: HttpRequest | None = None) -> Barrier:
    """A barrier that no longer applies is archived with its reason, never deleted."""
    if barrier.archived_at is not None:
        raise ValidationError("This barrier is already archived.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why this barrier no longer applies."})
    barrier.archived_at = timezone.now()
    barrier.archived_reason = reason.strip()
    barrier.save(update_fields=["archived_at", "archived_reason"])
    audit_record(
        actor=by,
        action=AuditAction.ARCHIVE,
        object_type="pupil.barrier",
        object_id=barrier.uid,
        pupil=barrier.pupil,
        request=request,
    )
    return barrier


@transaction.atomic
def adjustment_add(
    *, barrier: Barrier, kind: str, description: str, by: User, request: HttpRequest | None = None
) -> Adjustment:
    if not description.strip():
        raise ValidationError(
            {"description": "Describe the adjustment, for example 'movement break every 20 minutes'."}
        )
    if barrier.archived_at is not None:
        raise ValidationError("This barrier is archived; add adjustments to a current barrier.")
    adjustment = Adjustment.objects.create(barrier=barrier, kind=kind, description=description.strip(), created_by=by)
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="pupil.adjustment",
        object_id=adjustment.uid,
        pupil=barrier.pupil,
        request=request,
    )
    return adjustment


@transaction.atomic
def adjustment_archive(*, adjustment: Adjustment, by: User, request: HttpRequest | None = None) -> Adjustment:
    if adjustment.archived_at is not None:
        raise ValidationError("This adjustment is already archived.")
    adjustment.archived_at = timezone.now()
    adjustment.save(update_fields=["archived_at"])
    audit_record(
        actor=by,
        action=AuditAction.ARCHIVE,
        object_type="pupil.adjustment",
        object_id=adjustment.uid,
        pupil=adjustment.barrier.pupil,
        request=request,
    )
    return adjustment
