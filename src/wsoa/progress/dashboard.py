"""The monthly cycle's tiles on the plan's dashboard: updates missing and ratings to review.

Each figure comes from the function behind the list it links to ("Updates this period",
"Ratings to review"), so the two always agree. Registered in ProgressConfig.ready().
"""

from __future__ import annotations

from django.urls import reverse

from wsoa.plans.panels import PlanView, Tile
from wsoa.progress import permissions as can
from wsoa.progress import presenters


def progress_tiles(view: PlanView) -> list[Tile]:
    """Updates missing this period and ratings awaiting review, linked for those who may see."""
    return [_missing(view), _to_review(view)]


def _missing(view: PlanView) -> Tile:
    periods = list(view.plan.periods.all())
    period = presenters.current_period(periods, view.today)
    if period is None:
        return Tile("updates missing this period", "–", note="No reporting period is set up yet.")
    total = presenters.period_updates(view.plan, period, periods).total
    missing = len(total.missing)  # the items "Updates this period" lists as missing
    url = ""
    if can.can_see_period_updates(view.membership):
        url = reverse("progress:returns", args=[view.membership.area.slug, view.plan.pk])
    return Tile(
        "updates missing this period",
        str(missing),
        url,
        f"Of {total.expected} expected for {period.label}.",
    )


def _to_review(view: PlanView) -> Tile:
    waiting = presenters.awaiting_review(view.plan).count()  # as the list counts them
    url = ""
    if can.can_decide(view.membership, view.plan):
        url = reverse("progress:reviews", args=[view.membership.area.slug, view.plan.pk])
    return Tile(
        "ratings awaiting review", str(waiting), url, "Proposed in updates, not yet decided."
    )
