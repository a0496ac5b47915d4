"""Helpers for the scorecard tests: make an indicator, record an actual."""

import datetime as dt
from decimal import Decimal

from wsoa.kpi import services
from wsoa.kpi.models import Indicator
from wsoa.kpi.periods import parse_period


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
