"""Ranks, ties, quartiles and the neighbours' mean (no database)."""

from __future__ import annotations

from decimal import Decimal as D

from wsoa.benchmarks.ranking import mean, quartile, ranks, standing


def test_high_polarity_ranks_the_highest_first_and_ties_share_the_lowest_rank() -> None:
    values = {1: D("90"), 2: D("80"), 3: D("80"), 4: D("70"), 5: None}
    assert ranks(values, "High") == {1: 1, 2: 2, 3: 2, 4: 4}


def test_low_polarity_ranks_the_lowest_first() -> None:
    values = {1: D("90"), 2: D("80"), 3: D("80"), 4: D("70")}
    assert ranks(values, "Low") == {4: 1, 2: 2, 3: 2, 1: 4}


def test_equal_figures_written_differently_are_a_tie() -> None:
    assert ranks({1: D("41"), 2: D("41.000")}, "High") == {1: 1, 2: 1}


def test_no_polarity_means_no_rank_and_no_quartile() -> None:
    result = standing(1, {1: D("5"), 2: D("6")}, "")
    assert (result.rank, result.of, result.quartile) == (None, 2, None)


def test_an_area_without_a_figure_has_no_rank_but_counts_the_others() -> None:
    result = standing(3, {1: D("5"), 2: D("6"), 3: None}, "High")
    assert (result.rank, result.of, result.quartile) == (None, 2, None)


def test_quartile_is_the_ceiling_of_four_rank_over_n() -> None:
    assert [quartile(r, 153) for r in (1, 38, 39, 77, 102, 115, 153)] == [1, 1, 2, 3, 3, 4, 4]
    assert quartile(1, 1) == 4  # the only one with a figure is also the whole last quarter


def test_the_mean_counts_only_the_neighbours_with_a_figure() -> None:
    assert mean([D("10"), None, D("20"), None, D("25.5")]) == (D("18.50"), 3)
    assert mean([None, None]) == (None, 0)
    assert mean([D("1"), D("2"), D("2")], places=3) == (D("1.667"), 3)
