"""The cards of "My items", built in Python (issue 16 §3).

Each card was template markup per row: its path, link, words, due date, rating (an included
template) and flags. The page lists an item up to three times (needs an update, due, all), so
the card is built once per item and reused. The HTML is the same, character for character, as
the markup it replaces (tests/progress/test_my_item_cards.py compares them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from wsoa.plans.presenters.rating import PRINTED, rag_words, rating_of, wording_of
from wsoa.plans.templatetags.item_paths import item_path
from wsoa.plans.templatetags.plan_display import day
from wsoa.progress.flags import Flag
from wsoa.progress.presenters import MyItem

register = template.Library()

HEADING = (
    '<h3 class="govuk-heading-s govuk-!-margin-bottom-1">{}<a class="govuk-link" href="{}">{}</a>'
    '</h3>\n    <p class="govuk-body-s govuk-!-margin-bottom-2">{}</p>\n'
    '    <dl class="wsoa-my-item__facts">\n      <div><dt>Due</dt><dd>{}</dd></div>\n'
    "      <div><dt>Rating</dt><dd>{}</dd></div>\n      {}\n    </dl>\n    {}"
)
FLAG_TAGS = {
    "overdue": ("red", "Overdue"),
    "silent": ("yellow", "No recent update"),
    "slipped": ("orange", "Slipped"),
}


@register.simple_tag(takes_context=True)
def my_item_card(context: template.Context, row: MyItem, among: Iterable[Any] = ()) -> str:
    """Render the row's card below the plan's name: the same for every list that shows it."""
    render: Any = context.render_context  # kept while this template renders
    cards: dict[int, SafeString] = render.setdefault("my_item_cards", {})
    if row.item.pk not in cards:
        words: dict[int, dict[str, str]] = render.setdefault("my_item_words", {})
        if row.item.plan_id not in words:
            words[row.item.plan_id] = wording_of(row.item.plan_id)
        path = item_path(context, row.item, among)
        cards[row.item.pk] = card(row, path, words[row.item.plan_id])
    return cards[row.item.pk]


def card(row: MyItem, path: str, wording: dict[str, str]) -> SafeString:
    item = row.item
    return format_html(
        HEADING,
        format_html('<span class="govuk-caption-m">{}</span>', path) if path else "",
        row.url,
        row.label,
        Truncator(item.title).chars(160),
        day(item.due) or "No date",
        _rating(row, wording),
        _update(row),
        _flags(row.flags),
    )


def _rating(row: MyItem, wording: dict[str, str]) -> SafeString:
    """As plans/includes/rating.html shows it, with "None" when there is neither."""
    found = rating_of(row.item, wording)
    if found.is_confirmed:
        html = format_html(
            '<strong class="govuk-tag {}">{}</strong>',
            found.tag_class,
            rag_words(found.rag, wording),
        )
    elif found.printed:
        html = format_html('<span class="govuk-body-s">{}: {}</span>', PRINTED, found.printed)
    else:
        html = mark_safe("None")
    return format_html("{}\n", html)


def _update(row: MyItem) -> SafeString | str:
    if not row.period:
        return ""
    done = "updated" if row.updated_this_period else "no update yet"
    return format_html("<div><dt>Update</dt><dd>{}: {}</dd></div>", row.period.label, done)


def _flags(flags: list[Flag]) -> SafeString | str:
    if not flags:
        return ""
    tags = format_html_join("", "<li>{}</li>", ((_flag(flag),) for flag in flags))
    return format_html(
        '\n    <ul class="wsoa-my-item__flags" aria-label="Flags">\n      {}\n    </ul>\n    ',
        tags,
    )


def _flag(flag: Flag) -> SafeString:
    colour, text = FLAG_TAGS.get(flag.code, ("grey", ""))
    if flag.code == "suggested_rag":
        text = f"Suggested {flag.rag}"
    elif not text:
        text = flag.code[:1].upper() + flag.code[1:]
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)
