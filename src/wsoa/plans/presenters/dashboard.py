"""The plan's dashboard: ratings by top-level item as a chart and table, and the tiles.

The tiles plans counts itself (overdue, due soon, slipped) use the same queryset methods as the
plan page's filters, so each figure equals the number of items its link lists. The other tiles
come from the apps above plans through wsoa.plans.panels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from wsoa.core.models import Membership
from wsoa.plans import panels, ratingchart
from wsoa.plans.models import DUE_SOON_DAYS, Item, ItemQuerySet, Plan
from wsoa.plans.panels import PlanView, Tile
from wsoa.plans.presenters.wording import SHORT_TITLE_WORDS, item_label, level_names
from wsoa.plans.rag import Rag

NO_RATING = "none"
RATINGS = [
    ratingchart.Rating(Rag.RED, "Red", "#d4351c"),
    ratingchart.Rating(Rag.AMBER, "Amber", "#f47738", ink="#0b0c0c"),
    ratingchart.Rating(Rag.GREEN, "Green", "#00703c"),
    ratingchart.Rating(Rag.BLUE, "Blue (complete)", "#1d70b8"),
    ratingchart.Rating(Rag.NOT_STARTED, "Not started", "#505a5f"),
    ratingchart.Rating(Rag.NOT_DUE, "Not yet due", "#4c2c92"),
    ratingchart.Rating(NO_RATING, "No rating", "#b1b4b6", ink="#0b0c0c"),
]


@dataclass
class Dashboard:
    """What the top of the plan page shows."""

    top_level: str  # the plan's word for its top level: "Workstream"
    ratings: list[ratingchart.Rating]  # the ratings some item has, in the scale's order
    bars: list[ratingchart.Bar]
    anchors: list[int]  # the top-level item of each bar, for a link to it in the tree
    chart: SafeString
    tiles: list[Tile]

    @property
    def rows(self) -> list[tuple[ratingchart.Bar, int, list[int]]]:
        """Each bar with its item's id and its counts in the order of the table's columns."""
        return [
            (bar, pk, [bar.counts.get(r.code, 0) for r in self.ratings])
            for bar, pk in zip(self.bars, self.anchors, strict=True)
        ]


def plan_dashboard(membership: Membership, plan: Plan, today: dt.date) -> Dashboard:
    """Return the plan's dashboard for this member, from a fixed number of queries."""
    return with_tiles(plan_figures(membership, plan, today), other_tiles(membership, plan, today))


def other_tiles(membership: Membership, plan: Plan, today: dt.date) -> list[Tile]:
    """The tiles of the apps above plans, as this member sees them."""
    return panels.tiles(PlanView(membership, plan, today))


def with_tiles(figures: Dashboard, tiles: list[Tile]) -> Dashboard:
    """The dashboard of these figures, with these tiles after the plan's own."""
    return replace(figures, tiles=[*figures.tiles, *tiles])


def plan_figures(membership: Membership, plan: Plan, today: dt.date) -> Dashboard:
    """Return the chart and the plan's own tiles: what only the plan's items decide, the same
    for every member of the area."""
    items = list(
        Item.objects.filter(plan=plan)
        .current()
        .order_by("position", "id")
        .only("id", "parent_id", "depth", "level", "number", "title", "rag")
    )
    names = level_names(plan, items)
    tops = [item for item in items if item.parent_id is None]
    bars = _bars(items, tops, names)
    used = [r for r in RATINGS if any(bar.counts.get(r.code) for bar in bars)]
    top_level = names.get(0, "Top-level item")
    chart = ratingchart.svg(
        f"Ratings of the items in each {top_level.lower()}",
        _describe(bars, top_level),
        used,
        bars,
    )
    tiles = own_tiles(PlanView(membership, plan, today))
    anchors = [top.pk for top in tops]
    return Dashboard(top_level, used, bars, anchors, mark_safe(chart), tiles)  # noqa: S308 — ratingchart escapes its text


def _bars(items: list[Item], tops: list[Item], names: dict[int, str]) -> list[ratingchart.Bar]:
    """Count each top-level item and the items under it by rating."""
    parent = {item.pk: item.parent_id for item in items}
    counts: dict[int, dict[str, int]] = {top.pk: {} for top in tops}
    for item in items:
        top = _top_of(item.pk, parent)
        if top in counts:
            code = item.rag or NO_RATING
            counts[top][code] = counts[top].get(code, 0) + 1
    return [ratingchart.Bar(top_name(top, names), counts[top.pk]) for top in tops]


def _top_of(pk: int, parent: dict[int, int | None]) -> int:
    seen: set[int] = set()
    while parent.get(pk) is not None and pk not in seen:
        seen.add(pk)
        pk = parent[pk]  # type: ignore[assignment]
    return pk


def top_name(item: Item, names: dict[int, str]) -> str:
    """Name a top-level item by its label and its words: "Workstream 1: Safeguarding…"."""
    label = item_label(item, names)
    if not item.number:
        return label  # an unnumbered item's label is already its level and first words
    words = item.title.split()
    short = " ".join(words[:SHORT_TITLE_WORDS])
    return f"{label}: {short}…" if len(words) > SHORT_TITLE_WORDS else f"{label}: {short}"


def _describe(bars: list[ratingchart.Bar], top_level: str) -> str:
    """Say in words what the chart shows, for those who cannot see it."""
    total = sum(bar.total for bar in bars)
    return (
        f"A bar for each of the plan's {len(bars)} {top_level.lower()} level items, split by "
        f"the rating of the {total} items in it and under it. The table that follows gives "
        "the same figures."
    )


def own_tiles(view: PlanView) -> list[Tile]:
    """The tiles plans counts: overdue, due soon and slipped items, each a filter of the plan.

    One query: each count is of the items the plan page's filter of the same name keeps."""
    items: ItemQuerySet = Item.objects.filter(plan=view.plan).current()
    found = {
        "overdue": items.overdue(view.today),
        "due_soon": items.due_soon(view.today),
        "slipped": items.slipped(),
    }
    counts = items.aggregate(
        **{name: Count("pk", filter=Q(pk__in=rows.values("pk"))) for name, rows in found.items()}
    )
    url = reverse("plans:plan", args=[view.membership.area.slug, view.plan.pk])
    return [
        Tile(name, str(counts[key]), f"{url}?{key}=on#found", note) for key, name, note in OWN_TILES
    ]


OWN_TILES = [
    ("overdue", "overdue", "Items past their due date and not complete."),
    ("due_soon", f"due in the next {DUE_SOON_DAYS} days", "Items not complete that fall due soon."),
    ("slipped", "slipped", "Items now due later than the plan first said."),
]
