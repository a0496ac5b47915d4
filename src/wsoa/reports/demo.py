"""The demo's board meetings: a board for the plan, meetings with decisions, and their packs.

The demo (`wsoa demo`) calls these as of the day each happened, so the rows read as in real use.
A pack's figures are gathered on the day it was made (`gather_pack`, quick); rendering its files
(`finish_pack`, slow) can happen later, even in another process: the gathered pack is plain JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from wsoa.plans.models import Board, Item, Plan
from wsoa.plans.rag import Rag
from wsoa.reports import boards, services
from wsoa.reports.content import build_pack
from wsoa.reports.models import Meeting, PackSnapshot, PointKind
from wsoa.reports.window import Window, window_for

Pending = dict[str, Any]  # a gathered pack, as JSON: see gather_pack

MEMBERS_AT_MEETING = 8


def demo_board(plan: Plan, by: Any) -> Board:
    """The plan's first board, or a new one meeting every eight weeks when it printed none."""
    found = plan.boards.order_by("pk").first()
    if found is not None:
        return found
    board = boards.BoardIn(
        name=boards.default_board_name(plan), cadence_text="Every eight weeks", every_weeks=8
    )
    return boards.add_board(plan=plan, by=by, board=board)


def has_meetings(plan: Plan) -> bool:
    return Meeting.objects.filter(board__plan=plan).exists()


def hold_meeting(*, board: Board, by: Any, held_on: dt.date, next_on: dt.date) -> Meeting:
    """Record a meeting with the standing agenda, its members present, and what it decided."""
    members = [seat.person for seat in board.members.select_related("person")]
    meeting = services.record_meeting(
        board=board,
        by=by,
        held_on=held_on,
        agenda=services.draft_agenda(board.plan),
        attendees=members[:MEMBERS_AT_MEETING],
    )
    items = Item.objects.filter(plan=board.plan).current()
    complete = items.filter(rag=Rag.BLUE).count()
    services.add_point(
        meeting=meeting,
        by=by,
        point=services.PointIn(
            kind=PointKind.DECISION,
            text=f"Noted the progress report: {complete} of {items.count()} items complete.",
        ),
    )
    slipped = [i for i in items.filter(current_due__isnull=False).order_by("position") if i.slipped]
    if slipped:
        text = "Agreed the revised dates for " + ", ".join(_name(i) for i in slipped[:3]) + "."
        point = services.PointIn(kind=PointKind.DECISION, text=text, items=slipped[:3])
        services.add_point(meeting=meeting, by=by, point=point)
    for item in items.filter(rag=Rag.RED).order_by("position")[:2]:
        point = services.PointIn(
            kind=PointKind.ACTION,
            text=f"Bring a recovery plan for {_name(item)} to the next meeting.",
            owner_text=_lead(item),
            due_on=next_on,
            items=[item],
        )
        services.add_point(meeting=meeting, by=by, point=point)
    return meeting


def make_pack(*, board: Board, by: Any, next_on: dt.date) -> PackSnapshot:
    """The board pack for the next meeting, generated and frozen as in real use."""
    return services.generate_pack(plan=board.plan, by=by, board=board, next_meeting_on=next_on)


def gather_pack(*, board: Board, by: Any, next_on: dt.date) -> Pending:
    """The figures of the pack for the meeting on `next_on`, as of now, ready to render later."""
    window = window_for(board.plan, board=board, next_meeting_on=next_on)
    data = build_pack(board.plan, window, board=board)
    return {
        "board": board.pk,
        "by": by.pk,
        "made_at": timezone.now().isoformat(),
        "window": {
            "start_at": window.start_at.isoformat() if window.start_at else None,
            "end_at": window.end_at.isoformat(),
            "next_meeting_on": window.next_meeting_on.isoformat(),
            "basis": window.basis,
        },
        # as a snapshot stores it (JSON), so a pack finished in another process is the same
        "data": json.loads(json.dumps(data, cls=DjangoJSONEncoder)),
    }


def made_at(pending: Pending) -> dt.datetime:
    return dt.datetime.fromisoformat(pending["made_at"])


def finish_pack(pending: Pending) -> PackSnapshot | None:
    """Render a gathered pack and freeze it; None when that meeting's pack exists already."""
    board = Board.objects.select_related("plan__area").filter(pk=pending["board"]).first()
    if board is None:  # gathered for a database since emptied
        return None
    found = pending["window"]
    window = Window(
        start_at=dt.datetime.fromisoformat(found["start_at"]) if found["start_at"] else None,
        end_at=dt.datetime.fromisoformat(found["end_at"]),
        next_meeting_on=dt.date.fromisoformat(found["next_meeting_on"]),
        basis=found["basis"],
    )
    if PackSnapshot.objects.filter(board=board, next_meeting_on=window.next_meeting_on).exists():
        return None
    by = get_user_model().objects.get(pk=pending["by"])
    files = services.render_files(window, pending["data"])
    return services.save_pack(plan=board.plan, by=by, board=board, files=files)


def _name(item: Item) -> str:
    return f"{item.level or 'item'} {item.number.rstrip(').')}".strip()


def _lead(item: Item) -> str:
    lead = item.people.filter(part="lead").order_by("position").first()
    return lead.text[:300] if lead is not None else ""
