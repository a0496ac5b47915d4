"""Bad files change nothing and say why; JSON export and re-import lose nothing."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from wsoa.core.models import AuditEvent
from wsoa.documents.interchange.exporting import export_plan
from wsoa.plans.models import Item, Plan

SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"
ALL_SEEDS = sorted(p.name for p in SEEDS.glob("*.txt"))


def run_import(path: Path, area: str = "Testshire") -> str:
    out = StringIO()
    call_command("import", str(path), area=area, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ALL_SEEDS)
def test_import_prints_summary_and_ends_with_the_plan_id(name):
    output = run_import(SEEDS / name).strip().splitlines()
    plan = Plan.objects.get()
    assert output[-1] == str(plan.pk)
    assert output[0].startswith(f"{plan.items.count()} items:")
    assert AuditEvent.objects.filter(object_id=plan.pk, action="plan.imported").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", ALL_SEEDS)
def test_json_export_reimports_losslessly(name, tmp_path):
    run_import(SEEDS / name)
    first = export_plan(Plan.objects.get())
    path = tmp_path / "plan.json"
    call_command("export", str(Plan.objects.get().pk), format="json", output=str(path))
    run_import(path, area="Elsewhere")
    second = export_plan(Plan.objects.order_by("-pk").first())
    assert json.dumps(second, default=str) == json.dumps(first, default=str)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty (0 bytes)."),
        (b"   \n\n  ", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not UTF-8 text"),
        (b"A letter to parents\n\nThank you for coming.\n", "no plan items found"),
        (b'{"format": "wsoa-plan", "version": 1, "plan": {"title": 5}}', "plan.title"),
        (
            b'{"format": "wsoa-plan", "version": 1,\n "plan": {"title": "x"}, "items": [{"title": "a", "due": [{"text": "x", "end": "2018-13-45"}]}]}',  # noqa: E501
            "items[0].due[0].end",
        ),
        (b'{"format": "wsoa-plan", "version": 2, "plan": {}}', "unsupported version"),
        (b'{"format": "wsoa-plan",\n "version": 1,\n "plan": ', "line 3"),
    ],
)
def test_bad_file_is_refused_with_reason_and_writes_nothing(tmp_path, content, message):
    path = tmp_path / "plan.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="Nothing was imported") as error:
        run_import(path)
    assert message in str(error.value)
    assert ".." not in str(error.value)
    assert Plan.objects.count() == 0 and Item.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_export_of_unknown_plan_is_an_error():
    with pytest.raises(CommandError, match="no plan with id 999"):
        call_command("export", "999", format="json")
