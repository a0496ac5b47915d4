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


def seed_and_back(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The seed as its text reads, and as read back from wsoa's Excel export of it."""
    plan = import_seed(name)
    seed = read_plan(name, (SEEDS / name).read_bytes()).data
    back = ExcelImporter().read("plan.xlsx", ExcelExport(plan).render()).data
    return seed, back


@pytest.mark.parametrize("name", SEED_NAMES)
def test_own_excel_export_of_each_seed_imports_back_to_the_same_items(name):
    seed, back = seed_and_back(name)
    expected = _flat([_item(i) for i in seed["items"]])
    found = _flat([_item(i) for i in back["items"]])
    assert back["levels"] == seed["levels"]
    for want, got in zip(expected, found, strict=False):
        assert got == want, f"\nread back: {got}\nthe seed:  {want}"
    assert len(found) == len(expected)


def test_an_activity_printed_with_its_steps_inside_and_as_step_rows_comes_back_once():
    seed, back = seed_and_back(WORCESTERSHIRE)
    safeguarding = {"seed": seed["items"][0], "back": back["items"][0]}
    found = {k: _flat([_item(v)]) for k, v in safeguarding.items()}
    assert found["back"] == found["seed"]
    activity = next(i for i in safeguarding["back"]["children"][1]["children"])
    assert activity["title"].startswith("1) Review as part of the development")
    assert [step["number"] for step in activity["children"]] == ["1)", "2)"]
