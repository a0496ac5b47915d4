"""The scorecard's tile on the plan's dashboard: the plan's open KPI exceptions.

The figure is the length of the list it links to (the exceptions page filtered to the plan).
Registered in KpiConfig.ready().
"""

from __future__ import annotations

from django.urls import reverse

from wsoa.kpi import presenters
from wsoa.plans.panels import PlanView, Tile


def kpi_tiles(view: PlanView) -> list[Tile]:
    """The plan's open exceptions; only managers may open the list, so others see no link."""
    membership = view.membership
    count = presenters.open_exceptions(membership.area, view.plan).count()
    url = ""
    if membership.manages:
        url = reverse("kpi:exceptions", args=[membership.area.slug]) + f"?plan={view.plan.pk}"
    return [
        Tile("KPI exceptions", str(count), url, "The plan's indicators whose latest actual is red.")
    ]
