"""`wsoa import FILE --area NAME [--mapping MAP.json] [--dry-run] [--json]`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from wsoa.core.models import AuditEvent, LocalArea
from wsoa.plans.models import Item, Plan

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"
HARTLEPOOL = SEEDS / "000_56886334a7fafb51.txt"


def _run(*args: str, **options) -> list[str]:
    out = io.StringIO()
    call_command("import", *args, stdout=out, **options)
    return out.getvalue().splitlines()


def _counts() -> tuple[int, int, int, int]:
    return (
        LocalArea.objects.count(),
        Plan.objects.count(),
        Item.objects.count(),
        AuditEvent.objects.count(),
    )


def _tracker(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["Ref", "Action", "Who", "By when"],
        ["1.1", "Rewrite the pages", "Jo Bloggs", "March 2027"],
        ["1.2", "Test them with parents", "Ann Khan", "June 2027"],
    ):
        sheet.append(row)
    book.save(path)
    return path


def _map_file(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_dry_run_json_prints_the_map_and_the_plan_and_writes_nothing():
    before = _counts()
    lines = _run(str(HARTLEPOOL), area="Hartlepool", dry_run=True, json=True)
    printed = json.loads("\n".join(lines))
    assert _counts() == before
    assert printed["column_map"]["format"] == "wsoa-column-map"
    headings = {c["heading"]: c["role"] for c in printed["column_map"]["columns"]}
    assert headings["By whom?"] == "lead"
    assert printed["plan"]["format"] == "wsoa-plan"
    assert [i["number"] for i in printed["plan"]["items"]] == ["1", "2", "3", "4", "5"]


def test_dry_run_prints_the_map_as_lines_and_the_items_per_level(tmp_path):
    before = _counts()
    lines = _run(str(_tracker(tmp_path / "t.xlsx")), area="Anytown", dry_run=True)
    assert _counts() == before
    assert "  “Action” → Item text (Action) [sheet Sheet, row 1]" in lines
    assert "  “By when” → Due date [sheet Sheet, row 1]" in lines
    assert "2 items: 2 Action" in lines
    assert lines[-1] == "Dry run: nothing was imported."


def test_a_mapping_file_corrects_the_map_and_the_import_writes_the_plan(tmp_path):
    mapping = _map_file(
        tmp_path / "map.json",
        {
            "format": "wsoa-column-map",
            "version": 1,
            "columns": [{"heading": "Who", "role": "partners"}],
            "levels": ["Task"],
        },
    )
    lines = _run(str(_tracker(tmp_path / "t.xlsx")), area="Anytown", mapping=str(mapping))
    plan = Plan.objects.get(pk=int(lines[-1]))
    items = list(Item.objects.filter(plan=plan).order_by("position"))
    assert [i.title for i in items] == ["Rewrite the pages", "Test them with parents"]
    assert [p.text for p in items[0].people.all()] == ["Jo Bloggs"]
    assert [p.part for p in items[0].people.all()] == ["partner"]
    assert [level.name for level in plan.levels.all()] == ["Task"]


def test_the_same_map_printed_by_a_dry_run_can_be_given_back_with_mapping(tmp_path):
    tracker = _tracker(tmp_path / "t.xlsx")
    printed = json.loads("\n".join(_run(str(tracker), area="A", dry_run=True, json=True)))
    mapping = _map_file(tmp_path / "map.json", printed["column_map"])
    again = json.loads(
        "\n".join(_run(str(tracker), area="A", dry_run=True, json=True, mapping=str(mapping)))
    )
    assert again["plan"]["items"] == printed["plan"]["items"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "wsoa-column-map", "version": 1, "columns": [{"heading": "Who"}]}', "role"),
        ("{not json", "the column map is not JSON"),
        ('{"format": "wsoa-plan"}', "this is not a column map"),
    ],
)
def test_a_bad_mapping_file_is_refused_naming_the_file_and_nothing_is_written(
    tmp_path, content, message
):
    mapping = tmp_path / "map.json"
    mapping.write_text(content, encoding="utf-8")
    before = _counts()
    with pytest.raises(CommandError, match=message) as refused:
        _run(str(_tracker(tmp_path / "t.xlsx")), area="Anytown", mapping=str(mapping))
    assert str(mapping) in str(refused.value)
    assert _counts() == before


def test_a_missing_mapping_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="cannot read the column map"):
        _run(str(HARTLEPOOL), area="Hartlepool", mapping=str(tmp_path / "none.json"))
