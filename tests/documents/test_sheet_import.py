"""Excel workbooks and CSV files: a row per item, read by the plan-text reader."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import Workbook

from wsoa.documents.importers.base import PlanFileError
from wsoa.documents.importers.mapping import ColumnMap
from wsoa.documents.importers.registry import importer_for
from wsoa.documents.importers.sheets import CsvImporter, ExcelImporter
from wsoa.documents.importing import read_plan

HEADINGS = ["Ref", "Objective", "Action", "Lead", "Due date", "RAG"]


def _saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _book(*rows: list[Any], title: str = "Tracker") -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    return book


def _walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for item in items:
        found += [item, *_walk(item["children"])]
    return found


def _outline(items: list[dict[str, Any]], depth: int = 0) -> list[tuple[int, str, str, str]]:
    found = []
    for item in items:
        found.append((depth, item["level"], item["number"], item["title"]))
        found += _outline(item["children"], depth + 1)
    return found


TRACKER = [
    ["1", "Improve the local offer", None, "JB", None, None],
    ["1.1", None, "Rewrite the pages", "JB", dt.datetime(2027, 3, 31), "Green"],
    ["1.2", None, "Test them with parents", "AK", dt.datetime(2027, 5, 31), "Amber"],
    ["2", "Faster EHC plans", None, "CD", None, None],
    ["2.1", None, "Hire case workers", "CD", dt.datetime(2027, 6, 30), "Red"],
]


def test_a_header_below_a_title_block_is_found_and_the_title_block_is_the_front():
    book = _book(["Anytown SEND improvement plan"], ["Updated monthly"], [], HEADINGS, *TRACKER)
    found = ExcelImporter().read("tracker.xlsx", _saved(book))
    assert found.data["plan"]["title"] == "Anytown SEND improvement plan"
    assert found.data["levels"] == ["Objective", "Action"]
    assert _outline(found.data["items"]) == [
        (0, "Objective", "1", "Improve the local offer"),
        (1, "Action", "1.1", "Rewrite the pages"),
        (1, "Action", "1.2", "Test them with parents"),
        (0, "Objective", "2", "Faster EHC plans"),
        (1, "Action", "2.1", "Hire case workers"),
    ]
    action = found.data["items"][0]["children"][0]
    assert action["leads"] == ["JB"]
    assert action["due"][0]["text"] == "2027-03-31"  # a date cell, as an ISO date
    assert (action["status"], action["rag"]) == ("Green", "green")
    assert found.warnings == []
    assert found.column_map is not None
    assert [c.heading for c in found.column_map.columns] == HEADINGS
    assert found.column_map.find("Lead").places == ["sheet Tracker, row 4"]  # type: ignore[union-attr]


def test_a_workbook_with_a_sheet_per_workstream_makes_each_sheet_a_top_level_item():
    book = _book(["Ref", "Action", "Lead"], ["1.1", "Rewrite the pages", "JB"], title="Local offer")
    second = book.create_sheet("EHC plans")
    for row in (["Ref", "Action", "Lead"], ["2.1", "Hire case workers", "CD"]):
        second.append(row)
    found = ExcelImporter().read("tracker.xlsx", _saved(book))
    assert _outline(found.data["items"]) == [
        (0, "Workstream", "", "Local offer"),
        (1, "Action", "1.1", "Rewrite the pages"),
        (0, "Workstream", "", "EHC plans"),
        (1, "Action", "2.1", "Hire case workers"),
    ]
    assert found.data["items"][1]["children"][0]["leads"] == ["CD"]


def test_a_lead_merged_down_several_rows_is_each_row_s_and_a_merged_title_is_read_once():
    book = _book(
        ["Ref", "Objective", "Action", "Lead", "Notes", None],
        ["1", "Improve the local offer", None, None, "A note across two cells", None],
        ["1.1", None, "Rewrite the pages", "JB", None, None],
        ["1.2", None, "Test them with parents", None, None, None],
    )
    sheet = book.active
    assert sheet is not None
    sheet.merge_cells("D3:D4")  # the lead of both actions
    sheet.merge_cells("E2:F2")  # one note across two columns
    found = ExcelImporter().read("tracker.xlsx", _saved(book))
    objective = found.data["items"][0]
    assert [a["leads"] for a in objective["children"]] == [["JB"], ["JB"]]
    assert [n["text"] for n in objective["notes"]] == ["A note across two cells"]


def test_hidden_rows_and_columns_are_not_read_and_are_warned_of_by_sheet_and_place():
    book = _book(
        ["Ref", "Action", "Lead", "Secret"],
        ["1.1", "Rewrite the pages", "JB", "x"],
        ["1.2", "Withdrawn action", "AK", "y"],
        ["1.3", "Publish them", "CD", "z"],
    )
    sheet = book.active
    assert sheet is not None
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["D"].hidden = True
    found = ExcelImporter().read("tracker.xlsx", _saved(book))
    assert [i["title"] for i in _walk(found.data["items"])] == ["Rewrite the pages", "Publish them"]
    assert not any(n["heading"] == "Secret" for i in _walk(found.data["items"]) for n in i["notes"])
    assert found.warnings == [
        "sheet Tracker: hidden rows 3 were not read; unhide them in Excel if they belong to "
        "the plan",
        "sheet Tracker: hidden columns D were not read; unhide them in Excel if they belong to the "
        "plan",
    ]


def test_a_hidden_sheet_is_not_read_and_is_warned_of():
    book = _book(["Ref", "Action", "Lead"], ["1.1", "Rewrite the pages", "JB"])
    hidden = book.create_sheet("Old actions")
    hidden.append(["Ref", "Action", "Lead"])
    hidden.append(["9.1", "Something dropped", "ZZ"])
    hidden.sheet_state = "hidden"
    found = ExcelImporter().read("tracker.xlsx", _saved(book))
    assert [i["title"] for i in _walk(found.data["items"])] == ["Rewrite the pages"]
    assert found.warnings[0].startswith("sheet Old actions: the sheet is hidden and was not read")


def test_a_level_column_sets_each_row_s_level_and_the_tree_follows_it():
    book = _book(
        ["Level", "Text", "Lead"],
        ["Priority", "Improve the local offer", "JB"],
        ["Action", "Rewrite the pages", "JB"],
        ["Task", "Draft the words", "AK"],
        ["Action", "Test them with parents", "AK"],
        ["Priority", "Faster EHC plans", "CD"],
    )
    column_map = ColumnMap.from_json(
        {
            "format": "wsoa-column-map",
            "version": 1,
            "columns": [{"heading": "Text", "role": "title"}],
        }
    )
    found = ExcelImporter().read("tracker.xlsx", _saved(book), column_map)
    assert _outline(found.data["items"]) == [
        (0, "Priority", "", "Improve the local offer"),
        (1, "Action", "", "Rewrite the pages"),
        (2, "Task", "", "Draft the words"),
        (1, "Action", "", "Test them with parents"),
        (0, "Priority", "", "Faster EHC plans"),
    ]
    assert found.data["levels"] == ["Priority", "Action", "Task"]


def _generated(rows: int) -> Workbook:
    book = _book(["Anytown SEND tracker"], [], ["Ref", "Objective", "Action", "Lead", "Due", "RAG"])
    sheet = book.active
    assert sheet is not None
    rags = ["Green", "Amber", "Red", "Blue"]
    for n in range(rows):
        area, action = divmod(n, 5)
        if action == 0:
            sheet.append([str(area + 1), f"Objective {area + 1} text", None, None, None, None])
        sheet.append(
            [
                f"{area + 1}.{action + 1}",
                None,
                f"Action {n + 1} text",
                "AB" if n % 2 else "Jo Bloggs",
                dt.date(2027, 1 + n % 12, 1),
                rags[n % 4],
            ]
        )
    return book


def test_a_generated_ten_row_tracker_reads_every_row():
    found = ExcelImporter().read("tracker.xlsx", _saved(_generated(10)))
    actions = [i for i in _walk(found.data["items"]) if i["level"] == "Action"]
    assert [a["number"] for a in actions] == [f"{a}.{b}" for a in (1, 2) for b in range(1, 6)]
    assert [a["leads"][0] for a in actions[:2]] == ["Jo Bloggs", "AB"]
    assert [a["rag"] for a in actions[:4]] == ["green", "amber", "red", "blue"]
    assert actions[9]["due"][0]["text"] == "2027-10-01"
    assert found.data["plan"]["title"] == "Anytown SEND tracker"


def test_a_csv_file_in_windows_1252_is_read():
    text = (
        "Ref,Action,Lead,By when\r\n"
        '1.1,"Review the café’s offer – £5,000 budget",Zoë Smith,March 2027\r\n'
        "1.2,Publish the results,JB,June 2027\r\n"
    )
    found = CsvImporter().read("tracker.csv", text.encode("cp1252"))
    first, second = _walk(found.data["items"])
    assert first["title"] == "Review the café’s offer – £5,000 budget"
    assert first["leads"] == ["Zoë Smith"]
    assert first["due"][0]["end"] == dt.date(2027, 3, 31)
    assert (second["number"], second["leads"]) == ("1.2", ["JB"])


def test_a_csv_file_in_utf_8_is_read_and_goes_to_the_csv_importer():
    content = "Ref,Action,Lead\n1.1,Zoë’s action,ZS\n".encode()
    assert isinstance(importer_for("tracker.csv", content), CsvImporter)
    assert read_plan("tracker.csv", content).data["items"][0]["title"] == "Zoë’s action"


def test_warnings_name_the_sheet_and_row():
    book = _book(
        ["Ref", "Action", "Lead"], [None, None, "Jo Bloggs"], ["1.1", "Rewrite the pages", "AK"]
    )
    found = ExcelImporter().read("tracker.xlsx", _saved(book))
    assert found.warnings == ["sheet Tracker, row 2: row not placed under any item: Jo Bloggs"]


def test_a_macro_workbook_is_refused_with_what_to_do():
    content = _saved(_book(HEADINGS, *TRACKER))
    with pytest.raises(PlanFileError, match=r"save it as an Excel Workbook \(\.xlsx\) without"):
        ExcelImporter().read("tracker.xlsm", content)


def test_a_file_that_is_not_a_workbook_is_refused_clearly():
    with pytest.raises(PlanFileError, match="Excel"):
        ExcelImporter().read("tracker.xlsx", b"PK\x03\x04 not really a zip")


def test_a_sheet_with_no_header_row_gives_no_items_and_says_so():
    book = _book(["Just some notes"], ["Nothing like a table here"])
    with pytest.raises(PlanFileError, match="no plan items found"):
        ExcelImporter().read("notes.xlsx", _saved(book))


def test_rows_of_a_one_level_sheet_stay_items_even_when_they_start_in_lower_case():
    book = _book(
        ["Action", "Lead"],
        ["Rewrite the pages", "Jo Bloggs"],
        ["e-learning for staff", "Ann Khan"],
        ["(new) parent forum", "CD"],
    )
    found = ExcelImporter().read("tracker.xlsx", _saved(book))
    assert [(i["title"], i["leads"]) for i in found.data["items"]] == [
        ("Rewrite the pages", ["Jo Bloggs"]),
        ("e-learning for staff", ["Ann Khan"]),
        ("(new) parent forum", ["CD"]),
    ]


def test_more_than_99_top_level_items_keep_their_items_under_them_and_say_so():
    rows: list[list[Any]] = []
    for n in range(1, 102):
        rows += [[f"Objective {n}", None, "Jo Bloggs"], [None, f"Action under {n}", "Ann Khan"]]
    found = ExcelImporter().read(
        "tracker.xlsx", _saved(_book(["Objective", "Action", "Lead"], *rows))
    )
    assert len(found.data["items"]) == 101
    last = found.data["items"][-1]
    assert (last["title"], last["leads"]) == ("Objective 101", ["Jo Bloggs"])
    assert [(c["level"], c["title"]) for c in last["children"]] == [("Action", "Action under 101")]
    assert found.data["items"][98]["children"][0]["title"] == "Action under 99"
    assert any("more than 99 top-level items" in w for w in found.warnings)
