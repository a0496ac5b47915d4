"""A plan's boards as the Boards tab and the meetings page show them: with their next meetings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Prefetch
from django.utils import timezone

from wsoa.plans.models import Board, BoardMember, Plan
from wsoa.plans.rhythm import rhythm_of, schedule, with_changes


@dataclass
class BoardRow:
    """A board, when it last met (a meeting recorded in wsoa) and the meetings its rhythm gives."""

    board: Board
    last_held_on: dt.date | None = None
    upcoming: list[dt.date] = field(default_factory=list)

    @property
    def meets(self) -> str:
        """How often the board meets: its weeks, else its cadence as printed."""
        weeks = self.board.every_weeks
        if weeks:
            return "Every week" if weeks == 1 else f"Every {weeks} weeks"
        return self.board.cadence_text

    @property
    def next_on(self) -> dt.date | None:
        return self.upcoming[0] if self.upcoming else None


def upcoming_meetings(
    board: Board, *, last_held_on: dt.date | None, today: dt.date, changes: Sequence[Any] = ()
) -> list[dt.date]:
    """The meetings the board's rhythm gives after its last meeting (or from today), with the
    schedule's changes (reports' planned meetings: dates added, moved or cancelled) applied."""
    rhythm = rhythm_of(board.every_weeks, board.cadence_text)
    dates = []
    if rhythm is not None:
        start = rhythm.after(last_held_on) if last_held_on else today
        dates = schedule(rhythm, start=start, today=today)
    removed = {c.moved_from for c in changes if c.moved_from} | {
        c.on for c in changes if c.cancelled
    }
    added = {c.on for c in changes if not c.cancelled}
    return with_changes(dates, removed=removed, added=added, today=today)


def board_rows(plan: Plan, *, today: dt.date | None = None) -> list[BoardRow]:
    """The plan's boards with their chair, members, the board above and their next meetings."""
    day = today or timezone.localdate()
    members = BoardMember.objects.select_related("person")
    boards = (
        Board.objects.filter(plan=plan)
        .select_related("chair", "reports_to")
        .prefetch_related(Prefetch("members", queryset=members), "planned_meetings")
        .annotate(last_held_on=Max("meetings__held_on"))  # reports' meetings, by their relation
    )
    rows = []
    for board in boards:
        last: dt.date | None = getattr(board, "last_held_on", None)
        changes = list(board.planned_meetings.all())
        upcoming = upcoming_meetings(board, last_held_on=last, today=day, changes=changes)
        rows.append(BoardRow(board, last, upcoming))
    return rows
