"""A stacked bar chart of ratings by top-level item, as server-rendered SVG. No Django.

One bar per workstream (or whatever the plan calls its top level), named above the bar, its
segments the items of each rating with the count written in the segment when it fits. A legend
names the ratings in words and the page shows the same figures in a table, so colour is never
the only way to read it. The shared pieces (the accessible <svg> opening, text, grid lines,
the axis top) come from wsoa.core.svg, as the KPI charts' do.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from wsoa.core.svg import ceiling, grid_line, svg_open, text

WIDTH = 480  # narrow, so its words stay readable when a phone scales it down
LEFT, RIGHT = 14, 40
LONGEST_NAME = 58  # characters of a bar's name that fit above it; the table has them all
LEGEND_LINE, ROW, BAR = 22, 56, 26
MIN_LABELLED_WIDTH = 22  # a segment narrower than this has no number written in it


@dataclass(frozen=True)
class Rating:
    """A rating as the chart draws it: its code, the plan's word for it, a fill and a text colour
    that contrasts with the fill."""

    code: str
    word: str
    fill: str
    ink: str = "#ffffff"


@dataclass(frozen=True)
class Bar:
    name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def svg(title: str, desc: str, ratings: list[Rating], bars: list[Bar]) -> str:
    """Return the chart's SVG markup, or "" when there is nothing to draw."""
    if not bars or not any(bar.total for bar in bars):
        return ""
    top = ceiling(Decimal(max(bar.total for bar in bars)))
    legend, legend_height = _legend(ratings)
    height = legend_height + ROW * len(bars) + 24
    parts = [
        svg_open(
            title, desc, width=WIDTH, height=height, css_class="wsoa-dashboard-chart", ids="ratings"
        ),
        *legend,
        *_scale(top, legend_height, height),
        *(_bar(bar, ratings, top, legend_height + ROW * n) for n, bar in enumerate(bars)),
        "</svg>",
    ]
    return "\n".join(parts)


def _span(count: int, top: Decimal) -> float:
    return (WIDTH - LEFT - RIGHT) * count / float(top)


def _legend(ratings: list[Rating]) -> tuple[list[str], int]:
    """Name each rating beside its swatch, wrapping onto more lines; return the legend's height."""
    out, x, y = [], float(LEFT), 8
    for rating in ratings:
        needed = 19 + 7 * len(rating.word) + 14
        if x > LEFT and x + needed > WIDTH - LEFT:
            x, y = float(LEFT), y + LEGEND_LINE
        out.append(_box(x, y, 14, 14, rating.fill))
        out.append(text(x + 19, y + 12, rating.word, size=13))
        x += needed
    return out, y + LEGEND_LINE + 12


def _scale(top: Decimal, first: int, height: int) -> list[str]:
    """Light vertical lines at each quarter of the axis, numbered along the bottom."""
    out = []
    for step in range(5):
        x = LEFT + (WIDTH - LEFT - RIGHT) * step / 4
        out.append(grid_line(x, first + 12, x, height - 20))
        out.append(text(x, height - 6, f"{(top * step / 4).normalize():f}", anchor="middle"))
    return out


def _bar(bar: Bar, ratings: list[Rating], top: Decimal, y: int) -> str:
    name = bar.name if len(bar.name) <= LONGEST_NAME else bar.name[: LONGEST_NAME - 1] + "…"
    out = [text(LEFT, y + 12, name, size=14)]
    x = float(LEFT)
    for rating in ratings:
        count = bar.counts.get(rating.code, 0)
        if not count:
            continue
        width = _span(count, top)
        out.append(_box(x, y + 18, width, BAR, rating.fill))
        if width >= MIN_LABELLED_WIDTH:
            out.append(
                f'<text x="{x + width / 2:.1f}" y="{y + 18 + BAR / 2 + 5:.1f}" '
                f'text-anchor="middle" font-size="13" font-weight="bold" '
                f'fill="{rating.ink}">{count}</text>'
            )
        x += width
    out.append(text(x + 6, y + 18 + BAR / 2 + 5, str(bar.total), size=13))
    return "<g>" + "".join(out) + "</g>"


def _box(x: float, y: float, width: float, height: float, fill: str) -> str:
    """A filled rectangle with a white edge, so neighbouring segments stay apart."""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
        f'fill="{fill}" stroke="#ffffff" stroke-width="1"/>'
    )
