"""How plan data reads on a page: dates in words, item labels, level names, RAG wording.

No queries here: everything works on rows already fetched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from wsoa.core.dates import long_date
from wsoa.plans.models import DueDate, Item, Plan
from wsoa.plans.rag import Rag

SHORT_TITLE_WORDS = 8
RECURRENCE_WORDS: dict[str, str] = {
    "ongoing": "Ongoing",
    "weekly": "Every week",
    "monthly": "Every month",
    "quarterly": "Every quarter",
    "termly": "Every term",
    "6-monthly": "Every 6 months",
    "annually": "Every year",
}


def describe_span(start: dt.date | None, end: dt.date | None, recurrence: str = "") -> str:
    """Return what a parsed date means in plain words ("by 31 July 2018", "Ongoing")."""
    parts = []
    if recurrence:
        parts.append(RECURRENCE_WORDS.get(recurrence, recurrence.capitalize()))
    if start and end and _is_whole_month(start, end):
        parts.append(f"in {end:%B %Y}")
    elif start and end and start != end:
        parts.append(f"{long_date(start)} to {long_date(end)}")
    elif end:
        parts.append(f"by {long_date(end)}")
    elif start:
        parts.append(f"from {long_date(start)}")
    return ", ".join(parts)


def _is_whole_month(start: dt.date, end: dt.date) -> bool:
    next_day = end + dt.timedelta(days=1)
    return (
        start.day == 1 and (start.year, start.month) == (end.year, end.month) and next_day.day == 1
    )


def describe_due(due: DueDate) -> str:
    """Return what a due date was read as, or "" when it could not be read."""
    return describe_span(due.start, due.end, due.recurrence)


def due_texts(dues: Iterable[DueDate]) -> str:
    """Return an item's due dates as printed, joined."""
    return "; ".join(due.text for due in dues if due.text)


def level_names(plan: Plan, items: Iterable[Item] = ()) -> dict[int, str]:
    """Return the plan's name for each depth of its tree (from its key, else its items)."""
    names = {level.depth: level.name for level in plan.levels.all()}
    for item in items:
        names.setdefault(item.depth, item.level or f"Level {item.depth + 1}")
    return dict(sorted(names.items()))


def item_label(item: Item, names: dict[int, str]) -> str:
    """Return an item's name as the plan would say it: "Action 2.1", or its words if unnumbered."""
    level = item.level or names.get(item.depth, "Item")
    if item.number:
        return f"{level} {item.number}"
    words = item.title.split()
    short = " ".join(words[:SHORT_TITLE_WORDS])
    return f"{level}: {short}…" if len(words) > SHORT_TITLE_WORDS else f"{level}: {short}"


def rag_wording(plan: Plan) -> dict[str, str]:
    """Return the plan's own words for each RAG code, falling back to the code's name."""
    words = dict(Rag.choices)
    words.update({level.code: level.label for level in plan.rag_levels.all()})
    return words


def status_shows_more(rag: str, status_text: str) -> bool:
    """Say whether the printed status adds anything to the RAG tag's word."""
    if not status_text.strip():
        return False
    return rag not in Rag.values or status_text.strip().lower() != Rag(rag).label.lower()


def overdue_reason(item: Item, today: dt.date) -> str:
    """Why an overdue item is overdue: its own date, else its earliest milestone not met."""
    due = item.due
    if due is not None and due < today:
        return "The latest due date has passed and the item is not marked complete."
    late = item.overdue_milestones(today)
    if not late or late[0].due is None:
        return ""
    more = len(late) - 1
    also = f" ({more} more milestone{'s' if more != 1 else ''} overdue)" if more else ""
    return (
        f"Milestone “{late[0].label}” was due on {long_date(late[0].due)} and is not "
        f"complete{also}."
    )
