"""The demo's casework: several hundred made-up cases per area, written in bulk, and their figures.

The cases come from `synthetic.cases` ("Made-up child 0042", UPNs of the non-existent authority
999, postcodes in ZZ99), relative to the demo's today, so the worklist has breaches, near
breaches, exceptions and late advice, and the plans their annual reviews, phase transfers and
ceasing (read from the made-up rows directly: the extract layout has no columns for them).
They are checked by the same reader as an imported extract, written with a few bulk inserts
(the clock's next deadline and exception flag computed as they are), each audited as created,
and flagged `Case.made_up` so every casework page says the cases are made up. The monthly
SEN2 figures then feed the area's indicators in one pass. Running it again adds nothing twice
(an area that has cases is left alone).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from wsoa.casework import clock, extracts, synthetic
from wsoa.casework.models import (
    AdviceRequest,
    AnnualReview,
    Case,
    CaseAction,
    CaseEvent,
    CaseException,
)
from wsoa.casework.scorecard import record_monthly
from wsoa.core.models import LocalArea

LABEL = "wsoa demo"
CASES_PER_AREA = 400
SEED = 17  # issue 17


def area_code(area: LocalArea) -> str:
    """A short code for the area's made-up case references ("HARTLEPOOL-MADEUP-000042")."""
    return slugify(area.name).replace("-", "").upper()[:16] or "AREA"


@transaction.atomic
def load_demo_cases(
    area: LocalArea, today: dt.date, count: int = CASES_PER_AREA, by: Any = LABEL
) -> int:
    """Give the area `count` made-up cases (none if it has cases already); return how many."""
    if Case.objects.for_area(area).exists():
        return 0
    rows = list(synthetic.cases(area_code(area), count, today=today, seed=SEED))
    headers = synthetic.CANONICAL_COLUMNS
    table = extracts.Table(
        headers, [(n, [row[h] for h in headers]) for n, row in enumerate(rows, 2)]
    )
    reading = extracts.read_extract(table, extracts.propose_map(headers))
    if reading.errors:  # the generator and the reader disagree: a bug, not bad input
        raise ValueError("Made-up cases failed the extract checks: " + reading.errors[0])
    cases, pauses, advice, reviews = [], [], [], []
    for made, row in zip(rows, reading.rows, strict=True):
        case = Case(area=area, made_up=True, **row.values)
        held, transfer = synthetic.after_plan(made)
        if transfer is not None:
            case.transfer_year, case.transfer_kind = transfer.year, transfer.kind
            case.transfer_amended = transfer.amended
        found = (
            (clock.Pause(*row.exception),) if row.exception else (),
            tuple(clock.Advice(s, asked, got) for s, (asked, got) in row.advice.items()),
        )
        facts = clock.Facts(
            request_date=case.request_date, decision_date=case.decision_date,
            decision=case.decision or None, not_issue_date=case.not_issue_date,
            draft_date=case.draft_date, final_date=case.final_date,
            exceptions=found[0], advice=found[1], reviews=held, transfer=transfer,
            ceased_date=case.ceased_date,
        )  # fmt: skip
        step = clock.next_deadline(facts, today)
        case.next_due, case.next_step = (step.due, step.key[:60]) if step else (None, "")
        case.has_exception = clock.has_exception(facts)
        cases.append(case)
        pauses.append(row.exception)
        advice.append(row.advice)
        reviews.append(held)
    Case.objects.bulk_create(cases, batch_size=500)
    if any(case.pk is None for case in cases):  # a database that gives back no ids
        ids = dict(Case.objects.for_area(area).values_list("case_ref", "pk"))
        for case in cases:
            case.pk = ids[case.case_ref]
    CaseException.objects.bulk_create(
        [
            CaseException(case=case, reason=pause[0], start=pause[1], end=pause[2])
            for case, pause in zip(cases, pauses, strict=True)
            if pause is not None
        ],
        batch_size=500,
    )
    AdviceRequest.objects.bulk_create(
        [
            AdviceRequest(
                case=case, area_id=case.area_id, service=service, requested=asked, received=got
            )
            for case, asked_of in zip(cases, advice, strict=True)
            for service, (asked, got) in asked_of.items()
            if asked or got
        ],
        batch_size=500,
    )
    AnnualReview.objects.bulk_create(
        [
            AnnualReview(case=case, meeting=r.meeting, report=r.report, decision=r.decision)
            for case, held in zip(cases, reviews, strict=True)
            for r in held
        ],
        batch_size=500,
    )
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(area=area, case=case, case_ref=case.case_ref, actor_label=str(by),
                      action=CaseAction.CREATE, fields=["made_up"])
            for case in cases
        ] + [CaseEvent(area=area, actor_label=str(by), action=CaseAction.IMPORT, count=len(cases))],
        batch_size=500,
    )  # fmt: skip
    return len(cases)


def set_up_demo_casework(area: LocalArea, today: dt.date) -> list[str]:
    """The area's made-up cases and this month's casework figures on its scorecard; the lines."""
    made = load_demo_cases(area, today)
    figures = record_monthly(area=area, today=today, by=LABEL)
    lines = []
    if made:
        lines.append(f"{area.name}: {made} made-up EHC cases for the casework pages")
    if figures:
        lines.append(f"{area.name}: {figures} monthly casework figures on the scorecard")
    return lines
