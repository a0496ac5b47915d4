"""Forms for a plan's versions: agree one, choose two to compare, upload a revised document."""

from __future__ import annotations

from typing import Any

from django import forms

from wsoa.core.forms import GovDateField, helper
from wsoa.core.idempotency import OnceForm
from wsoa.plans.models import Board, Plan

NOW = "now"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # below core.uploads.MAX_UPLOAD_BYTES


class AgreeForm(OnceForm):
    agreed_on = GovDateField(required=False, label="When it was agreed", example="25 11 2026")
    board = forms.ModelChoiceField(
        queryset=Board.objects.none(), required=False, label="The board that agreed it",
        empty_label="Not one of the plan's boards",
    )  # fmt: skip
    body = forms.CharField(
        required=False, max_length=300, label="Or who agreed it, as written",
        help_text="For example: DfE and NHS England review meeting, 4 March 2025",
    )  # fmt: skip
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Note (optional)"
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = plan.boards.all()  # type: ignore[attr-defined]
        self.helper = helper(self)

    def clean_agreed_on(self) -> Any:
        value = self.cleaned_data.get("agreed_on")
        if value is None:
            raise forms.ValidationError("Enter the date the version was agreed")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("board") and not (data.get("body") or "").strip() and not self.errors:
            self.add_error("board", "Choose the board that agreed it, or write who agreed it")
        return data


class CompareForm(forms.Form):
    before = forms.ChoiceField(label="Compare")
    after = forms.ChoiceField(label="With")

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(n), f"Version {n}") for n in numbers] + [(NOW, "The plan now")]
        self.fields["before"].choices = choices  # type: ignore[attr-defined]
        self.fields["after"].choices = choices  # type: ignore[attr-defined]
        self.helper = helper(self, "get", csrf=False)


class RevisedDocumentForm(forms.Form):
    document = forms.FileField(
        label="The revised plan",
        help_text="A file wsoa imports: the plan's text, or a wsoa-plan JSON export, edited.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError("The file must be smaller than 20 MB.")
        if not upload.size:
            raise forms.ValidationError("The selected file is empty.")
        return upload


class ApplyForm(OnceForm):
    """Applying a revised document adds a version: sent once, however often it is sent."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)
