"""Forms of the scorecard, in GOV.UK style (crispy-forms-gds). Errors say what to do."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from wsoa.core.forms import GovDateField, helper
from wsoa.core.idempotency import OnceForm
from wsoa.kpi import rules
from wsoa.kpi.importing import FIELDS
from wsoa.kpi.models import Frequency, Polarity, Unit
from wsoa.kpi.periods import Period, PeriodError, parse_period

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
PERIOD_HINT = "For example 2019, 2019-20, 2019/20, Q2 2019-20 or March 2019"


class PeriodField(forms.CharField):
    """A reporting period as people write it; cleans to a `Period`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", PERIOD_HINT)
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Period | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_period(text)
        except PeriodError as error:
            raise ValidationError(str(error)) from error


def number_field(label: str, required: bool = False, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=3,
        error_messages={
            "invalid": f"{label} must be a number, like 72 or 72.5",
            "required": f"Enter the {label.lower()}",
        },
        **kwargs,
    )


class ScorecardFilterForm(forms.Form):
    theme = forms.ChoiceField(label="Theme", required=False)
    owner = forms.ChoiceField(label="Owner", required=False)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = choices["theme"]  # type: ignore[attr-defined]
        self.fields["owner"].choices = choices["owner"]  # type: ignore[attr-defined]
        self.helper = helper(self, "get")


class IndicatorForm(OnceForm):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the indicator's name"}
    )
    definition = forms.CharField(
        label="What it measures, in plain English",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    theme = forms.CharField(
        label="Theme",
        required=False,
        max_length=100,
        help_text="For example: Timeliness, Outcomes, Experience",
    )
    unit = forms.ChoiceField(label="Unit", choices=Unit.choices)
    polarity = forms.ChoiceField(
        label="Which way is better", choices=Polarity.choices, widget=forms.RadioSelect
    )
    frequency = forms.ChoiceField(label="How often it is measured", choices=Frequency.choices)
    source = forms.CharField(label="Data source", required=False, max_length=300)
    owner = forms.TypedChoiceField(label="Owner", required=False, coerce=int, empty_value=None)
    plan = forms.TypedChoiceField(label="Plan", required=False, coerce=int, empty_value=None)
    item_numbers = forms.CharField(
        label="Plan items it shows the impact of",
        required=False,
        max_length=500,
        help_text="Item numbers as printed in the plan, separated by commas, e.g. 1.1, 2.3",
    )
    finding_codes = forms.CharField(
        label="Findings it answers",
        required=False,
        max_length=500,
        help_text="Finding codes as printed in the plan, separated by commas",
    )
    numerator = forms.CharField(label="Numerator (for a rate)", required=False, max_length=300)
    denominator = forms.CharField(label="Denominator (for a rate)", required=False, max_length=300)
    baseline = number_field("Baseline")
    baseline_label = forms.CharField(
        label="Baseline period", required=False, max_length=40, help_text=PERIOD_HINT
    )
    reduction = number_field(
        "Reduction on the baseline (%)",
        help_text="For a target printed as a reduction: the target is worked out from the baseline",
    )
    target = number_field("Final target")
    target_label = forms.CharField(
        label="Final target period", required=False, max_length=40, help_text=PERIOD_HINT
    )
    target_on = GovDateField(
        label="Final target due by", required=False, help_text="For example, 31 3 2020"
    )
    green_within = number_field(
        "Green tolerance", initial=0, help_text="How far worse than target still counts as green"
    )
    amber_within = number_field(
        "Amber tolerance", initial=5, help_text="How far worse than target is amber; beyond is red"
    )

    def __init__(
        self, *args: Any, owners: list[tuple[int, str]], plans: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "No owner yet"), *owners]  # type: ignore[attr-defined]
        self.fields["plan"].choices = [("", "Not linked to a plan"), *plans]  # type: ignore[attr-defined]
        self.helper = helper(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        baseline, reduction = data.get("baseline"), data.get("reduction")
        if data.get("target") is None and reduction is not None:
            if baseline is None:
                self.add_error("baseline", "Enter the baseline to work out the reduced target")
            else:
                data["target"] = rules.reduce_by(baseline, reduction)
        green, amber = data.get("green_within"), data.get("amber_within")
        data["green_within"] = green if green is not None else Decimal(0)
        data["amber_within"] = amber if amber is not None else Decimal(5)
        if data["amber_within"] < data["green_within"]:
            self.add_error("amber_within", "Amber tolerance must be at least the green tolerance")
        for name in ("baseline_label", "target_label"):
            if data.get(name):
                try:
                    data[name] = parse_period(data[name]).label
                except PeriodError as error:
                    self.add_error(name, str(error))
        if data.get("target_label") and not data.get("target_on") and "target_label" in data:
            data["target_on"] = parse_period(data["target_label"]).end
        return data


class TargetStepForm(OnceForm):
    period = PeriodField(label="Period", error_messages={"required": "Enter the period"})
    value = number_field("Target", required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)


class MeasurementForm(OnceForm):
    period = PeriodField(label="Period", error_messages={"required": "Enter the period"})
    value = number_field("Actual", required=True)
    numerator = number_field("Numerator")
    denominator = number_field("Denominator")
    source = forms.CharField(label="Source", required=False, max_length=300)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)


class ExceptionForm(forms.Form):
    cause = forms.CharField(
        label="Cause: why is it red?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the indicator is red"},
    )
    action = forms.CharField(
        label="Action: what is being done?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what is being done to recover"},
    )
    recovery_on = GovDateField(
        label="Expected recovery date", required=False, help_text="For example, 31 3 2020"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        help_text="The first row must name the columns",
        error_messages={"required": "Choose a CSV (.csv) or Excel (.xlsx) file"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("The file must be smaller than 2 MB")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError("The file must be a CSV (.csv) or Excel (.xlsx) file")
        return upload


LABELS = {
    "indicator": "Indicator (name or code)",
    "period": "Period",
    "value": "Actual",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "note": "Note",
}


class MappingForm(OnceForm):
    """Which column holds each field; the indicator may instead be one for every row."""

    def __init__(
        self, *args: Any, headers: list[str], indicators: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        columns = [(str(i), h) for i, h in enumerate(headers)]
        self.fields["default_indicator"] = forms.TypedChoiceField(
            label="Indicator for every row",
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "Read it from a column"), *indicators],
        )
        for name in FIELDS:
            required = name in ("period", "value")
            self.fields[name] = forms.ChoiceField(
                label=f"Column for {LABELS[name].lower()}",
                required=required,
                choices=[("", "Not in the file"), *columns],
                error_messages={"required": f"Choose the column that holds the {name}"},
            )
        self.helper = helper(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("indicator") and not data.get("default_indicator"):
            self.add_error(
                "indicator", "Choose the indicator column, or one indicator for all rows"
            )
        chosen = [data.get(name) for name in FIELDS if data.get(name)]
        if len(chosen) != len(set(chosen)):
            raise ValidationError("Each column can hold only one field")
        return data


class DfeLinkForm(forms.Form):
    la_code = forms.ChoiceField(label="Local authority in the DfE figures")
    neighbours = forms.MultipleChoiceField(
        label="Statistical neighbours",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Their average is shown as a comparator. Choose from your published list "
        "(for example the DfE children's services statistical neighbours).",
    )

    def __init__(self, *args: Any, authorities: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(code, f"{name} ({code})") for code, name in authorities]
        self.fields["la_code"].choices = [("", "Choose one"), *choices]  # type: ignore[attr-defined]
        self.fields["neighbours"].choices = choices  # type: ignore[attr-defined]
        self.helper = helper(self)
