"""Casework pages: the worklist, a case, overdue advice, annual reviews due, importing extracts.

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
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from wsoa.casework import clock, extracts, portal, presenters
from wsoa.casework.access import casework_manager, caseworker
from wsoa.casework.forms import ColumnMapForm, ExtractUploadForm, WorklistFilter
from wsoa.casework.models import AdviceRequest, Case, ExtractUpload
from wsoa.casework.returns import sen2_return
from wsoa.casework.scorecard import record_monthly
from wsoa.casework.services import choices_key, import_cases, record_read
from wsoa.core.models import LocalArea

PAGE_SIZE = 100
NEAR_DAYS = 14
CHOICES_SECONDS = 300


def _near(request: HttpRequest) -> int:
    value = request.GET.get("near", "")
    return int(value) if value.isdigit() and int(value) <= 120 else NEAR_DAYS


@login_required
def worklist(request: HttpRequest, slug: str) -> HttpResponse:
    role = caseworker(request, slug)
    area, today = role.area, timezone.localdate()
    cases = Case.objects.for_area(area).open().filter(next_due__isnull=False)
    form = WorklistFilter(request.GET or None, choices=worklist_choices(area))
    near = _near(request)
    shown = Q()
    if form.is_valid():
        data = form.cleaned_data
        shown &= Q(**{k: data[k] for k in ("caseworker", "team") if data.get(k)})
        if data.get("show") == "breaches":
            shown &= Q(next_due__lte=today + dt.timedelta(days=near))
    # both counts (the page's and the late ones) in one pass; of next_due (never null here),
    # not of the id, so PostgreSQL reads only the index `case_open_worklist`, no table rows
    found = cases.aggregate(shown=Count("next_due", filter=shown), late=Count("next_due",
        filter=Q(next_due__lt=today)))  # fmt: skip
    paginator = Paginator(cases.filter(shown).order_by("next_due", "case_ref").only(
        "pk", "case_ref", "next_due", "next_step", "caseworker", "team"), PAGE_SIZE,
    )  # fmt: skip
    paginator.count = found["shown"]  # counted above (a cached property of the paginator)
    page = paginator.get_page(request.GET.get("page"))
    rows = [_row(case, today, near) for case in page]
    context = {"role": role, "form": form, "page": page, "rows": rows, "late": found["late"],
               "near": near, "query": _query_without_page(request)}  # fmt: skip
    return render(request, "casework/worklist.html", context)


def worklist_choices(area: LocalArea) -> dict[str, list[str]]:
    """The caseworkers and teams of the area's open cases, for the worklist's filters.

    Reading them scans every open case of the area, so they are cached for a few minutes per
    area (`CHOICES_SECONDS`), and dropped when an import changes the area's cases.
    """
    key = choices_key(area)
    found: dict[str, list[str]] | None = cache.get(key)
    if found is None:
        cases = Case.objects.for_area(area).open().filter(next_due__isnull=False)
        found = {
            name: list(
                cases.exclude(**{name: ""}).order_by(name).values_list(name, flat=True).distinct()
            )
            for name in ("caseworker", "team")
        }
        cache.set(key, found, CHOICES_SECONDS)
    return found


def _row(case: Case, today: dt.date, near: int) -> dict[str, Any]:
    left = (case.next_due - today).days if case.next_due else None
    return {
        "case": case,
        "step": presenters.step_name(case.next_step),
        "days": presenters.days_text(left),
        "tag": presenters.TAGS[presenters.status_of(case.next_due, today, near)],
    }


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
    limit = dt.timedelta(weeks=clock.ADVICE_WEEKS)  # reg. 8(1)
    overdue = (
        AdviceRequest.objects.filter(case__area=role.area, case__closed_on__isnull=True)
        .filter(received__isnull=True, requested__lt=today - limit)
        .select_related("case")
        .order_by("service", "requested")
    )
    services: dict[str, list[dict[str, Any]]] = {}
    for advice in overdue:
        assert advice.requested is not None  # filtered above
        due = advice.requested + limit
        services.setdefault(advice.service, []).append(
            {"advice": advice, "due": due, "days": presenters.days_text((due - today).days)}
        )
    named = [(clock.ADVICE_SERVICES.get(key, key), rows) for key, rows in services.items()]
    return render(request, "casework/advice.html", {"role": role, "services": named})


@login_required
def reviews_due(request: HttpRequest, slug: str) -> HttpResponse:
    role = caseworker(request, slug)
    today, near = timezone.localdate(), _near(request)
    horizon = today + dt.timedelta(days=max(near, 56))
    cases = (
        Case.objects.for_area(role.area).open()
        .filter(next_step__startswith="review", next_due__lte=horizon)
        .order_by("next_due", "case_ref")
    )  # fmt: skip
    rows = [_row(case, today, near) for case in cases]
    context = {"role": role, "rows": rows, "horizon": horizon}
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
