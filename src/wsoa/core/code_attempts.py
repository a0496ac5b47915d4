"""Two-factor codes at sign-in: a few wrong ones stop the account (or address) for a while.

Each code tried is counted twice, for the account and for the address it came from, in the
database so that every app server sees the same count. An attempt is counted before its code is
checked, under a row lock, so codes sent at the same moment cannot get past the limit; a right
code then clears the account's count and gives back its place in the address's. While either
count is at its limit, codes are refused unchecked until TWO_FACTOR_COOL_OFF has passed since the
last one counted. Each wrong code and each lockout is audited in every area the account belongs to.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wsoa.core.audit import record_event
from wsoa.core.models import CodeAttempts, LocalArea

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attempt:
    """One code being tried: the counts with it included, or when the lockout ends."""

    user: Any
    address: str
    at: datetime
    tried: int = 0
    address_tried: int = 0
    locked_until: datetime | None = None


def _keys(user: Any, address: str) -> tuple[str, str]:
    return f"user:{user.pk}", f"address:{address}"


def _limits() -> tuple[int, int]:
    return settings.TWO_FACTOR_FAILURE_LIMIT, settings.TWO_FACTOR_ADDRESS_FAILURE_LIMIT


def _counter(key: str, now: datetime) -> CodeAttempts:
    """Return the key's row, locked to the end of the transaction, forgetting a stale count."""
    row, _ = CodeAttempts.objects.select_for_update().get_or_create(
        key=key, defaults={"last_tried_at": now}
    )
    if now - row.last_tried_at >= _cool_off():
        row.tried = 0
    return row


def start_attempt(*, user: Any, address: str) -> Attempt:
    """Count a code about to be checked, or say until when codes are refused unchecked."""
    now = timezone.now()
    with transaction.atomic():
        rows = [_counter(key, now) for key in _keys(user, address)]
        for row, limit in zip(rows, _limits(), strict=True):
            if row.tried >= limit:
                return Attempt(user, address, now, locked_until=row.last_tried_at + _cool_off())
        for row in rows:
            row.tried += 1
            row.last_tried_at = now
            row.save(update_fields=["tried", "last_tried_at"])
    return Attempt(user, address, now, tried=rows[0].tried, address_tried=rows[1].tried)


def attempt_succeeded(*, attempt: Attempt) -> None:
    """Clear the account's count and give back the address's place for this right code.

    Counts older than the cool-off period count for nothing, so their rows go too.
    """
    account, address = _keys(attempt.user, attempt.address)
    with transaction.atomic():
        CodeAttempts.objects.filter(key=account).delete()
        CodeAttempts.objects.filter(key=address, tried__gt=1).update(tried=F("tried") - 1)
        CodeAttempts.objects.filter(key=address, tried__lte=1).delete()
        CodeAttempts.objects.filter(last_tried_at__lte=timezone.now() - _cool_off()).delete()


def attempt_failed(*, attempt: Attempt) -> datetime | None:
    """Audit a wrong code; return when the lockout ends if this one started it."""
    limit, address_limit = _limits()
    username = attempt.user.get_username()
    log.warning("Wrong two-factor code for %s from %s", username, attempt.address)
    for area in _areas(attempt.user):
        record_event(
            obj=attempt.user,
            area=area,
            actor_label=f"signing in as {username}",
            action="code.rejected",
            summary=f"Wrong two-factor code for {username} from {attempt.address} "
            f"({attempt.tried} of {limit})",
            changes=_counts(attempt),
        )
    if attempt.tried < limit and attempt.address_tried < address_limit:
        return None
    minutes = round(_cool_off().total_seconds() / 60)
    whose = "this account" if attempt.tried >= limit else f"any account from {attempt.address}"
    log.warning("Two-factor codes refused for %s for %s minutes", whose, minutes)
    for area in _areas(attempt.user):
        record_event(
            obj=attempt.user,
            area=area,
            actor_label=f"signing in as {username}",
            action="account.locked",
            summary=f"Two-factor codes refused for {minutes} minutes for {username}: too many "
            f"wrong codes for {whose}",
            changes=_counts(attempt),
        )
    return attempt.at + _cool_off()


def _cool_off() -> timedelta:
    cool_off: timedelta = settings.TWO_FACTOR_COOL_OFF
    return cool_off


def _areas(user: Any) -> list[LocalArea]:
    """The areas a sign-in is audited in: every area the account belongs to."""
    return list(LocalArea.objects.filter(memberships__user=user).distinct())


def _counts(attempt: Attempt) -> dict[str, Any]:
    return {
        "address": attempt.address,
        "tried": attempt.tried,
        "address_tried": attempt.address_tried,
    }
