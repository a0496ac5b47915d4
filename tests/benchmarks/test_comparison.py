"""Comparators on an indicator, checked against the packaged source rows by hand."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from lait_helpers import number, source_rows

from wsoa.benchmarks import loading
from wsoa.benchmarks.comparison import NotFound, area_profile, compare, series

WORCS_NEIGHBOURS = [933, 916, 838, 937, 893, 938, 878, 830, 881, 815]
LAS = range(201, 970)  # LA numbers; England is 970, regions 980–990


def _by_hand(measure: str, period: str, la: int, neighbours: list[int]) -> dict[str, object]:
    """The comparators worked out from the source cells, without the app's code."""
    cells = {code: number(cell) for code, cell in source_rows(measure)[period].items()}
    present = [v for code, v in cells.items() if code in LAS and v is not None]
    mine = cells[la]
    assert mine is not None
    rank = 1 + sum(1 for v in present if v > mine)  # "High": bigger is better
    near = [v for n in neighbours if (v := cells[n]) is not None]
    mean = sum(near, Decimal(0)) / len(near)
    return {
        "value": mine,
        "england": cells[970],
        "rank": rank,
        "of": len(present),
        "quartile": math.ceil(4 * rank / len(present)),
        "mean": round(mean, 2),
        "n": len(near),
    }


def test_worcestershire_matches_issue_15(lait: loading.LoadReport) -> None:
    result = compare(885, "SEN_EHC_All_20wks")
    assert result.as_json() == {
        "measure": "SEN_EHC_All_20wks",
        "la": 885,
        "name": "Worcestershire",
        "period": "2024",
        "value": 37.2,
        "polarity": "High",
        "england": 45.9,
        "region": 41.0,
        "neighbours": {"mean": 25.84, "n": 10, "las": WORCS_NEIGHBOURS},
        "rank": 102,
        "of": 153,
        "quartile": 3,
    }
    hand = _by_hand("SEN_EHC_All_20wks", "2024", 885, WORCS_NEIGHBOURS)
    assert (result.value, result.england, result.rank, result.of) == (
        hand["value"],
        hand["england"],
        hand["rank"],
        hand["of"],
    )
    assert (result.neighbours_mean, result.neighbours_n) == (hand["mean"], hand["n"])
    assert result.region_name == "West Midlands"
    assert not result.neighbours_chosen
    assert result.trend == [
        ("2022", Decimal("31.1")),
        ("2023", Decimal("27.5")),
        ("2024", Decimal("37.2")),
    ]


@pytest.mark.parametrize("period", ["2016", "2019", "2024"])
def test_hartlepool_matches_the_source_rows(lait: loading.LoadReport, period: str) -> None:
    neighbours = compare(805, "SEN_EHC_All_20wks").neighbours
    result = compare(805, "SEN_EHC_All_20wks", period)
    hand = _by_hand("SEN_EHC_All_20wks", period, 805, neighbours)
    assert result.value == hand["value"]
    assert result.england == hand["england"]
    assert (result.rank, result.of, result.quartile) == (hand["rank"], hand["of"], hand["quartile"])
    assert (result.neighbours_mean, result.neighbours_n) == (hand["mean"], hand["n"])
    assert result.region_name == "North East"


def test_hartlepool_2024_in_figures(lait: loading.LoadReport) -> None:
    result = compare(805, "SEN_EHC_All_20wks").as_json()
    assert (result["value"], result["england"], result["region"]) == (74.6, 45.9, 47.6)
    assert (result["rank"], result["of"], result["quartile"]) == (43, 153, 2)


def test_a_chosen_set_of_neighbours_is_labelled_and_means_only_those_with_figures(
    lait: loading.LoadReport,
) -> None:
    # 928 (Northamptonshire) has no 2024 figure: the mean is of the other two.
    result = compare(885, "SEN_EHC_All_20wks", neighbours=[884, 893, 928])
    cells = source_rows("SEN_EHC_All_20wks")["2024"]
    assert cells[928] == "-"
    assert result.neighbours_chosen
    assert result.neighbours_n == 2
    assert result.neighbours_mean == round((Decimal(cells[884]) + Decimal(cells[893])) / 2, 2)


def test_a_low_polarity_measure_ranks_the_lowest_first(lait: loading.LoadReport) -> None:
    result = compare(885, "SEN_AppealableDec")
    cells = source_rows("SEN_AppealableDec")[result.period]
    present = [v for code, c in cells.items() if code in LAS and (v := number(c)) is not None]
    mine = result.value
    assert result.polarity == "Low" and mine is not None
    assert result.rank == 1 + sum(1 for v in present if v < mine)


def test_a_measure_without_polarity_gets_no_rank(lait: loading.LoadReport) -> None:
    result = compare(885, "SEN_PLAN_ISSUED")
    assert result.value is not None
    assert (result.rank, result.quartile, result.polarity) == (None, None, "")
    assert result.as_json()["rank"] is None


def test_a_dash_is_null_with_a_reason_in_the_json(lait: loading.LoadReport) -> None:
    data = compare(885, "KS2_SEN_Maths_Progress", "2020").as_json()
    assert data["value"] is None
    assert data["reason"] == "not available (-)"
    assert data["rank"] is None


def test_the_latest_period_is_the_latest_with_a_figure(lait: loading.LoadReport) -> None:
    # Northamptonshire stops in 2020: its latest figure is 2020, not a dash for 2024.
    result = compare(928, "SEN_EHC_All_20wks")
    assert result.period == "2020"
    assert result.value == Decimal(source_rows("SEN_EHC_All_20wks")["2020"][928])
    assert "1 April 2021" in result.area_note


def test_a_base_label_finds_its_revision(lait: loading.LoadReport) -> None:
    assert compare(885, "A3A", "2024").period == "2024 (Rev)"
    assert compare(885, "KS1P_all").period in ("2024", "2025 (prov)")
    with pytest.raises(NotFound):
        compare(885, "A3A", "1990")
    with pytest.raises(NotFound):
        compare(885, "NO_SUCH_MEASURE")
    with pytest.raises(NotFound):
        compare(1, "A3A")


def test_area_profile_agrees_with_compare(lait: loading.LoadReport) -> None:
    profile = area_profile(885)
    assert {c.measure for c in profile} == {
        "SEN_EHC_All_20wks",
        "SEN_EHC_Excpt_20wks",
        "SEN_AppealableDec",
        "SEN_PLAN_ISSUED",
        "KS2_SEN_Maths_Progress",
    }
    for row in profile:
        assert row == compare(885, row.measure, row.period), row.measure


def test_series_has_every_period_with_comparators(lait: loading.LoadReport) -> None:
    points = series(885, "SEN_EHC_All_20wks")
    assert [p.label for p in points] == [str(y) for y in range(2016, 2025)]
    last = points[-1]
    assert (last.value, last.england, last.region, last.neighbours_mean, last.rank, last.of) == (
        Decimal("37.2"),
        Decimal("45.9"),
        Decimal("41"),
        Decimal("25.84"),
        102,
        153,
    )
