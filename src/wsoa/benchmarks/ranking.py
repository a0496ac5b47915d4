"""Ranking local authorities on a measure, as LAIT does. No Django: its tests are instant.

Rank among the authorities with a figure, 1 = best by polarity ("High": higher is better,
"Low": lower is better); ties share the lowest rank ("1, 2, 2, 4"); quartile 1 is the best
quarter, `ceil(4 × rank / n)`. A measure with no polarity is context only: no rank, no quartile.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Standing:
    rank: int | None
    of: int  # how many authorities have a figure
    quartile: int | None


def ranks(values: Mapping[int, Decimal | None], polarity: str) -> dict[int, int]:
    """Rank of each key with a value; {} when the measure has no polarity."""
    if polarity not in ("High", "Low"):
        return {}
    present = {key: v for key, v in values.items() if v is not None}
    ordered = sorted(present.values(), reverse=polarity == "High")
    first: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return {key: first[value] for key, value in present.items()}


def quartile(rank: int, of: int) -> int:
    """1 = the best quarter: ceil(4 × rank / n)."""
    return math.ceil(4 * rank / of)


def standing(key: int, values: Mapping[int, Decimal | None], polarity: str) -> Standing:
    """Where `key` stands among `values` (rank, of, quartile); rank None if it has no figure."""
    of = sum(1 for v in values.values() if v is not None)
    rank = ranks(values, polarity).get(key)
    return Standing(rank, of, quartile(rank, of) if rank else None)


def mean(values: list[Decimal | None], places: int = 2) -> tuple[Decimal | None, int]:
    """The mean of the values present (rounded half up to `places`) and how many there were."""
    present = [v for v in values if v is not None]
    if not present:
        return None, 0
    exact = sum(present, Decimal(0)) / len(present)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), len(present)
