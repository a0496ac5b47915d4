"""Changes to indicators, targets, measurements and exceptions: each one transaction with audit.

Views check permissions first; these functions check that everything given belongs to the
indicator's area and refuse anything else, writing nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from wsoa.core.audit import record_event
from wsoa.core.models import LocalArea
from wsoa.core.people import display_name
from wsoa.kpi import rules
from wsoa.kpi.models import ExceptionReport, Indicator, Measurement, TargetStep
from wsoa.kpi.periods import Period, PeriodError, parse_period
from wsoa.kpi.targettext import read_target
from wsoa.plans.models import ImpactIndicator

FIELDS = (
    "name",
    "definition",
    "theme",
    "unit",
    "polarity",
    "frequency",
    "source",
    "numerator",
    "denominator",
    "baseline",
    "baseline_label",
    "target",
    "target_label",
    "target_on",
    "green_within",
    "amber_within",
)


class KpiError(Exception):
    """A change that cannot be made; the message says why, in plain words."""


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {key: str(value) if value is not None else None for key, value in values.items()}


@transaction.atomic
def create_indicator(*, area: LocalArea, by: Any, values: dict[str, Any]) -> Indicator:
    """Add an indicator to the area with its links to the area's plan, findings and items."""
    links = {key: values.pop(key, None) for key in ("findings", "items")}
    indicator = Indicator(area=area, **values)
    _check_links(indicator)
    indicator.save()
    for key, rows in links.items():
        if rows:
            getattr(indicator, key).set(rows)
    record_event(
        obj=indicator,
        by=by,
        action="indicator.added",
        summary=f"Added indicator: {indicator.name}",
        changes={"after": _plain({name: getattr(indicator, name) for name in FIELDS})},
    )
    return indicator


def _check_links(indicator: Indicator) -> None:
    plan = indicator.plan
    if plan is not None and plan.area_id != indicator.area_id:
        raise KpiError("That plan belongs to another area.")
    printed = indicator.printed
    if printed is not None and printed.plan.area_id != indicator.area_id:
        raise KpiError("That printed target belongs to another area.")


@transaction.atomic
def change_indicator(*, indicator: Indicator, by: Any, values: dict[str, Any]) -> Indicator:
    """Change an indicator's settings, recording before and after."""
    before = _plain({name: getattr(indicator, name) for name in FIELDS})
    links = {key: values.pop(key, None) for key in ("findings", "items")}
    for name, value in values.items():
        setattr(indicator, name, value)
    _check_links(indicator)
    indicator.save()
    for key, rows in links.items():
        if rows is not None:
            getattr(indicator, key).set(rows)
    after = _plain({name: getattr(indicator, name) for name in FIELDS})
    changed = {k: {"before": before[k], "after": after[k]} for k in FIELDS if before[k] != after[k]}
    record_event(
        obj=indicator,
        by=by,
        action="indicator.edited",
        summary=f"Changed indicator: {indicator.name}",
        changes=changed,
    )
    return indicator


def prefill_from(printed: ImpactIndicator) -> dict[str, Any]:
    """The settings a printed target gives: name, unit, polarity, target and when it is due."""
    reading = read_target(printed.text, printed.target_text)
    plan_end = printed.plan.period_end
    values: dict[str, Any] = {
        "name": reading.name,
        "definition": printed.text,
        "unit": reading.unit or "count",
        "polarity": reading.polarity,
        "target": reading.value if not reading.change else None,
        "target_label": reading.period_label,
        "target_on": reading.due_on or plan_end,
        "source": f"Plan: {printed.plan.title}"[:300],
    }
    if reading.change == "reduction" and reading.value is not None:
        values["reduction"] = reading.value
    return values


@transaction.atomic
def set_target_step(*, indicator: Indicator, period: Period, value: Decimal, by: Any) -> None:
    """Set the interim target for a period of the trajectory (replacing one for that period)."""
    found = TargetStep.objects.filter(indicator=indicator, end=period.end).first()
    before = str(found.value) if found else None
    TargetStep.objects.update_or_create(
        indicator=indicator,
        end=period.end,
        defaults={"start": period.start, "label": period.label, "value": value},
    )
    record_event(
        obj=indicator,
        by=by,
        action="target.set",
        summary=f"Target for {period.label}: {value}",
        changes={"period": period.label, "before": before, "after": str(value)},
    )


def final_due(indicator: Indicator) -> dt.date | None:
    """When the final target is due: its date, else the end of its period."""
    if indicator.target_on is not None or not indicator.target_label:
        return indicator.target_on
    try:
        return parse_period(indicator.target_label).end
    except PeriodError:
        return None


