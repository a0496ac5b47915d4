"""Every input of every form is a GOV.UK input: text, links, numbers, dates and times carry
`govuk-input`, files `govuk-file-upload`, selects `govuk-select`, text areas `govuk-textarea`.

Each app's forms are found by walking its form modules, built with empty choices, and rendered
as the pages render them: through crispy-forms-gds when the form has a helper, else field by
field (as the document preview does). A new form is covered without changing this test.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections import defaultdict
from typing import Any

import pytest
from django import forms
from django.template import Context, Template

from factories import ItemFactory, LocalAreaFactory, PlanFactory
from wsoa.core.forms import helper
from wsoa.documents.importers.mapping import MappedColumn

FORM_MODULES = [
    "wsoa.core.forms",
    "wsoa.plans.forms",
    "wsoa.progress.forms",
    "wsoa.progress.authoring_forms",
    "wsoa.progress.arranging_forms",
    "wsoa.kpi.forms",
    "wsoa.reports.forms",
    "wsoa.public.forms",
    "wsoa.inspections.forms",
    "wsoa.documents.forms",
    "wsoa.documents.draft_forms",
    "wsoa.documents.version_forms",
]
TAG = re.compile(r"<(input|select|textarea)\b[^>]*>", re.S)
EXPECTED = {"select": "govuk-select", "textarea": "govuk-textarea", "file": "govuk-file-upload"}
NOT_STYLED = {"hidden", "submit", "button"}  # not shown, or GOV.UK buttons
CHOICES = {"checkbox": "govuk-checkboxes__input", "radio": "govuk-radios__input"}


def expected_class(tag: str) -> str:
    """The GOV.UK class an input, select or text area must carry ("" when none is due)."""
    name = TAG.match(tag).group(1)  # type: ignore[union-attr]
    if name != "input":
        return EXPECTED[name]
    found = re.search(r'type="([^"]+)"', tag)
    kind = found.group(1) if found else "text"
    if kind in NOT_STYLED:
        return ""
    return CHOICES.get(kind) or EXPECTED.get(kind, "govuk-input")


def bare_inputs(html: str) -> list[str]:
    """The inputs of the page without the GOV.UK class their kind needs."""
    bare = []
    for match in TAG.finditer(html):
        tag = match.group(0)
        wanted = expected_class(tag)
        classes = re.search(r'class="([^"]*)"', tag)
        if wanted and (not classes or wanted not in classes.group(1).split()):
            bare.append(tag)
    return bare


def render(form: forms.BaseForm) -> str:
    """The form as its page renders it."""
    if hasattr(form, "helper"):
        return Template("{% load crispy_forms_tags %}{% crispy form %}").render(
            Context({"form": form})
        )
    return "".join(str(field) for field in form)


class EveryWidget(forms.Form):
    text = forms.CharField()
    link = forms.URLField(assume_scheme="https")
    email = forms.EmailField()
    count = forms.IntegerField()
    share = forms.DecimalField()
    day = forms.DateField()
    moment = forms.DateTimeField()
    at = forms.TimeField()
    notes = forms.CharField(widget=forms.Textarea)
    choice = forms.ChoiceField(choices=[("a", "A")])
    several = forms.MultipleChoiceField(choices=[("a", "A")])
    upload = forms.FileField()
    optional_upload = forms.FileField(required=False, widget=forms.ClearableFileInput)
    agree = forms.BooleanField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)


def test_each_kind_of_widget_gets_its_govuk_class():
    html = render(EveryWidget())
    assert len(TAG.findall(html)) >= 14
    assert bare_inputs(html) == []
    assert re.search(r'<input[^>]*type="url"[^>]*class="govuk-input', html) or re.search(
        r'<input[^>]*class="govuk-input[^"]*"[^>]*type="url"', html
    )


def test_each_kind_of_widget_in_error_is_marked_as_in_error():
    form = EveryWidget(data={"link": "not a link", "count": "many"})
    html = render(form)
    assert bare_inputs(html) == []
    assert html.count("govuk-form-group--error") >= 3


def test_a_bare_widget_is_found_by_the_check():
    """The check itself fails on an unstyled input, so a pass above means something."""
    html = '<input type="url" name="link" class="urlinput"><select name="s"></select>'
    assert len(bare_inputs(html)) == 2


def every_form() -> list[type[forms.BaseForm]]:
    found = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == name:
                found.append(value)
    return found


def arguments(form_class: type[forms.BaseForm], world: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments the form needs: the plan, item or area by name, else empty choices."""
    given = {}
    for parameter in inspect.signature(form_class.__init__).parameters.values():
        if parameter.kind is not parameter.KEYWORD_ONLY or parameter.default is not parameter.empty:
            continue
        kind = str(parameter.annotation)
        if parameter.name in world:
            given[parameter.name] = world[parameter.name]
        elif "bool" in kind:
            given[parameter.name] = False
        elif "dict" in kind or "Mapping" in kind:
            given[parameter.name] = defaultdict(list)  # choices by field name
        else:
            given[parameter.name] = []
    return given


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", every_form(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_form_of_every_app_renders_govuk_inputs(form_class):
    area = LocalAreaFactory()
    plan = PlanFactory(area=area)
    world = {
        "area": area,
        "plan": plan,
        "item": ItemFactory(plan=plan),
        "board": None,
        "column": MappedColumn(heading="By when?", role="due"),
    }
    form = form_class(**arguments(form_class, world))
    html = render(form)
    assert bare_inputs(html) == [], f"{form_class.__name__} has inputs without a GOV.UK class"
