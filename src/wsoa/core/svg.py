"""The pieces every server-rendered SVG chart shares. Plain Python: text is escaped here.

A chart is an <svg role="img"> named by its <title> and described by its <desc>, drawn in
Arial with the GOV.UK text and border colours, and always shown beside a table of its figures.
"""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"


def svg_open(title: str, desc: str, *, width: int, height: int, css_class: str, ids: str) -> str:
    """Return the opening of an accessible chart: the <svg> tag, its <title> and <desc>.

    `ids` prefixes the ids of the title and description, so two charts on a page differ.
    """
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class={quoteattr(css_class)} role="img" aria-labelledby="{ids}-title {ids}-desc" '
        f'width="100%" font-family="Arial, sans-serif" focusable="false">\n'
        f'<title id="{ids}-title">{escape(title)}</title>\n'
        f'<desc id="{ids}-desc">{escape(desc)}</desc>'
    )


def text(x: float, y: float, words: str, *, size: int = 12, anchor: str = "start") -> str:
    """Return a label of the chart, escaped."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{TEXT_COLOUR}">{escape(words)}</text>'
    )


def grid_line(x1: float, y1: float, x2: float, y2: float) -> str:
    """Return a thin grey line of the chart's grid."""
    return (
        f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y1:.1f}" y2="{y2:.1f}" '
        f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
    )


def ceiling(value: Decimal, unit: str = "") -> Decimal:
    """The top of a value axis: 100 for percentages, else a round figure above the data."""
    if unit == "percent" and value <= 100:
        return Decimal(100)
    if value <= 0:
        return Decimal(10)
    step = Decimal(10) ** (len(str(int(value))) - 1)
    return ((value // step) + 1) * step
