"""The overdue list of a board pack, bounded: the most recent in full, the rest by parent.

A plan years behind can have a hundred items overdue; listed in full they fill ten pages that
a board does not read row by row. When more than `IN_FULL` are overdue, the pack lists in full
the `IN_FULL` that fell due most recently (the news since the last meeting), and summarises the
rest in one row per parent: its path, how many, their numbers (each linking to the item) and the
longest days late. Every overdue item is named once. See ADR 0035.
"""

from __future__ import annotations

from typing import Any

from wsoa.plans.models import Item

Data = dict[str, Any]
IN_FULL = 20


def bound(rows: list[Data], by_id: dict[int, Item], names: dict[int, str]) -> Data:
    """The overdue rows to list in full and the rest grouped under their parents.

    `rows` are in the plan's order, as `_item_lists` makes them; both parts keep that order.
    The most recent are those with the fewest days late; on a tie, the earlier in the plan."""
    if len(rows) <= IN_FULL:
        return {"overdue_listed": rows, "overdue_rest": None}
    recent = sorted(range(len(rows)), key=lambda n: (rows[n]["days_late"], n))[:IN_FULL]
    chosen = set(recent)
    listed = [row for n, row in enumerate(rows) if n in chosen]
    rest = [row for n, row in enumerate(rows) if n not in chosen]
    groups = _groups(rest, by_id, names)
    levels = list(dict.fromkeys(group["level"] for group in groups))
    return {
        "overdue_listed": listed,
        "overdue_rest": {
            "count": len(rest),
            "by": " or ".join(level.lower() for level in levels),
            "groups": groups,
        },
    }


def _groups(rows: list[Data], by_id: dict[int, Item], names: dict[int, str]) -> list[Data]:
    """One entry per parent, in the order the parents' first items come in the plan."""
    found: dict[str, Data] = {}
    for row in rows:
        item = by_id[row["id"]]
        parent = by_id.get(item.parent_id) if item.parent_id is not None else None
        path = row.get("path") or ""
        new: Data = {"path": path, "level": _level(parent, names), "items": [], "days_late": 0}
        group = found.setdefault(path, new)
        number = item.number or row["label"]
        group["items"].append({"id": row["id"], "number": number, "href": _href(row)})
        group["days_late"] = max(group["days_late"], row["days_late"])
    for group in found.values():
        group["count"] = len(group["items"])
    return list(found.values())


def _level(parent: Item | None, names: dict[int, str]) -> str:
    if parent is None:
        return "plan"
    return parent.level or names.get(parent.depth, "item")


def _href(row: Data) -> str:
    """A red item links to its full text in the pack's appendix, any other to its page."""
    return f"#item-{row['id']}" if row.get("detailed") else str(row["url"])
