"""Every form says what is wrong and how to fix it, never Django's "This field is required."."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms

import wsoa
from wsoa.core.forms import GovDateField, error_words, helper, word_errors
from wsoa.core.models import Membership

DJANGO_WORDS = ("This field is required.", "Enter a whole number.", "Select a valid choice.")


class Sample(forms.Form):
    due = forms.DateField(label="Date the action is due")
    rating = forms.ChoiceField(label="Rating", choices=[("red", "Red")])
    value = forms.DecimalField(label="Actual")
    link = forms.URLField(label="Evidence link", assume_scheme="https")
    note = forms.CharField(label="Commentary")
    kept = forms.CharField(label="Reason", error_messages={"required": "Enter why, for the owner"})
    agreed = GovDateField(label="Agreed on", required=True)


def test_messages_are_derived_from_the_fields_type_and_label():
    form = Sample({"value": "lots", "link": "not a link", "rating": "purple"})
    word_errors(form)
    assert not form.is_valid()
    errors = {name: list(messages) for name, messages in form.errors.items()}
    assert errors["due"] == ["Enter the date the action is due"]
    assert errors["rating"] == ["Select one of the options shown"]
    assert errors["value"] == ["Actual must be a number"]
    assert errors["link"][0].startswith("Enter a web address in the correct format")
    assert errors["note"] == ["Enter the commentary"]
    assert errors["kept"] == ["Enter why, for the owner"]  # the form's own words stay
    assert "agreed" in errors and all(m not in DJANGO_WORDS for m in errors["agreed"])


def test_numbers_out_of_range_say_the_limit():
    class Days(forms.Form):
        days = forms.IntegerField(label="Days before", min_value=0, max_value=60)

    form = Days({"days": "90"})
    word_errors(form)
    assert form.errors["days"] == ["Days before must be 60 or less"]


def test_an_empty_choice_asks_to_select_and_acronyms_keep_their_capitals():
    assert error_words(forms.ChoiceField(), "Rating")["required"] == "Select the rating"
    assert error_words(forms.CharField(), "RAG")["required"] == "Enter RAG"
    assert error_words(forms.FileField(), "File")["required"] == "Select the file"
    assert error_words(forms.CharField(), "Your name")["required"] == "Enter your name"
    assert error_words(forms.ChoiceField(), "Which board?")["required"] == "Select which board"
    assert error_words(forms.CharField(), "What has happened?")["required"] == (
        "Enter what has happened"
    )


def _form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(wsoa.__path__, "wsoa."):
        if module.name.rsplit(".", 1)[-1].endswith("forms"):
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    stack: list[type] = [forms.Form, forms.ModelForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("wsoa.") and sub not in found:
                found.append(sub)
    return found


def _build(cls: type[forms.BaseForm], context: dict[str, object]) -> forms.BaseForm | None:
    """Make the form bound to an empty submission, with what its constructor asks for."""
    kwargs: dict[str, object] = {}
    for name, param in list(inspect.signature(cls.__init__).parameters.items())[1:]:
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD) or name == "data":
            continue
        if param.default is param.empty:
            if name not in context:
                return None
            kwargs[name] = context[name]
    try:
        return cls(data={}, **kwargs)  # type: ignore[call-arg]
    except (TypeError, AttributeError, ValueError, KeyError):
        return None


@pytest.mark.django_db
def test_no_form_in_the_app_answers_an_empty_submission_with_this_field_is_required(
    plan, item, area, plan_manager
):
    membership = Membership.objects.get(user=plan_manager, area=area)
    context: dict[str, object] = {
        "plan": plan,
        "item": item,
        "area": area,
        "membership": membership,
        "user": plan_manager,
        "by": plan_manager,
        "members": [(plan_manager.pk, "Plan manager")],
        "people": [],
        "choices": [],
        "periods": [],
    }
    built, said = 0, []
    for cls in _form_classes():
        form = _build(cls, context)
        if form is None:
            continue
        built += 1
        if not hasattr(form, "helper"):
            helper(form)  # a form without a layout of its own still gets the shared words
        form.is_valid()
        for messages in form.errors.values():
            said += [f"{cls.__module__}.{cls.__name__}: {m}" for m in messages if m in DJANGO_WORDS]
    assert built >= 20, built
    assert said == []
