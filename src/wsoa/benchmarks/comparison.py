"""How an area compares on a LAIT measure: England, region, statistical neighbours, rank, trend.

`compare()` gives one measure in one period; `area_profile()` the latest period of every measure
in the chosen topics; `series()` every period of one measure, for charts. All read the national
catalogue loaded by `benchmarks.loading` (a few queries each, on the (measure, period) and
(area, measure) indexes).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from wsoa.benchmarks import periods, ranking
from wsoa.benchmarks.models import MARK_REASONS, Area, Measure, Neighbour, Period, Value

# The area profile by default: the SEN topic and the related absence, exclusion and destinations.
PROFILE_TOPICS = [
    "Children with SEN",
    "All Pupil Absence & Exclusions",
    "Further & Higher Education",
    "Attainment by age 19",
]
ENGLAND = 970
TREND_PERIODS = 3

# A cell: (value, mark) for one area in one period.
Cell = tuple[Decimal | None, str]


class NotFound(LookupError):
    """No such area or measure in the national catalogue."""


@dataclass
class Comparison:
    """One measure for one LA in one period, with every comparator."""

    measure: str
    la: int
    name: str
    period: str  # the label as printed ("2024", "2024 (Rev)" …); "" when no period at all
    value: Decimal | None
    reason: str  # why value is None ("suppressed (c)" …), else ""
    polarity: str  # "High" | "Low" | ""
    decimals: int | None
    unit: str
    england: Decimal | None
    region: Decimal | None
    region_name: str
    neighbours_mean: Decimal | None
    neighbours_n: int
    neighbours: list[int]
    neighbours_chosen: bool  # True: the manager's own set, not the DfE's list
    rank: int | None
    of: int
    quartile: int | None
    trend: list[tuple[str, Decimal | None]] = field(default_factory=list)
    title: str = ""  # the measure's chart title
    topic: str = ""
    area_note: str = ""  # a changed area's break in the series

    def as_json(self) -> dict[str, Any]:
        """Exactly the JSON of issue 15 §5 (plus "reason" when value is null)."""
        data: dict[str, Any] = {
            "measure": self.measure,
            "la": self.la,
            "name": self.name,
            "period": self.period,
            "value": number(self.value),
            "polarity": self.polarity,
            "england": number(self.england),
            "region": number(self.region),
            "neighbours": {
                "mean": number(self.neighbours_mean),
                "n": self.neighbours_n,
                "las": self.neighbours,
            },
            "rank": self.rank,
            "of": self.of,
            "quartile": self.quartile,
        }
        if self.value is None:
            data["reason"] = self.reason
        return data


@dataclass
class SeriesPoint:
    """One period of a measure for an LA, with its comparators, for a chart or table."""

    label: str
    value: Decimal | None
    england: Decimal | None
    region: Decimal | None
    neighbours_mean: Decimal | None
    rank: int | None
    of: int
    reason: str = ""


def tidy(value: Decimal | None) -> Decimal | None:
    """A stored figure without the database's trailing zeros (37.200000 → 37.2)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def number(value: Decimal | None) -> float | None:
    """A figure for JSON: the float with the same shortest digits (41 → 41.0, as §5 prints)."""
    return None if value is None else float(value)


class _Context:
    """The areas, neighbours and measure needed to compare one LA."""

    def __init__(self, la: int, neighbours: list[int] | None) -> None:
        self.areas = {a.code: a for a in Area.objects.all()}
        if la not in self.areas:
            raise NotFound(f"No area numbered {la} in the national catalogue")
        self.area = self.areas[la]
        self.by_id = {a.pk: a for a in self.areas.values()}
        region = self.by_id.get(self.area.region_id) if self.area.region_id else None
        self.region_code = region.code if region else None
        self.region_name = region.name if region else ""
        self.chosen = neighbours is not None
        self.neighbours = (
            list(neighbours)
            if neighbours is not None
            else list(
                Neighbour.objects.filter(la=self.area)
                .order_by("position")
                .values_list("neighbour__code", flat=True)
            )
        )

    def is_la(self, code: int) -> bool:
        area = self.areas.get(code)
        return area is not None and area.kind == Area.Kind.LA


