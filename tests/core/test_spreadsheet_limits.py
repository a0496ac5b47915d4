"""Workbooks and CSV files over the limits are refused before or while they are read."""

import zipfile

import pytest

from hostile_workbooks import (
    MB,
    declaring,
    deflate_bomb,
    numbered_rows,
    plan_workbook,
    sheet,
    workbook,
)
from wsoa.core.spreadsheets import (
    Limits,
    TooLarge,
    check_container,
    csv_rows,
    open_workbook,
    sheet_rows,
)

SMALL = Limits(rows=10, columns=5)


def rows_of(content: bytes, limits: Limits = SMALL) -> list[tuple]:
    book = open_workbook(content, limits, data_only=True)
    try:
        return [values for _, values in sheet_rows(book.worksheets[0], limits)]
    finally:
        book.close()


def test_a_workbook_within_the_limits_is_read():
    assert rows_of(plan_workbook(numbered_rows(11))) == [(n,) for n in range(1, 12)]


def test_a_real_deflate_bomb_is_refused_before_it_is_unpacked():
    content = deflate_bomb(64 * MB)
    assert len(content) < MB
    with pytest.raises(TooLarge, match=r"^The workbook unpacks to more than 30 MB"):
        check_container(content, Limits(rows=5000))


def test_a_part_packed_a_thousand_times_is_refused_even_when_small_in_all():
    content = deflate_bomb(2 * MB)
    with pytest.raises(TooLarge, match="unpacks to more than 100 times its packed size"):
        check_container(content, Limits(rows=5000))


def test_a_part_that_declares_gigabytes_is_refused_without_reading_it():
    content = declaring(plan_workbook(numbered_rows(3)), "xl/worksheets/sheet1.xml", 3_000_000_000)
    with pytest.raises(TooLarge, match="unpacks to more than 30 MB"):
        check_container(content, Limits(rows=5000))


def test_too_many_parts_are_refused():
    extra = {f"xl/media/picture{n}.png": b"x" for n in range(20)}
    content = workbook(("Plan", sheet(numbered_rows(2))), extra=extra)
    with pytest.raises(TooLarge, match=r"^The file has more than 10 parts inside it\.$"):
        check_container(content, Limits(rows=10, parts=10, noun="file"))


def test_a_declared_size_over_the_limit_is_refused_before_any_row_is_read():
    content = plan_workbook(numbered_rows(2), dimension="A1:A1000000")
    with pytest.raises(TooLarge) as refused:
        check_container(content, SMALL)
    assert (
        str(refused.value) == "The workbook has more than 10 rows: one of its sheets has 999,999."
    )


def test_declared_columns_over_the_limit_are_refused():
    content = plan_workbook(numbered_rows(2), dimension="A1:XFD2")
    with pytest.raises(TooLarge, match="more than 5 columns: one of its sheets has 16,384"):
        check_container(content, SMALL)


def test_rows_of_a_sheet_that_declares_no_size_are_counted_before_it_is_opened():
    with pytest.raises(TooLarge, match=r"^The workbook has more than 10 rows\.$"):
        check_container(plan_workbook(numbered_rows(12)), SMALL)


def test_a_sheet_that_understates_its_size_is_read_to_the_limit_and_refused():
    content = plan_workbook(numbered_rows(5000), dimension="A1:A2")
    with pytest.raises(TooLarge, match=r"^The workbook has more than 10 rows\.$"):
        rows_of(content)


def test_the_xml_of_all_parts_is_counted_against_its_limit():
    content = plan_workbook(numbered_rows(100), dimension="A1:A2")
    with pytest.raises(TooLarge, match="holds more than 50 cells, strings and other entries"):
        check_container(content, Limits(rows=1000, elements=50))


def test_a_cell_beyond_the_columns_is_refused_and_empty_ones_are_not():
    far = '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>'
    with pytest.raises(TooLarge, match=r"^The workbook has more than 5 columns\.$"):
        rows_of(plan_workbook(far))
    styled = '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="0"/></row>'
    assert rows_of(plan_workbook(styled)) == [(1, None, None, None, None)]


def test_not_a_zip_is_left_to_the_caller():
    with pytest.raises(zipfile.BadZipFile):
        check_container(b"Indicator,Period\n", SMALL)


def test_a_picture_in_the_workbook_is_not_read_as_xml():
    content = workbook(("Plan", sheet(numbered_rows(2))), extra={"xl/media/a.png": b"\x89PNG"})
    check_container(content, SMALL)


CSV_LIMITS = Limits(rows=10, columns=5, noun="file", line=100)


def test_csv_rows_stop_at_the_limit():
    text = "Heading\n" + "1\n" * 1_000_000
    rows = csv_rows(text, CSV_LIMITS)
    with pytest.raises(TooLarge, match=r"^The file has more than 10 rows\.$"):
        for _ in rows:
            pass


def test_a_long_csv_line_is_refused_with_its_number():
    text = "Heading\nshort\n" + "x" * 101 + "\n"
    with pytest.raises(TooLarge, match=r"^Line 3 of the file is longer than 100 characters\.$"):
        list(csv_rows(text, CSV_LIMITS))


def test_csv_columns_beyond_the_limit_are_refused_unless_empty():
    assert list(csv_rows("a,b,,,,,,\n", CSV_LIMITS)) == [["a", "b", "", "", ""]]
    with pytest.raises(TooLarge, match="more than 5 columns"):
        list(csv_rows("a,b,c,d,e,f\n", CSV_LIMITS))


def test_csv_within_the_limits_is_read_as_before():
    assert list(csv_rows('a,"b, c"\r\n1,2\n', CSV_LIMITS)) == [["a", "b, c"], ["1", "2"]]
