"""One e-mail a day per advice giver: their service's advice requests due within N days or late.

`wsoa remind_advice` runs it from a scheduler, as `wsoa remind` does for plan owners. Each
(person, area, day) is claimed with a unique row inside the transaction that sends the mail:
running twice (or on two servers) sends nothing twice; a failed send keeps no claim.
The digest carries what the portal's list shows (case reference, dates, days left), never a
child's personal data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from wsoa.casework import clock, portal
from wsoa.casework.models import AdviceDigestSent, CaseworkRole, CaseworkRoleKind

DEFAULT_DAYS = 7


@dataclass
class Outcome:
    sent: int = 0
    already: int = 0
    no_email: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def collect(today: dt.date, days: int) -> dict[Any, list[tuple[CaseworkRole, list[Any]]]]:
    """Per advice giver, each of their roles with the requests due within `days` or late."""
    per_user: dict[Any, list[tuple[CaseworkRole, list[Any]]]] = defaultdict(list)
    roles = CaseworkRole.objects.filter(
        role=CaseworkRoleKind.ADVICE_GIVER, user__is_active=True
    ).select_related("user", "area")
    horizon = today + dt.timedelta(days=days)
    for role in roles.order_by("user_id", "area__name"):
        rows = [row for row in portal.waiting_rows(role, today, days) if row.due <= horizon]
        if rows:
            per_user[role.user].append((role, rows))
    return per_user


def compose(
    user: Any, found: list[tuple[CaseworkRole, list[Any]]], today: dt.date
) -> tuple[str, str]:
    """The digest's subject and plain text: case references, dates and days only."""
    base = getattr(settings, "WSOA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    rows = [row for _, some in found for row in some]
    late = sum(row.due < today for row in rows)
    subject = f"Advice requests: {late} late, {len(rows) - late} due soon"
    lines = [f"Dear {user.get_full_name() or user.get_username()},", ""]
    for role, some in found:
        service = clock.ADVICE_SERVICES.get(role.service, role.service)
        lines.append(f"{role.area.name}: {service.lower()} advice requests late or due soon")
        for row in some:
            path = reverse("casework:portal_request", args=[role.area.slug, row.advice.pk])
            lines.append(
                f"- {row.case_ref}: requested {row.requested:%-d %B %Y}, due "
                f"{row.due:%-d %B %Y} ({row.days}): {base}{path}"
            )
        lines.append("")
    lines += [
        "Advice is due within 6 weeks of the request (SEND Regulations 2014, reg. 8(1)).",
        "Each link opens the request: submit your advice there, ask for more information,",
        "or say why it will be late.",
        "",
        "This message was sent by wsoa.",
    ]
    return subject, "\n".join(lines)


def send_all(today: dt.date, *, days: int = DEFAULT_DAYS, dry_run: bool = False) -> Outcome:
    outcome = Outcome()
    for user, found in sorted(collect(today, days).items(), key=lambda pair: pair[0].pk):
        if not user.email:
            outcome.no_email.append(user.get_username())
        elif dry_run:
            outcome.sent += 1
        else:
            _send_one(user, found, today, outcome)
    return outcome


def _send_one(user: Any, found: list[Any], today: dt.date, outcome: Outcome) -> None:
    try:
        with transaction.atomic():
            claimed = [(role, rows) for role, rows in found if _claim(user, role, rows, today)]
            if claimed:
                subject, body = compose(user, claimed, today)
                send_mail(subject, body, None, [user.email], fail_silently=False)
    except OSError as error:  # SMTP and socket errors: no claim is kept, retry next run
        outcome.failed.append(f"{user.get_username()}: {error}")
        return
    outcome.sent += bool(claimed)
    outcome.already += not claimed


def _claim(user: Any, role: CaseworkRole, rows: list[Any], today: dt.date) -> bool:
    try:
        with transaction.atomic():
            AdviceDigestSent.objects.create(user=user, area=role.area, on=today, requests=len(rows))
    except IntegrityError:
        return False
    return True
