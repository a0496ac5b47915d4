"""The plan as documents: download it as Word or Excel; upload an edited workbook to apply.

Downloads: any role in the area. Uploading and applying: managers (403 for other roles).
Another area's plan is 404. The upload is read and checked at once and kept in the session
(stored in the database, so any app server can show the preview); the file itself is not kept.
A workbook over `settings.LONG_WORKBOOK_BYTES` is read by a task instead, and one with more rows
than `settings.LONG_WORKBOOK_ROWS` applied by one, each followed on a progress page (ADR 0030).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from wsoa.core.models import Membership
from wsoa.core.tenancy import area_for, get_in_area
from wsoa.documents import tasks
from wsoa.documents.forms import WorkbookForm
from wsoa.documents.office.applying import AlreadyApplied, apply_workbook, refuse_if_applied
from wsoa.documents.office.changes import StaleFile, compare
from wsoa.documents.office.excel import ExcelExport
from wsoa.documents.office.reading import SheetError, Upload, read_workbook
from wsoa.documents.office.word import WordExport
from wsoa.jobs.models import Job, JobStatus
from wsoa.jobs.views import follow
from wsoa.plans.models import Plan, PlanVersion
from wsoa.plans.versioning import TamperedVersion, version_content

EXPORTS: dict[str, tuple[type[WordExport] | type[ExcelExport], str]] = {
    "docx": (
        WordExport,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (ExcelExport, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def _plan(request: HttpRequest, slug: str, plan_id: int) -> tuple[Membership, Plan]:
    membership = area_for(request, slug)
    return membership, get_in_area(Plan.objects, membership.area, pk=plan_id)


def _managed(request: HttpRequest, slug: str, plan_id: int) -> tuple[Membership, Plan]:
    membership, plan = _plan(request, slug, plan_id)
    if not membership.manages:
        raise PermissionDenied("Only area admins and plan managers can change a plan from a file.")
    return membership, plan


def _version(plan: Plan, number: str) -> PlanVersion | None:
    """The version named by `?version=N`, checked against its checksum; 404 if none."""
    if not number:
        return None
    found = plan.versions.filter(number=int(number)).first() if number.isdigit() else None
    if found is None:
        raise Http404("The plan has no such version.")
    try:
        version_content(found)
    except TamperedVersion as error:
        raise Http404(str(error)) from error
    return found


def _key(plan: Plan) -> str:
    return f"plan_workbook:{plan.area.slug}:{plan.pk}"


@login_required
@require_GET
def download(request: HttpRequest, slug: str, plan_id: int, fmt: str) -> HttpResponse:
    _membership, plan = _plan(request, slug, plan_id)
    exporter_class, content_type = EXPORTS[fmt]
    exporter = exporter_class(plan, _version(plan, request.GET.get("version", "")))
    response = HttpResponse(exporter.render(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exporter.filename()}"'
    return response


@login_required
def upload(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership, plan = _managed(request, slug, plan_id)
    form = WorkbookForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        workbook = form.cleaned_data["workbook"]
        if workbook.size > settings.LONG_WORKBOOK_BYTES:  # read by a task, followed on a page
            job = tasks.start_reading(
                plan=plan, by=request.user, name=workbook.name, content=workbook.read()
            )
            return follow(request, job)
        try:
            found = read_workbook(workbook.read())
            compare(plan, found)
            refuse_if_applied(plan=plan, upload=found)
        except (SheetError, StaleFile, AlreadyApplied) as error:
            form.add_error("workbook", str(error))
        else:
            large = len(found.rows) > settings.LONG_WORKBOOK_ROWS
            request.session[_key(plan)] = {
                "upload": found.as_dict(), "name": workbook.name, "large": large,
            }  # fmt: skip
            return redirect("documents:workbook_preview", slug, plan.pk)
    context = {"membership": membership, "plan": plan, "form": form}
    return render(request, "documents/upload.html", context)


@login_required
def preview(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership, plan = _managed(request, slug, plan_id)
    if request.GET.get("job"):  # a large workbook, read by a task: show what it read
        request.session[_key(plan)] = _read_by(request, membership, plan)
        return redirect("documents:workbook_preview", slug, plan.pk)
    stored = request.session.get(_key(plan))
    if not stored:
        return redirect("documents:workbook_upload", slug, plan.pk)
    found = Upload.from_dict(stored["upload"])
    context = {"membership": membership, "plan": plan, "name": stored["name"], "error": ""}
    try:
        if request.method == "POST" and stored.get("large"):  # applied by a task
            job = tasks.start_applying(
                plan=plan, by=request.user, name=stored["name"], upload=stored["upload"]
            )
            del request.session[_key(plan)]
            return follow(request, job)
        if request.method == "POST":
            applied = apply_workbook(plan=plan, upload=found, by=request.user)
            del request.session[_key(plan)]
            messages.success(request, tasks.applied_message(applied.count))
            return redirect("plans:plan", slug, plan.pk)
        refuse_if_applied(plan=plan, upload=found)
        context["preview"] = compare(plan, found)
    except (SheetError, StaleFile, AlreadyApplied) as error:
        context["error"] = str(error)
    return render(request, "documents/preview.html", context)


def _read_by(request: HttpRequest, membership: Membership, plan: Plan) -> dict[str, Any]:
    """What the user's reading job of this plan read; 404 for any other job, or one not done."""
    number = request.GET.get("job", "")
    jobs = Job.objects.filter(
        task_name=tasks.READ_TASK, status=JobStatus.DONE, started_by_id=request.user.pk,
        params__plan=plan.pk,
    )  # fmt: skip
    job = get_in_area(jobs, membership.area, pk=int(number) if number.isdigit() else 0)
    return {"upload": job.result["upload"], "name": job.result["name"], "large": True}
