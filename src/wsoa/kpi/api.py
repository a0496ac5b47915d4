"""Read-only JSON API of indicators, measurements and comparators, with an OpenAPI schema.

For analysts pulling figures into Power BI or Excel. Signed-in users only (the session
cookie), and only for areas they hold a role in: another area, or an id from it, is 404.
The schema is at /api/kpi/openapi.json.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Path, Query, Schema
from ninja.security import django_auth

from wsoa.benchmarks import comparison as bench
from wsoa.core.models import LocalArea, Membership
from wsoa.core.people import display_name
from wsoa.kpi import benchmark_presenters, tracking
from wsoa.kpi.models import Comparator, DfeLink, Indicator, Measurement, TargetStep

api = NinjaAPI(
    title="wsoa KPI scorecard",
    version="1",
    description="Indicators, targets, actuals and comparators of the areas you hold a role in.",
    auth=django_auth,
    urls_namespace="kpi_api",
    docs_url=None,
)

Slug = Path(..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=200)
Id = Path(..., ge=1, le=2_147_483_647)


class AreaOut(Schema):
    slug: str
    name: str


class StepOut(Schema):
    period: str
    period_start: dt.date
    period_end: dt.date
    target: float


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    definition: str
    theme: str
    unit: str
    polarity: str
    frequency: str
    source: str
    owner: str | None
    plan_id: int | None
    numerator: str
    denominator: str
    baseline: float | None
    baseline_period: str
    target: float | None
    target_period: str
    target_due: dt.date | None
    green_within: float
    amber_within: float
    trajectory: list[StepOut]


class MeasurementOut(Schema):
    id: int
    period: str
    period_start: dt.date
    period_end: dt.date
    value: float
    numerator: float | None
    denominator: float | None
    note: str
    source: str
    entered_by: str
    entered_at: dt.datetime
    corrects: int | None
    current: bool


class ComparatorOut(Schema):
    kind: str
    name: str
    period: str
    period_start: dt.date
    period_end: dt.date
    value: float
    source: str


def _area(request: HttpRequest, slug: str) -> LocalArea:
    found = Membership.objects.for_user(request.user).select_related("area")
    membership = found.filter(area__slug=slug).first()
    if membership is None:
        raise Http404("No such area.")
    return membership.area


def _indicator(request: HttpRequest, slug: str, indicator_id: int) -> Indicator:
    found = Indicator.objects.for_area(_area(request, slug)).filter(pk=indicator_id).first()
    if found is None:
        raise Http404("No such indicator.")
    return found


def _f(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _indicator_out(row: Indicator) -> dict[str, Any]:
    owner = display_name(row.owner) if row.owner else None
    steps: list[TargetStep] = list(row.steps.all())
    return {
        "id": row.pk,
        "code": row.code,
        "name": row.name,
        "definition": row.definition,
        "theme": row.theme,
        "unit": row.unit,
        "polarity": row.polarity,
        "frequency": row.frequency,
        "source": row.source,
        "owner": owner,
        "plan_id": row.plan_id,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "baseline": _f(row.baseline),
        "baseline_period": row.baseline_label,
        "target": _f(row.target),
        "target_period": row.target_label,
        "target_due": row.target_on,
        "green_within": float(row.green_within),
        "amber_within": float(row.amber_within),
        "trajectory": [
            {
                "period": s.label,
                "period_start": s.start,
                "period_end": s.end,
                "target": float(s.value),
            }
            for s in steps
        ],
    }


@api.get("/areas", response=list[AreaOut], summary="The areas you hold a role in")
def areas(request: HttpRequest) -> list[dict[str, str]]:
    rows = Membership.objects.for_user(request.user).select_related("area")
    return [{"slug": m.area.slug, "name": m.area.name} for m in rows.order_by("area__name")]


@api.get("/areas/{slug}/indicators", response=list[IndicatorOut], summary="An area's indicators")
def indicators(request: HttpRequest, slug: str = Slug) -> list[dict[str, Any]]:
    rows = Indicator.objects.for_area(_area(request, slug)).select_related("owner")
    return [_indicator_out(row) for row in rows.prefetch_related("steps")]


@api.get("/areas/{slug}/indicators/{indicator_id}", response=IndicatorOut, summary="One indicator")
def indicator(request: HttpRequest, slug: str = Slug, indicator_id: int = Id) -> dict[str, Any]:
    return _indicator_out(_indicator(request, slug, indicator_id))


@api.get(
    "/areas/{slug}/indicators/{indicator_id}/measurements",
    response=list[MeasurementOut],
    summary="Every actual recorded, corrections included; `current` marks each period's figure",
)
def measurements(
    request: HttpRequest, slug: str = Slug, indicator_id: int = Id
) -> list[dict[str, Any]]:
    found = _indicator(request, slug, indicator_id)
    rows = list(Measurement.objects.filter(indicator=found).order_by("end", "pk"))
    current = {row.end: row.pk for row in rows}
    return [
        {
            "id": m.pk,
            "period": m.label,
            "period_start": m.start,
            "period_end": m.end,
            "value": float(m.value),
            "numerator": _f(m.numerator),
            "denominator": _f(m.denominator),
            "note": m.note,
            "source": m.source,
            "entered_by": m.entered_label,
            "entered_at": m.entered_at,
            "corrects": m.corrects_id,
            "current": current[m.end] == m.pk,
        }
        for m in rows
    ]


@api.get(
    "/areas/{slug}/indicators/{indicator_id}/comparators",
    response=list[ComparatorOut],
    summary="England, region and statistical neighbours' figures",
)
def comparators(
    request: HttpRequest, slug: str = Slug, indicator_id: int = Id
) -> list[dict[str, Any]]:
    found = _indicator(request, slug, indicator_id)
    rows = Comparator.objects.filter(indicator=found).order_by("kind", "end")
    return [
        {
            "kind": c.kind,
            "name": c.name,
            "period": c.label,
            "period_start": c.start,
            "period_end": c.end,
            "value": float(c.value),
            "source": c.source,
        }
        for c in rows
    ]


class TrendOut(Schema):
    period: str
    value: float | None


class BenchmarkOut(Schema):
    measure: str
    title: str
    topic: str
    la: int
    name: str
    period: str
    value: float | None
    reason: str
    polarity: str
    unit: str
    england: float | None
    region: float | None
    region_name: str
    neighbours_mean: float | None
    neighbours_n: int
    neighbours: list[int]
    neighbours_chosen: bool
    rank: int | None
    of: int
    quartile: int | None
    trend: list[TrendOut]


class BenchmarkPointOut(Schema):
    period: str
    value: float | None
    reason: str
    england: float | None
    region: float | None
    neighbours_mean: float | None
    rank: int | None
    of: int


def _dfe_link(request: HttpRequest, slug: str) -> tuple[LocalArea, DfeLink]:
    area = _area(request, slug)
    link = DfeLink.objects.filter(area=area).first()
    if link is None:
        raise Http404("This area is not linked to a local authority of the DfE's figures.")
    return area, link


@api.get(
    "/areas/{slug}/benchmarks",
    response=list[BenchmarkOut],
    summary="Every LAIT measure of the benchmark page: England, region, neighbours, rank",
    description="Figures as the DfE publishes them; null `value` with a `reason` when not "
    "available. Rank 1 is best by the measure's polarity; unrated measures have no rank.",
)
def benchmarks(
    request: HttpRequest, slug: str = Slug, topic: str = Query("", max_length=100)
) -> list[dict[str, Any]]:
    area, link = _dfe_link(request, slug)
    page = benchmark_presenters.area_benchmarks(area, link)
    rows = [r.compared for r in page.rows if topic in ("", r.compared.topic)]
    return [benchmark_presenters.as_api(c) for c in rows]


@api.get(
    "/areas/{slug}/benchmarks/series",
    response=list[BenchmarkPointOut],
    summary="Every period of one LAIT measure for the area, with its comparators and rank",
)
def benchmark_series(
    request: HttpRequest, slug: str = Slug, measure: str = Query(..., max_length=60)
) -> list[dict[str, Any]]:
    _, link = _dfe_link(request, slug)
    la, chosen = tracking.la_of(link)
    try:
        points = bench.series(la, measure, neighbours=chosen)
    except bench.NotFound as error:
        raise Http404("No such measure.") from error
    return [benchmark_presenters.series_api(point) for point in points]
