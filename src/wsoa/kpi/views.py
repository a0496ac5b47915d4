"""Scorecard pages. Every view: scope to the area (404) → permission (403) → form → service.

Form posts that fail validation show the form again with a GOV.UK error summary and write
nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from wsoa.core import idempotency as once
from wsoa.core.members import member_choices
from wsoa.core.models import Membership
from wsoa.core.tenancy import area_for, get_in_area, require
from wsoa.kpi import benchmark_presenters, plansetup, presenters, services
from wsoa.kpi import forms as f
from wsoa.kpi import permissions as can
from wsoa.kpi.models import ExceptionReport, Indicator, Measurement
from wsoa.plans.models import Finding, ImpactIndicator, Item, Plan
from wsoa.plans.tenancy import plan_for


def _indicator(membership: Membership, indicator_id: int) -> Indicator:
    return get_in_area(presenters.indicator_rows(membership.area), membership.area, pk=indicator_id)


def _indicator_url(indicator: Indicator) -> str:
    return reverse("kpi:indicator", args=[indicator.area.slug, indicator.pk])


def _scorecard(request: HttpRequest, membership: Membership, plan: Plan | None) -> HttpResponse:
    choices = presenters.filter_choices(membership.area, plan)
    form = f.ScorecardFilterForm(request.GET or None, choices=choices)
    theme = owner = ""
    if form.is_valid():
        theme, owner = form.cleaned_data["theme"], form.cleaned_data["owner"]
    rows = presenters.scorecard(presenters.indicators_for(membership.area, plan, theme, owner))
    context = {
        "membership": membership,
        "plan": plan,
        "rows": rows,
        "form": form,
        "filtered": bool(theme or owner),
        "section": "scorecard",
        "can_manage": membership.manages,
        "suggestions": plansetup.suggestions(plan) if plan and membership.manages else [],
    }
    return render(request, "kpi/scorecard.html", context)


@login_required
def dfe_suggestion(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """Accept or remove a suggested link of a DfE indicator to a finding the plan records."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(membership.manages, "Only managers can link DfE indicators to the plan.")
    if request.method != "POST":
        return redirect("kpi:plan_scorecard", slug, plan.pk)
    chosen = {s.key: s for s in plansetup.suggestions(plan)}.get(request.POST.get("key", ""))
    if chosen is None:
        raise Http404("No such suggestion.")
    if request.POST.get("choice") == "unlink":
        plansetup.unlink(plan=plan, suggestion=chosen, by=request.user)
        messages.success(request, f"“{chosen.name}” is no longer linked to {chosen.measures}.")
    else:
        plansetup.link(plan=plan, suggestion=chosen, by=request.user)
        messages.success(request, f"“{chosen.name}” is linked to {chosen.measures}.")
    return redirect(reverse("kpi:plan_scorecard", args=[slug, plan.pk]) + "#dfe-suggestions")


@login_required
def area_scorecard(request: HttpRequest, slug: str) -> HttpResponse:
    return _scorecard(request, area_for(request, slug), None)


