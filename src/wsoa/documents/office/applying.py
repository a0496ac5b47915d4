"""Apply a plan workbook: every change of the preview in one transaction, audited per item.

Step 3 of the Excel round trip (`excel.py` exports; `reading.py`, `changes.py` before).

The plan's items are locked and compared again inside the transaction, so what is written is
exactly what a fresh preview would show, and an item changed meanwhile refuses the whole file.

A workbook applies once. Its first write is a `WorkbookApplication` row, unique per plan and
workbook, so a second apply of the same workbook (later, or at the same moment, which waits for
the first's transaction) is refused with `AlreadyApplied`, naming when and by whom. Without it,
the rows the file adds (they have no id, so the stale check cannot see them) would be added
again.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from wsoa.core.audit import record_event
from wsoa.core.dates import long_date
from wsoa.documents.interchange.leads import LeadResolver
from wsoa.documents.models import WorkbookApplication
from wsoa.documents.office.changes import ItemChange, Preview, compare, rag_code
from wsoa.documents.office.columns import PlanItems
from wsoa.documents.office.reading import Upload
from wsoa.plans import models as m
from wsoa.plans.datetext import parse_date_text

ITEM_FIELDS = {"number": "number", "status": "status_text"}


class AlreadyApplied(ValueError):
    """This workbook was applied to the plan before; nothing was written."""

    def __init__(self, record: WorkbookApplication) -> None:
        at = timezone.localtime(record.applied_at)
        who = record.applied_by.get_username() if record.applied_by else "someone"
        super().__init__(
            f"This workbook was already applied on {long_date(at)} at {at:%H:%M} by "
            f"{who}, so nothing was applied again. To make more changes, download the plan "
            "again and edit the new file."
        )


def workbook_checksum(upload: Upload) -> str:
    """SHA-256 of what the workbook holds: its plan, its export, its columns and rows."""
    content = json.dumps(upload.as_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(content.encode()).hexdigest()


def refuse_if_applied(*, plan: m.Plan, upload: Upload) -> None:
    """Raise AlreadyApplied if this workbook was applied to the plan before."""
    found = _applied(plan, workbook_checksum(upload))
    if found is not None:
        raise AlreadyApplied(found)


def apply_workbook(*, plan: m.Plan, upload: Upload, by: Any) -> Preview:
    """Write the workbook's changes to the plan, all or nothing; return what was changed.

    Raises AlreadyApplied if the workbook was applied before; an unchanged workbook writes
    nothing and is not recorded.
    """
    refuse_if_applied(plan=plan, upload=upload)
    with transaction.atomic():
        record = _claim(plan, upload, by)
        list(m.Item.objects.select_for_update().filter(plan=plan).values_list("pk", flat=True))
        data = PlanItems.fetch(plan)
        preview = compare(plan, upload, data)
        if preview.is_empty:
            transaction.set_rollback(True)
            return preview
        writer = _Writer(plan, data, by)
        created = {change.row: writer.add(change) for change in preview.added}
        for change in preview.changed:
            writer.change(change)
        for change in preview.removed:
            writer.remove(change)
        if preview.added:
            _renumber(plan, preview, created)
        record.added, record.changed = len(preview.added), len(preview.changed)
        record.removed = len(preview.removed)
        record.save(update_fields=["added", "changed", "removed"])
    return preview


def _applied(plan: m.Plan, checksum: str) -> WorkbookApplication | None:
    rows = WorkbookApplication.objects.select_related("applied_by")
    return rows.filter(plan=plan, checksum=checksum).first()


def _claim(plan: m.Plan, upload: Upload, by: Any) -> WorkbookApplication:
    """Record the workbook as applied: the transaction's first write, unique per workbook.

    A simultaneous apply of the same workbook waits here for the first to finish, then finds
    its row and is refused.
    """
    checksum = workbook_checksum(upload)
    try:
        with transaction.atomic():
            return WorkbookApplication.objects.create(
                plan=plan,
                checksum=checksum,
                exported_at=upload.exported_at[:50],
                applied_by=by if getattr(by, "is_authenticated", False) else None,
            )
    except IntegrityError as error:
        found = _applied(plan, checksum)
        if found is None:
            raise
        raise AlreadyApplied(found) from error


class _Writer:
    def __init__(self, plan: m.Plan, data: PlanItems, by: Any) -> None:
        self.plan, self.data, self.by = plan, data, by
        self.items = {item.pk: item for item in data.items}
        for item in data.items:
            item.plan = plan  # so each audit event finds the area without a query
        self.resolver = LeadResolver(list(plan.people.all()))
        self.created: dict[int | None, m.Item] = {}

    def add(self, change: ItemChange) -> m.Item:
        parent = self.created.get(change.parent_row) if change.parent_row else None
        if change.parent_id:
            parent = self.items[change.parent_id]
        item = m.Item.objects.create(
            plan=self.plan,
            parent=parent,
            depth=change.depth,
            level=self.data.levels[change.depth][:100],
            position=0,
            title="",
        )
        self._write(item, change)
        self.created[change.row] = item
        record_event(
            obj=item,
            action="item.added",
            by=self.by,
            summary=f"Added from a spreadsheet: {change.label}"[:300],
            changes=_before_after(change),
        )
        self._rated(item, change)
        return item

    def change(self, change: ItemChange) -> None:
        item = self.items[change.item_id or 0]
        item.version += 1
        self._write(item, change)
        record_event(
            obj=item,
            action="item.edited",
            by=self.by,
            summary=f"Edited from a spreadsheet: {_names(change)}"[:300],
            changes={**_before_after(change), "version": item.version},
        )
        self._rated(item, change)

    def _rated(self, item: m.Item, change: ItemChange) -> None:
        """A rating a manager sets in the workbook is their decision: every page then shows it
        as the item's confirmed rating, as one confirmed in the monthly cycle."""
        if item.rag and any(field.key == "rag" for field in change.fields):
            word = self.data.rag_words.get(item.rag, item.rag)[:200]
            record_event(
                obj=item,
                action="rag.confirmed",
                by=self.by,
                summary=f"Rating {word} set in a workbook",
                changes={"rag": {"after": item.rag}},
            )

    def remove(self, change: ItemChange) -> None:
        item = self.items[change.item_id or 0]
        record_event(
            obj=item,
            action="item.removed",
            by=self.by,
            summary=f"Removed from a spreadsheet: {change.label}"[:300],
            changes=_before_after(change),
        )
        m.Item.objects.filter(pk=item.pk).delete()

    def _write(self, item: m.Item, change: ItemChange) -> None:
        for field in change.fields:
            key, _, detail = field.key.partition(":")
            if key == "title":
                item.title = field.after
            elif key == "level":  # a row's own level; empty, its depth's
                item.level = (field.after or self.data.levels[item.depth])[:100]
            elif key in ITEM_FIELDS:
                setattr(item, ITEM_FIELDS[key], field.after)
            elif key == "rag":
                item.rag = rag_code(self.data.rag_words, field.after)
            elif key in ("lead", "partners"):
                self._people(item, "lead" if key == "lead" else "partner", field.after)
            elif key == "due":
                item.due_end = self._due(item, field.after)
            elif key == "note":
                self._note(item, detail, field.heading, field.after)
            elif key == "milestones":
                self._milestone(item, detail, field.after)
            elif key == "rating":
                self._rating(item, detail, field.after)
        item.save()

    def _people(self, item: m.Item, part: str, text: str) -> None:
        m.ItemPerson.objects.filter(item=item, part=part).delete()
        names = [line.strip() for line in text.split("\n") if line.strip()]
        m.ItemPerson.objects.bulk_create(
            m.ItemPerson(
                item=item,
                part=part,
                position=i,
                text=name[:500],
                person=self.resolver.resolve(name),
            )
            for i, name in enumerate(names)
        )

    def _due(self, item: m.Item, text: str) -> Any:
        m.DueDate.objects.filter(item=item).delete()
        spans = [parse_date_text(line) for line in text.split("\n") if line.strip()]
        m.DueDate.objects.bulk_create(
            m.DueDate(
                item=item,
                position=i,
                text=span.text[:300],
                start=span.start,
                end=span.end,
                recurrence=span.recurrence,
            )
            for i, span in enumerate(spans)
        )
        ends = [span.end for span in spans if span.end]
        return max(ends) if ends else None

    def _note(self, item: m.Item, kind: str, heading: str, text: str) -> None:
        """Keep the first note of the kind with the cell's whole text; drop the others."""
        notes = list(m.ItemNote.objects.filter(item=item, kind=kind).order_by("position"))
        m.ItemNote.objects.filter(pk__in=[n.pk for n in notes[1:]]).delete()
        if notes and text:
            notes[0].text = text
            notes[0].save(update_fields=["text"])
        elif notes:
            notes[0].delete()
        elif text:
            last = item.notes.aggregate(last=Max("position"))["last"]
            position = 0 if last is None else last + 1
            m.ItemNote.objects.create(
                item=item, kind=kind, position=position, heading=heading[:200], text=text
            )

    def _milestone(self, item: m.Item, period: str, text: str) -> None:
        """Keep the first milestone of the period with the cell's text; drop the others."""
        found = list(
            m.Milestone.objects.filter(item=item, period_label=period).order_by("position")
        )
        m.Milestone.objects.filter(pk__in=[ms.pk for ms in found[1:]]).delete()
        if found and text:
            found[0].text = text
            found[0].save(update_fields=["text"])
        elif found:
            found[0].delete()
        elif text:
            last = item.milestones.aggregate(last=Max("position"))["last"]
            position = 0 if last is None else last + 1
            span = parse_date_text(period)  # "Aug-19" is due by the end of August 2019
            m.Milestone.objects.create(
                item=item,
                position=position,
                text=text,
                period_label=period,
                due_text=span.text[:300] if span.end else "",
                due_start=span.start if span.end else None,
                due_end=span.end,
            )

    def _rating(self, item: m.Item, detail: str, text: str) -> None:
        """Add the quarter's rating to the item's first milestone of the period.

        Ratings are history: a new row is added and the latest one is the rating shown; an
        emptied cell adds an empty rating. The comparison has refused a rating with no
        milestone beside it.
        """
        period, _, quarter = detail.rpartition(":")
        milestone = item.milestones.filter(period_label=period).order_by("position").first()
        if milestone is not None:
            m.MilestoneRating.objects.create(
                milestone=milestone,
                period_label=quarter[:50],
                rag=rag_code(self.data.rag_words, text),
                text=text[:100],
            )


def _before_after(change: ItemChange) -> dict[str, Any]:
    return {f.key: {"before": f.before, "after": f.after} for f in change.fields}


def _names(change: ItemChange) -> str:
    return ", ".join(f.heading for f in change.fields)


def _renumber(plan: m.Plan, preview: Preview, created: dict[int | None, m.Item]) -> None:
    """Put every item in printed order: the file's rows, with items added in wsoa since kept."""
    order: dict[int, float] = {}
    current = dict(m.Item.objects.filter(plan=plan).values_list("pk", "position"))
    key = 0.0
    for kind, ref in preview.order:
        item_id = ref if kind == "item" else created[ref].pk
        if kind == "item":
            key = float(current[item_id])
        else:
            key += 0.001
        order[item_id] = key
    for pk, position in current.items():
        order.setdefault(pk, float(position))
    items = list(m.Item.objects.filter(plan=plan))
    ranked = sorted(items, key=lambda item: (order[item.pk], item.pk))
    moved = []
    for position, item in enumerate(ranked, start=1):
        if item.position != position:
            item.position = position
            moved.append(item)
    m.Item.objects.bulk_update(moved, ["position"])
