"""Forms for the stages of a support cycle. They check the shape of input; the services check the rules."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import Q
from django.utils import timezone

from opensend.forms import Form
from plans.models import (
    Assessment,
    Outcome,
    OutcomeRating,
    PlannedProvision,
    ProgressNote,
    ProvisionImpact,
    ReviewDecision,
    SupportCycle,
    Voice,
    VoiceMethod,
)
from plans.services.cycles import MISSING, OUTCOME_MISSING, PROVISION_MISSING
from provision.models import Intervention, InterventionGroup
from pupils.models import Barrier

_SHORT = {"rows": 3}


class _DescribedChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Outcomes and provision are named by the start of their description."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.description)[:90]


class _DescribedChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.description)[:90]


def _text(label: str, *, help_text: str = "", required: bool = True, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class StageForm(Form):
    """Required fields say what is missing in the words the services use, not "This field is required"."""

    REQUIRED: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, message in self.REQUIRED.items():
            self.fields[name].error_messages["required"] = message
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = "Enter a real date, for example 27 3 2027"


class BasedOnForm(StageForm):
    """Carries the version the editor started from, for optimistic locking."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CycleStartForm(StageForm):
    REQUIRED: ClassVar[dict[str, str]] = {
        "concern": MISSING["concern"],
        "started_on": "Enter the date the cycle starts",
    }
    concern = _text(
        "Why does this cycle start?",
        help_text="The concern, or the need to explore. For a next cycle, what the last review decided.",
    )
    started_on = forms.DateField(label="Start date")


class NeedsForm(StageForm):
    REQUIRED: ClassVar[dict[str, str]] = {
        "needs_summary": MISSING["needs_summary"],
    }
    needs_summary = _text(
        "Summary of needs and barriers to learning",
        help_text="What the assessment found: strengths, needs, and what stands between the pupil and learning.",
        rows=8,
    )


class VoiceForm(StageForm):
    REQUIRED: ClassVar[dict[str, str]] = {
        "whose": "Choose whose views these are",
        "method": "Choose how the views were gathered",
        "views": MISSING["views"],
        "gathered_on": "Enter the date the views were gathered",
    }
    whose = forms.ChoiceField(label="Whose views", choices=Voice.Whose.choices, widget=forms.RadioSelect)
    method = forms.ChoiceField(label="How they were gathered", choices=VoiceMethod.choices)
    given_by = forms.CharField(
        label="Given by", required=False, max_length=120, help_text="For parents: for example Mum, or Grandad."
    )
    views = _text("Their views", help_text="In their own words where you can.", rows=6)
    gathered_on = forms.DateField(label="Date gathered")


class AssessmentForm(StageForm):
    REQUIRED: ClassVar[dict[str, str]] = {
        "kind": "Choose the kind of assessment",
        "title": "Give the assessment a title",
        "body": "Write what was found",
        "assessed_on": "Enter the date of the assessment",
    }
    kind = forms.ChoiceField(label="Kind of assessment", choices=Assessment.Kind.choices)
    title = forms.CharField(label="Title", max_length=150, help_text="For example: reading age test, or SaLT report.")
    agency = forms.CharField(
        label="Outside agency", required=False, max_length=120, help_text="For advice from an outside agency."
    )
    body = _text("What was found", rows=6)
    assessed_on = forms.DateField(label="Date")


class PlanForm(BasedOnForm):
    REQUIRED: ClassVar[dict[str, str]] = {
        "review_due_on": "Enter the date the plan will be reviewed",
    }
    review_due_on = forms.DateField(label="Review date", help_text="Usually 6 to 8 weeks away, within this term.")
    review_date_reason = forms.CharField(
        label="Reason for a review after the end of term", required=False, max_length=250
    )
    parents_at_home = _text("What the parents will do at home", required=False)


