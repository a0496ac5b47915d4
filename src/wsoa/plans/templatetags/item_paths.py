"""The `item_path` tag: where an item sits in its plan, for pages listing items from all over it.

    {% load item_paths %}
    {% item_path update.item among=updates as path %}

`among` is everything the page lists (items, or rows with an `.item`): the paths of all of them
are worked out on the first use, from one query, and read from there by the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from wsoa.plans.models import Item
from wsoa.plans.presenters.paths import SEPARATOR, item_paths
from wsoa.plans.presenters.wording import item_label

register = template.Library()


@register.simple_tag(takes_context=True)
def item_path(
    context: template.Context, item: Item, among: Iterable[Any] = (), *, including: bool = False
) -> str:
    """Return the item's path ("Workstream 1: Local Offer › Objective 1.1"), "" at the top.

    With `including`, the item's own level and number end the path ("… › Step 3)").
    """
    paths = _paths(context)
    if item.pk not in paths:
        listed = [getattr(row, "item", row) for row in among]
        paths.update(item_paths([item, *(row for row in listed if row.pk not in paths)]))
    path = paths[item.pk]
    if not including:
        return path
    return SEPARATOR.join(part for part in (path, item_label(item, {})) if part)


def _paths(context: template.Context) -> dict[int, str]:
    """The paths worked out while this template renders, by item id."""
    render: Any = context.render_context
    found: dict[int, str] = render.setdefault("item_paths", {})
    return found
