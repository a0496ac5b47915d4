"""Scope a plan to the member's area: `plan_for`, beside `core.tenancy.area_for`.

`core` is the bottom layer and cannot know plans, so the plan lookup every app's views share
lives here, built on `core.tenancy.get_in_area`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from wsoa.core.models import Membership
from wsoa.core.tenancy import get_in_area
from wsoa.plans.models import Plan

Part = Literal["levels", "rag_levels"]
ALL_PARTS: tuple[Part, ...] = ("levels", "rag_levels")


def plan_for(membership: Membership, plan_id: int, *, parts: Collection[Part] = ALL_PARTS) -> Plan:
    """Return the plan of the member's area with this id, or raise Http404.

    Read with it: `parts`, the plan's level names (`levels`) and its RAG words (`rag_levels`);
    by default both. A page that never reads one of them names only what it reads, and saves a
    query for each left out. Leave out only what the page reads at most once (each read of a
    part not read with the plan is a query of its own).
    """
    plans = Plan.objects.prefetch_related(*parts)
    return get_in_area(plans, membership.area, pk=plan_id)
