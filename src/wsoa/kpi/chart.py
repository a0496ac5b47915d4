"""A line chart of an indicator as server-rendered SVG. Plain Python: text is escaped here.

Readable without colour: each series has its own dash pattern and marker shape, and is named
by a label at its last point. The chart has a <title> and a <desc>, and the page shows the
same figures in a table beside it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from wsoa.core.svg import ceiling, grid_line, svg_open, text

WIDTH, HEIGHT = 680, 340
LABEL_GAP = 8  # pixels at least between two period labels
LEFT, RIGHT, TOP, BOTTOM = 56, 150, 20, 44


@dataclass(frozen=True)
class Series:
    name: str
    points: dict[dt.date, Decimal]  # period end → value
    dash: str  # stroke-dasharray ("" for solid)
    marker: str  # circle, square, triangle, diamond, cross
    colour: str
    width: int = 2
    level: bool = False  # one point drawn as a level line across the chart, marker at its date


@dataclass(frozen=True)
class Axis:
    ends: list[dt.date]
    labels: dict[dt.date, str]
    top: Decimal


def svg(title: str, desc: str, series: list[Series], labels: dict[dt.date, str], unit: str) -> str:
    """Return the chart's SVG markup."""
    drawn = [s for s in series if s.points]
    ends = sorted({end for s in drawn for end in s.points})
    if not ends:
        return ""
    top = ceiling(max(v for s in drawn for v in s.points.values()), unit)
    axis = Axis(ends, labels, top)
    parts = [
        svg_open(title, desc, width=WIDTH, height=HEIGHT, css_class="kpi-chart", ids="chart"),
        *_grid(axis, unit),
        *(_line(s, axis) for s in drawn),
        *_end_labels(drawn, axis),
        "</svg>",
    ]
    return "\n".join(parts)


def _x(axis: Axis, end: dt.date) -> float:
    span = WIDTH - LEFT - RIGHT
    if len(axis.ends) == 1:
        return LEFT + span / 2
    return LEFT + span * axis.ends.index(end) / (len(axis.ends) - 1)


def _y(axis: Axis, value: Decimal) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * (1 - float(value / axis.top if axis.top else 0))


def _grid(axis: Axis, unit: str) -> list[str]:
    suffix = "%" if unit == "percent" else ""
    lines = []
    for step in range(5):
        value = axis.top * step / 4
        y = _y(axis, value)
        lines.append(grid_line(LEFT, y, WIDTH - RIGHT, y))
        lines.append(text(LEFT - 6, y + 4, f"{value.normalize():f}{suffix}", anchor="end"))
    labels = [axis.labels.get(end, f"{end:%b %Y}") for end in axis.ends]
    every = label_step(labels)
    last = len(axis.ends) - 1
    for index, (end, label) in enumerate(zip(axis.ends, labels, strict=True)):
        if (last - index) % every:  # counted back from the latest period, always labelled
            continue
        lines.append(text(_x(axis, end), HEIGHT - BOTTOM + 18, label, anchor="middle"))
    return lines


def label_width(label: str) -> float:
    """About how wide a 12-pixel label is drawn (Arial's average character is 0.55 em)."""
    return len(label) * 12 * 0.55


def label_step(labels: list[str]) -> int:
    """Label every Nth period, N the smallest that keeps the widest label clear of the next."""
    if len(labels) < 2:
        return 1
    spacing = (WIDTH - LEFT - RIGHT) / (len(labels) - 1)
    needed = max(map(label_width, labels)) + LABEL_GAP
    return max(1, math.ceil(needed / spacing))


def _line(series: Series, axis: Axis) -> str:
    points = [(_x(axis, end), _y(axis, series.points[end])) for end in sorted(series.points)]
    across = [(float(LEFT), points[0][1]), (float(WIDTH - RIGHT), points[0][1])]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (across if series.level else points))
    dash = f' stroke-dasharray="{series.dash}"' if series.dash else ""
    line = (
        f'<polyline points="{path}" fill="none" stroke="{series.colour}" '
        f'stroke-width="{series.width}"{dash}/>'
    )
    markers = "".join(_marker(series, x, y) for x, y in points)
    return f"<g>{line}{markers}</g>"


def _marker(series: Series, x: float, y: float) -> str:
    colour, size = series.colour, 5
    if series.marker == "square":
        return f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size}" height="{2 * size}" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'  # noqa: E501
    if series.marker == "triangle":
        pts = f"{x:.1f},{y - size - 1:.1f} {x - size:.1f},{y + size:.1f} {x + size:.1f},{y + size:.1f}"  # noqa: E501
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if series.marker == "diamond":
        pts = f"{x:.1f},{y - size - 1:.1f} {x + size + 1:.1f},{y:.1f} {x:.1f},{y + size + 1:.1f} {x - size - 1:.1f},{y:.1f}"  # noqa: E501
        return f'<polygon points="{pts}" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
    if series.marker == "cross":
        return (
            f'<path d="M{x - size:.1f},{y - size:.1f}L{x + size:.1f},{y + size:.1f}'
            f'M{x - size:.1f},{y + size:.1f}L{x + size:.1f},{y - size:.1f}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size}" fill="{colour}"/>'


def _end_labels(drawn: list[Series], axis: Axis) -> list[str]:
    """Name each series beside its last point, nudged apart so labels never overlap."""
    placed: list[tuple[float, Series]] = []
    for series in drawn:
        last = max(series.points)
        placed.append((_y(axis, series.points[last]), series))
    placed.sort(key=lambda pair: pair[0])
    out, floor = [], -1000.0
    for y, series in placed:
        y = max(y + 4, floor + 14)
        floor = y
        out.append(text(WIDTH - RIGHT + 10, y, series.name, size=13))
    return out
