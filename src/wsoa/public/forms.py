"""Forms for choosing and writing what the public sees, in GOV.UK style (crispy-forms-gds)."""

from __future__ import annotations

from typing import Any

from django import forms

from wsoa.core.forms import GovDateField, helper
from wsoa.core.idempotency import OnceForm

PUBLISH, PRIVATE = "publish", "private"
PLAIN = "Write for parents, carers and young people: short sentences, no initials or jargon."


def _text(label: str, help_text: str = "", rows: int = 4, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=5000,
        **kwargs,
    )


class SummaryForm(forms.Form):
    summary = _text("What this area of weakness means", PLAIN, required=False)
    done = _text("What has been done", required=False)
    next = _text("What happens next", required=False)
    is_published = forms.TypedChoiceField(
        label="Should the public page show this summary?",
        help_text="It is public the next time the page is published. A summary kept private "
        "is saved but never shown.",
        choices=[(PUBLISH, "Publish this summary"), (PRIVATE, "Keep it private")],
        coerce=lambda value: value == PUBLISH,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to publish this summary or keep it private",
            "invalid_choice": "Choose whether to publish this summary or keep it private",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)

    @staticmethod
    def initial_for(row: Any) -> dict[str, Any]:
        """The form's values from a saved summary. "Keep it private" is never chosen for the
        manager: summaries saved before the choice was asked may be private only by default."""
        if row is None:
            return {}
        initial = {name: getattr(row, name) for name in ("summary", "done", "next")}
        if row.is_published:
            initial["is_published"] = PUBLISH
        return initial


class ChoiceForm(forms.Form):
    """Which items, indicators and update commentary to publish; the choices come from the view."""

    items = forms.MultipleChoiceField(
        label="Items to publish",
        help_text="Each shows its text, its rating in words and its due date; never its leads.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    updates = forms.MultipleChoiceField(
        label="Update commentary to publish",
        help_text="Commentary is internal unless chosen; it shows only under a published item.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = forms.MultipleChoiceField(
        label="Indicators to publish",
        help_text="Each shows a chart and a table of actuals against targets.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, options in choices.items():
            self.fields[name].choices = options  # type: ignore[attr-defined]
        for name in [n for n, options in choices.items() if not options]:
            del self.fields[name]
        self.helper = helper(self)


class YouSaidForm(OnceForm):
    said = _text(
        "What children, young people or families said",
        "In their words where you can. No names or anything that could identify a child.",
        error_messages={"required": "Enter what was said"},
    )
    source = forms.CharField(
        label="Who said it, and where",
        help_text="For example, parent carer forum survey, or young people's SEND council",
        max_length=300,
        error_messages={"required": "Enter who said it and where"},
    )
    said_on = GovDateField(label="When it was said", example="14 10 2026")
    did = _text(
        "What was done in response",
        PLAIN,
        error_messages={"required": "Enter what was done in response"},
    )
    items = forms.MultipleChoiceField(
        label="Plan items it changed",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_published = forms.BooleanField(
        label="Approve this text and publish it the next time the page is published",
        help_text="A change someone makes after you approve it waits for a manager to approve it.",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        items: list[tuple[str, str]],
        can_publish: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["said_on"].error_messages["required"] = "Enter the date it was said"
        self.fields["items"].choices = items  # type: ignore[attr-defined]
        if not can_publish:
            del self.fields["is_published"]
        self.helper = helper(self)


class PublishForm(OnceForm):
    """The "Publish the page now" button: only the submission token, so a resend is ignored."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self)
