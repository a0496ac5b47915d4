"""Compare two wsoa-plan documents item by item, and match a document's items to a plan's.

No Django here: both sides are plain interchange dicts (docs/interchange.md). Items of a plan
or a version carry their `id`; a document read from a file has none, so `match` finds each of
its items in the plan (by number, then by text within the same parent, then anywhere) and
`with_ids` gives it the ids it matched. Field names are the interchange's, as the issue names
them (`text` is the item's title); values are shown as printed.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "FIELDS",
    "SIMILAR",
    "Changes",
    "Flat",
    "Matching",
    "NotThisPlan",
    "compare",
    "flatten",
    "match",
    "with_ids",
]

FIELDS = ("number", "text", "leads", "partners", "due", "milestones", "notes", "status")
SIMILAR = 0.6  # difflib ratio from which two items' texts count as the same item reworded


class NotThisPlan(ValueError):
    """The document's items are mostly not the plan's; nothing should be written."""


@dataclass(frozen=True)
class Flat:
    """One item of a document with its place: parent's key, and index among its siblings."""

    key: int  # the item's id where known, else minus its pre-order index
    item: dict[str, Any]
    parent: int | None
    parent_number: str
    index: int
    parent_level: str = ""

    @property
    def withdrawn(self) -> bool:
        return bool(self.item.get("withdrawn"))


@dataclass
class Changes:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    moved: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.moved or self.changed)

    def as_json(self) -> dict[str, list[dict[str, Any]]]:
        """The changes in the shape `wsoa import --into --dry-run --json` prints."""
        return {
            "added": [_keep(a, "number", "text", "parent") for a in self.added],
            "removed": [_keep(r, "number", "text") for r in self.removed],
            "moved": [_keep(m, "number", "from", "to") for m in self.moved],
            "changed": [_keep(c, "number", "fields") for c in self.changed],
        }


def _keep(entry: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: entry[name] for name in names}


def flatten(document: dict[str, Any], *, ids: bool = True) -> list[Flat]:
    """Return a document's items in printed order, each keyed by id (or its place)."""
    found: list[Flat] = []

    def walk(items: list[dict[str, Any]], parent: int | None, above: dict[str, Any]) -> None:
        for index, item in enumerate(items):
            key = (item.get("id") if ids else None) or -(len(found) + 1)
            number, level = str(above.get("number", "")), str(above.get("level", ""))
            found.append(Flat(key, item, parent, number, index, level))
            walk(item.get("children", []), key, item)

    walk(document.get("items", []), None, {})
    return found


def printed(item: dict[str, Any], name: str) -> str:
    """An item's field as printed: lists joined, dates as written."""
    if name == "text":
        return str(item.get("title", ""))
    if name in ("leads", "partners"):
        return ", ".join(item.get(name, []))
    if name == "due":
        return "; ".join(d.get("text", "") for d in item.get("due", []))
    if name == "milestones":
        return "; ".join(_milestone(ms) for ms in item.get("milestones", []))
    if name == "notes":
        return "; ".join(f"{n.get('heading', '')}: {n.get('text', '')}" for n in item["notes"])
    return str(item.get(name, ""))


def _milestone(milestone: dict[str, Any]) -> str:
    due = (milestone.get("due") or {}).get("text", "")
    return f"{milestone.get('text', '')} ({due})" if due else str(milestone.get("text", ""))


