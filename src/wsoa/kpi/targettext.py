"""Read a target as a plan prints it ("90% of EHCP's being completed within 20 weeks").

Plain Python (no Django). Gives what can be read — the figure, whether it is a level or a
change on the baseline, which way is better, and the period or date it is due — and leaves
the rest for the manager to fill in. Nothing here is guessed beyond the words printed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from wsoa.kpi import periods

PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%")
REDUCTION = re.compile(r"\b(reduc\w*|decreas\w*|fewer|lower\w*|cut)\b", re.I)
INCREASE = re.compile(r"\b(increas\w*|rais\w*|grow\w*)\b", re.I)
AT_MOST = re.compile(r"\b(below|less than|no more than|at most|under|fewer than)\b", re.I)
YEAR_SPAN = re.compile(r"\b(academic year\s+)?(\d{4})\s*[-–/]\s*(\d{4}|\d{2})\b", re.I)
MONTH_YEAR = re.compile(r"\b(" + "|".join(calendar.month_name[1:]) + r")\s+(\d{4})\b", re.I)
NAME_LEAD = re.compile(r"^(at least\s+)?\d{1,3}(?:\.\d+)?\s*%\s*(of\s+)?", re.I)
NAME_TAIL = re.compile(r"\s*[:–-]\s*\d{1,3}(?:\.\d+)?\s*%.*$")


@dataclass(frozen=True)
class TargetReading:
    """What a printed target says. `change` is "" for a level, else "reduction"/"increase"."""

    name: str
    value: Decimal | None
    unit: str
    polarity: str
    change: str
    period_label: str
    due_on: dt.date | None


def read_target(text: str, target_text: str = "") -> TargetReading:
    """Return what can be read from a printed target and its printed figure."""
    flat = re.sub(r"\s+", " ", text).strip()
    found = PERCENT.search(target_text) or PERCENT.search(flat)
    value = Decimal(found.group(1)) if found else None
    change = _change(flat, value)
    falls = change == "reduction" or (value is None and REDUCTION.search(flat))
    polarity = "lower" if falls or AT_MOST.search(flat) else "higher"
    period = _period(flat)
    due_on = period.end if period else None
    return TargetReading(
        name=_name(flat),
        value=value,
        unit="percent" if found and not change else "",
        polarity=polarity,
        change=change,
        period_label=period.label if period else "",
        due_on=due_on,
    )


def _change(text: str, value: Decimal | None) -> str:
    """A percentage that is a change on the baseline ("10% reduction", "increased by 10%")."""
    if value is None:
        return ""
    pattern = rf"{value}\s*%\s*(reduction|decrease|increase|fewer|more)|by\s+{value}\s*%"
    found = re.search(pattern, text, re.I)
    if not found:
        return ""
    if REDUCTION.search(found.group(0)) or (
        found.group(0).lower().startswith("by") and REDUCTION.search(text)
    ):
        return "reduction"
    return "increase" if INCREASE.search(text) or "more" in found.group(0).lower() else ""


def _period(text: str) -> periods.Period | None:
    """The period a target is due in: "2019-20", "academic year 2018 - 2019", "March 2019"."""
    span = YEAR_SPAN.search(text)
    if span and int(span.group(3)[-2:]) == (int(span.group(2)) + 1) % 100:
        first = int(span.group(2))
        if span.group(1):
            return periods.academic_year(first)
        return periods.financial_year(first)
    when = MONTH_YEAR.search(text)
    if when:
        return periods.month(int(when.group(2)), periods.MONTHS[when.group(1).lower()])
    return None


def _name(text: str) -> str:
    """A short name: the printed words without the leading or trailing figure."""
    name = NAME_TAIL.sub("", NAME_LEAD.sub("", text)).strip(" .,;")
    name = name[:1].upper() + name[1:]
    return name if len(name) <= 150 else name[:147].rsplit(" ", 1)[0] + "…"
