"""How often a board meets, and the meeting dates that follow from it. No Django.

A board's rhythm is either a number of weeks ("every 6 weeks") or a number of months, read from
its cadence as printed ("monthly", "quarterly", "bi-monthly", "termly"). The schedule is the
dates that follow the last meeting held (or a start date) for the months ahead.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

WORDS_IN_MONTHS = {
    "monthly": 1,
    "bi-monthly": 2,
    "bimonthly": 2,
    "every other month": 2,
    "quarterly": 3,
    "termly": 4,
    "half-termly": 2,
    "bi-annually": 6,
    "biannually": 6,
    "twice a year": 6,
    "six-monthly": 6,
    "annually": 12,
    "yearly": 12,
}
WORDS_IN_WEEKS = {"weekly": 1, "fortnightly": 2}
EVERY_N = re.compile(r"\bevery (\d{1,2}|two|three|four|six|eight) (week|month)s?\b")
NUMBERS = {"two": 2, "three": 3, "four": 4, "six": 6, "eight": 8}
AHEAD_MONTHS = 12
LONGEST_SCHEDULE = 60


@dataclass(frozen=True)
class Rhythm:
    """A meeting every `count` weeks or months."""

    count: int
    unit: str  # "weeks" or "months"

    def after(self, day: dt.date, steps: int = 1) -> dt.date:
        """The date `steps` steps after `day` (months counted from `day`, so the 31st stays)."""
        if self.unit == "weeks":
            return day + dt.timedelta(weeks=self.count * steps)
        return add_months(day, self.count * steps)

    def __str__(self) -> str:
        unit = self.unit if self.count != 1 else self.unit[:-1]
        return f"every {self.count} {unit}"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rhythm_of(every_weeks: int | None, cadence_text: str) -> Rhythm | None:
    """The rhythm a board's fields say: its weeks, else its cadence as printed, else none."""
    if every_weeks:
        return Rhythm(every_weeks, "weeks")
    text = cadence_text.lower()
    found = EVERY_N.search(text)
    if found:
        count = NUMBERS.get(found.group(1)) or int(found.group(1))
        return Rhythm(count, f"{found.group(2)}s") if count else None
    for words, table, unit in (
        (sorted(WORDS_IN_MONTHS, key=len, reverse=True), WORDS_IN_MONTHS, "months"),
        (list(WORDS_IN_WEEKS), WORDS_IN_WEEKS, "weeks"),
    ):
        for word in words:
            if re.search(rf"(?<![\w-]){re.escape(word)}\b", text):
                return Rhythm(table[word], unit)
    return None


def schedule(
    rhythm: Rhythm, *, start: dt.date, today: dt.date, months: int = AHEAD_MONTHS
) -> list[dt.date]:
    """The dates from `start` stepping by the rhythm, from today to the months ahead."""
    until = add_months(today, months)
    dates: list[dt.date] = []
    steps = 0
    day = start
    while day <= until and len(dates) < LONGEST_SCHEDULE:
        if day >= today:
            dates.append(day)
        steps += 1
        day = rhythm.after(start, steps)
    return dates


def with_changes(
    dates: list[dt.date], *, removed: set[dt.date], added: set[dt.date], today: dt.date
) -> list[dt.date]:
    """The rhythm's dates less those moved away or cancelled, plus those added, from today on."""
    until = add_months(today, AHEAD_MONTHS)
    kept = (set(dates) - removed) | {day for day in added if today <= day <= until}
    return sorted(day for day in kept if day >= today)
