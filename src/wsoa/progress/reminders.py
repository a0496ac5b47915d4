"""Reminders before a reporting period closes and chasers after: one digest per owner.

`wsoa remind` runs this from a scheduler (cron or a systemd timer), as often as wanted.
Each (owner, period, kind) is claimed with a unique row before its mail is sent, inside one
transaction per owner: running twice, or on two servers at once, sends nothing twice; a mail
that fails to send leaves no claim, so the next run tries again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from wsoa.core.audit import record_event
from wsoa.core.people import display_name
from wsoa.plans.models import Item, Plan, owners_by_item
from wsoa.plans.presenters.wording import item_label, level_names
from wsoa.progress.models import (
    PlanSettings,
    ProgressUpdate,
    ReminderKind,
    ReminderSent,
    ReportingPeriod,
)


@dataclass
class Due:
    """Items of one plan an owner has not updated for one period, and which kind of mail."""

    plan: Plan
    period: ReportingPeriod
    kind: str
    items: list[tuple[Item, str]] = field(default_factory=list)


@dataclass
class Outcome:
    sent: int = 0
    reminders: int = 0
    chasers: int = 0
    already: int = 0
    no_email: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def item_owners(plan: Plan) -> dict[int, set[Any]]:
    """Map each item of the plan to the users who own it: linked leads and assigned users."""
    return owners_by_item(Item.objects.filter(plan=plan).current())


def periods_to_mail(
    periods: list[ReportingPeriod], cycle: PlanSettings, today: dt.date
) -> list[tuple[ReportingPeriod, str]]:
    """Which periods of a plan call for a reminder or a chaser today."""
    found = []
    for period in periods:
        closing = (period.end - today).days <= cycle.remind_days_before
        if period.start <= today <= period.end and closing:
            found.append((period, ReminderKind.REMINDER.value))
    closed = [p for p in periods if p.end < today]
    if closed:
        latest = max(closed, key=lambda p: p.end)
        if (today - latest.end).days >= cycle.chase_days_after:
            found.append((latest, ReminderKind.CHASER.value))
    return found


def collect(today: dt.date) -> dict[Any, list[Due]]:
    """Return, per owner, the plans and periods they still owe an update for."""
    per_user: dict[Any, list[Due]] = defaultdict(list)
    plans = Plan.objects.filter(periods__isnull=False).distinct().select_related("area")
    for plan in plans:
        cycle, _ = PlanSettings.objects.get_or_create(plan=plan)
        wanted = periods_to_mail(list(plan.periods.all()), cycle, today)
        if not wanted:
            continue
        owners = item_owners(plan)
        items = {i.pk: i for i in Item.objects.filter(pk__in=owners).exclude(rag="blue")}
        names = level_names(plan, items.values())
        for period, kind in wanted:
            for user, due in _dues(Due(plan, period, kind), owners, items, names).items():
                per_user[user].append(due)
    return per_user


def _dues(
    wanted: Due, owners: dict[int, set[Any]], items: dict[int, Item], names: Any
) -> dict[Any, Due]:
    """Split the items not yet updated for the wanted period into one `Due` per owner."""
    updated = set(
        ProgressUpdate.objects.filter(period=wanted.period, item__plan=wanted.plan).values_list(
            "item_id", flat=True
        )
    )
    by_user: dict[Any, Due] = {}
    for item_id, users in owners.items():
        item = items.get(item_id)
        if item is None or item_id in updated:
            continue
        for user in users:
            due = by_user.setdefault(user, Due(wanted.plan, wanted.period, wanted.kind))
            due.items.append((item, item_label(item, names)))
    for due in by_user.values():
        due.items.sort(key=lambda pair: pair[0].position)
    return by_user


def owed(plan: Plan, period: ReportingPeriod, kind: str) -> dict[Any, Due]:
    """Per owner, the items of the plan they still owe an update for this period."""
    owners = item_owners(plan)
    items = {i.pk: i for i in Item.objects.filter(pk__in=owners).exclude(rag="blue")}
    return _dues(Due(plan, period, kind), owners, items, level_names(plan, items.values()))


def send_all(today: dt.date, *, dry_run: bool = False) -> Outcome:
    outcome = Outcome()
    for user, dues in sorted(collect(today).items(), key=lambda pair: pair[0].pk):
        if not user.email:
            outcome.no_email.append(user.get_username())
            continue
        if dry_run:
            outcome.sent += 1
            continue
        try:
            claimed = claim_and_send(user, dues)
        except OSError as error:  # SMTP and socket errors: no claim is kept, retry next run
            outcome.failed.append(f"{user.get_username()}: {error}")
            continue
        outcome.already += len(dues) - len(claimed)
        if not claimed:
            continue
        outcome.sent += 1
        outcome.reminders += sum(d.kind == ReminderKind.REMINDER for d in claimed)
        outcome.chasers += sum(d.kind == ReminderKind.CHASER for d in claimed)
    return outcome


def claim_and_send(
    user: Any, dues: list[Due], then: Callable[[list[Due]], object] | None = None
) -> list[Due]:
    """Claim each (owner, period, kind) and mail one digest of those claimed, in one
    transaction with `then` (an audit row, say). Return what was claimed: empty when all was
    sent before. A failed send (OSError) keeps no claim."""
    with transaction.atomic():
        claimed = [due for due in dues if _claim(user, due)]
        if claimed:
            subject, body = compose(user, claimed)
            send_mail(subject, body, None, [user.email], fail_silently=False)
            if then is not None:
                then(claimed)
    return claimed


def _claim(user: Any, due: Due) -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                user=user, period=due.period, kind=due.kind, items=len(due.items)
            )
    except IntegrityError:
        return False
    return True


def compose(user: Any, dues: list[Due]) -> tuple[str, str]:
    """Write one plain-text digest for an owner. Plan items only: never casework."""
    base = getattr(settings, "WSOA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    count = sum(len(d.items) for d in dues)
    chasing = any(d.kind == ReminderKind.CHASER for d in dues)
    subject = (
        f"Overdue: {count} SEND plan update{'s' if count != 1 else ''} missing"
        if chasing
        else f"Reminder: {count} SEND plan update{'s' if count != 1 else ''} due soon"
    )
    name = display_name(user)
    lines = [f"Dear {name},", ""]
    for due in dues:
        if due.kind == ReminderKind.CHASER:
            lines.append(
                f"The reporting period {due.period.label} of {due.plan.title} "
                f"({due.plan.area.name}) closed on {due.period.end:%-d %B %Y} "
                "without an update on these items:"
            )
        else:
            lines.append(
                f"The reporting period {due.period.label} of {due.plan.title} "
                f"({due.plan.area.name}) closes on {due.period.end:%-d %B %Y}. "
                "Please post an update on:"
            )
        for item, label in due.items:
            path = reverse("progress:update", args=[due.plan.area.slug, due.plan.pk, item.pk])
            lines.append(f"- {label}: {base}{path}")
        lines.append("")
    lines += [
        "Each link opens the form to post your update. If someone else now leads an item,",
        "reply to your plan manager so the plan can be changed.",
        "",
        "This message was sent by wsoa.",
    ]
    return subject, "\n".join(lines)


@dataclass
class SentNow:
    """What "Send a reminder now" did, owner by owner."""

    kind: str
    sent: list[Any] = field(default_factory=list)
    already: list[Any] = field(default_factory=list)
    no_email: list[Any] = field(default_factory=list)
    failed: list[Any] = field(default_factory=list)


def kind_now(period: ReportingPeriod, today: dt.date) -> str:
    """A reminder while the period is open (or yet to open), a chaser once it has closed."""
    return ReminderKind.REMINDER.value if today <= period.end else ReminderKind.CHASER.value


def send_now(
    *, plan: Plan, period: ReportingPeriod, by: Any, today: dt.date, only: int | None = None
) -> SentNow:
    """Send the owners still owing an update for the period (or only the one with that id)
    the digest `wsoa remind` would, now: each is claimed once per period and kind as there,
    so neither a second press nor the next scheduled run sends it again."""
    result = SentNow(kind_now(period, today))
    for user, due in sorted(owed(plan, period, result.kind).items(), key=lambda p: p[0].pk):
        if only is not None and user.pk != only:
            continue
        if not user.email:
            result.no_email.append(user)
            continue
        try:
            claimed = claim_and_send(user, [due], then=partial(_audit, by, user))
        except OSError:
            result.failed.append(user)
            continue
        (result.sent if claimed else result.already).append(user)
    return result


def _audit(by: Any, user: Any, claimed: list[Due]) -> None:
    for due in claimed:
        record_event(
            obj=due.plan,
            by=by,
            action="reminder.sent",
            summary=f"Sent a {due.kind} for {due.period.label} to {display_name(user)}",
            changes={
                "period": due.period.pk, "user": user.pk, "kind": due.kind, "items": len(due.items)
            },
        )  # fmt: skip
