"""Flag rules: overdue, silent, slipped and a suggested RAG, each with its reason.

Plain Python, no Django: the rules are data in, flags out, and tested as a table. A flag
never changes a confirmed RAG; a suggestion is shown to the person who confirms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wsoa.core.dates import long_date

RED, AMBER, GREEN, BLUE = "red", "amber", "green", "blue"
NOT_STARTED, NOT_DUE = "not_started", "not_due"
# How far behind each RAG says the item is; a suggestion only ever raises this.
SEVERITY = {BLUE: 0, NOT_DUE: 1, NOT_STARTED: 1, "": 1, GREEN: 2, AMBER: 3, RED: 4}
WORDS = {
    RED: "red",
    AMBER: "amber",
    GREEN: "green",
    BLUE: "blue (complete)",
    NOT_STARTED: "not started",
    NOT_DUE: "not yet due",
    "": "no rating",
}
# Overdue by this long with no red rating: the suggestion becomes red.
LONG_OVERDUE_DAYS = 90


@dataclass(frozen=True)
class ItemState:
    """What the rules look at for one item."""

    rag: str
    baseline_due: dt.date | None
    current_due: dt.date | None = None
    last_update: dt.date | None = None
    reports_from: dt.date | None = None  # when updates were first expected (plan start)
    late_milestone: tuple[str, dt.date | None] | None = None  # the earliest open one overdue

    @property
    def complete(self) -> bool:
        return self.rag == BLUE

    @property
    def due(self) -> dt.date | None:
        return self.current_due or self.baseline_due


@dataclass(frozen=True)
class Flag:
    code: str  # overdue | silent | slipped | suggested_rag
    reason: str
    rag: str = ""  # the suggested RAG, for suggested_rag


def days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def overdue(state: ItemState, today: dt.date) -> Flag | None:
    due = state.due
    label, missed = state.late_milestone or ("", None)
    if not state.complete and (due is None or due >= today) and missed is not None:
        return Flag(
            "overdue",
            f"Milestone “{label}” was due on {long_date(missed)}, {days((today - missed).days)} "
            "ago, and it is not complete.",
        )
    if state.complete or due is None or due >= today:
        return None
    late = (today - due).days
    which = "revised due date" if state.current_due else "due date"
    return Flag(
        "overdue", f"The {which}, {long_date(due)}, passed {days(late)} ago and it is not complete."
    )


def silent(state: ItemState, today: dt.date, after_days: int) -> Flag | None:
    if state.complete:
        return None
    if state.last_update is None:
        since = state.reports_from
        if since is None or (today - since).days <= after_days:
            return None
        return Flag(
            "silent",
            f"No update has been posted since reporting began on {long_date(since)} "
            f"({days((today - since).days)}; this plan expects one every {days(after_days)}).",
        )
    quiet = (today - state.last_update).days
    if quiet <= after_days:
        return None
    return Flag(
        "silent",
        f"No update for {days(quiet)}, since {long_date(state.last_update)} "
        f"(this plan expects one every {days(after_days)}).",
    )


def slipped(state: ItemState) -> Flag | None:
    if not (state.current_due and state.baseline_due and state.current_due > state.baseline_due):
        return None
    late = (state.current_due - state.baseline_due).days
    return Flag(
        "slipped",
        f"Now due {long_date(state.current_due)}, {days(late)} later than the baseline "
        f"{long_date(state.baseline_due)}.",
    )


def suggested_rag(state: ItemState, today: dt.date) -> Flag | None:
    """Suggest a RAG where the rules say the confirmed one is too kind, with the rule."""
    if state.complete:
        return None
    due = state.due
    wanted, why = "", ""
    if due is not None and due < today:
        late = (today - due).days
        if late > LONG_OVERDUE_DAYS:
            wanted = RED
            why = f"overdue by {days(late)} (more than {LONG_OVERDUE_DAYS}) and not complete"
        else:
            wanted, why = AMBER, "overdue and not complete"
    elif slipped(state):
        wanted, why = AMBER, "its due date has slipped past the baseline"
    if not wanted or SEVERITY.get(state.rag, 1) >= SEVERITY[wanted]:
        return None
    rule = "at least red" if wanted == RED else "at least amber"
    return Flag(
        "suggested_rag",
        f"Suggested {WORDS[wanted]}: {why}, so {rule}; the confirmed rating is "
        f"{WORDS.get(state.rag, state.rag)}.",
        rag=wanted,
    )


def flags(state: ItemState, today: dt.date, silent_after_days: int) -> list[Flag]:
    """Return every flag that applies to the item today, in a fixed order."""
    found = [
        overdue(state, today),
        silent(state, today, silent_after_days),
        slipped(state),
        suggested_rag(state, today),
    ]
    return [flag for flag in found if flag is not None]
