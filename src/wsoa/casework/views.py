"""Casework pages: the worklist, a case, overdue advice, annual reviews due, importing extracts.

The worklists' rows and counts come from `worklists` (a page at a time, bounded queries).

Each view: scope to the user's casework role in the area (404 without one) → permission (403)
→ form → service. Every read of a case page is audited (`services.record_read`).
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from wsoa.casework import clock, extracts, portal, presenters, worklists
from wsoa.casework.access import casework_manager, caseworker
from wsoa.casework.forms import ColumnMapForm, ExtractUploadForm, WorklistFilter
from wsoa.casework.models import Case, ExtractUpload
from wsoa.casework.returns import sen2_return
from wsoa.casework.scorecard import record_monthly
from wsoa.casework.services import choices_key, import_cases, record_read
from wsoa.core.models import LocalArea

NEAR_DAYS = worklists.NEAR_DAYS
CHOICES_SECONDS = 300


def _near(request: HttpRequest) -> int:
    value = request.GET.get("near", "")
    return int(value) if value.isdigit() and int(value) <= 120 else NEAR_DAYS


@login_required
def worklist(request: HttpRequest, slug: str) -> HttpResponse:
    role = caseworker(request, slug)
    area, today = role.area, timezone.localdate()
    form = WorklistFilter(request.GET or None, choices=worklist_choices(area))
    near = _near(request)
    shown = Q()
    if form.is_valid():
        data = form.cleaned_data
        shown &= Q(**{k: data[k] for k in ("caseworker", "team") if data.get(k)})
        if data.get("show") == "breaches":
            shown &= Q(next_due__lte=today + dt.timedelta(days=near))
    page, late = worklists.worklist_page(
        area, today=today, near=near, shown=shown, page=request.GET.get("page")
    )
    context = {"role": role, "form": form, "page": page, "late": late, "near": near,
               "query": _query_without_page(request)}  # fmt: skip
    return render(request, "casework/worklist.html", context)


def worklist_choices(area: LocalArea) -> dict[str, list[str]]:
    """The caseworkers and teams of the area's open cases, for the worklist's filters.

    Reading them scans every open case of the area, so they are cached for a few minutes per
    area (`CHOICES_SECONDS`), and dropped when an import changes the area's cases.
    """
    key = choices_key(area)
    found: dict[str, list[str]] | None = cache.get(key)
    if found is None:
        cases = worklists.open_cases(area)
        found = {
            name: list(
                cases.exclude(**{name: ""}).order_by(name).values_list(name, flat=True).distinct()
            )
            for name in ("caseworker", "team")
        }
        cache.set(key, found, CHOICES_SECONDS)
    return found


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def case_page(request: HttpRequest, slug: str, case_id: int) -> HttpResponse:
    role = caseworker(request, slug)
    case = get_object_or_404(
        Case.objects.for_area(role.area).prefetch_related("exceptions", "advice", "reviews"),
        pk=case_id,
    )
    record_read(case=case, by=request.user)
    today, near = timezone.localdate(), _near(request)
    facts = case.facts()
    following = clock.next_deadline(facts, today)
    context = {
        "role": role, "case": case, "today": today,
        "steps": presenters.step_rows(clock.steps(facts, today), today, near),
        "next": presenters.step_rows([following], today, near)[0] if following else None,
        "exceptions": [
            (clock.EXCEPTION_REASONS.get(e.reason, e.reason), e) for e in case.exceptions.all()
        ],
        "advice_sent": portal.submissions_of(case),  # from the advice portal
    }  # fmt: skip
    return render(request, "casework/case.html", context)


@login_required
def advice_overdue(request: HttpRequest, slug: str) -> HttpResponse:
    role = caseworker(request, slug)
    today = timezone.localdate()
    counts = worklists.advice_counts(role.area, today)
    service = request.GET.get("service", "")
    service = service if service in counts else ""
    total = counts[service] if service else sum(counts.values())
    page = worklists.advice_page(
        role.area, today=today, service=service, count=total, page=request.GET.get("page")
    )
    services = [(key, clock.ADVICE_SERVICES.get(key, key), n) for key, n in counts.items()]
    context = {"role": role, "services": services, "service": service, "page": page,
               "groups": worklists.by_service(page.rows, counts),
               "query": _query_without_page(request)}  # fmt: skip
    return render(request, "casework/advice.html", context)


@login_required
def reviews_due(request: HttpRequest, slug: str) -> HttpResponse:
    role = caseworker(request, slug)
    today, near = timezone.localdate(), _near(request)
    horizon = today + dt.timedelta(days=max(near, worklists.REVIEW_HORIZON_DAYS))
    page = worklists.reviews_page(
        role.area, today=today, horizon=horizon, page=request.GET.get("page")
    )
    context = {"role": role, "page": page, "horizon": horizon,
               "query": _query_without_page(request)}  # fmt: skip
    return render(request, "casework/reviews.html", context)


@login_required
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    role = casework_manager(request, slug)
    form = ExtractUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["extract"]
        content = upload.read()
        try:
            extracts.read_table(upload.name, content)
        except extracts.ExtractError as error:
            form.add_error("extract", f"{error} Nothing was saved.")
        else:
            kept = ExtractUpload.objects.create(
                area=role.area, by=role.user, name=upload.name[:200],
                content=base64.b64encode(content).decode(),
            )  # fmt: skip
            return redirect("casework:import_preview", slug, kept.pk)
    return render(request, "casework/import_upload.html", {"role": role, "form": form})


@login_required
def import_preview(request: HttpRequest, slug: str, upload_id: int) -> HttpResponse:
    role = casework_manager(request, slug)
    kept = get_object_or_404(
        ExtractUpload.objects.filter(area=role.area, by=role.user), pk=upload_id
    )
    table = extracts.read_table(kept.name, base64.b64decode(kept.content))
    proposed = extracts.propose_map(table.headers)
    form = ColumnMapForm(request.POST or None, headers=table.headers, initial=proposed)
    column_map = form.column_map() if request.method == "POST" and form.is_valid() else proposed
    reading = extracts.read_extract(table, column_map)
    if request.method == "POST" and request.POST.get("action") == "import" and not reading.errors:
        return _import(request, role, kept, reading)
    refs = [r.values["case_ref"] for r in reading.rows]
    known = set(
        Case.objects.for_area(role.area)
        .filter(case_ref__in=refs)
        .values_list("case_ref", flat=True)
    )
    context = {
        "role": role, "upload": kept, "form": form, "reading": reading,
        "errors": reading.errors[:100], "more_errors": max(0, len(reading.errors) - 100),
        "new": len(set(refs) - known), "existing": len(known), "sample": reading.rows[:10],
        "headers": table.headers,
    }  # fmt: skip
    return render(request, "casework/import_preview.html", context)


def _import(request: HttpRequest, role: Any, kept: ExtractUpload, reading: Any) -> HttpResponse:
    today = timezone.localdate()
    with transaction.atomic():
        result = import_cases(area=role.area, reading=reading, by=request.user, today=today)
        record_monthly(area=role.area, today=today, by=request.user)
        kept.delete()
    messages.success(request, f"Imported {kept.name}: {result.line()}.")
    return redirect("casework:worklist", role.area.slug)


@login_required
def sen2_return_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The case-level SEN2 return for a year, as CSV; personal fields for casework managers only."""
    role = caseworker(request, slug)
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - 6, -1))
    error = ""
    if "year" in request.GET:
        text = request.GET["year"].strip()
        if text.isdigit() and int(text) in years:
            content, _ = sen2_return(
                area=role.area, year=int(text), by=request.user, personal=role.manages
            )
            response = HttpResponse(content, content_type="text/csv; charset=utf-8")
            name = f"sen2-return-{role.area.slug}-{text}.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Cache-Control"] = "no-store"
            return response
        error = f"Choose a year from {years[-1]} to {years[0]}."
    context = {"role": role, "years": years, "error": error}
    return render(request, "casework/sen2_return.html", context, status=400 if error else 200)
