"""Which stretch of time a board pack reports on, and when the board next meets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from wsoa.plans.models import Board, Plan
from wsoa.progress.models import ReportingPeriod
from wsoa.reports.models import Meeting, PackSnapshot

DEFAULT_GAP_DAYS = 42  # the seeds' boards meet every 4 to 6 weeks


@dataclass(frozen=True)
class Window:
    """From `start_at` (None: from the beginning) to `end_at`, and the next meeting's date."""

    start_at: dt.datetime | None
    end_at: dt.datetime
    next_meeting_on: dt.date
    basis: str  # in words: "the period Q3", "the last pack", "the last meeting"

    @property
    def since(self) -> dt.date | None:
        return timezone.localdate(self.start_at) if self.start_at else None

    @property
    def until(self) -> dt.date:
        return timezone.localdate(self.end_at)

    def holds(self, moment: dt.datetime) -> bool:
        return (self.start_at is None or moment >= self.start_at) and moment <= self.end_at


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def day_end(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def window_for(
    plan: Plan,
    *,
    board: Board | None = None,
    period: ReportingPeriod | None = None,
    next_meeting_on: dt.date | None = None,
) -> Window:
    """The period's dates if one is chosen, else since the later of the last pack and meeting."""
    now = timezone.now()
    today = timezone.localdate(now)
    upcoming = next_meeting_on or _next_meeting(board, today)
    if period is not None:
        end = min(day_end(period.end), now) if period.end >= today else day_end(period.end)
        return Window(day_start(period.start), end, upcoming, f"the period {period.label}")
    packs = PackSnapshot.objects.filter(plan=plan, created_at__lt=now)
    last_pack = packs.order_by("-created_at").values_list("created_at", flat=True).first()
    last_meeting = _last_meeting(board, today)
    candidates = [
        (last_pack, "the last pack"),
        (day_start(last_meeting) if last_meeting else None, "the last meeting"),
    ]
    found = [(at, words) for at, words in candidates if at is not None]
    if not found:
        return Window(None, now, upcoming, "the start of the plan")
    start, words = max(found, key=lambda pair: pair[0])
    return Window(start, now, upcoming, words)


def _last_meeting(board: Board | None, today: dt.date) -> dt.date | None:
    if board is None:
        return None
    held = Meeting.objects.filter(board=board, held_on__lte=today).order_by("-held_on")
    return held.values_list("held_on", flat=True).first()


def _next_meeting(board: Board | None, today: dt.date) -> dt.date:
    if board is not None:
        coming = Meeting.objects.filter(board=board, held_on__gt=today).order_by("held_on")
        found = coming.values_list("held_on", flat=True).first()
        if found:
            return found
    return today + dt.timedelta(days=DEFAULT_GAP_DAYS)
