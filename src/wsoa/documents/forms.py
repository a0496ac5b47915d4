"""The form for uploading a plan workbook, in GOV.UK style (crispy-forms-gds)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024


class WorkbookForm(forms.Form):
    workbook = forms.FileField(
        label="The plan's Excel workbook",
        help_text="An .xlsx file downloaded from this plan with “Download as Excel” and edited.",
        error_messages={"required": "Select the plan's Excel workbook to upload"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_size = Size.SMALL

    def clean_workbook(self) -> Any:
        upload = self.cleaned_data["workbook"]
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError("Choose an Excel workbook (.xlsx) exported by wsoa.")
        if upload.size > MAX_WORKBOOK_BYTES:
            raise forms.ValidationError("The workbook must be smaller than 10 MB.")
        return upload
