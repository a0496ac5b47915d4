"""The pages where a manager picks the area's ICB(s) and NHS providers and adds their figures.

Scope to the area and plan (404) → managers only (403) → form → services → redirect. The ICB
choice is saved (audited) by `partners.services.choose_icbs`, the providers by
`partners.services.choose_providers`; the indicators by `partner_indicators`. The page shows
the waits of England, the ICBs and the providers per service (`partner_waits`), each with
"Track in the plan" (`track_waits`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from wsoa.core.forms import helper
from wsoa.core.models import Membership
from wsoa.core.tenancy import area_for, require
from wsoa.kpi import partner_indicators, partner_waits
from wsoa.kpi.partner_forms import ProviderChoiceForm, ProviderSearchForm, TrackWaitsForm
from wsoa.partners import services as partners
from wsoa.partners import waits
from wsoa.plans.models import Plan
from wsoa.plans.tenancy import plan_for

ONLY_MANAGERS = "Only managers can add partners' figures to the plan."


class PartnerFiguresForm(forms.Form):
    icbs = forms.MultipleChoiceField(
        label="Integrated care boards (ICBs) serving the area",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The NHS figures are published per ICB and do not say which councils an ICB "
        "serves. Choose every ICB whose area covers yours.",
    )
    therapies = forms.MultipleChoiceField(
        label="Children's community health waits to track",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, words.capitalize()) for code, words in waits.THERAPIES.items()],
        help_text="Each becomes two indicators per ICB: children waiting over 18 weeks (% of "
        "the waiting list, against England) and children waiting over 52 weeks.",
    )
    tribunal = forms.BooleanField(
        label="SEND Tribunal appeal rate, against England and the statistical neighbours",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(icb.code, f"{icb.short_name} ICB") for icb in waits.icbs().values()]
        self.fields["icbs"].choices = choices  # type: ignore[attr-defined]
        self.helper = helper(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("therapies") and not data.get("icbs"):
            self.add_error("icbs", "Choose the ICB serving the area, or untick the therapies")
        if not data.get("therapies") and not data.get("tribunal"):
            self.add_error("therapies", "Choose a therapy or the tribunal appeal rate to add")
        return data


def _manager_plan(request: HttpRequest, slug: str, plan_id: int) -> tuple[Membership, Plan]:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(membership.manages, ONLY_MANAGERS)
    return membership, plan


def _page(slug: str, plan: Plan, anchor: str = "") -> str:
    return reverse("kpi:partner_figures", args=[slug, plan.pk]) + anchor


@login_required
def partner_figures(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership, plan = _manager_plan(request, slug, plan_id)
    area = membership.area
    initial = {
        "icbs": [icb.code for icb in partners.icbs_for(area)],
        "therapies": list(waits.THERAPIES),
        "tribunal": True,
    }
    form = PartnerFiguresForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        icbs = partners.choose_icbs(area=area, codes=form.cleaned_data["icbs"], by=request.user)
        report = partner_indicators.add_partner_indicators(
            area=area,
            icbs=icbs,
            therapies=form.cleaned_data["therapies"],
            tribunal=form.cleaned_data["tribunal"],
            plan=plan,
            by=request.user,
        )
        messages.success(request, f"Partners' figures: {report.summary()}.")
        for note in report.notes:
            messages.info(request, note)
        return redirect(reverse("kpi:plan_scorecard", args=[slug, plan.pk]))
    icbs = partners.icbs_for(area)
    providers = partners.chosen_providers(area)
    context = {
        "membership": membership,
        "plan": plan,
        "form": form,
        "icbs": icbs,
        "providers": providers,
        "tables": partner_waits.wait_tables(area, icbs, providers),
        "track_url": reverse("kpi:partner_track", args=[slug, plan.pk]),
    }
    return render(request, "kpi/partner_figures.html", context)


@login_required
def partner_providers(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """Find and tick the NHS providers serving the area; saved for the area, audited."""
    membership, plan = _manager_plan(request, slug, plan_id)
    area = membership.area
    chosen = partners.chosen_providers(area)
    search = ProviderSearchForm(request.GET or None)
    words = search.cleaned_data["q"] if search.is_valid() else ""
    found = waits.find_providers(words) if words else list(waits.providers().values())
    shown = chosen + [p for p in found if p not in chosen]
    initial = {"providers": [p.code for p in chosen]}
    form = ProviderChoiceForm(request.POST or None, shown=shown, initial=initial)
    if request.method == "POST" and form.is_valid():
        codes = form.cleaned_data["providers"]
        saved = partners.choose_providers(area=area, codes=codes, by=request.user)
        names = "; ".join(p.name for p in saved) or "none"
        messages.success(request, f"NHS providers serving {area.name}: {names}.")
        return redirect(_page(slug, plan, "#providers"))
    context = {
        "membership": membership,
        "plan": plan,
        "search": search,
        "words": words,
        "found": len(found),
        "found_all": len(waits.providers()),
        "form": form,
        "history": partners.provider_history(area),
    }
    return render(request, "kpi/partner_providers.html", context)


@login_required
@require_POST
def track_waits(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """Track one ICB's or provider's waits for one service as indicators of the plan."""
    membership, plan = _manager_plan(request, slug, plan_id)
    form = TrackWaitsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nothing was tracked: choose a service from the table.")
        return redirect(_page(slug, plan))
    data = form.cleaned_data
    try:
        report = _track(membership, plan, data["kind"], data["code"], data["therapy"])
    except partners.PartnersError as refused:
        messages.error(request, f"Nothing was tracked. {refused}")
        return redirect(_page(slug, plan))
    messages.success(request, f"Tracked in the plan: {report.summary()}.")
    for note in report.notes:
        messages.info(request, note)
    return redirect(_page(slug, plan, f"#service-{data['therapy']}"))


def _track(
    membership: Membership, plan: Plan, kind: str, code: str, therapy: str
) -> partner_indicators.PartnerReport:
    area, by = membership.area, membership.user
    if kind == "provider":
        provider = partners.provider_serving(area, code)
        return partner_indicators.add_provider_indicators(
            area=area, provider=provider, therapies=[therapy], plan=plan, by=by
        )
    icb = partners.icb_serving(area, code)
    return partner_indicators.add_partner_indicators(
        area=area, icbs=[icb], therapies=[therapy], tribunal=False, plan=plan, by=by
    )
