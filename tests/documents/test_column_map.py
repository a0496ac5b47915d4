"""The column map: what the plan-text reader proposes each heading's column holds, and a map
a person corrected changing how the plan is read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wsoa.documents.importers.mapping import ColumnMap, MappedColumn, MappingError
from wsoa.documents.importers.plantext import parse_plan_text
from wsoa.documents.importers.plantext.tables import heading_date

SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"
HARTLEPOOL = "000_56886334a7fafb51.txt"


def _parse(name: str, column_map: ColumnMap | None = None):
    return parse_plan_text((SEEDS / name).read_text(), source_name=name, column_map=column_map)


def _walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for item in items:
        found += [item, *_walk(item["children"])]
    return found


def _map(*columns: dict[str, Any], levels: list[str] | None = None) -> ColumnMap:
    return ColumnMap.from_json(
        {
            "format": "wsoa-column-map",
            "version": 1,
            "columns": list(columns),
            "levels": levels or [],
        }
    )


@pytest.mark.parametrize(
    ("name", "heading", "role", "level"),
    [
        (HARTLEPOOL, "By whom?", "lead", ""),
        (HARTLEPOOL, "By when?", "due", ""),
        (HARTLEPOOL, "Objective", "title", "Objective"),
        (HARTLEPOOL, "Intended outcomes", "intended_outcome", ""),
        ("001_ae72a16c3b6432fd.txt", "Responsible Person(s)/ Post", "lead", ""),
        ("001_ae72a16c3b6432fd.txt", "Actions", "title", "Action"),
        ("001_ae72a16c3b6432fd.txt", "Milestones", "milestones", ""),
        ("002_42220b0dc9254f8f.txt", "Key Task Lead Who's doing it?", "lead", ""),
        ("002_42220b0dc9254f8f.txt", "Timescales By when?", "due", ""),
        ("003_b9ec3471d1f06a02.txt", "AGREED ACTION 2017 - 18", "title", "Action"),
        ("003_b9ec3471d1f06a02.txt", "RAG", "status", ""),
        ("004_f5d818488e67f6ca.txt", "Timeframe", "due", ""),
        ("004_f5d818488e67f6ca.txt", "Partners", "partners", ""),
        ("004_f5d818488e67f6ca.txt", "Progress checks", "status", ""),
    ],
)
def test_the_proposed_map_of_each_seed_names_what_its_headings_hold(name, heading, role, level):
    column_map = _parse(name).column_map
    assert column_map is not None
    entry = column_map.find(heading)
    assert entry is not None, [c.heading for c in column_map.columns]
    assert (entry.role, entry.level, entry.proposed) == (role, level, True)
    assert entry.places and entry.places[0].startswith("line ")


def test_the_proposed_map_keeps_where_a_heading_stands_sample_values_and_the_levels():
    column_map = _parse(HARTLEPOOL).column_map
    assert column_map is not None
    lead = column_map.find("By whom?")
    assert lead is not None
    assert lead.samples[:2] == ["Workstream 1", "Workstream 1"]
    assert len(lead.places) == 3
    assert column_map.levels == ["Objective", "Action"]


def test_a_date_in_a_heading_is_kept_as_printed_and_in_the_map_as_an_iso_date():
    assert heading_date("SUCCESS MEASURES By April 1st 2018") == "April 1st 2018"
    assert heading_date("Milestones Aug-19") == "Aug-19"
    assert heading_date("By when?") == ""
    assert heading_date("Actions") == ""
    column_map = _parse("003_b9ec3471d1f06a02.txt").column_map
    assert column_map is not None
    measures = column_map.find("SUCCESS MEASURES By April 1st 2018")
    assert measures is not None and measures.date == "2018-04-01"


def test_a_map_making_a_column_not_used_takes_the_dates_out_of_it():
    before = _walk(_parse(HARTLEPOOL).data["items"])
    assert any(item["due"] for item in before)
    parsed = _parse(HARTLEPOOL, _map({"heading": "By when?", "role": "other"}))
    after = _walk(parsed.data["items"])
    assert not any(item["due"] for item in after)
    assert any(note["heading"] == "By when?" for item in after for note in item["notes"])
    entry = parsed.column_map.find("By when?") if parsed.column_map else None
    assert entry is not None and (entry.role, entry.proposed) == ("other", False)


def test_a_map_moving_a_column_to_another_role_changes_the_notes_it_gives():
    parsed = _parse(HARTLEPOOL, _map({"heading": "Intended outcomes", "role": "success_measure"}))
    kinds = {note["kind"] for item in _walk(parsed.data["items"]) for note in item["notes"]}
    assert "success_measure" in kinds and "intended_outcome" not in kinds


def test_a_map_renames_the_levels_by_depth_and_an_empty_name_keeps_the_proposed_one():
    parsed = _parse(HARTLEPOOL, _map(levels=["Priority", ""]))
    assert parsed.data["levels"] == ["Priority", "Action"]
    assert {item["level"] for item in parsed.data["items"]} == {"Priority"}
    assert parsed.column_map is not None and parsed.column_map.levels == ["Priority", "Action"]


UNKNOWN_HEADINGS = "A plan\n\nThing\tWho\tWhen\n1.1 Do the first thing\tAB\tMarch 2027\n"


def test_a_header_in_words_the_reader_does_not_know_is_read_when_the_map_names_its_cells():
    with pytest.raises(ValueError, match="no plan items found"):
        parse_plan_text(UNKNOWN_HEADINGS)
    column_map = _map(
        {"heading": "Thing", "role": "title", "level": "Action"},
        {"heading": "Who", "role": "lead"},
    )
    item = parse_plan_text(UNKNOWN_HEADINGS, column_map=column_map).data["items"][0]
    assert (item["level"], item["number"], item["title"]) == ("Action", "1.1", "Do the first thing")
    assert item["leads"] == ["AB"]
    assert item["due"][0]["text"] == "March 2027"


HINTED = (
    "Ref\tAction\tPerson\tComplete by\tCurrent\n"
    "1.1\tWrite the pages\tJB\tMarch 2027\tGreen\n"
    "1.2\tTest the pages\tAK / JB\tJune 2027\tAmber\n"
    "1.3\tPublish the pages\tCD\tSeptember 2027\tRed\n"
)


def test_columns_whose_headings_say_little_are_read_from_their_values():
    parsed = parse_plan_text(HINTED)
    column_map = parsed.column_map
    assert column_map is not None
    roles = {c.heading: c.role for c in column_map.columns}
    assert roles["Person"] == "lead"
    assert roles["Complete by"] == "due"
    assert roles["Current"] == "status"
    items = _walk(parsed.data["items"])
    assert [i["leads"] for i in items] == [["JB"], ["AK / JB"], ["CD"]]
    assert items[0]["due"][0]["end"].isoformat() == "2027-03-31"
    assert [i["rag"] for i in items] == ["green", "amber", "red"]


def test_a_person_s_map_wins_over_a_hint_from_the_values():
    parsed = parse_plan_text(HINTED, column_map=_map({"heading": "Current", "role": "note"}))
    assert [i["status"] for i in _walk(parsed.data["items"])] == ["", "", ""]


def test_warnings_name_the_place_the_line_was_laid_out_from():
    text = "Action\tLead\n1.1 Do it\tAB\n" + "word " * 150 + "\n"
    places = {1: "table 1, row 1", 2: "table 1, row 2", 3: "page 2"}
    warnings = [str(w) for w in parse_plan_text(text, places=places).warnings]
    assert any(w.startswith("page 2: ") for w in warnings), warnings
    plain = [str(w) for w in parse_plan_text(text).warnings]
    assert any(w.startswith("line 3: ") for w in plain), plain


def test_the_map_goes_to_json_and_back_unchanged():
    column_map = ColumnMap(
        [
            MappedColumn("By whom?", "lead"),
            MappedColumn("Milestones Aug-19", "milestones", date="2019-08-31"),
            MappedColumn("Actions", "title", "Action"),
        ],
        ["Area", "Action"],
    )
    text = json.dumps(column_map.to_json())
    back = ColumnMap.from_json(json.loads(text))
    assert back.to_json() == column_map.to_json()
    assert all(not c.proposed for c in back.columns)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "this is not a column map"),
        ({"format": "something"}, "this is not a column map"),
        ({"format": "wsoa-column-map", "version": 2, "columns": []}, "version 2 is not 1"),
        ({"format": "wsoa-column-map", "version": 1}, "has no list of columns"),
        ({"format": "wsoa-column-map", "version": 1, "columns": ["x"]}, "entry 1 is not an object"),
        (
            {"format": "wsoa-column-map", "version": 1, "columns": [{"role": "lead"}]},
            "entry 1 has no heading",
        ),
        (
            {
                "format": "wsoa-column-map",
                "version": 1,
                "columns": [{"heading": "Lead", "role": "lead"}, {"heading": "X", "role": "boss"}],
            },
            "entry 2 \\(“X”\\): role 'boss' is not one of",
        ),
        (
            {
                "format": "wsoa-column-map",
                "version": 1,
                "columns": [{"heading": "Lead", "role": "title", "level": 3}],
            },
            "level must be text",
        ),
        (
            {
                "format": "wsoa-column-map",
                "version": 1,
                "columns": [{"heading": "Due", "role": "due", "date": "31/08/2019"}],
            },
            "is not YYYY-MM-DD",
        ),
        (
            {"format": "wsoa-column-map", "version": 1, "columns": [], "levels": "Area"},
            "levels must be a list of names",
        ),
    ],
)
def test_each_fault_in_a_map_is_refused_naming_the_entry(data, message):
    with pytest.raises(MappingError, match=message):
        ColumnMap.from_json(data)
