"""Made-up EHC cases in the canonical extract layout, for the demo, tests and benchmarks. No Django.

Every case is invented and says so: children are "Made-up child 0042", caseworkers "Made-up
caseworker 03", UPNs carry local authority number 999 (no authority has it) and postcodes are in
ZZ99, the pseudo-postcode area no address uses. The mix follows national patterns (DfE, "Education,
health and care plans"): about a quarter of requests refused, some assessed but not issued, roughly
half of plans issued within 20 weeks, exceptions in a few per cent of cases, advice often late
(educational psychology most), and open cases near and past their deadlines relative to `today`.
After the plan: annual reviews (most meetings within the 12 months, some late, some not yet
held; reports and decisions mostly within their 2 and 4 weeks), reg. 18 phase transfers to
secondary school and post-16 from the child's date of birth (most amended on time, some late),
and plans ceased (about 5 % a year). Nothing after `today` is recorded. The same seed, area and
today give the same rows; the after-plan part has a random stream of its own per case, so
adding it left the earlier columns of every case as they were.

The reviews and the transfer are in `AFTER_PLAN_COLUMNS`, which the extract import does not
read yet (`extracts.canonical_columns`): the demo and the benchmark load them directly
(`after_plan`), and an import of a written file reads the rest, ceasing included.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from wsoa.casework import clock
from wsoa.casework.clock import ADVICE_SERVICES, EXCEPTION_REASONS

BASE_COLUMNS = [
    "case_ref",
    "request_date",
    "request_source",
    "decision_date",
    "decision",
    "not_issue_date",
    "draft_date",
    "final_date",
    "exception",
    "exception_start",
    "exception_end",
    "caseworker",
    "team",
]
PERSONAL_COLUMNS = ["name", "date_of_birth", "upn", "postcode"]
ADVICE_COLUMNS = [
    f"advice_{service}_{what}" for service in ADVICE_SERVICES for what in ("requested", "received")
]
REVIEWS = 2  # review slots: two years of requests leave time for one review, rarely two
REVIEW_COLUMNS = [
    f"review_{n}_{what}"
    for n in range(1, REVIEWS + 1)
    for what in ("meeting", "report", "decision")
]
TRANSFER_COLUMNS = ["transfer_year", "transfer_kind", "transfer_amended"]
CANONICAL_COLUMNS: list[str] = BASE_COLUMNS + PERSONAL_COLUMNS + ADVICE_COLUMNS + ["ceased_date"]
AFTER_PLAN_COLUMNS = REVIEW_COLUMNS + TRANSFER_COLUMNS
COLUMNS: list[str] = CANONICAL_COLUMNS + AFTER_PLAN_COLUMNS

SOURCES = (("parent", 50), ("school", 34), ("health", 5), ("young_person", 4), ("other", 7))
TEAMS = ("North team", "South team", "East team", "West team")
CASEWORKERS = 16
HISTORY_DAYS = 730  # requests over the two years before today
REFUSED, NOT_ISSUED, EXCEPTED = 0.24, 0.07, 0.05
# Days each service takes to send advice (mean, spread): educational psychology is most often late.
ADVICE_DAYS = {
    "educational_psychology": (44, 14),
    "health": (38, 12),
    "social_care": (36, 12),
    "education": (30, 8),
    "other": (34, 10),
}
# After the plan (days, mean and spread): a quarter of review meetings late by up to 100 days,
# the others before the review's last day; report and decision after the meeting (late past
# 14 and 28 days); plans ceased a year.
REVIEW_LATE, REVIEW_LATE_DAYS, REVIEW_EARLY = 0.25, 100, (18, 14)
REVIEW_REPORT = (10, 6)
REVIEW_DECISION = (21, 9)
TRANSFER_EARLY = (25, 22)  # the amendment, days before the reg. 18 deadline
CEASED_A_YEAR = 0.05
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # a postcode's last two letters never use C I K M O V


@dataclass
class _Case:
    """The dates of one made-up case as they happen, before `today` cuts them off."""

    request: date
    decision: date
    agreed: bool
    advice: dict[str, tuple[date, date]] = field(default_factory=dict)
    not_issue: date | None = None
    draft: date | None = None
    final: date | None = None
    pause: tuple[str, date, date] | None = None


def cases(area_code: str, count: int, *, today: date, seed: int) -> Iterator[dict[str, str]]:
    """`count` made-up cases of one area in the canonical layout, dates ISO, blank = not yet."""
    rng = random.Random(f"{seed}:{area_code}")  # noqa: S311 — made-up data, not security
    for n in range(1, count + 1):
        request = today - timedelta(days=_skewed_age(rng))
        case = _story(rng, request)
        row = _row(rng, area_code, n, case, today)
        later = random.Random(f"{seed}:{area_code}:{n}")  # noqa: S311 — its own stream
        row |= _after_plan(later, case.final, date.fromisoformat(row["date_of_birth"]), today)
        yield row


def _skewed_age(rng: random.Random) -> int:
    """Days since the request: even over two years, with more recent ones (open cases)."""
    if rng.random() < 0.25:
        return rng.randint(0, 150)
    return rng.randint(0, HISTORY_DAYS)


def _story(rng: random.Random, request: date) -> _Case:
    """What happens to a request, whatever today is."""
    decision = request + timedelta(days=_days(rng, 36, 9, low=5))
    case = _Case(request, decision, agreed=rng.random() >= REFUSED)
    if not case.agreed:
        return case
    delay = 0
    if rng.random() < EXCEPTED:
        reason = rng.choice(list(EXCEPTION_REASONS))
        start = request + timedelta(days=rng.randint(20, 100))
        delay = rng.randint(28, 70)
        case.pause = (reason, start, start + timedelta(days=delay - 1))
    for service in _services(rng):
        asked = decision + timedelta(days=rng.randint(0, 4))
        mean, spread = ADVICE_DAYS[service]
        case.advice[service] = (asked, asked + timedelta(days=_days(rng, mean, spread, low=7)))
    if rng.random() < NOT_ISSUED:
        case.not_issue = request + timedelta(days=_days(rng, 105, 20, low=60) + delay)
        return case
    latest_advice = max(received for _, received in case.advice.values())
    case.draft = max(latest_advice, request) + timedelta(days=_days(rng, 20, 14, low=3) + delay)
    case.final = case.draft + timedelta(days=_days(rng, 26, 12, low=15))
    return case


def _services(rng: random.Random) -> list[str]:
    chosen = ["educational_psychology", "health", "social_care"]
    if rng.random() < 0.7:
        chosen.append("education")
    if rng.random() < 0.15:
        chosen.append("other")
    return chosen


def _days(rng: random.Random, mean: float, spread: float, *, low: int) -> int:
    return max(low, round(rng.gauss(mean, spread)))


def _row(rng: random.Random, area_code: str, n: int, case: _Case, today: date) -> dict[str, str]:
    def seen(day: date | None) -> str:
        return day.isoformat() if day is not None and day <= today else ""

    decided = case.decision <= today
    row = dict.fromkeys(COLUMNS, "")
    row |= {
        "case_ref": f"{area_code}-MADEUP-{n:06d}",
        "request_date": case.request.isoformat(),
        "request_source": _weighted(rng, SOURCES),
        "decision_date": seen(case.decision),
        "decision": ("agreed" if case.agreed else "refused") if decided else "",
        "not_issue_date": seen(case.not_issue),
        "draft_date": seen(case.draft),
        "final_date": seen(case.final),
        "caseworker": f"Made-up caseworker {rng.randint(1, CASEWORKERS):02d}",
        "team": rng.choice(TEAMS),
        **_personal(rng, n, case.request),
    }
    if case.pause is not None and case.pause[1] <= today:
        reason, start, end = case.pause
        row |= {"exception": reason, "exception_start": seen(start), "exception_end": seen(end)}
    for service, (asked, received) in case.advice.items():
        if asked <= today:
            row[f"advice_{service}_requested"] = asked.isoformat()
            row[f"advice_{service}_received"] = seen(received)
    return row


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _personal(rng: random.Random, n: int, request: date) -> dict[str, str]:
    born = request - timedelta(days=rng.randint(2 * 365, 19 * 365))
    inward = f"{rng.randint(0, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
    return {
        "name": f"Made-up child {n:04d}",
        "date_of_birth": born.isoformat(),
        "upn": upn(f"999{rng.randint(0, 9999):04d}{born.year % 100:02d}{n % 1000:03d}"),
        "postcode": f"ZZ99 {inward}",
    }


def _after_plan(rng: random.Random, final: date | None, born: date, today: date) -> dict[str, str]:
    """The plan's life after it was issued, up to today: ceasing, reviews, a phase transfer."""
    row = dict.fromkeys(["ceased_date", *AFTER_PLAN_COLUMNS], "")
    if final is None or final > today:
        return row
    ceased = _ceased(rng, final, today)
    row["ceased_date"] = ceased.isoformat() if ceased else ""
    until = min(today, ceased) if ceased else today
    start = final
    for n in range(1, REVIEWS + 1):
        meeting = clock.review_due(start) + _review_slip(rng)
        meeting = max(meeting, start + timedelta(days=60))
        if meeting > until:
            break
        report = meeting + timedelta(days=_days(rng, *REVIEW_REPORT, low=1))
        decision = meeting + timedelta(days=_days(rng, *REVIEW_DECISION, low=2))
        row[f"review_{n}_meeting"] = meeting.isoformat()
        row[f"review_{n}_report"] = report.isoformat() if report <= until else ""
        row[f"review_{n}_decision"] = decision.isoformat() if decision <= until else ""
        start = meeting
    return row | _transfer(rng, final, born, until, ceased is None)


