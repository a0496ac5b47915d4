"""The item page's outline of the plan, cached per plan version (issue 16 §3, ADR 0027).

Placing one item among the rest (its parents, children, neighbours and link targets, each with
its label) needs every item of the plan; that is the same for every reader until the plan
changes. It is kept as plain rows under the plan's version key (plans.caching), and items are
built only for the handful the page shows. The version key changes with any audited change in
the area and any change to the plan's items, so a cached outline is never older than the plan.
"""

from __future__ import annotations

from typing import Any

from wsoa.plans import caching
from wsoa.plans.models import Item, Plan
from wsoa.plans.presenters.item import Outline

# What a shown item needs: its link, label, words and rating (see plans/includes/item_*.html).
FIELDS = ("id", "plan_id", "parent_id", "depth", "level", "number", "title", "rag", "status_text")
Row = tuple[Any, ...]  # FIELDS, then rating_confirmed


def _rows(plan: Plan) -> tuple[list[Row], dict[int, str]]:
    """Every item of the plan in reading order as plain rows, and each one's label."""
    outline = Outline(plan)
    rows = [
        (*(getattr(item, name) for name in FIELDS), bool(getattr(item, "rating_confirmed", False)))
        for item in outline.items
    ]
    return rows, outline.labels


class CachedOutline(Outline):
    """The Outline's answers from cached rows; an item is built only when it is asked for."""

    def __init__(self, plan: Plan, version: caching.ContentVersion) -> None:  # no query here
        rows, labels = caching.cached(f"wsoa:item-outline:{version.key}", lambda: _rows(plan))
        self.rows = rows
        self.labels = labels
        self.index = {row[0]: n for n, row in enumerate(rows)}
        self.built: dict[int, Item] = {}

    def _item(self, row: Row) -> Item:
        pk = row[0]
        if pk not in self.built:
            item = Item(**dict(zip(FIELDS, row[: len(FIELDS)], strict=True)))
            item.rating_confirmed = row[len(FIELDS)]  # type: ignore[attr-defined]
            self.built[pk] = item
        return self.built[pk]

    def get(self, pk: int | None) -> Item | None:
        at = self.index.get(pk) if pk is not None else None
        return self._item(self.rows[at]) if at is not None else None

    def neighbours(self, item: Item) -> tuple[tuple[Item, str] | None, tuple[Item, str] | None]:
        at = self.index[item.pk]
        before = self._item(self.rows[at - 1]) if at > 0 else None
        after = self._item(self.rows[at + 1]) if at + 1 < len(self.rows) else None
        return self.labelled(before), self.labelled(after)

    def ancestors(self, item: Item) -> list[tuple[Item, str]]:
        chain: list[int] = []
        parent = self.get(item.parent_id)
        while parent is not None and parent.pk not in chain:
            chain.append(parent.pk)
            parent = self.get(parent.parent_id)
        return [(self.built[pk], self.labels[pk]) for pk in reversed(chain)]

    def children(self, item: Item) -> list[tuple[Item, str]]:
        return [(self._item(row), self.labels[row[0]]) for row in self.rows if row[2] == item.pk]
