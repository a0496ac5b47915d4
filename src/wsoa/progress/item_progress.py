"""The item page's progress part, bounded: the latest updates and changes, with counts.

An item reported on monthly for three years has 36 updates and well over a hundred recorded
changes; the item page shows the latest `LATEST` of each with how many there are, and links to
the full lists, a page at a time (issue 16 §3). The number of queries does not grow with either.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from wsoa.core.models import AuditEvent
from wsoa.core.paging import page_links
from wsoa.core.people import display_name
from wsoa.plans.caching import ContentVersion, cached_rows
from wsoa.plans.models import Item, Milestone
from wsoa.plans.presenters.item import known_empty
from wsoa.progress.models import (
    Comment,
    Evidence,
    Outcome,
    PlanSettings,
    ProgressUpdate,
    RagDecision,
    ReportingPeriod,
)
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

    @property
    def history_caption(self) -> str:
        if self.more_history:
            return (
                f"The latest {len(self.history)} of {self.history_count} recorded changes to "
                "this item, newest first"
            )
        return "Every recorded change to this item, newest first"


def changes_caption(found: Page) -> str:
    """The caption of a page of the item's full history of changes."""
    pages = found.paginator.num_pages
    where = f": page {found.number} of {pages}" if pages > 1 else ""
    return f"Every recorded change to this item ({found.paginator.count}), newest first{where}"


def item_updates(item: Item, *, with_decisions: bool = True) -> QuerySet[ProgressUpdate]:
    """The item's updates, newest first, with what each one's card shows (its decision too,
    unless the caller reads the item's decisions itself)."""
    parts: list[str | Prefetch] = [
        "evidence",
        Prefetch("milestone", Milestone.objects.only("text")),
        Prefetch("corrects", ProgressUpdate.objects.only("created_at")),
    ]
    if with_decisions:
        parts.append(Prefetch("decision", RagDecision.objects.select_related("decided_by")))
    return (
        ProgressUpdate.objects.filter(item=item)
        # Joined, the seven tables cost PostgreSQL more to plan than to read: the parts an
        # update may lack come by id in a small query each (none when no update has them).
        .select_related("author", "period")
        .prefetch_related(*parts)
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class ItemFacts:
    """How many updates and recorded changes the item has, and whether any evidence or comment."""

    updates: int
    changes: int
    evidence: bool
    comments: bool


def item_facts(item: Item) -> ItemFacts:
    """Read the item's counts and which of its parts have rows, in one query."""
    quote = connection.ops.quote_name
    updates, audit = ProgressUpdate._meta.db_table, AuditEvent._meta.db_table
    evidence, comments = Evidence._meta.db_table, Comment._meta.db_table
    # Table names come from the models; the values are parameters.
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {quote(updates)} WHERE item_id = %s), "  # noqa: S608
        f"(SELECT COUNT(*) FROM {quote(audit)} WHERE object_type = %s AND object_id = %s), "
        f"EXISTS (SELECT 1 FROM {quote(evidence)} e INNER JOIN {quote(updates)} u "
        "ON u.id = e.update_id WHERE u.item_id = %s), "
        f"EXISTS (SELECT 1 FROM {quote(comments)} WHERE item_id = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [item.pk, ITEM, item.pk, item.pk, item.pk])
        update_count, change_count, has_evidence, has_comments = cursor.fetchone()
    return ItemFacts(update_count, change_count, bool(has_evidence), bool(has_comments))


def _latest_updates(item: Item, facts: ItemFacts) -> list[ProgressUpdate]:
    """The item's latest updates, one more than shown, with what their cards show but their
    decisions; a part no update has is not read (no evidence, no milestone, no correction)."""
    updates = list(
        ProgressUpdate.objects.filter(item=item)
        .select_related("author", "period")
        .order_by("-created_at", "-id")[: LATEST + 1]
    )
    shown = updates[:LATEST]
    parts: list[str | Prefetch] = ["evidence"] if facts.evidence else []
    if any(u.milestone_id for u in shown):
        parts.append(Prefetch("milestone", Milestone.objects.only("text")))
    if any(u.corrects_id for u in shown):
        parts.append(Prefetch("corrects", ProgressUpdate.objects.only("created_at")))
    prefetch_related_objects(shown, *parts)
    if not facts.evidence:
        known_empty(shown, "evidence")
    return updates


