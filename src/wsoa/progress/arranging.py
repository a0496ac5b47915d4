"""Arranging a plan's tree: moving items, removing them, and keeping positions and numbers right.

Every change is one transaction and audited. A move is refused, writing nothing, when it would
break the tree (an item under itself, a parent of another plan, a withdrawn parent) or when the
item changed since it was opened (`StaleEdit`, as for item edits). Removing an item with no
history deletes it; one with history is withdrawn with its subtree and kept (ADR 0016).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from wsoa.core.audit import record_event
from wsoa.plans.models import Item, MilestoneRating, Numbering, Plan, PlanVersion
from wsoa.plans.presenters.wording import item_label
from wsoa.progress.models import Comment, ProgressUpdate, RagDecision
from wsoa.progress.services import CycleError, StaleEdit, events_since

MAX_DEPTH = 19  # the interchange format nests items at most 20 levels deep


class ArrangingError(CycleError):
    """A move or removal that cannot be made; the message says why, in plain words."""


@dataclass
class Removal:
    """What removing an item did: deleted it (no history), or withdrew these items."""

    deleted: bool
    withdrawn: list[Item] = field(default_factory=list)


class Tree:
    """A plan's items in plan order, with each parent's children in order (None: top level)."""

    def __init__(self, plan: Plan) -> None:
        self.items = list(Item.objects.filter(plan=plan).order_by("position", "id"))
        self.by_id = {item.pk: item for item in self.items}
        self.children: dict[int | None, list[Item]] = {}
        for item in self.items:
            self.children.setdefault(item.parent_id, []).append(item)

    def walk(self, parent: int | None = None) -> Iterator[Item]:
        """Yield the items under `parent` in pre-order (the order the plan is printed in)."""
        for child in self.children.get(parent, []):
            yield child
            yield from self.walk(child.pk)

    def subtree(self, item: Item) -> list[Item]:
        return [self.by_id[item.pk], *self.walk(item.pk)]

    def siblings(self, item: Item) -> list[Item]:
        """The items beside this one under the same parent that are not withdrawn."""
        return [i for i in self.children.get(item.parent_id, []) if i.withdrawn_at is None]


def reorder(plan: Plan) -> None:
    """Recompute every item's position (pre-order), depth and level name in one pass."""
    _save_order(plan, Tree(plan))


def _save_order(plan: Plan, tree: Tree) -> None:
    """Write the positions, depths, parents and level names the tree now implies.

    An item whose depth changes takes the plan's name for its new depth; the others keep the
    level they were imported with (a plan may name items of one depth differently).
    """
    names = {level.depth: level.name for level in plan.levels.all()}
    changed = []
    position = 0

    def walk(parent: Item | None, depth: int) -> None:
        nonlocal position
        for child in tree.children.get(parent.pk if parent else None, []):
            position += 1
            was = (child.position, child.depth, child.parent_id)
            if child.depth != depth:
                child.level = names.get(depth, "")
            child.position, child.depth, child.parent = position, depth, parent
            if was != (child.position, child.depth, child.parent_id):
                changed.append(child)
            walk(child, depth + 1)

    walk(None, 0)
    if changed:
        Item.objects.bulk_update(changed, ["position", "depth", "level", "parent"])


def renumber(*, plan: Plan, by: Any) -> int:
    """Number the plan's current items 1, 1.1, 1.1.1… when it is numbered automatically.

    Withdrawn items keep their number and are skipped. Returns how many numbers changed.
    """
    if plan.numbering != Numbering.AUTOMATIC:
        return 0
    tree = Tree(plan)
    changes: dict[str, Any] = {}
    changed = []

    def number(parent: int | None, prefix: str) -> None:
        count = 0
        for child in tree.children.get(parent, []):
            if child.withdrawn_at is not None:
                continue
            count += 1
            new = f"{prefix}{count}"
            if child.number != new:
                changes[f"number of item {child.pk}"] = {"before": child.number, "after": new}
                child.number = new
                changed.append(child)
            number(child.pk, new + ".")

    number(None, "")
    if changed:
        with transaction.atomic():
            Item.objects.bulk_update(changed, ["number"])
            record_event(
                obj=plan,
                by=by,
                action="plan.renumbered",
                summary=f"Renumbered {len(changed)} item{'' if len(changed) == 1 else 's'}",
                changes=changes,
            )
    return len(changed)


