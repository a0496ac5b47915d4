"""Fixtures of the scorecard: an indicator with a trajectory, and one in another area."""

import pytest
from kpi_helpers import make_indicator

from wsoa.kpi.models import TargetStep
from wsoa.kpi.periods import parse_period
from wsoa.plans.models import ImpactIndicator


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
