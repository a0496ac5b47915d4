"""Reading LAIT's period labels exactly as printed. No Django: its tests are instant.

Every label form in the DfE's file (bds_long_0, 2025):

| form             | example           | kind      | year | revision |
| ---------------- | ----------------- | --------- | ---- | -------- |
| YYYY             | "2024"            | calendar  | 2024 |          |
| YYYY (Rev)       | "2024 (Rev)"      | calendar  | 2024 | rev      |
| YYYY (prov)      | "2025 (prov)"     | calendar  | 2025 | prov     |
| YYYY (Final)     | "2020 (Final)"    | calendar  | 2020 | final    |
| YYYY/YY          | "2023/24"         | academic  | 2024 |          |
| YYYY-YY          | "2023-24"         | academic  | 2024 |          |
| YYYY-YY (OT)     | "2023-24 (OT)"    | financial | 2024 | OT       |
| YYYY-YY (3 yrs)  | "2014-16"         | span      | 2016 |          |
| YYYY/YY-YY/YY    | "2013/14-15/16"   | span      | 2016 |          |
| 0                | "0"               | unknown   | 0    |          |

"YYYY-YY" is an academic year or a financial year ("2023-24"); the measure's dictionary entry says
which (`year_type`); on its own the label reads as academic. "(OT)" marks local authority
outturn, a financial year. Where a later label revises an earlier one for the same year, the
revised figure wins: final over revised over plain over provisional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Precedence of revisions of the same period: higher wins.
REVISION_ORDER = {"prov": 0, "": 1, "OT": 1, "rev": 2, "final": 3}
_REVISION = re.compile(r"^(?P<base>.*?)\s*\((?P<mark>rev|prov|final|ot)\)\s*$", re.IGNORECASE)
_CALENDAR = re.compile(r"^(?P<y>\d{4})$")
_YEAR_PAIR = re.compile(r"^(?P<y>\d{4})(?P<sep>[-/])(?P<e>\d{2})$")
_ACADEMIC_SPAN = re.compile(r"^(?P<y>\d{4})/(?P<a>\d{2})-(?P<b>\d{2})/(?P<e>\d{2})$")


class PeriodLabelError(ValueError):
    """A label in none of LAIT's forms."""


@dataclass(frozen=True)
class PeriodLabel:
    label: str  # as printed
    base: str  # without the revision mark
    kind: str  # calendar | academic | financial | span | unknown
    year: int  # the year the period ends in (0 when unknown)
    revision: str  # "" | rev | prov | final | OT

    @property
    def sort_key(self) -> int:
        """Orders periods by the year they end in, then by revision precedence."""
        return self.year * 10 + REVISION_ORDER[self.revision]


def _century(start: int, two_digits: str) -> int:
    end = start // 100 * 100 + int(two_digits)
    return end + 100 if end < start else end


def _split_revision(label: str) -> tuple[str, str]:
    match = _REVISION.match(label)
    if not match:
        return label, ""
    mark = match["mark"].lower()
    return match["base"], "OT" if mark == "ot" else mark


@lru_cache(maxsize=1024)
def parse_label(label: str, year_type: str = "") -> PeriodLabel:
    """Read one LAIT period label; `year_type` is the dictionary's ("Financial Year" …)."""
    text = label.strip()
    base, revision = _split_revision(text)
    if base == "0":
        return PeriodLabel(text, base, "unknown", 0, revision)
    if m := _CALENDAR.match(base):
        return PeriodLabel(text, base, "calendar", int(m["y"]), revision)
    if m := _YEAR_PAIR.match(base):
        start, end = int(m["y"]), _century(int(m["y"]), m["e"])
        if end - start > 1:
            return PeriodLabel(text, base, "span", end, revision)
        financial = revision == "OT" or "financ" in year_type.lower()
        return PeriodLabel(text, base, "financial" if financial else "academic", end, revision)
    if m := _ACADEMIC_SPAN.match(base):
        return PeriodLabel(text, base, "span", _century(int(m["y"]), m["e"]), revision)
    raise PeriodLabelError(f"Period label {label!r} is in none of LAIT's forms")


def latest_per_period(labels: list[str]) -> list[str]:
    """Keep one label per period (the revision that wins), in time order.

    >>> latest_per_period(["2024", "2023", "2024 (Rev)"])
    ['2023', '2024 (Rev)']
    """
    best: dict[tuple[str, int], PeriodLabel] = {}
    for label in labels:
        parsed = parse_label(label)
        key = (parsed.base, parsed.year)
        current = best.get(key)
        if current is None or parsed.sort_key > current.sort_key:
            best[key] = parsed
    return [p.label for p in sorted(best.values(), key=lambda p: (p.sort_key, p.label))]
