"""This month's casework figures as actuals of the plan's indicators, beside the DfE's yearly ones.

Only aggregate numbers cross into kpi: a percentage with its numerator and denominator per
month, never a case. Each indicator is set up the first time (code `casework_…`, theme
"Statutory EHC process (casework)"); recording again adds only months whose figure changed,
as corrections (`kpi.dfe.record_figures`), so it runs after every import and from
`wsoa casework figures`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from wsoa.casework.figures import counts
from wsoa.core.dates import month_end
from wsoa.core.models import LocalArea
from wsoa.kpi.dfe import record_figures
from wsoa.kpi.models import Indicator
from wsoa.kpi.periods import Period

THEME = "Statutory EHC process (casework)"
SOURCE = "This area's casework in wsoa (SEN2 definitions)"
MONTHS = 24  # how far back the monthly series goes


@dataclass(frozen=True)
class Feed:
    code: str
    name: str
    part: str  # the count over…
    whole: str  # …this count
    rolling: bool


FEEDS = (
    Feed("casework_20wk_ex_12m",
         "EHC plans issued within 20 weeks, excluding exceptions — rolling 12 months (casework)",
         "issued_within_20_weeks_excluding_exceptions", "plans_issued_excluding_exceptions", True),
    Feed("casework_20wk_ex_month",
         "EHC plans issued within 20 weeks, excluding exceptions — in the month (casework)",
         "issued_within_20_weeks_excluding_exceptions", "plans_issued_excluding_exceptions", False),
    Feed("casework_20wk_inc_12m",
         "EHC plans issued within 20 weeks, including exceptions — rolling 12 months (casework)",
         "issued_within_20_weeks", "plans_issued", True),
    Feed("casework_6wk_12m",
         "Decisions whether to assess within 6 weeks — rolling 12 months (casework)",
         "decisions_within_6_weeks", "decisions", True),
)  # fmt: skip


@dataclass(frozen=True)
class Figure:
    period: Period
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    source: str = SOURCE


def indicator_for(area: LocalArea, feed: Feed) -> Indicator:
    indicator, _ = Indicator.objects.get_or_create(
        area=area,
        code=feed.code,
        defaults={
            "name": feed.name,
            "definition": f"{feed.part.replace('_', ' ')} as a percentage of "
            f"{feed.whole.replace('_', ' ')}, from the area's own cases (DfE SEN2 definitions).",
            "theme": THEME,
            "unit": "percent",
            "polarity": "higher",
            "frequency": "monthly",
            "source": SOURCE,
        },
    )
    return indicator


def month_ends(today: dt.date, months: int = MONTHS) -> list[dt.date]:
    """The ends of the last `months` months, this month (so far) last."""
    ends, day = [], month_end(today)
    for _ in range(months):
        ends.append(day)
        day = month_end(day.replace(day=1) - dt.timedelta(days=1))
    return ends[::-1]


def periods(end: dt.date) -> tuple[Period, Period]:
    """The month ending `end`, and the 12 months ending it."""
    first = end.replace(day=1)
    year_start = dt.date(first.year - 1, first.month, 1)
    year_start = month_end(year_start) + dt.timedelta(days=1)
    month = Period(end, first, f"{end:%B %Y}")
    return month, Period(end, year_start, f"12 months to {end:%B %Y}")


def record_monthly(*, area: LocalArea, today: dt.date, by: Any = "wsoa casework") -> int:
    """Record the monthly casework figures as measurements; return how many were new."""
    series: dict[str, list[Figure]] = {feed.code: [] for feed in FEEDS}
    for end in month_ends(today):
        month, year = periods(end)
        found = {False: counts(area, month.start, end), True: counts(area, year.start, end)}
        for feed in FEEDS:
            got, period = found[feed.rolling], year if feed.rolling else month
            whole = got[feed.whole]
            if whole:
                value = Decimal(100 * got[feed.part]) / Decimal(whole)
                series[feed.code].append(
                    Figure(period, value, Decimal(got[feed.part]), Decimal(whole))
                )
    return sum(
        record_figures(indicator_for(area, feed), series[feed.code], by, str(by)) for feed in FEEDS
    )
