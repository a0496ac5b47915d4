"""Reporting periods of an indicator: months, quarters and years, read from the words people use.

Plain Python (no Django), so the rules are tested without a database. Quarters are quarters of
the financial year (Q1 is April to June), as councils and the NHS report them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from wsoa.core.dates import month_end

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9


class PeriodError(ValueError):
    """Text that is not a period; the message gives examples of what is."""


@dataclass(frozen=True, order=True)
class Period:
    """A span of time a figure or target is for, with its label as people write it."""

    end: dt.date
    start: dt.date
    label: str


def month(year: int, number: int) -> Period:
    label = f"{calendar.month_name[number]} {year}"
    first_day = dt.date(year, number, 1)
    return Period(month_end(first_day), first_day, label)


def calendar_year(year: int) -> Period:
    return Period(dt.date(year, 12, 31), dt.date(year, 1, 1), str(year))


def financial_year(first: int) -> Period:
    """The year from 1 April of `first` to 31 March of the next: "2019-20"."""
    return Period(
        dt.date(first + 1, 3, 31), dt.date(first, 4, 1), f"{first}-{(first + 1) % 100:02d}"
    )


def academic_year(first: int) -> Period:
    """The year from 1 September of `first` to 31 August of the next: "2019/20"."""
    return Period(
        dt.date(first + 1, 8, 31), dt.date(first, 9, 1), f"{first}/{(first + 1) % 100:02d}"
    )


def quarter(number: int, first: int) -> Period:
    """Quarter 1–4 of the financial year starting in April of `first`: "Q2 2019-20"."""
    start_month = 4 + 3 * (number - 1)
    year = first + (start_month - 1) // 12
    start_month = (start_month - 1) % 12 + 1
    end = month_end(dt.date(year + (start_month + 1) // 12, (start_month + 1) % 12 + 1, 1))
    fy = financial_year(first).label
    return Period(end, dt.date(year, start_month, 1), f"Q{number} {fy}")


def _second_year(first: int, text: str) -> bool:
    """Say whether a written second year ("20" or "2020") follows `first`."""
    return int(text[-2:]) == (first + 1) % 100


PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^q([1-4])\s+(\d{4})\s*[-–/]\s*(\d{2}|\d{4})$"), "quarter"),
    (re.compile(r"^(?:fy\s*)?(\d{4})\s*[-–]\s*(\d{2}|\d{4})$"), "financial"),
    (re.compile(r"^(?:ay\s*)?(\d{4})\s*/\s*(\d{2}|\d{4})$"), "academic"),
    (re.compile(r"^(\d{4})(\d{2})$"), "academic"),
    (re.compile(r"^(\d{4})$"), "calendar"),
    (re.compile(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$"), "iso_month"),
    (re.compile(r"^([a-z]+)\.?\s+(\d{4})$"), "month"),
]

EXAMPLES = '"2019", "2019-20", "2019/20", "Q2 2019-20", "March 2019" or "2019-03"'


def parse_period(text: str) -> Period:
    """Return the period a text names, or raise PeriodError saying what is expected."""
    cleaned = re.sub(r"\s+", " ", str(text).strip().lower())
    for pattern, kind in PATTERNS:
        found = pattern.match(cleaned)
        if found:
            period = _build(kind, found.groups())
            if period is not None:
                return period
    raise PeriodError(f'"{text}" is not a period. Write it like {EXAMPLES}.')


def _build(kind: str, parts: tuple[str, ...]) -> Period | None:
    if kind == "calendar":
        return calendar_year(int(parts[0]))
    if kind in ("financial", "academic"):
        first = int(parts[0])
        if not _second_year(first, parts[1]):
            return None
        return financial_year(first) if kind == "financial" else academic_year(first)
    if kind == "quarter":
        first = int(parts[1])
        return quarter(int(parts[0]), first) if _second_year(first, parts[2]) else None
    if kind == "iso_month":
        number = int(parts[1])
        return month(int(parts[0]), number) if 1 <= number <= 12 else None
    named = MONTHS.get(parts[0])
    return month(int(parts[1]), named) if named else None
