"""A revised document becomes the plan's next version (issue 11 §4).

`revision_of` reads the document's items against the plan (`interchange.compare.match`) and
lists the changes without writing. `apply_revision` makes them through the authoring and
arranging services (so every change is audited and matched items keep their history), then
agrees the next version "Imported from <file name>". Items missing from the document are
removed by `arranging.remove_item`: withdrawn when they have history, else deleted. The
document's milestone periods (with their quarters) replace the plan's, audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from wsoa.documents.interchange.compare import Changes, NotThisPlan, compare, flatten, match
from wsoa.documents.interchange.compare import with_ids as matched_with_ids
from wsoa.documents.versions import agree_version, plan_now
from wsoa.plans.models import Item, Plan, PlanVersion

__all__ = ["NotThisPlan", "Revision", "apply_revision", "revision_of"]


@dataclass
class Revision:
    """A document matched to a plan: the document with the plan's ids, and the changes."""

    plan: Plan
    name: str
    document: dict[str, Any]
    changes: Changes


def revision_of(*, plan: Plan, document: dict[str, Any], name: str) -> Revision:
    """Match a document to a plan and list the changes; raise NotThisPlan. Writes nothing."""
    now = plan_now(plan)
    found = matched_with_ids(document, match(now, document))
    return Revision(plan, name, found, compare(now, found))


def apply_revision(*, revision: Revision, by: Any, agreed_on: dt.date | None = None) -> PlanVersion:
    """Make the revision's changes to the plan and agree them as its next version."""
    with transaction.atomic():
        made = _Applier(revision.plan, by)
        made.apply(revision)
        _update_periods(revision, by)
        return agree_version(
            plan=revision.plan,
            by=by,
            agreed_on=agreed_on or timezone.localdate(),
            body=f"Imported from {revision.name}"[:300],
        )


def _update_periods(revision: Revision, by: Any) -> None:
    """Take the document's milestone periods (and their quarters) as the plan's, audited."""
    from wsoa.core.audit import record_event

    plan_part = revision.document.get("plan", {})
    if "milestone_periods" not in plan_part:
        return  # a document that does not say keeps the plan's
    after = [
        {
            "label": p["label"],
            "date": _iso(p.get("date")),
            "quarters": list(p.get("quarters", [])),
        }
        for p in plan_part["milestone_periods"]
    ]
    plan = revision.plan
    before = list(plan.milestone_periods or [])
    if after == before:
        return
    plan.milestone_periods = after
    plan.save(update_fields=["milestone_periods"])
    labels = ", ".join(p["label"] for p in after) or "none"
    record_event(
        obj=plan,
        by=by,
        action="plan.milestone_periods_changed",
        summary=f"Milestone periods from {revision.name}: {labels}"[:300],
        changes={"milestone_periods": {"before": before, "after": after}},
    )


def _iso(value: Any) -> str | None:
    if not value:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class _Applier:
    """Walk the document in printed order: add, change and move; then remove what is missing."""

    def __init__(self, plan: Plan, by: Any) -> None:
        self.plan = plan
        self.by = by
        self.items: dict[int, Item] = {}  # document key → the plan's item

    def item(self, pk: int) -> Item:
        return Item.objects.get(plan=self.plan, pk=pk)

    def apply(self, revision: Revision) -> None:
        changed = {c["id"]: c["fields"] for c in revision.changes.changed}
        moved = {m["id"] for m in revision.changes.moved}
        previous: dict[int | None, int | None] = {}
        for flat in flatten(revision.document):
            parent = self.items.get(flat.parent) if flat.parent is not None else None
            after_key = previous.get(flat.parent)
            after = self.items.get(after_key) if after_key is not None else None
            if flat.key < 0:
                self.items[flat.key] = self._add(flat.item, parent, after)
            else:
                self.items[flat.key] = self._keep(
                    flat.key, changed, moved, parent, after, flat.item
                )
            previous[flat.parent] = flat.key
        kept = {item.pk for item in self.items.values()}
        for gone in flatten(plan_now(self.plan)):
            if gone.key not in kept and not gone.withdrawn:
                self._remove(gone.key, revision.name)

    def _add(self, found: dict[str, Any], parent: Item | None, after: Item | None) -> Item:
        from wsoa.progress.authoring import add_item

        return add_item(
            plan=self.plan, by=self.by, fields=fields_of(found), parent=parent, after=after
        )

    def _keep(
        self,
        pk: int,
        changed: dict[int, dict[str, Any]],
        moved: set[int],
        parent: Item | None,
        after: Item | None,
        found: dict[str, Any],
    ) -> Item:
        from wsoa.progress.arranging import move_item
        from wsoa.progress.authoring import change_item

        item = self.item(pk)
        if pk in changed:
            kept = {ms.text: ms.pk for ms in item.milestones.all()}
            fields = fields_of(found, only=set(changed[pk]), milestones=kept)
            item = change_item(item=item, by=self.by, version=item.version, fields=fields)
        if pk in moved:
            item = move_item(
                item=self.item(pk),
                by=self.by,
                version=self.item(pk).version,
                parent=parent,
                after=after,
            )
        return item

    def _remove(self, pk: int, name: str) -> None:
        from wsoa.progress.arranging import remove_item

        item = Item.objects.filter(plan=self.plan, pk=pk).first()
        if item is not None and item.withdrawn_at is None:
            remove_item(item=item, by=self.by, version=item.version, reason=f"Not in {name}")


def fields_of(
    found: dict[str, Any], *, only: set[str] | None = None, milestones: dict[str, int] | None = None
) -> Any:
    """The authoring fields of a document item (all of them, or only the named ones).

    `milestones` maps the text of the item's existing milestones to their ids, so a milestone
    the document still has keeps its ratings.
    """
    from wsoa.progress.authoring import ItemFields, MilestoneIn

    names = (
        only
        if only is not None
        else {"number", "text", "leads", "partners", "due", "milestones", "notes", "status"}
    )
    values: dict[str, Any] = {}
    if "number" in names:
        values["number"] = found.get("number", "")
    if "text" in names:
        values["text"] = found.get("title", "")
    for name in ("leads", "partners"):
        if name in names:
            values[name] = list(found.get(name, []))
    if "due" in names:
        values["due"] = "; ".join(d.get("text", "") for d in found.get("due", []))
    if "status" in names:
        values["status"] = found.get("status", "")
    if "notes" in names:
        values["notes"] = [
            (n["kind"], n.get("heading", ""), n.get("text", "")) for n in found["notes"]
        ]
    if "milestones" in names:
        values["milestones"] = [
            MilestoneIn(
                text=ms.get("text", ""),
                due=(ms.get("due") or {}).get("text", ""),
                id=(milestones or {}).get(ms.get("text", "")),
            )
            for ms in found.get("milestones", [])
        ]
    return ItemFields(**values)