def _review_slip(rng: random.Random) -> timedelta:
    if rng.random() < REVIEW_LATE:
        return timedelta(days=rng.randint(1, REVIEW_LATE_DAYS))
    return -timedelta(days=abs(round(rng.gauss(*REVIEW_EARLY))))


def _ceased(rng: random.Random, final: date, today: date) -> date | None:
    days = (today - final).days
    if days < 120 or rng.random() >= CEASED_A_YEAR * days / 365:
        return None
    return final + timedelta(days=rng.randint(120, days))


def _transfer(
    rng: random.Random, final: date, born: date, until: date, running: bool
) -> dict[str, str]:
    """A reg. 18 transfer whose deadline falls after the plan was made and before four months
    from now: to secondary school (the September the child is 11) or to post-16 (at 16)."""
    secondary = born.year + (12 if born.month >= 9 else 11)  # Year 7 starts that September
    for year, kind in ((secondary, "school"), (secondary + 5, "post16")):
        deadline = clock.transfer_due(clock.Transfer(year, kind, None))
        if (
            final + timedelta(days=30) <= deadline
            and (running or deadline <= until)
            and (deadline <= until + timedelta(days=120))
        ):
            amended = deadline - timedelta(days=round(rng.gauss(*TRANSFER_EARLY)))
            amended = max(amended, final + timedelta(days=1))
            done = amended.isoformat() if amended <= until else ""
            return {"transfer_year": str(year), "transfer_kind": kind, "transfer_amended": done}
    return {}


def after_plan(row: dict[str, str]) -> tuple[tuple[clock.Review, ...], clock.Transfer | None]:
    """A made-up row's annual reviews and phase transfer, as the clock reads them."""

    def day(name: str) -> date | None:
        return date.fromisoformat(row[name]) if row.get(name) else None

    reviews = tuple(
        clock.Review(day(f"review_{n}_meeting"), day(f"review_{n}_report"),
                     day(f"review_{n}_decision"))
        for n in range(1, REVIEWS + 1)
        if row.get(f"review_{n}_meeting")
    )  # fmt: skip
    transfer = None
    if row.get("transfer_year"):
        transfer = clock.Transfer(
            int(row["transfer_year"]), row["transfer_kind"], day("transfer_amended")
        )
    return reviews, transfer


def upn(digits: str) -> str:
    """A unique pupil number: the DfE's check letter before 12 digits."""
    total = sum(int(d) * weight for weight, d in enumerate(digits, start=2))
    return UPN_LETTERS[total % 23] + digits


def write_csv(path: str | Path, rows: Iterable[dict[str, str]]) -> None:
    """Write rows in the canonical layout, header first, UTF-8."""
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
