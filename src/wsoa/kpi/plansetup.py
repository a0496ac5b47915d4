"""A new plan's scorecard: its printed targets as indicators, and the DfE indicators that measure
its findings.

Run when a plan is imported (and by the demo). Printed targets that carry a figure become
indicators set up as a manager's "Set up" click would, each keeping the printed text as its
definition and its link to the printed target. Statutory DfE indicators are linked to the
findings they measure by the rules in `dferules.py` (to the top-level items of a plan that
records no findings); the manager accepts or removes each link on the plan's scorecard. Every
change is audited. Running it again adds nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from wsoa.core.audit import record_event
from wsoa.kpi import dfe, dfedata, dferules, services
from wsoa.kpi.models import Indicator
from wsoa.plans.models import Finding, ImpactIndicator, Item, Plan

THEME = "Plan targets"
STANDARDS = {standard.code: standard for standard in dfedata.STANDARDS}


@dataclass(frozen=True)
class Suggestion:
    """A DfE indicator the rules say measures a finding (or a top-level item) of the plan."""

    code: str
    name: str
    topic: str
    finding: Finding | None
    item: Item | None
    linked: bool

    @property
    def key(self) -> str:
        place = f"finding-{self.finding.pk}" if self.finding else f"item-{self.item_pk}"
        return f"{self.code}:{place}"

    @property
    def item_pk(self) -> int:
        return self.item.pk if self.item else 0

    @property
    def measures(self) -> str:
        if self.finding is not None:
            return f"Finding {self.finding.code}".strip()
        return f"{self.item.level} {self.item.number}".strip() if self.item else ""


@transaction.atomic
def set_up_plan_scorecard(*, plan: Plan, by: Any = None, actor_label: str = "wsoa import") -> str:
    """Make the plan's printed targets indicators and link the DfE indicators; return a line."""
    who = by or actor_label
    made = targets_to_indicators(plan, who)
    linked = [s for s in suggestions(plan) if not s.linked]
    for suggestion in linked:
        link(plan=plan, suggestion=suggestion, by=who)
    return f"{made} indicators from the plan's printed targets; {len(linked)} DfE links"


def targets_to_indicators(plan: Plan, by: Any) -> int:
    """An indicator for each printed target with a figure ("90%") that has none yet."""
    printed = ImpactIndicator.objects.filter(plan=plan, kpi_indicators__isnull=True)
    made = 0
    for row in printed.select_related("plan", "item").order_by("position", "pk"):
        if "%" not in (row.target_text or row.text):
            continue
        values = services.prefill_from(row)
        values.pop("reduction", None)
        values.update(theme=THEME, plan=plan, printed=row, items=[row.item] if row.item else [])
        services.create_indicator(area=plan.area, by=by, values=values)
        made += 1
    return made


def suggestions(plan: Plan) -> list[Suggestion]:
    """Every DfE indicator the rules match to the plan's findings, linked or not (3 queries)."""
    places: list[tuple[Finding | None, Item | None, str]] = [
        (finding, None, finding.text) for finding in plan.findings.order_by("position", "pk")
    ]
    if not places:
        tops = Item.objects.filter(plan=plan, parent__isnull=True).order_by("position", "pk")
        places = [(None, item, item.title) for item in tops]
    linked = _linked(plan)
    found = []
    for finding, item, text in places:
        for code in dferules.codes_for(text):
            place = ("f", finding.pk) if finding else ("i", item.pk if item else 0)
            found.append(
                Suggestion(
                    code,
                    STANDARDS[code].name,
                    dferules.topic_of(text, code),
                    finding,
                    item,
                    (code, *place) in linked,
                )
            )
    return found


def _linked(plan: Plan) -> set[tuple[str, str, int]]:
    rows = Indicator.objects.for_area(plan.area).exclude(code="")
    found = {
        (code, "f", pk)
        for code, pk in rows.filter(findings__plan=plan).values_list("code", "findings")
    }
    return found | {
        (code, "i", pk) for code, pk in rows.filter(items__plan=plan).values_list("code", "items")
    }


@transaction.atomic
def link(*, plan: Plan, suggestion: Suggestion, by: Any) -> Indicator:
    """Link the DfE indicator to the finding (or item) it measures, so the plan's scorecard
    shows it; its figures come from the DfE page (or `wsoa dfe`)."""
    indicator = dfe.standard_indicator(plan.area, STANDARDS[suggestion.code])
    _place(indicator, suggestion).add(suggestion.finding or suggestion.item)
    _audit(indicator, suggestion, by, "indicator.linked", "Linked {name} to {place}")
    return indicator


@transaction.atomic
def unlink(*, plan: Plan, suggestion: Suggestion, by: Any) -> None:
    """Remove the link: the indicator stays on the area's scorecard, not on this plan's."""
    indicator = Indicator.objects.for_area(plan.area).filter(code=suggestion.code).first()
    if indicator is None:
        return
    _place(indicator, suggestion).remove(suggestion.finding or suggestion.item)
    _audit(indicator, suggestion, by, "indicator.unlinked", "Unlinked {name} from {place}")


def _place(indicator: Indicator, suggestion: Suggestion) -> Any:
    return indicator.findings if suggestion.finding is not None else indicator.items


def _audit(indicator: Indicator, suggestion: Suggestion, by: Any, action: str, says: str) -> None:
    record_event(
        obj=indicator,
        by=by,
        action=action,
        summary=says.format(name=indicator.name, place=suggestion.measures),
        changes={"code": suggestion.code, "measures": suggestion.measures},
    )
