"""Pages for building a plan: start one, add an item, edit every part of one. Managers only.

Every view: scope to the area (404) → permission (403) → form → service → redirect. A form
that fails its checks, or a change the service refuses, is shown again and writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from wsoa.core import idempotency as once
from wsoa.core.members import member_choices
from wsoa.core.models import Membership
from wsoa.core.people import display_name
from wsoa.core.tenancy import area_for, get_in_area, require
from wsoa.plans.datetext import parse_date_text
from wsoa.plans.models import Item, Plan
from wsoa.plans.presenters.item import item_page, items_with_parts
from wsoa.plans.presenters.wording import describe_span
from wsoa.plans.tenancy import plan_for
from wsoa.progress import authoring as a
from wsoa.progress import authoring_forms as af
from wsoa.progress import forms as f
from wsoa.progress.services import CycleError, StaleEdit
from wsoa.progress.templatetags.progress_display import with_article

MANAGERS_ONLY = "Only plan managers can build and change the plan."


def _item_url(item: Item) -> str:
    return reverse("progress:item", args=[item.plan.area.slug, item.plan_id, item.pk])


def _item(membership: Membership, plan: Plan, item_id: Any) -> Item:
    if not str(item_id).isdigit():
        raise Http404("No such item.")
    return get_in_area(
        items_with_parts(plan).select_related("plan__area"), membership.area, pk=item_id
    )


def read_as(due: str) -> list[tuple[str, str]]:
    """Each date of a due text as written, and what wsoa read it as ("" when nothing)."""
    found = []
    for text in (t.strip() for t in due.split(";")):
        if text:
            read = parse_date_text(text)
            found.append((text, describe_span(read.start, read.end, read.recurrence)))
    return found


def _unread_message(due: str) -> str:
    unread = [text for text, words in read_as(due) if not words]
    if not unread:
        return ""
    return f" No date could be read from “{unread[0]}”: it is kept as written."


@login_required
def plan_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a plan from nothing: its title, partnership, kind, period, levels and scale."""
    membership = area_for(request, slug)
    require(membership.manages, "Only plan managers can start a plan.")
    form = af.PlanStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = once.save_once(
                form=form, user=request.user, save=lambda: _create(membership, request, form)
            )
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            return once.redirect_after(request, saved)
    return render(request, "progress/plan_new.html", {"membership": membership, "form": form})


def _create(membership: Membership, request: HttpRequest, form: af.PlanStartForm) -> once.Created:
    data = form.cleaned_data
    plan = a.create_plan(
        area=membership.area,
        by=request.user,
        title=data["title"],
        issuer=data["issuer"],
        kind=data["kind"],
        period=data["period"],
        levels=data["levels"],
        rag_scale=form.rag_scale(),
        numbering=data["numbering"],
    )
    url = reverse("plans:plan", args=[membership.area.slug, plan.pk])
    return once.Created(url, plan, f"The plan was started. Add its first {plan.level_name(0)}.")