def _decisions(item: Item) -> list[tuple[RagDecision, dt.datetime]]:
    """Every decision on the item, oldest first, with when its update was posted: read as
    plain values (a third of an item's updates are decided) and built into instances with
    what the page shows of them, their decider's names too."""
    user = get_user_model()
    rows = (
        RagDecision.objects.filter(item=item)
        .order_by("decided_at", "id")
        .values_list(
            "id",
            "update_id",
            "outcome",
            "decided_at",
            "rag",
            "reason",
            "decided_by_id",
            f"decided_by__{user.USERNAME_FIELD}",
            "decided_by__first_name",
            "decided_by__last_name",
            "update__created_at",
        )
    )
    found = []
    for pk, update_id, outcome, at, rag, reason, by_id, name, first, last, posted in rows:
        by = user(pk=by_id, **{user.USERNAME_FIELD: name}, first_name=first, last_name=last)
        decision = RagDecision(
            pk=pk,
            item_id=item.pk,
            update_id=update_id,
            outcome=outcome,
            decided_at=at,
            rag=rag,
            reason=reason,
            decided_by=by,
        )
        found.append((decision, posted))
    return found


def item_history(item: Item) -> QuerySet[AuditEvent]:
    """The item's recorded changes, newest first."""
    return AuditEvent.objects.filter(object_type=ITEM, object_id=item.pk).order_by("-at", "-id")


def item_progress(
    item: Item,
    today: dt.date,
    *,
    cycle: PlanSettings | None = None,
    periods: list[ReportingPeriod] | None = None,
) -> LatestProgress:
    """Return the item's latest updates and changes, its ratings over time, comments and flags.

    The plan's `cycle` settings and `periods` are read here unless the caller has them."""
    plan = item.plan
    cycle = cycle or PlanSettings.objects.for_plan(plan)
    periods = list(plan.periods.all()) if periods is None else periods
    facts = item_facts(item)
    # One more than shown says whether there are more; their decisions come with the timeline's.
    updates = _latest_updates(item, facts)
    last_day = updates[0].created_at.date() if updates else None  # newest first
    update_count = len(updates) if len(updates) <= LATEST else facts.updates
    updates = updates[:LATEST]
    every = _decisions(item)
    by_update = {d.update_id: d for d, _ in every}
    for update in updates:  # as prefetching `decision` would: None when not decided
        ProgressUpdate.decision.related.set_cached_value(update, by_update.get(update.pk))
    timeline = [
        TimelineEntry(
            day=d.decided_at.date(),
            rag=d.rag,
            text=d.reason or f"Confirmed from the update of {posted:%-d %B %Y}",
            who=display_name(d.decided_by),
        )
        for d, posted in every
        if d.outcome == Outcome.CONFIRMED
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
        comments=list(Comment.objects.filter(item=item).select_related("author"))
        if facts.comments
        else [],
        history=history[:LATEST],
        period=current_period(periods, today),
        update_count=update_count,
        history_count=len(history) if len(history) <= LATEST else facts.changes,
    )


def item_progress_in(version: ContentVersion, item: Item, today: dt.date) -> LatestProgress:
    """The item's progress, with the plan's cycle settings and periods kept under the plan's
    version (plans.caching): every change to them is audited and changes the version."""
    plan = item.plan
    saved = cached_rows(version, "cycle", PlanSettings.objects.filter(plan=plan))
    cycle = saved[0] if saved else PlanSettings(plan=plan)  # the defaults, as for_plan gives
    periods = cached_rows(version, "periods", plan.periods.all())
    return item_progress(item, today, cycle=cycle, periods=periods)


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


class ListPage(Page):
    """A page of a full list that knows which page numbers to link."""

    @property
    def links(self) -> list[int | None]:
        return page_links(self.number, self.paginator.num_pages)


class ListPaginator(Paginator):
    def _get_page(self, *args: Any, **kwargs: Any) -> ListPage:
        return ListPage(*args, **kwargs)


def page_of(rows: QuerySet, number: str | None) -> Page:
    """One page of a full list, the last page for a number past the end."""
    return ListPaginator(rows, PER_PAGE).get_page(number)
