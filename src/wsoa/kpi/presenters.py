"""What the scorecard and indicator pages show, each from a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.safestring import SafeString, mark_safe

from wsoa.core.models import LocalArea
from wsoa.kpi import chart, rules, services
from wsoa.kpi.benchmark_presenters import IndicatorBenchmark
from wsoa.kpi.models import (
    Comparator,
    ComparatorKind,
    ExceptionReport,
    Indicator,
    IndicatorQuerySet,
    Measurement,
    TargetStep,
)
from wsoa.kpi.services import steps_of
from wsoa.plans.models import Item, Plan
from wsoa.plans.rag import tag_class


@dataclass(frozen=True)
class Point:
    label: str
    end: dt.date
    value: Decimal


@dataclass
class ScoreRow:
    indicator: Indicator
    latest: Point | None
    previous: Point | None
    rating: rules.Rating | None
    target: rules.Step | None
    england: Point | None
    has_exception: bool

    @property
    def trend(self) -> str:
        if self.latest is None:
            return ""
        before = self.previous.value if self.previous else None
        return rules.trend(self.latest.value, before, self.indicator.polarity)

    @property
    def tag_class(self) -> str:
        return tag_class(self.rating.rag if self.rating else "")


def figure(value: Decimal | None, unit: str) -> str:
    return "" if value is None else rules.figure(value, unit)


def indicators_for(
    area: LocalArea, plan: Plan | None = None, theme: str = "", owner: str = ""
) -> QuerySet[Indicator]:
    rows = Indicator.objects.for_area(area).select_related("owner", "plan")
    if plan is not None:
        rows = rows.filter(pk__in=of_plan(area, plan))
    if theme:
        rows = rows.filter(theme=theme)
    if owner:
        rows = rows.filter(owner_id=int(owner))
    return rows


def of_plan(area: LocalArea, plan: Plan) -> QuerySet[Indicator, Any]:
    """The plan's indicators: set up for it, or linked to its findings or items (a DfE one)."""
    linked = Q(plan=plan) | Q(findings__plan=plan) | Q(items__plan=plan)
    return Indicator.objects.for_area(area).filter(linked).values("pk")


def current_points(measurements: QuerySet[Measurement]) -> dict[int, dict[dt.date, Point]]:
    """Each indicator's figure per period: the latest row recorded for the period."""
    found: dict[int, dict[dt.date, Point]] = defaultdict(dict)
    rows = measurements.order_by("indicator_id", "end", "pk")
    for indicator_id, end, label, value in rows.values_list(
        "indicator_id", "end", "label", "value"
    ):
        found[indicator_id][end] = Point(label, end, value)
    return found


def scorecard(indicators: QuerySet[Indicator]) -> list[ScoreRow]:
    """One row per indicator: latest actual, its target and RAG, trend, England's figure."""
    listed = list(indicators)
    if not listed:
        return []
    # By the indicators' ids, read once: the selection as a subquery in each of the four
    # queries below cost more to build than the rows they read.
    ids = [ind.pk for ind in listed]
    points = current_points(Measurement.objects.filter(indicator_id__in=ids))
    steps: dict[int, list[TargetStep]] = defaultdict(list)
    for step in TargetStep.objects.filter(indicator_id__in=ids):
        steps[step.indicator_id].append(step)
    england: dict[int, dict[dt.date, Point]] = defaultdict(dict)
    comparators = Comparator.objects.filter(indicator_id__in=ids, kind=ComparatorKind.ENGLAND)
    for row in comparators.values_list("indicator_id", "end", "label", "value"):
        england[row[0]][row[1]] = Point(row[2], row[1], row[3])
    open_ids = set(
        ExceptionReport.objects.open()
        .filter(indicator_id__in=ids)
        .values_list("indicator_id", flat=True)
    )
    return [
        _score_row(ind, points[ind.pk], steps_of(ind, steps[ind.pk]), england[ind.pk], open_ids)
        for ind in listed
    ]


def _score_row(
    indicator: Indicator,
    points: dict[dt.date, Point],
    steps: list[rules.Step],
    england: dict[dt.date, Point],
    open_ids: set[int],
) -> ScoreRow:
    ends = sorted(points)
    latest = points[ends[-1]] if ends else None
    previous = points[ends[-2]] if len(ends) > 1 else None
    target = rules.target_for(latest.end, steps) if latest else None
    rating = services.rating(indicator, latest, steps) if latest is not None else None
    compare = None
    if england:
        compare = england.get(latest.end) if latest else None
        compare = compare or england[max(england)]
    return ScoreRow(indicator, latest, previous, rating, target, compare, indicator.pk in open_ids)


