"""How casework reads on its pages: step names, days left or late, the tag for a status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wsoa.casework import clock

STEP_NAMES = {
    "decision": "Decide whether to assess",
    "advice": "Advice",
    "not_issue": "Decide not to issue a plan",
    "draft_response": "Family's response to the draft plan",
    "final": "Issue the final EHC plan",
    "review": "Annual review meeting",
    "review_report": "Annual review report",
    "review_decision": "Annual review decision",
    "phase_transfer": "Phase transfer: review and amend",
}
TAGS = {
    "late": ("Late", "govuk-tag--red"),
    "near": ("Near breach", "govuk-tag--orange"),
    "due": ("Due", "govuk-tag--blue"),
    "done": ("Done", "govuk-tag--green"),
    "done_late": ("Done late", "govuk-tag--yellow"),
    "not_needed": ("Not needed", "govuk-tag--grey"),
}


def step_name(key: str) -> str:
    """A step's name from its key ("advice:health" → "Advice: Health", "review:2" → "… 2")."""
    kind, _, detail = key.partition(":")
    name = STEP_NAMES.get(kind, kind.replace("_", " ").capitalize())
    if kind == "advice":
        return f"{name}: {clock.ADVICE_SERVICES.get(detail, detail)}"
    return f"{name} {detail}" if detail else name


def days_text(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} late"
    if days == 0:
        return "due today"
    return f"{days} day{'s' if days != 1 else ''} left"


def status_of(due: dt.date | None, today: dt.date, near_days: int) -> str:
    if due is None:
        return "due"
    left = (due - today).days
    return "late" if left < 0 else "near" if left <= near_days else "due"


@dataclass(frozen=True)
class StepRow:
    name: str
    regulation: str
    due: dt.date | None
    done: dt.date | None
    days: str
    tag: tuple[str, str]
    exception: str


def step_rows(steps: list[clock.Step], today: dt.date, near_days: int) -> list[StepRow]:
    return [
        StepRow(
            step.label or step_name(step.key),
            step.regulation,
            step.due,
            step.done,
            days_text(step.days_left(today)),
            TAGS[step.status(today, near_days)],
            clock.EXCEPTION_REASONS.get(step.exception.reason, "") if step.exception else "",
        )
        for step in steps
    ]
