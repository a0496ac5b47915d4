"""The LAIT catalogue for tests: a subset of measures (all areas, periods and neighbours)."""

from __future__ import annotations

import pytest
from lait_helpers import SUBSET

from wsoa.benchmarks import loading


@pytest.fixture
def lait(db: None) -> loading.LoadReport:
    return loading.load_national(measures=SUBSET)
