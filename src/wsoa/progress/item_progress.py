"""The item page's progress part, bounded: the latest updates and changes, with counts.

An item reported on monthly for three years has 36 updates and well over a hundred recorded
changes; the item page shows the latest `LATEST` of each with how many there are, and links to
the full lists, a page at a time (issue 16 §3). The number of queries does not grow with either.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet

from wsoa.core.models import AuditEvent
from wsoa.core.people import display_name
from wsoa.plans.models import Item, Milestone
from wsoa.progress.models import Comment, Outcome, PlanSettings, ProgressUpdate, RagDecision
from wsoa.progress.presenters import (
    ItemProgress,
    TimelineEntry,
    current_period,
    item_flags,
    reports_from,
)
from wsoa.progress.services import ITEM

LATEST = 12  # updates and changes shown on the item page; the rest are a link away
PER_PAGE = 25  # on the full lists
BASELINE_SCAN = 20  # recorded rating changes read to find the rating as printed


@dataclass
class LatestProgress(ItemProgress):
    update_count: int = 0
    history_count: int = 0

    @property
    def more_updates(self) -> bool:
        return self.update_count > len(self.updates)

    @property
    def more_history(self) -> bool:
        return self.history_count > len(self.history)


def item_updates(item: Item) -> QuerySet[ProgressUpdate]:
    """The item's updates, newest first, with what each one's card shows."""
    return (
        ProgressUpdate.objects.filter(item=item)
        # Joined, the seven tables cost PostgreSQL more to plan than to read: the parts an
        # update may lack come by id in a small query each (none when no update has them).
        .select_related("author", "period")
        .prefetch_related(
            "evidence",
            Prefetch("milestone", Milestone.objects.only("text")),
            Prefetch("corrects", ProgressUpdate.objects.only("created_at")),
            Prefetch("decision", RagDecision.objects.select_related("decided_by")),
        )
        .order_by("-created_at", "-id")
    )


def item_history(item: Item) -> QuerySet[AuditEvent]:
    """The item's recorded changes, newest first."""
    return AuditEvent.objects.filter(object_type=ITEM, object_id=item.pk).order_by("-at", "-id")


def item_progress(item: Item, today: dt.date) -> LatestProgress:
    """Return the item's latest updates and changes, its ratings over time, comments and flags."""
    plan = item.plan
    cycle = PlanSettings.objects.for_plan(plan)
    periods = list(plan.periods.all())
    updates = list(item_updates(item)[: LATEST + 1])  # one more says whether there are more
    last_day = updates[0].created_at.date() if updates else None  # newest first
    update_count = len(updates) if len(updates) <= LATEST else item_updates(item).count()
    updates = updates[:LATEST]
    decisions = (
        RagDecision.objects.filter(item=item, outcome=Outcome.CONFIRMED)
        .select_related("decided_by", "update")
        .only(
            "decided_at",
            "rag",
            "reason",
            "update__created_at",
            *(f"decided_by__{name}" for name in ("username", "first_name", "last_name")),
        )
        .order_by("decided_at", "id")
    )
    timeline = [
        TimelineEntry(
            day=d.decided_at.date(),
            rag=d.rag,
            text=d.reason or f"Confirmed from the update of {d.update.created_at:%-d %B %Y}",
            who=display_name(d.decided_by),
        )
        for d in decisions
    ]
    timeline.insert(0, _baseline(item))
    history = list(item_history(item)[: LATEST + 1])
    return LatestProgress(
        cycle=cycle,
        flags=[]
        if item.withdrawn_at
        else item_flags(item, cycle, last_day, reports_from(plan, periods), today),
        updates=updates,
        pending=[u for u in updates if not _decided(u)],
        timeline=timeline,
        comments=list(Comment.objects.filter(item=item).select_related("author")),
        history=history[:LATEST],
        period=current_period(periods, today),
        update_count=update_count,
        history_count=len(history) if len(history) <= LATEST else item_history(item).count(),
    )


def item_progress_key(item: Item) -> int:
    """A digest of the item's own row, to key its cached progress part beside the plan's version.

    Changes through wsoa's services are audited and so change the version anyway; this also
    catches a row saved directly (a data fix, a test), whose flags and rating would be stale."""
    values = tuple(getattr(item, field.attname) for field in Item._meta.concrete_fields)
    return zlib.crc32(repr(values).encode())


def _baseline(item: Item) -> TimelineEntry:
    """The rating the item had before any confirmed update: as printed in the plan."""
    changes = (
        AuditEvent.objects.filter(object_type=ITEM, object_id=item.pk, changes__has_key="rag")
        .order_by("at", "id")
        .values_list("changes", flat=True)[:BASELINE_SCAN]
    )
    first = next((c["rag"] for c in changes if isinstance(c.get("rag"), dict)), None)
    return TimelineEntry(
        day=item.plan.created_at.date(),
        rag=first["before"] if first else item.rag,
        text="As printed in the plan when imported",
        who="",
    )


def _decided(update: ProgressUpdate) -> bool:
    try:
        return update.decision is not None
    except RagDecision.DoesNotExist:
        return False


def page_of(rows: QuerySet, number: str | None) -> Page:
    """One page of a full list, the last page for a number past the end."""
    return Paginator(rows, PER_PAGE).get_page(number)
