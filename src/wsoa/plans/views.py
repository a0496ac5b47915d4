"""Pages for reading plans. Every view: scope to the user's area → permission → form → render.

Reading needs any role in the area, so the scope (`area_for`) is the permission check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from wsoa.core.tenancy import area_for
from wsoa.plans.models import Plan
from wsoa.plans.presenters import sections
from wsoa.plans.presenters.dashboard import plan_dashboard
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
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    today = timezone.localdate()
    page = plan_page(plan, request.GET, today=today)
    context = {
        "membership": membership,
        "plan": plan,
        "page": page,
        "section": "plan",
        "dashboard": plan_dashboard(membership, plan, today),
        "tree": tree_view(request.GET, len(page.tree)),
    }
    return render(request, "plans/plan.html", context)


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
