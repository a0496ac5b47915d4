"""Dates as people write them: the text is kept, and read as a range, a recurrence or nothing."""

import datetime as dt

import pytest

from wsoa.plans.datetext import parse_date_text

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
        ("", None, None, ""),
    ],
)
def test_date_text_is_read_and_kept(text, start, end, recurrence):
    span = parse_date_text(text)
    assert (span.text, span.start, span.end, span.recurrence) == (text, start, end, recurrence)
