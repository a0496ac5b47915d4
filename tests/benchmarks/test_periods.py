"""Period labels exactly as LAIT prints them: every form in the packaged file."""

from __future__ import annotations

import csv
import gzip

import pytest

from wsoa.benchmarks import loading
from wsoa.benchmarks.periods import PeriodLabelError, latest_per_period, parse_label


@pytest.mark.parametrize(
    ("label", "base", "kind", "year", "revision"),
    [
        ("2024", "2024", "calendar", 2024, ""),
        ("2024 (Rev)", "2024", "calendar", 2024, "rev"),
        ("2025 (prov)", "2025", "calendar", 2025, "prov"),
        ("2020 (Final)", "2020", "calendar", 2020, "final"),
        ("2023/24", "2023/24", "academic", 2024, ""),
        ("2023-24", "2023-24", "academic", 2024, ""),
        ("2023-24 (OT)", "2023-24", "financial", 2024, "OT"),
        ("2014-16", "2014-16", "span", 2016, ""),
        ("2013/14-15/16", "2013/14-15/16", "span", 2016, ""),
        ("0", "0", "unknown", 0, ""),
        ("1999-00", "1999-00", "academic", 2000, ""),
    ],
)
def test_every_label_form(label: str, base: str, kind: str, year: int, revision: str) -> None:
    parsed = parse_label(label)
    assert (parsed.label, parsed.base, parsed.kind, parsed.year, parsed.revision) == (
        label,
        base,
        kind,
        year,
        revision,
    )


def test_a_financial_measure_reads_its_year_pair_as_financial() -> None:
    assert parse_label("2023-24", "Financial Year").kind == "financial"


def test_every_label_in_the_packaged_file_is_read() -> None:
    with gzip.open(loading.DATA / "lait_values.csv.gz", "rt", encoding="utf-8") as f:
        labels = {row[1] for row in csv.reader(f)} - {"period"}
    assert len(labels) == 65
    forms = {parse_label(label).kind for label in labels}
    assert forms == {"calendar", "academic", "financial", "span", "unknown"}
    assert {parse_label(label).revision for label in labels} == {"", "rev", "prov", "final", "OT"}


@pytest.mark.parametrize("label", ["24", "2024 (draft)", "Q1 2024", ""])
def test_an_unknown_form_is_refused(label: str) -> None:
    with pytest.raises(PeriodLabelError):
        parse_label(label)


def test_a_revision_wins_over_the_first_figure_for_the_same_year() -> None:
    assert latest_per_period(["2024", "2023", "2024 (Rev)"]) == ["2023", "2024 (Rev)"]
    assert latest_per_period(["2025 (prov)", "2025"]) == ["2025"]
    assert latest_per_period(["2020 (Rev)", "2020 (Final)", "2020"]) == ["2020 (Final)"]


def test_periods_are_ordered_by_the_year_they_end() -> None:
    assert latest_per_period(["2019/20", "2017/18", "2018/19"]) == ["2017/18", "2018/19", "2019/20"]
