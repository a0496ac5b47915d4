"""Pages for reading plans. Every view: scope to the user's area → permission → form → render.

Reading needs any role in the area, so the scope (`area_for`) is the permission check.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from wsoa.core.tenancy import area_for
from wsoa.plans.models import Plan
from wsoa.plans.presenters import sections
from wsoa.plans.presenters.plan import plan_page
from wsoa.plans.tenancy import plan_for


@login_required
def area_list(request: HttpRequest) -> HttpResponse:
    memberships = sections.memberships_with_plans(request.user)
    return render(request, "plans/area_list.html", {"memberships": memberships})


@login_required
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    membership = area_for(request, slug)
    plans = sections.area_plans(membership)
    return render(request, "plans/area.html", {"membership": membership, "plans": plans})


@login_required
def plan_detail(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    page = plan_page(plan, request.GET, today=timezone.localdate())
    context = {"membership": membership, "plan": plan, "page": page, "section": "plan"}
    return render(request, "plans/plan.html", context)


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
