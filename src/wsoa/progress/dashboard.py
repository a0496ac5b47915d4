"""The monthly cycle's tiles on the plan's dashboard: updates missing and ratings to review.

Each figure counts what the list it links to lists ("Updates this period", "Ratings to review"):
the ratings from the same queryset, the updates missing in one query by the rule of
`presenters.period_updates` (tests/progress/test_missing_tile.py checks they agree). The plan page
builds these tiles again after every update, so they must stay cheap. Registered in
ProgressConfig.ready().
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from wsoa.plans.models import Item, ItemPerson, Plan
from wsoa.plans.panels import PlanView, Tile
from wsoa.plans.rag import Rag
from wsoa.progress import permissions as can
from wsoa.progress import presenters
from wsoa.progress.models import Assignment, ProgressUpdate, ReportingPeriod


def progress_tiles(view: PlanView) -> list[Tile]:
    """Updates missing this period and ratings awaiting review, linked for those who may see."""
    return [_missing(view), _to_review(view)]


def _missing(view: PlanView) -> Tile:
    periods = list(view.plan.periods.all())
    period = presenters.current_period(periods, view.today)
    if period is None:
        return Tile("updates missing this period", "–", note="No reporting period is set up yet.")
    expected, missing = missing_updates(view.plan, period)
    url = ""
    if can.can_see_period_updates(view.membership):
        url = reverse("progress:returns", args=[view.membership.area.slug, view.plan.pk])
    return Tile(
        "updates missing this period",
        str(missing),
        url,
        f"Of {expected} expected for {period.label}.",
    )


def missing_updates(plan: Plan, period: ReportingPeriod) -> tuple[int, int]:
    """How many updates the period expects and how many of them are missing, in one query.

    As "Updates this period" counts them: an item still in the plan and not complete is
    expected when it has a lead or an assigned user, and received when it has an update for
    the period."""
    led = ItemPerson.objects.filter(item__plan=plan, part=ItemPerson.Part.LEAD).values("item_id")
    assigned = Assignment.objects.filter(item__plan=plan).values("item_id")
    received = ProgressUpdate.objects.filter(period=period).values("item_id")
    expected = (
        Item.objects.filter(plan=plan)
        .current()
        .exclude(rag=Rag.BLUE)
        .filter(Q(pk__in=led) | Q(pk__in=assigned))
    )
    counts = expected.aggregate(
        expected=Count("pk"), received=Count("pk", filter=Q(pk__in=received))
    )
    return counts["expected"], counts["expected"] - counts["received"]


def _to_review(view: PlanView) -> Tile:
    waiting = presenters.awaiting_review(view.plan).count()  # as the list counts them
    url = ""
    if can.can_decide(view.membership, view.plan):
        url = reverse("progress:reviews", args=[view.membership.area.slug, view.plan.pk])
    return Tile(
        "ratings awaiting review", str(waiting), url, "Proposed in updates, not yet decided."
    )
