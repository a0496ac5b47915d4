"""Every text field of every form has a maximum length, with a plain error when it is passed."""

import importlib
import inspect
import pkgutil
import re
from collections import defaultdict

import pytest
from django import forms
from django.urls import reverse

import wsoa
from wsoa.core.forms import LINE_LIMIT, TEXT_LIMIT, helper
from wsoa.core.models import Membership
from wsoa.documents.importers.mapping import MappedColumn

pytestmark = pytest.mark.django_db


def wsoa_forms() -> list[type[forms.BaseForm]]:
    """wsoa's own forms; those built on allauth's sign-in forms have allauth's fields."""
    for module in pkgutil.walk_packages(wsoa.__path__, "wsoa."):
        if module.name.rsplit(".", 1)[-1].endswith(("forms", "views")):
            importlib.import_module(module.name)
    found, waiting = [], [forms.BaseForm]
    while waiting:
        for cls in waiting.pop().__subclasses__():
            waiting.append(cls)
            from_allauth = any(c.__module__.startswith("allauth.") for c in cls.__mro__)
            if cls.__module__.startswith("wsoa.") and not from_allauth:
                found.append(cls)
    return found


def arguments(cls: type[forms.BaseForm], given: dict) -> dict:
    """The keyword arguments a form needs, made from those a page would give it."""
    names = [
        p.name
        for p in inspect.signature(cls.__init__).parameters.values()
        if p.kind == p.KEYWORD_ONLY and p.default is p.empty
    ]
    missing = [name for name in names if name not in given]
    assert not missing, f"{cls.__name__} needs {missing}: add them to this test"
    return {name: given[name]() for name in names}


def test_every_text_field_of_every_form_has_a_maximum_length(area, plan, item):
    given = {
        "area": lambda: area, "plan": lambda: plan, "item": lambda: item,
        "headers": lambda: ["Indicator"], "choices": lambda: defaultdict(list),
        "can_publish": lambda: True, "numbers": lambda: [1, 2], "withdrawing": lambda: True,
        **dict.fromkeys(
            ["members", "indicators", "owners", "plans", "authorities", "items"], list
        ),
        **dict.fromkeys(["parents", "places", "topics", "findings"], list),
        "column": lambda: MappedColumn("Lead", "lead"), "levels": lambda: ["Area", "Action"],
    }  # fmt: skip
    classes = wsoa_forms()
    assert len(classes) > 25
    for cls in classes:
        form = cls(**arguments(cls, given))
        for name, field in form.fields.items():
            if isinstance(field, forms.CharField) and not field.widget.is_hidden:
                assert field.max_length, f"{cls.__module__}.{cls.__name__}.{name} has no limit"


class Notes(forms.Form):
    text = forms.CharField(widget=forms.Textarea)
    line = forms.CharField()
    code = forms.CharField(max_length=5)


def test_the_helper_gives_text_and_line_limits_and_says_how_much_to_cut():
    form = Notes({"text": "x" * (TEXT_LIMIT + 2), "line": "y" * (LINE_LIMIT + 1), "code": "123456"})
    form.helper = helper(form)
    helper(form)  # twice changes nothing
    assert not form.is_valid()
    assert form.errors == {
        "text": ["Enter 10,000 characters or fewer: this has 2 too many"],
        "line": ["Enter 500 characters or fewer: this has 1 too many"],
        "code": ["Enter 5 characters or fewer: this has 1 too many"],
    }
    limited = Notes({"text": "x" * TEXT_LIMIT, "line": "y" * LINE_LIMIT, "code": "12345"})
    helper(limited)
    assert limited.is_valid()


def test_a_members_name_over_its_limit_is_refused(client_for, area_admin, area):
    data = {
        "action": "member",
        "full_name": "x" * 151,
        "email": "a@example.org",
        "role": "board_member",
    }
    response = client_for(area_admin).post(reverse("core:members", args=[area.slug]), data)
    page = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "Enter 150 characters or fewer: this has 1 too many" in page
    assert not Membership.objects.filter(user__email="a@example.org").exists()
