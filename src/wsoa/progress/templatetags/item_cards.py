"""The item page's update cards, change rows and comment form, built in Python (issue 16 §3).

The cards and rows were included templates looping over the latest updates and changes: the
template engine's work per card was the item page's dearest part once its queries were cut.
These tags give the same HTML, character for character (tests/progress/test_item_page_parts.py
compares them with the templates they replace, kept in tests/progress/item_cards_reference/),
and read nothing from the database but the area's names (once a page, as `{% person %}` does).
The comment form is the same for every item and reader but for its two tokens: crispy renders
it once a process and each page puts its own tokens in."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django import template
from django.template import engines
from django.template.defaultfilters import filesizeformat, linebreaks_filter
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from wsoa.core.dates import long_date
from wsoa.core.idempotency import TOKEN_FIELD, issue_token
from wsoa.core.templatetags.people import display_name, person
from wsoa.plans.templatetags.plan_display import day, status
from wsoa.progress.models import ProgressUpdate, RagDecision
from wsoa.progress.templatetags.progress_display import change_rows

register = template.Library()

EMPTY = '\n<p class="govuk-body">No updates have been posted on this item yet.</p>\n'
ROW = '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt><dd class="govuk-summary-list__value">{}</dd></div>'  # noqa: E501


def _day(value: dt.datetime) -> str:
    """As `{{ value|date:"j F Y" }}` shows it, in the page's time zone: "3 March 2026"."""
    return escape(long_date(localtime(value)))


def _when(value: dt.datetime) -> str:
    """As `{{ value|date:"j F Y, H:i" }}` shows it: "3 March 2026, 09:05" (Django's date
    filter was a third of the cards' time; tests compare the two)."""
    moment = localtime(value)
    return escape(f"{long_date(moment)}, {moment:%H:%M}")


def _decision(update: ProgressUpdate) -> RagDecision | None:
    try:
        return update.decision
    except RagDecision.DoesNotExist:
        return None


class _Page:
    """What every card on the page shares: the reader's rights, the links' parts, the names."""

    def __init__(self, context: template.Context) -> None:
        self.context = context
        self.level = context.get("level") or 4
        self.can_update = bool(context.get("can_update"))
        self.can_decide = bool(context.get("can_decide"))
        membership, plan, page = context["membership"], context["plan"], context["page"]
        self.slug, self.plan_id = membership.area.slug, plan.pk
        item = page["item"] if isinstance(page, dict) else page.item
        self.correct_url = (
            reverse("progress:update", args=[self.slug, self.plan_id, item.pk])
            if self.can_update
            else ""
        )

    def url(self, name: str, pk: int) -> str:
        return escape(reverse(name, args=[self.slug, self.plan_id, pk]))


def _title(update: ProgressUpdate, page: _Page, when: str) -> str:
    corrects = update.corrects
    also = f" (corrects the update of {_day(corrects.created_at)})" if corrects else ""
    heading = (
        f'    <h{page.level} class="govuk-summary-card__title">'
        f"{when} – {escape(display_name(update.author))}"
        f"{also}</h{page.level}>\n    "
    )
    if not page.can_update:
        return heading
    return heading + (
        '<ul class="govuk-summary-card__actions"><li class="govuk-summary-card__action">'
        f'<a class="govuk-link" href="{escape(page.correct_url)}?corrects={update.pk}">Correct'
        '<span class="govuk-visually-hidden"> the update of '
        f"{when}</span></a></li></ul>"
    )


def _evidence(update: ProgressUpdate, page: _Page) -> str:
    rows = list(update.evidence.all())
    if not rows:
        return ""
    items = []
    for evidence in rows:
        if evidence.url:
            link = format_html(
                '<a class="govuk-link" href="{}" rel="noreferrer noopener">{}</a>',
                evidence.url,
                evidence.title,
            )
        else:
            link = format_html(
                '<a class="govuk-link" href="{}">{}</a> ({})',
                mark_safe(page.url("progress:evidence", evidence.pk)),  # noqa: S308 — escaped
                evidence.title,
                filesizeformat(evidence.file_size or 0),
            )
        items.append(f"<li>{link}</li>")
    return (
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Evidence</dt>'
        '<dd class="govuk-summary-list__value"><ul class="govuk-list">\n        '
        + "".join(items)
        + "\n      </ul></dd></div>"
    )


