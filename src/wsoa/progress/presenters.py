"""What the progress pages show, each from a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.urls import reverse

from wsoa.core.models import AuditEvent, LocalArea
from wsoa.core.people import display_name
from wsoa.plans.models import DUE_SOON_DAYS, Item, ItemPerson, Person, Plan, owners_by_item
from wsoa.plans.presenters.rating import with_confirmation
from wsoa.plans.presenters.wording import item_label, level_names
from wsoa.progress.flags import Flag, ItemState, flags
from wsoa.progress.models import (
    Comment,
    PlanSettings,
    ProgressUpdate,
    RagDecision,
    ReminderSent,
    ReportingPeriod,
)


def reports_from(plan: Plan, periods: Iterable[ReportingPeriod]) -> dt.date | None:
    """When updates were first expected: the first period's start, else the plan's start."""
    starts = [period.start for period in periods]
    return min(starts) if starts else plan.period_start


def item_flags(
    item: Item,
    cycle: PlanSettings,
    last_update: dt.date | None,
    since: dt.date | None,
    today: dt.date,
) -> list[Flag]:
    state = ItemState(
        rag=item.rag,
        baseline_due=item.due_end,
        current_due=item.current_due,
        last_update=last_update,
        reports_from=since,
        late_milestone=next(((ms.label, ms.due) for ms in item.overdue_milestones(today)), None),
    )
    return flags(state, today, cycle.silent_after_days)


@dataclass
class TimelineEntry:
    day: dt.date
    rag: str
    text: str
    who: str


@dataclass
class ItemProgress:
    cycle: PlanSettings
    flags: list[Flag]
    updates: list[ProgressUpdate]
    pending: list[ProgressUpdate]
    timeline: list[TimelineEntry]
    comments: list[Comment]
    history: list[AuditEvent]
    period: ReportingPeriod | None


def current_period(periods: list[ReportingPeriod], today: dt.date) -> ReportingPeriod | None:
    """The period open today, else the latest closed one (periods are sorted by start)."""
    open_now = [p for p in periods if p.start <= today <= p.end]
    if open_now:
        return open_now[0]
    closed = [p for p in periods if p.end < today]
    return closed[-1] if closed else None


def owned_items(area: LocalArea, user: Any) -> QuerySet[Item]:
    """Items of the area the user leads (through a linked person) or is assigned to."""
    return Item.objects.for_area(area).current().owned_by(user)


@dataclass
class MyItem:
    item: Item
    label: str
    flags: list[Flag]
    period: ReportingPeriod | None
    updated_this_period: bool
    due_soon: bool
    url: str = ""  # the item's page


@dataclass
class MyItems:
    rows: list[MyItem]

    @property
    def needing_update(self) -> list[MyItem]:
        return [
            r for r in self.rows if r.period and not r.updated_this_period and r.item.rag != "blue"
        ]

    @property
    def due(self) -> list[MyItem]:
        return [r for r in self.rows if r.due_soon or any(f.code == "overdue" for f in r.flags)]

    @property
    def sections(self) -> list[tuple[str, list[MyItem], str, str]]:
        """The page's lists as (heading, rows, caption, when empty), rendered in one pass."""
        return [
            (
                "Needs an update this period",
                self.needing_update,
                "Items with no update yet for the current reporting period",
                "All your items have an update for this period.",
            ),
            (
                "Due soon or overdue",
                self.due,
                "Items due in the next month, or past their due date and not complete",
                "Nothing is due in the next month.",
            ),
            ("Everything you lead or are assigned", self.rows, "All your items", ""),
        ]


def my_items(area: LocalArea, user: Any, today: dt.date) -> MyItems:
    """What an owner leads, what is due, and what needs an update this period."""
    items = list(
        with_confirmation(owned_items(area, user))
        .select_related("plan__cycle")
        .prefetch_related("milestones")
        .order_by("plan_id", "position")
    )
    plan_ids = {i.plan_id for i in items}
    periods: dict[int, list[ReportingPeriod]] = defaultdict(list)
    for period in ReportingPeriod.objects.filter(plan_id__in=plan_ids).order_by("start", "id"):
        periods[period.plan_id].append(period)
    current = {plan_id: current_period(found, today) for plan_id, found in periods.items()}
    last, reported = _updates_of(items, [p.pk for p in current.values() if p])
    names: dict[int, dict[int, str]] = {}
    pages: dict[int, str] = {}  # each plan's item page URL, but for the item's id
    rows = []
    for item in items:
        if item.plan_id not in names:
            names[item.plan_id] = level_names(item.plan, [])
            pages[item.plan_id] = reverse("progress:item", args=[area.slug, item.plan_id, 0])[:-2]
        cycle = getattr(item.plan, "cycle", None) or PlanSettings(plan_id=item.plan_id)
        last_at = last.get(item.pk)
        since = reports_from(item.plan, periods.get(item.plan_id, []))
        found = item_flags(item, cycle, last_at.date() if last_at else None, since, today)
        window = (today, today + dt.timedelta(DUE_SOON_DAYS))  # as the plan's dashboard
        rows.append(
            MyItem(
                item=item,
                label=item_label(item, names[item.plan_id]),
                flags=found,
                period=current.get(item.plan_id),
                updated_this_period=item.pk in reported,
                due_soon=any(window[0] <= d <= window[1] for d in item.open_due_dates()),
                url=f"{pages[item.plan_id]}{item.pk}/",
            )
        )
    return MyItems(rows)


