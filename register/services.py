"""Changes to the SEN register and to a pupil's needs. Only these functions change them.

Periods are dated rows: a status or need applies from started_on, and stops applying on ended_on
(the day the next one starts). Nothing is overwritten; a change closes one row and opens another.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record
from lib.census import need_types, need_valid_with
from pupils.models import Pupil, SenStatusCode
from register.models import Need, RegisterDecision, SenStatus

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

ON_REGISTER = (SenStatusCode.SUPPORT, SenStatusCode.EHC_PLAN)


def _lock(pupil: Pupil) -> Pupil:
    """Lock the pupil row for the rest of the transaction, so register changes happen one at a time."""
    return Pupil.objects.select_for_update().get(pk=pupil.pk)


def _open_needs(pupil: Pupil) -> list[Need]:
    return list(pupil.needs.filter(ended_on__isnull=True).order_by("rank"))


@transaction.atomic
def pupil_register_decide(
    *,
    pupil: Pupil,
    to_status: str,
    decided_on: dt.date,
    reason: str,
    decided_by: User,
    parents_informed_on: dt.date | None,
    parents_informed_how: str,
    primary_need: str | None,
    recorded_by: User,
    request: HttpRequest | None = None,
) -> RegisterDecision:
    """Place a pupil on SEN support, record an EHC plan, or remove them from the register (Code 6.43-6.45).

    Placing a pupil on the register needs a primary need (the census records one for every pupil at K or E).
    Removing a pupil ends their needs on the same date. Parents must be formally told (Code 6.43): the date
    they were told can be recorded now or later, once the letter has gone.
    """
    pupil = _lock(pupil)
    today = timezone.localdate()
    from_status = pupil.sen_status
    errors: dict[str, str] = {}
    if to_status not in SenStatusCode.values:
        errors["to_status"] = "Choose SEN support, EHC plan or no SEN."
    elif to_status == from_status:
        errors["to_status"] = f"The pupil is already recorded as '{SenStatusCode(from_status).label}'."
    if decided_on > today:
        errors["decided_on"] = "The decision date must be today or in the past."
    current = pupil.sen_statuses.filter(ended_on__isnull=True).first()
    if current is not None and decided_on < current.started_on:
        errors["decided_on"] = (
            f"The current status began on {current.started_on:%d/%m/%Y}; a new decision cannot be dated before it."
        )
    if not reason.strip():
        errors["reason"] = "Give the reason for the decision: what the evidence shows and what was agreed."
    if parents_informed_on is not None:
        if parents_informed_on < decided_on:
            errors["parents_informed_on"] = (
                "Parents are told after the decision: use a date on or after the decision date."
            )
        elif parents_informed_on > today:
            errors["parents_informed_on"] = "The date parents were told must be today or in the past."
        if not parents_informed_how.strip():
            errors["parents_informed_how"] = "Say how the parents were told, for example 'letter and meeting'."
    open_needs = _open_needs(pupil)
    if to_status in ON_REGISTER and from_status == SenStatusCode.NONE:
        if not primary_need:
            errors["primary_need"] = (
                "Choose the pupil's primary need: the census records one for every pupil on the register."
            )
        elif primary_need not in need_types():
            errors["primary_need"] = "Choose a census need type from the list."
        elif not need_valid_with(primary_need, to_status):
            errors["primary_need"] = f"{primary_need} is only valid with SEN support. Choose an assessed need type."
    if to_status == SenStatusCode.NONE and "decided_on" not in errors:
        # Leaving the register ends every need on the decision date, so none may start after it.
        later = [need for need in open_needs if need.started_on > decided_on]
        if later:
            errors["decided_on"] = (
                f"The {later[0].code} need was recorded from {later[0].started_on:%d/%m/%Y}, after this date. "
                "Date the decision on or after that day."
            )
    if to_status == SenStatusCode.EHC_PLAN:
        bad = [need.code for need in open_needs if not need_valid_with(need.code, SenStatusCode.EHC_PLAN)]
        if bad:
            errors["to_status"] = (
                "NSA (no specialist assessment) is only valid with SEN support. Record the assessed need type "
                "before recording an EHC plan."
            )
    if errors:
        raise ValidationError(errors)

    decision = RegisterDecision.objects.create(
        pupil=pupil,
        school_id=pupil.school_id,
        from_status=from_status,
        to_status=to_status,
        decided_on=decided_on,
        reason=reason.strip(),
        decided_by=decided_by,
        parents_informed_on=parents_informed_on,
        parents_informed_how=parents_informed_how.strip(),
        recorded_by=recorded_by,
    )
    if current is not None:
        current.ended_on = decided_on
        current.save(update_fields=["ended_on"])
    SenStatus.objects.create(
        pupil=pupil, school_id=pupil.school_id, status=to_status, started_on=decided_on, decision=decision
    )
    if to_status == SenStatusCode.NONE:
        pupil.needs.filter(ended_on__isnull=True).update(
            ended_on=decided_on, ended_reason="Removed from the SEN register"
        )
    elif primary_need and not open_needs:
        Need.objects.create(pupil=pupil, code=primary_need, rank=1, started_on=decided_on, recorded_by=recorded_by)
    pupil.sen_status = to_status
    pupil.save(update_fields=["sen_status"])
    audit_record(
        actor=recorded_by,
        action=AuditAction.CREATE,
        object_type="register.decision",
        object_id=decision.uid,
        pupil=pupil,
        request=request,
        detail={"from": from_status, "to": to_status},
    )
    return decision


@transaction.atomic
def register_decision_record_parents_informed(
    *, decision: RegisterDecision, informed_on: dt.date, how: str, by: User, request: HttpRequest | None = None
) -> RegisterDecision:
    """Record, once, the date the parents were formally told of a decision."""
    decision = RegisterDecision.objects.select_for_update().get(pk=decision.pk)
    errors: dict[str, str] = {}
    if decision.parents_informed_on is not None:
        raise ValidationError(f"Parents were already recorded as told on {decision.parents_informed_on:%d/%m/%Y}.")
    if informed_on < decision.decided_on:
        errors["informed_on"] = "Parents are told after the decision: use a date on or after the decision date."
    if informed_on > timezone.localdate():
        errors["informed_on"] = "The date parents were told must be today or in the past."
    if not how.strip():
        errors["how"] = "Say how the parents were told, for example 'letter and meeting'."
    if errors:
        raise ValidationError(errors)
    decision.parents_informed_on = informed_on
    decision.parents_informed_how = how.strip()
    decision.save(update_fields=["parents_informed_on", "parents_informed_how"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="register.decision",
        object_id=decision.uid,
        pupil=decision.pupil,
        request=request,
        detail={"parents_informed_on": informed_on.isoformat()},
    )
    return decision


@transaction.atomic
def need_add(
    *,
    pupil: Pupil,
    code: str,
    rank: int,
    started_on: dt.date,
    description: str,
    diagnosis: str,
    diagnosis_source: str,
    diagnosis_date: dt.date | None,
    by: User,
    request: HttpRequest | None = None,
) -> Need:
    pupil = _lock(pupil)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if pupil.sen_status not in ON_REGISTER:
        raise ValidationError(
            "Needs are recorded for pupils on the SEN register. Record a register decision first; "
            "a support cycle can explore a need before that."
        )
    if code not in need_types():
        errors["code"] = "Choose a census need type."
    elif not need_valid_with(code, pupil.sen_status):
        errors["code"] = (
            f"{code} is only valid with SEN support; this pupil has an EHC plan. Choose an assessed need type."
        )
    open_needs = _open_needs(pupil)
    if any(need.code == code for need in open_needs):
        errors["code"] = "This need type is already recorded for the pupil."
    if rank < 1:
        errors["rank"] = "Rank 1 is the primary need, 2 the secondary need, and so on."
    elif any(need.rank == rank for need in open_needs):
        taken = next(need for need in open_needs if need.rank == rank)
        errors["rank"] = (
            f"Rank {rank} is already {taken.code}. Choose rank {len(open_needs) + 1}, or end the {taken.code} need first."
        )
    elif rank > len(open_needs) + 1:
        errors["rank"] = f"Ranks follow on without gaps: the next rank is {len(open_needs) + 1}."
    if started_on > today:
        errors["started_on"] = "The start date must be today or in the past."
    elif started_on < pupil.date_of_birth:
        errors["started_on"] = "The start date cannot be before the pupil's date of birth."
    if diagnosis_date is not None:
        if diagnosis_date > today:
            errors["diagnosis_date"] = "The diagnosis date must be today or in the past."
        elif diagnosis_date < pupil.date_of_birth:
            errors["diagnosis_date"] = "The diagnosis date cannot be before the pupil's date of birth."
    if (diagnosis_source.strip() or diagnosis_date) and not diagnosis.strip():
        errors["diagnosis"] = "Name the diagnosis, or clear its source and date: a diagnosis is optional."
    if errors:
        raise ValidationError(errors)
    need = Need.objects.create(
        pupil=pupil,
        code=code,
        rank=rank,
        started_on=started_on,
        description=description.strip(),
        diagnosis=diagnosis.strip(),
        diagnosis_source=diagnosis_source.strip(),
        diagnosis_date=diagnosis_date,
        recorded_by=by,
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="register.need",
        object_id=need.uid,
        pupil=pupil,
        request=request,
        detail={"code": code, "rank": rank},
    )
    return need


@transaction.atomic
def need_end(*, need: Need, ended_on: dt.date, reason: str, by: User, request: HttpRequest | None = None) -> Need:
    """End a need. Needs ranked below it move up one rank from the same date (closed and reopened, not overwritten)."""
    pupil = _lock(need.pupil)
    need = Need.objects.select_for_update().get(pk=need.pk)
    errors: dict[str, str] = {}
    if need.ended_on is not None:
        raise ValidationError("This need has already ended.")
    open_needs = _open_needs(pupil)
    if len(open_needs) == 1 and pupil.sen_status in ON_REGISTER:
        raise ValidationError(
            "A pupil on the register needs a primary need. Add the new need first, or record a register decision to remove the pupil."
        )
    if ended_on < need.started_on:
        errors["ended_on"] = f"The end date cannot be before the need started ({need.started_on:%d/%m/%Y})."
    elif ended_on > timezone.localdate():
        errors["ended_on"] = "The end date must be today or in the past."
    if not reason.strip():
        errors["reason"] = "Say why this need has ended, for example 'no longer a barrier after review'."
    if errors:
        raise ValidationError(errors)
    need.ended_on = ended_on
    need.ended_reason = reason.strip()
    need.save(update_fields=["ended_on", "ended_reason"])
    for lower in [n for n in open_needs if n.rank > need.rank]:
        # A need recorded after the end date moves up from its own start; its old row then lasts no days.
        moved_on = max(ended_on, lower.started_on)
        lower.ended_on = moved_on
        lower.ended_reason = f"Moved up to rank {lower.rank - 1}"
        lower.save(update_fields=["ended_on", "ended_reason"])
        Need.objects.create(
            pupil=pupil,
            code=lower.code,
            rank=lower.rank - 1,
            started_on=moved_on,
            description=lower.description,
            diagnosis=lower.diagnosis,
            diagnosis_source=lower.diagnosis_source,
            diagnosis_date=lower.diagnosis_date,
            recorded_by=by,
        )
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="register.need",
        object_id=need.uid,
        pupil=pupil,
        request=request,
        detail={"ended_on": ended_on.isoformat()},
    )
    return need