def _review(update: ProgressUpdate, page: _Page, when: str) -> str:
    decision = _decision(update)
    if decision is not None:
        outcome = "Confirmed" if decision.outcome == "confirmed" else "<strong>Returned</strong>"
        who = escape(person(page.context, decision.decided_by))
        reason = f": {escape(decision.reason)}" if decision.reason else ""
        said = f"{outcome} by {who} on {_day(decision.decided_at)}{reason}\n        "
    else:
        said = "Waiting for review"
        if page.can_decide:
            said += (
                ' – <a class="govuk-link" '
                f'href="{page.url("progress:decide", update.pk)}">review this rating'
                '<span class="govuk-visually-hidden"> from '
                f"{when}</span></a>"
            )
    return ROW.format("Review", f"\n        {said}\n      ")


def _card(update: ProgressUpdate, page: _Page) -> str:
    when = _when(update.created_at)
    period = ROW.format("Period", escape(update.period.label)) if update.period else ""
    milestone = ""
    if update.milestone:
        complete = " – complete" if update.milestone_complete else ""
        milestone = ROW.format("Milestone", escape(update.milestone.text) + complete)
    revised = ROW.format("Revised due date", escape(day(update.revised_due)))
    return (
        f'\n<div class="govuk-summary-card" id="update-{update.pk}">\n'
        '  <div class="govuk-summary-card__title-wrapper">\n'
        f"{_title(update, page, when)}\n"
        "  </div>\n"
        '  <div class="govuk-summary-card__content">\n'
        '    <dl class="govuk-summary-list">\n'
        f"      {ROW.format('Proposed rating', status(update.proposed_rag))}\n"
        f"      {period}\n"
        f"      {milestone}\n"
        f"      {ROW.format('What happened', linebreaks_filter(update.commentary))}\n"
        f"      {revised if update.revised_due else ''}\n"
        f"      {_evidence(update, page)}\n"
        f"      {_review(update, page, when)}\n"
        "    </dl>\n"
        "  </div>\n"
        "</div>\n"
    )


@register.simple_tag(takes_context=True)
def update_cards(context: template.Context, updates: Any) -> SafeString:
    """Render updates as summary cards: the item page's latest and its full list of updates;
    `level` in the context is the cards' heading level, 4 by default."""
    if not updates:
        return mark_safe(EMPTY)  # noqa: S308 — a constant
    page = _Page(context)
    return mark_safe("".join(_card(update, page) for update in updates))  # noqa: S308 — escaped


def _change_row(event: Any, context: template.Context) -> str:
    changes = change_rows(event.changes)
    listed = (
        '<ul class="govuk-list govuk-body-s">'
        + "".join(f"<li>{escape(n)}: {escape(b)} → {escape(a)}</li>" for n, b, a in changes)
        + "</ul>"
        if changes
        else ""
    )
    who = escape(person(context, event.actor_id, event.actor_label))
    return (
        '\n    <tr class="govuk-table__row">\n'
        f'      <td class="govuk-table__cell">{_when(event.at)}</td>\n'
        f'      <td class="govuk-table__cell">{who}</td>\n'
        f'      <td class="govuk-table__cell">{escape(event.summary)}{listed}</td>\n'
        "    </tr>\n"
    )


@register.simple_tag(takes_context=True)
def change_table_rows(context: template.Context, events: Any) -> SafeString:
    """Render recorded changes as table rows: the item page's latest and its full list."""
    html = "".join(_change_row(event, context) for event in events)
    return mark_safe(html)  # noqa: S308 — every value is escaped


CSRF_MARK = "wsoa-csrf-token-goes-here"  # where the reader's CSRF token goes
ONCE_MARK = "wsoa-submission-token-goes-here"  # and the new submission token
CRISPY = "{% load crispy_forms_tags %}{% crispy form %}"


def _crispy_comment_form(csrf_token: Any, submission_token: str) -> str:
    from wsoa.progress.forms import CommentForm

    form = CommentForm(initial={TOKEN_FIELD: submission_token})
    return engines["django"].from_string(CRISPY).render({"form": form, "csrf_token": csrf_token})


@functools.cache
def _comment_fields() -> str:
    """The comment form's fields as crispy renders them, with marks for the two tokens: the
    rest is the same for every reader and every item."""
    return _crispy_comment_form(CSRF_MARK, ONCE_MARK)


@register.simple_tag(takes_context=True)
def comment_fields(context: template.Context) -> SafeString:
    """The item page's comment form fields, with this reader's CSRF token and a new submission
    token: what `{% crispy comment_form %}` gave, built once a process."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # noqa: S105 — as {% csrf_token %}: no token, no field
        return mark_safe(_crispy_comment_form(token, issue_token()))  # noqa: S308 — rendered
    html = _comment_fields().replace(CSRF_MARK, escape(str(token)))
    return mark_safe(html.replace(ONCE_MARK, escape(issue_token())))  # noqa: S308 — escaped
