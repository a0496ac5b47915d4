"""A published example for the demo: one plan's public page, from the plan's own words."""

from __future__ import annotations

from wsoa.kpi.models import Indicator
from wsoa.plans.models import Plan
from wsoa.public import services
from wsoa.public.models import PublishedSnapshot

LABEL = "wsoa demo"


def publish_demo_page(plan: Plan) -> str:
    """Publish the plan's top-level items and the area's DfE timeliness figures, once.

    With each area of weakness in the inspectors' words, as a real area's plain-English
    summaries would stand.
    """
    if PublishedSnapshot.objects.filter(plan=plan).exists():
        return ""
    items = plan.items.filter(depth__lte=1).values_list("pk", flat=True)
    indicators = Indicator.objects.for_area(plan.area).filter(code__startswith="dfe_20wk")
    for finding in plan.findings.order_by("position"):
        # A real area writes each summary in plain English; the demo publishes the inspectors'
        # words so that its page shows what was found and what was promised.
        words = services.SummaryIn(finding.text, "", "", is_published=True)
        services.save_summary(finding=finding, by=None, data=words)
    services.choose_public(
        plan=plan,
        by=None,
        items=list(items),
        indicators=list(indicators.values_list("pk", flat=True)),
        updates=[],
    )
    snapshot = services.publish_plan(plan=plan, by=None)
    return f"public page published: /public/{plan.area.slug}/{plan.pk}/ (version {snapshot.number})"
