"""Forms for meetings with parents: they check the shape of input; plans.services.meetings checks the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from opensend.forms import DateInput, Form
from plans.models import Meeting, SupportCycle


class CycleChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        cycle: SupportCycle = obj
        return f"Support cycle {cycle.number} ({cycle.get_state_display().lower()}, from {cycle.started_on:%-d %B %Y})"


class MeetingForm(Form):
    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=Meeting.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of meeting.", "invalid_choice": "Choose a kind from the list."},
    )
    held_on = forms.DateField(
        label="Date of the meeting",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the meeting.",
            "invalid": "Enter the date of the meeting as a real date.",
        },
    )
    with_parents = forms.TypedChoiceField(
        label="Did the parents or carers take part?",
        choices=[("yes", "Yes"), ("no", "No, a meeting about the pupil without them")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="Meetings with parents count towards the three a year the Code of Practice asks for (6.65).",
        error_messages={"required": "Say whether the parents or carers took part."},
    )
    attendees = forms.CharField(
        label="Who came",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line, with their role, for example 'Mrs Okafor (Mum)' or 'Mr Hughes (class teacher)'.",
        error_messages={"required": "Write who came to the meeting, one per line, with their role."},
    )
    notes = forms.CharField(
        label="What was discussed",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Write it for the parents: this is the note they will get. Plain English, no abbreviations.",
        error_messages={"required": "Write what was discussed: this is the note the parents will get."},
    )
    actions = forms.CharField(
        label="Agreed actions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One per line: what, who, by when.",
    )
    cycle = CycleChoiceField(
        label="Support cycle this meeting is part of",
        queryset=SupportCycle.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose one of the pupil's support cycles listed."},
    )

    def __init__(self, *args: Any, cycles: QuerySet[SupportCycle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cycle"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = cycles

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        return {
            "kind": meeting.kind,
            "held_on": meeting.held_on,
            "with_parents": "yes" if meeting.with_parents else "no",
            "attendees": meeting.attendees,
            "notes": meeting.notes,
            "actions": meeting.actions,
            "cycle": meeting.cycle_id,
        }


class MeetingShareForm(Form):
    shared_on = forms.DateField(
        label="Date the note was shared with the parents",
        widget=DateInput(),
        help_text="Once recorded, the parents see the note in OpenSEND and it can no longer be changed.",
        error_messages={
            "required": "Enter the date the note was shared with the parents.",
            "invalid": "Enter the date the note was shared as a real date.",
        },
    )
