"""Form pieces every app's GOV.UK forms share: the layout helper and the date input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Size
from django import forms
from django.core.exceptions import ValidationError


def helper(form: forms.Form, method: str = "post", *, csrf: bool = True) -> FormHelper:
    """A GOV.UK helper laying out every field of the form in order, with small labels.

    The template writes the <form> tag (and its CSRF token); `csrf=False` for a form whose
    fields are rendered inside another form.
    """
    found = FormHelper()
    found.form_tag = False
    found.form_method = method
    found.disable_csrf = not csrf
    found.label_size = Size.SMALL
    found.legend_size = Size.SMALL
    found.layout = Layout(*form.fields)
    return found


class GovDateField(DateInputField):
    """A GOV.UK day/month/year input whose errors say what to type."""

    def __init__(self, *args: Any, example: str = "31 7 2018", **kwargs: Any) -> None:
        self.example = example
        kwargs.setdefault("require_all_fields", False)
        super().__init__(*args, **kwargs)

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
