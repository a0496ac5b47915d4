"""Dates as people write them in plans ("End July 2018", "Autumn Term 2018", "Ongoing").

No Django here. `parse_date_text` keeps the text and reads the widest range it can mean:
a month means its first to last day ("By November 2018" is due 30 November 2018); a term is
autumn 1 Sep–31 Dec, spring 1 Jan–31 Mar, summer 1 Apr–31 Jul; an academic year "2018-19" is
1 Sep 2018–31 Aug 2019; a quarter of a financial year "Q3 2024/25" is 1 Oct–31 Dec 2024;
"From Sept 2018" / "June 2018 onwards" start then and have no end;
several dates in one text span from the earliest start to the latest end. Words such as
"Ongoing", "Quarterly" or "6 monthly" give a recurrence. Nothing readable gives no dates;
a month or term without a year is not guessed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from wsoa.core.dates import month_end

RECURRENCES: tuple[str, ...] = (
    "ongoing",
    "weekly",
    "monthly",
    "quarterly",
    "termly",
    "6-monthly",
    "annually",
)
MONTHS = {
    name: number
    for number in range(1, 13)
    for name in {calendar.month_name[number].lower(), calendar.month_abbr[number].lower()}
} | {"sept": 9}
MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"  # noqa: E501
YEAR = r"((?:19|20)\d\d)"
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s*(?:st|nd|rd|th)?\s+{MONTH}\.?\s+{YEAR}\b", re.I)
MONTH_DAY_YEAR = re.compile(rf"\b{MONTH}\.?\s+(\d{{1,2}})\s*(?:st|nd|rd|th)?\s+{YEAR}\b", re.I)
NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")
ISO_DAY = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")  # as spreadsheets' date cells give
MONTH_YEAR = re.compile(rf"\b{MONTH}\.?[\s,-]*(?:(\d{{4}})|(\d{{2}}))\b(?![/\d])", re.I)
MONTHS_SHARED_YEAR = re.compile(
    rf"\b{MONTH}\.?\s*(?:/|–|-|to|and|&)\s*(?:{MONTH}\.?\s+)?(?=.{{0,12}}?(?:19|20)\d\d)", re.I
)
TERM = re.compile(r"\b(autumn|spring|summer)(?:\s+term)?\s+(?:(\d{4})|(\d{2}))\b", re.I)
TERMS_SHARED = re.compile(
    r"\b(autumn|spring|summer)\s+and\s+(autumn|spring|summer)\s+terms?\s+(\d{4})\s*[-–/]\s*(\d{2,4})\b",
    re.I,
)
ACADEMIC = re.compile(r"\b(20\d\d)\s*[-–/]\s*(\d{2}|20\d\d)\b")
QUARTER = re.compile(r"\bQ([1-4])\s*(?:of\s+)?(20\d\d)\s*[-–/]\s*(\d{2}|20\d\d)\b", re.I)
LONE_YEAR = re.compile(r"^\s*(?:by |in |during )?(20\d\d)\s*$", re.I)
OPEN_START = re.compile(r"^\s*(?:from|ongoing from|starting)\b|\bonwards\b", re.I)
RECURRING = [
    (
        re.compile(r"\b(6|six)[\s-]*monthly|\bbi-?annual(ly)?|\btwice (a|per) year", re.I),
        "6-monthly",
    ),
    (re.compile(r"\b(3|three)[\s-]*monthly|\bquarterly\b", re.I), "quarterly"),
    (re.compile(r"\bmonthly\b", re.I), "monthly"),
    (re.compile(r"\bweekly\b", re.I), "weekly"),
    (re.compile(r"\btermly\b", re.I), "termly"),
    (re.compile(r"\bannual(ly)?\b|\byearly\b|\beach year\b", re.I), "annually"),
    (re.compile(r"\bongoing\b|\bcontinuous(ly)?\b|\bthroughout\b", re.I), "ongoing"),
]
TERM_MONTHS = {"autumn": (9, 12), "spring": (1, 3), "summer": (4, 7)}


@dataclass(frozen=True)
class DateSpan:
    text: str
    start: date | None
    end: date | None
    recurrence: str


def parse_date_text(text: str) -> DateSpan:
    """Return what a written date means: a range, an open start, a recurrence, or nothing."""
    clean = " ".join(str(text).split())
    spans = _spans(clean)
    recurrence = _recurrence(clean)
    if not spans:
        return DateSpan(clean, None, None, recurrence)
    start = min(s for s, _ in spans)
    end = max(e for _, e in spans)
    if OPEN_START.search(clean) and len(spans) == 1:
        return DateSpan(
            clean, start, None, recurrence or ("ongoing" if "ongoing" in clean.lower() else "")
        )
    return DateSpan(clean, start, end, recurrence)


def _recurrence(text: str) -> str:
    for pattern, name in RECURRING:
        if pattern.search(text):
            return name
    return ""


def _spans(text: str) -> list[tuple[date, date]]:
    """Return every date range written in a text, removing each as it is read."""
    found: list[tuple[date, date]] = []
    readers = (_days, _numeric, _terms_shared, _terms, _quarters, _shared_year, _months, _academic)
    for reader in (*readers, _year):
        text = reader(text, found)
    return found


def _days(text: str, found: list[tuple[date, date]]) -> str:
    for match in ISO_DAY.finditer(text):
        day_on = _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if day_on:
            found.append((day_on, day_on))
    text = ISO_DAY.sub(" ", text)
    for pattern, order in ((DAY_MONTH_YEAR, (1, 2, 3)), (MONTH_DAY_YEAR, (2, 1, 3))):
        for match in pattern.finditer(text):
            day, month, year = (match.group(i) for i in order)
            day_on = _date(int(year), MONTHS[_month_key(month)], int(day))
            if day_on:
                found.append((day_on, day_on))
        text = pattern.sub(" ", text)
    return text


def _numeric(text: str, found: list[tuple[date, date]]) -> str:
    for match in NUMERIC.finditer(text):
        year = int(match.group(3))
        day_on = _date(
            year + 2000 if year < 100 else year, int(match.group(2)), int(match.group(1))
        )
        if day_on:
            found.append((day_on, day_on))
    return NUMERIC.sub(" ", text)


def _terms_shared(text: str, found: list[tuple[date, date]]) -> str:
    for match in TERMS_SHARED.finditer(text):
        first, second, year = match.group(1).lower(), match.group(2).lower(), int(match.group(3))
        found.append(
            (_term(first, year)[0], _term(second, year + 1 if second != "autumn" else year)[1])
        )
    return TERMS_SHARED.sub(" ", text)


def _terms(text: str, found: list[tuple[date, date]]) -> str:
    for match in TERM.finditer(text):
        year = int(match.group(2)) if match.group(2) else 2000 + int(match.group(3))
        found.append(_term(match.group(1).lower(), year))
    return TERM.sub(" ", text)


def _shared_year(text: str, found: list[tuple[date, date]]) -> str:
    """Read "Jan/ Feb 2018", "September – November 2018", "Between March and May 2019"."""
    for match in MONTHS_SHARED_YEAR.finditer(text):
        year = re.search(r"(?:19|20)\d\d", text[match.end() :])
        if year is None:
            continue
        first = MONTHS[_month_key(match.group(1))]
        found.append(
            (date(int(year.group(0)), first, 1), _month_span(int(year.group(0)), first)[1])
        )
    return text


def _months(text: str, found: list[tuple[date, date]]) -> str:
    for match in MONTH_YEAR.finditer(text):
        year = int(match.group(2)) if match.group(2) else 2000 + int(match.group(3))
        found.append(_month_span(year, MONTHS[_month_key(match.group(1))]))
    return MONTH_YEAR.sub(" ", text)


def _quarters(text: str, found: list[tuple[date, date]]) -> str:
    """Read "Q3 2024/25": a quarter of the financial year, Q1 April–June to Q4 January–March."""
    for match in QUARTER.finditer(text):
        quarter, first = int(match.group(1)), int(match.group(2))
        if int(match.group(3)) % 100 != (first + 1) % 100:
            continue
        year, month = (first, 3 * quarter + 1) if quarter < 4 else (first + 1, 1)
        found.append((date(year, month, 1), _month_span(year, month + 2)[1]))
    return QUARTER.sub(" ", text)


def _academic(text: str, found: list[tuple[date, date]]) -> str:
    for match in ACADEMIC.finditer(text):
        first = int(match.group(1))
        second = int(match.group(2)) % 100
        if second == (first + 1) % 100:
            found.append((date(first, 9, 1), date(first + 1, 8, 31)))
    return ACADEMIC.sub(" ", text)


def _year(text: str, found: list[tuple[date, date]]) -> str:
    match = LONE_YEAR.match(text)
    if match and not found:
        year = int(match.group(1))
        found.append((date(year, 1, 1), date(year, 12, 31)))
    return text


def _term(name: str, year: int) -> tuple[date, date]:
    first, last = TERM_MONTHS[name]
    return date(year, first, 1), _month_span(year, last)[1]


def _month_span(year: int, month: int) -> tuple[date, date]:
    first_day = date(year, month, 1)
    return first_day, month_end(first_day)


def _month_key(word: str) -> str:
    word = word.lower().rstrip(".")
    return word if word in MONTHS else word[:3]


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


MONTH_WORD = re.sub(r"\((?!\?)", "(?:", MONTH)
# A cut falls after a year ("2018 March 2019") or a month's two-digit year ("Dec 18 March 19"),
# never after the day of a date ("31 March 2018").
SPLIT_BEFORE = re.compile(
    rf"(?:(?<=\d{{4}})|(?<=[a-z.][\s-]\d\d))\s+(?=(?:end |by |completed |from |review|all |first |quarterly|{MONTH_WORD}\b|\d{{1,2}}\s*(?:st|nd|rd|th)\b|6 monthly|ongoing))",  # noqa: E501
    re.I,
)


def split_date_texts(text: str) -> list[str]:
    """Split a cell listing several timescales run together into one text per timescale.

    A cut falls after a year (or two-digit year) where a new date phrase begins; a range
    joined by "–", "-", "to" or "/" is never cut, and text with one or no date stays whole.
    """
    clean = " ".join(text.split())
    pieces = [p.strip() for p in SPLIT_BEFORE.split(clean) if p.strip()]
    pieces = _split_recurrences(pieces)
    return pieces or ([clean] if clean else [])


def _split_recurrences(pieces: list[str]) -> list[str]:
    """Split "6 monthly Dec 2018 6 monthly" where a recurrence word stands alone."""
    found: list[str] = []
    for piece in pieces:
        parts = re.split(r"(?<=monthly)\s+(?=\w)|(?<=\w)\s+(?=6 monthly\b)|(?<=onwards)\s+", piece)
        found.extend(p.strip() for p in parts if p.strip())
    return found
