"""Fixtures of the scorecard: an indicator with a trajectory, and one in another area."""

import datetime as dt
from decimal import Decimal

import pytest

from wsoa.kpi import services
from wsoa.kpi.models import Indicator, TargetStep
from wsoa.kpi.periods import parse_period
from wsoa.plans.models import ImpactIndicator


def make_indicator(area, **values) -> Indicator:
    defaults = {
        "name": "EHC plans issued within 20 weeks",
        "theme": "Timeliness",
        "unit": "percent",
        "polarity": "higher",
        "frequency": "quarterly",
        "target": Decimal(90),
        "target_label": "2020-21",
        "target_on": dt.date(2021, 3, 31),
        "amber_within": Decimal(5),
    }
    return Indicator.objects.create(area=area, **{**defaults, **values})


def record(indicator, period: str, value, by="test") -> None:
    actual = services.Actual(parse_period(period), Decimal(str(value)))
    services.record_measurement(indicator=indicator, actual=actual, by=by)


@pytest.fixture
def indicator(area, plan, contributor):
    """Timeliness at Hartlepool, owned by the contributor, with a target of 80% for 2019-20."""
    found = make_indicator(area, plan=plan, owner=contributor)
    period = parse_period("2019-20")
    TargetStep.objects.create(
        indicator=found, label=period.label, start=period.start, end=period.end, value=80
    )
    return found


@pytest.fixture
def other_indicator(other_area):
    return make_indicator(other_area, name="Stockton timeliness")


@pytest.fixture
def printed(plan, item):
    return ImpactIndicator.objects.create(
        plan=plan,
        item=item,
        position=1,
        text="90% of EHCP's being completed within 20 weeks by March 2019",
        target_text="90%",
    )
