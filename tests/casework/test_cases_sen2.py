"""The SEN2 figures from the cases (one SQL aggregate) against the issue's JSON and against the
plain-Python reference (`sen2rules`) on the same rows; the monthly figures as kpi actuals."""

import datetime as dt
import json
from io import StringIO

import pytest
from cases_helpers import TODAY, load, row
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wsoa.casework import sen2rules, synthetic
from wsoa.casework.figures import sen2
from wsoa.casework.models import Case
from wsoa.casework.scorecard import record_monthly
from wsoa.kpi.models import Indicator, Measurement

pytestmark = pytest.mark.django_db

# request 2024-01-18 + 140 days = 2024-06-06 (2024 is a leap year)
EDGES = [
    row("E1", "2024-01-18", final_date="2024-06-06"),  # exactly 140 days: in time
    row("E2", "2024-01-18", final_date="2024-06-07"),  # 141 days: late
    row("E3", "2024-02-29", decision_date="2024-04-11", final_date="2024-07-18"),  # 42 / 140
    row("E4", "2024-02-29", decision_date="2024-04-12"),  # 43 days: late decision
    row("E5", "2024-03-01", final_date="2024-09-01",  # late, with an exception: left out
        exception="personal_circumstances", exception_start="2024-04-01"),
    row("E6", "2024-03-01", decision_date="2024-03-20", decision="refused"),
    row("E7", "2024-10-01", final_date="2025-02-10"),  # a 2024 request, a 2025 plan
    row("E8", "2023-12-01", final_date="2024-04-19"),  # a 2023 request, a 2024 plan, 140 days
]  # fmt: skip


def test_the_sen2_command_prints_the_issues_json(area):
    load(area, EDGES)
    out = StringIO()
    call_command("casework", "sen2", "--area", "Hartlepool", "--year", "2024", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "year": 2024, "requests": 7, "decisions": 3, "decisions_within_6_weeks": 2,
        "plans_issued": 5, "issued_within_20_weeks": 3, "pct_within_20_weeks": 60.0,
        "plans_issued_excluding_exceptions": 4, "issued_within_20_weeks_excluding_exceptions": 3,
        "pct_within_20_weeks_excluding_exceptions": 75.0,
    }  # fmt: skip
    assert list(json.loads(out.getvalue())) == list(sen2rules.figures([], 2024))


def test_a_year_without_plans_has_null_percentages(area):
    load(area, EDGES)
    figures = sen2(area, 2019)
    assert figures["plans_issued"] == 0 and figures["pct_within_20_weeks"] is None


def test_the_figures_are_one_query(area):
    load(area, EDGES)
    with CaptureQueriesContext(connection) as queries:
        sen2(area, 2024)
    assert len(queries) == 1


@pytest.fixture
def synthetic_area(area):
    rows = list(synthetic.cases("805", 400, today=TODAY, seed=17))
    load(area, rows)
    return area


def test_the_sql_figures_equal_the_reference_on_made_up_cases(synthetic_area, other_area):
    load(other_area, [row("O1", "2025-01-02", final_date="2025-02-02")])  # another area's case
    cases = Case.objects.for_area(synthetic_area).prefetch_related(
        "exceptions", "advice", "reviews"
    )
    rows = [sen2rules.row_from(case.facts()) for case in cases]
    assert any(r.has_exception for r in rows)
    for year in (2024, 2025, 2026):
        assert sen2(synthetic_area, year) == sen2rules.figures(rows, year)


def test_monthly_figures_become_indicator_actuals_and_recording_again_adds_nothing(
    synthetic_area,
):
    added = record_monthly(area=synthetic_area, today=TODAY)
    assert added > 0
    indicator = Indicator.objects.get(area=synthetic_area, code="casework_20wk_ex_12m")
    latest = Measurement.objects.filter(indicator=indicator).order_by("end").last()
    cases = Case.objects.for_area(synthetic_area).prefetch_related(
        "exceptions", "advice", "reviews"
    )
    rows = [sen2rules.row_from(case.facts()) for case in cases]
    reference = sen2rules.monthly(rows, dt.date(2026, 11, 30))["rolling_12_months"]
    assert latest.label == "12 months to November 2026"
    assert latest.denominator == reference["plans_issued_excluding_exceptions"]
    assert latest.numerator == reference["issued_within_20_weeks_excluding_exceptions"]
    assert record_monthly(area=synthetic_area, today=TODAY) == 0
    assert not Measurement.objects.filter(note__icontains="Made-up").exists()
