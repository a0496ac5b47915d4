"""What the benchmark pages show: each LAIT measure against England, the neighbours and all areas.

The figures are `benchmarks.comparison`'s; this module only words them ("102nd of 153 areas with a
figure"), draws the small trend charts, and writes the CSV download. Figures are shown as the DfE
publishes them; the neighbours' average is shown to the places of the published figures.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field, replace
from decimal import Decimal
from xml.sax.saxutils import escape

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from wsoa.benchmarks import comparison as bench
from wsoa.benchmarks.comparison import Comparison, SeriesPoint
from wsoa.benchmarks.loading import LOAD_NAME
from wsoa.benchmarks.models import Area, DataLoad, Measure
from wsoa.core.models import LocalArea
from wsoa.kpi import tracking
from wsoa.kpi.models import DfeLink, Indicator

DFE_NEIGHBOURS = "statistical neighbours (DfE, May 2025)"
CHOSEN_NEIGHBOURS = "your chosen neighbours"
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 36, 5
CACHE_SECONDS = 24 * 60 * 60


def neighbours_label(chosen: bool) -> str:
    return CHOSEN_NEIGHBOURS if chosen else DFE_NEIGHBOURS


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st, 102nd."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def places(compared: Comparison) -> int:
    """The places the DfE publishes the measure to: its dictionary's, else its figures'."""
    if compared.decimals is not None:
        return compared.decimals
    shown = [v for v in (compared.value, compared.england, compared.region) if v is not None]
    exponents = [-int(v.as_tuple().exponent) for v in shown]
    return max([0, *exponents])


def figure(value: Decimal | None, unit: str, decimals: int | None = None) -> str:
    """A figure as published ("37.2%", "1,204"), or rounded to `decimals` places (a mean)."""
    if value is None:
        return ""
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals))
    suffix = "%" if unit == "%" else ""
    return f"{value:,f}{suffix}"


def mean_text(compared: Comparison) -> str:
    return figure(compared.neighbours_mean, compared.unit, places(compared))


def standing(compared: Comparison) -> str:
    """ "102nd of 153 areas with a figure", or why the area has no rank."""
    if not compared.polarity:
        return "not ranked: neither higher nor lower is better"
    if compared.rank is None:
        return "not ranked: no figure"
    return f"{ordinal(compared.rank)} of {compared.of} areas with a figure"


def quartile_text(compared: Comparison) -> str:
    if compared.quartile is None:
        return ""
    best = {1: " (best quarter)", 4: " (worst quarter)"}.get(compared.quartile, "")
    return f"Quartile {compared.quartile}{best}"


def how_we_compare(compared: Comparison) -> str:
    """ "37.2% — 102nd of 153 areas with a figure; statistical neighbours' average 25.8%; …" """
    unit = compared.unit
    if compared.value is None:
        head = f"Not available: {compared.reason or 'no figure'}"
    else:
        head = f"{figure(compared.value, unit)} — {standing(compared)}"
    who = "your chosen neighbours" if compared.neighbours_chosen else "statistical neighbours"
    mean = mean_text(compared) or "not available"
    england = figure(compared.england, unit) or "not available"
    return f"{head}; {who}' average {mean}; England {england}"


def trend_text(compared: Comparison) -> str:
    """The last periods' figures in words: "2022: 40.1%, 2023: 38%, 2024: 37.2%"."""
    parts = [
        f"{label}: {figure(value, compared.unit) or 'not available'}"
        for label, value in compared.trend
    ]
    return ", ".join(parts)


def sparkline(trend: list[tuple[str, Decimal | None]]) -> SafeString:
    """A small line of the last periods' figures; hidden from screen readers (the text says it)."""
    drawn = [(i, v) for i, (_, v) in enumerate(trend) if v is not None]
    if len(drawn) < 2:
        return mark_safe("")
    low, high = min(v for _, v in drawn), max(v for _, v in drawn)
    span = (high - low) or Decimal(1)
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(1, len(trend) - 1)
    points = [
        (
            SPARK_PAD + i * step,
            SPARK_PAD + (SPARK_HEIGHT - 2 * SPARK_PAD) * float((high - v) / span),
        )
        for i, v in drawn
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#0b0c0c"/>' for x, y in points)
    markup = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" '
        f'width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" class="wsoa-sparkline" '
        f'aria-hidden="true" focusable="false">'
        f'<polyline points="{escape(path)}" fill="none" stroke="#1d70b8" stroke-width="2"/>'
        f"{dots}</svg>"
    )
    return mark_safe(markup)  # noqa: S308 — numbers only, formatted here


