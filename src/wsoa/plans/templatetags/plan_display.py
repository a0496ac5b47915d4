"""Template tags for plan pages: status tags and dates. None of them query the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from wsoa.plans.models import Item
from wsoa.plans.presenters.wording import (
    RAG_TAG_CLASSES,
    item_label,
    long_date,
    status_shows_more,
)
from wsoa.plans.rag import Rag

register = template.Library()


@register.inclusion_tag("plans/includes/status.html")
def status(rag: str, status_text: str = "") -> dict[str, Any]:
    """Render a RAG as a tag with its word, and the status as printed when it says more."""
    return {
        "word": Rag(rag).label if rag in Rag.values else "",
        "tag_class": RAG_TAG_CLASSES.get(rag, "govuk-tag--grey"),
        "text": status_text.strip() if status_shows_more(rag, status_text) else "",
    }


@register.filter
def day(value: dt.date | None) -> str:
    """Render a date as GOV.UK writes it: "31 July 2018"."""
    return long_date(value) if value else ""


@register.filter
def short_label(item: Item) -> str:
    """Render an item's level and number as printed: "Action 2.1"."""
    return item_label(item, {})
