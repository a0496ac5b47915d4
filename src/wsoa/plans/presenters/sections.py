"""The rows behind the smaller pages: a user's areas, and a plan's findings, people and boards."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from wsoa.core.models import Membership
from wsoa.plans.models import (
    Finding,
    GlossaryEntry,
    Item,
    ItemPerson,
    Person,
    Plan,
)
from wsoa.plans.presenters.boards import BoardRow, board_rows

CURRENT_ITEMS = Count("items", filter=Q(items__withdrawn_at__isnull=True))


def memberships_with_plans(user: Any) -> QuerySet[Membership]:
    """Return the user's memberships, each area with its plans and their item counts."""
    plans = Plan.objects.annotate(item_count=CURRENT_ITEMS).order_by("title", "id")
    return (
        Membership.objects.for_user(user)
        .select_related("area")
        .prefetch_related(Prefetch("area__plans", queryset=plans, to_attr="plan_list"))
        .order_by("area__name")
    )


def area_plans(membership: Membership) -> QuerySet[Plan]:
    """Return the plans of the member's area with their item counts."""
    return (
        Plan.objects.for_area(membership.area)
        .annotate(item_count=CURRENT_ITEMS)
        .order_by("title", "id")
    )


def plan_findings(plan: Plan) -> QuerySet[Finding]:
    """Return the plan's findings with their quotes and the items that answer them."""
    return Finding.objects.filter(plan=plan).prefetch_related(
        "quotes", Prefetch("items", queryset=Item.objects.order_by("position"))
    )


def plan_people(plan: Plan) -> QuerySet[Person]:
    """Return the people the plan names, with the items they lead or partner on."""
    roles = ItemPerson.objects.select_related("item").order_by("item__position", "id")
    return Person.objects.filter(plan=plan).prefetch_related(
        Prefetch("item_roles", queryset=roles), "board_seats__board"
    )


def plan_glossary(plan: Plan) -> QuerySet[GlossaryEntry]:
    """Return the plan's glossary in term order."""
    return GlossaryEntry.objects.filter(plan=plan)


def plan_boards(plan: Plan) -> list[BoardRow]:
    """Return the plan's boards with their members and next meetings."""
    return board_rows(plan)
