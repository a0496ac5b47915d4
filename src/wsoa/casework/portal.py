"""The multi-agency advice portal: the advice requests addressed to one service, and what its
advice givers do with them (submit advice, ask for more information, say why it will be late).

An advice giver sees a request's case reference, dates and what is asked, never the child's
personal fields (ADR 0028): the service already holds the child's details from the referral,
and the reference is what ties its advice to the case. Each change is one transaction with an
`AdviceSubmission` row (the history), a `CaseEvent` (the audit: field names, never values) and
the case's clock brought up to date (`refresh_next_due`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from wsoa.casework import clock, presenters
from wsoa.casework.models import (
    LATE_REASONS,
    AdviceRequest,
    AdviceSubmission,
    Case,
    CaseAction,
    CaseworkRole,
    SubmissionKind,
)
from wsoa.casework.services import CaseworkError, _event, refresh_next_due

ADVICE_LIMIT = dt.timedelta(weeks=clock.ADVICE_WEEKS)  # reg. 8(1)
# What each service is asked for: the advice reg. 6(1) names.
ASKS: dict[str, str] = {
    "educational_psychology": "Psychological advice and information from an educational "
    "psychologist (reg. 6(1)(d))",
    "health": "Medical advice and information from a health care professional (reg. 6(1)(c))",
    "social_care": "Social care advice and information (reg. 6(1)(e))",
    "education": "Educational advice and information (reg. 6(1)(b))",
    "other": "Advice and information the local authority considers appropriate (reg. 6(1)(f))",
}


def asked_of(service: str) -> str:
    return ASKS.get(service, f"{clock.ADVICE_SERVICES.get(service, service)} advice")


def requests_for(role: CaseworkRole) -> Any:
    """The advice requests addressed to the role's service in its area, on open cases."""
    return AdviceRequest.objects.filter(
        case__area=role.area,
        service=role.service,
        requested__isnull=False,
        case__closed_on__isnull=True,
        case__ceased_date__isnull=True,
    ).select_related("case")


@dataclass(frozen=True)
class PortalRow:
    """One advice request as its advice giver sees it: no personal data."""

    advice: AdviceRequest
    case_ref: str
    requested: dt.date
    due: dt.date
    days: str
    tag: tuple[str, str]
    asked: str

    @classmethod
    def of(cls, advice: AdviceRequest, today: dt.date, near: int) -> PortalRow:
        assert advice.requested is not None  # requests_for leaves out those never asked
        due = advice.requested + ADVICE_LIMIT
        if advice.received:
            late = advice.received > due
            tag = presenters.TAGS["done_late" if late else "done"]
            days = f"received {advice.received:%-d %b %Y}"
        else:
            tag = presenters.TAGS[presenters.status_of(due, today, near)]
            days = presenters.days_text((due - today).days)
        return cls(
            advice, advice.case.case_ref, advice.requested, due, days, tag, asked_of(advice.service)
        )


def waiting_rows(role: CaseworkRole, today: dt.date, near: int) -> list[PortalRow]:
    """Requests still waiting for advice, the most urgent first."""
    waiting = requests_for(role).filter(received__isnull=True).order_by("requested", "pk")
    return [PortalRow.of(advice, today, near) for advice in waiting]


def answered_rows(role: CaseworkRole, today: dt.date, since: dt.date) -> list[PortalRow]:
    """Advice the service sent on or after `since`, the latest first."""
    answered = requests_for(role).filter(received__gte=since).order_by("-received", "-pk")
    return [PortalRow.of(advice, today, 0) for advice in answered]


def _changed(advice: AdviceRequest, by: Any, fields: list[str], today: dt.date) -> None:
    case = advice.case
    prefix = f"advice_{advice.service}_"
    _event(case.area, case, CaseAction.UPDATE, by, fields=[prefix + f for f in fields]).save()
    refresh_next_due(Case.objects.filter(pk=case.pk), today)


@transaction.atomic
def submit_advice(
    *,
    advice: AdviceRequest,
    by: Any,
    needs: str,
    provision: str,
    document: UploadedFile,
    today: dt.date,
) -> AdviceSubmission:
    """Store the advice document and its summary; the request is answered today."""
    if advice.received is not None:
        raise CaseworkError(
            f"Advice for {advice.case.case_ref} was already received on "
            f"{advice.received:%-d %B %Y}: nothing was changed."
        )
    digest = hashlib.sha256()
    for chunk in document.chunks():
        digest.update(chunk)
    document.seek(0)
    submission = AdviceSubmission(
        advice=advice, kind=SubmissionKind.ADVICE, by=by, needs=needs, provision=provision,
        document_name=(document.name or "advice")[:255], document_size=document.size,
        sha256=digest.hexdigest(),
    )  # fmt: skip
    submission.document.save(document.name or "advice", document, save=False)
    submission.save()
    advice.received = today
    advice.save(update_fields=["received"])
    _changed(advice, by, ["received", "document"], today)
    return submission


@transaction.atomic
def ask_more_information(
    *, advice: AdviceRequest, by: Any, question: str, today: dt.date
) -> AdviceSubmission:
    """Ask the caseworker for what the service needs to give its advice (the clock runs on)."""
    _still_waiting(advice)
    submission = AdviceSubmission.objects.create(
        advice=advice, kind=SubmissionKind.MORE_INFO, by=by, text=question
    )
    advice.more_info_asked = today
    advice.save(update_fields=["more_info_asked"])
    _changed(advice, by, ["more_info_asked"], today)
    return submission


@transaction.atomic
def record_late_reason(
    *,
    advice: AdviceRequest,
    by: Any,
    reason: str,
    explanation: str,
    expected_on: dt.date,
    today: dt.date,
) -> AdviceSubmission:
    """Record why the advice will be late and when it is expected (the due date stays)."""
    _still_waiting(advice)
    if reason not in LATE_REASONS:
        raise CaseworkError("Choose why the advice will be late: nothing was changed.")
    submission = AdviceSubmission.objects.create(
        advice=advice, kind=SubmissionKind.LATE, by=by, late_reason=reason, text=explanation,
        expected_on=expected_on,
    )  # fmt: skip
    advice.late_reason = f"{LATE_REASONS[reason]}. Expected by {expected_on:%-d %B %Y}."
    advice.save(update_fields=["late_reason"])
    _changed(advice, by, ["late_reason"], today)
    return submission


def _still_waiting(advice: AdviceRequest) -> None:
    if advice.received is not None:
        raise CaseworkError(
            f"Advice for {advice.case.case_ref} was already received: nothing was changed."
        )


def submissions_of(case: Case) -> list[AdviceSubmission]:
    """What advice givers sent about the case, for its caseworkers' page, the latest first."""
    found = AdviceSubmission.objects.filter(advice__case=case).select_related("advice", "by")
    return list(found.order_by("-at", "-id"))
