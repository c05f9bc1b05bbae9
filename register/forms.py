"""Forms for the register: they check the shape of input; register.services checks the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from lib.census import BROAD_AREAS, need_types
from opensend.forms import DateInput, Form
from pupils.models import Pupil, SenStatusCode, Sex, YearGroup
from register.selectors import SORTS, RegisterFilters

_ANY = ("", "Any")
_YES_NO = [_ANY, ("yes", "Yes"), ("no", "No")]
_STATUS_LABELS = {
    SenStatusCode.SUPPORT: "SEN support (K)",
    SenStatusCode.EHC_PLAN: "EHC plan (E)",
    SenStatusCode.NONE: "No SEN (N): remove from the register",
}


def need_choices() -> list[tuple[str, str]]:
    return [(t.code, f"{t.description} ({t.code})") for t in need_types().values()]


def _choice(label: str, choices: list[tuple[str, str]], *, what: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, required=False, choices=choices, error_messages={"invalid_choice": f"Choose {what} from the list."}
    )


class RegisterFilterForm(Form):
    """The register's filters, sent by GET so that a filtered register can be bookmarked and shared."""

    q = forms.CharField(
        label="Search by name",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "search", "spellcheck": "false"}),
    )
    status = _choice(
        "Status",
        [
            ("", "SEN support and EHC plans"),
            ("K", "SEN support (K)"),
            ("E", "EHC plan (E)"),
            ("N", "Not on the register (N)"),
            ("all", "Every pupil on roll"),
        ],
        what="a status",
    )
    need = _choice("Need type (any rank)", [_ANY, *need_choices()], what="a need type")
    area = _choice("Broad area of primary need", [_ANY, *((area, area) for area in BROAD_AREAS)], what="a broad area")
    year = _choice("Year group", [_ANY, *YearGroup.choices], what="a year group")
    group = _choice("Registration class", [_ANY], what="a registration class")
    sex = _choice("Sex", [_ANY, *Sex.choices], what="a sex")
    fsm = _choice("Free school meals", _YES_NO, what="yes or no for free school meals")
    pp = _choice("Pupil premium", _YES_NO, what="yes or no for pupil premium")
    sort = forms.ChoiceField(
        required=False,
        choices=[("", "Name"), *((key, key) for key in SORTS), *((f"-{key}", f"-{key}") for key in SORTS)],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Sort by one of the column headings."},
    )

    def __init__(self, *args: Any, groups: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.ChoiceField)  # noqa: S101
        group_field.choices = [_ANY, *groups]

    def filters(self) -> RegisterFilters:
        """The valid filters; a value that is not valid is ignored (and reported on the form)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})

        def flag(name: str) -> bool | None:
            return {"yes": True, "no": False}.get(data.get(name) or "")

        return RegisterFilters(
            status=data.get("status") or "",
            need=data.get("need") or "",
            area=data.get("area") or "",
            year=data.get("year") or "",
            group=data.get("group") or "",
            sex=data.get("sex") or "",
            fsm=flag("fsm"),
            pp=flag("pp"),
            search=(data.get("q") or "").strip(),
            sort=data.get("sort") or "name",
        )


class RegisterDecisionForm(Form):
    to_status = forms.ChoiceField(
        label="New status",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the new status.", "invalid_choice": "Choose one of the statuses listed."},
    )
    decided_on = forms.DateField(
        widget=DateInput(),
        label="Date of the decision",
        error_messages={
            "required": "Enter the date of the decision.",
            "invalid": "Enter the date of the decision as a real date.",
        },
    )
    reason = forms.CharField(
        label="Reason for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the evidence shows, what was tried, and what was agreed with the pupil and their parents.",
        error_messages={"required": "Give the reason for the decision: what the evidence shows and what was agreed."},
    )
    decided_by = forms.ModelChoiceField(
        label="Decided by",
        queryset=User.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose who made the decision.",
            "invalid_choice": "Choose a member of staff at this school.",
        },
    )
    primary_need = forms.ChoiceField(
        label="Primary need",
        choices=[("", "Choose a need type"), *need_choices()],
        help_text="The census records a primary need for every pupil on the register. NSA (no specialist assessment) "
        "is only valid with SEN support.",
        error_messages={
            "required": "Choose the pupil's primary need: the census records one for every pupil on the register.",
            "invalid_choice": "Choose a need type from the list.",
        },
    )
    parents_informed_on = forms.DateField(
        widget=DateInput(),
        label="Date parents were told",
        required=False,
        help_text="Leave blank if the letter has not gone yet: you can record it later.",
        error_messages={"invalid": "Enter the date parents were told as a real date."},
    )
    parents_informed_how = forms.CharField(
        label="How parents were told",
        required=False,
        max_length=120,
        help_text="For example: letter and meeting.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )

    def __init__(self, *args: Any, pupil: Pupil, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to_status = self.fields["to_status"]
        assert isinstance(to_status, forms.ChoiceField)  # noqa: S101
        to_status.choices = [
            (code, _STATUS_LABELS[SenStatusCode(code)]) for code in ("K", "E", "N") if code != pupil.sen_status
        ]
        decided_by = self.fields["decided_by"]
        assert isinstance(decided_by, forms.ModelChoiceField)  # noqa: S101
        decided_by.queryset = staff
        # Only a pupil coming onto the register needs a primary need; on the register they already have one.
        if pupil.sen_status != SenStatusCode.NONE:
            del self.fields["primary_need"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("parents_informed_how", "").strip()
            and not cleaned.get("parents_informed_on")
            and "parents_informed_on" not in self.errors
        ):
            self.add_error(
                "parents_informed_on",
                "Enter the date parents were told, or leave 'How parents were told' blank and record it later.",
            )
        return cleaned


class ParentsInformedForm(Form):
    informed_on = forms.DateField(
        widget=DateInput(),
        label="Date parents were told",
        error_messages={
            "required": "Enter the date parents were told.",
            "invalid": "Enter the date parents were told as a real date.",
        },
    )
    how = forms.CharField(
        label="How parents were told",
        max_length=120,
        help_text="For example: letter and meeting.",
        error_messages={"required": "Say how the parents were told, for example 'letter and meeting'."},
    )


class NeedAddForm(Form):
    code = forms.ChoiceField(
        label="Need type",
        choices=[("", "Choose a need type"), *need_choices()],
        error_messages={
            "required": "Choose a census need type.",
            "invalid_choice": "Choose a need type from the list.",
        },
    )
    rank = forms.IntegerField(
        label="Rank",
        min_value=1,
        help_text="1 is the primary need, 2 the secondary need, and so on.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the rank: 1 for the primary need, 2 for the secondary need.",
            "invalid": "Enter the rank as a whole number.",
            "min_value": "Rank 1 is the primary need; a rank cannot be lower.",
        },
    )
    started_on = forms.DateField(
        widget=DateInput(),
        label="From",
        error_messages={
            "required": "Enter the date the need was identified.",
            "invalid": "Enter the start date as a real date.",
        },
    )
    description = forms.CharField(
        label="How this need shows itself for this pupil",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In everyday words: what you see in class, and what helps.",
    )
    diagnosis = forms.CharField(label="Diagnosis", required=False, max_length=200)
    diagnosis_source = forms.CharField(
        label="Who made the diagnosis",
        required=False,
        max_length=200,
        help_text="For example: community paediatrician.",
    )
    diagnosis_date = forms.DateField(
        widget=DateInput(),
        label="Date of the diagnosis",
        required=False,
        error_messages={"invalid": "Enter the diagnosis date as a real date."},
    )


class NeedEndForm(Form):
    ended_on = forms.DateField(
        widget=DateInput(),
        label="Date the need ended",
        help_text="The first day it no longer applies.",
        error_messages={"required": "Enter the date the need ended.", "invalid": "Enter the end date as a real date."},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why this need has ended, for example 'no longer a barrier after review'."},
    )
