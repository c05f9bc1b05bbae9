"""Attaching a document to a support cycle. The form checks only that a file came; what it is, and how big, is the
service's to judge (plans.services.documents), so the rules live in one place."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from opensend.forms import Form
from plans.models import Assessment, SupportCycle

# A hint for the browser's file picker only: the type is checked by content when the file arrives.
ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


class AssessmentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Assessment) -> str:
        return f"{obj.title} ({obj.get_kind_display()})"


class DocumentForm(Form):
    title = forms.CharField(
        max_length=150,
        help_text="What the document is and when it is from, for example 'Speech and language therapy report, March'.",
        error_messages={"required": "Enter a title, for example 'Speech and language therapy report, March'."},
    )
    assessment = AssessmentChoiceField(
        queryset=Assessment.objects.none(),
        required=False,
        to_field_name="uid",
        empty_label="Not part of an assessment",
        label="Which assessment is it part of?",
        error_messages={"invalid_choice": "Choose one of this cycle's assessments, or none."},
    )
    file = forms.FileField(
        label="Upload a file",
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": "Choose a file to attach: a PDF, PNG or JPEG.",
            "empty": "The file is empty. Choose the file again, or scan the document again if it was a scan.",
        },
    )

    def __init__(self, *args: Any, cycle: SupportCycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"A PDF, PNG or JPEG, up to {settings.UPLOAD_MAX_MB} MB."
        self.fields["file"].widget.attrs["aria-describedby"] = "file-hint"
        assessment = self.fields["assessment"]
        assert isinstance(assessment, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
        assessment.queryset = cycle.assessments.order_by("assessed_on", "id")
        if not assessment.queryset.exists():
            # Nothing to choose from: the question is left out rather than offering only "none".
            del self.fields["assessment"]


class DocumentArchiveForm(Form):
    """Archiving needs only the confirmation (and its CSRF token); the form carries the service's refusal, if any."""
