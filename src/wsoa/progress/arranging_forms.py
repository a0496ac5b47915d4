"""Forms for moving and removing items, in GOV.UK style. Each carries the item's version."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from wsoa.core.forms import helper

TOP = "top"
FIRST = "first"
STEPS = ("up", "down", "indent", "outdent")


class StepForm(forms.Form):
    """One of the small buttons: move up, down, indent or outdent."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ParentForm(forms.Form):
    """Step one of "Move to…": the item to move it under (sent by GET)."""

    parent = forms.ChoiceField(
        label="Move it under",
        help_text="The items of the plan in order. Items under this one are not offered.",
        error_messages={"invalid_choice": "Choose an item of this plan from the list"},
    )

    def __init__(self, *args: Any, parents: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [(TOP, "The top level of the plan"), *parents]  # type: ignore[attr-defined]
        self.helper = helper(self, "get", csrf=False)


class PlaceForm(forms.Form):
    """Step two of "Move to…": where among the new parent's items it goes."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    parent = forms.CharField(widget=forms.HiddenInput)
    after = forms.ChoiceField(
        label="Where it goes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where the item goes",
            "invalid_choice": "Choose one of the places listed",
        },
    )

    def __init__(self, *args: Any, places: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["after"].choices = places  # type: ignore[attr-defined]
        self.helper = helper(self)


class RemoveForm(forms.Form):
    """Confirm removing an item; a reason is needed when it is withdrawn."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label="Why is it withdrawn?",
        help_text="For example, “Merged into action 2.3 after the review meeting of 4 March”.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, withdrawing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.withdrawing = withdrawing
        if not withdrawing:
            del self.fields["reason"]
        self.helper = helper(self)

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data.get("reason", "")).strip()
        if self.withdrawing and not reason:
            raise forms.ValidationError("Enter why the item is withdrawn")
        return reason
