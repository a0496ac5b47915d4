"""Forms of the casework pages: the worklist's filters, the extract upload, the column map."""

from __future__ import annotations

from typing import Any

from django import forms

from wsoa.casework.extracts import canonical_columns
from wsoa.core.forms import helper

MAX_EXTRACT_BYTES = 20 * 1024 * 1024


class WorklistFilter(forms.Form):
    """Filter the worklist by caseworker and team; show only breaches and near-breaches."""

    caseworker = forms.ChoiceField(required=False, label="Caseworker")
    team = forms.ChoiceField(required=False, label="Team")
    show = forms.ChoiceField(
        required=False,
        label="Show",
        choices=[("", "Every open case"), ("breaches", "Breaches and near-breaches only")],
    )
    near = forms.IntegerField(
        required=False, min_value=0, max_value=120, label="Near-breach: due within (days)",
        initial=14,
    )  # fmt: skip

    def __init__(self, *args: Any, choices: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("caseworker", "team"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", "Any"), *((value, value) for value in choices[name])]
        self.helper = helper(self, "get", csrf=False)


class ExtractUploadForm(forms.Form):
    extract = forms.FileField(
        label="The extract",
        help_text="A CSV file or Excel workbook (.xlsx) with one row per request, smaller than "
        "20 MB.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)

    def clean_extract(self) -> Any:
        upload = self.cleaned_data["extract"]
        if upload.size > MAX_EXTRACT_BYTES:
            raise forms.ValidationError("The file must be smaller than 20 MB.")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(
                "The file must be a CSV file (.csv) or an Excel workbook (.xlsx)."
            )
        return upload


class ColumnMapForm(forms.Form):
    """Which of the file's columns holds each casework column (blank: none)."""

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [("", "Not in this file"), *((h, h) for h in headers if h)]
        for name in canonical_columns():
            self.fields[name] = forms.ChoiceField(required=False, label=name, choices=options)
        self.helper = helper(self, csrf=False)

    def column_map(self) -> dict[str, str]:
        return {name: heading for name, heading in self.cleaned_data.items() if heading}