def _measure(code: str) -> Measure:
    measure = Measure.objects.filter(code=code).first()
    if measure is None:
        raise NotFound(f"No measure {code!r} in the national catalogue")
    return measure


def _mean_places(measure: Measure) -> int:
    return 2 if measure.decimals is None else measure.decimals + 1


def _grid(measure: Measure, labels: list[str] | None = None) -> dict[str, dict[int, Cell]]:
    """{period label: {area code: (value, mark)}} for a measure (all periods or some)."""
    rows = Value.objects.filter(measure=measure)
    if labels is not None:
        rows = rows.filter(period__label__in=labels)
    grid: dict[str, dict[int, Cell]] = defaultdict(dict)
    for label, code, value, mark in rows.values_list(
        "period__label", "area__code", "value", "mark"
    ):
        grid[label][code] = (tidy(value), mark)
    return grid


def _reason(cell: Cell | None) -> str:
    if cell is None:
        return "no figure published for this period"
    value, mark = cell
    return "" if value is not None else MARK_REASONS.get(mark, f"not available ({mark})")


def _choose_period(labels: list[str], mine: dict[str, Cell], asked: str | None) -> str:
    """The asked period (exact label or its latest revision), else the latest with a value."""
    if asked:
        if asked in labels:
            return asked
        revised = [x for x in labels if periods.parse_label(x).base == asked.strip()]
        if revised:
            return revised[-1]
        raise NotFound(f"No period {asked!r} for this measure")
    with_value = [x for x in labels if mine.get(x, (None, ""))[0] is not None]
    return (with_value or labels or [""])[-1]


def _build(
    ctx: _Context,
    measure: Measure,
    label: str,
    cells: dict[int, Cell],
    trend: list[tuple[str, Decimal | None]],
    standing: ranking.Standing | None = None,
) -> Comparison:
    la = ctx.area.code
    if standing is None:
        values = {c: v for c, (v, _) in cells.items() if ctx.is_la(c)}
        standing = ranking.standing(la, values, measure.polarity)
    mean, n = ranking.mean(
        [cells.get(c, (None, ""))[0] for c in ctx.neighbours], _mean_places(measure)
    )
    mine = cells.get(la)
    return Comparison(
        measure=measure.code,
        la=la,
        name=ctx.area.name,
        period=label,
        value=mine[0] if mine else None,
        reason=_reason(mine),
        polarity=measure.polarity,
        decimals=measure.decimals,
        unit=measure.unit,
        england=cells.get(ENGLAND, (None, ""))[0],
        region=cells.get(ctx.region_code, (None, ""))[0] if ctx.region_code else None,
        region_name=ctx.region_name,
        neighbours_mean=mean,
        neighbours_n=n,
        neighbours=ctx.neighbours,
        neighbours_chosen=ctx.chosen,
        rank=standing.rank if measure.is_rated else None,
        of=standing.of,
        quartile=standing.quartile if measure.is_rated else None,
        trend=trend,
        title=measure.chart_title or measure.name,
        topic=measure.topic,
        area_note=ctx.area.notes,
    )


def _trend(
    labels: list[str], mine: dict[str, Cell], label: str
) -> list[tuple[str, Decimal | None]]:
    upto = labels[: labels.index(label) + 1] if label in labels else labels
    return [(x, mine.get(x, (None, ""))[0]) for x in upto[-TREND_PERIODS:]]


def compare(
    la: int, measure: str, period: str | None = None, *, neighbours: list[int] | None = None
) -> Comparison:
    """Compare LA `la` on `measure` in `period` (default: the latest in which it has a value).

    `neighbours` is a manager's own set of LA numbers (labelled as their choice); by default the
    DfE's ten statistical neighbours. Raises NotFound for an unknown area, measure or period.
    """
    ctx = _Context(la, neighbours)
    m = _measure(measure)
    grid = _grid(m)
    labels = periods.latest_per_period(list(grid))
    mine = {x: grid[x][la] for x in labels if la in grid[x]}
    label = _choose_period(labels, mine, period)
    return _build(ctx, m, label, grid.get(label, {}), _trend(labels, mine, label))


