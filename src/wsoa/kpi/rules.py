"""RAG of an actual against its target, and the reason in words. Plain Python, no Django.

Rules (set per indicator): an actual at or better than the target, or worse by no more than
`green_within`, is green; worse by no more than `amber_within` is amber; further off is red.
"Better" follows the indicator's polarity: higher, lower, or (for counts where neither is
better, such as requests) closer to the target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

HIGHER = "higher"
LOWER = "lower"
CLOSER = "closer"

UNIT_SUFFIX = {"percent": "%", "days": " days", "weeks": " weeks"}
GAP_WORDS = {"percent": "points", "days": "days", "weeks": "weeks"}


@dataclass(frozen=True)
class Rating:
    """A RAG code ("red", "amber", "green") and the reason in plain words."""

    rag: str
    reason: str
    gap: Decimal


@dataclass(frozen=True)
class Step:
    """One target of a trajectory: the value due by the end of a period."""

    end: dt.date
    value: Decimal
    label: str


def number(value: Decimal) -> str:
    """Write a figure as people do: 72, 72.5, 1,204."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def figure(value: Decimal, unit: str) -> str:
    """A figure with its unit: "72%", "18 days", "1,204"."""
    return number(value) + UNIT_SUFFIX.get(unit, "")


def shortfall(actual: Decimal, target: Decimal, polarity: str) -> Decimal:
    """How far the actual is worse than the target (0 or less when at or better)."""
    if polarity == LOWER:
        return actual - target
    if polarity == CLOSER:
        return abs(actual - target)
    return target - actual


def rag_for(
    actual: Decimal, target: Decimal, polarity: str, green_within: Decimal, amber_within: Decimal
) -> str:
    """Return red, amber or green for an actual against a target."""
    gap = shortfall(actual, target, polarity)
    if gap <= green_within:
        return "green"
    return "amber" if gap <= amber_within else "red"


def rate(
    *,
    actual: Decimal,
    target: Decimal,
    period: str,
    unit: str,
    polarity: str,
    green_within: Decimal = Decimal(0),
    amber_within: Decimal = Decimal(5),
) -> Rating:
    """Rate an actual against the target for its period, with the reason in words."""
    rag = rag_for(actual, target, polarity, green_within, amber_within)
    reason = (
        f"{figure(actual, unit)} against a target of {figure(target, unit)} for {period}: "
        f"{rag}, {distance(actual, target, unit)}"
    )
    return Rating(rag, reason, shortfall(actual, target, polarity))


def distance(actual: Decimal, target: Decimal, unit: str) -> str:
    """ "18 points below", "3 days above", "on target"."""
    if actual == target:
        return "on target"
    words = GAP_WORDS.get(unit, "")
    side = "above" if actual > target else "below"
    return " ".join(part for part in (number(abs(actual - target)), words, side) if part)


def target_for(end: dt.date, steps: Sequence[Step]) -> Step | None:
    """The target in force for a period ending on `end`: the first step due on or after it.

    A figure for a period between two interim targets is held to the next one due; after the
    last step the last (final) target still applies.
    """
    ordered = sorted(steps, key=lambda step: step.end)
    for step in ordered:
        if step.end >= end:
            return step
    return ordered[-1] if ordered else None


def trend(current: Decimal, previous: Decimal | None, polarity: str) -> str:
    """ "better", "worse", "same" or "" (no earlier figure) since the last period."""
    if previous is None:
        return ""
    if current == previous:
        return "same"
    if polarity == CLOSER:
        return "changed"
    improved = current > previous if polarity == HIGHER else current < previous
    return "better" if improved else "worse"


def reduce_by(baseline: Decimal, percent: Decimal) -> Decimal:
    """A target that is `percent`% lower than the baseline, e.g. a 10% reduction."""
    return (baseline * (100 - percent) / 100).quantize(Decimal("0.01"))
