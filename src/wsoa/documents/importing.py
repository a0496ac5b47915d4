"""Import a plan file into an area: the one entry point (`wsoa import`, `wsoa demo`, views).

`read_plan` hands the file to the importer of its kind (`importers/registry.py`), which returns
a checked wsoa-plan document; `import_plan` writes it with `interchange.writing.write_plan`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from wsoa.core.models import LocalArea
from wsoa.documents.importers.base import PlanDocument, PlanFileError, checked
from wsoa.documents.importers.mapping import ColumnMap
from wsoa.documents.importers.registry import importer_for
from wsoa.documents.interchange.writing import write_plan
from wsoa.kpi.plansetup import set_up_plan_scorecard
from wsoa.plans.models import Plan

__all__ = [
    "ImportResult",
    "PlanFileError",
    "import_plan",
    "read_plan",
    "read_plan_file",
    "read_plan_path",
]


@dataclass
class ImportResult:
    plan: Plan
    summary: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_plan(name: str, content: bytes, column_map: ColumnMap | None = None) -> PlanDocument:
    """Read a plan file's bytes with the importer of its kind; raise PlanFileError if bad.

    A column map given corrects what the importer proposes each column holds (`mapping.py`).
    """
    return importer_for(name, content).read(name, content, column_map)


def read_plan_path(path: Path, column_map: ColumnMap | None = None) -> PlanDocument:
    """Read the plan in a file with the importer of its kind; raise PlanFileError if bad."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise PlanFileError(f"cannot read {path}: {error.strerror}") from error
    return read_plan(path.name, content, column_map)


def read_plan_file(path: Path) -> tuple[dict[str, Any], list[str]]:
    """Return the plan document in a file and the importer's warnings; raise on a bad file."""
    found = read_plan_path(path)
    return found.data, found.warnings


def import_plan(
    *,
    path: Path,
    area_name: str,
    by: Any = None,
    actor_label: str = "",
    column_map: ColumnMap | None = None,
) -> ImportResult:
    """Read a plan file and write it as one new plan of an area (created if new).

    The area is created in the same transaction as the plan, so a failed import leaves
    no new area behind.
    """
    found = read_plan_path(path, column_map)
    data, warnings = found.data, found.warnings
    with transaction.atomic():
        area, _ = LocalArea.objects.get_or_create(
            slug=slugify(area_name)[:200], defaults={"name": area_name}
        )
        if not data["plan"].get("title"):
            data["plan"]["title"] = f"{area.name} SEND improvement plan"[:500]
        label = actor_label or "wsoa import"
        plan = checked(lambda: write_plan(data, area=area, by=by, actor_label=label))
        scorecard = set_up_plan_scorecard(plan=plan, by=by, actor_label=label)
    return ImportResult(plan, [*summarise(data), f"Scorecard: {scorecard}"], warnings)


def summarise(data: dict[str, Any]) -> list[str]:
    """Describe an imported plan: items per level, and items with no lead or no date."""
    items = list(_walk(data.get("items", [])))
    per_level = Counter(item.get("level") or "Item" for item in items)
    no_lead = [i for i in items if not i.get("leads") and i.get("children") == []]
    no_date = [
        i
        for i in items
        if not any(d.get("end") or d.get("recurrence") for d in i.get("due", []))
        and not i.get("children")
    ]
    lines = [
        f"{len(items)} items: "
        + ", ".join(f"{count} {level}" for level, count in per_level.items())
    ]
    lines.append(
        f"{len(data.get('findings', []))} findings, {len(data.get('people', []))} people, "
        f"{len(data.get('glossary', []))} glossary entries, {len(data.get('boards', []))} boards"
    )
    lines.append(
        f"{len(no_lead)} lowest-level items with no lead; {len(no_date)} with no readable date"
    )
    return lines


def _walk(items: list[dict[str, Any]]) -> Any:
    for item in items:
        yield item
        yield from _walk(item.get("children", []))
