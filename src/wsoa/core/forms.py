"""Form pieces every app's GOV.UK forms share: the layout helper, text limits and the date input.

Every text field has a maximum length. `helper` gives one to each text field of the form that
has none (`TEXT_LIMIT` characters for text over several lines, `LINE_LIMIT` for a single line)
and a plain error for every text field that is too long, so no form can store a text without
bound. A field that needs more or less says so with its own `max_length`.

The members pages' forms (adding a member, changing a role, adding an organisation) live here
too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from wsoa.core.idempotency import OnceForm
from wsoa.core.models import Organisation, OrganisationKind, Role

TEXT_LIMIT = 10_000  # characters of text written over several lines (a textarea)
LINE_LIMIT = 500  # characters of a single line of text


def helper(form: forms.Form, method: str = "post", *, csrf: bool = True) -> FormHelper:
    """A GOV.UK helper laying out every field of the form in order, with small labels.

    The template writes the <form> tag (and its CSRF token); `csrf=False` for a form whose
    fields are rendered inside another form. Every text field of the form gets a maximum
    length (`limit_text`).
    """
    limit_text(form)
    word_errors(form)
    found = FormHelper()
    found.form_tag = False
    found.form_method = method
    found.disable_csrf = not csrf
    found.label_size = Size.SMALL
    found.legend_size = Size.SMALL
    found.layout = Layout(*form.fields)
    return found


class TextLimit(MaxLengthValidator):
    """A maximum length whose error says how much to cut, in GOV.UK's words."""

    def __call__(self, value: Any) -> None:
        over = len(value) - self.limit_value
        if over > 0:
            raise ValidationError(
                f"Enter {self.limit_value:,} characters or fewer: this has {over:,} too many",
                code="max_length",
            )


DJANGO_WORDS = {
    str(forms.Field.default_error_messages["required"]),
    str(forms.ChoiceField.default_error_messages["invalid_choice"]),
    str(forms.ModelChoiceField.default_error_messages["invalid_choice"]),
    str(forms.IntegerField.default_error_messages["invalid"]),
    str(forms.DecimalField.default_error_messages["invalid"]),
    str(forms.URLField.default_error_messages["invalid"]),
    str(forms.DateField.default_error_messages["invalid"]),
    str(forms.FileField.default_error_messages["missing"]),
    str(forms.FileField.default_error_messages["invalid"]),
}
_NOT_OFFERED = "Select one of the options shown"
CHOOSING = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField, forms.FileField)


_AS_IS = {"the", "a", "an", "your", "its", "their", "this", "each", "every", "any"}
_ASKING = {"which", "what", "who", "whom", "whose", "when", "where", "why", "how", "is", "are",
           "do", "does", "did", "can", "will", "should", "for", "read", "has", "have"}  # fmt: skip


def _phrase(label: Any) -> str:
    """A label as words inside a sentence: "Due date" → "the due date"; "RAG" stays "RAG";
    a question stays as asked: "Which board?" → "which board", "What has happened?" → "what has
    happened" (GOV.UK's "Select which…")."""
    text = str(label or "a value").removesuffix("(optional)").strip().rstrip("?:").strip()
    first = text.split(maxsplit=1)[0].lower() if text else ""
    if len(text) > 1 and text[:2].isupper():
        return text
    text = text[:1].lower() + text[1:]
    return text if first in _AS_IS | _ASKING else f"the {text}"