def _locked(item: Item, version: int) -> Item:
    """The item locked for change, if nobody changed it since `version`; else StaleEdit.

    The plan's row is locked first, so two changes to one plan's tree run one after the other.
    """
    Plan.objects.select_for_update().filter(pk=item.plan_id).first()
    current = Item.objects.select_for_update().select_related("plan__area").get(pk=item.pk)
    if current.version != version:
        raise StaleEdit(current, events_since(current, version=version))
    if current.withdrawn_at is not None:
        raise ArrangingError("This item has been withdrawn, so it cannot be moved or removed.")
    return current


def _label(item: Item | None, names: dict[int, str]) -> str:
    return item_label(item, names) if item is not None else "the top level"


def move_item(
    *, item: Item, by: Any, version: int, parent: Item | None, after: Item | None
) -> Item:
    """Move the item (with everything under it) under `parent`, just after `after`.

    `parent=None` moves it to the top level; `after=None` makes it the first under its parent.
    """
    with transaction.atomic():
        item = _locked(item, version)
        plan = item.plan
        tree = Tree(plan)
        moving = tree.by_id[item.pk]
        _check_move(tree, moving, parent, after)
        names = {level.depth: level.name for level in plan.levels.all()}
        old_parent = tree.by_id.get(moving.parent_id) if moving.parent_id else None
        new_parent = tree.by_id[parent.pk] if parent is not None else None
        before = {"position": moving.position, "label": _label(old_parent, names)}
        tree.children[moving.parent_id].remove(moving)
        siblings = tree.children.setdefault(new_parent.pk if new_parent else None, [])
        index = siblings.index(tree.by_id[after.pk]) + 1 if after is not None else 0
        siblings.insert(index, moving)
        moving.parent = new_parent
        _save_order(plan, tree)
        if (old_parent, moving.position) == (new_parent, before["position"]):
            return moving
        moving.version = version + 1
        Item.objects.filter(pk=moving.pk).update(version=moving.version)
        renumber(plan=plan, by=by)
        moving.refresh_from_db()
        record_event(
            obj=moving,
            by=by,
            action="item.moved",
            summary=f"Moved under {_label(new_parent, names)}",
            changes={
                "parent": {"before": before["label"], "after": _label(new_parent, names)},
                "position": {"before": before["position"], "after": moving.position},
                "version": moving.version,
            },
        )
    return moving


def _check_move(tree: Tree, item: Item, parent: Item | None, after: Item | None) -> None:
    if parent is not None:
        if parent.pk not in tree.by_id:
            raise ArrangingError("That item belongs to another plan.")
        if parent.pk in {i.pk for i in tree.subtree(item)}:
            raise ArrangingError("An item cannot be moved under itself or an item below it.")
        if tree.by_id[parent.pk].withdrawn_at is not None:
            raise ArrangingError("That item has been withdrawn; choose another to move it under.")
    if after is not None:
        if after.pk not in tree.by_id or after.pk == item.pk:
            raise ArrangingError("Choose an item under the new parent to place it after.")
        if tree.by_id[after.pk].parent_id != (parent.pk if parent else None):
            raise ArrangingError("The item to place it after is not under the chosen parent.")
    parent_depth = tree.by_id[parent.pk].depth if parent is not None else -1
    deepest = max(i.depth for i in tree.subtree(item)) - item.depth
    if parent_depth + 1 + deepest > MAX_DEPTH:
        raise ArrangingError(f"Items can be nested at most {MAX_DEPTH + 1} levels deep.")


def _place(item: Item, version: int) -> tuple[Tree, Item]:
    current = Item.objects.get(pk=item.pk)
    if current.version != version:
        raise StaleEdit(current, events_since(current, version=version))
    if current.withdrawn_at is not None:
        raise ArrangingError("This item has been withdrawn, so it cannot be moved or removed.")
    tree = Tree(current.plan)
    return tree, tree.by_id[current.pk]


def move_up(*, item: Item, by: Any, version: int) -> Item:
    """Move the item above the sibling before it."""
    tree, item = _place(item, version)
    siblings = tree.siblings(item)
    index = siblings.index(item) if item in siblings else 0
    if index == 0:
        raise ArrangingError("It is already the first item at its level.")
    after = siblings[index - 2] if index >= 2 else None
    return move_item(item=item, by=by, version=version, parent=item.parent, after=after)


def move_down(*, item: Item, by: Any, version: int) -> Item:
    """Move the item below the sibling after it."""
    tree, item = _place(item, version)
    siblings = tree.siblings(item)
    if item not in siblings or siblings.index(item) == len(siblings) - 1:
        raise ArrangingError("It is already the last item at its level.")
    after = siblings[siblings.index(item) + 1]
    return move_item(item=item, by=by, version=version, parent=item.parent, after=after)


