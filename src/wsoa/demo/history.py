"""A plausible recent history for a demo plan, generated from the plan itself.

Each month the items' owners post updates that name the action (some with evidence), the plan
manager confirms most ratings a few days later and returns a few, and some items slip to a
revised date. The current month's updates wait for review. Everything goes through the
progress services, written as of the day it happened (`demo.clock`), so audit rows and
timestamps read as in real use. Random choices are seeded by the area's name: the same plan
and the same today give the same history.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wsoa.demo.clock import clock_at, moment
from wsoa.demo.people import manager_account, owner_accounts
from wsoa.demo.shifting import add_months
from wsoa.plans.models import Item, ItemPerson, Milestone, Plan, owners_by_item
from wsoa.plans.rag import Rag
from wsoa.progress import services
from wsoa.progress.models import Outcome, ReportingPeriod

MONTHS_OF_HISTORY = 4
MORE_MILESTONES = 3  # updates an owner posts in a period for further milestones due in it
UPDATE_CHANCE, CURRENT_CHANCE, RETURN_CHANCE, EVIDENCE_CHANCE = 0.8, 0.5, 0.08, 0.3
RETURN_REASONS = [
    "Please say what evidence shows this is complete: attach the signed-off document or link.",
    "The commentary describes activity, not progress against the action: say what has changed.",
    "Amber needs a recovery date: add the revised date you expect to finish by.",
]
EVIDENCE = [
    "Minutes of the SEND partnership meeting",
    "Draft procedure for consultation",
    "Training attendance record",
    "Quality assurance audit summary",
    "Parent carer forum feedback summary",
]


@dataclass
class State:
    """What the history knows of an item as it goes: its confirmed rating and due date."""

    rag: str
    due: dt.date | None


@dataclass
class Summary:
    updates: int = 0
    confirmed: int = 0
    returned: int = 0
    awaiting: int = 0
    slipped: int = 0
    days: list[dt.date] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.updates} updates ({self.confirmed} confirmed, {self.returned} returned, "
            f"{self.awaiting} awaiting review), {self.slipped} slipped to a revised date"
        )


def reportable_items(plan: Plan) -> list[Item]:
    """The items owners report on, as "Updates this period" expects them: the current items
    with no items under them, and every current item with a lead (parents too)."""
    parents = set(Item.objects.filter(plan=plan).values_list("parent_id", flat=True))
    led = set(
        ItemPerson.objects.filter(item__plan=plan, part=ItemPerson.Part.LEAD).values_list(
            "item_id", flat=True
        )
    )
    items = (
        Item.objects.filter(plan=plan)
        .current()
        .select_related("plan__area")
        .prefetch_related("milestones")
    )
    return [item for item in items.order_by("position") if item.pk not in parents or item.pk in led]


def _nothing(day: dt.date) -> None:
    return None


def write_history(
    plan: Plan, today: dt.date, before: Callable[[dt.date], None] = _nothing
) -> Summary:
    """Write the plan's recent months of updates and decisions, once; return what was written.

    `before(day)` is called as each period begins, so what happened between periods (the
    board's meetings) can be written in its place in time.
    """
    summary = Summary()
    if plan.items.filter(updates__isnull=False).exists():
        return summary
    rng = random.Random(f"history:{plan.area.name}")  # noqa: S311 — demo data, not security
    periods = list(plan.periods.filter(start__lte=today).order_by("start"))
    past = [p for p in periods if p.end < today][-MONTHS_OF_HISTORY:]
    current = [p for p in periods if p.contains(today)]
    if not past and not current:
        return summary
    first_day = (past or current)[0].start
    _met_before(plan, first_day)
    items = reportable_items(plan)
    owners = _owners(plan, items, rng, first_day)
    state = {item.pk: State(item.rag, item.due) for item in items}
    manager = manager_account(plan.area)
    for period in past:
        before(period.start)
        for item in items:
            if state[item.pk].rag != Rag.BLUE and rng.random() < UPDATE_CHANCE:
                _month(item, owners[item.pk], manager, period, today, state, rng, summary)
                # Stockton-like plans rate each milestone: one update for each met this period
                for _ in range(MORE_MILESTONES):
                    done = _milestone_due(item, period)
                    if done is None or state[item.pk].rag == Rag.BLUE or rng.random() < 0.2:
                        break
                    _month(item, owners[item.pk], manager, period, today, state, rng, summary)
    for period in current:
        before(period.start)
        for item in items:
            if state[item.pk].rag != Rag.BLUE and rng.random() < CURRENT_CHANCE:
                _post(item, owners[item.pk], period, today, state, rng, summary)
                summary.awaiting += 1
    return summary


def _met_before(plan: Plan, day: dt.date) -> None:
    """The milestones due before the history begins were met then: the plan's state when the area
    started reporting in wsoa (as its printed statuses are), so only milestones of the months of
    history can be late, and each of those is completed through a confirmed update."""
    Milestone.objects.filter(item__plan=plan, completed_on__isnull=True, due_end__lt=day).exclude(
        rag=Rag.BLUE
    ).update(rag=Rag.BLUE)


def _milestone_due(item: Item, period: ReportingPeriod) -> Milestone | None:
    """The item's earliest milestone not complete that falls due by the end of the period."""
    due = [m for m in item.milestones.all() if not m.is_complete and m.due and m.due <= period.end]
    return min(due, key=lambda m: (m.due, m.position)) if due else None


def _owners(plan: Plan, items: list[Item], rng: random.Random, day: dt.date) -> dict[int, Any]:
    """Each item's reporting owner: its lead's account, else a demo owner it is assigned to."""
    accounts = owner_accounts(plan.area)
    manager = manager_account(plan.area)
    known = owners_by_item(items)
    owners = {}
    with clock_at(moment(day)):
        for item in items:
            found = sorted(known.get(item.pk, ()), key=lambda user: user.pk)
            if found:
                owners[item.pk] = found[0]
                continue
            owners[item.pk] = rng.choice(accounts)
            services.assign(item=item, user=owners[item.pk], by=manager)
    return owners


def _month(
    item: Item,
    author: Any,
    manager: Any,
    period: ReportingPeriod,
    today: dt.date,
    state: dict[int, State],
    rng: random.Random,
    summary: Summary,
) -> None:
    """One owner's update for the period, and the manager's decision on it."""
    update, posted = _post(item, author, period, today, state, rng, summary)
    decided_on = min(posted + dt.timedelta(days=rng.randint(2, 6)), today - dt.timedelta(days=1))
    returned = rng.random() < RETURN_CHANCE
    with clock_at(moment(decided_on, rng.randint(0, 420))):
        services.decide(
            update=update,
            by=manager,
            outcome=Outcome.RETURNED if returned else Outcome.CONFIRMED,
            reason=rng.choice(RETURN_REASONS) if returned else "",
        )
    if returned:
        summary.returned += 1
        return
    summary.confirmed += 1
    if update.milestone is not None and update.milestone_complete:  # as the decision recorded
        update.milestone.completed_on, update.milestone.rag = decided_on, Rag.BLUE
    state[item.pk].rag = update.proposed_rag
    if update.revised_due is not None:
        state[item.pk].due = update.revised_due
        summary.slipped += 1


def _post(
    item: Item,
    author: Any,
    period: ReportingPeriod,
    today: dt.date,
    state: dict[int, State],
    rng: random.Random,
    summary: Summary,
) -> tuple[Any, dt.date]:
    """Post the owner's update on a working day of the period, before today."""
    last = min(period.end, today - dt.timedelta(days=1))
    posted = min(period.start + dt.timedelta(days=rng.randint(3, 20)), last)
    rag, revised = _proposal(state[item.pk], period, rng)
    evidence = _evidence(item, rng)
    milestone = _milestone_due(item, period) if revised is None else None
    data = services.UpdateIn(
        commentary=commentary(item, rag, revised, rng, evidence=bool(evidence)),
        proposed_rag=rag,
        period=period,
        milestone=milestone,
        milestone_complete=milestone is not None and rag in (Rag.BLUE, Rag.GREEN),
        revised_due=revised,
        evidence=evidence,
    )
    with clock_at(moment(posted, rng.randint(0, 420))):
        update = services.post_update(item=item, author=author, data=data)
    summary.updates += 1
    return update, posted


def _proposal(
    state: State, period: ReportingPeriod, rng: random.Random
) -> tuple[str, dt.date | None]:
    """The rating an owner would propose this month, and a revised date when it slips."""
    roll = rng.random()
    if state.due is not None and state.due <= period.end:
        if roll < 0.75:
            return Rag.BLUE, None
        if roll < 0.92:
            return Rag.AMBER, add_months(state.due, rng.randint(2, 4))
        return Rag.RED, None
    if roll < 0.7:
        return Rag.GREEN, None
    return (Rag.AMBER, None) if roll < 0.95 else (Rag.RED, None)


OPENINGS: dict[str, list[str]] = {
    Rag.BLUE: ["Completed: {what}.", "Done and signed off: {what}."],
    Rag.GREEN: ["On track: {what}.", "Good progress this month on {what}."],
    Rag.AMBER: ["Some delay on {what}.", "At risk: {what}."],
    Rag.RED: ["Off track: {what}.", "Not started as planned: {what}."],
}
DETAILS: dict[str, list[str]] = {
    Rag.BLUE: [
        "Signed off at the SEND partnership meeting.",
        "Now part of business as usual; we will check the impact at the next quarterly review.",
    ],
    Rag.GREEN: [
        "Partners met this month and agreed the next steps.",
        "The draft was shared with the parent carer forum for comment.",
        "Training sessions are booked and the first cohort has attended.",
    ],
    Rag.AMBER: [
        "Capacity in the team has been stretched by vacancies.",
        "We are waiting for partners to agree the approach.",
    ],
    Rag.RED: [
        "The lead officer post is vacant; escalated to the board.",
        "Funding is not yet agreed; a paper goes to the next board.",
    ],
}


def commentary(
    item: Item, rag: str, revised: dt.date | None, rng: random.Random, *, evidence: bool = False
) -> str:
    """An update's commentary that names the action, in an owner's words; it mentions evidence
    only when the update has some attached."""
    what = f"{item.level or 'item'} {item.number.rstrip(').')}".strip()
    title = item.title.split("\n")[0].strip()
    short = title if len(title) <= 90 else title[:87].rsplit(" ", 1)[0] + "…"
    opening = rng.choice(OPENINGS[rag]).format(what=f"{what} ({short})")
    text = f"{opening} {rng.choice(DETAILS[rag])}"
    if revised is not None:
        text += f" We propose a revised date of {revised:%-d %B %Y}."
    if evidence:
        text += " The evidence is attached."
    return text


def _evidence(item: Item, rng: random.Random) -> list[services.EvidenceIn]:
    if rng.random() >= EVIDENCE_CHANCE:
        return []
    title = rng.choice(EVIDENCE)
    slug = title.lower().replace(" ", "-")
    url = f"https://documents.example.org/send/{item.plan.area.slug}/{item.position}/{slug}"
    return [services.EvidenceIn(title=title, url=url)]
