"""GOV.UK Frontend styling for Django forms: classes and ARIA wiring set once, here, not in each form."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape

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


# Widgets written in Python ------------------------------------------------------------------------------------
#
# Django renders every widget through a template: a select of 18 options runs about 120 template variable lookups,
# and the register's filter form alone cost 3 to 5 ms a page, more than its data. The renderer below writes the
# commonest widgets (text-like inputs, checkboxes, selects, textareas) in Python, character for character as their
# templates do (opensend/tests/test_forms.py renders each both ways and compares); any other widget, or a project
# template that overrides one of these, still goes through the templates.


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/input.html."""
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _select(widget: Mapping[str, Any]) -> str:
    """templates/django/forms/widgets/select.html (the project's: each option inline)."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            selected = " selected" if option["selected"] else ""
            parts.append(
                f'\n  <option value="{conditional_escape(option["value"])}"{selected}>'
                f"{conditional_escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/textarea.html."""
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


_INPUTS = ("text", "hidden", "number", "email", "date", "password", "url", "search", "tel", "time", "checkbox")
WRITTEN_IN_PYTHON: dict[str, Callable[[Mapping[str, Any]], str]] = {
    # Each of these templates is `{% include "django/forms/widgets/input.html" %}`.
    **dict.fromkeys((f"django/forms/widgets/{kind}.html" for kind in _INPUTS), _input),
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/textarea.html": _textarea,
}


class FormRenderer(TemplatesSetting):
    """TemplatesSetting (project templates may override Django's form templates), with the widgets in
    WRITTEN_IN_PYTHON written without a template."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = WRITTEN_IN_PYTHON.get(template_name)
        if write is None:
            return super().render(template_name, context, request)
        return write(context["widget"])  # as Django's renderers, with no whitespace around it
