"""Where an item sits in its plan, said short: "Workstream 1: Local Offer › Objective 1.1".

Pages that list items from all over a plan (ratings to review, my items) show each with its path,
so a step reads as a step of a named activity. The ancestors of all the page's items are fetched
in one query, however many items the page has.
"""

from __future__ import annotations

from collections.abc import Iterable

from wsoa.plans.models import Item, PlanLevel

SEPARATOR = " › "
TOP_WORDS = 6  # the top-level item is named as well as numbered: "Workstream 1: Local Offer"
UNNUMBERED_WORDS = 5


def item_paths(items: Iterable[Item]) -> dict[int, str]:
    """Return each item's path by id: its ancestors' levels and numbers, outermost first.

    One query fetches every ancestor (one join per level); a second reads the plans' level
    names, only when an ancestor has no level of its own. A top-level item's path is "".
    """
    items = list(items)
    chains = {item.pk: _chain(parent) for item, parent in _parents(items)}
    names = _level_names(node for chain in chains.values() for node in chain)
    return {item.pk: _path(chains.get(item.pk, []), names) for item in items}


def path_label(item: Item, names: dict[tuple[int, int], str], *, top: bool) -> str:
    """Return an ancestor's short name: "Objective 1.1", or with its words when it is the top."""
    level = item.level or names.get((item.plan_id, item.depth), "Item")
    words = item.title.split()
    if item.number and not top:
        return f"{level} {item.number}"
    limit = TOP_WORDS if item.number else UNNUMBERED_WORDS
    short = " ".join(words[:limit]) + ("…" if len(words) > limit else "")
    return f"{level} {item.number}: {short}" if item.number else f"{level}: {short}"


def _parents(items: list[Item]) -> list[tuple[Item, Item]]:
    """Each item with a parent, paired with that parent fetched with all its own ancestors."""
    below = [item for item in items if item.parent_id is not None]
    if not below:
        return []
    joins = max(item.depth for item in below) - 1
    rows = Item.objects.filter(pk__in={item.parent_id for item in below})
    if joins > 0:
        rows = rows.select_related("__".join(["parent"] * joins))
    parents = {row.pk: row for row in rows}
    return [(item, parents[item.parent_id]) for item in below if item.parent_id in parents]


def _chain(parent: Item) -> list[Item]:
    """The parent and the items above it that were fetched with it, outermost first."""
    chain = [parent]
    node: Item | None = parent
    while node is not None and node.parent_id is not None and Item.parent.is_cached(node):
        node = node.parent
        if node is not None and node not in chain:  # a loop in the tree ends the path
            chain.append(node)
        else:
            break
    return chain[::-1]


def _level_names(nodes: Iterable[Item]) -> dict[tuple[int, int], str]:
    """The plans' names for the levels of ancestors that carry none: (plan, depth) → name."""
    plans = {node.plan_id for node in nodes if not node.level}
    if not plans:
        return {}
    levels = PlanLevel.objects.filter(plan_id__in=plans)
    return {(level.plan_id, level.depth): level.name for level in levels}


def _path(chain: list[Item], names: dict[tuple[int, int], str]) -> str:
    return SEPARATOR.join(path_label(node, names, top=node.parent_id is None) for node in chain)
