"""Dates in words and month ends. Plain Python (no Django), so anything may use it."""

from __future__ import annotations

import calendar
import datetime as dt


def long_date(day: dt.date) -> str:
    """Return a date as GOV.UK writes it: "31 July 2018"."""
    return f"{day.day} {day:%B %Y}"


def month_end(day: dt.date) -> dt.date:
    """Return the last day of the month `day` falls in."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
