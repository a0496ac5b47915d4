"""Damaged, hostile and cut-short files: a clear refusal or a warning, never a traceback."""

from __future__ import annotations

import json
import random
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from wsoa.core.models import AuditEvent, LocalArea
from wsoa.documents.importers.plantext import PlanFileError, parse_plan_text
from wsoa.documents.importing import import_plan
from wsoa.documents.interchange import writing
from wsoa.documents.models import SourceColumns
from wsoa.plans.models import Item, Plan

SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"
ALL_SEEDS = sorted(p.name for p in SEEDS.glob("*.txt"))
DURHAM = "002_42220b0dc9254f8f.txt"
EARLY = "seems to end early"


def run_import(path: Path, area: str = "Testshire") -> str:
    out = StringIO()
    call_command("import", str(path), area=area, stdout=out)
    return out.getvalue()


def nothing_written(area: str = "Testshire") -> bool:
    return (
        not Plan.objects.exists()
        and not Item.objects.exists()
        and not AuditEvent.objects.exists()
        and not LocalArea.objects.filter(name=area).exists()
    )


def durham_lines() -> list[str]:
    return (SEEDS / DURHAM).read_text().split("\n")


def shuffled(lines: list[str], seed: int) -> list[str]:
    copy = list(lines)
    random.Random(seed).shuffle(copy)
    return copy


# --- damaged copies of the Durham plan ------------------------------------------------

