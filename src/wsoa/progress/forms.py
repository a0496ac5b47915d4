"""Forms of the monthly cycle, in GOV.UK style (crispy-forms-gds). Errors say what to do."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from wsoa.core.forms import GovDateField, helper
from wsoa.core.idempotency import OnceForm
from wsoa.plans.models import Item, Milestone, Plan
from wsoa.plans.rag import Rag
from wsoa.progress.models import Confirmer, Outcome, ReportingPeriod

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".ppt", ".pptx", ".odt", ".ods",
    ".txt", ".png", ".jpg", ".jpeg",
}  # fmt: skip


def rag_choices(plan: Plan) -> list[tuple[str, str]]:
    """The RAG scale in the plan's own words: "Amber – progress but not meeting timescales"."""
    words = {level.code: level.label for level in plan.rag_levels.all()}
    return [
        (code, f"{label} – {words[code]}" if words.get(code, label) != label else label)
        for code, label in Rag.choices
    ]


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """A widget's attributes as Django's attrs.html writes them (False left out, True bare)."""
    return mark_safe(  # noqa: S308 — every name and value is escaped by format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class ListSelect(forms.Select):
    """A select written in Python, as Django's select templates write it, character for
    character: those render a template per option, and a plan reports monthly for years."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [
            format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))
        ]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',  # the template's own end of line
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 — built with format_html above


def _list_choices(field: forms.ModelChoiceField, rows: Sequence[Any]) -> None:
    """Offer rows already read, keeping the field's queryset to check what is sent."""
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.widget.choices = [*empty, *((row.pk, field.label_from_instance(row)) for row in rows)]


class UpdateForm(OnceForm):
    period = forms.ModelChoiceField(
        queryset=ReportingPeriod.objects.none(),
        required=False,
        label="Reporting period",
        empty_label="Not for a particular period",
        widget=ListSelect,
    )
    milestone = forms.ModelChoiceField(
        queryset=Milestone.objects.none(),
        required=False,
        label="Milestone (if this update is about one)",
        empty_label="The item as a whole",
        widget=ListSelect,
    )
    commentary = forms.CharField(
        label="What has happened since the last update?",
        help_text="Say what was done, what is next, and anything that is stopping progress.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )
    proposed_rag = forms.ChoiceField(
        label="Proposed rating", widget=forms.RadioSelect, error_messages={
            "required": "Choose a rating", "invalid_choice": "Choose a rating from the list"
        }
    )  # fmt: skip
    milestone_complete = forms.BooleanField(label="The milestone is complete", required=False)
    revised_due = GovDateField(
        label="Revised due date (only if the date has slipped)",
        help_text="The date in the plan stays as the baseline. For example, 31 3 2027",
        required=False,
        example="31 3 2027",
    )
    evidence_title = forms.CharField(label="Evidence title", required=False, max_length=300)
    evidence_url = forms.URLField(
        assume_scheme="https",
        label="Evidence link",
        required=False,
        max_length=1000,
        help_text="A web address, for example a shared document or the Local Offer page",
        error_messages={"invalid": "Enter a full web address, starting https://"},
    )
    evidence_file = forms.FileField(
        label="Evidence file",
        required=False,
        help_text="PDF, Word, Excel, PowerPoint, CSV, text or an image, up to 20 MB",
    )

    def __init__(
        self,
        *args: Any,
        item: Item,
        periods: Sequence[ReportingPeriod] | None = None,
        **kwargs: Any,
    ) -> None:
        """`periods`: the plan's periods in order, if already read (else read here)."""
        super().__init__(*args, **kwargs)
        plan = item.plan
        period = self.fields["period"]
        period.queryset = plan.periods.all()  # type: ignore[attr-defined]
        _list_choices(period, list(plan.periods.all()) if periods is None else periods)  # type: ignore[arg-type]
        milestones = list(item.milestones.all())
        self.fields["proposed_rag"].choices = rag_choices(plan)  # type: ignore[attr-defined]
        if milestones:
            milestone = self.fields["milestone"]
            milestone.queryset = item.milestones.all()  # type: ignore[attr-defined]
            _list_choices(milestone, milestones)  # type: ignore[arg-type]
        else:
            del self.fields["milestone"], self.fields["milestone_complete"]
        self.helper = helper(self)

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        if upload is None:
            return None
        if Path(upload.name or "").suffix.lower() not in EVIDENCE_TYPES:
            raise ValidationError(
                "The evidence file must be a PDF, Word, Excel, PowerPoint, CSV, text or image file"
            )
        if upload.size > MAX_EVIDENCE_BYTES:
            raise ValidationError("The evidence file must be smaller than 20 MB")
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("milestone_complete") and not data.get("milestone"):
            self.add_error("milestone", "Choose the milestone that is complete")
        if data.get("evidence_title") and not (
            data.get("evidence_url") or data.get("evidence_file")
        ):
            self.add_error("evidence_url", "Enter a link or choose a file for the evidence")
        return data


class DecisionForm(OnceForm):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=[
            (Outcome.CONFIRMED, "Confirm the proposed rating"),
            (Outcome.RETURNED, "Return it to the owner"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to confirm or return the rating"},
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Needed when you return a rating: say what the owner should change.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Outcome.RETURNED and not data.get("reason", "").strip():
            self.add_error("reason", "Enter why the rating is returned")
        return data


class CommentForm(OnceForm):
    text = forms.CharField(
        label="Add a comment",
        help_text="A question or challenge about this item. Everyone who can read it sees it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Enter your comment"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)


class AssignForm(forms.Form):
    user = forms.TypedChoiceField(
        label="Ask someone to report on this item",
        coerce=int,
        error_messages={"required": "Select the person to ask to report on this item"},
    )

    def __init__(self, *args: Any, members: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "Choose a person"), *members]  # type: ignore[attr-defined]
        self.helper = helper(self)


class PeriodForm(OnceForm):
    label = forms.CharField(
        label="Name",
        max_length=100,
        help_text="For example, Q7 or November 2026",
        error_messages={"required": "Enter a name for the period, for example Q7"},
    )
    start = GovDateField(
        label="First day",
        example="1 10 2026",
        error_messages={"required": "Enter the first day of the period"},
    )
    end = GovDateField(
        label="Last day",
        example="31 12 2026",
        error_messages={"required": "Enter the last day of the period"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "one")
        super().__init__(*args, **kwargs)
        self.helper = helper(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The last day must be on or after the first day")
        return data


class GenerateForm(OnceForm):
    months = forms.TypedChoiceField(
        label="Periods",
        choices=[(1, "Monthly"), (3, "Quarterly")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose monthly or quarterly"},
    )
    first = GovDateField(label="From", example="1 4 2026", help_text="For example, 1 4 2026")
    last = GovDateField(label="To", example="31 3 2027", help_text="For example, 31 3 2027")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "many")
        super().__init__(*args, **kwargs)
        self.helper = helper(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") and data.get("last") and data["last"] < data["first"]:
            self.add_error("last", "‘To’ must be after ‘From’")
        return data


class SettingsForm(forms.Form):
    rag_confirmed_by = forms.ChoiceField(
        label="Who confirms ratings", choices=Confirmer.choices, widget=forms.RadioSelect
    )
    silent_after_days = forms.IntegerField(
        label="Flag an item as silent after this many days without an update",
        min_value=7,
        max_value=366,
    )
    remind_days_before = forms.IntegerField(
        label="Remind owners this many days before a period closes", min_value=0, max_value=60
    )
    chase_days_after = forms.IntegerField(
        label="Chase owners this many days after a period closes", min_value=0, max_value=60
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "cycle")
        super().__init__(*args, **kwargs)
        self.helper = helper(self)


class PersonLinkForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    user = forms.TypedChoiceField(label="Signs in as", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, members: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "No account"), *members]  # type: ignore[attr-defined]
        self.helper = helper(self)


class RemovePeriodForm(OnceForm):
    """Confirm that a reporting period is to be removed (its token makes a resend harmless)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)
