"""What the worklists show: one page of rows at a time, with their counts, in bounded queries.

Each list (open cases by next deadline, breaches and near-breaches, by caseworker or team,
annual reviews due, advice overdue by service) counts its rows in one aggregate and reads only
the page it shows (`PAGE_SIZE` rows) in the list's order. The open cases' lists read the index
`case_worklist_order` alone on PostgreSQL (an index-only scan: the order, the filters and every
column shown are in it), so a page costs the same for 200 open cases as for 20,000, and a late
page only skips index entries. No list loads a child's personal data (they show references,
never names), so nothing is decrypted; rows are tuples, not models, and each case's link is
made from one pattern per page: no query and no URL reversal per row. ADR 0032.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from wsoa.casework import clock, presenters
from wsoa.casework.models import AdviceRequest, Case
from wsoa.core.models import LocalArea
from wsoa.core.paging import page_links

PAGE_SIZE = 50
NEAR_DAYS = 14
REVIEW_HORIZON_DAYS = 56  # reviews shown: late, or due within 8 weeks (or `near`, if longer)
ADVICE_LIMIT = dt.timedelta(weeks=clock.ADVICE_WEEKS)  # reg. 8(1)
CASE_COLUMNS = ("pk", "case_ref", "next_due", "next_step", "caseworker", "team")


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, which page of how many, and the rows counted in all."""

    rows: list[Any]
    number: int
    pages: int
    count: int

    @property
    def first(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1 if self.count else 0

    @property
    def last(self) -> int:
        return min(self.number * PAGE_SIZE, self.count)

    @property
    def links(self) -> list[int | None]:
        return page_links(self.number, self.pages)


@dataclass(frozen=True)
class CaseRow:
    """A case as a list shows it: reference and link, next step, when, tag, who."""

    ref: str
    url: str
    step: str
    due: str
    days: str
    tag: tuple[str, str]
    caseworker: str
    team: str


@dataclass(frozen=True)
class AdviceRow:
    ref: str
    url: str
    service: str
    requested: str
    due: str
    days: str


def page_number(text: str | None, count: int) -> tuple[int, int]:
    """The page asked for (1 when not a number; the last when past it) and how many there are."""
    pages = max(1, -(-count // PAGE_SIZE))
    number = int(text) if text and text.isdigit() else 1
    return min(max(number, 1), pages), pages


def _sliced(rows: Any, number: int) -> Any:
    start = (number - 1) * PAGE_SIZE
    return rows[start : start + PAGE_SIZE]


def case_link(area: LocalArea) -> str:
    """The case page's address with `{}` for the case's id: reversed once per page."""
    return reverse("casework:case", args=[area.slug, 0]).replace("/0/", "/{}/")


def day_text(day: dt.date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


def case_rows(
    found: Iterable[tuple[Any, ...]], area: LocalArea, today: dt.date, near: int
) -> list[CaseRow]:
    """Rows of (`CASE_COLUMNS`) tuples as the lists show them."""
    link = case_link(area)
    rows = []
    for pk, ref, due, step, caseworker, team in found:
        left = (due - today).days if due else None
        status = presenters.status_of(due, today, near)
        rows.append(CaseRow(ref, link.format(pk), presenters.step_name(step), day_text(due),
                            presenters.days_text(left), presenters.TAGS[status], caseworker,
                            team))  # fmt: skip
    return rows


def open_cases(area: LocalArea) -> Any:
    """The area's open cases with a next deadline: every open-case list starts here."""
    return Case.objects.for_area(area).open().filter(next_due__isnull=False)


def worklist_page(
    area: LocalArea, *, today: dt.date, near: int, shown: Q, page: str | None
) -> tuple[Page, int]:
    """A page of the open cases matching `shown`, earliest deadline first; and how many of the
    area's open cases are past a deadline. Two queries: the counts together, then the page."""
    cases = open_cases(area)
    # counts of next_due (never null here), not of the id: the index alone answers
    found = cases.aggregate(
        shown=Count("next_due", filter=shown), late=Count("next_due", filter=Q(next_due__lt=today))
    )
    number, pages = page_number(page, found["shown"])
    ordered = cases.filter(shown).order_by("next_due", "case_ref").values_list(*CASE_COLUMNS)
    rows = case_rows(_sliced(ordered, number), area, today, near)
    return Page(rows, number, pages, found["shown"]), found["late"]


def reviews_page(area: LocalArea, *, today: dt.date, horizon: dt.date, page: str | None) -> Page:
    """A page of the open cases whose next deadline is an annual review step (the meeting, its
    report or its decision) late or due by `horizon`, earliest first."""
    due = open_cases(area).filter(next_step__startswith="review", next_due__lte=horizon)
    count = due.aggregate(n=Count("next_due"))["n"]
    number, pages = page_number(page, count)
    ordered = due.order_by("next_due", "case_ref").values_list(*CASE_COLUMNS)
    return Page(case_rows(_sliced(ordered, number), area, today, NEAR_DAYS), number, pages, count)


def overdue_advice(area: LocalArea, today: dt.date) -> Any:
    """Advice requests of the area's open cases with no advice received, past the 6 weeks."""
    return AdviceRequest.objects.filter(
        area=area, case__closed_on__isnull=True, case__ceased_date__isnull=True,
        received__isnull=True, requested__lt=today - ADVICE_LIMIT,
    )  # fmt: skip


def advice_counts(area: LocalArea, today: dt.date) -> dict[str, int]:
    """How many advice requests are overdue, per service (in the lists' order: by key, which
    is also their names' alphabetical order)."""
    found = overdue_advice(area, today).order_by("service").values_list("service")
    return dict(found.annotate(n=Count("pk")))


def advice_page(
    area: LocalArea, *, today: dt.date, service: str, count: int, page: str | None
) -> Page:
    """A page of overdue advice requests (of one service, or all), by service, longest late
    first; `count` is how many there are (from `advice_counts`)."""
    overdue = overdue_advice(area, today)
    if service:
        overdue = overdue.filter(service=service)
    number, pages = page_number(page, count)
    ordered = overdue.order_by("service", "requested", "case__case_ref").values_list(
        "service", "requested", "case_id", "case__case_ref"
    )
    link = case_link(area)
    rows = []
    for name, requested, case_id, ref in _sliced(ordered, number):
        due = requested + ADVICE_LIMIT
        rows.append(AdviceRow(ref, link.format(case_id), name, day_text(requested),
                              day_text(due), presenters.days_text((due - today).days)))  # fmt: skip
    return Page(rows, number, pages, count)


def by_service(rows: list[AdviceRow], counts: dict[str, int]) -> list[tuple[str, int, list]]:
    """The page's rows under their services: (name, how many overdue in all, rows)."""
    groups: list[tuple[str, int, list[AdviceRow]]] = []
    for row in rows:
        name = clock.ADVICE_SERVICES.get(row.service, row.service)
        if not groups or groups[-1][0] != name:
            groups.append((name, counts.get(row.service, 0), []))
        groups[-1][2].append(row)
    return groups
