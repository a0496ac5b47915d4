"""The case-level SEN2 return for a calendar year: one row per EHC needs assessment request.

It follows the DfE's SEN2 person-level collection for the parts wsoa holds — the person
(module 1, personal fields only for casework managers), the request (module 2), the
assessment (module 3) and the named plan's start and ceasing (module 4) — with the DfE's item
names as column headings where there is one. What is covered and what is not is in
docs/casework-sen2-return.md. Every case in a return is audited as read (`CaseAction.READ`,
one row per case), whoever makes it.

A case is in the year's return when something happened to it in the year (the request, the
decision whether to assess, a decision not to issue, the final plan, ceasing) or it was still
open at the year's end (requested by then, not yet concluded): SEN2's "work completed in the
calendar year" and "ongoing work" together.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.db.models import Max, Q

from wsoa.casework.figures import SIX_WEEKS, TWENTY_WEEKS
from wsoa.casework.models import Case, CaseAction, CaseEvent, Decision, RequestSource
from wsoa.casework.services import _who
from wsoa.core.models import LocalArea

PERSON = ["UPN", "Name", "PersonBirthDate", "Postcode"]  # module 1: casework managers only
COLUMNS = [
    "LAReference",  # the case's reference in the area's system (not a SEN2 item)
    *PERSON,
    # module 2: the request for an EHC needs assessment
    "ReceivedDate", "RequestSource", "RequestOutcomeDate", "RequestOutcome",
    "RequestOutcomeWithin6Weeks",
    # module 3: the EHC needs assessment
    "AssessmentOutcome", "AssessmentOutcomeDate", "TwentyWeekTimeLimitException",
    "PlanIssuedWithin20Weeks",
    # module 4: the named plan
    "StartDate", "LastReviewMeetingDate", "CeaseDate",
]  # fmt: skip
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def in_year(year: int) -> Q:
    """Cases with something dated in the year, or still open at its end."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    span = (start, end)
    happened = (
        Q(request_date__range=span) | Q(decision_date__range=span)
        | Q(not_issue_date__range=span) | Q(final_date__range=span) | Q(ceased_date__range=span)
    )  # fmt: skip
    concluded_before = (
        Q(final_date__lt=start) | Q(not_issue_date__lt=start) | Q(ceased_date__lt=start)
        | Q(decision=Decision.REFUSED, decision_date__lt=start)
    )  # fmt: skip
    return happened | (Q(request_date__lte=end) & ~concluded_before)


def _day(day: Any) -> str:
    return day.isoformat() if isinstance(day, dt.date) else ""


def _yes_no(done: dt.date | None, request: dt.date, limit: dt.timedelta) -> str:
    return "" if done is None else ("Y" if done <= request + limit else "N")


def row_of(case: Case, personal: bool) -> dict[str, str]:
    """One case as a row of the return; personal fields blank unless `personal`."""
    if case.final_date:
        outcome, outcome_date = "EHC plan issued", case.final_date
    elif case.not_issue_date:
        outcome, outcome_date = "Decided not to issue a plan", case.not_issue_date
    elif case.decision == Decision.AGREED:
        outcome, outcome_date = "Assessment ongoing", None
    else:
        outcome, outcome_date = "", None
    row = {
        "LAReference": case.case_ref,
        "ReceivedDate": _day(case.request_date),
        "RequestSource": RequestSource(case.request_source).label if case.request_source else "",
        "RequestOutcomeDate": _day(case.decision_date),
        "RequestOutcome": Decision(case.decision).label if case.decision else "",
        "RequestOutcomeWithin6Weeks": _yes_no(case.decision_date, case.request_date, SIX_WEEKS),
        "AssessmentOutcome": outcome,
        "AssessmentOutcomeDate": _day(outcome_date),
        "TwentyWeekTimeLimitException": ("Y" if case.has_exception else "N")
        if case.final_date
        else "",
        "PlanIssuedWithin20Weeks": _yes_no(case.final_date, case.request_date, TWENTY_WEEKS),
        "StartDate": _day(case.final_date),
        "LastReviewMeetingDate": _day(getattr(case, "last_review", None)),
        "CeaseDate": _day(case.ceased_date),
    }
    if personal:
        row |= {
            "UPN": case.upn,
            "Name": case.name,
            "PersonBirthDate": _day(case.date_of_birth),
            "Postcode": case.postcode,
        }
    return {column: _safe(row.get(column, "")) for column in COLUMNS}


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


@transaction.atomic
def sen2_return(*, area: LocalArea, year: int, by: Any, personal: bool) -> tuple[str, int]:
    """The year's case-level return as CSV text (header first) and how many cases it holds; each
    case is audited as read."""
    cases = (
        Case.objects.for_area(area).filter(in_year(year))
        .annotate(last_review=Max("reviews__meeting"))
        .order_by("request_date", "case_ref")
    )  # fmt: skip
    if not personal:
        cases = cases.defer("name", "date_of_birth", "upn", "postcode")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    user, label = _who(by)
    events = []
    for case in _batched(cases):
        writer.writerow(row_of(case, personal))
        events.append(
            CaseEvent(area=area, case=case, case_ref=case.case_ref, actor=user,
                      actor_label=label, action=CaseAction.READ,
                      fields=["sen2_return", *(["personal"] if personal else [])])
        )  # fmt: skip
    CaseEvent.objects.bulk_create(events, batch_size=1000)
    return out.getvalue(), len(events)


def _batched(cases: Any) -> Iterator[Case]:
    yield from cases.iterator(chunk_size=2000)
