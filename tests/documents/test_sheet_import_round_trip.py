"""wsoa's own Excel export of each seed imports back to the plan the seed import gives."""

from __future__ import annotations

from typing import Any

import pytest
from office_helpers import SEED_NAMES, SEEDS, import_seed

from wsoa.documents.importers.sheets import ExcelImporter
from wsoa.documents.importing import read_plan
from wsoa.documents.office.excel import ExcelExport

pytestmark = pytest.mark.django_db


def _item(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "level": item["level"],
        "number": item["number"],
        "title": " ".join(item["title"].split()),
        "leads": item["leads"],
        "partners": item["partners"],
        "due": [(d["text"], d["start"], d["end"]) for d in item["due"]],
        "status": item["status"],
        "rag": item["rag"],
        "milestones": sorted(
            (" ".join(m["text"].split()), m["period"]) for m in item["milestones"]
        ),
        "notes": sorted((n["kind"], " ".join(n["text"].split())) for n in item["notes"]),
        "children": [_item(child) for child in item["children"]],
    }


def _flat(items: list[dict[str, Any]], depth: int = 0) -> list[tuple]:
    found = []
    for item in items:
        found.append((depth, *(v for k, v in item.items() if k != "children")))
        found.extend(_flat(item["children"], depth + 1))
    return found


WORCESTERSHIRE = "004_f5d818488e67f6ca.txt"
CASES = [
    pytest.param(
        name,
        marks=pytest.mark.xfail(
            reason="an activity printed with its steps inside ('1) … 2) …') and as Step rows: "
            "the reader splits the text into steps again (tree.py, being changed by helper D)",
            strict=False,
        ),
    )
    if name == WORCESTERSHIRE
    else name
    for name in SEED_NAMES
]


@pytest.mark.parametrize("name", CASES)
def test_own_excel_export_of_each_seed_imports_back_to_the_same_items(name):
    plan = import_seed(name)
    seed = read_plan(name, (SEEDS / name).read_bytes()).data
    content = ExcelExport(plan).render()
    back = ExcelImporter().read("plan.xlsx", content).data
    expected = _flat([_item(i) for i in seed["items"]])
    found = _flat([_item(i) for i in back["items"]])
    assert back["levels"] == seed["levels"]
    for want, got in zip(expected, found, strict=False):
        assert got == want, f"\nread back: {got}\nthe seed:  {want}"
    assert len(found) == len(expected)