@login_required
def item_new(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """Add an item at the top level (no query), under `?parent=ID` or after `?after=ID`."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(membership.manages, MANAGERS_ONLY)
    where = request.POST if request.method == "POST" else request.GET
    parent = _item(membership, plan, where["parent"]) if where.get("parent") else None
    after = _item(membership, plan, where["after"]) if where.get("after") else None
    if after is not None:
        parent = None
    depth = after.depth if after else parent.depth + 1 if parent else 0
    form = af.ItemNewForm(request.POST or None, plan=plan)
    rows = af.item_rows(request.POST or None, None)
    if request.method == "POST" and _valid(form, rows):
        try:
            saved = once.save_once(
                form=form,
                user=request.user,
                save=lambda: _add(plan, request.user, form, rows, parent, after),
            )
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            return once.redirect_after(request, saved)
    context = {
        "membership": membership,
        "plan": plan,
        "section": "plan",
        "form": form,
        "rows": rows,
        "level": plan.level_name(depth),
        "heading": f"Add {with_article(plan.level_name(depth))}",
        "parent": parent,
        "after": after,
    }
    return render(request, "progress/item_new.html", context)


def _valid(form: af.ItemFormBase, rows: dict[str, Any]) -> bool:
    """Check the form and its rows; a row's error is named in the form's error summary too."""
    valid = form.is_valid()
    for name, formset in rows.items():
        if af.sent(formset) and not formset.is_valid():
            valid = False
            form.add_error(None, f"Check the {name}: {_first_error(formset)}")
    return valid


def _first_error(formset: Any) -> str:
    for errors in formset.errors:
        for messages_of_field in errors.values():
            return str(messages_of_field[0])
    return " ".join(formset.non_form_errors()) or "a row is not right"


def _with_person(plan: Plan, by: Any, form: af.ItemFormBase, fields: a.ItemFields) -> None:
    """Add the lead chosen from the plan's people, or the new person entered, to the leads."""
    data = form.cleaned_data
    leads = fields.leads or []
    chosen = plan.people.filter(pk=data.get("add_lead") or 0).first()
    member = data.get("add_account")
    if member is not None:
        chosen = a.add_person(
            plan=plan, by=by, name=display_name(member.user),
            organisation=str(member.organisation or ""), user=member.user,
        )  # fmt: skip
    if data.get("new_name"):
        chosen = a.add_person(
            plan=plan,
            by=by,
            name=data["new_name"],
            short_code=data.get("new_code", ""),
            role=data.get("new_role", ""),
            organisation=data.get("new_organisation", ""),
        )
    if chosen is not None:
        lead = chosen.short_code or chosen.name
        fields.leads = leads if lead in leads else [*leads, lead]


def _add(
    plan: Plan,
    by: Any,
    form: af.ItemNewForm,
    rows: dict[str, Any],
    parent: Item | None,
    after: Item | None,
) -> once.Created:
    fields = form.item_fields(rows)
    _with_person(plan, by, form, fields)
    item = a.add_item(plan=plan, by=by, fields=fields, parent=parent, after=after)
    item.plan = plan
    words = f"The {item.level or 'item'} was added.{_unread_message(fields.due or '')}"
    return once.Created(_item_url(item), item, words)


@login_required
def item_edit(request: HttpRequest, slug: str, plan_id: int, item_id: int) -> HttpResponse:
    """Edit every part of an item; a save over someone else's change is refused and shown."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    item = _item(membership, plan, item_id)
    require(membership.manages, "Only plan managers can edit items.")
    current = a.item_fields(item)
    numbers = dict(plan.items.values_list("pk", "number"))
    initial = {**af.item_initial(current, numbers), "version": item.version}
    form = af.ItemEditForm(request.POST or None, initial=initial, plan=plan, item=item)
    rows = af.item_rows(request.POST or None, current)
    stale = None
    if request.method == "POST" and _valid(form, rows):
        try:
            fields = _save(plan, item, request.user, form, rows)
        except StaleEdit as error:
            stale = error
            form.add_error(None, str(error))
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The item was saved.{_unread_message(fields.due or '')}")
            return redirect(_item_url(item))
    context = {
        "membership": membership,
        "plan": plan,
        "section": "plan",
        "item": item,
        "form": form,
        "rows": rows,
        "stale": stale,
        "read_as": read_as(current.due or ""),
        "assign_form": f.AssignForm(members=member_choices(membership.area, with_role=True)),
        "assigned": item.assignments.select_related("user"),
        "page": item_page(plan, item, today=timezone.localdate()),
    }
    return render(request, "progress/item_edit.html", context)


def _save(
    plan: Plan, item: Item, by: Any, form: af.ItemEditForm, rows: dict[str, Any]
) -> a.ItemFields:
    fields = form.item_fields(rows)
    with transaction.atomic():
        _with_person(plan, by, form, fields)
        a.change_item(item=item, by=by, version=form.cleaned_data["version"], fields=fields)
    return fields
