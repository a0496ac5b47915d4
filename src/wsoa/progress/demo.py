"""The demo instance's monthly cycle: periods around today and an owner with items to update."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from wsoa.core.dates import month_end
from wsoa.plans.models import ItemPerson, Person, Plan
from wsoa.progress import services

MONTHS_BEFORE, MONTHS_AFTER = 3, 8


def setup_demo_cycle(plan: Plan, owner: Any, today: dt.date) -> list[str]:
    """Give a plan monthly periods around today and link its busiest lead to `owner`."""
    lines = []
    if not plan.periods.exists():
        first = _add_months(today.replace(day=1), -MONTHS_BEFORE)
        last = month_end(_add_months(today.replace(day=1), MONTHS_AFTER))
        count = services.generate_periods(plan=plan, by=None, first=first, last=last, months=1)
        lines.append(f"{count} monthly reporting periods")
    if owner is not None and not Person.objects.filter(plan=plan, user=owner).exists():
        leads = Q(item_roles__part=ItemPerson.Part.LEAD)
        busiest = (
            Person.objects.filter(plan=plan, user__isnull=True)
            .annotate(led=Count("item_roles", filter=leads))
            .filter(led__gt=0)
            .order_by("-led", "name")
            .first()
        )
        if busiest is not None:
            services.link_person(person=busiest, user=owner, by=None)
            lines.append(f"{owner.get_username()} signs in as {busiest.name}")
    return lines


def _add_months(day: dt.date, n: int) -> dt.date:
    month = day.month - 1 + n
    return dt.date(day.year + month // 12, month % 12 + 1, 1)
