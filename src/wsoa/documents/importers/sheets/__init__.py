"""The importers of Excel workbooks (.xlsx) and CSV files: a row per item, read as plan text.

Each reads its file's cells (`grid.py`), lays the sheets out as plan text (`layout.py`) and
reads that with the one plan-text reader, so a tracker's headings, numbering and dates are
recognised as a Word plan's are. Warnings name the sheet and row. No Django.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath
from typing import Any

from wsoa.documents.importers.base import PlanDocument, PlanFileError
from wsoa.documents.importers.mapping import ColumnMap, MappedColumn
from wsoa.documents.importers.plantext import document_of, parse_plan_text
from wsoa.documents.importers.sheets.grid import Sheet, read_csv, read_workbook
from wsoa.documents.importers.sheets.layout import UNTITLED, lay_out
from wsoa.documents.importers.sheets.rows import NUMBER_HEADING, restore

__all__ = ["CsvImporter", "ExcelImporter", "read_sheets"]

ZIP = b"PK\x03\x04"
LEVEL_NAMES = ("Area", "Theme", "Workstream", "Weakness", "Step")


def read_sheets(name: str, sheets: list[Sheet], column_map: ColumnMap | None) -> PlanDocument:
    """The plan a workbook's sheets hold, read as plan text; PlanFileError when none."""
    column_map = with_level_names(column_map)
    layout = lay_out(sheets, column_map)
    if not any(line.strip() for line in layout.laid_out.lines):
        raise PlanFileError("The file has no cells with anything in them.")
    columns_only = ColumnMap(list(column_map.columns)) if column_map is not None else None
    parsed = parse_plan_text(
        layout.laid_out.text,
        source_name=name,
        column_map=columns_only,
        places=layout.laid_out.places,
    )
    restore(parsed.data["items"], layout.numbers)
    if parsed.data["plan"].get("title") == UNTITLED:
        parsed.data["plan"]["title"] = layout.first_text[:500]
    levels = levels_of(parsed.data["items"])
    proposed = parsed.column_map or ColumnMap()
    proposed.columns = [c for c in proposed.columns if c.heading != NUMBER_HEADING]
    proposed.levels = levels
    rename_levels(parsed.data["items"], column_map.levels if column_map else [])
    parsed.data["levels"] = levels_of(parsed.data["items"])
    parsed.column_map = proposed.corrected_by(column_map)
    found = document_of(parsed)
    found.warnings = [*layout.warnings, *found.warnings]
    return found


def with_level_names(column_map: ColumnMap | None) -> ColumnMap:
    """The map given, and a level's own name alone as a heading read as that level's text
    ("Theme", "Workstream"), as wsoa's own exports and many trackers print them."""
    given = column_map or ColumnMap()
    extra = [MappedColumn(name, "title", name) for name in LEVEL_NAMES if given.find(name) is None]
    extra.append(MappedColumn(NUMBER_HEADING, "number"))
    return ColumnMap([*given.columns, *extra], list(given.levels))


def levels_of(items: list[dict[str, Any]]) -> list[str]:
    """The name of each level of the tree: the name most of its items carry."""
    by_depth: dict[int, Counter[str]] = {}
    stack = [(0, item) for item in items]
    while stack:
        depth, item = stack.pop()
        by_depth.setdefault(depth, Counter())[item["level"] or "Item"] += 1
        stack.extend((depth + 1, child) for child in item["children"])
    return [by_depth[d].most_common(1)[0][0] for d in sorted(by_depth)]


def rename_levels(items: list[dict[str, Any]], names: list[str], depth: int = 0) -> None:
    """Give the items at each depth the level name a column map sets for it."""
    for item in items:
        if depth < len(names) and names[depth]:
            item["level"] = names[depth]
        rename_levels(item["children"], names, depth + 1)


class ExcelImporter:
    """The importer of Excel workbooks (.xlsx): a row per item, a sheet per workstream."""

    kind = "xlsx"
    description = "an Excel workbook (.xlsx) with a row per item"

    def accepts(self, name: str, content: bytes) -> bool:
        suffix = PurePath(name).suffix.lower()
        return suffix in (".xlsx", ".xlsm") or (
            content.startswith(ZIP) and b"xl/workbook.xml" in content[:65536]
        )

    def read(self, name: str, content: bytes, column_map: ColumnMap | None = None) -> PlanDocument:
        return read_sheets(name, read_workbook(name, content), column_map)


class CsvImporter:
    """The importer of CSV files (UTF-8 or Windows-1252): a row per item."""

    kind = "csv"
    description = "a CSV file with a row per item (UTF-8 or Windows-1252)"

    def accepts(self, name: str, content: bytes) -> bool:
        return PurePath(name).suffix.lower() == ".csv"

    def read(self, name: str, content: bytes, column_map: ColumnMap | None = None) -> PlanDocument:
        return read_sheets(name, read_csv(name, content), column_map)