def compare(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """List what changed from `before` to `after`, items matched by id."""
    old = {f.key: f for f in flatten(before)}
    new = flatten(after)
    new_keys = {f.key for f in new}
    changes = Changes()
    for flat in new:
        was = old.get(flat.key)
        if was is None or (was.withdrawn and not flat.withdrawn):
            changes.added.append(_added(flat))
        elif flat.withdrawn and not was.withdrawn:
            changes.removed.append(_removed(was, withdrawn=True, reason=flat.item["withdrawn"]))
        elif not flat.withdrawn:
            _compare_fields(was, flat, changes)
    for key, was in old.items():
        if key not in new_keys and not was.withdrawn:
            changes.removed.append(_removed(was, withdrawn=False))
    changes.moved = list(_moved(old, new))
    return changes


def _added(flat: Flat) -> dict[str, Any]:
    item = flat.item
    return {
        "number": item.get("number", ""),
        "text": item.get("title", ""),
        "parent": flat.parent_number,
        "level": item.get("level", ""),
        "parent_level": flat.parent_level,
    }


def _removed(was: Flat, *, withdrawn: bool, reason: Any = None) -> dict[str, Any]:
    return {
        "number": was.item.get("number", ""),
        "text": was.item.get("title", ""),
        "level": was.item.get("level", ""),
        "withdrawn": withdrawn,
        "reason": (reason or {}).get("reason", "") if withdrawn else "",
    }


def _compare_fields(was: Flat, now: Flat, changes: Changes) -> None:
    fields = {}
    for name in FIELDS:
        before, after = printed(was.item, name), printed(now.item, name)
        if before != after:
            fields[name] = [before, after]
    if fields:
        number = now.item.get("number", "")
        changes.changed.append(
            {"number": number, "level": now.item.get("level", ""), "id": now.key, "fields": fields}
        )


def _moved(old: dict[int, Flat], new: list[Flat]) -> Iterator[dict[str, Any]]:
    """Items under another parent, or out of order among the siblings they kept."""
    kept = [f for f in new if f.key in old and not f.withdrawn and not old[f.key].withdrawn]
    by_parent: dict[int | None, list[Flat]] = {}
    reparented: set[int] = set()
    for flat in kept:
        if old[flat.key].parent != flat.parent:
            reparented.add(flat.key)
        else:
            by_parent.setdefault(flat.parent, []).append(flat)
    reordered: set[int] = set()
    for siblings in by_parent.values():
        reordered |= _out_of_order(siblings, old)
    for flat in kept:
        if flat.key in reparented or flat.key in reordered:
            yield {
                "number": flat.item.get("number", ""),
                "from": old[flat.key].parent_number,
                "to": flat.parent_number,
                "level": flat.item.get("level", ""),
                "from_level": old[flat.key].parent_level,
                "to_level": flat.parent_level,
                "id": flat.key,
            }


def _out_of_order(siblings: list[Flat], old: dict[int, Flat]) -> set[int]:
    now = [f.key for f in siblings]
    before = sorted(now, key=lambda key: old[key].index)
    matcher = difflib.SequenceMatcher(None, before, now, autojunk=False)
    in_order = {
        key
        for block in matcher.get_matching_blocks()
        for key in now[block.b : block.b + block.size]
    }
    return set(now) - in_order


# --- matching a document without ids to a plan ---------------------------------------------


@dataclass
class Matching:
    """Which plan item each document item is: `ids[pre-order index]` is an id or None."""

    ids: list[int | None]
    total: int

    @property
    def matched(self) -> int:
        return sum(1 for found in self.ids if found is not None)


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def match(plan_content: dict[str, Any], document_content: dict[str, Any]) -> Matching:
    """Find each document item in the plan; raise NotThisPlan when under half match."""
    plan = [f for f in flatten(plan_content) if not f.withdrawn]
    document = flatten(document_content, ids=False)
    ids: list[int | None] = [None] * len(document)
    free = {f.key: f for f in plan}
    _by_number(plan, document, ids, free)
    _by_text(document, ids, free, same_parent=True)
    _by_text(document, ids, free, same_parent=False)
    found = Matching(ids, len(document))
    if document and found.matched * 2 < found.total:
        plan_id = plan_content.get("plan", {}).get("id", "")
        raise NotThisPlan(f"fewer than half of the items match plan {plan_id}".replace("  ", " "))
    return found


def _by_number(
    plan: list[Flat], document: list[Flat], ids: list[int | None], free: dict[int, Flat]
) -> None:
    numbers: dict[str, list[Flat]] = {}
    for flat in plan:
        numbers.setdefault(str(flat.item.get("number", "")), []).append(flat)
    taken: dict[str, int] = {}
    for index, flat in enumerate(document):
        number = str(flat.item.get("number", ""))
        candidates = [f for f in numbers.get(number, []) if f.key in free] if number else []
        if len(numbers.get(number, [])) == 1 and candidates and number not in taken:
            ids[index] = candidates[0].key
            taken[number] = index
            del free[candidates[0].key]


def _by_text(
    document: list[Flat], ids: list[int | None], free: dict[int, Flat], *, same_parent: bool
) -> None:
    position = {flat.key: index for index, flat in enumerate(document)}
    for index, flat in enumerate(document):
        if ids[index] is not None:
            continue
        parent = ids[position[flat.parent]] if flat.parent is not None else None
        if same_parent and flat.parent is not None and parent is None:
            continue
        pool = [f for f in free.values() if not same_parent or f.parent == parent]
        best = _most_similar(_words(str(flat.item.get("title", ""))), pool)
        if best is not None:
            ids[index] = best.key
            del free[best.key]


def _most_similar(text: str, pool: list[Flat]) -> Flat | None:
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(text)
    best, best_ratio = None, SIMILAR
    for flat in pool:
        matcher.set_seq1(_words(str(flat.item.get("title", ""))))
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = flat, ratio
    return best


def with_ids(document_content: dict[str, Any], matching: Matching) -> dict[str, Any]:
    """Return a copy of the document whose matched items carry the plan's ids."""
    copied = copy.deepcopy(document_content)
    index = 0

    def walk(items: list[dict[str, Any]]) -> None:
        nonlocal index
        for item in items:
            item.pop("id", None)
            if matching.ids[index] is not None:
                item["id"] = matching.ids[index]
            index += 1
            walk(item.get("children", []))

    walk(copied.get("items", []))
    return copied
