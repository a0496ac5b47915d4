"""Filters for board pack templates: ISO dates from the pack's data in words."""

from __future__ import annotations

import datetime as dt

from django import template

from wsoa.core.dates import long_date
from wsoa.plans.rag import tag_class

register = template.Library()


@register.filter
def iso_day(value: str | None) -> str:
    """Return an ISO date ("2026-11-25") as "25 November 2026", or "" for none."""
    return long_date(dt.date.fromisoformat(value)) if value else ""


@register.filter
def rag_tag(value: str) -> str:
    """Return the tag class for a RAG code in the pack's data."""
    return tag_class(value)
