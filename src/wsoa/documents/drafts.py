"""Start a plan from a document: keep the upload as a draft, read it with the column map a
person corrected, show the plan it would make, and create that plan.

An `ImportDraft` holds the file and the corrected map, so every page of the preview reads the
same file again on any app server. Nothing but the draft is written until the plan is
created; then `write_plan` writes it in one transaction and audits it (`plan.imported`: who,
when, the file's name), and the draft is deleted with it. Drafts older than a day are deleted
when the next document is uploaded.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from wsoa.core.models import LocalArea
from wsoa.documents.importers.base import PlanDocument, PlanFileError, checked
from wsoa.documents.importers.mapping import ColumnMap, MappingError
from wsoa.documents.importing import read_plan
from wsoa.documents.interchange.writing import write_plan
from wsoa.documents.models import ImportDraft, SavedColumnMap
from wsoa.kpi.plansetup import set_up_plan_scorecard
from wsoa.plans.models import Plan

__all__ = [
    "create_plan_from_draft",
    "draft_of",
    "keep_map",
    "outline",
    "read_document",
    "read_draft",
    "rename_levels",
    "save_column_map",
    "upload_draft",
]


def read_document(name: str, content: bytes, column_map: ColumnMap | None) -> PlanDocument:
    """Read a file as a plan, its proposed column map corrected by the one given."""
    return read_plan(name, content, column_map=column_map)


def map_of(stored: dict[str, Any]) -> ColumnMap | None:
    """A column map kept as JSON (on a draft or saved by the area), or None when none is."""
    if not stored:
        return None
    try:
        return ColumnMap.from_json(stored)
    except MappingError as error:
        raise PlanFileError(f"The column map kept for this file cannot be used: {error}") from error


def upload_draft(
    *, area: LocalArea, by: Any, name: str, content: bytes, saved: SavedColumnMap | None = None
) -> ImportDraft:
    """Read an uploaded file (PlanFileError when it cannot be) and keep it as a draft."""
    column_map = map_of(saved.column_map) if saved else None
    read_document(name, content, column_map)
    with transaction.atomic():
        ImportDraft.objects.stale(timezone.now()).delete()
        return ImportDraft.objects.create(
            area=area,
            created_by=by,
            file_name=name[:255],
            content=content,
            column_map=column_map.to_json() if column_map else {},
        )


def draft_of(area: LocalArea, user: Any, draft_id: int) -> ImportDraft:
    """The user's own draft in the area, or Http404 (another area's or person's draft)."""
    return get_object_or_404(
        ImportDraft.objects.for_area(area).filter(created_by=user), pk=draft_id
    )


def read_draft(draft: ImportDraft) -> PlanDocument:
    """Read the draft's file with its corrected column map; PlanFileError when it cannot be.

    The map's level names are given to the plan's levels here too, so they are corrected
    for files with no columns to map (wsoa-plan JSON) as well.
    """
    column_map = map_of(draft.column_map)
    document = read_document(draft.file_name, bytes(draft.content), column_map)
    if column_map is not None:
        rename_levels(document.data, column_map.levels)
    return document


def rename_levels(data: dict[str, Any], names: list[str]) -> None:
    """Give the plan's levels new names by depth, and the items of each level its new name."""
    levels = list(data.get("levels", []))
    renamed = {old: new for old, new in zip(levels, names, strict=False) if new and new != old}
    data["levels"] = [renamed.get(name, name) for name in levels]
    for item in _walk(data.get("items", [])):
        item["level"] = renamed.get(item.get("level", ""), item.get("level", ""))


def keep_map(draft: ImportDraft, column_map: ColumnMap) -> bool:
    """Keep a corrected map on the draft; whether it differs from the one kept before."""
    stored = column_map.to_json()
    if stored == draft.column_map:
        return False
    draft.column_map = stored
    draft.save(update_fields=["column_map"])
    return True


def save_column_map(
    *, area: LocalArea, by: Any, name: str, column_map: ColumnMap
) -> SavedColumnMap:
    """Save a map under a name for the area's next file; a map of the same name is replaced."""
    saved, _ = SavedColumnMap.objects.update_or_create(
        area=area,
        name=name.strip()[:100],
        defaults={"column_map": column_map.to_json(), "created_by": by},
    )
    return saved


def create_plan_from_draft(*, draft: ImportDraft, by: Any, title: str = "") -> Plan:
    """Write the plan the draft's file holds as read now, in one transaction, audited."""
    data = read_draft(draft).data
    plan = data["plan"]
    plan["title"] = (title.strip() or plan.get("title") or f"{draft.area.name} plan")[:500]
    plan["source_name"] = draft.file_name
    with transaction.atomic():
        created = checked(lambda: write_plan(data, area=draft.area, by=by))
        set_up_plan_scorecard(plan=created, by=by)
        draft.delete()
    return created


# --- the plan as it would be created ---------------------------------------------------------

FIRST_CHILDREN = 3  # items shown in full under each top-level item
MOST_TOPS = 30  # top-level items shown; the rest are counted


@dataclass
class Shown:
    """One item as the preview shows it in full."""

    level: str
    number: str
    text: str
    leads: list[str]
    due: list[str]
    milestones: list[str]
    children: list[Shown] = field(default_factory=list)
    more: int = 0  # children not shown


@dataclass
class Outline:
    """The plan a document would make: its title, levels, items per level and first items."""

    title: str
    levels: list[str]
    counts: list[tuple[str, int]]
    tops: list[Shown]
    more: int


def outline(data: dict[str, Any]) -> Outline:
    """What the preview shows of a plan document."""
    items = data.get("items", [])
    counts = Counter(i.get("level") or "Item" for i in _walk(items))
    levels = list(data.get("levels", []))
    order = [name for name in levels if name in counts]
    order += [name for name in counts if name not in order]
    tops = [_shown(item, FIRST_CHILDREN) for item in items[:MOST_TOPS]]
    return Outline(
        data.get("plan", {}).get("title", ""),
        levels,
        [(name, counts[name]) for name in order],
        tops,
        max(0, len(items) - MOST_TOPS),
    )


def _shown(item: dict[str, Any], children: int) -> Shown:
    below = item.get("children", [])
    return Shown(
        item.get("level") or "Item",
        item.get("number", ""),
        item.get("title", ""),
        list(item.get("leads", [])),
        [d.get("text", "") for d in item.get("due", []) if d.get("text")],
        [_milestone(m) for m in item.get("milestones", [])],
        [_shown(child, 0) for child in below[:children]],
        max(0, len(below) - children),
    )


def _milestone(milestone: dict[str, Any]) -> str:
    when = milestone.get("period") or ""
    due = milestone.get("due")
    if due and not when:
        when = f"{due:%-d %B %Y}" if isinstance(due, dt.date) else str(due)
    return f"{milestone.get('text', '')} ({when})" if when else milestone.get("text", "")


def _walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        yield from _walk(item.get("children", []))