@login_required
def plan_scorecard(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    return _scorecard(request, membership, plan_for(membership, plan_id, parts=()))


@login_required
def indicator_detail(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    indicator = _indicator(membership, indicator_id)
    benchmark = benchmark_presenters.indicator_benchmark(indicator)
    page = presenters.indicator_page(indicator, benchmark)
    context = {
        "membership": membership,
        "indicator": indicator,
        "page": page,
        "can_manage": membership.manages,
        "can_measure": can.can_measure(membership, indicator),
        "can_answer": can.can_answer(membership, indicator),
    }
    return render(request, "kpi/indicator.html", context)


def _form_page(request: HttpRequest, template_vars: dict[str, Any]) -> HttpResponse:
    return render(request, "kpi/form_page.html", template_vars)


def _choices(membership: Membership) -> dict[str, list[tuple[int, str]]]:
    owners = member_choices(membership.area)
    plans = [(p.pk, p.title) for p in Plan.objects.for_area(membership.area).order_by("title")]
    return {"owners": owners, "plans": plans}


def _links(area_plan: Plan | None, data: dict[str, Any]) -> dict[str, Any]:
    """Resolve printed item numbers and finding codes within the chosen plan."""
    numbers = [n.strip() for n in data.pop("item_numbers", "").split(",") if n.strip()]
    codes = [c.strip() for c in data.pop("finding_codes", "").split(",") if c.strip()]
    if area_plan is None:
        return {"items": [], "findings": [], "unknown": numbers + codes}
    items = list(Item.objects.filter(plan=area_plan, number__in=numbers))
    findings = list(Finding.objects.filter(plan=area_plan, code__in=codes))
    found = {i.number for i in items} | {x.code for x in findings}
    return {
        "items": items,
        "findings": findings,
        "unknown": [n for n in numbers + codes if n not in found],
    }


def _values(membership: Membership, form: f.IndicatorForm) -> tuple[dict[str, Any], list[str]]:
    data = dict(form.cleaned_data)
    data.pop("reduction", None)
    data.pop(once.TOKEN_FIELD, None)
    plan_id, owner_id = data.pop("plan"), data.pop("owner")
    plan = get_in_area(Plan.objects, membership.area, pk=plan_id) if plan_id else None
    members = Membership.objects.filter(area=membership.area)
    if owner_id and not members.filter(user_id=owner_id).exists():
        raise Http404("No such member.")
    links = _links(plan, data)
    data.update(plan=plan, owner_id=owner_id, items=links["items"], findings=links["findings"])
    return data, links["unknown"]


@login_required
def indicator_create(request: HttpRequest, slug: str) -> HttpResponse:
    membership = area_for(request, slug)
    require(membership.manages, "Only managers can set up indicators.")
    printed = None
    printed_id = request.POST.get("printed") or request.GET.get("printed")
    if printed_id:
        rows = ImpactIndicator.objects.select_related("plan", "item")
        printed = get_in_area(_PrintedScoped(rows), membership.area, pk=_int(printed_id))
    form = f.IndicatorForm(request.POST or None, initial=_initial(printed), **_choices(membership))
    if request.method == "POST" and form.is_valid():
        values, unknown = _values(membership, form)

        def create() -> once.Created:
            indicator = services.create_indicator(
                area=membership.area, by=request.user, values={**values, "printed": printed}
            )
            message = f"The indicator “{indicator.name}” was set up."
            return once.Created(_indicator_url(indicator), indicator, message)

        saved = once.save_once(form=form, user=request.user, save=create)
        response = once.redirect_after(request, saved)
        if not saved.repeated:
            _say_not_linked(request, unknown)
        return response
    return _form_page(
        request,
        {
            "membership": membership,
            "form": form,
            "printed": printed,
            "heading": "Set up an indicator",
            "button": "Set up indicator",
            "cancel": reverse("kpi:scorecard", args=[slug]),
        },
    )


def _say_not_linked(request: HttpRequest, unknown: list[str]) -> None:
    if unknown:
        messages.warning(request, "Not found in the plan, so not linked: " + ", ".join(unknown))


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError as error:
        raise Http404("No such row.") from error


class _PrintedScoped:
    """Printed targets kept to one area, for `get_in_area`."""

    def __init__(self, rows: Any) -> None:
        self.rows = rows

    def for_area(self, area: Any) -> Any:
        return self.rows.filter(plan__area=area)


def _initial(printed: ImpactIndicator | None) -> dict[str, Any]:
    if printed is None:
        return {
            "green_within": 0,
            "amber_within": 5,
            "polarity": "higher",
            "frequency": "quarterly",
        }
    values = services.prefill_from(printed)
    values.update(
        frequency="quarterly",
        plan=printed.plan_id,
        green_within=0,
        amber_within=5,
        item_numbers=printed.item.number if printed.item else "",
    )
    return values


@login_required
def printed_targets(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(membership.manages, "Only managers can set up indicators.")
    rows = ImpactIndicator.objects.filter(plan=plan).select_related("item")
    rows = rows.prefetch_related("kpi_indicators").order_by("position")
    context = {"membership": membership, "plan": plan, "targets": rows, "section": "scorecard"}
    return render(request, "kpi/printed_targets.html", context)


@login_required
def indicator_edit(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    indicator = _indicator(membership, indicator_id)
    require(membership.manages, "Only managers can change indicators.")
    initial = {name: getattr(indicator, name) for name in services.FIELDS}
    initial.update(
        owner=indicator.owner_id,
        plan=indicator.plan_id,
        item_numbers=", ".join(i.number for i in indicator.items.all() if i.number),
        finding_codes=", ".join(x.code for x in indicator.findings.all() if x.code),
    )
    form = f.IndicatorForm(request.POST or None, initial=initial, **_choices(membership))
    if request.method == "POST" and form.is_valid():
        values, unknown = _values(membership, form)
        services.change_indicator(indicator=indicator, by=request.user, values=values)
        messages.success(request, "The indicator was changed.")
        _say_not_linked(request, unknown)
        return redirect(_indicator_url(indicator))
    return _form_page(
        request,
        {
            "membership": membership,
            "form": form,
            "indicator": indicator,
            "heading": "Change the indicator",
            "button": "Save changes",
            "cancel": _indicator_url(indicator),
        },
    )


@login_required
def target_step(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    indicator = _indicator(membership, indicator_id)
    require(membership.manages, "Only managers can set targets.")
    form = f.TargetStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def set_step() -> once.Created:
            services.set_target_step(
                indicator=indicator, period=data["period"], value=data["value"], by=request.user
            )
            message = f"The target for {data['period'].label} was set."
            return once.Created(_indicator_url(indicator) + "#trajectory", None, message)

        saved = once.save_once(form=form, user=request.user, save=set_step)
        return once.redirect_after(request, saved)
    return _form_page(
        request,
        {
            "membership": membership,
            "form": form,
            "indicator": indicator,
            "heading": "Set an interim target",
            "button": "Set target",
            "cancel": _indicator_url(indicator),
        },
    )


@login_required
def measure(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    indicator = _indicator(membership, indicator_id)
    require(
        can.can_measure(membership, indicator),
        "Only the indicator's owner and managers can record actuals.",
    )
    corrects = None
    corrects_id = request.POST.get("corrects") or request.GET.get("corrects")
    if corrects_id:
        corrects = get_in_area(
            Measurement.objects.filter(indicator=indicator), membership.area, pk=_int(corrects_id)
        )
    initial = {"period": corrects.label, "value": corrects.value} if corrects else {}
    form = f.MeasurementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actual = services.Actual(
            data["period"],
            data["value"],
            data["numerator"],
            data["denominator"],
            data["note"],
            data["source"],
        )

        def measured() -> once.Created:
            row = services.record_measurement(
                indicator=indicator, actual=actual, by=request.user, corrects=corrects
            )
            message = f"The actual for {data['period'].label} was recorded."
            return once.Created(_indicator_url(indicator) + "#history", row, message)

        saved = once.save_once(form=form, user=request.user, save=measured)
        return once.redirect_after(request, saved)
    heading = "Correct an actual" if corrects else "Record an actual"
    return _form_page(
        request,
        {
            "membership": membership,
            "form": form,
            "indicator": indicator,
            "heading": heading,
            "button": heading,
            "corrects": corrects,
            "cancel": _indicator_url(indicator),
        },
    )


@login_required
def exception_answer(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    indicator = _indicator(membership, indicator_id)
    require(
        can.can_answer(membership, indicator),
        "Only the indicator's owner and managers can answer its exception.",
    )
    found = ExceptionReport.objects.open().filter(indicator=indicator).first()
    if found is None:
        raise Http404("This indicator has no open exception.")
    initial = {"cause": found.cause, "action": found.action, "recovery_on": found.recovery_on}
    form = f.ExceptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.answer_exception(exception=found, by=request.user, **form.cleaned_data)
        messages.success(request, "Your commentary on the exception was saved.")
        return redirect(_indicator_url(indicator) + "#exceptions")
    return _form_page(
        request,
        {
            "membership": membership,
            "form": form,
            "indicator": indicator,
            "heading": "Explain the red rating",
            "button": "Save commentary",
            "intro": found.reason,
            "cancel": _indicator_url(indicator),
        },
    )


@login_required
def exception_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = area_for(request, slug)
    require(membership.manages, "Only managers can see all open exceptions.")
    plan = _plan_asked(membership, request.GET.get("plan", ""))
    rows = presenters.open_exceptions(membership.area, plan)
    context = {"membership": membership, "exceptions": rows, "plan": plan}
    return render(request, "kpi/exceptions.html", context)


def _plan_asked(membership: Membership, asked: str) -> Plan | None:
    """The plan of the area named by ?plan=, for lists of one plan's rows; 404 if not its own."""
    if not asked:
        return None
    if not asked.isdigit():
        raise Http404("No such plan in this area.")
    return plan_for(membership, int(asked))
