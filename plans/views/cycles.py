"""Support cycle pages: start a cycle, the cycle page, and the form of each stage (Assess, Plan, Do, Review)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.navigation import nav_items
from accounts.selectors import signed_in_user
from opensend.forms import apply_service_errors
from plans.forms.cycles import (
    AgreementForm,
    AssessmentForm,
    CycleStartForm,
    ImpactForm,
    MoveForm,
    NeedsForm,
    NoteForm,
    OutcomeForm,
    PlanForm,
    ProvisionForm,
    RateOutcomeForm,
    RescheduleForm,
    ReviewForm,
    ShareForm,
    VoiceForm,
)
from plans.models import MET_RATINGS, TRANSITIONS, CycleState, Outcome, PlannedProvision, SupportCycle, Voice
from plans.permissions import (
    CYCLE_EDITOR_ROLES,
    DECISION_ROLES,
    NOTE_ROLES,
    access_cycle_by_uid,
    access_outcome,
    access_provision,
    cycle_rights,
    may_change,
)
from plans.selectors.cycles import CycleDetail, cycle_detail, steps_for
from plans.services import cycles as services
from provision.selectors import impact_for_cycle
from pupils.models import Pupil
from pupils.permissions import REGISTER_ROLES, access_pupil_for_change

MOVE_LABELS = {
    CycleState.PLAN: "Move on to Plan",
    CycleState.DO: "Start Do: put the plan into practice",
    CycleState.REVIEW: "Start the review",
    CycleState.CLOSED: "Close the cycle",
    CycleState.ASSESS: "Back to Assess",
}


def cycle_url(cycle: SupportCycle, anchor: str = "") -> str:
    return reverse("plans:cycle", args=[cycle.uid]) + (f"#{anchor}" if anchor else "")


def _crumbs(pupil: Pupil, cycle: SupportCycle | None = None) -> list[dict[str, str]]:
    crumbs = [
        {"label": "Home", "url": reverse("accounts:home")},
        {"label": pupil.display_name, "url": reverse("pupils:record", args=[pupil.uid])},
    ]
    if cycle is not None:
        crumbs.append({"label": f"Support cycle {cycle.number}", "url": cycle_url(cycle)})
    return crumbs


def _form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    title: str,
    pupil: Pupil,
    cycle: SupportCycle | None,
    intro: str = "",
    submit: str = "Save",
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "plans/cycle_form.html",
        {
            "form": form,
            "pupil": pupil,
            "cycle": cycle,
            "intro": intro,
            "submit": submit,
            "page_title": title,
            "nav_items": nav_items(request),
            "breadcrumbs": _crumbs(pupil, cycle),
            **(extra or {}),
        },
        status=status,
    )


def _conflict_rows(form: forms.Form, current: Model, fields: tuple[str, ...]) -> list[dict[str, str]]:
    """What is saved now against what this editor typed, field by field, where they differ."""
    rows = []
    for name in fields:
        if name not in form.fields:
            continue
        saved = getattr(current, name)
        typed = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        saved_text = "" if saved is None else str(saved)
        typed_text = "" if typed is None else str(typed)
        if saved_text != typed_text:
            rows.append({"label": str(form.fields[name].label), "saved": saved_text, "yours": typed_text})
    return rows


def _save_or_conflict(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[], object],
    *,
    fields: tuple[str, ...],
    version_of: Callable[[Model], int],
) -> dict[str, Any] | None:
    """Run the service. On a stale edit, keep what was typed, show what changed, and let the editor save again
    knowingly (the form now carries the current version). Returns the conflict context, or None when saved or
    when the service refused the input (its errors are then on the form)."""
    try:
        save()
    except services.StaleEdit as stale:
        data = request.POST.copy()
        data["based_on"] = str(version_of(stale.current))
        form.data = data
        when = timezone.localtime(stale.changed_at).strftime("%H:%M on %-d %B") if stale.changed_at else ""
        return {
            "conflict": {
                "by": stale.changed_by,
                "when": when,
                "rows": _conflict_rows(form, stale.current, fields),
            }
        }
    except ValidationError as error:
        apply_service_errors(form, error)
        return {}
    return None


def _stage_page(
    request: HttpRequest,
    *,
    cycle: SupportCycle,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    saved: str,
    anchor: str,
    title: str,
    intro: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """One stage's form: on a valid POST the service saves it (its refusals go on the form), then back to the
    cycle page at the stage; otherwise the form page."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, saved)
            return redirect(cycle_url(cycle, anchor))
    return _form_page(request, form=form, title=title, pupil=cycle.pupil, cycle=cycle, intro=intro, extra=extra)


