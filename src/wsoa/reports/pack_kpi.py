"""A board pack's indicators: the plan's own and the statutory DfE ones linked to it.

Indicators with figures get a scorecard row and a detail section with their chart; those with
none are listed once as "not yet measured", never drawn as empty charts. The headline
indicators for page 1 are the statutory timescales (the 20-week figures first), each against
its target where one is set and against England.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone

from wsoa.core.people import display_name
from wsoa.kpi import presenters as kpi
from wsoa.kpi import rules
from wsoa.kpi.models import ExceptionReport
from wsoa.plans.models import Plan

Data = dict[str, Any]
# The statutory timescales the DfE publishes for every area, in the order page 1 shows them.
HEADLINE_CODES = ("dfe_20wk_ex", "dfe_20wk_inc", "dfe_decisions_6wk", "dfe_reviews_4wk")
OFF = {"Off target", "Worse than England"}


def gather_kpi(plan: Plan, names: dict[int, str]) -> Data:
    """The scorecard, each measured indicator's figures and chart, the indicators not yet
    measured, the headline indicators and the open exceptions."""
    rows = kpi.scorecard(kpi.indicators_for(plan.area, plan))
    measured = [row for row in rows if row.latest is not None]
    pages = kpi.indicator_rows(plan.area).filter(pk__in=[row.indicator.pk for row in measured])
    by_id = {page.indicator.pk: page for page in map(kpi.indicator_page, pages)}
    opened = (
        ExceptionReport.objects.for_area(plan.area)
        .open()
        .filter(indicator_id__in=list(by_id))
        .select_related("indicator", "answered_by", "measurement")
        .order_by("opened_at", "pk")
    )
    scorecard = [score(row) for row in measured]
    return {
        "scorecard": scorecard,
        "indicators": [_indicator(by_id[row.indicator.pk]) for row in measured],
        "not_measured": [_unmeasured(row) for row in rows if row.latest is None],
        "headline_indicators": headline(scorecard),
        "exceptions": [_exception(e, names) for e in opened],
    }


def score(row: kpi.ScoreRow) -> Data:
    unit = row.indicator.unit
    return {
        "id": row.indicator.pk,
        "code": row.indicator.code,
        "anchor": f"indicator-{row.indicator.pk}",
        "name": row.indicator.name,
        "period": row.latest.label if row.latest else "",
        "actual": kpi.figure(row.latest.value if row.latest else None, unit),
        "target": kpi.figure(row.target.value if row.target else None, unit),
        "rag": row.rating.rag if row.rating else "",
        "rag_word": row.rating.rag.capitalize() if row.rating else "No rating",
        "reason": row.rating.reason if row.rating else "",
        "trend": row.trend,
        "england": kpi.figure(row.england.value if row.england else None, unit),
        "standing": standing(row),
        "has_exception": row.has_exception,
    }


def standing(row: kpi.ScoreRow) -> str:
    """Where the latest figure stands: against its target if set, else against England."""
    if row.rating is not None:
        return "On target" if row.rating.rag == "green" else "Off target"
    if row.latest is None or row.england is None or row.indicator.polarity == rules.CLOSER:
        return ""
    gap = row.latest.value - row.england.value
    if gap == 0:
        return "Same as England"
    better = gap > 0 if row.indicator.polarity == rules.HIGHER else gap < 0
    return "Better than England" if better else "Worse than England"


def headline(scorecard: list[Data]) -> list[Data]:
    """The statutory timescales among the plan's measured indicators, 20-week figures first."""
    found = [row for row in scorecard if row["code"] in HEADLINE_CODES]
    return sorted(found, key=lambda row: HEADLINE_CODES.index(row["code"]))


def off_target(rows: list[Data]) -> int:
    return sum(row.get("standing") in OFF for row in rows)


def _unmeasured(row: kpi.ScoreRow) -> Data:
    unit = row.indicator.unit
    return {
        "id": row.indicator.pk,
        "name": row.indicator.name,
        "target": kpi.figure(row.indicator.target, unit),
    }


def _indicator(page: kpi.IndicatorPage) -> Data:
    indicator, unit = page.indicator, page.indicator.unit
    prefix = f"chart-{indicator.pk}"
    chart = re.sub(r'"chart-(title|desc)', lambda m: f'"{prefix}-{m.group(1)}', str(page.chart))
    chart = chart.replace("chart-title chart-desc", f"{prefix}-title {prefix}-desc")
    rows = [
        {
            "period": row.label,
            "actual": kpi.figure(row.actual.value if row.actual else None, unit),
            "target": kpi.figure(row.target.value if row.target else None, unit),
            "rag": row.rating.rag if row.rating else "",
            "rag_word": row.rating.rag.capitalize() if row.rating else "",
        }
        for row in page.periods
    ]
    return {
        "id": indicator.pk,
        "anchor": f"indicator-{indicator.pk}",
        "name": indicator.name,
        "definition": indicator.definition,
        "chart": chart,
        "rows": rows,
        # the figures table leaves out a column no period has a value in
        "has_targets": any(row["target"] for row in rows),
        "has_ratings": any(row["rag"] for row in rows),
    }


def _exception(report: ExceptionReport, names: dict[int, str]) -> Data:
    person = report.answered_by
    return {
        "id": report.pk,
        "indicator": report.indicator.name,
        "anchor": f"indicator-{report.indicator_id}",
        "opened_on": timezone.localdate(report.opened_at).isoformat(),
        "reason": report.reason,
        "cause": report.cause,
        "action": report.action,
        "recovery_on": report.recovery_on.isoformat() if report.recovery_on else None,
        "answered_by": names.get(person.pk) or display_name(person) if person else "",
        "figure": rules.figure(report.measurement.value, report.indicator.unit),
        "period": report.measurement.label,
    }
