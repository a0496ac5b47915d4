"""A board's rhythm read from its weeks or its cadence as printed, and the dates it gives."""

import datetime as dt

import pytest

from wsoa.plans.rhythm import Rhythm, add_months, rhythm_of, schedule


@pytest.mark.parametrize(
    ("weeks", "text", "expected"),
    [
        (6, "monthly", Rhythm(6, "weeks")),
        (None, "Monthly", Rhythm(1, "months")),
        (None, "meets quarterly", Rhythm(3, "months")),
        (None, "bi-monthly", Rhythm(2, "months")),
        (None, "every 6 weeks", Rhythm(6, "weeks")),
        (None, "every two months", Rhythm(2, "months")),
        (None, "fortnightly", Rhythm(2, "weeks")),
        (None, "termly", Rhythm(4, "months")),
        (None, "bi-annually", Rhythm(6, "months")),
        (None, "as required", None),
        (None, "", None),
    ],
)
def test_rhythm_read_from_weeks_or_cadence(weeks, text, expected):
    assert rhythm_of(weeks, text) == expected


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)


def test_schedule_skips_past_dates_and_stops_after_the_months_ahead():
    dates = schedule(Rhythm(6, "weeks"), start=dt.date(2026, 1, 1), today=dt.date(2026, 3, 1))
    assert dates[0] == dt.date(2026, 3, 26)
    assert all(d <= dt.date(2027, 3, 1) for d in dates)
    assert len(dates) == 9
