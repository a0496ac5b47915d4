"""Dates as people write them: the text is kept, and read as a range, a recurrence or nothing."""

import datetime as dt

import pytest

from wsoa.plans.datetext import parse_date_text, split_date_texts

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "recurrence"),
    [
        ("Sept 2017", D(2017, 9, 1), D(2017, 9, 30), ""),
        ("End July 2018", D(2018, 7, 1), D(2018, 7, 31), ""),
        ("Jan/ Feb 2018", D(2018, 1, 1), D(2018, 2, 28), ""),
        ("Autumn Term 2018", D(2018, 9, 1), D(2018, 12, 31), ""),
        ("By November 2018", D(2018, 11, 1), D(2018, 11, 30), ""),
        ("Ongoing", None, None, "ongoing"),
        ("From Sept 2018", D(2018, 9, 1), None, ""),
        ("Quarterly", None, None, "quarterly"),
        ("6 monthly", None, None, "6-monthly"),
        ("Aug-20", D(2020, 8, 1), D(2020, 8, 31), ""),
        ("31/07/2018", D(2018, 7, 31), D(2018, 7, 31), ""),
        ("March 2019 onwards", D(2019, 3, 1), None, ""),
        ("TBC", None, None, ""),
        ("end of March 2025", D(2025, 3, 1), D(2025, 3, 31), ""),
        ("Q3 2024/25", D(2024, 10, 1), D(2024, 12, 31), ""),  # financial year quarters
        ("Q4 2024-25", D(2025, 1, 1), D(2025, 3, 31), ""),
        ("termly from Sept", None, None, "termly"),  # no year: not guessed
        ("2027-03-31", D(2027, 3, 31), D(2027, 3, 31), ""),  # a spreadsheet's date cell
        ("31 March 2018", D(2018, 3, 31), D(2018, 3, 31), ""),
        ("", None, None, ""),
    ],
)
def test_date_text_is_read_and_kept(text, start, end, recurrence):
    span = parse_date_text(text)
    assert (span.text, span.start, span.end, span.recurrence) == (text, start, end, recurrence)


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("31 March 2018", ["31 March 2018"]),  # a day is never cut from its month
        ("Dec 18 March 19", ["Dec 18", "March 19"]),
        ("Aug-19 Feb-20", ["Aug-19", "Feb-20"]),
        ("July 2018 September 2018", ["July 2018", "September 2018"]),
        ("2027-03-31", ["2027-03-31"]),
    ],
)
def test_timescales_run_together_are_split_after_a_year(text, pieces):
    assert split_date_texts(text) == pieces
