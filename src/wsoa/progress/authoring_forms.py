"""Forms for building a plan: start one, add an item, edit every part of one (GOV.UK style).

Milestones, notes and indicators are formsets with a few blank rows at the end, so more can
be added without JavaScript (save, then edit again for more). Errors say what to do.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from wsoa.core.forms import GovDateField, helper
from wsoa.core.idempotency import OnceForm
from wsoa.core.members import member_choices
from wsoa.core.models import Membership
from wsoa.plans import models as m
from wsoa.plans.rag import DEFAULT_SCALE, Rag
from wsoa.progress.authoring import ItemFields, MilestoneIn

DUE_HINT = (
    "As the plan writes it, for example “end of March 2025”, “Autumn term 2025” or "
    "“termly from Sept 2025”. Separate several dates with a semicolon."
)
LINES_HINT = "One a line, as the plan writes them: a name, a short code such as SaCa, or a post"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class PlanStartForm(OnceForm):
    title = forms.CharField(
        label="Title", max_length=500, error_messages={"required": "Enter the plan's title"}
    )
    issuer = forms.CharField(
        label="Who it is from",
        required=False,
        help_text="The partnership, for example “Worcestershire County Council and NHS "
        "Herefordshire and Worcestershire Integrated Care Board”",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(
        label="Kind of plan",
        choices=m.PlanKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of plan it is"},
    )
    period = forms.CharField(
        label="The period it runs",
        required=False,
        max_length=200,
        help_text="As written, for example “April 2025 to March 2027”",
    )
    levels = forms.CharField(
        label="The names of its levels",
        help_text="One a line, from the top: for example Priority area, then Action, then Task",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the name of at least one level"},
    )
    scale = forms.ChoiceField(
        label="Rating scale",
        choices=[("default", "The default scale"), ("own", "The plan's own words")],
        widget=forms.RadioSelect,
        initial="default",
        error_messages={"required": "Choose a rating scale"},
    )
    numbering = forms.ChoiceField(
        label="Numbering",
        choices=m.Numbering.choices,
        widget=forms.RadioSelect,
        initial=m.Numbering.AUTOMATIC,
        error_messages={"required": "Choose how items are numbered"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in DEFAULT_SCALE:
            self.fields[f"rag_{code}"] = forms.CharField(
                label=f"{Rag(code).label}: the plan's words",
                required=False,
                max_length=300,
                help_text=f"Only for the plan's own words. Default: “{label}”. "
                "Leave empty if the plan does not use this rating.",
            )
        self.helper = helper(self)

    def clean_levels(self) -> list[str]:
        names = _lines(self.cleaned_data["levels"])
        if not names:
            raise ValidationError("Enter the name of at least one level")
        if any(len(n) > 100 for n in names):
            raise ValidationError("Each level's name must be 100 characters or fewer")
        return names

    def rag_scale(self) -> list[tuple[str, str]] | None:
        if self.cleaned_data.get("scale") != "own":
            return None
        return [
            (code, self.cleaned_data[f"rag_{code}"].strip())
            for code, _ in DEFAULT_SCALE
            if self.cleaned_data.get(f"rag_{code}", "").strip()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scale") == "own" and not self.rag_scale():
            self.add_error("rag_red", "Enter the plan's words for at least one rating")
        return data


class MilestoneRow(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label="Milestone", required=False, widget=forms.Textarea({"rows": 2}))
    due = forms.CharField(label="Due, as written", required=False, max_length=300)
    remove = forms.BooleanField(label="Remove this milestone", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.initial.get("id"):
            del self.fields["remove"]
        self.helper = helper(self, csrf=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("due") and not (data.get("text") or "").strip() and not data.get("remove"):
            self.add_error("text", "Enter the milestone, or remove its date")
        if data.get("id") and not (data.get("text") or "").strip() and not data.get("remove"):
            self.add_error("text", "Enter the milestone, or tick “Remove this milestone”")
        return data


class NoteRow(forms.Form):
    kind = forms.ChoiceField(label="Kind of heading", choices=m.NoteKind.choices)
    heading = forms.CharField(
        label="Heading, as the plan prints it", required=False, max_length=200
    )
    text = forms.CharField(label="What it says", required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self, csrf=False)


class IndicatorRow(forms.Form):
    text = forms.CharField(label="Indicator", required=False, widget=forms.Textarea({"rows": 2}))
    target = forms.CharField(label="Target, as printed", required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(self, csrf=False)


MilestoneRows = formset_factory(MilestoneRow, extra=2, max_num=200, absolute_max=200)
NoteRows = formset_factory(NoteRow, extra=1, max_num=100, absolute_max=100)
IndicatorRows = formset_factory(IndicatorRow, extra=1, max_num=100, absolute_max=100)


class FindingChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code}: {obj.text[:120]}" if obj.code else obj.text[:120]


class ItemFormBase(forms.Form):
    """Every field of an item as written; the plan decides which are shown."""

    number = forms.CharField(label="Number", required=False, max_length=50)
    title = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the item's text"},
    )
    leads = forms.CharField(
        label="Leads", required=False, help_text=LINES_HINT, widget=forms.Textarea({"rows": 3})
    )
    add_lead = forms.TypedChoiceField(
        label="Add one of the plan's people as a lead",
        required=False,
        coerce=int,
        empty_value=None,
    )
    add_account = forms.TypedChoiceField(
        label="Or one of the area's accounts as a lead",
        help_text="They are added to the plan's people, linked to their account, so the item "
        "appears in their list of items to update.",
        required=False,
        coerce=int,
        empty_value=None,
    )
    new_name = forms.CharField(label="Or add someone new as a lead: name", required=False)
    new_code = forms.CharField(label="Their short code (optional)", required=False, max_length=50)
    new_role = forms.CharField(label="Their role", required=False)
    new_organisation = forms.CharField(label="Their organisation", required=False, max_length=300)
    partners = forms.CharField(
        label="Partners", required=False, help_text=LINES_HINT, widget=forms.Textarea({"rows": 3})
    )
    due = forms.CharField(label="Due date", required=False, help_text=DUE_HINT, max_length=1000)
    revised_due = GovDateField(
        label="Revised due date",
        required=False,
        example="31 3 2027",
        help_text="A later date agreed since; the due date above stays as the baseline. "
        "For example, 31 3 2027",
    )
    clear_revised_due = forms.BooleanField(label="Remove the revised due date", required=False)
    status_text = forms.CharField(
        label="Status as printed", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    findings = FindingChoice(
        label="Findings it answers",
        required=False,
        queryset=m.Finding.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    links = forms.CharField(
        label="Links to other items",
        required=False,
        help_text="Their numbers, separated by commas, for example 1.2, 3.4",
    )

    def __init__(self, *args: Any, plan: m.Plan, item: m.Item | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.plan, self.item = plan, item
        people = [(p.pk, str(p)) for p in plan.people.all()]
        self.fields["add_lead"].choices = [("", "Nobody"), *people]  # type: ignore[attr-defined]
        self.fields["findings"].queryset = plan.findings.all()  # type: ignore[attr-defined]
        if not people:
            del self.fields["add_lead"]
        accounts = lead_accounts(plan)
        self.fields["add_account"].choices = [("", "Nobody"), *accounts]  # type: ignore[attr-defined]
        if not accounts:
            del self.fields["add_account"]
        if plan.numbering == m.Numbering.AUTOMATIC:
            del self.fields["number"]
        if item is None or item.current_due is None:
            del self.fields["clear_revised_due"]
        if not plan.findings.exists():
            del self.fields["findings"]
        self.helper = helper(self, csrf=False)

    def clean_add_account(self) -> Membership | None:
        """The area's membership of the account chosen as a lead (the choices are the area's)."""
        chosen = self.cleaned_data.get("add_account")
        if chosen is None:
            return None
        found = self.plan.area.memberships.filter(user_id=chosen)
        return found.select_related("user", "organisation").first()

    def clean_links(self) -> list[int]:
        numbers = [n.strip() for n in self.cleaned_data["links"].split(",") if n.strip()]
        found = dict(self.plan.items.filter(number__in=numbers).values_list("number", "pk"))
        missing = [n for n in numbers if n not in found]
        if missing:
            raise ValidationError(f"There is no item numbered {missing[0]} in this plan")
        if self.item is not None and self.item.pk in found.values():
            raise ValidationError("An item cannot link to itself")
        return [found[n] for n in numbers]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("new_code") or data.get("new_role")) and not data.get("new_name"):
            self.add_error("new_name", "Enter the new person's name")
        return data

    def item_fields(self, rows: dict[str, Any]) -> ItemFields:
        """The values to save, with the milestones, notes and indicators of the formsets."""
        data = self.cleaned_data
        return ItemFields(
            number=data.get("number"),
            text=data["title"],
            leads=_lines(data["leads"]),
            partners=_lines(data["partners"]),
            due=data["due"],
            revised_due=data.get("revised_due"),
            clear_revised_due=bool(data.get("clear_revised_due")),
            status=data["status_text"],
            findings=[f.pk for f in data["findings"]] if "findings" in self.fields else None,
            links=data["links"],
            milestones=None
            if not sent(rows["milestones"])
            else [
                MilestoneIn(text=r["text"], due=r["due"], id=r.get("id") or None)
                for r in rows["milestones"].cleaned_data
                if r.get("text", "").strip() and not r.get("remove")
            ],
            notes=None
            if not sent(rows["notes"])
            else [
                (r["kind"], r["heading"], r["text"])
                for r in rows["notes"].cleaned_data
                if r.get("text", "").strip()
            ],
            indicators=None
            if not sent(rows["indicators"])
            else [
                (r["text"], r["target"])
                for r in rows["indicators"].cleaned_data
                if r.get("text", "").strip()
            ],
        )


def lead_accounts(plan: m.Plan) -> list[tuple[int, str]]:
    """Accounts of the plan's area that no person of the plan is linked to yet."""
    linked = set(plan.people.exclude(user=None).values_list("user_id", flat=True))
    return [c for c in member_choices(plan.area, with_role=True) if c[0] not in linked]


