"""Forms for finding items in a plan: the filters and the depth of tree to show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Div, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from wsoa.plans.models import DUE_SOON_DAYS, ItemPerson, ItemQuerySet
from wsoa.plans.rag import Rag

PERSON_PREFIX = "person:"
TEXT_PREFIX = "text:"
Choices = Sequence[tuple[Any, Any]]
REAL_DATE = "Due before must be a real date, for example 31 7 2018"


class DueBeforeField(DateInputField):
    """A GOV.UK date input whose errors say what to type."""

    def compress(self, data_list: Sequence[str]) -> dt.date | None:
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers, for example 2018")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(REAL_DATE) from error


def _helper(*rows: Sequence[tuple[str, str]]) -> FormHelper:
    """Return a helper laying fields out in grid rows of (field, column width)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.form_method = "get"
    helper.label_size = Size.SMALL
    helper.legend_size = Size.SMALL
    helper.layout = Layout(
        *(
            Div(
                *(Div(name, css_class=f"govuk-grid-column-{width}") for name, width in row),
                css_class="govuk-grid-row",
            )
            for row in rows
        )
    )
    return helper


class ItemFilterForm(forms.Form):
    """Filters over a plan's items, sent as GET parameters."""

    q = forms.CharField(label="Words in the item", required=False, max_length=200)
    lead = forms.ChoiceField(label="Lead", required=False)
    status = forms.ChoiceField(label="Status", required=False)
    level = forms.TypedChoiceField(label="Level", required=False, coerce=int, empty_value=None)
    due_before = DueBeforeField(
        label="Due before",
        required=False,
        require_all_fields=False,
        help_text="For example, 31 7 2018",
    )
    overdue = forms.BooleanField(label="Only overdue items", required=False)
    due_soon = forms.BooleanField(
        label=f"Only items due in the next {DUE_SOON_DAYS} days", required=False
    )
    slipped = forms.BooleanField(
        label="Only slipped items (now due later than the plan first said)", required=False
    )

    FIELDS = ("q", "lead", "status", "level", "due_before_0", "due_before_1", "due_before_2")
    TICKS = ("overdue", "due_soon", "slipped")

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        leads: Choices = (),
        rags: Choices = (),
        levels: Choices = (),
        lead_items: Mapping[str, Iterable[int]] | None = None,
    ) -> None:
        self.lead_items = lead_items or {}  # items each lead option leads, however printed
        wanted = data is not None and any(data.get(name) for name in (*self.FIELDS, *self.TICKS))
        super().__init__(data if wanted else None)
        self.fields["lead"].choices = [("", "Any lead"), *leads]  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", "Any status"), *rags]  # type: ignore[attr-defined]
        self.fields["level"].choices = [("", "Any level"), *levels]  # type: ignore[attr-defined]
        self.helper = _helper(
            [("q", "one-half"), ("lead", "one-half")],
            [("status", "one-third"), ("level", "one-third"), ("due_before", "one-third")],
            [("overdue", "full")],
            [("due_soon", "full")],
            [("slipped", "full")],
        )

    @property
    def is_filtering(self) -> bool:
        """Say whether valid filters were given, so matching items replace the tree."""
        if not (self.is_bound and self.is_valid()):
            return False
        return any(_given(value) for value in self.cleaned_data.values())

    def apply(self, items: ItemQuerySet, today: dt.date) -> ItemQuerySet:
        """Return the items that pass every filter given."""
        data = self.cleaned_data
        if data["q"]:
            items = items.search(data["q"])
        if data["lead"] in self.lead_items:
            items = items.filter(pk__in=self.lead_items[data["lead"]])
        elif data["lead"]:
            items = _led_by(items, data["lead"])
        if data["status"]:
            items = items.filter(rag=data["status"])
        if data["level"] is not None:
            items = items.filter(depth=data["level"])
        if data["due_before"]:
            items = items.due_before(data["due_before"])
        if data["overdue"]:
            items = items.overdue(today)
        if data["due_soon"]:
            items = items.due_soon(today)
        if data["slipped"]:
            items = items.slipped()
        return items


def _given(value: object) -> bool:
    """Say whether a cleaned filter value was filled in (level 0 is a value, False is not)."""
    return value is not None and value is not False and value != ""


def _led_by(items: ItemQuerySet, lead: str) -> ItemQuerySet:
    if lead.startswith(PERSON_PREFIX):
        return items.led_by(person_id=int(lead.removeprefix(PERSON_PREFIX)))
    return items.led_by(text=lead.removeprefix(TEXT_PREFIX))


class TreeDepthForm(forms.Form):
    """How deep into the plan's tree to show."""

    depth = forms.TypedChoiceField(
        label="Show levels down to", required=False, coerce=int, empty_value=None
    )

    def __init__(self, data: Mapping[str, Any] | None = None, *, levels: Choices = ()) -> None:
        super().__init__(data if data is not None and data.get("depth") else None)
        self.fields["depth"].choices = [("", "All levels"), *levels]  # type: ignore[attr-defined]
        self.helper = _helper([("depth", "one-half")])

    @property
    def max_depth(self) -> int | None:
        """Return the deepest level to show, or None for all levels."""
        if self.is_bound and self.is_valid():
            depth: int | None = self.cleaned_data["depth"]
            return depth
        return None


def lead_choices(leads: Iterable[ItemPerson]) -> list[tuple[str, Choices]]:
    """Return the plan's leads as choices: people the plan names, then leads as printed."""
    people: dict[str, str] = {}
    texts: set[str] = set()
    for lead in leads:
        if lead.person is not None:
            people[f"{PERSON_PREFIX}{lead.person_id}"] = str(lead.person)
        elif lead.text:
            texts.add(lead.text)
    groups: list[tuple[str, Choices]] = []
    if people:
        groups.append(("People", sorted(people.items(), key=lambda pair: pair[1].lower())))
    if texts:
        printed = sorted(texts, key=str.lower)
        groups.append(("Leads as printed", [(f"{TEXT_PREFIX}{text}", text) for text in printed]))
    return groups


def rag_choices(wording: Mapping[str, str]) -> list[tuple[str, str]]:
    """Return the RAG codes as choices in the plan's own words."""
    return [
        (code, label if wording[code] == label else f"{label} – {wording[code]}")
        for code, label in Rag.choices
    ]
