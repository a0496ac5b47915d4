"""The public progress pages (no sign-in) and the staff pages that decide what they show.

Public pages read published snapshots only, through the area's slug in the address: a plan
never published, or of another area, is 404 exactly like one that does not exist.
Staff pages: scope to the area (404) → permission (403) → form → service → redirect.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from wsoa.core import idempotency as once
from wsoa.core.models import Membership
from wsoa.core.tenancy import area_for, require
from wsoa.jobs.views import send_or_warn
from wsoa.plans.models import Finding, Item, Plan
from wsoa.plans.tenancy import plan_for
from wsoa.public import forms as f
from wsoa.public import presenters, services, tasks
from wsoa.public.content import draft_content
from wsoa.public.models import FindingSummary, YouSaid
from wsoa.public.permissions import can_publish

ONLY_MANAGERS = "Only plan managers can choose what is public and publish it."


def _staff_url(plan: Plan) -> str:
    return reverse("public:staff", args=[plan.area.slug, plan.pk])


def _context(membership: Membership, plan: Plan, **extra: Any) -> dict[str, Any]:
    return {"membership": membership, "plan": plan, "section": "public", **extra}


# Public pages: no sign-in.


@require_GET
def public_area(request: HttpRequest, slug: str) -> HttpResponse:
    plans = presenters.published_plans(slug)
    if not plans:
        raise Http404("No published plans.")
    return render(request, "public/area.html", {"area": plans[0][0].area, "plans": plans})


@require_GET
def public_plan(
    request: HttpRequest, slug: str, plan_id: int, number: int | None = None
) -> HttpResponse:
    snapshots = presenters.snapshots_of(slug, plan_id)
    found = snapshots.filter(number=number) if number is not None else snapshots
    snapshot = found.select_related("plan__area").order_by("-number").first()
    if snapshot is None:
        raise Http404("No such published plan.")
    versions = [
        presenters.Version(n, at) for n, at in snapshots.values_list("number", "published_at")
    ]
    page = presenters.public_page(snapshot, versions)
    context = {"page": page, "area": snapshot.plan.area, "plan_id": plan_id}
    return render(request, "public/plan.html", context)


# Staff pages.


@login_required
def staff_public(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    context = _context(
        membership,
        plan,
        page=presenters.staff_page(plan),
        can_publish=can_publish(membership),
        publish_form=f.PublishForm(),
    )
    return render(request, "public/staff.html", context)


@login_required
def staff_preview(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    page = presenters.PublicPage(presenters.dress(draft_content(plan)), None, None)
    context = {"page": page, "area": membership.area, "plan_id": plan.pk, "preview_of": plan}
    return render(request, "public/plan.html", context)


@login_required
def staff_summary(request: HttpRequest, slug: str, plan_id: int, finding_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    finding = get_object_or_404(Finding.objects.filter(plan=plan), pk=finding_id)
    require(can_publish(membership), ONLY_MANAGERS)
    row = FindingSummary.objects.filter(finding=finding).first()
    form = f.SummaryForm(request.POST or None, initial=f.SummaryForm.initial_for(row))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_summary(
                finding=finding, by=request.user, data=services.SummaryIn(**form.cleaned_data)
            )
        except services.PublishError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The summary was saved. It is public once you publish.")
            return redirect(_staff_url(plan) + "#findings")
    return render(
        request, "public/summary_form.html", _context(membership, plan, finding=finding, form=form)
    )


@login_required
def staff_choose(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(can_publish(membership), ONLY_MANAGERS)
    initial = presenters.chosen(plan)
    options = presenters.choice_options(plan, keep=set(initial["updates"]))
    form = f.ChoiceForm(request.POST or None, initial=initial, choices=options)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.choose_public(
            plan=plan,
            by=request.user,
            items=[int(pk) for pk in data.get("items", [])],
            indicators=[int(pk) for pk in data.get("indicators", [])],
            updates=[int(pk) for pk in data.get("updates", [])],
        )
        messages.success(request, "Your choices were saved. They are public once you publish.")
        return redirect(_staff_url(plan))
    return render(request, "public/choose.html", _context(membership, plan, form=form))


@login_required
@require_POST
def staff_publish(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(can_publish(membership), ONLY_MANAGERS)
    form = f.PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
        return redirect(_staff_url(plan))
    saved = once.save_once(form=form, user=request.user, save=lambda: _publish(plan, request))
    if not saved.repeated and saved.object_id is not None:
        send_or_warn(request, saved.object_id)  # with no broker it publishes now
    return once.redirect_after(request, saved)


def _publish(plan: Plan, request: HttpRequest) -> once.Created:
    """Write the publishing job (a task publishes; its page follows it, then goes on)."""
    job = tasks.start_publishing(plan=plan, by=request.user)
    return once.Created(reverse("jobs:job", args=[plan.area.slug, job.pk]), job)


@login_required
def you_said_edit(
    request: HttpRequest, slug: str, plan_id: int, entry_id: int | None = None
) -> HttpResponse:
    """Add or change a "you said, we did" entry: any member writes; managers approve to publish.

    A change to approved text waits for a manager's approval (see `services.save_you_said`).
    """
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    entry = None
    if entry_id is not None:
        entry = get_object_or_404(YouSaid.objects.filter(plan=plan), pk=entry_id)
    initial: dict[str, Any] = {}
    if entry is not None:
        initial = {n: getattr(entry, n) for n in ("said", "source", "said_on", "did")}
        initial["items"] = [str(pk) for pk in entry.items.values_list("pk", flat=True)]
        initial["is_published"] = entry.is_published
    publisher = can_publish(membership)
    form = f.YouSaidForm(
        request.POST or None,
        initial=initial,
        items=presenters.item_choices(plan),
        can_publish=publisher,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        items = list(Item.objects.filter(plan=plan, pk__in=[int(i) for i in data["items"]]))
        fields = services.YouSaidIn(
            data["said"], data["source"], data["said_on"], data["did"], items
        )
        approve = data["is_published"] if publisher else None

        def save() -> once.Created:
            saved = services.save_you_said(plan=plan, by=request.user, data=fields, entry=entry)
            if approve is not None:
                services.set_you_said_published(entry=saved, by=request.user, is_published=approve)
            return once.Created(_staff_url(plan) + "#you-said", saved, _said_saved(saved))

        try:
            done = once.save_once(form=form, user=request.user, save=save)
        except services.PublishError as error:
            form.add_error(None, str(error))
        else:
            return once.redirect_after(request, done)
    heading = "Change “you said, we did”" if entry else "Add “you said, we did”"
    context = _context(
        membership, plan, form=form, entry=entry, heading=heading, can_publish=publisher
    )
    return render(request, "public/you_said_form.html", context)


def _said_saved(entry: YouSaid) -> str:
    if entry.needs_approval:
        return (
            "“You said, we did” was saved. The change waits for a plan manager to approve it: "
            "until then the public page keeps the text they approved."
        )
    return "“You said, we did” was saved."
