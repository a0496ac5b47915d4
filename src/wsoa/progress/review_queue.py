"""The page of "Ratings to review", read in a fixed number of queries however many are waiting.

Over three years a plan can hold thousands of updates still waiting for a decision. The page
shows a screenful of them, oldest first, with the count of all: one query finds the page's ids
and the count together (a window over the same scan), one reads those rows with what the cards
show, one their evidence and one which of their items' ratings are confirmed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.urls import reverse

from wsoa.plans.models import Plan
from wsoa.plans.presenters.rating import confirmed_ids
from wsoa.progress.models import ProgressUpdate
from wsoa.progress.presenters import awaiting_review

PER_PAGE = 20  # a screenful a manager reviews before moving on; the rest are a page away
PLACEHOLDER = 2147483647  # an id no row has, reversed once and replaced by each row's


def link_of(name: str, slug: str, plan_id: int) -> Callable[[int], str]:
    """The address of `name` for any row of the plan: reversed once, not once a row."""
    head, _, tail = reverse(name, args=[slug, plan_id, PLACEHOLDER]).rpartition(f"/{PLACEHOLDER}/")
    return lambda pk: f"{head}/{pk}/{tail}"


def ratings_to_review(plan: Plan, page: str | None, slug: str = "") -> Page[ProgressUpdate]:
    """One page of the plan's updates still waiting for a decision, oldest first.

    With the area's `slug`, each update carries the addresses of its item and of its decision
    (`item_url`, `decide_url`)."""
    number = _number(page)
    ids, total = _page_ids(plan, number)
    if not ids and number > 1:  # past the end: the last page, as Paginator.get_page does
        total = awaiting_review(plan).count()
        number = max(1, -(-total // PER_PAGE))
        ids, total = _page_ids(plan, number)
    paginator: Paginator[ProgressUpdate] = Paginator([], PER_PAGE)
    paginator.__dict__["count"] = total  # known from the window: no second scan
    rows = _rows(ids)
    if slug:
        item_url = link_of("progress:item", slug, plan.pk)
        decide_url = link_of("progress:decide", slug, plan.pk)
        for update in rows:
            update.item_url = item_url(update.item_id)  # type: ignore[attr-defined]
            update.decide_url = decide_url(update.pk)  # type: ignore[attr-defined]
    return Page(rows, number, paginator)


def _number(page: str | None) -> int:
    try:
        return min(max(1, int(page or 1)), 100_000)  # past the end shows the last page
    except (TypeError, ValueError):
        return 1


def _page_ids(plan: Plan, number: int) -> tuple[list[int], int]:
    start = (number - 1) * PER_PAGE
    found = list(
        awaiting_review(plan)
        .annotate(total=Window(Count("id")))
        .order_by("created_at", "id")
        .values_list("id", "total")[start : start + PER_PAGE]
    )
    return [row[0] for row in found], (found[0][1] if found else 0)


def _rows(ids: list[int]) -> list[ProgressUpdate]:
    if not ids:
        return []
    updates = list(
        ProgressUpdate.objects.filter(pk__in=ids)
        .select_related("item", "author", "period")
        .prefetch_related("evidence")
        .order_by("created_at", "id")
    )
    confirmed = confirmed_ids(update.item_id for update in updates)  # one query for the page
    for update in updates:
        update.item.rating_confirmed = update.item_id in confirmed  # type: ignore[attr-defined]
    return updates