def error_words(field: forms.Field, label: Any) -> dict[str, str]:
    """GOV.UK error messages for a field, from its type: what is wrong and how to put it right."""
    name = _phrase(label)
    if isinstance(field, forms.FileField):
        return {"required": f"Select {name}", "invalid": f"Select {name} that is a file"}
    if isinstance(field, CHOOSING):
        # A choice not offered comes only from a forged or stale form: say plainly what to do.
        return {"required": f"Select {name}", "invalid_choice": _NOT_OFFERED}
    words = {"required": f"Enter {name}"}
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        said = str(label).strip().rstrip("?:")
        words["invalid"] = f"{said} must be a number"
        words["min_value"] = f"{said} must be %(limit_value)s or more"
        words["max_value"] = f"{said} must be %(limit_value)s or less"
    elif isinstance(field, forms.URLField):
        words["invalid"] = "Enter a web address in the correct format, like https://www.example.org"
    elif isinstance(field, forms.EmailField):
        words["invalid"] = "Enter an email address in the correct format, like name@example.org"
    elif isinstance(field, (forms.DateField, forms.MultiValueField)):
        words["invalid"] = f"{str(label).strip().rstrip('?:')} must be a real date"
    return words


def word_errors(form: forms.BaseForm) -> None:
    """Replace Django's "This field is required." and its kind with words that say what to do.

    A message the form set itself is kept; only Django's own defaults are replaced.
    """
    for name, field in form.fields.items():
        label = field.label or name.replace("_", " ").capitalize()
        for code, words in error_words(field, label).items():
            if str(field.error_messages.get(code, "")) in DJANGO_WORDS | {""}:
                field.error_messages[code] = words


def limit_text(form: forms.BaseForm) -> None:
    """Give every text field of the form a maximum length and a plain error when it is passed.

    Hidden fields are left alone: they carry values wsoa wrote, which their own checks test.
    """
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and not field.widget.is_hidden:
            _limit(field)


def _limit(field: forms.CharField) -> None:
    if any(isinstance(v, TextLimit) for v in field.validators):
        return
    if field.max_length is None:
        many_lines = isinstance(field.widget, forms.Textarea)
        field.max_length = TEXT_LIMIT if many_lines else LINE_LIMIT
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(TextLimit(int(field.max_length)))


class GovDateField(DateInputField):
    """A GOV.UK day/month/year input whose errors say what to type."""

    def __init__(self, *args: Any, example: str = "31 7 2018", **kwargs: Any) -> None:
        self.example = example
        kwargs.setdefault("require_all_fields", False)
        words = kwargs.pop("error_messages", {})  # the date input sets its own; these win
        super().__init__(*args, **kwargs)
        self.error_messages.update(words)

    def compress(self, data_list: Sequence[str]) -> dt.date | None:
        if not data_list:
            return None
        day, month, year = data_list
        if not (day or month or year):
            return None
        if not (day and month and year):
            raise ValidationError(f"Enter a full date, for example {self.example}")
        if len(year) != 4:
            raise ValidationError(f"Year must include 4 numbers, for example {self.example}")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(f"Enter a real date, for example {self.example}") from error


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


def _organisation_field() -> OrganisationChoice:
    return OrganisationChoice(
        queryset=Organisation.objects.none(),
        required=False,
        label="Organisation",
        empty_label="Not given",
    )


def _role_field() -> forms.ChoiceField:
    return forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect)


def _choose_in(form: forms.Form, area: Any) -> None:
    """Offer the area's own organisations, and lay the form out."""
    form.fields["organisation"].queryset = Organisation.objects.filter(area=area)  # type: ignore[attr-defined]
    form.helper = helper(form)  # type: ignore[attr-defined]


class MemberForm(OnceForm):
    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(
        label="E-mail address",
        help_text="They will get an e-mail to choose their password, unless they have an account.",
        error_messages={"invalid": "Enter an e-mail address like name@example.org"},
    )
    organisation = _organisation_field()
    role = _role_field()

    def __init__(self, *args: Any, area: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_in(self, area)


class ChangeForm(forms.Form):
    organisation = _organisation_field()
    role = _role_field()

    def __init__(self, *args: Any, area: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_in(self, area)


class OrganisationForm(OnceForm):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(
        label="Kind", choices=OrganisationKind.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "org")
        super().__init__(*args, **kwargs)
        self.helper = helper(self)
