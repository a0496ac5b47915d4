"""The boards' tile on the plan's dashboard: the next board meeting.

The date is the first on the schedule its link opens (the board's meetings page), from the same
rhythm and changes. Registered in ReportsConfig.ready().
"""

from __future__ import annotations

from django.urls import reverse

from wsoa.core.dates import long_date
from wsoa.plans.panels import PlanView, Tile
from wsoa.plans.presenters.boards import board_rows


def meeting_tiles(view: PlanView) -> list[Tile]:
    """The plan's next board meeting, whichever board it is; every role may open the schedule."""
    slug, plan_id = view.membership.area.slug, view.plan.pk
    ahead = [(day, row) for row in board_rows(view.plan, today=view.today) if (day := row.next_on)]
    if not ahead:
        url = reverse("plans:boards", args=[slug, plan_id])
        return [Tile("next board meeting", "None planned", url, "No board has a date ahead.")]
    day, row = min(ahead, key=lambda pair: (pair[0], pair[1].board.pk))
    url = reverse("reports:board_schedule", args=[slug, plan_id, row.board.pk])
    return [Tile("next board meeting", long_date(day), url, row.board.name)]
