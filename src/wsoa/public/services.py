"""Changes to what a plan shows the public. Each is one transaction with an audit row.

Views check permissions first (managers publish; any member drafts "you said, we did").
These functions check that everything given belongs to the plan, and refuse anything else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from wsoa.core.audit import record_event
from wsoa.plans.models import Finding, Item, Plan
from wsoa.progress.models import ProgressUpdate
from wsoa.public.content import choice_for, draft_content, indicators_of
from wsoa.public.models import FindingSummary, PublishedSnapshot, YouSaid


class PublishError(Exception):
    """A change that cannot be made; the message says why, in plain words."""


@dataclass
class SummaryIn:
    summary: str
    done: str
    next: str
    is_published: bool


@dataclass
class YouSaidIn:
    said: str
    source: str
    said_on: dt.date
    did: str
    items: list[Item]


@transaction.atomic
def save_summary(*, finding: Finding, by: Any, data: SummaryIn) -> FindingSummary:
    """Save the plain-English summary of an area of weakness, and whether it is published."""
    if data.is_published and not data.summary.strip():
        raise PublishError("Write a summary before choosing to publish it.")
    found, _ = FindingSummary.objects.select_for_update().get_or_create(finding=finding)
    found.summary, found.done = data.summary.strip(), data.done.strip()
    found.next = data.next.strip()
    found.is_published = data.is_published
    found.save()
    state = "published" if data.is_published else "not published"
    label = finding.code or f"finding {finding.position}"
    record_event(
        obj=finding.plan,
        by=by,
        action="finding_summary.saved",
        summary=f"Public summary of {label} saved ({state})",
    )
    return found


@transaction.atomic
def choose_public(
    *, plan: Plan, by: Any, items: Iterable[int], indicators: Iterable[int], updates: Iterable[int]
) -> None:
    """Set which items, indicators and update commentary the plan publishes."""
    item_ids = set(Item.objects.filter(plan=plan, pk__in=list(items)).values_list("pk", flat=True))
    indicator_ids = set(
        indicators_of(plan).filter(pk__in=list(indicators)).values_list("pk", flat=True)
    )
    update_ids = set(
        ProgressUpdate.objects.filter(item__plan=plan, pk__in=list(updates)).values_list(
            "pk", flat=True
        )
    )
    choice = choice_for(plan)
    choice.items.set(item_ids)
    choice.indicators.set(indicator_ids)
    choice.updates.set(update_ids)
    choice.save()
    record_event(
        obj=plan,
        by=by,
        action="public_choice.saved",
        summary=f"Public choices saved: {len(item_ids)} items, {len(indicator_ids)} indicators, "
        f"{len(update_ids)} updates' commentary",
        changes={
            "items": sorted(item_ids),
            "indicators": sorted(indicator_ids),
            "updates": sorted(update_ids),
        },
    )


def _check(plan: Plan, data: YouSaidIn) -> None:
    if not (data.said.strip() and data.did.strip() and data.source.strip()):
        raise PublishError("Enter what was said, who said it and what was done.")
    if any(item.plan_id != plan.pk for item in data.items):
        raise PublishError("Every item changed must belong to this plan.")


@transaction.atomic
def save_you_said(*, plan: Plan, by: Any, data: YouSaidIn, entry: YouSaid | None = None) -> YouSaid:
    """Add or change a "you said, we did" entry; approving it to publish is a separate step.

    A change to an entry a manager approved waits for a manager to approve it again: until
    then, publishing shows the text they approved (`YouSaid.approved`).
    """
    _check(plan, data)
    if entry is not None and entry.plan_id != plan.pk:
        raise PublishError("That entry belongs to another plan.")
    entry = entry or YouSaid(plan=plan, created_by=by)
    added = entry.pk is None
    before = {} if added else entry.draft()
    entry.said, entry.source, entry.did = data.said.strip(), data.source.strip(), data.did.strip()
    entry.said_on = data.said_on
    entry.save()
    entry.items.set(data.items)
    after = entry.draft()
    changes = {
        name: {"before": before.get(name), "after": value}
        for name, value in after.items()
        if before.get(name) != value
    }
    summary = f"“You said, we did” saved: {entry.said[:60]}"
    if changes and entry.needs_approval:
        summary = (
            f"“You said, we did” changed after it was approved; the change waits for a "
            f"manager to approve it: {entry.said[:60]}"
        )
    record_event(
        obj=plan,
        by=by,
        action="you_said.added" if added else "you_said.edited",
        summary=summary,
        changes={"entry": entry.pk, **changes},
    )
    return entry


@transaction.atomic
def set_you_said_published(*, entry: YouSaid, by: Any, is_published: bool) -> None:
    """Approve the entry's text as it is now for publishing (managers), or leave it out.

    Does nothing when the entry is already so: approved as it stands, or left out.
    """
    if is_published == entry.is_published and not entry.needs_approval:
        return
    entry.is_published = is_published
    entry.approved = entry.draft() if is_published else None
    entry.approved_by = by if is_published and getattr(by, "is_authenticated", False) else None
    entry.approved_at = timezone.now() if is_published else None
    entry.save(
        update_fields=["is_published", "approved", "approved_by", "approved_at", "changed_at"]
    )
    state = "approved to publish" if is_published else "marked not to publish"
    record_event(
        obj=entry.plan,
        by=by,
        action="you_said.approved" if is_published else "you_said.withdrawn",
        summary=f"“You said, we did” {state}: {entry.said[:60]}",
        changes={"entry": entry.pk, "approved": entry.approved},
    )


def checksum(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def publish_plan(*, plan: Plan, by: Any) -> PublishedSnapshot:
    """Publish what is chosen now as a new, dated snapshot that never changes."""
    content = draft_content(plan)
    if not (content["findings"] or content["other_items"] or content["indicators"]):
        raise PublishError(
            "Choose something to publish first: an area of weakness, an item or an indicator."
        )
    try:
        with transaction.atomic():
            latest = PublishedSnapshot.objects.filter(plan=plan).aggregate(n=Max("number"))["n"]
            snapshot = PublishedSnapshot.objects.create(
                plan=plan,
                number=(latest or 0) + 1,
                published_by=by if getattr(by, "is_authenticated", False) else None,
                content=content,
                checksum=checksum(content),
            )
            record_event(
                obj=plan,
                by=by,
                action="plan.published",
                summary=f"Public page published (version {snapshot.number})",
                changes={"snapshot": snapshot.pk, "checksum": snapshot.checksum},
            )
    except IntegrityError as error:
        raise PublishError("Someone else published at the same moment: try again.") from error
    return snapshot
