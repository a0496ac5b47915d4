"""The area's benchmark page, its CSV download, and tracking a measure in the plan.

Scope to the area (404) → permission (403) → form → service, as every scorecard page. The
figures are national published statistics; nothing here is about a child.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from wsoa.benchmarks import comparison as bench
from wsoa.benchmarks.models import Measure
from wsoa.core import idempotency as once
from wsoa.core.forms import helper
from wsoa.core.models import Membership
from wsoa.core.tenancy import area_for, require
from wsoa.kpi import benchmark_presenters as shown
from wsoa.kpi import tracking
from wsoa.kpi.forms import number_field
from wsoa.kpi.models import DfeLink
from wsoa.plans.models import Finding

TARGET_CHOICES = [
    ("neighbours", "Reach the neighbours' average"),
    ("england", "Reach England's figure"),
    ("typed", "A figure I type"),
]


class TopicForm(forms.Form):
    topic = forms.ChoiceField(label="Topic", required=False)

    def __init__(self, *args: Any, topics: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "All topics")] + [(t, t) for t in topics]  # type: ignore[attr-defined]
        self.helper = helper(self, "get")


class TrackForm(once.OnceForm):
    measure = forms.CharField(widget=forms.HiddenInput, max_length=60)
    finding = forms.IntegerField(
        label="Finding it measures",
        widget=forms.Select,
        error_messages={"required": "Choose the finding this measure shows progress on"},
    )
    target = forms.ChoiceField(
        label="Target",
        choices=TARGET_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what to aim for"},
    )
    year = forms.IntegerField(
        label="By the end of which year",
        help_text="For example 2026: the period ending in that year",
        error_messages={"required": "Enter the year the target is due", "invalid": "Enter a year"},
    )
    value = number_field("Target figure", help_text="Only when you type the target yourself")

    def __init__(self, *args: Any, findings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["finding"].widget.choices = [("", "Choose a finding"), *findings]
        self.helper = helper(self)

    def clean_year(self) -> int:
        year = int(self.cleaned_data["year"])
        this_year = timezone.localdate().year
        if not this_year - 1 <= year <= this_year + 10:
            raise forms.ValidationError(f"Enter a year from {this_year - 1} to {this_year + 10}")
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target") == "typed" and data.get("value") is None:
            self.add_error("value", "Enter the target figure")
        return data


def _link(membership: Membership) -> DfeLink | None:
    return shown.link_of(membership.area)


@login_required
@require_GET
def area_benchmarks(request: HttpRequest, slug: str) -> HttpResponse:
    """Every SEN and related measure for the area against England, neighbours and all areas."""
    membership = area_for(request, slug)
    link = _link(membership)
    context: dict[str, Any] = {"membership": membership, "link": link, "section": "benchmarks"}
    if link is not None:
        page = shown.area_benchmarks(membership.area, link)
        form = TopicForm(request.GET or None, topics=page.topics)
        topic = form.cleaned_data["topic"] if form.is_valid() else ""
        if topic:
            page.rows = [row for row in page.rows if row.compared.topic == topic]
        context.update(page=page, form=form, topic=topic, can_manage=membership.manages)
    return render(request, "kpi/benchmarks/area.html", context)


@login_required
@require_GET
def benchmarks_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The benchmark page's figures (of the topic asked for) as a CSV file for Excel."""
    membership = area_for(request, slug)
    link = _link(membership)
    if link is None:
        raise Http404("This area is not linked to a local authority of the DfE's figures.")
    page = shown.area_benchmarks(membership.area, link)
    form = TopicForm(request.GET or None, topics=page.topics)
    topic = form.cleaned_data["topic"] if form.is_valid() else ""
    rows = [row for row in page.rows if not topic or row.compared.topic == topic]
    response = HttpResponse(shown.csv_bytes(rows), content_type="text/csv; charset=utf-8")
    name = f"{membership.area.slug}-benchmarks.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _findings(membership: Membership) -> list[tuple[int, str]]:
    rows = Finding.objects.filter(plan__area=membership.area).select_related("plan")
    return [
        (f.pk, f"{f.plan.title[:60]} — {f.code + ': ' if f.code else ''}{f.text[:90]}")
        for f in rows.order_by("plan__title", "plan_id", "position", "pk")
    ]


def _finding(membership: Membership, finding_id: int) -> Finding:
    rows = Finding.objects.filter(plan__area=membership.area).select_related("plan")
    return get_object_or_404(rows, pk=finding_id)


def _measure(link: DfeLink, code: str) -> bench.Comparison:
    la, chosen = tracking.la_of(link)
    if not Measure.objects.filter(code=code).exists():
        raise Http404("No such measure in the national figures.")
    return bench.compare(la, code, neighbours=chosen)


@login_required
def track(request: HttpRequest, slug: str) -> HttpResponse:
    """Make a measure a plan indicator linked to a finding, with a target set from it."""
    membership = area_for(request, slug)
    require(membership.manages, "Only managers can add indicators to the plan.")
    link = _link(membership)
    if link is None:
        raise Http404("This area is not linked to a local authority of the DfE's figures.")
    code = request.POST.get("measure") or request.GET.get("measure", "")
    compared = _measure(link, code)
    form = TrackForm(
        request.POST or None, initial=_initial(compared), findings=_findings(membership)
    )
    form.fields["target"].choices = _target_choices(compared)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        finding = _finding(membership, data["finding"])
        choice = tracking.TargetChoice(data["target"], data["year"], data["value"])

        def save() -> once.Created:
            indicator = tracking.track_measure(
                area=membership.area, measure=code, finding=finding, choice=choice, by=request.user
            )
            url = reverse("kpi:indicator", args=[slug, indicator.pk])
            return once.Created(url, indicator, f"“{indicator.name}” is now tracked in the plan.")

        try:
            saved = once.save_once(form=form, user=request.user, save=save)
        except tracking.TrackingError as error:
            form.add_error(None, str(error))
        else:
            return once.redirect_after(request, saved)
    context = {
        "membership": membership,
        "form": form,
        "compared": compared,
        "sentence": shown.how_we_compare(compared),
        "neighbours_label": shown.neighbours_label(compared.neighbours_chosen),
        "has_findings": bool(form.fields["finding"].widget.choices[1:]),
    }
    return render(request, "kpi/benchmarks/track.html", context)


def _target_choices(compared: bench.Comparison) -> list[tuple[str, str]]:
    """The choices, each naming its figure: "Reach England's figure (45.9%)"."""
    figures = {
        "neighbours": shown.mean_text(compared),
        "england": shown.figure(compared.england, compared.unit),
    }
    return [
        (key, f"{label} ({figures[key]})" if figures.get(key) else label)
        for key, label in TARGET_CHOICES
    ]


def _initial(compared: bench.Comparison) -> dict[str, Any]:
    target = "neighbours" if compared.neighbours_mean is not None else "typed"
    return {"measure": compared.measure, "target": target, "year": timezone.localdate().year + 1}
