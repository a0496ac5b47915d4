"""Upload an inspection report, correct what was read, then start a plan from it.

Managers only (403 for other roles, 404 for another area). What was read is kept in the
session (stored in the database), so any app server can show the preview.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from wsoa.core import idempotency as once
from wsoa.core.models import Membership
from wsoa.core.tenancy import area_for
from wsoa.inspections.forms import FindingFormSet, PlanChoiceForm, UploadForm
from wsoa.inspections.reader import InspectionReport, ReportError, read_report
from wsoa.inspections.services import FindingDraft, NewPlan, start_plan_from_report
from wsoa.plans.models import FindingKind, PlanKind

OUTCOMES = {
    1: "1: typically positive experiences and outcomes",
    2: "2: inconsistent experiences and outcomes",
    3: "3: widespread and/or systemic failings (a priority action plan is required)",
}


def _manager(request: HttpRequest, slug: str) -> Membership:
    membership = area_for(request, slug)
    if not membership.manages:
        raise PermissionDenied("Only area admins and plan managers can start a plan from a report.")
    return membership


def _session_key(membership: Membership) -> str:
    return f"inspection_report:{membership.area.slug}"


@login_required
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    membership = _manager(request, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        report_file = form.cleaned_data["report"]
        try:
            report = read_report(report_file.read())
        except ReportError as error:
            form.add_error("report", str(error))
        else:
            stored = {"report": report.as_dict(), "source_name": report_file.name}
            request.session[_session_key(membership)] = stored
            return redirect("inspections:preview", slug)
    return render(request, "inspections/upload.html", {"membership": membership, "form": form})


@login_required
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    membership = _manager(request, slug)
    stored = request.session.get(_session_key(membership))
    if not stored:
        return redirect("inspections:upload", slug)
    report = InspectionReport.from_dict(stored["report"])
    data = request.POST if request.method == "POST" else None
    findings = FindingFormSet(data, initial=_initial_findings(report), prefix="finding")
    choice = PlanChoiceForm(data, area=membership.area, initial=_initial_choice(report))
    if data is not None and findings.is_valid() and choice.is_valid():

        def create() -> once.Created:
            plan = _create(request, membership, report, stored["source_name"], findings, choice)
            return once.Created(reverse("plans:plan", args=[slug, plan.pk]), plan)

        saved = once.save_once(form=choice, user=request.user, save=create)
        request.session.pop(_session_key(membership), None)
        return once.redirect_after(request, saved)
    context = {
        "membership": membership,
        "report": report,
        "source_name": stored["source_name"],
        "findings": findings,
        "choice": choice,
        "outcome": OUTCOMES[report.outcome],
        "errors": _errors(findings, choice) if data is not None else [],
    }
    return render(request, "inspections/preview.html", context)


def _errors(findings: Any, choice: PlanChoiceForm) -> list[tuple[str, str]]:
    """Every error of the page as (field id, message), for the error summary."""
    found = [(findings.forms[0]["text"].auto_id, str(e)) for e in findings.non_form_errors()]
    for form in [*findings.forms, choice]:
        for name, messages in form.errors.items():
            field_id = form[name if name in form.fields else next(iter(form.fields))].auto_id
            found += [(field_id, str(message)) for message in messages]
    return found


def _initial_findings(report: InspectionReport) -> list[dict[str, Any]]:
    rows = [(FindingKind.PRIORITY_ACTION, row) for row in report.priority_actions]
    rows += [(FindingKind.AREA_FOR_IMPROVEMENT, row) for row in report.improvements]
    return [
        {"kind": kind.value, "text": row.text, "responsible_body": row.responsible_body or "",
         "page": row.page}
        for kind, row in rows
    ]  # fmt: skip


def _initial_choice(report: InspectionReport) -> dict[str, Any]:
    kind = PlanKind.PRIORITY_ACTION if report.outcome == 3 else PlanKind.SELF_EVALUATION
    return {"target": "new", "kind": kind.value, "title": f"{kind.label}: {_inspection(report)}"}


def _inspection(report: InspectionReport) -> str:
    return f"{report.area} area SEND inspection, {report.inspection_dates}"


def _create(
    request: HttpRequest,
    membership: Membership,
    report: InspectionReport,
    source_name: str,
    findings: Any,
    choice: PlanChoiceForm,
) -> Any:
    drafts = [
        FindingDraft(row["kind"], row["text"], row["responsible_body"], row.get("page"))
        for row in findings.kept()
    ]
    data = choice.cleaned_data
    new_plan = None
    if data["target"] == "new":
        inspection = f"{_inspection(report)}; outcome {report.outcome}"
        new_plan = NewPlan(data["title"].strip(), data["kind"], inspection, source_name[:300])
    return start_plan_from_report(
        area=membership.area,
        by=request.user,
        findings=drafts,
        plan=data["plan"] if new_plan is None else None,
        new_plan=new_plan,
        skeleton=data["skeleton"],
    )