def filter_choices(area: LocalArea, plan: Plan | None = None) -> dict[str, list[tuple[str, str]]]:
    """The themes and owners to filter the scorecard by (one query)."""
    rows = indicators_for(area, plan).values_list(
        "theme", "owner_id", "owner__first_name", "owner__last_name", "owner__username"
    )
    themes: set[str] = set()
    owners: dict[str, str] = {}
    for theme, pk, first, last, username in rows:
        if theme:
            themes.add(theme)
        if pk is not None:
            owners[str(pk)] = f"{first} {last}".strip() or username
    return {
        "theme": [("", "All themes")] + [(t, t) for t in sorted(themes)],
        "owner": [("", "All owners"), *sorted(owners.items(), key=lambda pair: pair[1].lower())],
    }


@dataclass
class PeriodRow:
    label: str
    end: dt.date
    actual: Point | None
    target: rules.Step | None
    rating: rules.Rating | None
    comparators: dict[str, Decimal | None] = field(default_factory=dict)
    standing: str = ""  # rank among all areas ("102nd of 153"), for a LAIT measure

    @property
    def tag_class(self) -> str:
        return tag_class(self.rating.rag if self.rating else "")


@dataclass
class IndicatorPage:
    indicator: Indicator
    periods: list[PeriodRow]
    comparator_names: dict[str, str]
    history: list[Measurement]
    exceptions: list[ExceptionReport]
    chart: SafeString
    items: list[Item]
    caption: str = ""
    benchmark: IndicatorBenchmark | None = None  # how a LAIT measure compares with all areas

    @property
    def open_exception(self) -> ExceptionReport | None:
        return next((e for e in self.exceptions if e.closed_at is None), None)


def indicator_rows(area: LocalArea) -> IndicatorQuerySet:
    """An area's indicators with everything the indicator page shows, prefetched."""
    return (
        Indicator.objects.for_area(area)
        .select_related("owner", "plan", "printed")
        .prefetch_related(
            "steps",
            "comparators",
            "findings",
            Prefetch("items", queryset=Item.objects.select_related("plan").order_by("position")),
            Prefetch(
                "measurements",
                queryset=Measurement.objects.select_related("entered_by", "corrects").order_by(
                    "-end", "-pk"
                ),
            ),
            Prefetch("exceptions", queryset=ExceptionReport.objects.select_related("answered_by")),
        )
    )


def indicator_page(
    indicator: Indicator, benchmark: IndicatorBenchmark | None = None
) -> IndicatorPage:
    """The indicator's periods (actual, target, RAG, comparators), history and chart.

    With a `benchmark` (a LAIT measure), the neighbours' average is its, and each period its rank.
    """
    history = list(indicator.measurements.all())
    points: dict[dt.date, Point] = {}
    for row in sorted(history, key=lambda m: (m.end, m.pk)):
        points[row.end] = Point(row.label, row.end, row.value)
    steps = steps_of(indicator, list(indicator.steps.all()))
    comparators: dict[str, dict[dt.date, Point]] = defaultdict(dict)
    names: dict[str, str] = {}
    for comp in indicator.comparators.all():
        comparators[comp.kind][comp.end] = Point(comp.label, comp.end, comp.value)
        names[comp.kind] = comp.name
    if benchmark is not None:
        comparators[ComparatorKind.NEIGHBOURS] = {
            end: Point(benchmark.labels[end], end, mean) for end, mean in benchmark.means().items()
        }
        names[ComparatorKind.NEIGHBOURS] = "Neighbours' average"
    comparators = _within(comparators, set(points) | {s.end for s in steps})
    names = {kind: name for kind, name in names.items() if kind in comparators}
    periods = _periods(indicator, points, steps, comparators)
    if benchmark is not None:
        for period in periods:
            period.standing = benchmark.standing_at(period.end)
    series = _series(points, steps, comparators, names)
    return IndicatorPage(
        indicator,
        periods,
        names,
        history,
        list(indicator.exceptions.all()),
        _chart(indicator, points, series, periods),
        list(indicator.items.all()),
        caption(series, indicator.unit),
        benchmark,
    )


def _within(
    comparators: dict[str, dict[dt.date, Point]], ends: set[dt.date]
) -> dict[str, dict[dt.date, Point]]:
    """Comparators for the periods the area has an actual or target for, so that the chart's
    lines and the table cover the same periods (all of them while the area has none)."""
    ends.discard(dt.date.max)
    if not ends:
        return comparators
    kept = {
        kind: {e: p for e, p in by_end.items() if e in ends} for kind, by_end in comparators.items()
    }
    return {kind: by_end for kind, by_end in kept.items() if by_end}