class ItemEditForm(ItemFormBase):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ItemNewForm(ItemFormBase, OnceForm):
    pass


def item_initial(fields: ItemFields, numbers: dict[int, str]) -> dict[str, Any]:
    """The edit form's initial values from an item's fields (`numbers`: item id → number)."""
    return {
        "number": fields.number,
        "title": fields.text,
        "leads": "\n".join(fields.leads or []),
        "partners": "\n".join(fields.partners or []),
        "due": fields.due,
        "revised_due": fields.revised_due,
        "status_text": fields.status,
        "findings": fields.findings,
        "links": ", ".join(numbers[i] for i in fields.links or [] if numbers.get(i)),
    }


def sent(rows: Any) -> bool:
    """Say whether the post carried these rows; a post without them leaves them unchanged."""
    return bool(rows.is_bound and f"{rows.prefix}-TOTAL_FORMS" in rows.data)


def item_rows(data: Any, fields: ItemFields | None) -> dict[str, Any]:
    """The milestone, note and indicator formsets, bound to `data` when posted."""
    given = fields or ItemFields(milestones=[], notes=[], indicators=[])
    return {
        "milestones": MilestoneRows(
            data,
            prefix="milestones",
            initial=[{"id": x.id, "text": x.text, "due": x.due} for x in given.milestones or []],
        ),
        "notes": NoteRows(
            data,
            prefix="notes",
            initial=[{"kind": k, "heading": h, "text": t} for k, h, t in given.notes or []],
        ),
        "indicators": IndicatorRows(
            data,
            prefix="indicators",
            initial=[{"text": t, "target": g} for t, g in given.indicators or []],
        ),
    }