@dataclass(frozen=True)
class Row:
    """One measure on the area's benchmark page, its figures already worded."""

    compared: Comparison
    value: str
    england: str
    neighbours_mean: str
    standing: str
    quartile: str
    trend: str
    chart: SafeString
    heading: str = ""  # the measure's name and code (safe HTML), rendered once
    cells: str = ""  # the row's figures as table cells (safe HTML), rendered once
    tracked: int | None = None  # the area's indicator tracking it, if any


def row_of(compared: Comparison) -> Row:
    unit = compared.unit
    row = Row(
        compared,
        figure(compared.value, unit),
        figure(compared.england, unit),
        mean_text(compared),
        standing(compared),
        quartile_text(compared),
        trend_text(compared),
        sparkline(compared.trend),
    )
    heading = render_to_string("kpi/benchmarks/row_heading.html", {"c": compared})
    cells = render_to_string("kpi/benchmarks/row_cells.html", {"row": row})
    return replace(row, heading=mark_safe(heading), cells=mark_safe(cells))  # noqa: S308 — escaped


@dataclass
class AreaBenchmarks:
    """The area's benchmark page: its LA, whose neighbours, the topics and the rows shown."""

    link: DfeLink
    rows: list[Row]
    topics: list[str]
    chosen: bool
    neighbours: list[str] = field(default_factory=list)
    note: str = ""  # an authority that changed: where its series breaks

    @property
    def neighbours_label(self) -> str:
        return neighbours_label(self.chosen)


def link_of(area: LocalArea) -> DfeLink | None:
    return DfeLink.objects.filter(area=area).first()


def area_benchmarks(area: LocalArea, link: DfeLink, topic: str = "") -> AreaBenchmarks:
    """Every profile measure for the area's LA in its latest period (of one topic if given)."""
    la, chosen = tracking.la_of(link)
    rows, topics, names = _worded_profile(la, chosen)
    tracked = dict(
        Indicator.objects.for_area(area)
        .filter(code__startswith=tracking.PREFIX)
        .values_list("code", "pk")
    )
    shown = [
        replace(row, tracked=tracked.get(tracking.indicator_code(row.compared.measure)))
        for row in rows
        if not topic or row.compared.topic == topic
    ]
    is_chosen = bool(rows and rows[0].compared.neighbours_chosen)
    note = rows[0].compared.area_note if rows else ""
    return AreaBenchmarks(link, shown, topics, is_chosen, names, note)


Worded = tuple[list[Row], list[str], list[str]]


def _worded_profile(la: int, chosen: list[int] | None) -> Worded:
    """The LA's rows, topics and neighbours' names, kept in the cache until the next data load.

    The national figures change only when they are loaded again, which changes the checksum
    in the key, so a cached profile is never stale.
    """
    stamp = _stamp()
    if not stamp:
        return [], [], []
    found: Worded | None = cache.get(key := _key("profile", la, chosen, stamp))
    if found is None:
        profile = _profile(la, chosen)
        topics = list(dict.fromkeys(c.topic for c in profile))
        names = _names(profile[0].neighbours if profile else [])
        found = ([row_of(c) for c in profile], topics, names)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _key(*parts: object) -> str:
    """A cache key safe for every backend (measure codes hold spaces and "&")."""
    return "kpi:benchmarks:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _stamp() -> str:
    """What identifies the national figures loaded: their checksum and when; "" for none."""
    found = DataLoad.objects.filter(name=LOAD_NAME).values_list("checksum", "loaded_at").first()
    return f"{found[0]}:{found[1].timestamp()}" if found else ""


def _profile(la: int, chosen: list[int] | None) -> list[Comparison]:
    """The LA's profile, with the manager's neighbours when chosen, else the DfE's (each
    Comparison says whose neighbours it used)."""
    return bench.area_profile(la, neighbours=chosen)


def _names(codes: list[int]) -> list[str]:
    found = dict(Area.objects.filter(code__in=codes).values_list("code", "name"))
    return [found.get(code, str(code)) for code in codes]


CSV_COLUMNS = [
    "measure",
    "measure name",
    "topic",
    "polarity",
    "unit",
    "la",
    "area",
    "period",
    "value",
    "not available reason",
    "england",
    "region",
    "region name",
    "neighbours mean",
    "neighbours with a figure",
    "neighbours",
    "neighbours chosen by the area",
    "rank",
    "of",
    "quartile",
]


