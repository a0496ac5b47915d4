"""Who may do what in the monthly cycle. Reading is any role in the area (see core.tenancy).

- Read and comment: every role (area admin, plan manager, contributor, board member, forum rep).
- Post an update: area admins and plan managers on any item; contributors on the items they
  lead (through the plan's person linked to their account) or are assigned to.
- Confirm or return a proposed RAG: area admins and plan managers; board members too when the
  plan's cycle says the board confirms.
- See expected-versus-received updates by owner: managers and board members.
- Manage the cycle (edit items, periods, settings, assignments, owners' accounts, reminders sent
  now): managers.

`plan_tabs` says which of these pages the plan's navigation shows a member: the same checks the
views make, so a tab is shown exactly when following it is allowed.
"""

from __future__ import annotations

from typing import Any

from wsoa.core.models import Membership, Role
from wsoa.plans.models import Item, Plan
from wsoa.progress.models import Confirmer, PlanSettings


def owns(user: Any, item: Item) -> bool:
    """Say whether the user leads the item (through the plan's person) or is assigned to it."""
    return Item.objects.filter(pk=item.pk).owned_by(user).exists()


def can_update(membership: Membership, item: Item) -> bool:
    if item.withdrawn_at is not None:
        return False
    if membership.manages:
        return True
    return membership.role == Role.CONTRIBUTOR and owns(membership.user, item)


def can_decide(membership: Membership, plan: Plan) -> bool:
    if membership.manages:
        return True
    if membership.role != Role.BOARD_MEMBER:
        return False
    return PlanSettings.objects.for_plan(plan).rag_confirmed_by == Confirmer.BOARD


def can_see_period_updates(membership: Membership) -> bool:
    """See "Updates this period" (expected against received by owner): managers, and the board
    that holds them to account."""
    return membership.manages or membership.role == Role.BOARD_MEMBER


def can_manage_cycle(membership: Membership) -> bool:
    """Change periods and settings, link owners' accounts and send reminders now: managers."""
    return membership.manages


def plan_tabs(membership: Membership, plan: Plan) -> dict[str, bool]:
    """Which of the monthly cycle's plan pages the member may open, by navigation tab name.

    The plan's other tabs are read by every role in the area.
    """
    return {
        "returns": can_see_period_updates(membership),
        "reviews": can_decide(membership, plan),
        "owners": can_manage_cycle(membership),
    }
