"""Template helpers for progress pages: audit changes in words. None of them query."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

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
    "text": "Text",
    "leads": "Leads",
    "partners": "Partners",
    "due": "Due date",
    "revised_due": "Revised due date",
    "status": "Status as printed",
    "notes": "Notes",
    "milestones": "Milestones",
    "findings": "Findings",
    "links": "Links",
    "indicators": "Indicators",
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
    if isinstance(value, list):  # leads, milestones, notes…: each as written
        return "; ".join(_say(v) for v in value) or "(none)"
    return "(none)" if value in (None, "") else str(value)


@register.filter
def level_below(item: Any, plan: Any) -> str:
    """The plan's name for the level under this item ("Action" under a priority area)."""
    return str(plan.level_name(item.depth + 1))


@register.filter
def top_level(plan: Any) -> str:
    """The plan's name for its top level ("Priority area")."""
    return str(plan.level_name(0))


@register.filter
def with_article(name: str) -> str:
    """The name with "a" or "an" before it: "an Action", "a Priority area"."""
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}" if name else "an item"


@register.filter
def link_host(url: str) -> str:
    """Return the site a link leads to ("www.example.org"), short enough for a phone."""
    return urlsplit(url or "").netloc.removeprefix("www.") or url
