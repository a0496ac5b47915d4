"""The DfE's SEN2 20-week and 6-week measures on a hand-made set with every edge."""

from __future__ import annotations

from datetime import date

import pytest

from wsoa.casework import clock, sen2rules
from wsoa.casework.sen2rules import Sen2Row

D = date.fromisoformat


def row(request: str, decision: str | None, final: str | None, exception: bool = False) -> Sen2Row:
    return Sen2Row(
        D(request), D(decision) if decision else None, D(final) if final else None, exception
    )


ROWS = [
    # 1: decided on day 42 (29 February, a leap day); final on day 140: both on time.
    row("2024-01-18", "2024-02-29", "2024-06-06"),
    # 2: decided on day 43, final on day 141: both late.
    row("2024-01-18", "2024-03-01", "2024-06-07"),
    # 3: an exception case issued within 20 weeks (day 122).
    row("2024-03-01", "2024-04-10", "2024-07-01", exception=True),
    # 4: an exception case issued late (day 182).
    row("2024-02-01", "2024-03-01", "2024-08-01", exception=True),
    # 5: refused after 50 days: a late decision, no plan.
    row("2024-05-01", "2024-06-20", None),
    # 6: requested in 2024, plan issued in 2025 (day 132): a 2025 plan.
    row("2024-10-01", "2024-11-05", "2025-02-10"),
    # 7: requested in 2023, plan issued in 2024 within 20 weeks (day 126).
    row("2023-11-15", "2023-12-20", "2024-03-20"),
    # 8: requested in 2023, decided in 2024 on day 42.
    row("2023-12-01", "2024-01-12", None),
    # 9: requested on the last day of 2024, nothing else yet.
    row("2024-12-31", None, None),
    # 10: requested on the first day of 2025.
    row("2025-01-01", None, None),
    # 11: issued on 31 December 2024, exactly day 140.
    row("2024-08-13", "2024-09-20", "2024-12-31"),
]


def test_figures_for_2024_count_each_date_in_its_own_year():
    assert sen2rules.figures(ROWS, 2024) == {
        "year": 2024,
        "requests": 8,  # 1–6, 9, 11
        "decisions": 8,  # 1–6, 8, 11
        "decisions_within_6_weeks": 6,  # not 2 (day 43) nor 5 (day 50)
        "plans_issued": 6,  # 1–4, 7, 11
        "issued_within_20_weeks": 4,  # not 2 (day 141) nor 4 (day 182)
        "pct_within_20_weeks": 66.7,
        "plans_issued_excluding_exceptions": 4,  # 1, 2, 7, 11
        "issued_within_20_weeks_excluding_exceptions": 3,
        "pct_within_20_weeks_excluding_exceptions": 75.0,
    }


def test_figures_for_2025_hold_the_plan_requested_in_2024():
    found = sen2rules.figures(ROWS, 2025)
    assert (found["requests"], found["decisions"], found["plans_issued"]) == (1, 0, 1)
    assert found["pct_within_20_weeks"] == 100.0


def test_a_year_without_plans_has_null_percentages():
    found = sen2rules.figures(ROWS, 2019)
    assert found["plans_issued"] == 0
    assert found["pct_within_20_weeks"] is None
    assert found["pct_within_20_weeks_excluding_exceptions"] is None


def test_figures_keys_are_in_the_published_order():
    assert list(sen2rules.figures([], 2024)) == [
        "year",
        "requests",
        "decisions",
        "decisions_within_6_weeks",
        "plans_issued",
        "issued_within_20_weeks",
        "pct_within_20_weeks",
        "plans_issued_excluding_exceptions",
        "issued_within_20_weeks_excluding_exceptions",
        "pct_within_20_weeks_excluding_exceptions",
    ]


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (4, 6, 66.7),
        (1, 3, 33.3),
        (181, 400, 45.3),  # 45.25: half up (Python's round() gives 45.2)
        (1, 16, 6.3),  # 6.25
        (1, 8, 12.5),
        (1, 2000, 0.1),  # 0.05
        (0, 5, 0.0),
        (5, 5, 100.0),
        (0, 0, None),
    ],
)
def test_percent_is_one_decimal_place_halves_up(numerator, denominator, expected):
    assert sen2rules.percent(numerator, denominator) == expected


def test_monthly_gives_rolling_12_months_and_the_month():
    found = sen2rules.monthly(ROWS, D("2024-03-31"))
    assert found["month_end"] == "2024-03-31"
    rolling, month = found["rolling_12_months"], found["in_month"]
    assert (rolling["start"], rolling["end"]) == ("2023-04-01", "2024-03-31")
    assert (month["start"], month["end"]) == ("2024-03-01", "2024-03-31")
    assert (rolling["requests"], rolling["decisions"], rolling["decisions_within_6_weeks"]) == (
        6,
        5,
        4,
    )
    assert (rolling["plans_issued"], rolling["issued_within_20_weeks"]) == (1, 1)
    assert (month["requests"], month["decisions"], month["decisions_within_6_weeks"]) == (1, 2, 1)
    assert month["pct_within_20_weeks_excluding_exceptions"] == 100.0
    assert list(month)[2:] == list(sen2rules.figures([], 2024))[1:]


def test_monthly_in_a_leap_february():
    found = sen2rules.monthly(ROWS, D("2024-02-29"))
    assert found["rolling_12_months"]["start"] == "2023-03-01"
    assert found["in_month"]["decisions"] == 1  # row 1, on the leap day


@pytest.mark.parametrize("day", ["2024-02-28", "2024-03-15", "2023-12-01"])
def test_monthly_refuses_a_day_that_does_not_end_a_month(day):
    with pytest.raises(ValueError, match=f"{day} is not the last day of a month"):
        sen2rules.monthly(ROWS, D(day))


def test_row_from_a_case_reads_its_exception_from_the_clock():
    pause = clock.Pause("absent_from_area", D("2024-03-01"), None)
    facts = clock.Facts(D("2024-01-18"), D("2024-02-20"), "agreed", final_date=D("2024-07-01"))
    assert sen2rules.row_from(facts) == row("2024-01-18", "2024-02-20", "2024-07-01", False)
    excepted = clock.Facts(facts.request_date, final_date=facts.final_date, exceptions=(pause,))
    assert sen2rules.row_from(excepted).has_exception