def indent(*, item: Item, by: Any, version: int) -> Item:
    """Move the item under the sibling before it, as that sibling's last item."""
    tree, item = _place(item, version)
    siblings = tree.siblings(item)
    if item not in siblings or siblings.index(item) == 0:
        raise ArrangingError("There is no item before it at its level to put it under.")
    parent = siblings[siblings.index(item) - 1]
    under = tree.children.get(parent.pk, [])
    after = under[-1] if under else None
    return move_item(item=item, by=by, version=version, parent=parent, after=after)


def outdent(*, item: Item, by: Any, version: int) -> Item:
    """Move the item up a level, just after the item it was under."""
    tree, item = _place(item, version)
    if item.parent_id is None:
        raise ArrangingError("It is already at the top level.")
    old_parent = tree.by_id[item.parent_id]
    grandparent = tree.by_id.get(old_parent.parent_id) if old_parent.parent_id else None
    return move_item(item=item, by=by, version=version, parent=grandparent, after=old_parent)


def history_of(items: list[Item]) -> list[str]:
    """Say what history these items have, in plain words (empty: none)."""
    ids = [i.pk for i in items]
    found = []
    checks = [
        (ProgressUpdate.objects.filter(item__in=ids), "progress updates"),
        (RagDecision.objects.filter(item__in=ids), "rating decisions"),
        (Comment.objects.filter(item__in=ids), "comments"),
        (MilestoneRating.objects.filter(milestone__item__in=ids), "milestone ratings"),
        (Item.objects.filter(pk__in=ids, meeting_points__isnull=False), "board meeting points"),
        (Item.objects.filter(pk__in=ids, kpi_indicators__isnull=False), "links from indicators"),
    ]
    for rows, words in checks:
        if rows.exists():
            found.append(words)
    if items and _in_versions(items[0].plan_id, set(ids)):
        found.append("agreed versions of the plan")
    return found


def _in_versions(plan_id: int, ids: set[int]) -> bool:
    for content in PlanVersion.objects.filter(plan_id=plan_id).values_list("content", flat=True):
        if ids & set(_version_item_ids(content)):
            return True
    return False


def _version_item_ids(content: Any) -> Iterator[int]:
    """The item ids a version's content holds, at any depth."""
    if isinstance(content, dict):
        for element in (*content.get("items", []), *content.get("children", [])):
            if isinstance(element, dict):
                if isinstance(element.get("id"), int):
                    yield element["id"]
                yield from _version_item_ids(element)


def has_history(item: Item) -> bool:
    """Whether the item, or any item under it, has history that must be kept."""
    return bool(history_of(Tree(item.plan).subtree(item)))


def remove_item(*, item: Item, by: Any, version: int, reason: str) -> Removal:
    """Delete the item and its subtree if none has history; otherwise withdraw them all."""
    with transaction.atomic():
        item = _locked(item, version)
        plan = item.plan
        subtree = Tree(plan).subtree(item)
        if not history_of(subtree):
            _delete(item, subtree, by)
            removal = Removal(deleted=True)
        else:
            if not reason.strip():
                raise ArrangingError("Enter why the item is withdrawn from the plan.")
            removal = Removal(deleted=False, withdrawn=_withdraw(subtree, by, reason.strip()))
        reorder(plan)
        renumber(plan=plan, by=by)
    return removal


def _delete(item: Item, subtree: list[Item], by: Any) -> None:
    record_event(
        obj=item,
        by=by,
        action="item.deleted",
        summary=f"Deleted {item.number or 'the item'} and {len(subtree) - 1} under it"
        if len(subtree) > 1
        else f"Deleted {item.number or 'the item'}",
        changes={
            "number": {"before": item.number, "after": None},
            "text": {"before": item.title, "after": None},
            "items under it": [i.number or i.title[:60] for i in subtree[1:]],
        },
    )
    item.delete()


def _withdraw(subtree: list[Item], by: Any, reason: str) -> list[Item]:
    now = timezone.now()
    withdrawn = [i for i in subtree if i.withdrawn_at is None]
    for each in withdrawn:
        each.withdrawn_at, each.withdrawn_reason = now, reason
        each.version += 1
        record_event(
            obj=each,
            by=by,
            action="item.withdrawn",
            summary=f"Withdrawn: {reason}",
            changes={
                "withdrawn": {"before": None, "after": now.isoformat()},
                "reason": {"before": "", "after": reason},
                "version": each.version,
            },
        )
    Item.objects.bulk_update(withdrawn, ["withdrawn_at", "withdrawn_reason", "version"])
    return withdrawn