# --- Start and the cycle page -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def cycle_start(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    pupil = access_pupil_for_change(request, uid, roles=CYCLE_EDITOR_ROLES, part="plans.cycle")
    previous = SupportCycle.objects.filter(pupil=pupil).order_by("-number").first()
    initial: dict[str, Any] = {"started_on": timezone.localdate()}
    if previous is not None and previous.decision_notes:
        initial["concern"] = f"At review of cycle {previous.number}: {previous.decision_notes}"
    form = CycleStartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_start(pupil=pupil, by=signed_in_user(request), request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Support cycle {cycle.number} started.")
            return redirect(cycle_url(cycle))
    carried = []
    if previous is not None:
        carried = list(previous.outcomes.filter(archived_at__isnull=True).exclude(rating__in=MET_RATINGS))
    return _form_page(
        request,
        form=form,
        title="Start a support cycle",
        pupil=pupil,
        cycle=None,
        submit="Start the cycle",
        extra={"previous": previous, "carried": carried},
    )


def _moves(detail: CycleDetail, *, can_edit: bool, can_decide: bool) -> list[dict[str, Any]]:
    """The moves this user may offer from here, each with what still needs doing first (from what is on the page)."""
    cycle = detail.cycle
    result = []
    for to_state in sorted(TRANSITIONS[cycle.state], key=lambda state: state == CycleState.ASSESS):
        if not (can_decide if to_state == CycleState.CLOSED else can_edit):
            continue
        result.append(
            {
                "to_state": to_state,
                "label": MOVE_LABELS[CycleState(to_state)],
                "problems": services.move_problems(
                    cycle, to_state, outcomes=detail.outcomes, voices=detail.voices, provisions=detail.provisions
                ),
                "secondary": to_state == CycleState.ASSESS,
            }
        )
    return result


def _cycle_page(
    request: HttpRequest, cycle: SupportCycle, *, move_errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    rights = cycle_rights(signed_in_user(request), cycle)
    detail = cycle_detail(cycle=cycle)
    can_edit = rights.may_change(CYCLE_EDITOR_ROLES)
    can_note = rights.may_change(NOTE_ROLES)
    today = timezone.localdate()
    if cycle.state in (CycleState.REVIEW, CycleState.CLOSED):
        # Each intervention's measured impact (entry and exit scores, attendance) beside the outcome it served.
        measured = impact_for_cycle(cycle=cycle)
        for outcome in detail.outcomes:
            for item in outcome.serving:  # type: ignore[attr-defined]
                item.measured = measured.get(item.pk)
    return render(
        request,
        "plans/cycle.html",
        {
            "detail": detail,
            "cycle": cycle,
            "pupil": cycle.pupil,
            "steps": steps_for(cycle),
            "moves": _moves(detail, can_edit=can_edit, can_decide=rights.may_change(DECISION_ROLES)),
            "move_errors": move_errors or [],
            "can_edit": can_edit,
            "can_plan": can_edit and cycle.state in (CycleState.ASSESS, CycleState.PLAN),
            "can_note": can_note and cycle.state in (CycleState.DO, CycleState.REVIEW),
            # Views and assessments: also the TA or key adult who works with the pupil.
            "can_assess": can_note and cycle.state in (CycleState.ASSESS, CycleState.PLAN),
            "can_add_assessment": can_note and cycle.state in (CycleState.ASSESS, CycleState.PLAN, CycleState.DO),
            "can_add_review_views": can_note and cycle.state in (CycleState.DO, CycleState.REVIEW),
            "can_reschedule": can_edit and cycle.state in (CycleState.DO, CycleState.REVIEW),
            "can_review": can_edit and cycle.state == CycleState.REVIEW,
            "share_form": ShareForm() if can_edit and cycle.parents_agreed_on else None,
            "review_is_late": cycle.review_due_on is not None and cycle.is_open and cycle.review_due_on < today,
            "can_decide_register": rights.can_change(REGISTER_ROLES),
            "next_cycle": detail.has_next,
            "page_title": f"Support cycle {cycle.number}",
            "nav_items": nav_items(request),
            "breadcrumbs": _crumbs(cycle.pupil),
        },
        status=status,
    )


def cycle(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _cycle_page(request, access_cycle_by_uid(request, uid))


@require_POST
def cycle_move(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    form = MoveForm(request.POST)
    to_state = request.POST.get("to_state", "")
    roles = DECISION_ROLES if to_state == CycleState.CLOSED else CYCLE_EDITOR_ROLES
    cycle = access_cycle_by_uid(request, uid, roles=roles)
    if not form.is_valid():
        return _cycle_page(request, cycle, move_errors=["Choose where the cycle moves to."], status=400)
    try:
        cycle = services.cycle_move(
            cycle=cycle,
            to_state=form.cleaned_data["to_state"],
            note=form.cleaned_data["note"],
            by=signed_in_user(request),
            request=request,
        )
    except ValidationError as error:
        return _cycle_page(request, cycle, move_errors=error.messages)
    messages.success(request, f"The cycle is now at {CycleState(cycle.state).label}.")
    return redirect(cycle_url(cycle))


# --- Assess -----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def needs_edit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_cycle_by_uid(request, uid, roles=CYCLE_EDITOR_ROLES)
    form = NeedsForm(request.POST or None, initial={"needs_summary": cycle.needs_summary})
    return _stage_page(
        request,
        cycle=cycle,
        form=form,
        save=lambda data: services.cycle_update_needs(cycle=cycle, by=signed_in_user(request), request=request, **data),
        saved="Summary of needs saved.",
        anchor="assess",
        title="Summary of needs and barriers",
    )


@require_http_methods(["GET", "POST"])
def voice_add(request: HttpRequest, uid: uuid.UUID, stage: str) -> HttpResponse:
    cycle = access_cycle_by_uid(request, uid, roles=NOTE_ROLES)
    stage = Voice.Stage(stage) if stage in Voice.Stage.values else Voice.Stage.ASSESS
    form = VoiceForm(request.POST or None, initial={"gathered_on": timezone.localdate(), "whose": Voice.Whose.PUPIL})
    return _stage_page(
        request,
        cycle=cycle,
        form=form,
        save=lambda data: services.voice_add(
            cycle=cycle, stage=stage, by=signed_in_user(request), request=request, **data
        ),
        saved="Views added.",
        anchor=stage,
        title="Add views for the review" if stage == Voice.Stage.REVIEW else "Add the views of the pupil or parents",
        intro=(
            "Record views as they were given. Three wishes, good day / bad day, a perfect week, a relationship "
            "circle, card sorts, photos, or a talk with a key adult who scribes: use the method that suits the pupil."
        ),
    )


@require_http_methods(["GET", "POST"])
def assessment_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_cycle_by_uid(request, uid, roles=NOTE_ROLES)
    form = AssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    return _stage_page(
        request,
        cycle=cycle,
        form=form,
        save=lambda data: services.assessment_add(cycle=cycle, by=signed_in_user(request), request=request, **data),
        saved="Assessment added.",
        anchor="assess",
        title="Add an assessment",
    )


# --- Plan -------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_cycle_by_uid(request, uid, roles=CYCLE_EDITOR_ROLES)
    today = timezone.localdate()
    initial = {
        "based_on": cycle.plan_version,
        "review_due_on": cycle.review_due_on or services.suggested_review_date(cycle, today=today),
        "review_date_reason": cycle.review_date_reason,
        "parents_at_home": cycle.parents_at_home,
    }
    form = PlanForm(request.POST or None, initial=initial)
    extra: dict[str, Any] | None = {}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        based_on = data.pop("based_on")
        extra = _save_or_conflict(
            request,
            form,
            lambda: services.plan_update(
                cycle=cycle, based_on=based_on, data=data, by=signed_in_user(request), request=request
            ),
            fields=services.PLAN_FIELDS,
            version_of=lambda current: current.plan_version,  # type: ignore[attr-defined]
        )
        if extra is None:
            messages.success(request, "Plan saved.")
            return redirect(cycle_url(cycle, "plan"))
    if extra is not None and services.term_end_for(school_id=cycle.school_id, day=today) is None:
        extra["terms_missing"] = True
    return _form_page(
        request,
        form=form,
        title="Review date and home support",
        pupil=cycle.pupil,
        cycle=cycle,
        intro="Plans are reviewed typically 6 to 8 weeks after they start, and at least once a term.",
        extra=extra,
        status=409 if extra and "conflict" in extra else 200,
    )


@dataclass(frozen=True)
class _PlanPart:
    """An outcome or a planned provision: the parts of a plan that are added, changed with optimistic locking
    and removed, each through its own services."""

    form: type[OutcomeForm] | type[ProvisionForm]
    fields: tuple[str, ...]
    add: Callable[..., object]
    update: Callable[..., object]
    archive: Callable[..., object]
    keyword: str  # the services' keyword for the object
    noun: str
    saved: str
    removed: str
    intro: str


OUTCOME_PART = _PlanPart(
    form=OutcomeForm,
    fields=services.OUTCOME_FIELDS,
    add=services.outcome_add,
    update=services.outcome_update,
    archive=services.outcome_archive,
    keyword="outcome",
    noun="an outcome",
    saved="Outcome saved.",
    removed="Outcome removed from the plan.",
    intro="An outcome says what the pupil will be able to do, how you will know, where they start now, "
    "and how, when and by whom progress is measured.",
)
PROVISION_PART = _PlanPart(
    form=ProvisionForm,
    fields=services.PROVISION_FIELDS,
    add=services.provision_add,
    update=services.provision_update,
    archive=services.provision_archive,
    keyword="planned",
    noun="an adjustment or intervention",
    saved="Provision saved.",
    removed="Provision removed from the plan.",
    intro="Who does what, how often and from when. The class teacher stays responsible for the pupil's "
    "progress, including time spent with other adults.",
)


def _initial(part: _PlanPart, obj: Outcome | PlannedProvision | None) -> dict[str, Any]:
    if obj is None:
        if part is PROVISION_PART:
            return {"based_on": 0, "kind": PlannedProvision.Kind.ADJUSTMENT, "starts_on": timezone.localdate()}
        return {"based_on": 0}
    initial: dict[str, Any] = {field: getattr(obj, field) for field in part.fields}
    initial["based_on"] = obj.version
    if isinstance(obj, Outcome):
        initial["barrier"] = obj.barrier_id
    else:
        initial.update(
            intervention=obj.intervention_id,
            group=obj.group_id,
            outcomes=list(obj.outcomes.values_list("pk", flat=True)),
        )
    return initial


def _part_page(
    request: HttpRequest, cycle: SupportCycle, obj: Outcome | PlannedProvision | None, part: _PlanPart
) -> HttpResponse:
    form = part.form(request.POST or None, initial=_initial(part, obj), cycle=cycle)
    extra: dict[str, Any] | None = {}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        based_on = data.pop("based_on")
        user = signed_in_user(request)
        if obj is None:
            save: Callable[[], object] = partial(part.add, cycle=cycle, data=data, by=user, request=request)
        else:
            save = partial(part.update, based_on=based_on, data=data, by=user, request=request, **{part.keyword: obj})
        extra = _save_or_conflict(
            request,
            form,
            save,
            fields=part.fields,
            version_of=lambda current: current.version,  # type: ignore[attr-defined]
        )
        if extra is None:
            messages.success(request, part.saved)
            return redirect(cycle_url(cycle, "plan"))
    return _form_page(
        request,
        form=form,
        title=f"Add {part.noun}" if obj is None else f"Change {part.noun}",
        pupil=cycle.pupil,
        cycle=cycle,
        intro=part.intro,
        extra=extra,
        status=409 if extra and "conflict" in extra else 200,
    )


def _part_archive(request: HttpRequest, obj: Outcome | PlannedProvision, part: _PlanPart) -> HttpResponse:
    try:
        part.archive(by=signed_in_user(request), request=request, **{part.keyword: obj})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, part.removed)
    return redirect(cycle_url(obj.cycle, "plan"))


@require_http_methods(["GET", "POST"])
def outcome_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _part_page(request, access_cycle_by_uid(request, uid, roles=CYCLE_EDITOR_ROLES), None, OUTCOME_PART)


@require_http_methods(["GET", "POST"])
def outcome_edit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    outcome = access_outcome(request, uid, roles=CYCLE_EDITOR_ROLES)
    return _part_page(request, outcome.cycle, outcome, OUTCOME_PART)


@require_POST
def outcome_archive(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _part_archive(request, access_outcome(request, uid, roles=CYCLE_EDITOR_ROLES), OUTCOME_PART)


@require_http_methods(["GET", "POST"])
def provision_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _part_page(request, access_cycle_by_uid(request, uid, roles=CYCLE_EDITOR_ROLES), None, PROVISION_PART)


@require_http_methods(["GET", "POST"])
def provision_edit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    planned = access_provision(request, uid, roles=CYCLE_EDITOR_ROLES)
    return _part_page(request, planned.cycle, planned, PROVISION_PART)


@require_POST
def provision_archive(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    return _part_archive(request, access_provision(request, uid, roles=CYCLE_EDITOR_ROLES), PROVISION_PART)


@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_cycle_by_uid(request, uid, roles=CYCLE_EDITOR_ROLES)
    initial = {
        "parents_agreed_on": cycle.parents_agreed_on or timezone.localdate(),
        "parents_agreed_how": cycle.parents_agreed_how,
        "pupil_agreed_on": cycle.pupil_agreed_on,
        "pupil_agreed_how": cycle.pupil_agreed_how,
    }
    return _stage_page(
        request,
        cycle=cycle,
        form=AgreementForm(request.POST or None, initial=initial),
        save=lambda data: services.plan_record_agreement(
            cycle=cycle, by=signed_in_user(request), request=request, **data
        ),
        saved="Agreement recorded.",
        anchor="plan",
        title="Record agreement to the plan",
        intro="Plans are agreed with the parents and, where they can take part, the pupil.",
    )


@require_POST
def plan_share(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_cycle_by_uid(request, uid, roles=CYCLE_EDITOR_ROLES)
    form = ShareForm(request.POST)
    if form.is_valid():
        try:
            services.plan_share_with_parents(
                cycle=cycle, shared_on=form.cleaned_data["shared_on"], by=signed_in_user(request), request=request
            )
        except ValidationError as error:
            return _cycle_page(request, cycle, move_errors=error.messages)
        messages.success(request, "The plan is shared: the parents can read it from their own page.")
        return redirect(cycle_url(cycle, "plan"))
    return _cycle_page(request, cycle, move_errors=[f"{form.errors.as_text()}"], status=400)


# --- Do ---------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_cycle_by_uid(request, uid, roles=NOTE_ROLES)
    return _stage_page(
        request,
        cycle=cycle,
        form=NoteForm(request.POST or None, cycle=cycle),
        save=lambda data: services.note_add(cycle=cycle, by=signed_in_user(request), request=request, **data),
        saved="Note added.",
        anchor="do",
        title="Add a note or evidence",
        intro="Notes and evidence against the plan's outcomes, and provision that was missed (with why) or changed.",
    )


# --- Review -----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def outcome_rate(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    outcome = access_outcome(request, uid, roles=CYCLE_EDITOR_ROLES)
    initial = {"rating": outcome.rating, "measured_value": outcome.measured_value, "evidence": outcome.evidence}
    return _stage_page(
        request,
        cycle=outcome.cycle,
        form=RateOutcomeForm(request.POST or None, initial=initial),
        save=lambda data: services.outcome_rate(outcome=outcome, by=signed_in_user(request), request=request, **data),
        saved="Outcome rated.",
        anchor="review",
        title="Rate an outcome",
        extra={"outcome": outcome},
    )


@require_http_methods(["GET", "POST"])
def provision_impact(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    planned = access_provision(request, uid, roles=CYCLE_EDITOR_ROLES)
    initial = {"impact": planned.impact, "impact_notes": planned.impact_notes}
    return _stage_page(
        request,
        cycle=planned.cycle,
        form=ImpactForm(request.POST or None, initial=initial),
        save=lambda data: services.provision_record_impact(
            planned=planned,
            impact=data["impact"],
            notes=data["impact_notes"],
            by=signed_in_user(request),
            request=request,
        ),
        saved="Impact recorded.",
        anchor="review",
        title="Impact of provision",
        extra={"planned": planned},
    )


@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_cycle_by_uid(request, uid, roles=CYCLE_EDITOR_ROLES)
    initial = {field: getattr(cycle, field) for field in services.REVIEW_FIELDS}
    initial["reviewed_on"] = cycle.reviewed_on or timezone.localdate()
    form = ReviewForm(request.POST or None, initial=initial)
    if not may_change(signed_in_user(request), cycle.pupil, roles=DECISION_ROLES):
        # The decision at review is the SENDCo's; teachers record the rest of the review.
        del form.fields["decision"], form.fields["decision_notes"]
    return _stage_page(
        request,
        cycle=cycle,
        form=form,
        save=lambda data: services.review_update(cycle=cycle, data=data, by=signed_in_user(request), request=request),
        saved="Review saved.",
        anchor="review",
        title="The review",
        intro="The review meeting: staff views, what was learned about what works for this pupil, and the decision.",
    )


@require_http_methods(["GET", "POST"])
def review_reschedule(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_cycle_by_uid(request, uid, roles=CYCLE_EDITOR_ROLES)
    return _stage_page(
        request,
        cycle=cycle,
        form=RescheduleForm(request.POST or None, initial={"review_due_on": cycle.review_due_on}),
        save=lambda data: services.review_reschedule(cycle=cycle, by=signed_in_user(request), request=request, **data),
        saved="Review date moved. Tell the parents the new date.",
        anchor="",
        title="Move the review date",
        intro="The plan stays as agreed; only the date of its review moves. Agree the new date with the parents.",
    )


@require_POST
def review_share(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    cycle = access_cycle_by_uid(request, uid, roles=CYCLE_EDITOR_ROLES)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return _cycle_page(request, cycle, move_errors=["Enter the date the review was shared."], status=400)
    try:
        services.review_share_with_parents(
            cycle=cycle, shared_on=form.cleaned_data["shared_on"], by=signed_in_user(request), request=request
        )
    except ValidationError as error:
        return _cycle_page(request, cycle, move_errors=error.messages)
    messages.success(request, "The review is shared: the parents can read it on their plan page.")
    return redirect(cycle_url(cycle, "review"))