def _plain(value: Decimal | None) -> str:
    """A figure unrounded beyond the source (no exponent, no trailing zeros)."""
    if value is None:
        return ""
    tidy = bench.tidy(value)
    return f"{tidy:f}" if tidy is not None else ""


def csv_bytes(rows: list[Row]) -> bytes:
    """The page's figures as CSV, UTF-8 with a byte order mark so that Excel reads it right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        c = row.compared
        writer.writerow(
            [
                c.measure,
                c.title,
                c.topic,
                c.polarity,
                c.unit,
                c.la,
                c.name,
                c.period,
                _plain(c.value),
                c.reason if c.value is None else "",
                _plain(c.england),
                _plain(c.region),
                c.region_name,
                _plain(c.neighbours_mean),
                c.neighbours_n,
                " ".join(str(code) for code in c.neighbours),
                "yes" if c.neighbours_chosen else "no",
                c.rank if c.rank is not None else "",
                c.of if c.rank is not None else "",
                c.quartile if c.quartile is not None else "",
            ]
        )
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


@dataclass
class IndicatorBenchmark:
    """The indicator page's comparison with all areas: words, and figures by period end."""

    compared: Comparison
    points: dict[dt.date, SeriesPoint]
    labels: dict[dt.date, str]

    @property
    def sentence(self) -> str:
        return how_we_compare(self.compared)

    @property
    def neighbours_label(self) -> str:
        return neighbours_label(self.compared.neighbours_chosen)

    def standing_at(self, end: dt.date) -> str:
        point = self.points.get(end)
        if point is None or point.rank is None or not self.compared.polarity:
            return ""
        return f"{ordinal(point.rank)} of {point.of}"

    def means(self) -> dict[dt.date, Decimal]:
        return {
            end: p.neighbours_mean
            for end, p in self.points.items()
            if p.neighbours_mean is not None
        }


def indicator_benchmark(indicator: Indicator) -> IndicatorBenchmark | None:
    """How the indicator's LAIT measure compares, when it has one and the area has an LA."""
    code = tracking.measure_of(indicator)
    link = link_of(indicator.area) if code else None
    measure = Measure.objects.filter(code=code).first() if link else None
    if link is None or measure is None:
        return None
    la, chosen = tracking.la_of(link)
    key = _key("indicator", la, code, chosen, _stamp())
    found: IndicatorBenchmark | None = cache.get(key)
    if found is None:
        try:
            found = _indicator_benchmark(la, measure, chosen)
        except bench.NotFound:
            return None
        cache.set(key, found, CACHE_SECONDS)
    return found


def _indicator_benchmark(la: int, measure: Measure, chosen: list[int] | None) -> IndicatorBenchmark:
    compared = bench.compare(la, measure.code, neighbours=chosen)
    points = bench.series(la, measure.code, neighbours=chosen)
    by_end: dict[dt.date, SeriesPoint] = {}
    labels: dict[dt.date, str] = {}
    for point in points:
        period = tracking.period_of(point.label, measure.year_type)
        if period is not None:
            by_end[period.end], labels[period.end] = point, point.label
    return IndicatorBenchmark(compared, by_end, labels)


def as_api(compared: Comparison) -> dict[str, object]:
    """One measure for the JSON API: the figures as published, the mean and rank as computed."""
    number = bench.number
    return {
        "measure": compared.measure,
        "title": compared.title,
        "topic": compared.topic,
        "la": compared.la,
        "name": compared.name,
        "period": compared.period,
        "value": number(compared.value),
        "reason": compared.reason if compared.value is None else "",
        "polarity": compared.polarity,
        "unit": compared.unit,
        "england": number(compared.england),
        "region": number(compared.region),
        "region_name": compared.region_name,
        "neighbours_mean": number(compared.neighbours_mean),
        "neighbours_n": compared.neighbours_n,
        "neighbours": compared.neighbours,
        "neighbours_chosen": compared.neighbours_chosen,
        "rank": compared.rank,
        "of": compared.of,
        "quartile": compared.quartile,
        "trend": [{"period": label, "value": number(value)} for label, value in compared.trend],
    }


def series_api(point: SeriesPoint) -> dict[str, object]:
    number = bench.number
    return {
        "period": point.label,
        "value": number(point.value),
        "reason": point.reason,
        "england": number(point.england),
        "region": number(point.region),
        "neighbours_mean": number(point.neighbours_mean),
        "rank": point.rank,
        "of": point.of,
    }