class OutcomeForm(BasedOnForm):
    REQUIRED: ClassVar[dict[str, str]] = OUTCOME_MISSING
    description = _text("What the pupil will be able to do", help_text="Specific and measurable.", rows=3)
    success_criteria = _text("Success criteria", help_text="How we will know it has been achieved.", rows=3)
    baseline = forms.CharField(label="Baseline", max_length=250, help_text="Where the pupil starts now.")
    target_value = forms.CharField(label="Target", required=False, max_length=120)
    measure_how = forms.CharField(label="How it is measured", max_length=250)
    measure_when = forms.CharField(label="When it is measured", max_length=120)
    measured_by = forms.CharField(label="Who measures it", max_length=120)
    barrier = forms.ModelChoiceField(
        label="Barrier it addresses", queryset=Barrier.objects.none(), required=False, empty_label="None"
    )

    def __init__(self, *args: Any, cycle: SupportCycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["barrier"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        field.queryset = Barrier.objects.filter(pupil_id=cycle.pupil_id, archived_at__isnull=True)


class ProvisionForm(BasedOnForm):
    REQUIRED: ClassVar[dict[str, str]] = {
        "kind": "Choose adjustment or intervention",
        "description": PROVISION_MISSING["description"],
        "delivered_by": PROVISION_MISSING["delivered_by"],
        "frequency": PROVISION_MISSING["frequency"],
        "starts_on": PROVISION_MISSING["starts_on"],
    }
    kind = forms.ChoiceField(label="Kind", choices=PlannedProvision.Kind.choices, widget=forms.RadioSelect)
    intervention = forms.ModelChoiceField(
        label="From the school's catalogue",
        queryset=Intervention.objects.none(),
        required=False,
        empty_label="Not from the catalogue",
        help_text="An intervention from the catalogue puts the pupil in one of its groups.",
    )
    group = forms.ModelChoiceField(
        label="Group",
        queryset=InterventionGroup.objects.none(),
        required=False,
        empty_label="Start a new group",
    )
    description = _text("What", rows=3)
    delivered_by = forms.CharField(label="Who delivers it", max_length=120)
    frequency = forms.CharField(label="How often", max_length=120, help_text="For example: daily, 15 minutes.")
    sessions_per_week = forms.IntegerField(label="Sessions a week", required=False, min_value=1, max_value=25)
    minutes_per_session = forms.IntegerField(label="Minutes a session", required=False, min_value=1, max_value=300)
    starts_on = forms.DateField(label="From")
    ends_on = forms.DateField(label="Until", required=False)
    outcomes = _DescribedChoices(
        label="Outcomes it serves",
        queryset=Outcome.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, cycle: SupportCycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._narrow("intervention", Intervention.objects.filter(school_id=cycle.school_id).order_by("name"))
        self._narrow(
            "group",
            InterventionGroup.objects.filter(school_id=cycle.school_id)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=timezone.localdate()))
            .select_related("intervention")
            .order_by("intervention__name", "name"),
        )
        self._narrow("outcomes", Outcome.objects.filter(cycle=cycle, archived_at__isnull=True))

    def _narrow(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        field.queryset = queryset


class AgreementForm(StageForm):
    REQUIRED: ClassVar[dict[str, str]] = {
        "parents_agreed_on": MISSING["parents_agreed_on"],
        "parents_agreed_how": "Say how the parents agreed, for example 'at the planning meeting'",
    }
    parents_agreed_on = forms.DateField(label="Date the parents agreed")
    parents_agreed_how = forms.CharField(
        label="How they agreed", max_length=150, help_text="For example: at the planning meeting, or by phone."
    )
    pupil_agreed_on = forms.DateField(label="Date the pupil agreed", required=False)
    pupil_agreed_how = forms.CharField(label="How the pupil agreed", required=False, max_length=150)


class ShareForm(StageForm):
    REQUIRED: ClassVar[dict[str, str]] = {
        "shared_on": "Enter the date the plan was shared with the parents",
    }
    shared_on = forms.DateField(label="Date shared with the parents")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"shared_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class NoteForm(StageForm):
    REQUIRED: ClassVar[dict[str, str]] = {
        "kind": "Choose the kind of note",
        "text": MISSING["text"],
        "noted_on": "Enter the date",
    }
    kind = forms.ChoiceField(label="Kind of note", choices=ProgressNote.Kind.choices, widget=forms.RadioSelect)
    outcome = _DescribedChoice(
        label="Outcome", queryset=Outcome.objects.none(), required=False, empty_label="Not about one outcome"
    )
    provision = _DescribedChoice(
        label="Provision", queryset=PlannedProvision.objects.none(), required=False, empty_label="None"
    )
    reason = forms.ChoiceField(
        label="Why it was missed",
        choices=[("", "Not missed"), *ProgressNote.MissedReason.choices],
        required=False,
    )
    text = _text("Note", rows=4)
    noted_on = forms.DateField(label="Date")

    def __init__(self, *args: Any, cycle: SupportCycle, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"noted_on": timezone.localdate(), "kind": ProgressNote.Kind.NOTE})
        super().__init__(*args, **kwargs)
        outcome = self.fields["outcome"]
        provision = self.fields["provision"]
        assert isinstance(outcome, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        assert isinstance(provision, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        outcome.queryset = Outcome.objects.filter(cycle=cycle, archived_at__isnull=True)
        provision.queryset = PlannedProvision.objects.filter(cycle=cycle, archived_at__isnull=True)


class RateOutcomeForm(StageForm):
    REQUIRED: ClassVar[dict[str, str]] = {
        "rating": MISSING["rating"],
        "measured_value": "Enter the value measured now, to compare with the baseline",
        "evidence": MISSING["evidence"],
    }
    rating = forms.ChoiceField(
        label="How far was it achieved?", choices=OutcomeRating.choices, widget=forms.RadioSelect
    )
    measured_value = forms.CharField(label="Measured now", max_length=120)
    evidence = _text("Evidence", rows=4)


class ImpactForm(StageForm):
    REQUIRED: ClassVar[dict[str, str]] = {
        "impact": MISSING["impact"],
    }
    impact = forms.ChoiceField(label="Impact", choices=ProvisionImpact.choices, widget=forms.RadioSelect)
    impact_notes = _text("What made the difference, or what got in the way", required=False, rows=3)


class ReviewForm(StageForm):
    REQUIRED: ClassVar[dict[str, str]] = {
        "reviewed_on": "Enter the date of the review",
    }
    reviewed_on = forms.DateField(label="Date of the review")
    staff_views = _text("Views of staff", required=False)
    decision = forms.ChoiceField(
        label="Decision", choices=ReviewDecision.choices, widget=forms.RadioSelect, required=False
    )
    decision_notes = _text("Why this decision", required=False, rows=3)
    what_works = _text("What works for this pupil", required=False, help_text="Carried into the next cycle.")
    what_doesnt = _text("What doesn't work", required=False, help_text="Carried into the next cycle.")


class MoveForm(StageForm):
    to_state = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label="Note (optional)", required=False, max_length=250)


class RescheduleForm(StageForm):
    REQUIRED: ClassVar[dict[str, str]] = {
        "review_due_on": "Enter the new review date",
        "reason": MISSING["reason"],
    }
    review_due_on = forms.DateField(label="New review date")
    reason = forms.CharField(label="Why the review date moves", max_length=250)
