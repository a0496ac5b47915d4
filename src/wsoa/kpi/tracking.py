"""Track a national benchmark measure in the plan: an indicator linked to one of its findings.

The indicator is set up through the scorecard's services, so every step is audited as any other:
the indicator (with the finding and its plan), its final target (the neighbours' average, England,
or a typed figure, by the end of a chosen year) and one actual per published period of the LAIT
series. England's and the region's figures become its comparators, as the DfE loader does.
Anything of another area is refused and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from wsoa.benchmarks import comparison as bench
from wsoa.benchmarks.models import Measure
from wsoa.benchmarks.periods import PeriodLabelError, parse_label
from wsoa.core.models import LocalArea
from wsoa.kpi import services
from wsoa.kpi.models import Comparator, ComparatorKind, DfeLink, Indicator
from wsoa.kpi.periods import Period, academic_year, calendar_year, financial_year
from wsoa.plans.models import Finding

PREFIX = "lait_"  # the code of an indicator tracking a LAIT measure: "lait_SEN_EHC_All_20wks"
SOURCE = "DfE, Local Authority Interactive Tool (LAIT)"
PLACES = Decimal("0.001")
# The DfE standard indicators (kpi.dfedata) that are the same figures as a LAIT measure.
STANDARD_MEASURES = {
    "dfe_20wk_ex": "SEN_EHC_Excpt_20wks",
    "dfe_20wk_inc": "SEN_EHC_All_20wks",
}
POLARITIES = {"High": "higher", "Low": "lower"}
FREQUENCIES = {
    "calendar": "calendar_year",
    "academic": "academic_year",
    "financial": "financial_year",
    "span": "calendar_year",
}
TARGETS = {"neighbours": "the neighbours' average", "england": "England's figure"}


class TrackingError(Exception):
    """A measure that cannot be tracked as asked; the message says why."""


@dataclass(frozen=True)
class TargetChoice:
    """What to aim for: "neighbours", "england" or "typed" (with `value`), by the end of `year`."""

    kind: str
    year: int
    value: Decimal | None = None


def indicator_code(measure: str) -> str:
    return PREFIX + measure


def measure_of(indicator: Indicator) -> str:
    """The LAIT measure an indicator tracks or is the same as, or "" for none."""
    if indicator.code.startswith(PREFIX):
        return indicator.code[len(PREFIX) :]
    return STANDARD_MEASURES.get(indicator.code, "")


def la_of(link: DfeLink) -> tuple[int, list[int] | None]:
    """The area's LA number, and the neighbours its manager chose (None: the DfE's list)."""
    chosen = [int(code) for code in link.neighbour_codes or [] if str(code).isdigit()]
    return int(link.la_code), chosen or None


def period_of(label: str, year_type: str = "") -> Period | None:
    """The scorecard's period for a LAIT label ("2024", "2023/24", "2022-23 (OT)"), or None."""
    try:
        read = parse_label(label, year_type)
    except PeriodLabelError:
        return None
    return _period(read.kind, read.year, read.base)


def _period(kind: str, year: int, label: str) -> Period | None:
    if year <= 0:
        return None
    if kind == "academic":
        return Period(academic_year(year - 1).end, academic_year(year - 1).start, label)
    if kind == "financial":
        return Period(financial_year(year - 1).end, financial_year(year - 1).start, label)
    if kind in ("calendar", "span"):
        found = calendar_year(year)
        return Period(found.end, found.start, label)
    return None


def target_period(kind: str, year: int) -> Period:
    """The period ending in `year` of the measure's kind: 2026 → "2026", "2025/26", "2025-26"."""
    if kind == "academic":
        return academic_year(year - 1)
    if kind == "financial":
        return financial_year(year - 1)
    return calendar_year(year)


def target_value(compared: bench.Comparison, choice: TargetChoice) -> Decimal:
    """The figure the target choice names, or TrackingError when there is none to aim for."""
    if choice.kind == "typed":
        if choice.value is None:
            raise TrackingError("Enter the target figure.")
        return choice.value
    found = compared.neighbours_mean if choice.kind == "neighbours" else compared.england
    if found is None:
        raise TrackingError(f"There is no figure for {TARGETS[choice.kind]} to aim for.")
    return found


