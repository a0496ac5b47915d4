"""RAG ratings: the default scale and reading a status as printed ("On track", "Complete")."""

import re

from django.db import models


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"
    NOT_STARTED = "not_started", "Not started"
    NOT_DUE = "not_due", "Not yet due"


DEFAULT_SCALE: list[tuple[str, str]] = [
    (Rag.RED, "Progress not being made"),
    (Rag.AMBER, "Progress being made but not meeting timescales"),
    (Rag.GREEN, "On track"),
    (Rag.BLUE, "Complete"),
    (Rag.NOT_STARTED, "Not started"),
    (Rag.NOT_DUE, "Not yet due"),
]

RAG_TAG_CLASSES: dict[str, str] = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
    Rag.BLUE: "govuk-tag--blue",
    Rag.NOT_STARTED: "govuk-tag--grey",
    Rag.NOT_DUE: "govuk-tag--purple",
}


def tag_class(rag: str) -> str:
    """The GOV.UK tag class for a RAG (a plan item's or an indicator's rating); grey for none."""
    return RAG_TAG_CLASSES.get(rag, "govuk-tag--grey")


_STATUS_WORDS: list[tuple[str, str]] = [
    (r"\b(complete[d]?|achieved|done|in place)\b", Rag.BLUE),
    (r"\bon track\b", Rag.GREEN),
    (r"\b(not started|not yet started)\b", Rag.NOT_STARTED),
    (r"\b(delayed|behind|slipp(ed|ing)|at risk)\b", Rag.AMBER),
    (r"\b(not being made|off track|stalled)\b", Rag.RED),
    (r"^\s*(red|r)\s*$", Rag.RED),
    (r"^\s*(amber|a)\s*$", Rag.AMBER),
    (r"^\s*(green|g)\s*$", Rag.GREEN),
    (r"^\s*(blue|b)\s*$", Rag.BLUE),
]


def rag_from_status(text: str) -> str:
    """Return the RAG code a printed status implies, or "" when it implies none.

    Several statuses in one cell ("Complete On track Complete") rate as the least
    advanced of them, so a mixed cell is never shown as complete.
    """
    found = [code for pattern, code in _STATUS_WORDS if re.search(pattern, text, re.I)]
    if not found:
        return ""
    order = [Rag.RED, Rag.AMBER, Rag.NOT_STARTED, Rag.GREEN, Rag.BLUE]
    return min(found, key=lambda code: order.index(Rag(code)) if code in order else 99)


def rag_from_label(label: str, position: int) -> str:
    """Return the RAG code of a scale step in the plan's words, by meaning or by order."""
    text = label.lower()
    if "not being made" in text or "not made" in text:
        return Rag.RED
    if "not meeting" in text or "but not" in text:
        return Rag.AMBER
    if "on track" in text:
        return Rag.GREEN
    if "complete" in text:
        return Rag.BLUE
    return [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE][min(position, 3)]
