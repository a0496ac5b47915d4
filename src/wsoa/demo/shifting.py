"""Moving a seed plan's dates as a whole so the demo shows it part-way through delivery today.

Every date the plan holds moves by the same whole number of months, so intervals stay as
printed and a month end ("end of March") stays a month end. The printed text is never changed:
pages show it beside the moved date, with a note saying the demo moved it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from typing import Any

from django.db import models, transaction

from wsoa.core.audit import record_event
from wsoa.kpi.models import Indicator, TargetStep
from wsoa.plans.models import DueDate, Item, Milestone, Plan
from wsoa.progress.models import ReportingPeriod

LABEL = "wsoa demo"
# How far through its span the plan is today: somewhere in the middle of delivery.
ELAPSED = (0.4, 0.6)


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the day `months` later (or earlier); a month end stays a month end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    is_month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month + 1, last if is_month_end else min(day.day, last))


def _index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def plan_dates(plan: Plan) -> list[dt.date]:
    """Every date the plan printed: its period, items' and milestones' due dates."""
    dates = [d for d in (plan.period_start, plan.period_end) if d is not None]
    items = Item.objects.filter(plan=plan)
    dates += [d for d in items.values_list("due_end", flat=True) if d is not None]
    milestones = Milestone.objects.filter(item__plan=plan)
    for start, end in milestones.values_list("due_start", "due_end"):
        dates += [d for d in (start, end) if d is not None]
    return dates


def months_to_shift(dates: list[dt.date], today: dt.date, seed: str) -> int:
    """Whole months that put today 40–60 % of the way through the span of the dates."""
    if not dates:
        return 0
    first, last = _index(min(dates)), _index(max(dates))
    elapsed = random.Random(seed).uniform(*ELAPSED)  # noqa: S311 — demo data, not security
    wanted_first = _index(today) - round(elapsed * (last - first))
    return wanted_first - first


@transaction.atomic
def shift_plan(plan: Plan, today: dt.date) -> int:
    """Move every date of a freshly imported plan so it is in delivery today; return the months.

    A plan already moved is left alone, so running the demo again changes nothing.
    """
    if plan.demo_shift_months is not None:
        return 0
    months = months_to_shift(plan_dates(plan), today, seed=plan.area.name)
    _move_plan(plan, months)
    _move_rows(Item.objects.filter(plan=plan), ["due_end", "current_due"], months)
    _move_rows(DueDate.objects.filter(item__plan=plan), ["start", "end"], months)
    fields = ["due_start", "due_end", "current_due", "completed_on"]
    _move_rows(Milestone.objects.filter(item__plan=plan), fields, months)
    _move_rows(ReportingPeriod.objects.filter(plan=plan), ["start", "end"], months)
    printed = Indicator.objects.filter(plan=plan, printed__isnull=False)
    _move_rows(printed, ["target_on"], months)
    _move_rows(TargetStep.objects.filter(indicator__in=printed), ["start", "end"], months)
    record_event(
        obj=plan,
        by=LABEL,
        action="plan.dates_shifted",
        summary=f"Moved the plan's dates by {months} months for the demo",
        changes={"months": months},
    )
    return months


def _move_plan(plan: Plan, months: int) -> None:
    for name in ("period_start", "period_end", "last_reviewed_on", "next_review_on"):
        value = getattr(plan, name)
        if value is not None:
            setattr(plan, name, add_months(value, months))
    plan.milestone_periods = [
        {**p, "date": add_months(dt.date.fromisoformat(p["date"]), months).isoformat()}
        if p.get("date")
        else p
        for p in plan.milestone_periods
    ]
    plan.demo_shift_months = months
    plan.save()


def _move_rows(rows: models.QuerySet[Any], fields: list[str], months: int) -> None:
    """Move the date fields of each row by `months`, in one bulk update."""
    found = list(rows)
    for row in found:
        for name in fields:
            value = getattr(row, name)
            if value is not None:
                setattr(row, name, add_months(value, months))
    if found:
        rows.model.objects.bulk_update(found, fields, batch_size=500)
