"""The plan navigation's tabs a member may open, from the permissions the views check, and the
navigation's list itself."""

from __future__ import annotations

import functools
from typing import Any

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from wsoa.core.models import Membership
from wsoa.plans.models import Plan
from wsoa.progress.permissions import plan_tabs

register = template.Library()


@register.simple_tag
def cycle_tabs(membership: Membership, plan: Plan) -> dict[str, bool]:
    """Return {tab name: may open} for the monthly cycle's tabs (one query at most)."""
    return plan_tabs(membership, plan)


# The plan navigation's tabs: (URL name, text, section name), then the monthly cycle's, shown
# only to those who may open them.
TABS = [
    ("plans:plan", "Plan", "plan"),
    ("plans:findings", "Findings", "findings"),
    ("plans:people", "People", "people"),
    ("plans:glossary", "Glossary", "glossary"),
    ("plans:boards", "Boards", "boards"),
    ("kpi:plan_scorecard", "Scorecard", "scorecard"),
    ("public:staff", "Public page", "public"),
    ("reports:packs", "Board packs", "packs"),
    ("documents:versions", "Versions", "versions"),
    ("progress:cycle", "Reporting cycle", "cycle"),
]
CYCLE_TABS = [
    ("progress:returns", "Updates this period", "returns"),
    ("progress:reviews", "Ratings to review", "reviews"),
    ("progress:owners", "Owners' accounts", "owners"),
]
TAB = (
    '<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" '
    'href="{}">{}</a></li>'
)
ACTIVE_TAB = (
    '<li class="govuk-service-navigation__item govuk-service-navigation__item--active">'
    '<a class="govuk-service-navigation__link" href="{}" aria-current="{}">'
    '<strong class="govuk-service-navigation__active-fallback">{}</strong></a></li>'
)


@register.simple_tag(takes_context=True)
def plan_nav_tabs(context: template.Context) -> SafeString:
    """The plan navigation's list items, the current section marked (plans/includes/plan_nav.html).

    Built here rather than by an included template per tab, with the tabs' URLs worked out once
    per plan, not on every page."""
    membership, plan, section = context["membership"], context["plan"], context.get("section")
    may_open = plan_tabs(membership, plan)
    urls = _tab_urls(membership.area.slug, plan.pk, get_script_prefix(), get_urlconf())
    current = "true" if context.get("below_section") else "page"
    tabs = [*TABS, *(tab for tab in CYCLE_TABS if may_open[tab[2]])]
    items = (
        format_html(ACTIVE_TAB, urls[name], current, mark_safe(text))  # noqa: S308 — a constant
        if key == section
        else format_html(TAB, urls[name], mark_safe(text))  # noqa: S308 — a constant
        for name, text, key in tabs
    )
    return mark_safe("\n        ".join(items))  # noqa: S308 — each item is built by format_html


@functools.lru_cache(maxsize=2048)
def _tab_urls(slug: str, plan_id: int, prefix: str, urlconf: Any) -> dict[str, str]:
    """Every tab's URL for one plan (the same until the URLs themselves change)."""
    return {
        name: reverse(name, args=[slug, plan_id], urlconf=urlconf)
        for name, _, _ in [*TABS, *CYCLE_TABS]
    }
