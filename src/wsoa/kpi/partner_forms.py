"""Forms of the partner figures pages: finding and choosing NHS providers, tracking a service."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from wsoa.core.forms import helper
from wsoa.partners import waits

UNKNOWN_PROVIDER = (
    "No NHS provider in NHS England's waiting lists has the code “%(value)s”: "
    "choose providers from the list"
)


class ProviderSearchForm(forms.Form):
    q = forms.CharField(
        label="Search providers by name",
        required=False,
        max_length=100,
        help_text="For example “Tees” or “community health”. Providers already chosen are "
        "always listed.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self, "get")


class ProviderChoiceForm(forms.Form):
    providers = forms.MultipleChoiceField(
        label="NHS providers serving the area",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick every provider of children's community health services (speech and "
        "language therapy, occupational therapy, community paediatrics, audiology) in your "
        "area. Untick one to take it off.",
        error_messages={"invalid_choice": UNKNOWN_PROVIDER},
    )

    def __init__(
        self, *args: Any, shown: list[waits.Provider] | None = None, **kwargs: Any
    ) -> None:
        """`shown` narrows the boxes drawn; any provider of the file may be sent."""
        super().__init__(*args, **kwargs)
        listed = shown if shown is not None and not self.is_bound else waits.providers().values()
        field = self.fields["providers"]
        field.choices = [(p.code, p.name) for p in listed]  # type: ignore[attr-defined]
        self.helper = helper(self)
        self.helper.layout = Layout(
            Field.checkboxes("providers", legend_size=Size.SMALL, small=True)
        )


class TrackWaitsForm(forms.Form):
    """Track one ICB's or provider's waits for one service as plan indicators (hidden fields)."""

    kind = forms.ChoiceField(choices=[("icb", "ICB"), ("provider", "NHS provider")])
    code = forms.CharField(max_length=9)
    therapy = forms.ChoiceField(choices=list(waits.THERAPIES.items()))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].widget = forms.HiddenInput()
