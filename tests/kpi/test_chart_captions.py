"""A chart's caption names only the lines drawn; the table covers every period the chart draws."""

import datetime as dt
import re

import pytest
from kpi_helpers import make_indicator, record

from wsoa.kpi import presenters
from wsoa.kpi.chart import LEFT, RIGHT, WIDTH
from wsoa.kpi.models import Comparator, TargetStep
from wsoa.kpi.periods import parse_period

pytestmark = pytest.mark.django_db


def _page(indicator):
    return presenters.indicator_page(presenters.indicator_rows(indicator.area).get(pk=indicator.pk))


def _england(indicator, period: str, value: int) -> None:
    found = parse_period(period)
    Comparator.objects.create(
        indicator=indicator, kind="england", name="England", label=found.label,
        start=found.start, end=found.end, value=value,
    )  # fmt: skip


def test_no_england_words_without_an_england_line(area):
    indicator = make_indicator(area, target=None, target_on=None)
    record(indicator, "Q1 2019-20", 70)
    record(indicator, "Q2 2019-20", 74)
    page = _page(indicator)
    assert "Actual" in page.caption and "England" not in page.caption
    assert "Target" not in page.caption and "triangles" not in page.caption


def test_an_england_line_is_named_and_covers_the_same_periods_as_the_table(area):
    indicator = make_indicator(area, target=None, target_on=None)
    record(indicator, "2018", 59)
    record(indicator, "2019", 60)
    for year, value in (("2016", 57), ("2017", 58), ("2018", 59), ("2019", 61)):
        _england(indicator, year, value)
    page = _page(indicator)
    assert "England (dotted line, triangles)" in page.caption
    assert [row.label for row in page.periods] == ["2018", "2019"]
    assert [row.comparators["england"] for row in page.periods] == [59, 61]
    drawn = re.findall(r'<polyline points="([^"]+)" fill="none" stroke="#6f4f00"', str(page.chart))
    assert len(drawn) == 1 and len(drawn[0].split()) == 2


def test_england_alone_is_drawn_and_tabled_for_every_period_while_the_area_has_none(area):
    indicator = make_indicator(area, target=None, target_on=None)
    for year, value in (("2017", 58), ("2018", 59)):
        _england(indicator, year, value)
    page = _page(indicator)
    assert [row.label for row in page.periods] == ["2017", "2018"]
    assert page.caption.startswith("Lines: England (dotted line, triangles).")


def test_a_target_of_one_period_is_a_level_line_and_says_so(area):
    indicator = make_indicator(area, target=None, target_on=None)
    record(indicator, "Q1 2019-20", 70)
    record(indicator, "Q2 2019-20", 74)
    period = parse_period("2019-20")
    TargetStep.objects.create(
        indicator=indicator, label=period.label, start=period.start, end=period.end, value=90
    )
    page = _page(indicator)
    assert "Target (dashed level line at 90%" in page.caption
    svg = str(page.chart)
    assert "one point: a level line" in svg
    target = re.search(r'<polyline points="([^"]+)" fill="none" stroke="#1d70b8"', svg)
    assert target
    xs = [float(p.split(",")[0]) for p in target.group(1).split()]
    assert xs == [LEFT, WIDTH - RIGHT]


def test_no_lines_no_caption(area):
    page = _page(make_indicator(area, target=None, target_on=None))
    assert page.caption == "" and page.chart == ""
    assert dt.date.max not in {row.end for row in page.periods}
