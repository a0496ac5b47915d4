"""The demo's clock: history is written as of the day it happened, through the apps' services.

The services stamp rows with `timezone.now()` (audit events, updates, decisions), as in real
use. To write months of history in one run, the demo sets that clock to each moment in turn.
Only `wsoa demo` uses this, before it serves; nothing else runs meanwhile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

WORKING_HOURS = (9, 17)


def moment(day: dt.date, minutes: int = 0) -> dt.datetime:
    """A time in the working day of `day` (9am plus `minutes`), in the site's time zone."""
    start = dt.datetime.combine(day, dt.time(WORKING_HOURS[0]))
    return timezone.make_aware(start + dt.timedelta(minutes=minutes))


@contextmanager
def clock_at(when: dt.datetime) -> Iterator[None]:
    """Make `timezone.now()` return `when` inside the block, then restore the real clock."""
    real = timezone.now
    timezone.now = lambda: when
    try:
        yield
    finally:
        timezone.now = real