DAMAGED_DURHAM = {
    "lines shuffled": lambda lines: shuffled(lines, 0),
    "lines shuffled again": lambda lines: shuffled(lines, 3),
    "every other line deleted": lambda lines: lines[::2],
    "the other lines deleted": lambda lines: lines[1::2],
    "lines reversed": lambda lines: lines[::-1],
    "first half deleted": lambda lines: lines[len(lines) // 2 :],
}


@pytest.mark.django_db
@pytest.mark.parametrize("damage", DAMAGED_DURHAM)
def test_damaged_durham_imports_what_it_can_without_a_traceback(tmp_path, damage):
    path = tmp_path / "durham.txt"
    path.write_text("\n".join(DAMAGED_DURHAM[damage](durham_lines())))
    output = run_import(path).strip().splitlines()
    plan = Plan.objects.get()
    assert output[-1] == str(plan.pk)
    assert plan.items.exists()


def test_a_heading_for_a_later_area_with_no_text_for_an_earlier_one_is_a_warning():
    text = "\n".join(
        [
            "SEND Written Statement of Action",
            "",
            "WSOA Area TWO: Joint commissioning is underdeveloped",
            "",
            "ACTIONS\tKey Tasks\tKey Task Lead\tTimescales",
            "2.1 Agree a joint commissioning strategy\t1. Draft it\tSaCa\tJune 2018",
        ]
    )
    parsed = parse_plan_text(text)
    assert [f["code"] for f in parsed.data["findings"]] == ["Area TWO"]
    assert any("Area ONE" in str(w) for w in parsed.warnings)


# --- JSON that does not match the format's types ---------------------------------------


def plan_json(items: list[Any], **extra: Any) -> str:
    return json.dumps(
        {"format": "wsoa-plan", "version": 1, "plan": {"title": "A plan"}, "items": items, **extra}
    )


def nested_items(depth: int) -> str:
    """Items nested `depth` deep through their children, written without recursion."""
    opening = '{"title": "a", "children": [' * depth
    return (
        '{"format": "wsoa-plan", "version": 1, "plan": {"title": "A plan"}, "items": ['
        + opening
        + '{"title": "leaf"}'
        + "]}" * depth
        + "]}"
    )


BAD_JSON = {
    "items nested thousands deep": (nested_items(5000), "nested too deeply"),
    "items nested past the limit": (
        nested_items(21),
        "items[0]" + ".children[0]" * 19 + ".children: items are nested more than 20 levels deep",
    ),
    "a number that is an object": (
        plan_json([{"title": "a", "number": {"n": 1}}]),
        "items[0].number: must be text, not an object",
    ),
    "a milestone with null text": (
        plan_json([{"title": "a", "milestones": [{"text": None}]}]),
        "items[0].milestones[0].text: must be text, not null",
    ),
    "a link with no text": (
        plan_json([{"title": "a", "links": [{"target": "1.1"}]}]),
        "items[0].links[0].text: missing",
    ),
    "a link that is not an object": (
        plan_json([{"title": "a", "links": ["see 1.2"]}]),
        "items[0].links[0]: must be an object, not text",
    ),
    "leads that are null": (
        plan_json([{"title": "a", "leads": None}]),
        "items[0].leads: must be a list, not null",
    ),
    "a negative source line": (
        plan_json([{"title": "a", "source_line": -4}]),
        "items[0].source_line: must be a whole number from 0",
    ),
    "text with a NUL character": (
        plan_json([{"title": "a\u0000b"}]),
        "items[0].title: contains a NUL character",
    ),
    "a number longer than the field": (
        plan_json([{"title": "a", "number": "1" * 51}]),
        "items[0].number: longer than 50 characters",
    ),
    "a glossary entry with no term": (
        plan_json([{"title": "a"}], glossary=[{"expansion": "x"}]),
        "glossary[0].term: missing",
    ),
    "a board member that is a number": (
        plan_json([{"title": "a"}], boards=[{"name": "Board", "members": [3]}]),
        "boards[0].members[0]: must be text, not a number",
    ),
    "a huge integer": ('{"format": "wsoa-plan", "version": ' + "9" * 5000 + "}", "not valid JSON"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_JSON)
def test_json_of_the_wrong_types_is_refused_naming_the_path_and_writes_nothing(tmp_path, case):
    content, message = BAD_JSON[case]
    path = tmp_path / "plan.json"
    path.write_text(content)
    with pytest.raises(CommandError, match="Nothing was imported") as error:
        run_import(path)
    assert message in str(error.value)
    assert nothing_written()


@pytest.mark.django_db
def test_only_the_documented_keys_of_a_column_are_stored(tmp_path):
    path = tmp_path / "plan.json"
    column = {"role": "lead", "level": "", "heading": "By whom?", "note": "\u0000\ud800"}
    path.write_text(plan_json([{"title": "a"}], columns=[column]))
    run_import(path)
    stored = SourceColumns.objects.get().columns
    assert stored == [{"role": "lead", "level": "", "heading": "By whom?"}]


@pytest.mark.django_db
def test_items_nested_twenty_levels_deep_import(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(nested_items(19))
    run_import(path)
    assert Item.objects.order_by("-depth").first().depth == 19


def test_a_line_with_many_non_breaking_spaces_is_text_not_binary():
    text = (
        "SEND Action Plan\n\nObjective\tActions\tBy whom?\tBy when?\n"
        "1.1\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0Agree\u00a0the\u00a0pathway\tLA\tMay 2017\n"
    )
    data = parse_plan_text(text).data
    assert data["items"][0]["title"] == "Agree the pathway"


# --- a failed import leaves no new area behind ------------------------------------------


@pytest.mark.django_db
def test_a_refused_file_leaves_no_new_area_behind(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(plan_json([{"title": "a", "milestones": [{"text": None}]}]))
    with pytest.raises(CommandError):
        run_import(path, area="Newshire")
    assert not LocalArea.objects.filter(name="Newshire").exists()


IMPORTS = {
    "the command": lambda path, area: run_import(path, area=area),
    "the function": lambda path, area: import_plan(path=path, area_name=area),
}


@pytest.mark.django_db
@pytest.mark.parametrize("way", IMPORTS)
def test_an_import_that_fails_while_writing_rolls_back_its_new_area(monkeypatch, way):
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(writing, "record_event", broken)
    with pytest.raises(RuntimeError):
        IMPORTS[way](SEEDS / ALL_SEEDS[0], "Newshire")
    assert not LocalArea.objects.filter(name="Newshire").exists()
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_a_failed_import_into_an_existing_area_keeps_the_area(monkeypatch):
    LocalArea.objects.create(name="Hartlepool", slug="hartlepool")
    monkeypatch.setattr(writing, "record_event", lambda **kwargs: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        import_plan(path=SEEDS / ALL_SEEDS[0], area_name="Hartlepool")
    assert LocalArea.objects.filter(name="Hartlepool").exists()


# --- long single lines --------------------------------------------------------------------

LONG_LINES = {
    "one long word": "a" * 60_000,
    "capital letters": "A" * 60_000,
    "digits": "1" * 60_000,
    "unclosed angle brackets": "<" * 60_000,
    "unclosed paragraph tags": "<p" * 30_000,
    "unusual spaces": "x" + "\u2003" * 60_000 + "x",
    "dashes between words": "a - " * 15_000,
    "commas": "Lead: a," * 8_000,
}


@pytest.mark.parametrize("shape", LONG_LINES)
def test_a_single_long_line_is_read_through_to_a_clear_refusal(shape):
    with pytest.raises(PlanFileError, match="no plan items found"):
        parse_plan_text(LONG_LINES[shape])


def test_a_plan_run_together_on_one_line_still_yields_its_period_and_inspection():
    line = "SEND Action Plan March 2017 to March 2018. " + "Some words without a full stop " * 3000
    line += ". This follows the inspection of the local area in October 2016."
    table = "\nObjective\tActions\tBy whom?\tBy when?\n1.1 Do it\tLA\tMay 2017\n"
    data = parse_plan_text(line + table).data
    assert data["plan"]["period"]["text"] == "March 2017 to March 2018"
    assert data["plan"]["inspection"] == (
        "This follows the inspection of the local area in October 2016."
    )


PLAN_TABLE = "\n\nObjective\tActions\tBy whom?\tBy when?\n1.1 Do it\tLA\tMay 2017\n"


def test_a_long_line_naming_the_board_over_and_over_is_read_through():
    board = "SEND Action Plan\n\nMembership of the SEND Board\nName\tOrganisation\tRole\n"
    text = board + "Jo Lee\tLA\tChair\n\n" + "Board meets " * 20_000 + PLAN_TABLE
    data = parse_plan_text(text).data
    assert [(b["name"], b["members"]) for b in data["boards"]] == [("SEND Board", ["Jo Lee"])]


def test_a_long_hyphenated_run_in_a_key_to_postholders_is_not_a_name():
    key = "SEND Action Plan\n\nKey to postholders\nJL\tJo Lee\tChair\n"
    text = key + "AB\tAa" + "-A" * 3_000 + "!\tRole\n" + PLAN_TABLE
    data = parse_plan_text(text).data
    assert [p["short_code"] for p in data["people"]] == ["JL"]


# --- files that end early ------------------------------------------------------------------


def cut(name: str, percent: int) -> str:
    text = (SEEDS / name).read_text()
    return text[: len(text) * percent // 100]


@pytest.mark.parametrize("percent", [10, 50, 90])
@pytest.mark.parametrize("name", ALL_SEEDS)
def test_a_seed_cut_short_says_the_file_seems_to_end_early(name, percent):
    try:
        parsed = parse_plan_text(cut(name, percent))
    except PlanFileError as error:
        assert EARLY in str(error)
    else:
        assert any(EARLY in str(w) for w in parsed.warnings), parsed.warnings


CUT_HEADING = (
    "line {}: '{}' repeats the end of the heading of Area {} (a page heading the export cut "
    "off); left out"
)
SLOWLY = "ms being implemented too slowly."
RIGOUR = "has been a lack of rigorous quality assurance and monitoring to inform decision-making."
FULL_SEED_WARNINGS = {
    "000_56886334a7fafb51.txt": [],
    "001_ae72a16c3b6432fd.txt": [
        "line 57: unnumbered text in the 'Actions' column read as a milestone of 2.2.5 "
        "(Aug-19): 'Identify key personnel to be involved in the SEN portal deve'; check the "
        "milestone and its period",
        "line 60: unnumbered text in the 'Actions' column read as a milestone of 2.2.7 "
        "(Aug-19): 'Multi-Agency training on statutory requirements in Annual Re'; check the "
        "milestone and its period",
    ],
    "002_42220b0dc9254f8f.txt": [
        CUT_HEADING.format(172, SLOWLY, "ONE"),
        CUT_HEADING.format(186, SLOWLY, "ONE"),
        CUT_HEADING.format(205, SLOWLY, "ONE"),
        "line 237: table garbled into running text: items 2.3, 2.4 created from their "
        "numbers; their columns could not be separated",
        CUT_HEADING.format(241, RIGOUR, "TWO"),
        "line 218: no heading printed for Area THREE: section made from the finding",
    ],
    "003_b9ec3471d1f06a02.txt": [],
    "004_f5d818488e67f6ca.txt": [
        "line 624: a second activity numbered 3.5.3 (the first is at line 620, 'Explore ways "
        "in which the alignment of C'): both kept; check which is meant"
    ],
}


@pytest.mark.parametrize("name", ALL_SEEDS)
def test_a_whole_seed_gets_no_new_warnings(name):
    parsed = parse_plan_text((SEEDS / name).read_text())
    assert [str(w) for w in parsed.warnings] == FULL_SEED_WARNINGS[name]


@pytest.mark.django_db
def test_the_import_command_prints_the_early_end_of_a_cut_plan(tmp_path):
    path = tmp_path / "worcestershire.txt"
    path.write_text(cut("004_f5d818488e67f6ca.txt", 10))
    output = run_import(path)
    assert f"warning: line 226: the file {EARLY}" in output


@pytest.mark.django_db
def test_a_plan_cut_before_its_first_table_is_refused_saying_it_ends_early(tmp_path):
    path = tmp_path / "hartlepool.txt"
    path.write_text(cut("000_56886334a7fafb51.txt", 10))
    with pytest.raises(CommandError, match=EARLY):
        run_import(path)
    assert nothing_written()