def steps_of(indicator: Indicator, targets: list[TargetStep] | None = None) -> list[rules.Step]:
    """The trajectory as rule steps, ending with the final target when it has a date."""
    rows = targets if targets is not None else list(indicator.steps.all())
    steps = [rules.Step(row.end, row.value, row.label) for row in rows]
    due = final_due(indicator)
    if indicator.target is not None and due is not None:
        if all(step.end != due for step in steps):
            label = indicator.target_label or f"{due:%B %Y}"
            steps.append(rules.Step(due, indicator.target, label))
    elif indicator.target is not None and not steps:
        steps.append(rules.Step(dt.date.max, indicator.target, indicator.target_label or "—"))
    return steps


class Reading(Protocol):
    """A figure for a period: a measurement, or a point already fetched for a page."""

    @property
    def end(self) -> dt.date: ...
    @property
    def label(self) -> str: ...
    @property
    def value(self) -> Decimal: ...


def rating(
    indicator: Indicator, measurement: Reading, steps: list[rules.Step]
) -> rules.Rating | None:
    """The RAG of a measurement against the target for its period, or None with no target."""
    step = rules.target_for(measurement.end, steps)
    if step is None:
        return None
    return rules.rate(
        actual=measurement.value,
        target=step.value,
        period=measurement.label,
        unit=indicator.unit,
        polarity=indicator.polarity,
        green_within=indicator.green_within,
        amber_within=indicator.amber_within,
    )


@dataclass(frozen=True)
class Actual:
    """One measurement to record."""

    period: Period
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""
    source: str = ""


def _label(by: Any) -> str:
    if getattr(by, "is_authenticated", False):
        return display_name(by)
    return str(by or "wsoa")


@transaction.atomic
def record_measurement(
    *, indicator: Indicator, actual: Actual, by: Any, corrects: Measurement | None = None
) -> Measurement:
    """Add a measurement (or a correction of one); open or close the indicator's exception."""
    if corrects is not None and corrects.indicator_id != indicator.pk:
        raise KpiError("That measurement belongs to another indicator.")
    user = by if getattr(by, "is_authenticated", False) else None
    row = Measurement.objects.create(
        indicator=indicator,
        label=actual.period.label,
        start=actual.period.start,
        end=actual.period.end,
        value=actual.value,
        numerator=actual.numerator,
        denominator=actual.denominator,
        note=actual.note,
        source=actual.source,
        corrects=corrects,
        entered_by=user,
        entered_label=_label(by),
    )
    verb = "Corrected" if corrects else "Recorded"
    record_event(
        obj=indicator,
        by=by,
        action="measurement.added",
        summary=f"{verb} {indicator.name} for {row.label}: {actual.value}",
        changes={
            "period": row.label,
            "after": str(actual.value),
            "before": str(corrects.value) if corrects else None,
        },
    )
    review_exception(indicator=indicator, by=by)
    return row


def latest_measurement(indicator: Indicator) -> Measurement | None:
    """The figure for the latest period: the last row recorded for it."""
    return indicator.measurements.order_by("-end", "-pk").first()


def review_exception(*, indicator: Indicator, by: Any) -> ExceptionReport | None:
    """Open an exception when the latest figure is red; close the open one when it is not."""
    latest = latest_measurement(indicator)
    found = ExceptionReport.objects.open().filter(indicator=indicator).first()
    rated = rating(indicator, latest, steps_of(indicator)) if latest else None
    if latest is not None and rated is not None and rated.rag == "red":
        if found is None:
            found = ExceptionReport.objects.create(
                indicator=indicator, measurement=latest, reason=rated.reason
            )
            record_event(
                obj=indicator,
                by=by,
                action="exception.opened",
                summary=f"Exception opened: {rated.reason}",
            )
        return found
    if found is not None:
        found.closed_at = timezone.now()
        found.closed_reason = rated.reason if rated else "No target applies any more."
        found.save(update_fields=["closed_at", "closed_reason"])
        record_event(
            obj=indicator,
            by=by,
            action="exception.closed",
            summary=f"Exception closed: {found.closed_reason}",
        )
    return None


@transaction.atomic
def answer_exception(
    *, exception: ExceptionReport, cause: str, action: str, recovery_on: dt.date | None, by: Any
) -> ExceptionReport:
    """Record the owner's commentary on a red indicator: cause, action, expected recovery."""
    if exception.closed_at is not None:
        raise KpiError("This exception is closed: the indicator is no longer red.")
    before = {
        "cause": exception.cause,
        "action": exception.action,
        "recovery_on": str(exception.recovery_on) if exception.recovery_on else None,
    }
    exception.cause, exception.action, exception.recovery_on = cause, action, recovery_on
    exception.answered_by, exception.answered_at = by, timezone.now()
    exception.save()
    after = {"cause": cause, "action": action, "recovery_on": str(recovery_on or "") or None}
    record_event(
        obj=exception.indicator,
        by=by,
        action="exception.answered",
        summary=f"Exception commentary for {exception.indicator.name}",
        changes={"before": before, "after": after},
    )
    return exception
