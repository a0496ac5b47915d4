"""The page where a manager picks the area's ICB(s) and adds the partners' figures to a plan.

Scope to the area and plan (404) → managers only (403) → form → services → back to the plan's
scorecard. The ICB choice is saved (audited) by `partners.services.choose_icbs`; the indicators
by `partner_indicators.add_partner_indicators`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from wsoa.core.forms import helper
from wsoa.core.tenancy import area_for, require
from wsoa.kpi import partner_indicators
from wsoa.partners import services as partners
from wsoa.partners import waits
from wsoa.plans.tenancy import plan_for


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


@login_required
def partner_figures(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(membership.manages, "Only managers can add partners' figures to the plan.")
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
    context = {"membership": membership, "plan": plan, "form": form}
    return render(request, "kpi/partner_figures.html", context)
