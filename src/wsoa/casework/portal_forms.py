"""Forms of the advice portal: submit advice, ask for more information, say why it is late."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from wsoa.casework.portal import LATE_REASONS
from wsoa.core.forms import GovDateField, helper
from wsoa.progress.forms import EVIDENCE_TYPES, MAX_EVIDENCE_BYTES

SUMMARY_LIMIT = 2_000


class AdviceForm(forms.Form):
    document = forms.FileField(
        label="Your advice",
        help_text="The advice as a PDF, Word, Excel, PowerPoint, CSV, text or image file, "
        "smaller than 20 MB.",
        error_messages={
            "required": "Choose the file of your advice",
            "empty": "The file is empty: choose the file of your advice",
        },
    )
    needs = forms.CharField(
        label="Summary: the needs you identified",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=SUMMARY_LIMIT,
        error_messages={"required": "Enter a summary of the needs you identified"},
    )
    provision = forms.CharField(
        label="Summary: the provision you advise",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=SUMMARY_LIMIT,
        error_messages={"required": "Enter a summary of the provision you advise"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        if Path(upload.name or "").suffix.lower() not in EVIDENCE_TYPES:
            raise ValidationError(
                "The file must be a PDF, Word, Excel, PowerPoint, CSV, text or image file"
            )
        if upload.size > MAX_EVIDENCE_BYTES:
            raise ValidationError("The file must be smaller than 20 MB")
        return upload


class MoreInformationForm(forms.Form):
    question = forms.CharField(
        label="What do you need to give your advice?",
        help_text="The caseworker sees this on the case. The 6-week time limit does not stop "
        "while you wait.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=SUMMARY_LIMIT,
        error_messages={"required": "Enter what you need to give your advice"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)


class LateReasonForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why will the advice be late?",
        choices=list(LATE_REASONS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the advice will be late"},
    )
    explanation = forms.CharField(
        label="More about why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=SUMMARY_LIMIT,
    )
    expected_on = GovDateField(
        label="When do you expect to send it?",
        help_text="For example, 31 1 2027",
        example="31 1 2027",
        error_messages={"required": "Enter the date you expect to send the advice"},
    )

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or dt.date.today()
        self.helper = helper(self)

    def clean_expected_on(self) -> dt.date:
        expected = self.cleaned_data.get("expected_on")
        if expected is None:
            raise ValidationError("Enter the date you expect to send the advice")
        if expected < self.today:
            raise ValidationError("The date you expect to send the advice must be today or later")
        return expected
