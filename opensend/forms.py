"""GOV.UK Frontend styling for Django forms: classes and ARIA wiring set once, here, not in each form."""

from __future__ import annotations

from typing import Any

from django import forms

_CLASSES = {
    forms.Select: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class GovukFormMixin:
    """Adds GOV.UK classes, error classes and aria-describedby to every widget."""

    fields: dict[str, forms.Field]
    prefix: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next((value for kind, value in _CLASSES.items() if isinstance(widget, kind)), "govuk-input")
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{css} {existing}".strip()
            if isinstance(field, forms.DateField) and not isinstance(widget, DateInput):
                field.widget = widget = DateInput(attrs=widget.attrs)
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self.add_prefix(name)}-hint"  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._mark_errors()

    def add_error(self, field: str | None, error: Any) -> None:
        """Also called by views after a service refuses input: mark the fields again so the
        error styling and aria-describedby match the messages shown."""
        super().add_error(field, error)  # type: ignore[misc]
        self._mark_errors()

    def _mark_errors(self) -> None:
        for name in getattr(self, "_errors", None) or {}:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            if "--error" not in widget.attrs.get("class", ""):
                base = widget.attrs.get("class", "govuk-input").split()[0]
                widget.attrs["class"] += f" {base}--error"
            error_id = f"{self.add_prefix(name)}-error"  # type: ignore[attr-defined]
            described = widget.attrs.get("aria-describedby", "")
            if error_id not in described.split():
                widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()


class Form(GovukFormMixin, forms.Form):
    pass


class ModelForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass


def apply_service_errors(form: forms.BaseForm, error: Any) -> None:
    """Attach a service's ValidationError to the form: field errors to their fields, the rest to the top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
