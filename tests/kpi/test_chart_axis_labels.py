"""A chart's period labels never overlap, and the latest period is always labelled."""

import datetime as dt
import itertools
import re
from decimal import Decimal

import pytest

from wsoa.kpi import chart
from wsoa.kpi.chart import Series, label_width, svg

MONTHS = [dt.date(2023, month, 28) for month in range(1, 11)]


def _labels(drawn: str) -> list[tuple[float, str]]:
    """(x, words) of each label under the axis, in order."""
    under = chart.HEIGHT - chart.BOTTOM + 18
    found = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="middle"[^>]*>([^<]+)<', drawn)
    return [(float(x), words) for x, y, words in found if float(y) == under]


def _draw(ends: list[dt.date], labels: dict[dt.date, str]) -> str:
    points = {end: Decimal(40 + n) for n, end in enumerate(ends)}
    line = Series("Actual", points, dash="", marker="circle", colour="#0b0c0c")
    return svg("Waits", "Waits by month", [line], labels, "percent")


@pytest.mark.parametrize("count", [2, 5, 10, 24, 36, 60])
def test_month_labels_stand_clear_of_each_other(count):
    ends = [dt.date(2021 + n // 12, n % 12 + 1, 28) for n in range(count)]
    labels = {end: f"{end:%B %Y}" for end in ends}  # "September 2023": the longest kind
    placed = _labels(_draw(ends, labels))
    assert placed, "some periods are labelled"
    for (x1, first), (x2, second) in itertools.pairwise(placed):
        assert x1 + label_width(first) / 2 + chart.LABEL_GAP <= x2 - label_width(second) / 2
    assert placed[-1][1] == labels[ends[-1]]  # the latest period is labelled


def test_ten_months_long_names_are_labelled_every_other_month_at_most():
    placed = _labels(_draw(MONTHS, {end: f"{end:%B %Y}" for end in MONTHS}))
    assert 3 <= len(placed) <= 5
    assert [words for _, words in placed][-1] == "October 2023"


def test_years_fit_every_period():
    ends = [dt.date(year, 12, 31) for year in range(2015, 2025)]
    placed = _labels(_draw(ends, {end: str(end.year) for end in ends}))
    assert [words for _, words in placed] == [str(year) for year in range(2015, 2025)]
