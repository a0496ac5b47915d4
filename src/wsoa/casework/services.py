"""Changes to cases, each in one transaction with its `CaseEvent`s: import, read, erase, purge.

Audit rows name the case by its reference and list the names of changed fields, never their
values, so the audit holds no personal data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from wsoa.casework import clock
from wsoa.casework.extracts import CaseRow, Reading
from wsoa.casework.models import (
    AdviceRequest,
    Case,
    CaseAction,
    CaseEvent,
    CaseException,
    ExtractUpload,
)
from wsoa.core.models import LocalArea

UPLOAD_KEPT = dt.timedelta(days=1)  # an extract left on the import preview
MADE_UP_REF = "-MADEUP-"  # in every made-up case reference (`synthetic`)


class CaseworkError(Exception):
    """A change that cannot be made; the message says why, in plain words."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def line(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def _who(by: Any) -> tuple[Any, str]:
    user = by if getattr(by, "is_authenticated", False) else None
    label = user.get_username() if user else (by if isinstance(by, str) and by else "system")
    return user, str(label)[:200]


def _event(area: LocalArea, case: Case | None, action: str, by: Any, **extra: Any) -> CaseEvent:
    user, label = _who(by)
    return CaseEvent(
        area=area,
        case=case,
        case_ref=case.case_ref if case else extra.pop("case_ref", ""),
        actor=user,
        actor_label=label,
        action=action,
        **extra,
    )


def choices_key(area: LocalArea) -> str:
    """The cache key of the area's worklist filter choices (caseworkers, teams)."""
    return f"casework:worklist-choices:{area.pk}"


def record_read(*, case: Case, by: Any) -> None:
    """Audit that someone read the case (its page), as every read of a case is."""
    _event(case.area, case, CaseAction.READ, by).save()


@transaction.atomic
def import_cases(*, area: LocalArea, reading: Reading, by: Any, today: dt.date) -> ImportResult:
    """Create or update the area's cases from a checked reading, by case reference."""
    if reading.errors:
        raise CaseworkError("The file has errors: nothing was imported.")
    refs = [row.values["case_ref"] for row in reading.rows]
    existing = {
        case.case_ref: case
        for case in Case.objects.for_area(area)
        .filter(case_ref__in=refs)
        .prefetch_related("exceptions", "advice")
    }
    result, events, touched = ImportResult(), [], []
    for row in reading.rows:
        case = existing.get(row.values["case_ref"])
        changed = _apply(area, case, row, reading.mapped)
        if case is None:
            result.created += 1
            events.append(_event(area, changed[0], CaseAction.CREATE, by, fields=changed[1]))
        elif changed[1]:
            result.updated += 1
            events.append(_event(area, changed[0], CaseAction.UPDATE, by, fields=changed[1]))
        else:
            result.unchanged += 1
            continue
        touched.append(changed[0].pk)
    refresh_next_due(Case.objects.filter(pk__in=touched), today)
    CaseEvent.objects.bulk_create(events)
    transaction.on_commit(lambda: cache.delete(choices_key(area)))
    _event(area, None, CaseAction.IMPORT, by, count=len(reading.rows)).save()
    return result


def _apply(
    area: LocalArea, case: Case | None, row: CaseRow, mapped: set[str]
) -> tuple[Case, list[str]]:
    """Write one row onto its case (new or existing); return the case and what changed."""
    is_new = case is None
    # an extract of `synthetic` cases ("…-MADEUP-000042") is made up: the pages will say so
    case = case or Case(area=area, made_up=MADE_UP_REF in row.values["case_ref"])
    changed = [name for name, value in row.values.items() if getattr(case, name) != value]
    for name in changed:
        setattr(case, name, row.values[name])
    if is_new or changed:
        case.save()
    if "exception" in mapped and _exceptions_differ(case, row, is_new):
        CaseException.objects.filter(case=case).delete()
        if row.exception:
            reason, start, end = row.exception
            CaseException.objects.create(case=case, reason=reason, start=start, end=end)
        changed.append("exception")
    changed += _apply_advice(case, row, is_new)
    return case, sorted(set(changed))


