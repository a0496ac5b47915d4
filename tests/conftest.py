"""Shared fixtures."""

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1] / "src" / "wsoa" / "documents" / "seeds"


@pytest.fixture
def seeds() -> Path:
    return SEEDS