def unit_of(measure: Measure) -> str:
    if measure.unit == "%":
        return "percent"
    return "rate" if "rate" in measure.y_axis.lower() else "count"


def _kind(measure: Measure, labels: list[str]) -> str:
    for label in reversed(labels):
        try:
            return parse_label(label, measure.year_type).kind
        except PeriodLabelError:
            continue
    return "calendar"


@transaction.atomic
def track_measure(
    *, area: LocalArea, measure: str, finding: Finding, choice: TargetChoice, by: Any
) -> Indicator:
    """Set up an indicator of the area's plan for a LAIT measure, with its target and history."""
    link = DfeLink.objects.filter(area=area).first()
    if link is None:
        raise TrackingError("Choose which local authority this area is on the DfE page first.")
    if finding.plan.area_id != area.pk:
        raise TrackingError("That finding belongs to another area.")
    if Indicator.objects.filter(area=area, code=indicator_code(measure)).exists():
        raise TrackingError("This measure is already tracked in the area's scorecard.")
    la, chosen = la_of(link)
    try:
        found = Measure.objects.get(code=measure)
        compared = bench.compare(la, measure, neighbours=chosen)
        points = bench.series(la, measure, neighbours=chosen)
    except (Measure.DoesNotExist, bench.NotFound) as error:
        raise TrackingError("There is no such measure in the national figures.") from error
    goal = target_period(_kind(found, [p.label for p in points]), choice.year)
    indicator = services.create_indicator(
        area=area,
        by=by,
        values=_settings(found, compared, choice, goal, finding),
    )
    _record_series(indicator, found, points, by)
    _comparators(indicator, found, points, compared.region_name)
    return indicator


def _settings(
    measure: Measure,
    compared: bench.Comparison,
    choice: TargetChoice,
    goal: Period,
    finding: Finding,
) -> dict[str, Any]:
    target = target_value(compared, choice)
    return {
        "code": indicator_code(measure.code),
        "name": (measure.chart_title or measure.name)[:200],
        "definition": measure.description,
        "theme": measure.topic[:100],
        "unit": unit_of(measure),
        "polarity": POLARITIES.get(measure.polarity, "closer"),
        "frequency": FREQUENCIES.get(_kind(measure, [compared.period]), "calendar_year"),
        "source": f"{SOURCE}: {measure.code}"[:300],
        "baseline": _q(compared.value),
        "baseline_label": compared.period[:40] if compared.value is not None else "",
        "target": _q(target),
        "target_label": goal.label,
        "target_on": goal.end,
        "plan": finding.plan,
        "findings": [finding],
    }


def _q(value: Decimal | None) -> Decimal | None:
    return value.quantize(PLACES) if value is not None else None


def _record_series(
    indicator: Indicator, measure: Measure, points: list[bench.SeriesPoint], by: Any
) -> None:
    for point in points:
        period = period_of(point.label, measure.year_type)
        if point.value is None or period is None:
            continue
        actual = services.Actual(period, _q(point.value) or Decimal(0), source=indicator.source)
        services.record_measurement(indicator=indicator, actual=actual, by=by)


def _comparators(
    indicator: Indicator, measure: Measure, points: list[bench.SeriesPoint], region: str
) -> None:
    rows: dict[tuple[str, dt.date], Comparator] = {}
    for point in points:
        period = period_of(point.label, measure.year_type)
        if period is None:
            continue
        for kind, name, value in (
            (ComparatorKind.ENGLAND, "England", point.england),
            (ComparatorKind.REGION, region or "Region", point.region),
        ):
            if value is not None:
                rows[(kind, period.end)] = Comparator(
                    indicator=indicator,
                    kind=kind,
                    name=name,
                    label=period.label,
                    start=period.start,
                    end=period.end,
                    value=value.quantize(PLACES),
                    source=SOURCE,
                )
    Comparator.objects.bulk_create(rows.values())
