"""The widgets opensend.forms.FormRenderer writes in Python are character for character what their templates write."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from opensend.forms import WRITTEN_IN_PYTHON, Form, FormRenderer

UNSAFE = "<b>\"Tom\" & 'Jerry'</b>"


class EveryWidget(Form):
    text = forms.CharField(label="Text", help_text="A hint", widget=forms.TextInput(attrs={"placeholder": UNSAFE}))
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}))
    hidden = forms.CharField(widget=forms.HiddenInput)
    number = forms.IntegerField(min_value=0)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    day = forms.DateField()
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    flag = forms.BooleanField(required=False)
    on = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"disabled": True, "data-x": False}))
    choice = forms.ChoiceField(choices=[("", "Any"), ("a", UNSAFE), (1, mark_safe("<i>safe</i>"))])
    grouped = forms.ChoiceField(
        required=False, choices=[("", "None"), ("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("x", "X")]
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    empty_notes = forms.CharField(required=False, widget=forms.Textarea)


BOUND = {
    "text": UNSAFE,
    "search": "a&b",
    "hidden": "<x>",
    "number": "-1",
    "email": "not an email",
    "url": "http://example.org/?a=1&b=2",
    "password": "p<w>",
    "day": "2026-13-40",
    "time": "10:30",
    "flag": "on",
    "choice": "1",
    "grouped": "pear",
    "notes": "line one\nline <two>",
}


@pytest.mark.parametrize(
    "form",
    [
        EveryWidget(),
        EveryWidget(BOUND),
        EveryWidget(initial={"day": dt.date(2026, 11, 23), "choice": "a", "grouped": "apple", "number": 3}),
    ],
    ids=["unbound", "bound with errors", "initial"],
)
def test_every_widget_written_in_python_matches_its_template(form: EveryWidget) -> None:
    form.is_bound and form.is_valid()
    for name in form.fields:
        field = form[name]
        form.renderer = TemplatesSetting()
        by_template = str(field)
        form.renderer = FormRenderer()
        in_python = str(field)
        assert in_python == by_template, name


@pytest.mark.parametrize("template_name", sorted(WRITTEN_IN_PYTHON))
def test_each_template_written_in_python_writes_what_the_template_does(template_name: str) -> None:
    form = EveryWidget(BOUND)
    form.is_valid()
    source = {"select.html": "grouped", "textarea.html": "notes", "checkbox.html": "on"}.get(
        template_name.rsplit("/", 1)[1], "text"
    )
    widget = form.fields[source].widget
    context = widget.get_context(form[source].html_name, form[source].value(), {"id": "id_x", "aria-describedby": "h"})

    assert FormRenderer().render(template_name, context) == TemplatesSetting().render(template_name, context)