def _periods(
    indicator: Indicator,
    points: dict[dt.date, Point],
    steps: list[rules.Step],
    comparators: dict[str, dict[dt.date, Point]],
) -> list[PeriodRow]:
    labels = {end: p.label for end, p in points.items()}
    labels.update({s.end: s.label for s in steps if s.end != dt.date.max and s.end not in labels})
    for drawn in comparators.values():  # only when the area has no figure or target yet
        labels.update({end: p.label for end, p in drawn.items() if end not in labels})
    rows = []
    for end in sorted(labels):
        actual = points.get(end)
        target = rules.target_for(end, steps) if actual else _step_at(steps, end)
        rating = services.rating(indicator, actual, steps) if actual is not None else None
        compared = {
            kind: (by_end[end].value if end in by_end else None)
            for kind, by_end in comparators.items()
        }
        rows.append(PeriodRow(labels[end], end, actual, target, rating, compared))
    return rows


def _step_at(steps: list[rules.Step], end: dt.date) -> rules.Step | None:
    return next((s for s in steps if s.end == end), None)


SERIES_STYLE = {
    "actual": ("", "circle", "#0b0c0c", 3),
    "target": ("8 5", "square", "#1d70b8", 2),
    ComparatorKind.ENGLAND: ("2 4", "triangle", "#6f4f00", 2),
    ComparatorKind.REGION: ("10 3 2 3", "diamond", "#4c2c92", 2),
    ComparatorKind.NEIGHBOURS: ("14 6", "cross", "#005a30", 2),
}


def _series(
    points: dict[dt.date, Point],
    steps: list[rules.Step],
    comparators: dict[str, dict[dt.date, Point]],
    names: dict[str, str],
) -> list[chart.Series]:
    """The lines to draw, each only with its figures; a target of one period is a level line."""

    def style(key: str, name: str, values: dict[dt.date, Decimal]) -> chart.Series:
        dash, marker, colour, width = SERIES_STYLE[key]
        return chart.Series(name, values, dash, marker, colour, width)

    series = [style("actual", "Actual", {e: p.value for e, p in points.items()})]
    trajectory = {s.end: s.value for s in steps if s.end != dt.date.max}
    target = style("target", "Target", trajectory)
    series.append(replace(target, level=len(trajectory) == 1))
    for kind in (ComparatorKind.ENGLAND, ComparatorKind.REGION, ComparatorKind.NEIGHBOURS):
        if kind in comparators:
            by_end = {e: p.value for e, p in comparators[kind].items()}
            name = "Neighbours" if kind == ComparatorKind.NEIGHBOURS else names[kind]
            series.append(style(kind, name, by_end))
    return [s for s in series if s.points]


LOOKS = {  # how each line looks, by its marker (SERIES_STYLE)
    "circle": "solid line, round markers",
    "square": "dashed line, square markers",
    "triangle": "dotted line, triangles",
    "diamond": "dash-dot line, diamonds",
    "cross": "long dashes, crosses",
}


def caption(series: list[chart.Series], unit: str) -> str:
    """Name each line drawn, and how it looks; nothing about lines that are not drawn."""
    if not series:
        return ""
    parts = []
    for line in series:
        looks = LOOKS[line.marker]
        if line.level:
            value = next(iter(line.points.values()))
            looks = f"dashed level line at {rules.figure(value, unit)}, a square at its date"
        parts.append(f"{line.name} ({looks})")
    return f"Lines: {', '.join(parts)}. The table below gives every figure."


def _chart(
    indicator: Indicator,
    points: dict[dt.date, Point],
    series: list[chart.Series],
    periods: list[PeriodRow],
) -> SafeString:
    labels = {row.end: row.label for row in periods}
    markup = chart.svg(
        f"{indicator.name}: actuals against target and comparators",
        _describe(indicator, points, series),
        series,
        labels,
        indicator.unit,
    )
    return mark_safe(markup)  # noqa: S308 — chart.svg escapes every piece of text it writes


def _describe(indicator: Indicator, points: dict[dt.date, Point], series: list[Any]) -> str:
    names = ", ".join(_named(s, indicator.unit) for s in series if s.points)
    if not points:
        return f"No actuals recorded yet. Lines shown: {names}."
    first, last = points[min(points)], points[max(points)]
    return (
        f"Actual went from {rules.figure(first.value, indicator.unit)} in {first.label} to "
        f"{rules.figure(last.value, indicator.unit)} in {last.label}. Lines: {names}. "
        "The table below gives every figure."
    )


def _named(series: chart.Series, unit: str) -> str:
    if not series.level:
        return str(series.name)
    end, value = next(iter(series.points.items()))
    return f"{series.name} ({rules.figure(value, unit)} by {end:%B %Y}, one point: a level line)"


def open_exceptions(area: LocalArea, plan: Plan | None = None) -> QuerySet[ExceptionReport]:
    """The area's open exceptions (of one plan's indicators if given), oldest first."""
    rows = ExceptionReport.objects.for_area(area)
    if plan is not None:
        rows = rows.filter(indicator__in=indicators_for(area, plan))
    return (
        rows.open()
        .select_related("indicator__owner", "indicator__plan", "measurement", "answered_by")
        .order_by("opened_at", "pk")
    )
