"""The plan navigation's tabs a member may open, from the permissions the views check."""

from __future__ import annotations

from django import template

from wsoa.core.models import Membership
from wsoa.plans.models import Plan
from wsoa.progress.permissions import plan_tabs

register = template.Library()


@register.simple_tag
def cycle_tabs(membership: Membership, plan: Plan) -> dict[str, bool]:
    """Return {tab name: may open} for the monthly cycle's tabs (one query at most)."""
    return plan_tabs(membership, plan)
