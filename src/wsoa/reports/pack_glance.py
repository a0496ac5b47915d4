"""Page 1 of a board pack: the state of the plan at a glance.

One sentence, the ratings of each named workstream as a chart and a table, the counts the plan's
dashboard shows (overdue, slipped, updates missing: from the same rules, so they agree) and
the headline indicators. Gathered from the data the rest of the pack already holds, plus the
reporting period's updates.
"""

from __future__ import annotations

import re
from typing import Any

from wsoa.plans import ratingchart
from wsoa.plans.models import Item, Plan
from wsoa.plans.presenters.dashboard import NO_RATING, RATINGS
from wsoa.plans.rag import Rag
from wsoa.progress import presenters as progress
from wsoa.progress.models import ReportingPeriod
from wsoa.reports.pack_kpi import off_target
from wsoa.reports.window import Window

Data = dict[str, Any]
CHART_IDS = "pack-ratings"


def at_a_glance(
    plan: Plan,
    items: list[Item],
    data: Data,
    window: Window,
    *,
    period: ReportingPeriod | None,
    top_level: str,
) -> Data:
    """Page 1's sentence, counts and chart, from the pack's data and the plan's items."""
    return {
        "headline": _sentence(items, data),
        "counts": _counts(plan, items, data, window, period),
        "top_level": top_level,
        "chart": _chart(data["summary"], data["rag_columns"], top_level),
        **_table(data["summary"], data["rag_columns"]),
    }


def _sentence(items: list[Item], data: Data) -> str:
    red = sum(item.rag == Rag.RED for item in items)
    overdue = len(data["overdue"])
    said = f"Of {len(items)} items, {overdue} {_are(overdue)} overdue and {red} {_are(red)} red"
    headline = data.get("headline_indicators", [])
    if not headline:
        return f"{said}; no statutory timescale indicator is linked to the plan yet."
    off = off_target(headline)
    return (
        f"{said}; {off} of {len(headline)} headline indicators {_are(off)} "
        "off target or worse than England."
    )


def _are(count: int) -> str:
    return "is" if count == 1 else "are"


def _counts(
    plan: Plan, items: list[Item], data: Data, window: Window, period: ReportingPeriod | None
) -> list[Data]:
    slipped = sum(item.slipped for item in items)  # the dashboard's "slipped": Item.slipped
    counts = [
        _count(
            "overdue", len(data["overdue"]), "Past their due date and not complete.", "list-overdue"
        ),
        _count("slipped", slipped, "Now due later than the plan first said.", "slipped"),
        _count(
            "due before the next meeting",
            len(data["due_soon"]),
            "Not complete, falling due before the next meeting.",
            "list-due-soon",
        ),
    ]
    return [*counts, _missing(plan, window, period)]


def _count(words: str, count: int | str, note: str, anchor: str = "") -> Data:
    return {"words": words, "count": str(count), "note": note, "anchor": anchor}


def _missing(plan: Plan, window: Window, period: ReportingPeriod | None) -> Data:
    """Updates missing for the pack's period, else the period open on its last day, counted
    as the dashboard's tile and the "Updates this period" page count them."""
    periods = list(plan.periods.all())
    period = period or progress.current_period(periods, window.until)
    if period is None:
        return _count("updates missing this period", "–", "No reporting period is set up yet.")
    total = progress.period_updates(plan, period, periods).total
    note = f"Of {total.expected} expected for {period.label}."
    return _count("updates missing this period", len(total.missing), note)


def _table(summary: list[Data], columns: list[list[str]]) -> Data:
    """The chart's figures as a table: only the ratings some item has, as the chart draws."""
    used = [n for n in range(len(columns)) if any(row["counts"][n] for row in summary)]
    rows = [
        {
            "anchor": row["anchor"],
            "name": row["name"],
            "counts": [row["counts"][n] for n in used],
            "total": row["total"],
        }
        for row in summary
    ]
    return {"columns": [columns[n][1] for n in used], "rows": rows}


def _chart(summary: list[Data], columns: list[list[str]], top_level: str) -> str:
    """The ratings of the items under each named workstream, as the dashboard draws them."""
    codes = [code or NO_RATING for code, _ in columns]
    bars = [
        ratingchart.Bar(
            row["name"], {code: n for code, n in zip(codes, row["counts"], strict=True) if n}
        )
        for row in summary
    ]
    used = [r for r in RATINGS if any(bar.counts.get(r.code) for bar in bars)]
    total = sum(bar.total for bar in bars)
    desc = (
        f"A bar for each of the plan's {len(bars)} {top_level.lower()} level items, split by "
        f"the rating of the {total} items under it. The table beside it gives the same figures."
    )
    title = f"Ratings of the items in each {top_level.lower()}"
    drawn = ratingchart.svg(title, desc, used, bars)
    return re.sub(r"(?<![\w-])ratings-(title|desc)", rf"{CHART_IDS}-\1", drawn)
