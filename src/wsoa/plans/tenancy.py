"""Scope a plan to the member's area: `plan_for`, beside `core.tenancy.area_for`.

`core` is the bottom layer and cannot know plans, so the plan lookup every app's views share
lives here, built on `core.tenancy.get_in_area`.
"""

from __future__ import annotations

from wsoa.core.models import Membership
from wsoa.core.tenancy import get_in_area
from wsoa.plans.models import Plan


def plan_for(membership: Membership, plan_id: int) -> Plan:
    """Return the plan of the member's area with this id, or raise Http404."""
    plans = Plan.objects.prefetch_related("levels", "rag_levels")
    return get_in_area(plans, membership.area, pk=plan_id)
