"""The plan page: its header, RAG key, filters and either the whole tree or matching items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wsoa.plans.forms import ItemFilterForm, TreeDepthForm, rag_choices
from wsoa.plans.models import Item, ItemPerson, Plan
from wsoa.plans.people import LeadResolver
from wsoa.plans.presenters.leads import lead_options
from wsoa.plans.presenters.tree import ItemNode, PlanTree, plan_items
from wsoa.plans.presenters.wording import level_names, rag_wording


@dataclass
class PlanPage:
    plan: Plan
    names: dict[int, str]
    rag_key: list[tuple[str, str]]
    filters: ItemFilterForm
    depth: TreeDepthForm
    tree: PlanTree
    matches: list[ItemNode] | None

    @property
    def item_count(self) -> int:
        """The items still in the plan; withdrawn ones are shown but not counted."""
        return sum(1 for node in self.tree.nodes.values() if node.item.withdrawn_at is None)


def plan_page(plan: Plan, query: Mapping[str, Any], today: dt.date) -> PlanPage:
    """Return everything the plan page shows, from a bounded number of queries."""
    items = plan_items(plan)
    names = level_names(plan, items)
    wording = rag_wording(plan)
    levels = list(names.items())
    people = list(plan.people.all())
    leads = lead_options(people, _leads(items))
    filters = ItemFilterForm(
        query,
        leads=leads.choices,
        rags=rag_choices(wording),
        levels=levels,
        lead_items=leads.items,
    )
    depth = TreeDepthForm(query, levels=levels)
    resolver = LeadResolver(people)
    tree = PlanTree(
        items, names, today=today, max_depth=depth.max_depth, resolver=resolver, wording=wording
    )
    matches = None
    if filters.is_filtering:
        found = filters.apply(Item.objects.filter(plan=plan).current(), today)
        matches = tree.pick(found.values_list("pk", flat=True))
    rag_key = [(level.code, level.label) for level in plan.rag_levels.all()]
    return PlanPage(plan, names, rag_key, filters, depth, tree, matches)


def _leads(items: list[Item]) -> list[ItemPerson]:
    return [lead for item in items for lead in getattr(item, "leads", [])]
