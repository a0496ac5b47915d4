"""Pages for arranging the plan's tree: the move buttons, "Move to…" and "Remove". Managers only.

Every view: scope to the area (404) → permission (403) → form → service → redirect to the
item's place in the plan tree. A refused change (stale, or one that would break the tree) is
shown to the manager and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wsoa.core.models import Membership
from wsoa.core.tenancy import area_for, get_in_area, require
from wsoa.plans.models import Item, Plan
from wsoa.plans.presenters.item import item_page, items_with_parts
from wsoa.plans.presenters.wording import item_label, level_names
from wsoa.plans.tenancy import plan_for
from wsoa.progress import arranging
from wsoa.progress import arranging_forms as af
from wsoa.progress.services import CycleError, StaleEdit

MANAGERS_ONLY = "Only plan managers can move or remove items."
WITHDRAWN = "This item was withdrawn from the plan, so it cannot be moved or removed."
STEPS: dict[str, Callable[..., Item]] = {
    "up": arranging.move_up,
    "down": arranging.move_down,
    "indent": arranging.indent,
    "outdent": arranging.outdent,
}
INDENT = "\u00a0\u00a0"  # shows each item's depth in the list of parents
DONE = {"up": "moved up", "down": "moved down", "indent": "indented", "outdent": "outdented"}


def _item(membership: Membership, plan: Plan, item_id: int) -> Item:
    return get_in_area(
        items_with_parts(plan).select_related("plan__area"), membership.area, pk=item_id
    )


Scoped = tuple[Membership, Plan, Item]


def _scope(request: HttpRequest, slug: str, plan_id: int, item_id: int) -> Scoped:
    """The membership, plan and item, for a manager, of an item still in the plan."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    item = _item(membership, plan, item_id)
    require(membership.manages, MANAGERS_ONLY)
    require(item.withdrawn_at is None, WITHDRAWN)
    return membership, plan, item


def tree_url(plan: Plan, item_id: int | None) -> str:
    """The plan page at the item's place in the tree."""
    url = reverse("plans:plan", args=[plan.area.slug, plan.pk])
    return f"{url}#item-{item_id}" if item_id else url


@login_required
@require_POST
def item_step(
    request: HttpRequest, slug: str, plan_id: int, item_id: int, how: str
) -> HttpResponse:
    """Move the item one step: up, down, indent or outdent."""
    _, plan, item = _scope(request, slug, plan_id, item_id)
    if how not in STEPS:
        raise Http404("No such move.")
    form = af.StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The item could not be moved: reload the page and try again.")
        return redirect(tree_url(plan, item.pk))
    label = item_label(item, level_names(plan, []))
    try:
        STEPS[how](item=item, by=request.user, version=form.cleaned_data["version"])
    except CycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{label} was {DONE[how]}.")
    return redirect(tree_url(plan, item.pk))


def _outline(plan: Plan) -> tuple[arranging.Tree, dict[int, str]]:
    tree = arranging.Tree(plan)
    names = level_names(plan, tree.items)
    return tree, {i.pk: item_label(i, names) for i in tree.items}


def _short(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _parents(tree: arranging.Tree, labels: dict[int, str], item: Item) -> list[tuple[str, str]]:
    """The items it may move under, in plan order: not itself, not below it, not withdrawn."""
    below = {i.pk for i in tree.subtree(item)}
    return [
        (str(i.pk), f"{INDENT * i.depth}{labels[i.pk]}: {_short(i.title)}")
        for i in tree.walk()
        if i.pk not in below and i.withdrawn_at is None
    ]


def _places(
    tree: arranging.Tree, labels: dict[int, str], item: Item, parent: Item | None
) -> list[tuple[str, str]]:
    """Where under the parent it may go: first, or after each item there."""
    under = [i for i in tree.children.get(parent.pk if parent else None, []) if i.pk != item.pk]
    places = [(af.FIRST, "First" + (f", before {labels[under[0].pk]}" if under else ""))]
    return places + [(str(i.pk), f"After {labels[i.pk]}: {_short(i.title, 8)}") for i in under]


@login_required
def item_move(request: HttpRequest, slug: str, plan_id: int, item_id: int) -> HttpResponse:
    """ "Move to…": choose the new parent from a list, then where among its items."""
    membership, plan, item = _scope(request, slug, plan_id, item_id)
    tree, labels = _outline(plan)
    data = request.POST if request.method == "POST" else request.GET
    current = str(item.parent_id) if item.parent_id else af.TOP
    choose = af.ParentForm(
        {"parent": data["parent"]} if "parent" in data else None,
        parents=_parents(tree, labels, item),
        initial={"parent": current},
    )
    place, stale = None, None
    if choose.is_bound and choose.is_valid():
        chosen = choose.cleaned_data["parent"]
        parent = tree.by_id[int(chosen)] if chosen != af.TOP else None
        place = af.PlaceForm(
            request.POST if request.method == "POST" else None,
            places=_places(tree, labels, item, parent),
            initial={"version": item.version, "parent": chosen},
        )
        if request.method == "POST" and place.is_valid():
            after_id = place.cleaned_data["after"]
            after = tree.by_id[int(after_id)] if after_id != af.FIRST else None
            try:
                arranging.move_item(
                    item=item,
                    by=request.user,
                    version=place.cleaned_data["version"],
                    parent=parent,
                    after=after,
                )
            except StaleEdit as error:
                stale = error
                place.add_error(None, str(error))
            except CycleError as error:
                place.add_error(None, str(error))
            else:
                target = labels[parent.pk] if parent else "the top level"
                messages.success(request, f"{labels[item.pk]} was moved under {target}.")
                return redirect(tree_url(plan, item.pk))
    context = _context(membership, plan, item, choose=choose, place=place, stale=stale)
    return render(request, "progress/item_move.html", context)


def _context(membership: Membership, plan: Plan, item: Item, **extra: Any) -> dict[str, Any]:
    page = item_page(plan, item, today=timezone.localdate())
    return {"membership": membership, "plan": plan, "item": item, "page": page, **extra}


@login_required
def item_remove(request: HttpRequest, slug: str, plan_id: int, item_id: int) -> HttpResponse:
    """Confirm removing an item: deleted when nothing under it has history, else withdrawn."""
    membership, plan, item = _scope(request, slug, plan_id, item_id)
    tree, labels = _outline(plan)
    subtree = tree.subtree(item)
    history = arranging.history_of(subtree)
    form = af.RemoveForm(
        request.POST if request.method == "POST" else None,
        withdrawing=bool(history),
        initial={"version": item.version},
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            removal = arranging.remove_item(
                item=item,
                by=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data.get("reason", ""),
            )
        except StaleEdit as error:
            stale = error
            form.add_error(None, str(error))
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            word = "deleted" if removal.deleted else "withdrawn"
            messages.success(request, f"{labels[item.pk]} was {word}.")
            return redirect(tree_url(plan, item.parent_id if removal.deleted else item.pk))
    context = _context(
        membership, plan, item, form=form, stale=stale, history=history,
        under=[labels[i.pk] for i in subtree[1:]],
    )  # fmt: skip
    return render(request, "progress/item_remove.html", context)
