"""Changing and removing a plan's reporting periods, while nothing refers to them.

A period that an update, a reminder, a board pack or anything else points at is history's
anchor: it is kept as it is, and the page says why ("12 updates were posted for this period").
What refers to a period is found from the model's relations, so an app above this one (board
packs) is counted without being imported. Each change is one transaction and one audit row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Count, ForeignObjectRel

from wsoa.core.audit import record_event
from wsoa.plans.models import Plan
from wsoa.progress.models import ReportingPeriod
from wsoa.progress.services import CycleError

# What each kind of row says about the period it refers to: (one, many).
SAYINGS = {
    "progress.progressupdate": ("update was posted for", "updates were posted for"),
    "progress.remindersent": ("reminder was sent for", "reminders were sent for"),
    "reports.packsnapshot": ("board pack reports on", "board packs report on"),
    "reports.packjob": ("board pack was asked for on", "board packs were asked for on"),
}


def _relations() -> list[ForeignObjectRel]:
    """Every foreign key to a period, those without a reverse name (`related_name="+"`) too."""
    fields = ReportingPeriod._meta.get_fields(include_hidden=True)
    return [f for f in fields if isinstance(f, ForeignObjectRel) and f.field.concrete]


def _say(relation: ForeignObjectRel, count: int) -> str:
    model = relation.related_model._meta  # type: ignore[union-attr]
    one, many = SAYINGS.get(
        model.label_lower,
        (f"{model.verbose_name} refers to", f"{model.verbose_name_plural} refer to"),
    )
    return f"{count} {one if count == 1 else many} this period"


def references(plan: Plan) -> dict[int, list[str]]:
    """Why each of the plan's periods that something refers to must stay, in words.

    One query per kind of row that can refer to a period, however many periods.
    """
    found: dict[int, list[str]] = defaultdict(list)
    for relation in _relations():
        name = relation.field.name
        rows = relation.related_model._base_manager.filter(  # type: ignore[union-attr]
            **{f"{name}__plan": plan}
        )
        for row in rows.values(name).annotate(n=Count("pk")).order_by(name):
            found[row[name]].append(_say(relation, row["n"]))
    return dict(found)


def why_kept(period: ReportingPeriod) -> list[str]:
    """Why this period cannot be changed or removed; empty when nothing refers to it."""
    reasons = []
    for relation in _relations():
        manager = relation.related_model._base_manager  # type: ignore[union-attr]
        count = manager.filter(**{relation.field.name: period}).count()
        if count:
            reasons.append(_say(relation, count))
    return reasons


def _locked(period: ReportingPeriod) -> ReportingPeriod:
    """Lock the period's row, so nothing can start referring to it until the change is done."""
    locked = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    reasons = why_kept(locked)
    if reasons:
        raise CycleError(
            f"{locked.label} cannot be changed or removed: {'; '.join(reasons)}. "
            "Add a new period instead."
        )
    return locked


def _check(period: ReportingPeriod, label: str, start: dt.date, end: dt.date) -> None:
    if end < start:
        raise CycleError("The period must end on or after the day it starts.")
    if not label:
        raise CycleError("Enter a name for the period, for example “November 2026” or “Q3”.")
    others = ReportingPeriod.objects.filter(plan_id=period.plan_id).exclude(pk=period.pk)
    clash = others.filter(start__lte=end, end__gte=start).first()
    if clash is not None:
        raise CycleError(
            f"It would overlap “{clash.label}” ({clash.start:%d/%m/%Y}–{clash.end:%d/%m/%Y})."
        )
    if others.filter(label=label).exists():
        raise CycleError(f"There is already a period called “{label}”.")


def change_period(
    *, period: ReportingPeriod, by: Any, label: str, start: dt.date, end: dt.date
) -> ReportingPeriod:
    """Change a period's name and dates, if nothing refers to it and it overlaps no other."""
    label = label.strip()
    with transaction.atomic():
        locked = _locked(period)
        _check(locked, label, start, end)
        after = {"label": label, "start": start, "end": end}
        changes: dict[str, Any] = {
            name: {"before": _text(getattr(locked, name)), "after": _text(value)}
            for name, value in after.items()
            if getattr(locked, name) != value
        }
        if not changes:
            return locked
        for name, value in after.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(after))
        record_event(
            obj=locked.plan,
            by=by,
            action="period.changed",
            summary=f"Changed reporting period {label}",
            changes={"period": locked.pk, **changes},
        )
    return locked


def remove_period(*, period: ReportingPeriod, by: Any) -> None:
    """Delete a period nothing refers to; the audit row keeps what it was."""
    with transaction.atomic():
        locked = _locked(period)
        plan, pk = locked.plan, locked.pk
        was = {name: _text(getattr(locked, name)) for name in ("label", "start", "end")}
        locked.delete()
        record_event(
            obj=plan,
            by=by,
            action="period.removed",
            summary=f"Removed reporting period {was['label']}",
            changes={"period": pk, **{n: {"before": v, "after": None} for n, v in was.items()}},
        )


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
