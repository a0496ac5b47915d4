"""The advice portal's pages: the service's advice requests, one request, and what an advice
giver does with it. Scope (the user's casework role in the area, else 404) → advice givers
only (403) → the request addressed to their service (another service's id: 404) → form →
service (`portal.py`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from wsoa.casework import clock, portal
from wsoa.casework.access import casework_role
from wsoa.casework.models import (
    AdviceRequest,
    AdviceSubmission,
    CaseworkRole,
    CaseworkRoleKind,
    SubmissionKind,
)
from wsoa.casework.portal_forms import AdviceForm, LateReasonForm, MoreInformationForm
from wsoa.casework.services import CaseworkError, record_read
from wsoa.core.tenancy import require

NEAR_DAYS = 14
ANSWERED_DAYS = 90
PORTAL_ONLY = "The advice portal is for the services asked for advice."


def advice_giver(request: HttpRequest, slug: str) -> CaseworkRole:
    """The signed-in advice giver's role in the area: 404 without a casework role, else 403."""
    role = casework_role(request, slug)
    require(role.role == CaseworkRoleKind.ADVICE_GIVER, PORTAL_ONLY)
    return role


def _advice(role: CaseworkRole, advice_id: int) -> AdviceRequest:
    """One request addressed to the role's service: any other id is 404."""
    return get_object_or_404(portal.requests_for(role), pk=advice_id)


def _context(role: CaseworkRole, **extra: Any) -> dict[str, Any]:
    service = clock.ADVICE_SERVICES.get(role.service, role.service)
    return {"role": role, "service": service, **extra}


@login_required
def requests_page(request: HttpRequest, slug: str) -> HttpResponse:
    role = advice_giver(request, slug)
    today = timezone.localdate()
    since = today - dt.timedelta(days=ANSWERED_DAYS)
    context = _context(
        role,
        waiting=portal.waiting_rows(role, today, NEAR_DAYS),
        answered=portal.answered_rows(role, today, since),
        answered_days=ANSWERED_DAYS,
    )
    return render(request, "casework/portal/requests.html", context)


@login_required
def request_page(request: HttpRequest, slug: str, advice_id: int) -> HttpResponse:
    role = advice_giver(request, slug)
    advice = _advice(role, advice_id)
    record_read(case=advice.case, by=request.user)
    today = timezone.localdate()
    history = advice.submissions.select_related("by").order_by("at", "id")
    context = _context(
        role, row=portal.PortalRow.of(advice, today, NEAR_DAYS), history=history,
    )  # fmt: skip
    return render(request, "casework/portal/request.html", context)


def _form_page(
    request: HttpRequest,
    role: CaseworkRole,
    advice: AdviceRequest,
    form: Any,
    act: Any,
    **words: str,
) -> HttpResponse:
    """Show the form; on a valid post, do `act(form.cleaned_data)` and go back to the request."""
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except CaseworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, words["done"])
            return redirect("casework:portal_request", role.area.slug, advice.pk)
    row = portal.PortalRow.of(advice, timezone.localdate(), NEAR_DAYS)
    context = _context(role, row=row, form=form, **words)
    return render(request, "casework/portal/form.html", context)


@login_required
def submit_advice(request: HttpRequest, slug: str, advice_id: int) -> HttpResponse:
    role = advice_giver(request, slug)
    advice = _advice(role, advice_id)
    form = AdviceForm(request.POST or None, request.FILES or None)

    def act(data: dict[str, Any]) -> None:
        portal.submit_advice(
            advice=advice, by=request.user, needs=data["needs"], provision=data["provision"],
            document=data["document"], today=timezone.localdate(),
        )  # fmt: skip

    return _form_page(
        request, role, advice, form, act, title="Submit advice", button="Submit advice",
        done=f"Your advice for {advice.case.case_ref} was received.", multipart="yes",
    )  # fmt: skip


@login_required
def ask_more_information(request: HttpRequest, slug: str, advice_id: int) -> HttpResponse:
    role = advice_giver(request, slug)
    advice = _advice(role, advice_id)
    form = MoreInformationForm(request.POST or None)

    def act(data: dict[str, Any]) -> None:
        portal.ask_more_information(
            advice=advice, by=request.user, question=data["question"], today=timezone.localdate()
        )

    return _form_page(
        request, role, advice, form, act, title="Ask for more information",
        button="Send the question", done="Your question was sent to the caseworker.",
    )  # fmt: skip


@login_required
def record_late_reason(request: HttpRequest, slug: str, advice_id: int) -> HttpResponse:
    role = advice_giver(request, slug)
    advice = _advice(role, advice_id)
    today = timezone.localdate()
    form = LateReasonForm(request.POST or None, today=today)

    def act(data: dict[str, Any]) -> None:
        portal.record_late_reason(
            advice=advice, by=request.user, reason=data["reason"],
            explanation=data["explanation"], expected_on=data["expected_on"], today=today,
        )  # fmt: skip

    return _form_page(
        request, role, advice, form, act, title="Say why the advice will be late",
        button="Record the reason",
        done="The reason and the date you expect to send the advice were recorded.",
    )  # fmt: skip


@login_required
def advice_document(request: HttpRequest, slug: str, submission_id: int) -> FileResponse:
    """The advice file, to the service that sent it and to the area's caseworkers (audited)."""
    role = casework_role(request, slug)
    found = AdviceSubmission.objects.filter(
        advice__case__area=role.area, kind=SubmissionKind.ADVICE
    ).select_related("advice__case")
    if not role.sees_cases:
        require(role.role == CaseworkRoleKind.ADVICE_GIVER, PORTAL_ONLY)
        found = found.filter(advice__service=role.service)
    submission = get_object_or_404(found, pk=submission_id)
    if not submission.document or not default_storage.exists(submission.document.name):
        raise Http404("The advice file is missing.")
    record_read(case=submission.advice.case, by=request.user)
    suffix = submission.document.name.rsplit(".", 1)[-1]
    name = f"advice-{submission.advice.case.case_ref}-{submission.advice.service}.{suffix}"
    return FileResponse(default_storage.open(submission.document.name), as_attachment=True,
                        filename=name)  # fmt: skip
