"""Template helpers for progress pages: audit changes in words. None of them query."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

FIELD_NAMES = {
    "rag": "Rating",
    "current_due": "Revised due date",
    "number": "Number",
    "title": "Text",
    "status_text": "Status as printed",
    "milestone_due": "Milestone due date",
    "milestone_completed": "Milestone completed",
}


@register.filter
def change_rows(changes: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Return (field, before, after) for each before/after change recorded in an audit row."""
    rows = []
    for name, value in changes.items():
        if isinstance(value, dict) and "after" in value:
            before = value.get("before")
            rows.append((FIELD_NAMES.get(name, name), _say(before), _say(value["after"])))
    return rows


def _say(value: Any) -> str:
    return "(none)" if value in (None, "") else str(value)
