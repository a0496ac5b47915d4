"""Plain rules: periods, RAG against target with polarity and tolerances, trajectories, and
reading printed targets. No database."""

import datetime as dt
from decimal import Decimal as D

import pytest

from wsoa.kpi import rules
from wsoa.kpi.periods import PeriodError, parse_period
from wsoa.kpi.targettext import read_target


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2019", "2019", dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
        ("2019-20", "2019-20", dt.date(2019, 4, 1), dt.date(2020, 3, 31)),
        ("FY 2019-2020", "2019-20", dt.date(2019, 4, 1), dt.date(2020, 3, 31)),
        ("2019/20", "2019/20", dt.date(2019, 9, 1), dt.date(2020, 8, 31)),
        ("201819", "2018/19", dt.date(2018, 9, 1), dt.date(2019, 8, 31)),
        ("Q1 2019-20", "Q1 2019-20", dt.date(2019, 4, 1), dt.date(2019, 6, 30)),
        ("q2 2019-20", "Q2 2019-20", dt.date(2019, 7, 1), dt.date(2019, 9, 30)),
        ("Q4 2019-20", "Q4 2019-20", dt.date(2020, 1, 1), dt.date(2020, 3, 31)),
        ("March 2019", "March 2019", dt.date(2019, 3, 1), dt.date(2019, 3, 31)),
        ("Feb 2020", "February 2020", dt.date(2020, 2, 1), dt.date(2020, 2, 29)),
        ("2019-03", "March 2019", dt.date(2019, 3, 1), dt.date(2019, 3, 31)),
    ],
)
def test_periods_read_as_people_write_them(text, label, start, end):
    period = parse_period(text)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize("text", ["", "Q5 2019-20", "2019-21", "2019-13", "soon", "Smarch 2019"])
def test_text_that_is_not_a_period_is_refused_with_examples(text):
    with pytest.raises(PeriodError, match="Write it like"):
        parse_period(text)


# (actual, target, polarity, green_within, amber_within) → RAG. Default tolerance: amber ≤ 5.
RAG_CASES = [
    (90, 90, "higher", 0, 5, "green"),
    (95, 90, "higher", 0, 5, "green"),
    (85, 90, "higher", 0, 5, "amber"),
    (84.9, 90, "higher", 0, 5, "red"),
    (72, 90, "higher", 0, 5, "red"),
    (88, 90, "higher", 2, 5, "green"),
    (87.9, 90, "higher", 2, 5, "amber"),
    (20, 20, "lower", 0, 5, "green"),
    (15, 20, "lower", 0, 5, "green"),
    (24, 20, "lower", 0, 5, "amber"),
    (26, 20, "lower", 0, 5, "red"),
    (160, 150, "closer", 0, 15, "amber"),
    (140, 150, "closer", 10, 15, "green"),
    (100, 150, "closer", 10, 15, "red"),
    (89, 90, "higher", 0, 0, "red"),
]


@pytest.mark.parametrize(("actual", "target", "polarity", "green", "amber", "rag"), RAG_CASES)
def test_rag_follows_polarity_and_tolerances(actual, target, polarity, green, amber, rag):
    assert rules.rag_for(D(str(actual)), D(target), polarity, D(green), D(amber)) == rag


def test_reason_says_figure_target_period_rag_and_gap():
    rating = rules.rate(
        actual=D(72), target=D(90), period="Q2 2019-20", unit="percent", polarity="higher"
    )
    assert rating.reason == "72% against a target of 90% for Q2 2019-20: red, 18 points below"


