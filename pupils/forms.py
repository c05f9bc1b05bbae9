from __future__ import annotations

from django import forms

from opensend.forms import Form, ModelForm
from pupils.models import DETAIL_FIELDS, Adjustment, ProfileVersion, Pupil


class PupilDetailsForm(ModelForm):
    class Meta:
        model = Pupil
        fields = list(DETAIL_FIELDS)
        labels = {"upn": "UPN (unique pupil number)", "out_of_year_group": "Taught outside chronological year group"}
        help_texts = {
            "upn": "13 characters, starting with a check letter, for example B801200005001. Temporary UPNs end in a letter.",
            "preferred_forename": "Leave blank if the pupil uses their legal name.",
        }
        widgets = {
            "upn": forms.TextInput(
                attrs={"class": "govuk-input--width-20", "spellcheck": "false", "autocomplete": "off"}
            ),
            "sex": forms.RadioSelect,
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Uniqueness and cross-field rules live in pupils.services.pupil_validate_details, with clearer messages.
        self.fields["upn"].validators = []

    def validate_unique(self) -> None:
        """Uniqueness is checked by the service, which says what to do about a clash."""


class PupilStartForm(Form):
    started_on = forms.DateField(label="Date the pupil joined the school")


class ProfileForm(ModelForm):
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProfileVersion
        fields = [*ProfileVersion.PROFILE_FIELDS, "change_note"]
        labels = {"change_note": "What changed and why"}
        help_texts = {
            "admire": "Strengths and qualities, in the words of people who know the pupil.",
            "important_to_me": "In the pupil's own words where possible.",
            "named_adult": "The adult the pupil has chosen to go to.",
            "change_note": "For example: 'updated after meeting with Mum and Sam on 12 March'.",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3}) for name in ProfileVersion.PROFILE_FIELDS if name != "named_adult"
        }


class BarrierForm(Form):
    title = forms.CharField(
        label="Barrier to learning",
        max_length=120,
        help_text="What stands in the way: for example fatigue, anxiety, low working memory.",
    )
    description = forms.CharField(
        label="What it looks like for this pupil", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BarrierWithAdjustmentsForm(BarrierForm):
    adjustment_1 = forms.CharField(
        label="Adjustment or accommodation 1", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind_1 = forms.ChoiceField(
        label="Kind of support 1", choices=Adjustment.Kind.choices, initial=Adjustment.Kind.ADJUSTMENT
    )
    adjustment_2 = forms.CharField(
        label="Adjustment or accommodation 2", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind_2 = forms.ChoiceField(
        label="Kind of support 2", choices=Adjustment.Kind.choices, initial=Adjustment.Kind.ADJUSTMENT
    )
    adjustment_3 = forms.CharField(
        label="Adjustment or accommodation 3", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind_3 = forms.ChoiceField(
        label="Kind of support 3", choices=Adjustment.Kind.choices, initial=Adjustment.Kind.ADJUSTMENT
    )

    def adjustments(self) -> list[tuple[str, str]]:
        return [(self.cleaned_data[f"kind_{n}"], self.cleaned_data[f"adjustment_{n}"]) for n in (1, 2, 3)]


class ArchiveForm(Form):
    reason = forms.CharField(label="Why does this no longer apply?", max_length=250)


class AdjustmentForm(Form):
    kind = forms.ChoiceField(
        label="Kind of support",
        choices=Adjustment.Kind.choices,
        widget=forms.RadioSelect,
        initial=Adjustment.Kind.ADJUSTMENT,
    )
    description = forms.CharField(label="Adjustment or accommodation", widget=forms.Textarea(attrs={"rows": 3}))


class CompareForm(Form):
    older = forms.IntegerField(label="Compare version", min_value=1)
    newer = forms.IntegerField(label="with version", min_value=1)
