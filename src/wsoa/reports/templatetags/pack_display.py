"""Filters for board pack templates: ISO dates in words, items' text, and older packs' data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.text import Truncator

from wsoa.core.dates import long_date
from wsoa.plans.rag import tag_class

register = template.Library()


@register.filter
def iso_day(value: str | None) -> str:
    """Return an ISO date ("2026-11-25") as "25 November 2026", or "" for none."""
    return long_date(dt.date.fromisoformat(value)) if value else ""


@register.filter
def short_day(value: str | None) -> str:
    """Return an ISO date as a narrow table writes it: "25 Nov 2026", or "" for none."""
    return f"{(day := dt.date.fromisoformat(value)).day} {day:%b %Y}" if value else ""


@register.filter
def rag_tag(value: str) -> str:
    """Return the tag class for a RAG code in the pack's data."""
    return tag_class(value)


@register.filter
def item_text(row: dict[str, Any]) -> str:
    """An item's text as a list shows it: its summary, or its first words in older packs."""
    if row.get("summary") is not None:
        return str(row["summary"])
    return Truncator(row.get("title", "")).words(8)


@register.filter
def detail_areas(pack: dict[str, Any]) -> list[dict[str, Any]]:
    """The areas of the detail section: the listed items' (newer packs), else every item's."""
    found = pack.get("detail")
    return list(found) if found is not None else list(pack.get("summary", []))


@register.filter
def with_paths(rows: list[dict[str, Any]]) -> bool:
    """Whether a list's rows carry their paths (packs made since paths were added)."""
    return bool(rows) and "path" in rows[0]