@pytest.mark.parametrize(
    ("actual", "target", "unit", "polarity", "reason"),
    [
        (
            D("92.5"),
            D(90),
            "percent",
            "higher",
            "92.5% against a target of 90% for 2019: green, 2.5 points above",
        ),
        (
            D(90),
            D(90),
            "percent",
            "higher",
            "90% against a target of 90% for 2019: green, on target",
        ),
        (
            D(24),
            D(20),
            "days",
            "lower",
            "24 days against a target of 20 days for 2019: amber, 4 days above",
        ),
        (
            D(1204),
            D(1000),
            "count",
            "lower",
            "1,204 against a target of 1,000 for 2019: red, 204 above",
        ),
    ],
)
def test_reason_words_by_unit(actual, target, unit, polarity, reason):
    rating = rules.rate(actual=actual, target=target, period="2019", unit=unit, polarity=polarity)
    assert rating.reason == reason


STEPS = [
    rules.Step(dt.date(2019, 3, 31), D(75), "2018-19"),
    rules.Step(dt.date(2020, 3, 31), D(100), "2019-20"),
]


@pytest.mark.parametrize(
    ("end", "label"),
    [
        (dt.date(2018, 6, 30), "2018-19"),  # before the first step: held to the first
        (dt.date(2019, 3, 31), "2018-19"),  # the step's own period
        (dt.date(2019, 9, 30), "2019-20"),  # between steps: the next one due
        (dt.date(2021, 3, 31), "2019-20"),  # after the last: the final target still applies
    ],
)
def test_trajectory_target_for_a_period_is_the_next_due(end, label):
    assert rules.target_for(end, STEPS).label == label


def test_no_trajectory_no_target():
    assert rules.target_for(dt.date(2020, 1, 1), []) is None


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "trend"),
    [
        (D(60), D(50), "higher", "better"),
        (D(40), D(50), "higher", "worse"),
        (D(40), D(50), "lower", "better"),
        (D(50), D(50), "lower", "same"),
        (D(50), None, "higher", ""),
        (D(40), D(50), "closer", "changed"),
    ],
)
def test_trend_since_last_period(current, previous, polarity, trend):
    assert rules.trend(current, previous, polarity) == trend


def test_reduction_target_from_baseline():
    assert rules.reduce_by(D(200), D(10)) == D("180.00")


@pytest.mark.parametrize(
    ("text", "target", "value", "unit", "polarity", "change", "period"),
    [
        ("90% of EHCP's being completed within 20 weeks", "90%", 90, "percent", "higher", "", ""),
        (
            "Participation in Education, Employment or Training – 85% or better",
            "85%",
            85,
            "percent",
            "higher",
            "",
            "",
        ),
        (
            "10% reduction in out of county placement 2019-20",
            "10%",
            10,
            "",
            "lower",
            "reduction",
            "2019-20",
        ),
        (
            "Volume of supported internships increased by 10% annually",
            "10%",
            10,
            "",
            "higher",
            "increase",
            "",
        ),
        (
            "at least 50% of those assessments started during the academic year 2018 - 2019 are "
            "completed on time",
            "50%",
            50,
            "percent",
            "higher",
            "",
            "2018/19",
        ),
        (
            "40% can describe their involvement in a co-produced activity. (March 2019)",
            "40%",
            40,
            "percent",
            "higher",
            "",
            "March 2019",
        ),
        ("Unauthorised absence of pupils with SEND decreases.", "", None, "", "lower", "", ""),
        ("The number of hits for the videos", "", None, "", "higher", "", ""),
    ],
)
def test_printed_targets_are_read(text, target, value, unit, polarity, change, period):
    reading = read_target(text, target)
    assert reading.value == (D(value) if value is not None else None)
    assert (reading.unit, reading.polarity, reading.change) == (unit, polarity, change)
    assert reading.period_label == period


def test_printed_target_names_drop_the_figure():
    assert read_target("Known destination of learners at post-16: 97%", "97%").name == (
        "Known destination of learners at post-16"
    )
    assert read_target("90% of EHCP's being completed within 20 weeks").name == (
        "EHCP's being completed within 20 weeks"
    )


def test_printed_target_due_date_is_the_period_end():
    assert read_target("10% reduction in out of county placement 2019-20").due_on == dt.date(
        2020, 3, 31
    )
