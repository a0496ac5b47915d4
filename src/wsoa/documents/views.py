"""The plan as documents: download it as Word or Excel; upload an edited workbook to apply.

Downloads: any role in the area. Uploading and applying: managers (403 for other roles).
Another area's plan is 404. The upload is read and checked at once and kept in the session
(stored in the database, so any app server can show the preview); the file itself is not kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from wsoa.core.models import Membership
from wsoa.core.tenancy import area_for, get_in_area
from wsoa.documents.forms import WorkbookForm
from wsoa.documents.office.applying import AlreadyApplied, apply_workbook, refuse_if_applied
from wsoa.documents.office.changes import StaleFile, compare
from wsoa.documents.office.excel import ExcelExport
from wsoa.documents.office.reading import SheetError, Upload, read_workbook
from wsoa.documents.office.word import WordExport
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
        try:
            found = read_workbook(workbook.read())
            compare(plan, found)
            refuse_if_applied(plan=plan, upload=found)
        except (SheetError, StaleFile, AlreadyApplied) as error:
            form.add_error("workbook", str(error))
        else:
            request.session[_key(plan)] = {"upload": found.as_dict(), "name": workbook.name}
            return redirect("documents:workbook_preview", slug, plan.pk)
    context = {"membership": membership, "plan": plan, "form": form}
    return render(request, "documents/upload.html", context)


@login_required
def preview(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership, plan = _managed(request, slug, plan_id)
    stored = request.session.get(_key(plan))
    if not stored:
        return redirect("documents:workbook_upload", slug, plan.pk)
    found = Upload.from_dict(stored["upload"])
    context = {"membership": membership, "plan": plan, "name": stored["name"], "error": ""}
    try:
        if request.method == "POST":
            applied = apply_workbook(plan=plan, upload=found, by=request.user)
            del request.session[_key(plan)]
            messages.success(request, _applied(applied.count))
            return redirect("plans:plan", slug, plan.pk)
        refuse_if_applied(plan=plan, upload=found)
        context["preview"] = compare(plan, found)
    except (SheetError, StaleFile, AlreadyApplied) as error:
        context["error"] = str(error)
    return render(request, "documents/preview.html", context)


def _applied(count: int) -> str:
    if not count:
        return "The workbook matched the plan: nothing was changed."
    return f"The workbook was applied: {count} item{'s' if count != 1 else ''} changed."
