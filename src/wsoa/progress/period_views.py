"""Pages to change or remove one reporting period of a plan. Managers only.

Every view: scope to the area (404) → permission (403) → form → service → back to the plan's
"Reporting cycle" page. A period something refers to is shown with the reasons, and its forms
are not offered; a change refused by the service writes nothing and says why.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from wsoa.core import idempotency as once
from wsoa.core.models import Membership
from wsoa.core.tenancy import area_for, require
from wsoa.plans.models import Plan
from wsoa.plans.tenancy import plan_for
from wsoa.progress import forms as f
from wsoa.progress import periods
from wsoa.progress import permissions as can
from wsoa.progress.models import ReportingPeriod
from wsoa.progress.services import CycleError

MANAGERS_ONLY = "Only plan managers can change the reporting cycle."

Scoped = tuple[Membership, Plan, ReportingPeriod]


def _scope(request: HttpRequest, slug: str, plan_id: int, period_id: int) -> Scoped:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    rows = ReportingPeriod.objects.filter(plan=plan, plan__area=membership.area)
    period = get_object_or_404(rows, pk=period_id)
    require(can.can_manage_cycle(membership), MANAGERS_ONLY)
    return membership, plan, period


def _cycle_url(plan: Plan) -> str:
    return reverse("progress:cycle", args=[plan.area.slug, plan.pk]) + "#periods"


def _page(request: HttpRequest, scoped: Scoped, template: str, **extra: Any) -> HttpResponse:
    membership, plan, period = scoped
    context = {
        "membership": membership,
        "plan": plan,
        "section": "cycle",
        "period": period,
        "kept_because": periods.why_kept(period),
        **extra,
    }
    return render(request, template, context)


@login_required
def period_edit(request: HttpRequest, slug: str, plan_id: int, period_id: int) -> HttpResponse:
    scoped = _scope(request, slug, plan_id, period_id)
    _, plan, period = scoped
    initial = {"label": period.label, "start": period.start, "end": period.end}
    form = f.PeriodForm(request.POST or None, initial=initial, prefix="period")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save() -> once.Created:
            changed = periods.change_period(
                period=period, by=request.user, label=data["label"], start=data["start"],
                end=data["end"],
            )  # fmt: skip
            return once.Created(_cycle_url(plan), changed, f"Saved the period {changed.label}.")

        try:
            return once.redirect_after(
                request, once.save_once(form=form, user=request.user, save=save)
            )
        except CycleError as error:
            form.add_error(None, str(error))
    return _page(request, scoped, "progress/period_edit.html", form=form)


@login_required
def period_remove(request: HttpRequest, slug: str, plan_id: int, period_id: int) -> HttpResponse:
    try:
        scoped = _scope(request, slug, plan_id, period_id)
    except Http404:
        return _removed_before(request, slug, plan_id)
    _, plan, period = scoped
    form = f.RemovePeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        label = period.label

        def save() -> once.Created:
            periods.remove_period(period=period, by=request.user)
            return once.Created(_cycle_url(plan), None, f"Removed the period {label}.")

        try:
            return once.redirect_after(
                request, once.save_once(form=form, user=request.user, save=save)
            )
        except CycleError as error:
            form.add_error(None, str(error))
    return _page(request, scoped, "progress/period_remove.html", form=form)


def _removed_before(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """A removal sent again after the period went: where the first went, "already saved"."""
    form = f.RemovePeriodForm(request.POST or None)
    if request.method != "POST" or not once.sent_before(request) or not form.is_valid():
        raise Http404("No such reporting period in this plan.")

    def gone() -> once.Created:
        raise Http404("No such reporting period in this plan.")

    return once.redirect_after(request, once.save_once(form=form, user=request.user, save=gone))