def area_profile(
    la: int, topics: list[str] | None = None, *, neighbours: list[int] | None = None
) -> list[Comparison]:
    """Every measure in `topics` (default PROFILE_TOPICS) for LA `la`, each in its latest period;
    compared with the DfE's statistical neighbours, or with `neighbours` when a manager chose them.

    Uses the ranks worked out at load time, and reads only the comparators' figures (England,
    region, neighbours) for each measure's chosen period: three small queries.
    """
    ctx = _Context(la, neighbours)
    chosen_topics = topics or PROFILE_TOPICS
    rows = Measure.objects.filter(topic__in=chosen_topics).defer("description", "methodology")
    measures = {m.pk: m for m in rows}
    labels_by_id = dict(Period.objects.values_list("id", "label"))
    own: dict[int, dict[str, Cell]] = defaultdict(dict)
    standings: dict[tuple[int, str], ranking.Standing] = {}
    for measure_id, period_id, value, mark, rank, of in Value.objects.filter(
        area=ctx.area, measure_id__in=measures
    ).values_list("measure_id", "period_id", "value", "mark", "rank", "of"):
        label = labels_by_id[period_id]
        own[measure_id][label] = (tidy(value), mark)
        quartile = ranking.quartile(rank, of) if rank and of else None
        standings[measure_id, label] = ranking.Standing(rank, of or 0, quartile)
    chosen: dict[int, tuple[list[str], str]] = {}
    for pk, mine in own.items():
        labels = periods.latest_per_period(list(mine))
        chosen[pk] = (labels, _choose_period(labels, mine, None))
    cells = _comparator_cells(ctx, {pk: label for pk, (_, label) in chosen.items()}, labels_by_id)
    result = []
    for pk, (labels, label) in chosen.items():
        row = {**cells.get(pk, {}), la: own[pk][label]}
        standing = standings[pk, label]
        result.append(
            _build(ctx, measures[pk], label, row, _trend(labels, own[pk], label), standing)
        )
    return sorted(result, key=lambda c: [*PROFILE_TOPICS, c.topic].index(c.topic))


def _comparator_cells(
    ctx: _Context, wanted: dict[int, str], labels_by_id: dict[int, str]
) -> dict[int, dict[int, Cell]]:
    """{measure id: {area code: cell}} for England, the region and the neighbours, in one query."""
    codes = {ENGLAND, *ctx.neighbours} | ({ctx.region_code} if ctx.region_code else set())
    area_ids = [ctx.areas[c].pk for c in codes if c in ctx.areas]
    ids_by_label = {label: pk for pk, label in labels_by_id.items()}
    by_period: dict[int, list[int]] = defaultdict(list)
    for measure_id, label in wanted.items():
        by_period[ids_by_label[label]].append(measure_id)
    pairs = Q()
    for period_id, measure_ids in by_period.items():
        pairs |= Q(period_id=period_id, measure_id__in=measure_ids)
    cells: dict[int, dict[int, Cell]] = defaultdict(dict)
    if not by_period:
        return cells
    for measure_id, area_id, value, mark in Value.objects.filter(
        pairs, area_id__in=area_ids
    ).values_list("measure_id", "area_id", "value", "mark"):
        cells[measure_id][ctx.by_id[area_id].code] = (tidy(value), mark)
    return cells


def series(la: int, measure: str, *, neighbours: list[int] | None = None) -> list[SeriesPoint]:
    """Every period of `measure` for LA `la` (revisions resolved), oldest first, for charts."""
    ctx = _Context(la, neighbours)
    m = _measure(measure)
    grid = _grid(m)
    points = []
    for label in periods.latest_per_period(list(grid)):
        c = _build(ctx, m, label, grid[label], [])
        points.append(
            SeriesPoint(
                label, c.value, c.england, c.region, c.neighbours_mean, c.rank, c.of, c.reason
            )
        )
    return points
