from __future__ import annotations

from django import forms

from opensend.forms import Form

_INVALID = "Enter a real date, for example 03/09/2026."


class TermDatesForm(Form):
    """The shape of the dates only; schools.services.term_update checks them against the year and the other terms."""

    starts_on = forms.DateField(
        label="First day of term", error_messages={"required": "Enter the first day of term.", "invalid": _INVALID}
    )
    ends_on = forms.DateField(
        label="Last day of term", error_messages={"required": "Enter the last day of term.", "invalid": _INVALID}
    )
