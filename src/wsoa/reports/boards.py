"""The changes of a plan's boards: adding and editing a board and its members. Each is audited.

Members are people of the plan; a person not yet in the plan can be added with their role and
organisation (`add_person`). The meeting dates a board's rhythm gives are in
`plans.presenters.boards`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from wsoa.core.audit import record_event
from wsoa.plans.models import Board, BoardMember, Person, Plan
from wsoa.progress import authoring
from wsoa.reports.models import PlannedMeeting
from wsoa.reports.services import ReportError

FIELDS = (
    "name",
    "purpose",
    "chair",
    "cadence_text",
    "every_weeks",
    "reports_to",
    "reports_to_text",
)


@dataclass
class BoardIn:
    """What a board holds, as a manager writes it."""

    name: str
    purpose: str = ""
    chair: Person | None = None
    cadence_text: str = ""
    every_weeks: int | None = None
    reports_to: Board | None = None
    reports_to_text: str = ""
    members: list[Person] = field(default_factory=list)


def default_board_name(plan: Plan) -> str:
    """The name offered for a plan's first board: "<area> SEND Improvement Board"."""
    return f"{plan.area.name} SEND Improvement Board"


def add_board(*, plan: Plan, by: Any, board: BoardIn) -> Board:
    """Add a board to the plan with its members."""
    _check(plan, board, None)
    with transaction.atomic():
        row = Board.objects.create(plan=plan, **_values(board))
        changes = {name: {"before": None, "after": _shown(getattr(row, name))} for name in FIELDS}
        record_event(
            obj=row, by=by, action="board.added", summary=f"Added {row.name}", changes=changes
        )
        _set_members(row, board.members, by)
    return row


def change_board(*, board: Board, by: Any, fields: BoardIn) -> Board:
    """Change a board's fields and members; only what changed is audited."""
    _check(board.plan, fields, board)
    with transaction.atomic():
        before = {name: getattr(board, name) for name in FIELDS}
        for name, value in _values(fields).items():
            setattr(board, name, value)
        changes = {
            name: {"before": _shown(old), "after": _shown(getattr(board, name))}
            for name, old in before.items()
            if old != getattr(board, name)
        }
        if changes:
            board.save()
            record_event(
                obj=board,
                by=by,
                action="board.edited",
                summary=f"Edited {board.name}",
                changes=changes,
            )
        _set_members(board, fields.members, by)
    return board


def add_person(*, plan: Plan, by: Any, name: str, role: str = "", organisation: str = "") -> Person:
    """Add a person to the plan's people, to be a board's member or chair (one way: authoring's)."""
    try:
        return authoring.add_person(
            plan=plan, by=by, name=name, role=role, organisation=organisation
        )
    except authoring.AuthoringError as error:
        raise ReportError(str(error)) from error


def _check(plan: Plan, board: BoardIn, row: Board | None) -> None:
    if not board.name.strip():
        raise ReportError("Enter the name of the board.")
    same_name = plan.boards.filter(name__iexact=board.name.strip())
    if row is not None:
        same_name = same_name.exclude(pk=row.pk)
    if same_name.exists():
        raise ReportError(f"This plan already has a board called {board.name.strip()}.")
    people = [*board.members, *([board.chair] if board.chair else [])]
    if any(person.plan_id != plan.pk for person in people):
        raise ReportError("Members and the chair must be people of this plan.")
    target = board.reports_to
    if target is not None and (target.plan_id != plan.pk or (row and target.pk == row.pk)):
        raise ReportError("A board reports to another board of this plan.")
    if target is not None and row is not None and _reports_up_to(target, row):
        raise ReportError(f"{target.name} already reports to {row.name}, so it cannot be above it.")


def _reports_up_to(start: Board, row: Board) -> bool:
    seen: set[int] = set()
    board: Board | None = start
    while board is not None and board.pk not in seen:
        if board.pk == row.pk:
            return True
        seen.add(board.pk)
        board = board.reports_to
    return False


def _values(board: BoardIn) -> dict[str, Any]:
    return {
        "name": board.name.strip(),
        "purpose": board.purpose.strip(),
        "chair": board.chair,
        "cadence_text": board.cadence_text.strip(),
        "every_weeks": board.every_weeks,
        "reports_to": board.reports_to,
        "reports_to_text": board.reports_to_text.strip(),
    }


def _shown(value: Any) -> Any:
    return str(value) if isinstance(value, (Board, Person)) else value


def _set_members(board: Board, people: list[Person], by: Any) -> None:
    """Make the board's members these people: those staying keep their order, new ones follow.

    Each member added or removed is audited.
    """
    seats = list(board.members.select_related("person"))
    wanted = list(dict.fromkeys(people))
    for seat in seats:
        if seat.person not in wanted:
            record_event(
                obj=board,
                by=by,
                action="board_member.removed",
                summary=f"{seat.person.name} left {board.name}",
                changes={"member": {"before": seat.person.name, "after": None}},
            )
            seat.delete()
    staying = [seat for seat in seats if seat.person in wanted]
    held = {seat.person_id for seat in staying}
    for position, seat in enumerate(staying):
        if seat.position != position:
            seat.position = position
            seat.save(update_fields=["position"])
    for position, person in enumerate((p for p in wanted if p.pk not in held), start=len(staying)):
        added = BoardMember.objects.create(board=board, person=person, position=position)
        record_event(
            obj=added,
            by=by,
            action="board_member.added",
            summary=f"{person.name} joined {board.name}",
            changes={"member": {"before": None, "after": person.name}},
        )


def add_meeting_date(*, board: Board, by: Any, on: dt.date, note: str = "") -> PlannedMeeting:
    """Add a date to the board's meeting schedule."""
    row = PlannedMeeting.objects.create(board=board, on=on, note=note.strip(), created_by=by)
    record_event(
        obj=row,
        by=by,
        action="planned_meeting.added",
        summary=f"Planned a meeting of {board.name} on {on:%d %B %Y}",
        changes={"on": {"before": None, "after": on.isoformat()}},
    )
    return row


def move_meeting_date(
    *, board: Board, by: Any, from_on: dt.date, to_on: dt.date, note: str = ""
) -> PlannedMeeting:
    """Move a planned meeting to another date; the old date leaves the schedule."""
    if from_on == to_on:
        raise ReportError("Enter a date different from the one it is on now.")
    with transaction.atomic():
        _drop_added(board, from_on)
        row = PlannedMeeting.objects.create(
            board=board, on=to_on, moved_from=from_on, note=note.strip(), created_by=by
        )
        record_event(
            obj=row,
            by=by,
            action="planned_meeting.moved",
            summary=f"Moved the meeting of {board.name} to {to_on:%d %B %Y}",
            changes={"on": {"before": from_on.isoformat(), "after": to_on.isoformat()}},
        )
    return row


def cancel_meeting_date(*, board: Board, by: Any, on: dt.date) -> PlannedMeeting:
    """Take a date off the board's schedule; the change is kept as a row."""
    with transaction.atomic():
        _drop_added(board, on)
        row = PlannedMeeting.objects.create(board=board, on=on, cancelled=True, created_by=by)
        record_event(
            obj=row,
            by=by,
            action="planned_meeting.cancelled",
            summary=f"Cancelled the meeting of {board.name} on {on:%d %B %Y}",
            changes={"on": {"before": on.isoformat(), "after": None}},
        )
    return row


def _drop_added(board: Board, on: dt.date) -> None:
    """Mark dates added (or moved) to `on` as cancelled, so the date leaves the schedule."""
    board.planned_meetings.filter(on=on, cancelled=False).update(cancelled=True)
