"""Set up the demo instance's scorecards: the seed plans' printed targets and the DfE figures."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db.models import Q

from wsoa.core.models import LocalArea
from wsoa.kpi import dfe, partner_indicators, services
from wsoa.kpi.models import Indicator
from wsoa.kpi.periods import Period, quarter
from wsoa.kpi.plansetup import set_up_plan_scorecard
from wsoa.partners import services as partners
from wsoa.partners import waits
from wsoa.plans.models import Plan

LABEL = "wsoa demo"


def setup_demo_indicators(area: LocalArea) -> list[str]:
    """Set up each plan's scorecard as an import does (printed targets with a figure become
    indicators; DfE indicators linked to the findings they measure), load the area's DfE
    figures, and add its ICB's community health waits and its SEND Tribunal appeal rate to its
    first plan; return the lines. Running it again adds nothing twice."""
    for plan in Plan.objects.for_area(area).order_by("pk"):
        set_up_plan_scorecard(plan=plan, actor_label=LABEL)
    report = dfe.load_dfe(area=area, actor_label=LABEL)
    partners_report = partner_indicators.add_partner_indicators(
        area=area,
        icbs=partners.icbs_for(area),
        therapies=list(waits.THERAPIES),
        tribunal=True,
        plan=Plan.objects.for_area(area).order_by("pk").first(),
        by=None,
        actor_label=LABEL,
    )
    rows = Indicator.objects.for_area(area)
    targets = rows.filter(printed__isnull=False).count()
    linked = rows.exclude(code="").filter(Q(findings__isnull=False) | Q(items__isnull=False))
    return [
        f"{area.name}: {targets} indicators from the plan's targets, "
        f"{linked.distinct().count()} DfE indicators linked to its findings; DfE: "
        f"{report.authority or 'no match'}, {report.measurements} actuals",
        f"{area.name}: NHS community health waits and SEND Tribunal appeals: "
        f"{partners_report.summary()}",
    ]


def record_demo_actuals(area: LocalArea, today: dt.date, start: dt.date | None) -> int:
    """Record quarterly actuals for the plan's own targets, moving along their trajectory.

    Each indicator starts about halfway to its target when the plan starts and closes the gap
    by its due date, give or take a little; the DfE figures are left as published. Seeded by
    the area's name, so the same today gives the same figures. Only once per indicator.
    """
    rng = random.Random(f"kpi:{area.name}")  # noqa: S311 — demo data, not security
    made = 0
    indicators = Indicator.objects.for_area(area).filter(
        printed__isnull=False, target__isnull=False, unit="percent"
    )
    for indicator in indicators.order_by("pk"):
        if indicator.measurements.exists() or start is None:
            continue
        for period in _past_quarters(start, today):
            value = _along(indicator, period.end, start, rng)
            actual = services.Actual(period=period, value=value, source="Demo: local figures")
            services.record_measurement(indicator=indicator, actual=actual, by=LABEL)
            made += 1
    return made


def _past_quarters(start: dt.date, today: dt.date) -> list[Period]:
    """The financial quarters that ended between the plan's start and today, the last four."""
    found: list[Period] = []
    year = start.year - 1
    while True:
        for number in range(1, 5):
            period = quarter(number, year)
            if period.end >= today:
                return found[-4:]
            if period.end >= start:
                found.append(period)
        year += 1


def _along(indicator: Indicator, day: dt.date, start: dt.date, rng: random.Random) -> Decimal:
    """The figure on the trajectory from half the target at the start to the target when due."""
    target = float(indicator.target or 0)
    due = indicator.target_on or day
    span = max((due - start).days, 1)
    share = min(max((day - start).days / span, 0.0), 1.0)
    value = target * (0.5 + 0.5 * share) + rng.uniform(-4, 3)
    return Decimal(str(round(min(max(value, 0.0), 100.0), 1)))
