"""Compare a plan workbook with the plan: exactly which items and fields it would change.

Step 2 of the Excel round trip (`excel.py` exports; `reading.py` before, `applying.py` after).

A row with an id is that item; a row without one is a new item, placed under the nearest row
above it one level up; an item exported but missing from the file is removed. Rows are checked
against the plan (ids, levels, RAG words, dates) and an item changed in wsoa since the export
is refused, so a file never overwrites someone's later change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from wsoa.documents.office.columns import Column, PlanItems, cell_values
from wsoa.documents.office.excel import PLAN_SHEET
from wsoa.documents.office.reading import SheetError, Upload
from wsoa.plans import models as m
from wsoa.plans.datetext import parse_date_text
from wsoa.plans.rag import Rag

KEY = re.compile(
    r"^(number|level|lead|partners|due|status|rag|title:\d+|note:[a-z_]+|milestones:.*|rating:.+:.+)$"
)


class StaleFile(ValueError):
    """Items changed in wsoa after the file was exported; nothing was written."""


@dataclass
class FieldChange:
    key: str
    heading: str
    before: str
    after: str


@dataclass
class ItemChange:
    kind: str  # "added", "changed" or "removed"
    label: str
    row: int | None = None
    item_id: int | None = None
    depth: int = 0
    parent_row: int | None = None
    parent_id: int | None = None
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class Preview:
    added: list[ItemChange] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    removed: list[ItemChange] = field(default_factory=list)
    order: list[tuple[str, int]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)


def compare(plan: m.Plan, upload: Upload, data: PlanItems | None = None) -> Preview:
    """Return what applying the workbook would change, or raise SheetError / StaleFile."""
    if upload.plan_id != plan.pk or upload.area != plan.area.slug:
        raise SheetError(
            f"this file was exported from another plan (id {upload.plan_id}), not “{plan.title}”",
            sheet="wsoa",
        )
    data = data or PlanItems.fetch(plan)
    columns = _columns(upload, data)
    return _Comparison(data, upload, columns).run()


def _columns(upload: Upload, data: PlanItems) -> list[Column]:
    columns = []
    for index, (key, heading) in enumerate(upload.columns, start=3):
        depth = int(key[6:]) if key.startswith("title:") else 0
        kind = key[5:] if key.startswith("note:") else m.NoteKind.NOTE
        if not KEY.match(key) or depth >= len(data.levels) or kind not in m.NoteKind.values:
            raise SheetError(
                f"“{heading}” is not a column wsoa wrote", sheet=PLAN_SHEET, column=index
            )
        columns.append(Column(key, heading))
    if not any(c.depth is not None for c in columns):
        raise SheetError("the workbook has no column for the items' text", sheet=PLAN_SHEET)
    return columns


class _Comparison:
    def __init__(self, data: PlanItems, upload: Upload, columns: list[Column]) -> None:
        self.data, self.upload, self.columns = data, upload, columns
        self.items = {item.pk: item for item in data.items}
        self.rag_codes = _rag_codes(data.rag_words)
        self.preview = Preview()
        self.stale: list[str] = []

    def run(self) -> Preview:
        seen: dict[int, dict[str, Any]] = {}
        stack: list[tuple[int, str, int]] = []  # (depth, "row"/"item", row or id) of the path
        last_position = 0
        for row in self.upload.rows:
            depth = self._depth(row)
            item = self._item(row, seen)
            stack = [s for s in stack if s[0] < depth]
            if item is None:
                self._added(row, depth, stack)
                stack.append((depth, "row", row["row"]))
                self.preview.order.append(("row", row["row"]))
                continue
            if item.position < last_position:
                self._error(row, 0, "this row is out of the plan's order: rows cannot be moved")
            last_position = item.position
            if depth != item.depth:
                self._error(row, 0, f"this {item.level or 'item'} cannot change level")
            seen[item.pk] = row
            stack.append((depth, "item", item.pk))
            self.preview.order.append(("item", item.pk))
            self._changed(row, item)
        self._removed(seen)
        if self.stale:
            raise StaleFile(
                "Nothing was applied: "
                + "; ".join(self.stale)
                + ". Export the plan again and make your changes in the new file."
            )
        return self.preview

    def _error(self, row: dict[str, Any], column: int, message: str) -> None:
        raise SheetError(message, sheet=PLAN_SHEET, row=row["row"], column=column)

    def _depth(self, row: dict[str, Any]) -> int:
        filled = [c.depth for c in self.columns if c.depth is not None and row["values"][c.key]]
        if len(filled) != 1:
            names = " or ".join(f"“{c.heading}”" for c in self.columns if c.depth is not None)
            self._error(row, 0, f"write the item's text in exactly one of {names}")
        return filled[0] or 0

    def _item(self, row: dict[str, Any], seen: dict[int, Any]) -> m.Item | None:
        if row["id"] is None:
            return None
        item = self.items.get(row["id"])
        if row["id"] in seen:
            self._error(
                row, 1, f"item id {row['id']} is on two rows (also row {seen[row['id']]['row']})"
            )
        if item is None and row["id"] in self.upload.exported_ids:
            self.stale.append(f"row {row['row']} is an item deleted in wsoa since the export")
        elif item is None:
            self._error(row, 1, f"{row['id']} is not an item of this plan")
        if item is not None and row["version"] is None:
            self._error(
                row, 2, "the item's version is missing: leave the hidden columns as exported"
            )
        return item

    def _added(self, row: dict[str, Any], depth: int, stack: list[tuple[int, str, int]]) -> None:
        parent = stack[-1] if stack else None
        if depth > 0 and (parent is None or parent[0] != depth - 1):
            above = self.data.levels[depth - 1]
            self._error(row, 0, f"a new {self.data.levels[depth]} must come under an {above} row")
        fields = [
            FieldChange(c.key, c.heading, "", self._checked(row, c))
            for c in self.columns
            if row["values"][c.key]
        ]
        change = ItemChange(
            "added", self._label(row["values"], depth), row=row["row"], depth=depth, fields=fields
        )
        if parent is not None:
            change.parent_row = parent[2] if parent[1] == "row" else None
            change.parent_id = parent[2] if parent[1] == "item" else None
        self.preview.added.append(change)

    def _changed(self, row: dict[str, Any], item: m.Item) -> None:
        before = cell_values(item, self.columns, self.data.rag_words)
        fields = [
            FieldChange(c.key, c.heading, before[c.key], self._checked(row, c))
            for c in self.columns
            if row["values"][c.key] != before[c.key]
        ]
        if fields and row["version"] != item.version:
            self.stale.append(
                f"{self._label(before, item.depth)} (row {row['row']}) "
                "was changed in wsoa after the export"
            )
        if fields:
            self.preview.changed.append(
                ItemChange(
                    "changed",
                    self._label(before, item.depth),
                    row=row["row"],
                    item_id=item.pk,
                    depth=item.depth,
                    fields=fields,
                )
            )

    def _removed(self, seen: dict[int, Any]) -> None:
        gone = [i for i in self.upload.exported_ids if i in self.items and i not in seen]
        for item_id in gone:
            item = self.items[item_id]
            kept = [c for c in self.data.items if c.parent_id == item_id and c.pk not in gone]
            if kept:
                child = seen.get(kept[0].pk)
                where = f"row {child['row']}" if child else "an item added in wsoa since the export"
                raise SheetError(
                    f"{self._label_of(item)} was removed but {where} is under it: "
                    "remove the items under it too, or keep it",
                    sheet=PLAN_SHEET,
                )
            before = cell_values(item, self.columns, self.data.rag_words)
            if item_id in self.upload.exported_ids and self._version_of(item_id) != item.version:
                self.stale.append(f"{self._label_of(item)} was changed in wsoa after the export")
            fields = [
                FieldChange(c.key, c.heading, before[c.key], "")
                for c in self.columns
                if before[c.key]
            ]
            self.preview.removed.append(
                ItemChange(
                    "removed",
                    self._label_of(item),
                    item_id=item_id,
                    depth=item.depth,
                    fields=fields,
                )
            )

    def _version_of(self, item_id: int) -> int | None:
        return dict(self.upload.exported).get(item_id)

    def _checked(self, row: dict[str, Any], column: Column) -> str:
        """Return a cell's text after checking it means something for its column."""
        value = row["values"][column.key]
        index = 3 + [c.key for c in self.columns].index(column.key)
        if column.key.startswith("rating:") and value:
            self._rated_milestone(row, column, index)
        if (
            column.key.split(":")[0] in ("rag", "rating")
            and value
            and value.lower() not in self.rag_codes
        ):
            words = "; ".join(dict.fromkeys(self.data.rag_words[c] for c in self.data.rag_words))
            self._error(row, index, f"“{value}” is not a rating of this plan. Use one of: {words}")
        if column.key == "due":
            for line in filter(None, (line.strip() for line in value.split("\n"))):
                span = parse_date_text(line)
                if not (span.start or span.end or span.recurrence):
                    self._error(
                        row,
                        index,
                        f"“{line}” is not a date wsoa can read, e.g. “31 July 2026”, "
                        "“Autumn term 2026” or “Ongoing”",
                    )
        return value

    def _rated_milestone(self, row: dict[str, Any], column: Column, index: int) -> None:
        """Refuse a quarter's rating on a row with no milestone of its period to rate."""
        period = column.key.removeprefix("rating:").rpartition(":")[0]
        if not row["values"].get(f"milestones:{period}"):
            self._error(
                row,
                index,
                f"“{column.heading}” rates the row's milestone of {period} and the row has none: "
                "write the milestone beside it, or leave the rating empty",
            )

    def _label(self, values: dict[str, str], depth: int) -> str:
        name = self.data.levels[depth]
        title = values.get(f"title:{depth}", "")
        return f"{name} {values.get('number', '')}".replace("  ", " ").strip() + f": {title[:80]}"

    def _label_of(self, item: m.Item) -> str:
        return self._label(cell_values(item, self.columns, self.data.rag_words), item.depth)


def _rag_codes(words: dict[str, str]) -> dict[str, str]:
    """Every way a rating may be written in a cell, folded, to its code."""
    found = {code: code for code in Rag.values}
    found |= {label.lower(): code for code, label in Rag.choices}
    found |= {label.lower(): code for code, label in words.items()}
    return found


def rag_code(words: dict[str, str], text: str) -> str:
    return _rag_codes(words).get(text.strip().lower(), "")