def _exceptions_differ(case: Case, row: CaseRow, is_new: bool) -> bool:
    have = set() if is_new else {(e.reason, e.start, e.end) for e in case.exceptions.all()}
    return have != ({row.exception} if row.exception else set())


def _apply_advice(case: Case, row: CaseRow, is_new: bool) -> list[str]:
    have = {} if is_new else {a.service: a for a in case.advice.all()}
    changed = []
    for service, (requested, received) in row.advice.items():
        found = have.get(service)
        if found is None and (requested or received):
            AdviceRequest.objects.create(
                case=case,
                area_id=case.area_id,
                service=service,
                requested=requested,
                received=received,
            )
        elif found is not None and (found.requested, found.received) != (requested, received):
            found.requested, found.received = requested, received
            found.save(update_fields=["requested", "received"])
        else:
            continue
        changed.append(f"advice_{service}")
    return changed


def refresh_next_due(cases: Any, today: dt.date) -> None:
    """Keep each case's earliest open step (the worklist's order) and whether an exception
    applied to its 20-week limit (the SEN2 figures), as the clock says."""
    rows = list(cases.prefetch_related("exceptions", "advice", "reviews"))
    for case in rows:
        facts = case.facts()
        step = clock.next_deadline(facts, today)
        case.has_exception = clock.has_exception(facts)
        case.next_due = step.due if step else None
        case.next_step = step.key[:60] if step else ""
    Case.objects.bulk_update(rows, ["next_due", "next_step", "has_exception"], batch_size=500)


@transaction.atomic
def erase_case(*, area: LocalArea, case_ref: str, by: Any) -> None:
    """Erase one case on request (its advice, exceptions and reviews too), audited."""
    case = Case.objects.for_area(area).filter(case_ref=case_ref).first()
    if case is None:
        raise CaseworkError(f"{area.name} has no case {case_ref}: nothing was erased.")
    _event(area, None, CaseAction.ERASE, by, case_ref=case_ref, count=1).save()
    _delete_advice_files_on_commit(Case.objects.filter(pk=case.pk))
    case.delete()


def _delete_advice_files_on_commit(cases: Any) -> None:
    """The advice documents of `cases` leave the store once their rows are gone for good."""
    from django.core.files.storage import default_storage

    from wsoa.casework.models import AdviceSubmission

    names = [
        name
        for name in AdviceSubmission.objects.filter(advice__case__in=cases)
        .exclude(document="")
        .values_list("document", flat=True)
        if name
    ]

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(delete)


@transaction.atomic
def purge_closed(*, retention_days: int, by: Any, today: dt.date | None = None) -> dict[str, int]:
    """Delete closed cases closed more than `retention_days` ago, in every area.

    Each area gets one audit row with how many were deleted, when and by whom; no reference or
    personal data of the deleted cases is kept. Extracts left on the import preview for more
    than a day are deleted too.
    """
    if retention_days < 0:
        raise CaseworkError("The retention period cannot be negative.")
    # Extracts left on the import preview hold personal data too: gone after a day.
    ExtractUpload.objects.filter(created_at__lt=timezone.now() - UPLOAD_KEPT).delete()
    cutoff = (today or timezone.localdate()) - dt.timedelta(days=retention_days)
    old = Case.objects.filter(closed_on__isnull=False, closed_on__lt=cutoff)
    counts: dict[str, int] = {}
    for area in LocalArea.objects.filter(ehc_cases__in=old).distinct():
        mine = old.filter(area=area)
        counts[area.name] = mine.count()
        _event(area, None, CaseAction.PURGE, by, count=counts[area.name]).save()
        _delete_advice_files_on_commit(mine)
        mine.delete()
    return counts
