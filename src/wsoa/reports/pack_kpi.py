"""A board pack's indicators: the plan's own and the statutory DfE ones linked to it.

Every indicator with figures gets a scorecard row. The board looks in detail at those that need
it (ADR 0032): the headline statutory timescales and any indicator off target, red or amber,
worse than England, worse than its last figure, or with an open exception get a detail section
with their chart (the whole series) and their latest figures; the others link from the
scorecard to their page on the site. Indicators with no figures are listed once as "not yet
measured", never drawn as empty charts. The headline indicators for page 1 are the statutory
timescales (the 20-week figures first), each against its target where one is set and against
England.
"""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
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
# The figures table under a chart lists this many latest periods; the chart draws them all.
LATEST_PERIODS = 12
DETAIL_RULE = (
    "Shown in detail: the statutory timescales and each indicator off target, red or amber, "
    "worse than England or than its last figure, or in exception. {others} none of these."
)


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
    for row in scorecard:
        row["detailed"] = needs_detail(row)
        row["url"] = reverse("kpi:indicator", args=[plan.area.slug, row["id"]])
    detailed = [row["id"] for row in scorecard if row["detailed"]]
    return {
        "scorecard": scorecard,
        "indicators": [_indicator(by_id[pk], plan.area.slug) for pk in detailed],
        "not_measured": [_unmeasured(row) for row in rows if row.latest is None],
        "headline_indicators": headline(scorecard),
        "detail_rule": _detail_rule(len(scorecard) - len(detailed)),
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


def needs_detail(row: Data) -> bool:
    """Whether the board looks at an indicator in detail: a headline statutory timescale, or one
    off target, red or amber, worse than England or than its last figure, or in exception."""
    return bool(
        row["code"] in HEADLINE_CODES
        or row["standing"] in OFF
        or row["rag"] in {"red", "amber"}
        or row["trend"] == "worse"
        or row["has_exception"]
    )


def _detail_rule(others: int) -> str:
    """Which indicators the pack shows in detail, when it leaves some out ("" when not)."""
    if not others:
        return ""
    return DETAIL_RULE.format(
        others="The other one is" if others == 1 else f"The other {others} are"
    )


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


def _indicator(page: kpi.IndicatorPage, area_slug: str) -> Data:
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
            "comparators": [
                kpi.figure(row.comparators.get(kind), unit) for kind in page.comparator_names
            ],
        }
        for row in page.periods
    ]
    shown = rows[-LATEST_PERIODS:]
    # the comparators the chart draws (England, the region, neighbours) with a figure shown
    drawn = [
        (n, name)
        for n, name in enumerate(page.comparator_names.values())
        if any(row["comparators"][n] for row in shown)
    ]
    for row in shown:
        row["comparators"] = [row["comparators"][n] for n, _ in drawn]
    return {
        "id": indicator.pk,
        "anchor": f"indicator-{indicator.pk}",
        "name": indicator.name,
        "definition": indicator.definition,
        "chart": chart,
        "rows": shown,
        "periods": len(rows),
        "comparator_names": [name for _, name in drawn],
        "url": reverse("kpi:indicator", args=[area_slug, indicator.pk]),
        # the figures table leaves out a column no period shown has a value in
        "has_targets": any(row["target"] for row in shown),
        "has_ratings": any(row["rag"] for row in shown),
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
