"""Forms for starting a plan from an inspection report, in GOV.UK style (crispy-forms-gds)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms

from wsoa.core.forms import helper
from wsoa.core.idempotency import OnceForm
from wsoa.core.models import LocalArea
from wsoa.plans.models import FindingKind, Plan, PlanKind

MAX_REPORT_BYTES = 5 * 1024 * 1024  # a report is 0.2 to 0.3 MB
REPORT_TYPES = {".pdf", ".txt"}
KINDS = [
    (FindingKind.PRIORITY_ACTION.value, FindingKind.PRIORITY_ACTION.label),
    (FindingKind.AREA_FOR_IMPROVEMENT.value, FindingKind.AREA_FOR_IMPROVEMENT.label),
]
MAX_FINDINGS = 60


class UploadForm(forms.Form):
    report = forms.FileField(
        label="Inspection report",
        help_text="The area SEND inspection report as Ofsted published it (PDF), or its text.",
        error_messages={"required": "Choose the inspection report file"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self, csrf=False)

    def clean_report(self) -> Any:
        report = self.cleaned_data["report"]
        if Path(report.name).suffix.lower() not in REPORT_TYPES:
            raise forms.ValidationError("The report must be a PDF or a text (.txt) file")
        if report.size > MAX_REPORT_BYTES:
            raise forms.ValidationError("The report must be smaller than 5 MB")
        return report


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=KINDS)
    text = forms.CharField(
        label="Text", widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=10000
    )
    responsible_body = forms.CharField(label="Responsible body", required=False, max_length=300)
    page = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=9999)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self, csrf=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        removing = data.get("DELETE")
        if not removing and self.initial.get("text") and not (data.get("text") or "").strip():
            self.add_error("text", "Enter the finding's text, or tick “Remove this finding”")
        return data


class BaseFindingFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this finding"
            form.helper = helper(form, csrf=False)  # type: ignore[attr-defined]

    def clean(self) -> None:
        super().clean()
        if not any(self.errors) and not self.kept():
            raise forms.ValidationError("Keep at least one finding, or add one")

    def kept(self) -> list[dict[str, Any]]:
        """The findings to create, in order: not removed, not left blank."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
            and (form.cleaned_data.get("text") or "").strip()
        ]  # fmt: skip


FindingFormSet = forms.formset_factory(
    FindingForm,
    formset=BaseFindingFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_FINDINGS,
    absolute_max=MAX_FINDINGS,
    validate_max=True,
)


class PlanChoiceForm(OnceForm):
    target = forms.ChoiceField(
        label="Where should the findings go?",
        choices=[("new", "A new plan"), ("existing", "A plan the area already has")],
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label="Title of the new plan", required=False, max_length=500)
    kind = forms.ChoiceField(label="Kind of new plan", choices=PlanKind.choices, required=False)
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        required=False,
        label="Existing plan",
        empty_label="Choose a plan",
    )
    skeleton = forms.BooleanField(
        label="Create a plan skeleton: one top-level item per finding",
        required=False,
    )

    def __init__(self, *args: Any, area: LocalArea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plans = self.fields["plan"]
        assert isinstance(plans, forms.ModelChoiceField)
        plans.queryset = Plan.objects.for_area(area).order_by("title")
        self.helper = helper(self, csrf=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target") == "new":
            if not (data.get("title") or "").strip():
                self.add_error("title", "Enter a title for the new plan")
            if not data.get("kind"):
                self.add_error("kind", "Choose the kind of plan")
        elif data.get("target") == "existing" and not data.get("plan"):
            self.add_error("plan", "Choose the plan to add the findings to")
        return data
