"""Tiles of a plan's dashboard that the apps above plans provide.

plans may not import progress, kpi or reports (import-linter's layers), yet the dashboard at the
top of the plan page shows their counts. So each of those apps registers a tile source here in its
AppConfig.ready(), and the plan page shows what is registered, in order. A source counts its own
things, decides what the member may open, and links to the list its count comes from. See
docs/adr/0018-plan-dashboard-tiles-registered-by-higher-apps.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from wsoa.core.models import Membership
from wsoa.plans.models import Plan


@dataclass(frozen=True)
class Tile:
    """One figure of the dashboard: what it counts, and the list it counts when the member may
    open it (`url` is "" when they may not, and the tile is shown without a link)."""

    name: str  # read after the figure: "12" "overdue"
    figure: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class PlanView:
    """Who is looking at which plan, and on what day."""

    membership: Membership
    plan: Plan
    today: dt.date


TileSource = Callable[[PlanView], Iterable[Tile]]

_sources: dict[str, tuple[int, TileSource]] = {}


def register(name: str, source: TileSource, *, order: int) -> None:
    """Add a source of tiles; registering the same name again replaces it (ready() may rerun)."""
    _sources[name] = (order, source)


def registered() -> list[str]:
    """Return the names of the sources, in the order their tiles are shown."""
    return [name for name, _ in sorted(_sources.items(), key=lambda pair: (pair[1][0], pair[0]))]


def tiles(view: PlanView) -> list[Tile]:
    """Return the tiles of every registered source, in order."""
    return [tile for name in registered() for tile in _sources[name][1](view)]
