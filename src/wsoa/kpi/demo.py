"""Set up the demo instance's scorecards: the seed plans' printed targets and the DfE figures."""

from __future__ import annotations

from wsoa.core.models import LocalArea
from wsoa.kpi import dfe, services
from wsoa.kpi.models import Indicator
from wsoa.plans.models import ImpactIndicator

LABEL = "wsoa demo"
THEME = "Plan targets"


def setup_demo_indicators() -> list[str]:
    """Turn every printed target with a figure into an indicator, and load each area's DfE
    figures; return a line per area. Running it again adds nothing twice."""
    lines = []
    for area in LocalArea.objects.order_by("name"):
        made = _plan_targets(area)
        report = dfe.load_dfe(area=area, actor_label=LABEL)
        lines.append(
            f"{area.name}: {made} indicators from the plan's targets; DfE: "
            f"{report.authority or 'no match'}, {report.measurements} actuals"
        )
    return lines


def _plan_targets(area: LocalArea) -> int:
    printed = ImpactIndicator.objects.filter(plan__area=area).select_related("plan", "item")
    done = set(
        Indicator.objects.for_area(area)
        .filter(printed__isnull=False)
        .values_list("printed_id", flat=True)
    )
    made = 0
    for row in printed.order_by("plan_id", "position"):
        if row.pk in done or "%" not in (row.target_text or row.text):
            continue
        values = services.prefill_from(row)
        values.pop("reduction", None)
        values.update(theme=THEME, plan=row.plan, printed=row, items=[row.item] if row.item else [])
        services.create_indicator(area=area, by=LABEL, values=values)
        made += 1
    return made
