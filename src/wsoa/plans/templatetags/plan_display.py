"""Template tags for plan pages: status tags and dates. None of them query the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from wsoa.core.dates import long_date
from wsoa.plans.models import Item, Plan
from wsoa.plans.presenters.rating import PRINTED, Rating, rag_words, rating_of, wording_of
from wsoa.plans.presenters.tree import ItemNode
from wsoa.plans.presenters.wording import item_label, rag_wording, status_shows_more
from wsoa.plans.rag import Rag, tag_class

register = template.Library()


@register.simple_tag
def status(rag: str, status_text: str = "") -> str:
    """Render a RAG as a tag with its word, and the status as printed when it says more.

    Built here, not by an included template: pages show it once per update and rating."""
    word = Rag(rag).label if rag in Rag.values else ""
    text = status_text.strip() if status_shows_more(rag, status_text) else ""
    tag = format_html('<strong class="govuk-tag {}">{}</strong>', tag_class(rag), word)
    return format_html("{}{}", tag if word else "", format_html(" {}", text) if text else "")


def _wording(context: template.Context, plan_id: int) -> dict[str, str]:
    """The plan's RAG words, read once per plan while a page renders."""
    render: Any = context.render_context
    if "rag_wording" not in render:
        render["rag_wording"] = {}
    cache: dict[int | None, dict[str, str]] = render["rag_wording"]
    tree = getattr(context.get("page"), "tree", None)
    if tree is not None and tree.wording and plan_id not in cache:
        cache[tree.plan_id] = tree.wording  # the plan page read it already
    plan = context.get("plan")
    if plan_id not in cache and isinstance(plan, Plan) and plan.pk == plan_id:
        read: dict[str, Any] = getattr(plan, "_prefetched_objects_cache", {})
        if "rag_levels" in read:  # read with the plan (plans.tenancy.plan_for)
            cache[plan_id] = rag_wording(plan)
    if plan_id not in cache:
        cache[plan_id] = wording_of(plan_id)
    words: dict[str, str] = cache[plan_id]
    return words


@register.inclusion_tag("plans/includes/rating.html", takes_context=True)
def rating(context: template.Context, item: Item, empty: str = "No rating yet") -> dict[str, Any]:
    """Render an item's confirmed rating as a tag, else its status as printed, labelled so."""
    wording = _wording(context, item.plan_id)
    found = rating_of(item, wording)
    return {
        "rating": found,
        "words": rag_words(found.rag, wording),
        "printed_label": PRINTED,
        "empty": empty,
    }


def rating_fact(found: Rating, wording: dict[str, str]) -> str:
    """The tree's line for an item's rating: "Rating: <tag>", or the status as printed."""
    if found.is_confirmed:
        return format_html(
            '<li>Rating: <strong class="govuk-tag {}">{}</strong></li>',
            found.tag_class,
            rag_words(found.rag, wording),
        )
    return format_html("<li>{}: {}</li>", PRINTED, found.printed) if found.printed else ""


@register.simple_tag(takes_context=True)
def plan_tree(context: template.Context, roots: list[ItemNode], collapsed: bool = False) -> str:
    """Render the plan's whole tree: one <li> per item with its facts and a <details> of the
    items under it. Built in Python because a recursive {% include %} per item was the
    slowest part of the plan page (see bench/plan_foundation.py).

    Collapsed, the top-level items' <details> start closed, so a large plan opens at its top
    level; what is under them is still in the page, and a browser opens the <details> around
    an item a link (#item-N) or a search of the page finds."""
    membership, plan = context["membership"], context["plan"]
    prefix = reverse("progress:item", args=[membership.area.slug, plan.pk, 0])[:-2]
    token = str(context.get("csrf_token", "")) if membership.manages else ""
    shown = Shown(prefix, token, collapsed, _wording(context, plan.pk))
    parts: list[str] = []
    for root in roots:
        _node_html(root, shown, parts)
    return mark_safe("".join(parts))  # noqa: S308 — every value is escaped by format_html


ARRANGE_STEPS = ["up", "down", "indent", "outdent"]
STEP_WORDS = {"up": "Move up", "down": "Move down", "indent": "Indent", "outdent": "Outdent"}
STEP_FORM = (
    '<form method="post" action="{}move/{}/" class="govuk-!-display-inline-block '
    'govuk-!-margin-right-1"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
    '<input type="hidden" name="version" value="{}"><button type="submit" '
    'class="govuk-button govuk-button--secondary govuk-!-margin-bottom-1" '
    'data-module="govuk-button">{}<span class="govuk-visually-hidden"> {}</span></button></form>'
)
ARRANGE_LINKS = (
    '<a class="govuk-link govuk-!-margin-right-2" href="{}move/">Move to…'
    '<span class="govuk-visually-hidden"> {}</span></a><a class="govuk-link" href="{}remove/">'
    'Remove<span class="govuk-visually-hidden"> {}</span></a>'
)


def _arrange_html(node: ItemNode, url: str, token: str) -> str:
    """A manager's controls to move or remove the item: small POST forms, keyboard usable."""
    version, label = node.item.version, node.label
    rows = ((url, how, token, version, STEP_WORDS[how], label) for how in ARRANGE_STEPS)
    return format_html(
        '<div class="govuk-!-margin-bottom-2">{}{}</div>',
        format_html_join("", STEP_FORM, rows),
        format_html(ARRANGE_LINKS, url, label, url, label),
    )


def _withdrawn_html(item: Item) -> str:
    when = long_date(item.withdrawn_at.date()) if item.withdrawn_at else ""
    return format_html(
        '<p class="govuk-body-s govuk-!-margin-bottom-2"><strong class="govuk-tag govuk-tag--grey">'
        "Withdrawn</strong> on {}: {}</p>",
        when,
        item.withdrawn_reason,
    )


@dataclass(frozen=True)
class Shown:
    """How the tree is being shown: item URLs, a manager's form token, collapsed or open."""

    prefix: str
    token: str
    collapsed: bool
    wording: dict[str, str]


def _node_html(node: ItemNode, shown: Shown, out: list[str]) -> None:
    item = node.item
    url = f"{shown.prefix}{item.pk}/"
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
    facts: list[str] = []
    if node.lead_text:
        facts.append(format_html("<li>Lead: {}</li>", node.lead_text))
    if node.due_text:
        late = mark_safe(" <strong>(overdue)</strong>") if node.overdue else ""
        facts.append(format_html("<li>Due: {}{}</li>", node.due_text, late))
    facts.append(rating_fact(node.rating, shown.wording))
    facts = [fact for fact in facts if fact]
    if facts:
        out.append('<ul class="govuk-list govuk-body-s govuk-!-margin-bottom-2">')
        out.extend(facts)
        out.append("</ul>")
    if item.withdrawn_at is not None:
        out.append(_withdrawn_html(item))
    elif shown.token:
        out.append(_arrange_html(node, url, shown.token))
    children = node.shown_children
    if children:
        count = len(children)
        out.append(
            format_html(
                '<details class="govuk-details govuk-!-margin-bottom-2"{}>'
                '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
                "{} item{} under {}</span></summary>"
                '<div class="govuk-details__text"><ol class="govuk-list">',
                "" if shown.collapsed and item.depth == 0 else mark_safe(" open"),
                count,
                "" if count == 1 else "s",
                node.label,
            )
        )
        for child in children:
            _node_html(child, shown, out)
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
