"""Pages for reading plans. Every view: scope to the user's area → permission → form → render.

Reading needs any role in the area, so the scope (`area_for`) is the permission check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from wsoa.core.tenancy import area_for, get_in_area
from wsoa.plans import caching
from wsoa.plans.models import Plan
from wsoa.plans.presenters import sections
from wsoa.plans.presenters.dashboard import other_tiles, plan_dashboard, plan_figures, with_tiles
from wsoa.plans.presenters.plan import plan_page
from wsoa.plans.tenancy import plan_for


@login_required
def area_list(request: HttpRequest) -> HttpResponse:
    memberships = sections.memberships_with_plans(request.user)
    return render(request, "plans/area_list.html", {"memberships": memberships})


@login_required
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The area's landing page: its plans, and the dashboard of its plan when it has only one."""
    membership = area_for(request, slug)
    plans = list(sections.area_plans(membership))
    context: dict[str, object] = {"membership": membership, "plans": plans}
    if len(plans) == 1:
        context["plan"] = plans[0]
        context["dashboard"] = plan_dashboard(membership, plans[0], timezone.localdate())
    return render(request, "plans/area.html", context)


@login_required
def plan_detail(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """The plan page. What every reader shares is cached per content version (plans/caching.py)."""
    membership = area_for(request, slug)
    # Not plan_for: its levels and RAG words are read only when the cache misses.
    plan = get_in_area(Plan.objects, membership.area, pk=plan_id)
    today = timezone.localdate()
    version = caching.content_version(plan, today)  # first, so cached parts are never older
    context: dict[str, object] = {
        "membership": membership,
        "plan": plan,
        "section": "plan",
        "dashboard": with_tiles(
            caching.dashboard_figures(
                version, lambda: plan_figures(membership, _levels(plan), today)
            ),
            caching.dashboard_tiles(
                version, membership.role, lambda: other_tiles(membership, plan, today)
            ),
        ),
    }
    if caching.is_shared_view(request.GET):
        context["tree_part"] = caching.tree_html(
            version,
            manages=membership.manages,
            collapsed=tree_view(request.GET, version.items).collapsed,
            token=get_token(request),
            build=lambda token: _tree_part(context, request.GET, today, token),
        )
    else:
        page = plan_page(_levels(plan), request.GET, today=today)
        context |= {"page": page, "tree": tree_view(request.GET, len(page.tree))}
    return render(request, "plans/plan.html", context)


def _tree_part(context: dict[str, object], query: QueryDict, today: dt.date, token: str) -> str:
    """Render the part of the plan page below its summary for every reader alike."""
    plan = context["plan"]
    assert isinstance(plan, Plan)
    page = plan_page(_levels(plan), query, today=today)
    shared = context | {"page": page, "tree": tree_view(query, len(page.tree)), "csrf_token": token}
    return render_to_string("plans/includes/plan_tree_part.html", shared)


def _levels(plan: Plan) -> Plan:
    """Read the plan's level names and RAG words once (as plan_for does), when a part is built."""
    prefetch_related_objects([plan], "levels", "rag_levels")  # skipped when already read
    return plan


COLLAPSE_OVER_ITEMS = 40  # a plan with more items opens at its top level


@dataclass(frozen=True)
class TreeView:
    """Whether the tree starts collapsed to its top level, and the links that open or close it
    (plain links, so they work without JavaScript)."""

    collapsed: bool
    open_all: str
    close_all: str


def tree_view(query: QueryDict, size: int) -> TreeView:
    """Read ?open=all or ?open=none; by default a plan over COLLAPSE_OVER_ITEMS items collapses."""
    asked = query.get("open", "")
    collapsed = asked == "none" or (asked != "all" and size > COLLAPSE_OVER_ITEMS)
    return TreeView(collapsed, _with_open(query, "all"), _with_open(query, "none"))


def _with_open(query: QueryDict, value: str) -> str:
    changed = query.copy()
    changed["open"] = value
    return f"?{changed.urlencode()}#tree"


def _section(name: str, fetch: Callable[[Plan], object]) -> Callable[..., HttpResponse]:
    """Make the view of one of a plan's reference pages (findings, people, glossary, boards)."""

    @login_required
    def view(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
        membership = area_for(request, slug)
        plan = plan_for(membership, plan_id)
        context = {"membership": membership, "plan": plan, "section": name, name: fetch(plan)}
        return render(request, f"plans/{name}.html", context)

    view.__name__ = f"plan_{name}"
    return view


plan_findings = _section("findings", sections.plan_findings)
plan_people = _section("people", sections.plan_people)
plan_glossary = _section("glossary", sections.plan_glossary)
plan_boards = _section("boards", sections.plan_boards)
