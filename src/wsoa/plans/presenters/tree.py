"""A plan's item tree, built in Python from one query of all its items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch

from wsoa.plans.models import DueDate, Item, ItemPerson, Plan
from wsoa.plans.people import LeadResolver
from wsoa.plans.presenters.rating import Rating, rating_of, with_confirmation
from wsoa.plans.presenters.wording import due_texts, item_label


@dataclass
class ItemNode:
    """One item as the plan page shows it, with its children and its place in the tree."""

    item: Item
    label: str
    leads: list[ItemPerson]
    due_text: str
    overdue: bool = False
    lead_text: str = ""  # the leads as a reader sees them: initials with the names they stand for
    rating: Rating = field(default_factory=lambda: Rating("", ""))
    parent: ItemNode | None = None
    children: list[ItemNode] = field(default_factory=list)
    shown_children: list[ItemNode] = field(default_factory=list)

    @property
    def ancestors(self) -> list[ItemNode]:
        """Return the items above this one, outermost first."""
        chain = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    @property
    def context(self) -> str:
        """Return the labels of the items above this one: "Objective 2 › Action 2.1"."""
        return " › ".join(node.label for node in self.ancestors)

    @property
    def descendant_count(self) -> int:
        return sum(1 + child.descendant_count for child in self.children)

    @property
    def hidden_count(self) -> int:
        """Return how many items below this one the chosen depth leaves out."""
        return 0 if self.shown_children else self.descendant_count


def plan_items(plan: Plan) -> list[Item]:
    """Return all the plan's items in printed order, with leads, due dates and whether their
    rating is confirmed."""
    leads = ItemPerson.objects.filter(part=ItemPerson.Part.LEAD).select_related("person")
    return list(
        with_confirmation(Item.objects.filter(plan=plan))
        .order_by("position", "id")
        .prefetch_related(
            Prefetch("people", queryset=leads, to_attr="leads"),
            Prefetch("due_dates", queryset=DueDate.objects.order_by("position"), to_attr="dues"),
            "milestones",  # an open milestone past its date makes the item overdue
        )
    )


class PlanTree:
    """The items of a plan as a tree, cut to a depth for showing."""

    def __init__(
        self,
        items: Sequence[Item],
        names: dict[int, str],
        *,
        today: dt.date,
        max_depth: int | None = None,
        resolver: LeadResolver | None = None,
        wording: dict[str, str] | None = None,
    ) -> None:
        self.resolver = resolver or LeadResolver([])
        self.wording = wording or {}
        self.plan_id = items[0].plan_id if items else None
        self.nodes = {item.pk: self._node(item, names, today) for item in items}
        self.roots: list[ItemNode] = []
        for item in items:
            node = self.nodes[item.pk]
            parent = self.nodes.get(item.parent_id) if item.parent_id else None
            node.parent = parent
            (parent.children if parent else self.roots).append(node)
        for node in self.nodes.values():
            if max_depth is None or node.item.depth < max_depth:
                node.shown_children = node.children

    def _node(self, item: Item, names: dict[int, str], today: dt.date) -> ItemNode:
        leads: list[ItemPerson] = getattr(item, "leads", [])
        dues: list[DueDate] = getattr(item, "dues", [])
        label = item_label(item, names)
        node = ItemNode(item, label, leads, due_texts(dues), item.is_overdue(today))
        node.lead_text = "; ".join(self.resolver.shown(lead.text) for lead in leads)
        node.rating = rating_of(item, self.wording, getattr(item, "rating_confirmed", False))
        return node

    def __len__(self) -> int:
        return len(self.nodes)

    def pick(self, ids: Iterable[int]) -> list[ItemNode]:
        """Return the nodes of these item ids, in the plan's order."""
        wanted = set(ids)
        return [node for pk, node in self.nodes.items() if pk in wanted]
