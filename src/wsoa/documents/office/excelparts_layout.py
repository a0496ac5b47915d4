"""Make a sheet of the plan workbook print legibly: A4 landscape, fit to the page's width.

openpyxl sizes nothing itself, so each column's width comes from its text (a number or date
column narrow, a column of long text wide, all within what a page can hold), and each row's
height from the lines its longest wrapped cell needs at that width.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

PAGE_WIDTH = 190  # character widths across the sheet: printed at about 80 % on A4 landscape
MAX_WIDTH = 70  # no column wider, however long its text
MIN_WIDTH = 6
LONGEST_WORD = 10  # a word longer than this may wrap, rather than widen its column
FONT = Font(name="Arial", size=10)  # Liberation Sans where LibreOffice prints it
BOLD = Font(name="Arial", size=10, bold=True)
LINE_HEIGHT = 12.75  # points a line of 10-point Arial takes, as Excel spaces it
PER_WIDTH = 1.15  # characters of 10-point Arial text in a width unit (a Calibri 11 digit)
MAX_HEIGHT = 409.0  # the tallest row Excel allows, in points
MARGIN = 0.4  # inches left and right
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
RULE = Side(style="thin", color="808080")


def use_arial(book: Workbook) -> None:
    """Make 10-point Arial the workbook's own font: a column's width is counted in its digits,
    so Excel and LibreOffice (which has no Calibri) then measure widths alike."""
    book._fonts = IndexedList([FONT])  # the default font is the first
    book._named_styles["Normal"].font = FONT


def text_cell(sheet: Worksheet, row: int, column: int, value: str | int) -> None:
    """Write a value that stays as written ("=…" is text, never a formula), wrapped."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    cell.font = FONT


def write_header(sheet: Worksheet, headings: Sequence[str]) -> None:
    """Write the header row: bold on grey, ruled below."""
    for column, heading in enumerate(headings, start=1):
        text_cell(sheet, 1, column, heading)
        cell = sheet.cell(row=1, column=column)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = Border(bottom=RULE)


def widths(columns: Sequence[Sequence[str]], page: int = PAGE_WIDTH) -> list[int]:
    """Each column's width in characters, its heading first: long text gets the room.

    A column takes the width of its longest line when all fit on the page; otherwise each
    column keeps at least the width of its longest word and the rest of the page is shared
    in proportion to the square root of how much text each holds.
    """
    natural = [_natural(texts) for texts in columns]
    if sum(natural) <= page:
        return natural
    floor = [min(n, _longest_word(texts)) for n, texts in zip(natural, columns, strict=True)]
    weight = [math.sqrt(sum(len(t) for t in texts)) or 1.0 for texts in columns]
    found = list(floor)
    fixed = [False] * len(columns)
    for _ in range(len(columns)):
        room = page - sum(w for w, f in zip(found, fixed, strict=True) if f)
        share = sum(w for w, f in zip(weight, fixed, strict=True) if not f) or 1.0
        changed = False
        for index, (low, high) in enumerate(zip(floor, natural, strict=True)):
            if fixed[index]:
                continue
            found[index] = max(low, min(high, int(room * weight[index] / share)))
            if found[index] in (low, high):
                fixed[index], changed = True, True
        if not changed:
            break
    return found


def _natural(texts: Sequence[str]) -> int:
    longest = max((len(line) for text in texts for line in text.split("\n")), default=0)
    return max(MIN_WIDTH, min(MAX_WIDTH, math.ceil(longest / PER_WIDTH) + 2))


def _longest_word(texts: Sequence[str]) -> int:
    longest = max((len(word) for text in texts for word in text.split()), default=0)
    return max(MIN_WIDTH, math.ceil(min(LONGEST_WORD, longest) / PER_WIDTH) + 2)


def lines(text: str, width: int) -> int:
    """How many lines a cell of this width needs for the text, wrapped at spaces."""
    count = 0
    room = max(1, int(width * PER_WIDTH) - 1)
    for paragraph in text.split("\n"):
        used = 0
        count += 1
        for word in paragraph.split():
            length = len(word)
            if used and used + 1 + length > room:
                count += 1
                used = 0
            used = length if not used else used + 1 + length
            while used > room:  # a word longer than the line breaks inside it
                count += 1
                used -= room
    return count


def row_height(texts: Sequence[str], column_widths: Sequence[int]) -> float:
    """The points a row needs to show its tallest cell."""
    tallest = max((lines(t, w) for t, w in zip(texts, column_widths, strict=False) if t), default=1)
    return min(MAX_HEIGHT, tallest * LINE_HEIGHT + 3)


def set_out(
    sheet: Worksheet, rows: Sequence[Sequence[str]], *, first: int = 1, title: str = ""
) -> None:
    """Size the columns from `first` on and every row for the text given (header row first),
    and set the page up: A4 landscape, one page wide, header row repeated and frozen."""
    found = widths([[row[i] for row in rows] for i in range(len(rows[0]))]) if rows else []
    for index, width in enumerate(found, start=first):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, row in enumerate(rows, start=1):
        sheet.row_dimensions[number].height = row_height(row, found)
    sheet.freeze_panes = f"{get_column_letter(first)}2"
    sheet.print_title_rows = "1:1"
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = MARGIN
    sheet.print_options.gridLines = True
    sheet.oddHeader.center.text = f"{title.replace('&', '&&')} – &A" if title else "&A"
    sheet.oddFooter.center.text = "Page &P of &N"
