"""Forms for the provision pages: they check the shape of input; provision.services checks the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from opensend.forms import Form
from provision.models import (
    AreaOfNeed,
    Evidence,
    Intervention,
    InterventionKind,
    Measure,
    SessionStatus,
    StaffRole,
    Weekday,
)
from provision.selectors import WeekSlot
from pupils.models import Pupil
from schools.models import AcademicYear


def _choice(label: str, choices: Any, *, what: str, **extra: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        error_messages={"required": f"Choose {what}.", "invalid_choice": f"Choose {what} from the list."},
        **extra,
    )


def _whole(label: str, *, what: str, required: bool = True, **extra: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        error_messages={"required": f"Enter {what}.", "invalid": f"Enter {what} as a whole number."},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        **extra,
    )


def _date(label: str, *, what: str, required: bool = True, **extra: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        error_messages={"required": f"Enter {what}.", "invalid": f"Enter {what} as a real date."},
        **extra,
    )


def _money(label: str, *, what: str, required: bool = True, **extra: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=11,
        decimal_places=2,
        error_messages={
            "required": f"Enter {what}.",
            "invalid": f"Enter {what} as an amount in pounds, such as 18.50.",
            "max_decimal_places": f"Enter {what} to the nearest penny.",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        **extra,
    )


class InterventionForm(Form):
    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter the name of the intervention."}
    )
    description = forms.CharField(
        label="What it is and how it works", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    area = _choice("Main area of need", AreaOfNeed.choices, what="the main area of need", widget=forms.RadioSelect)
    other_areas = forms.MultipleChoiceField(
        label="Other areas of need it serves",
        required=False,
        choices=AreaOfNeed.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence = _choice(
        "Strength of evidence", Evidence.choices, what="the strength of evidence", widget=forms.RadioSelect
    )
    kind = _choice("Type", InterventionKind.choices, what="the type", widget=forms.RadioSelect)
    staff_role = _choice("Delivered by", StaffRole.choices, what="who delivers it")
    group_size = _whole("Default group size", what="the group size")
    sessions_per_week = _whole("Sessions a week", what="the sessions a week")
    minutes_per_session = _whole("Minutes a session", what="the minutes a session")
    weeks = _whole("Default length in weeks", what="the length in weeks")
    fixed_cost_per_term = _money(
        "Fixed costs a term (£)",
        what="the fixed costs a term",
        help_text="Licences, materials and training for one group for one term. Enter 0 if there are none.",
    )
    measure = _choice("Entry and exit measure", Measure.choices, what="the measure")
    measure_label = forms.CharField(label="Name of the custom scale", required=False, max_length=80)
    higher_is_better = forms.BooleanField(
        label="A higher score is better on the custom scale", required=False, initial=True
    )

    @staticmethod
    def initial_for(intervention: Intervention) -> dict[str, Any]:
        return {name: getattr(intervention, name) for name in InterventionForm.base_fields}


class StaffRateForm(Form):
    role = _choice("Role", StaffRole.choices, what="a role")
    hourly_cost = _money(
        "Hourly cost (£)",
        what="the hourly cost",
        help_text="Pay for an hour with employer's National Insurance and pension added (on-costs).",
    )
    started_on = _date("From", what="the date the rate applies from")


class BudgetForm(Form):
    academic_year = forms.ModelChoiceField(
        label="Academic year",
        queryset=AcademicYear.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose an academic year.",
            "invalid_choice": "Choose an academic year from the list.",
        },
    )
    amount = _money(
        "Notional SEN budget (£)",
        what="the notional SEN budget",
        help_text="From your local authority's funding statement: the part of the school's budget for SEN support.",
    )

    def __init__(self, *args: Any, years: QuerySet[AcademicYear], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].queryset = years  # type: ignore[attr-defined]


class GroupForm(Form):
    intervention = forms.ModelChoiceField(
        label="Intervention",
        queryset=Intervention.objects.none(),
        error_messages={
            "required": "Choose an intervention.",
            "invalid_choice": "Choose an intervention from the list.",
        },
    )
    name = forms.CharField(
        label="Name of the group",
        max_length=120,
        help_text="For example: Year 3 phonics, Tuesday and Thursday.",
        error_messages={"required": "Enter a name for the group."},
    )
    staff = forms.ModelChoiceField(
        label="Run by",
        queryset=User.objects.none(),
        required=False,
        help_text="The member of staff who runs the group and logs its sessions.",
        error_messages={"invalid_choice": "Choose a member of staff from the list."},
    )
    capacity = _whole("Places", what="the number of places")
    minutes_per_session = _whole("Minutes a session", what="the minutes a session")
    weekdays = forms.TypedMultipleChoiceField(
        label="Days",
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the days the group meets."},
    )
    starts_at = forms.TimeField(
        label="Starts at",
        help_text="For example, 09:15.",
        error_messages={"required": "Enter the time the group starts.", "invalid": "Enter a time such as 09:15."},
        widget=forms.TimeInput(attrs={"type": "time", "class": "govuk-input--width-5"}, format="%H:%M"),
    )
    room = forms.CharField(label="Room", max_length=60, required=False)
    starts_on = _date("First session", what="the date of the first session")
    ends_on = _date(
        "Ends on", what="the date the group ends", required=False, help_text="The first day it no longer runs."
    )

    def __init__(self, *args: Any, interventions: QuerySet[Intervention], staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intervention"].queryset = interventions  # type: ignore[attr-defined]
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]


class PupilChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Pupil)  # noqa: S101
        return f"{obj.display_name} (Year {obj.year_group})" if obj.year_group.isdigit() else obj.display_name


class PlaceAddForm(Form):
    pupil = PupilChoiceField(
        label="Pupil",
        queryset=Pupil.objects.none(),
        help_text="Pupils on the SEN register at this school.",
        error_messages={"required": "Choose a pupil.", "invalid_choice": "Choose a pupil from the list."},
    )
    started_on = _date("Joins on", what="the date the pupil joins")

    def __init__(self, *args: Any, pupils: QuerySet[Pupil], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = pupils  # type: ignore[attr-defined]


class PlaceEndForm(Form):
    ended_on = _date(
        "Leaves on", what="the date the pupil leaves", help_text="The first day the pupil is no longer in the group."
    )
    reason = forms.CharField(
        label="Why",
        max_length=250,
        help_text="For example: completed the programme, moved to another group, left the school.",
        error_messages={"required": "Enter why the pupil is leaving the group."},
    )


def _score(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=7,
        decimal_places=2,
        error_messages={"invalid": "Enter the score as a number, such as 84 or 7.5."},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
    )


class ScoresForm(Form):
    entry_score = _score("Entry score")
    entry_on = _date("Date of the entry score", what="the date of the entry score", required=False)
    exit_score = _score("Exit score")
    exit_on = _date("Date of the exit score", what="the date of the exit score", required=False)


NOT_LOGGED = ""
STATUS_CHOICES = [(NOT_LOGGED, "Not logged yet"), *SessionStatus.choices]


class WeekLogForm(Form):
    """One set of fields per timetabled session in the week, named by the slot's key (see WeekSlot.key)."""

    def __init__(self, *args: Any, slots: list[WeekSlot], default_minutes: int, **kwargs: Any) -> None:
        initial: dict[str, Any] = {}
        for slot in slots:
            session = slot.session
            if session is not None:
                initial[f"{slot.key}-status"] = session.status
                initial[f"{slot.key}-minutes"] = session.minutes or default_minutes
                initial[f"{slot.key}-note"] = session.note
                initial[f"{slot.key}-present"] = [str(pk) for pk in slot.present]
            elif not slot.in_future and not slot.outside_group:
                # The usual case, so a TA only changes what was different: delivered, full length, everyone there.
                initial[f"{slot.key}-status"] = SessionStatus.DELIVERED
                initial[f"{slot.key}-minutes"] = default_minutes
                initial[f"{slot.key}-present"] = [str(pupil.pk) for pupil in slot.roll]
            else:
                initial[f"{slot.key}-minutes"] = default_minutes
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.slots = slots
        for slot in slots:
            when = f"{slot.weekday_label} {slot.held_on:%-d %B} at {slot.starts_at:%H:%M}"
            self.fields[f"{slot.key}-status"] = forms.ChoiceField(
                label="Delivered?",
                choices=STATUS_CHOICES,
                required=False,
                error_messages={"invalid_choice": f"Choose what happened on {when} from the list."},
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )
            self.fields[f"{slot.key}-minutes"] = forms.IntegerField(
                label="Minutes",
                required=False,
                error_messages={"invalid": f"Enter the minutes on {when} as a whole number."},
                widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3", "inputmode": "numeric"}),
            )
            self.fields[f"{slot.key}-present"] = forms.TypedMultipleChoiceField(
                label="Who was there",
                required=False,
                coerce=int,
                choices=[(str(pupil.pk), pupil.display_name) for pupil in slot.roll],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes__input"}),
                error_messages={"invalid_choice": "Tick only pupils in the group."},
            )
            # Added after GovukFormMixin styled the static fields, so the classes are set here.
            self.fields[f"{slot.key}-note"] = forms.CharField(
                label="Note",
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"class": "govuk-input"}),
                error_messages={"max_length": "Keep the note to 200 characters or fewer."},
            )

    def bound_slots(self) -> list[dict[str, Any]]:
        return [
            {
                "slot": slot,
                "status": self[f"{slot.key}-status"],
                "minutes": self[f"{slot.key}-minutes"],
                "present": self[f"{slot.key}-present"],
                "note": self[f"{slot.key}-note"],
            }
            for slot in self.slots
        ]
