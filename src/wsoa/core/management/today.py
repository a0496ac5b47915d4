"""The `--today DATE` option of the commands that act on "today" (reminders, digests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone


def add_today_option(parser: CommandParser) -> None:
    parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")


def today_from(options: dict[str, Any]) -> dt.date:
    """The date given with --today, else the local date; a date it cannot read is refused."""
    given = options.get("today")
    if not given:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(given)
    except ValueError as error:
        raise CommandError(f"--today must be a date like 2026-11-30, not “{given}”.") from error
