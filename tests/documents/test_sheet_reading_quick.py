"""The quick readings of a large tracker give what the full readings gave."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Border, Side

from wsoa.documents.importers.mapping import ColumnMap, MappedColumn
from wsoa.documents.importers.plantext import tables as t
from wsoa.documents.importers.plantext.cells import cell_pieces, cell_text
from wsoa.documents.importers.plantext.document import Line
from wsoa.documents.importers.sheets import grid


def _saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _full(content: bytes) -> list[grid.Sheet]:
    book = load_workbook(io.BytesIO(content), data_only=True)
    return [grid._sheet(sheet) for sheet in book.worksheets]


def _tracker() -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Anytown tracker"])
    sheet.append(["Ref", "Action", "Lead", "Due", "Done?", "Score"])
    sheet.append(["1.1", "Agree it\nwith parents", "JB", dt.datetime(2027, 3, 31), True, 1.5])
    sheet.append(["1.2", "Publish it", None, dt.date(2027, 4, 30), False, 2.0])
    sheet.append(["1.3", "Review it", None, 45000, None, "=1+1"])
    sheet["D5"].number_format = "d-mmm-yy"
    sheet.merge_cells("A1:F1")
    sheet.merge_cells("C3:C4")
    sheet.merge_cells("H9:I10")  # beyond the cells: the sheet reaches as far as the range
    sheet["C3"].border = Border(top=Side(style="thin"), bottom=Side(style="thin"))
    sheet.row_dimensions[4].hidden = True
    sheet.column_dimensions.group("E", "F", hidden=True)
    hidden = book.create_sheet("Old")
    hidden.append(["Ref", "Action"])
    hidden.sheet_state = "hidden"
    return book


def test_a_tracker_read_from_its_xml_is_what_the_full_reader_gives():
    content = _saved(_tracker())
    assert grid._quick_sheets(content) is not None  # read the quick way
    quick = grid.read_workbook("tracker.xlsx", content)
    assert quick == _full(content)
    first = quick[0]
    assert first.rows[2][:5] == ["1.1", "Agree it<br>with parents", "JB", "2027-03-31", "True"]
    assert first.rows[4][3] == "2023-03-15"  # a number in a date style is a date
    assert first.rows[3][2] == ""  # the lower cell of a merged range is empty
    assert (len(first.rows), len(first.rows[0])) == (10, 9)
    assert first.hidden_rows == {4} and first.hidden_columns == {5, 6}
    assert quick[1].hidden


def test_a_sheet_with_a_link_or_a_comment_is_read_by_the_full_reader():
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Action", "Lead"])
    sheet["B4"].hyperlink = "https://example.org/plan"
    linked = _saved(book)
    sheet["B4"].hyperlink = None
    sheet["E9"].comment = Comment("Check the date", "Jo")
    commented = _saved(book)
    for content in (linked, commented):
        assert grid._quick_sheets(content) is None
        assert grid.read_workbook("tracker.xlsx", content) == _full(content)
    assert grid.read_workbook("tracker.xlsx", linked)[0].rows[3][1] == "https://example.org/plan"
    assert len(grid.read_workbook("tracker.xlsx", commented)[0].rows) == 9


def test_a_header_is_read_again_when_the_map_it_was_read_with_changes():
    line = Line(1, ["Ref", "Action", "Who"])
    given = ColumnMap([MappedColumn("Who", "other", proposed=False)])
    first = t.read_header(line, given)
    assert first is not None and [c.role for c in first.columns][2] == t.OTHER
    given.columns = [MappedColumn("Who", "lead", proposed=False)]
    again = t.read_header(line, given)
    assert again is not None and [c.role for c in again.columns][2] == t.LEAD
    same = ColumnMap([MappedColumn("Who", "lead", proposed=False)])
    assert t.read_header(line, same) is again  # the same entries: read once


def test_a_cell_read_twice_gives_the_same_text_and_a_list_of_its_own():
    short = "<ul><li>Jo Bloggs</li><li>AK</li></ul>"
    long = "<p>" + "word " * 200 + "</p><p>end</p>"
    assert cell_text(short) == cell_text(short) == "Jo Bloggs AK"
    assert cell_text(long).endswith("word end")
    pieces = cell_pieces(short)
    pieces.append("changed")
    assert cell_pieces(short) == ["Jo Bloggs", "AK"]
