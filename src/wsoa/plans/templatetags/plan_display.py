"""Template tags for plan pages: status tags and dates. None of them query the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wsoa.core.dates import long_date
from wsoa.plans.models import Item
from wsoa.plans.presenters.tree import ItemNode
from wsoa.plans.presenters.wording import item_label, status_shows_more
from wsoa.plans.rag import Rag, tag_class

register = template.Library()


@register.inclusion_tag("plans/includes/status.html")
def status(rag: str, status_text: str = "") -> dict[str, Any]:
    """Render a RAG as a tag with its word, and the status as printed when it says more."""
    return {
        "word": Rag(rag).label if rag in Rag.values else "",
        "tag_class": tag_class(rag),
        "text": status_text.strip() if status_shows_more(rag, status_text) else "",
    }


def status_html(rag: str, status_text: str = "") -> str:
    """The same markup as the `status` tag, built in Python for the plan tree."""
    word = Rag(rag).label if rag in Rag.values else ""
    text = status_text.strip() if status_shows_more(rag, status_text) else ""
    html = (
        format_html('<strong class="govuk-tag {}">{}</strong>', tag_class(rag), word)
        if word
        else ""
    )
    return html + (format_html(" {}", text) if text else "")


@register.simple_tag(takes_context=True)
def plan_tree(context: template.Context, roots: list[ItemNode]) -> str:
    """Render the plan's whole tree: one <li> per item with its facts and a <details> of the
    items under it. Built in Python because a recursive {% include %} per item was the
    slowest part of the plan page (see bench/plan_foundation.py)."""
    membership, plan = context["membership"], context["plan"]
    prefix = reverse("progress:item", args=[membership.area.slug, plan.pk, 0])[:-2]
    parts: list[str] = []
    for root in roots:
        _node_html(root, prefix, parts)
    return mark_safe("".join(parts))  # noqa: S308 — every value is escaped by format_html


def _node_html(node: ItemNode, prefix: str, out: list[str]) -> None:
    item = node.item
    url = f"{prefix}{item.pk}/"
    out.append(format_html('<li id="item-{}" class="govuk-!-margin-bottom-4">', item.pk))
    if item.depth == 0:
        out.append(
            format_html(
                '<h3 class="govuk-heading-m govuk-!-margin-bottom-2">'
                '<a class="govuk-link" href="{}">{}</a></h3>',
                url,
                node.label,
            )
        )
    else:
        out.append(
            format_html(
                '<p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">'
                '<a class="govuk-link" href="{}">{}</a></p>',
                url,
                node.label,
            )
        )
    out.append(
        format_html(
            '<p class="govuk-body govuk-!-margin-bottom-1">{}</p>', linebreaksbr(item.title)
        )
    )
    facts = []
    if node.leads:
        facts.append(format_html("<li>Lead: {}</li>", "; ".join(lead.text for lead in node.leads)))
    if node.due_text:
        late = mark_safe(" <strong>(overdue)</strong>") if node.overdue else ""
        facts.append(format_html("<li>Due: {}{}</li>", node.due_text, late))
    if item.rag or item.status_text:
        facts.append(
            format_html("<li>Status: {}</li>", mark_safe(status_html(item.rag, item.status_text)))  # noqa: S308
        )
    if facts:
        out.append('<ul class="govuk-list govuk-body-s govuk-!-margin-bottom-2">')
        out.extend(facts)
        out.append("</ul>")
    children = node.shown_children
    if children:
        count = len(children)
        out.append(
            format_html(
                '<details class="govuk-details govuk-!-margin-bottom-2" open>'
                '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
                "{} item{} under {}</span></summary>"
                '<div class="govuk-details__text"><ol class="govuk-list">',
                count,
                "" if count == 1 else "s",
                node.label,
            )
        )
        for child in children:
            _node_html(child, prefix, out)
        out.append("</ol></div></details>")
    elif node.hidden_count:
        hidden = node.hidden_count
        out.append(
            format_html(
                '<p class="govuk-body-s">{} item{} under {} not shown.</p>',
                hidden,
                "" if hidden == 1 else "s",
                node.label,
            )
        )
    out.append("</li>")


@register.filter
def day(value: dt.date | None) -> str:
    """Render a date as GOV.UK writes it: "31 July 2018"."""
    return long_date(value) if value else ""


@register.filter
def short_label(item: Item) -> str:
    """Render an item's level and number as printed: "Action 2.1"."""
    return item_label(item, {})