def _updates_of(items: list[Item], periods: list[int]) -> tuple[dict[int, Any], set[int]]:
    """Each item's latest update time, and which items have an update for these periods: one
    query for both."""
    if not items:
        return {}, set()
    found = (
        ProgressUpdate.objects.filter(item__in=items)
        .values("item_id")
        .annotate(last=Max("created_at"), now=Count("pk", filter=Q(period_id__in=periods)))
        .values_list("item_id", "last", "now")
    )
    rows = list(found)
    return {pk: last for pk, last, _ in rows}, {pk for pk, _, now in rows if now}


@dataclass
class Tally:
    name: str
    expected: int = 0
    received: int = 0
    missing: list[tuple[Item, str]] = field(default_factory=list)
    user: Any = None  # the owner's account, on a row by owner
    reminded: list[ReminderSent] = field(default_factory=list)

    @property
    def share(self) -> int:
        return round(100 * self.received / self.expected) if self.expected else 100


@dataclass
class PeriodUpdates:
    period: ReportingPeriod | None
    periods: list[ReportingPeriod]
    by_owner: list[Tally]
    by_workstream: list[Tally]
    total: Tally


NO_ACCOUNT = "No owner with an account"


def period_updates(
    plan: Plan, period: ReportingPeriod | None, periods: list[ReportingPeriod]
) -> PeriodUpdates:
    """Expected against received updates for a period, per owner and per workstream.

    The page is "Updates this period".

    Expected: every item that is not complete and has a lead or an assigned user.
    Received: such an item has at least one update for the period.
    """
    items = list(Item.objects.filter(plan=plan).current().order_by("position"))
    led = _led_ids(items)
    owners_of = owners_by_item(items)
    names = level_names(plan, items)
    by_id = {i.pk: i for i in items}
    received = (
        set(ProgressUpdate.objects.filter(period=period).values_list("item_id", flat=True))
        if period
        else set()
    )
    owners: dict[Any, Tally] = {}
    streams: dict[int, Tally] = {}
    total = Tally("All items")
    for item in items:
        users = owners_of.get(item.pk, set())
        if item.rag == "blue" or not (item.pk in led or users):
            continue
        label = item_label(item, names)
        top = _top(item, by_id)
        stream = streams.setdefault(top.pk, Tally(item_label(top, names)))
        got = item.pk in received
        for tally in [total, stream, *_owner_tallies(owners, users)]:
            tally.expected += 1
            tally.received += got
            if not got:
                tally.missing.append((item, label))
    ordered = sorted(owners.values(), key=lambda t: (t.user is None, t.name.lower()))
    return PeriodUpdates(period, periods, ordered, list(streams.values()), total)


def _led_ids(items: list[Item]) -> set[int]:
    """The items with a lead, by their ids (an index scan; an EXISTS per item made PostgreSQL
    hash every lead of every plan in the database)."""
    leads = ItemPerson.objects.filter(item_id__in=[i.pk for i in items], part=ItemPerson.Part.LEAD)
    return set(leads.values_list("item_id", flat=True))


def _owner_tallies(owners: dict[Any, Tally], users: set[Any]) -> list[Tally]:
    """The rows by owner an item counts in: each owner's account, else "no owner"."""
    if not users:
        return [owners.setdefault(None, Tally(NO_ACCOUNT))]
    return [owners.setdefault(u.pk, Tally(display_name(u), user=u)) for u in users]


def with_reminders(found: PeriodUpdates) -> PeriodUpdates:
    """Add to each owner's row the reminders and chasers sent for the period (one query)."""
    ids = [t.user.pk for t in found.by_owner if t.user is not None]
    if found.period is None or not ids:
        return found
    sent = defaultdict(list)
    for row in ReminderSent.objects.filter(period=found.period, user_id__in=ids).order_by(
        "sent_at"
    ):
        sent[row.user_id].append(row)
    for tally in found.by_owner:
        tally.reminded = sent[tally.user.pk] if tally.user is not None else []
    return found


def unlinked_leads(plan: Plan, found: PeriodUpdates) -> list[tuple[Person, list[str]]]:
    """The plan's people who lead items no account owns, missing for the period: to link."""
    missing = {
        item.pk: label for t in found.by_owner if t.user is None for item, label in t.missing
    }
    leads = (
        ItemPerson.objects.filter(
            item_id__in=missing,
            part=ItemPerson.Part.LEAD,
            person__isnull=False,
            person__user__isnull=True,
        )
        .select_related("person")
        .order_by("person__name", "item__position")
    )
    people: dict[int, tuple[Person, list[str]]] = {}
    for lead in leads:
        if lead.person is not None:
            people.setdefault(lead.person.pk, (lead.person, []))[1].append(missing[lead.item_id])
    return list(people.values())


def _top(item: Item, by_id: dict[int, Item]) -> Item:
    seen = set()
    while item.parent_id and item.parent_id in by_id and item.pk not in seen:
        seen.add(item.pk)
        item = by_id[item.parent_id]
    return item


def awaiting_review(plan: Plan) -> QuerySet[ProgressUpdate]:
    """The plan's updates still waiting for a decision: what "Ratings to review" lists."""
    decided = RagDecision.objects.filter(update=OuterRef("pk"))
    return ProgressUpdate.objects.filter(item__plan=plan).filter(~Exists(decided))  # anti join
