"""The full lists behind the item page: all its updates, all its recorded changes, paginated.

The item page shows the latest of each (see item_progress); these pages show the rest, a page at
a time, each page from a bounded number of queries. Scoped and permitted as the item page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wsoa.core.tenancy import area_for, get_in_area
from wsoa.plans.models import Item
from wsoa.plans.presenters.wording import item_label, level_names
from wsoa.plans.tenancy import plan_for
from wsoa.progress import permissions as can
from wsoa.progress.item_progress import changes_caption, item_history, item_updates, page_of


def _scoped(request: HttpRequest, slug: str, plan_id: int, item_id: int) -> dict:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    item = get_in_area(
        Item.objects.filter(plan=plan).select_related("plan__area"), membership.area, pk=item_id
    )
    label = item_label(item, level_names(plan, [item]))
    return {
        "membership": membership,
        "plan": plan,
        "section": "plan",
        "item": item,
        "page": {"item": item, "label": label},
        "crumbs": [(item, label)],
    }


@login_required
def item_updates_page(request: HttpRequest, slug: str, plan_id: int, item_id: int) -> HttpResponse:
    context = _scoped(request, slug, plan_id, item_id)
    membership, item = context["membership"], context["item"]
    found = page_of(item_updates(item), request.GET.get("page"))
    context.update(
        found=found,
        can_update=can.can_update(membership, item),
        can_decide=can.can_decide(membership, context["plan"]),
    )
    return render(request, "progress/item_updates.html", context)


@login_required
def item_changes_page(request: HttpRequest, slug: str, plan_id: int, item_id: int) -> HttpResponse:
    context = _scoped(request, slug, plan_id, item_id)
    found = page_of(item_history(context["item"]), request.GET.get("page"))
    context.update(found=found, caption=changes_caption(found))
    return render(request, "progress/item_changes.html", context)
