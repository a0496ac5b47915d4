"""The boards' tile on the plan's dashboard: the next board meeting.

The date is the first on the schedule its link opens (the board's meetings page), from the same
rhythm and changes. Boards that have not met in wsoa and have no date set by a manager are left
out: their rhythm is counted from today, so it gives no real date. Registered in
ReportsConfig.ready().
"""

from __future__ import annotations

from django.urls import reverse

from wsoa.core.dates import long_date
from wsoa.plans.panels import PlanView, Tile
from wsoa.plans.presenters.boards import BoardRow, board_rows


def meeting_tiles(view: PlanView) -> list[Tile]:
    """The plan's next board meeting, whichever board it is; every role may open the schedule."""
    slug, plan_id = view.membership.area.slug, view.plan.pk
    rows = [row for row in board_rows(view.plan, today=view.today) if _anchored(row)]
    ahead = [(day, row) for row in rows if (day := row.next_on)]
    if not ahead:
        url = reverse("plans:boards", args=[slug, plan_id])
        return [Tile("next board meeting", "None planned", url, "No board has a date ahead.")]
    day, row = min(ahead, key=lambda pair: (pair[0], pair[1].board.pk))
    url = reverse("reports:board_schedule", args=[slug, plan_id, row.board.pk])
    return [Tile("next board meeting", long_date(day), url, row.board.name)]


def _anchored(row: BoardRow) -> bool:
    """Whether the board's dates rest on something known: a meeting it held in wsoa, or a date
    a manager set. A board that has neither gets its rhythm counted from today, which would put
    "today" on the tile every day."""
    return row.last_held_on is not None or any(
        not change.cancelled for change in row.board.planned_meetings.all()
    )
