"""The DfE's SEN2 timeliness measures, from case dates: the reference implementation. No Django.

Definitions (issue 17 §4, the published "Education, health and care plans" 20-week measures):

- `requests`: requests for an EHC needs assessment made in the period (request date in it).
- `decisions`: decisions whether to assess made in the period (agreed or refused);
  `decisions_within_6_weeks`: of those, decided on or before request date + 42 days (reg. 5(1)).
- `plans_issued`: new EHC plans issued in the period (final date in it);
  `issued_within_20_weeks`: of those, issued on or before request date + 140 days (reg. 13(2)).
- The `_excluding_exceptions` pair: the same over plans without a reg. 10(4) exception
  (`clock.has_exception` decides it for a case; `row_from` builds a row from a case's facts).
- Percentages: 100 × numerator / denominator to one decimal place, halves rounded up
  (45.25 → 45.3), as the DfE publishes; None when the denominator is 0. Computed in integers, so
  no float error decides a half.

A case counts in the period of each of its dates separately: a request made in December 2024
whose plan is issued in January 2025 is a 2024 request and a 2025 plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from wsoa.casework import clock

DECISION_DAYS = 7 * clock.DECISION_WEEKS  # 42
FINAL_DAYS = 7 * clock.FINAL_WEEKS  # 140


@dataclass(frozen=True)
class Sen2Row:
    """The dates of one request that the SEN2 measures read."""

    request_date: date
    decision_date: date | None
    final_date: date | None
    has_exception: bool


def row_from(facts: clock.Facts) -> Sen2Row:
    """The SEN2 row of a case as the clock reads it."""
    return Sen2Row(
        facts.request_date, facts.decision_date, facts.final_date, clock.has_exception(facts)
    )


def percent(numerator: int, denominator: int) -> float | None:
    """100 × numerator / denominator to one decimal place, halves up; None for 0 denominator."""
    if denominator == 0:
        return None
    tenths = (2000 * numerator + denominator) // (2 * denominator)
    return tenths / 10


def _between(rows: Iterable[Sen2Row], start: date, end: date) -> dict[str, Any]:
    requests = decisions = decided_in_time = issued = issued_in_time = 0
    issued_ex = issued_in_time_ex = 0
    for row in rows:
        requests += start <= row.request_date <= end
        if row.decision_date is not None and start <= row.decision_date <= end:
            decisions += 1
            decided_in_time += (row.decision_date - row.request_date).days <= DECISION_DAYS
        if row.final_date is not None and start <= row.final_date <= end:
            in_time = (row.final_date - row.request_date).days <= FINAL_DAYS
            issued += 1
            issued_in_time += in_time
            if not row.has_exception:
                issued_ex += 1
                issued_in_time_ex += in_time
    return {
        "requests": requests,
        "decisions": decisions,
        "decisions_within_6_weeks": decided_in_time,
        "plans_issued": issued,
        "issued_within_20_weeks": issued_in_time,
        "pct_within_20_weeks": percent(issued_in_time, issued),
        "plans_issued_excluding_exceptions": issued_ex,
        "issued_within_20_weeks_excluding_exceptions": issued_in_time_ex,
        "pct_within_20_weeks_excluding_exceptions": percent(issued_in_time_ex, issued_ex),
    }


def figures(rows: Iterable[Sen2Row], year: int) -> dict[str, Any]:
    """The SEN2 measures for a calendar year, in the JSON of `wsoa casework sen2`."""
    return {"year": year, **_between(rows, date(year, 1, 1), date(year, 12, 31))}


def month_start(month_end: date) -> date:
    """The first day of `month_end`'s month; refuses a day that is not the last of its month."""
    if (month_end + timedelta(days=1)).day != 1:
        raise ValueError(f"{month_end.isoformat()} is not the last day of a month.")
    return month_end.replace(day=1)


def monthly(rows: Iterable[Sen2Row], month_end: date) -> dict[str, Any]:
    """The measures for the 12 months ending `month_end` and for that month alone."""
    first = month_start(month_end)
    year_start = date(first.year - 1, first.month, 1) + timedelta(days=32)
    year_start = year_start.replace(day=1)
    rows = list(rows)
    return {
        "month_end": month_end.isoformat(),
        "rolling_12_months": {
            "start": year_start.isoformat(),
            "end": month_end.isoformat(),
            **_between(rows, year_start, month_end),
        },
        "in_month": {
            "start": first.isoformat(),
            "end": month_end.isoformat(),
            **_between(rows, first, month_end),
        },
    }
