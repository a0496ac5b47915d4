"""The demo instance's reporting periods: months around today, or the plan's own quarters."""

from __future__ import annotations

import datetime as dt

from wsoa.core.dates import month_end
from wsoa.plans.models import Plan
from wsoa.progress import services

MONTHS_BEFORE, MONTHS_AFTER = 6, 5


def setup_demo_cycle(plan: Plan, today: dt.date, quarters: int = 0) -> list[str]:
    """Give a plan monthly periods around today, or `quarters` numbered quarters (Q1, Q2…)
    from the plan's start when it reports that way (Stockton's Q1–Q10). Only once."""
    if plan.periods.exists():
        return []
    if quarters and plan.period_start is not None:
        _numbered_quarters(plan, plan.period_start, quarters)
        return [f"{quarters} quarterly reporting periods (Q1–Q{quarters})"]
    first = _add_months(today.replace(day=1), -MONTHS_BEFORE)
    last = month_end(_add_months(today.replace(day=1), MONTHS_AFTER))
    count = services.generate_periods(plan=plan, by="wsoa demo", first=first, last=last, months=1)
    return [f"{count} monthly reporting periods"]


def _numbered_quarters(plan: Plan, start: dt.date, count: int) -> None:
    first = start.replace(day=1)
    for number in range(1, count + 1):
        begins = _add_months(first, 3 * (number - 1))
        ends = month_end(_add_months(begins, 2))
        services.add_period(plan=plan, by="wsoa demo", label=f"Q{number}", start=begins, end=ends)


def _add_months(day: dt.date, n: int) -> dt.date:
    month = day.month - 1 + n
    return dt.date(day.year + month // 12, month % 12 + 1, 1)
