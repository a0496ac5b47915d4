"""Pages of boards and packs. Every view: scope to the area (404) → permission (403) → form.

Snapshots are served exactly as stored, after checking each file against its checksum.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from wsoa.core import idempotency as once
from wsoa.core.models import Membership
from wsoa.core.tenancy import area_for, get_in_area, require
from wsoa.plans.models import Plan
from wsoa.plans.tenancy import plan_for
from wsoa.reports import forms as f
from wsoa.reports import render as output
from wsoa.reports import services
from wsoa.reports.models import Meeting, PackJob, PackSnapshot

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
REFRESH_SECONDS = 2


def _context(membership: Membership, plan: Plan, **extra: Any) -> dict[str, Any]:
    return {"membership": membership, "plan": plan, "section": "packs", **extra}


def _meeting(membership: Membership, plan: Plan, meeting_id: int) -> Meeting:
    rows = Meeting.objects.filter(board__plan=plan).select_related("board__plan__area")
    return get_in_area(rows, membership.area, pk=meeting_id)


@login_required
def meetings(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """The plan's boards and their meetings, newest first."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    rows = (
        Meeting.objects.filter(board__plan=plan).select_related("board").prefetch_related("points")
    )
    boards = plan.boards.prefetch_related("members__person")
    context = _context(membership, plan, meetings=rows, boards=boards)
    return render(request, "reports/meetings.html", context)


@login_required
def meeting_new(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """Record a meeting; `?draft=1` starts the agenda from open exceptions and red/amber items."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(membership.manages, "Only plan managers can record meetings.")
    initial = {"agenda": services.draft_agenda(plan)} if request.GET.get("draft") else {}
    form = f.MeetingForm(
        request.POST if request.method == "POST" else None, plan=plan, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def record() -> once.Created:
            meeting = services.record_meeting(
                board=data["board"], by=request.user, held_on=data["held_on"],
                agenda=data["agenda"], attendees=list(data["attendees"]),
                other_attendees=data["other_attendees"],
            )  # fmt: skip
            url = reverse("reports:meeting", args=[slug, plan.pk, meeting.pk])
            return once.Created(url, meeting, "The meeting was recorded.")

        try:
            saved = once.save_once(form=form, user=request.user, save=record)
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            return once.redirect_after(request, saved)
    return render(request, "reports/meeting_form.html", _context(membership, plan, form=form))


@login_required
def meeting_detail(request: HttpRequest, slug: str, plan_id: int, meeting_id: int) -> HttpResponse:
    """A meeting with its decisions and actions; managers add to them."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    meeting = _meeting(membership, plan, meeting_id)
    form = f.PointForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST":
        require(membership.manages, "Only plan managers can record decisions.")
        if form.is_valid():
            data = form.cleaned_data
            point = services.PointIn(
                kind=data["kind"], text=data["text"], owner_text=data["owner_text"],
                due_on=data.get("due_on"), items=list(data["items"]),
                indicators=list(data["indicators"]), exceptions=list(data["exceptions"]),
            )  # fmt: skip
            url = reverse("reports:meeting", args=[slug, plan.pk, meeting.pk])
            try:
                saved = once.save_once(
                    form=form,
                    user=request.user,
                    save=lambda: once.Created(
                        url,
                        services.add_point(meeting=meeting, by=request.user, point=point),
                        "Added to the meeting's record.",
                    ),
                )
            except services.ReportError as error:
                form.add_error(None, str(error))
            else:
                return once.redirect_after(request, saved)
    points = meeting.points.prefetch_related("items", "indicators", "exceptions__indicator")
    context = _context(
        membership, plan, meeting=meeting, points=points, form=form,
        attendees=meeting.attendees.all(),
    )  # fmt: skip
    return render(request, "reports/meeting.html", context)


@login_required
def packs(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """The plan's frozen packs and, for managers, the form to make a new one."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    form = f.PackForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST":
        require(membership.manages, "Only plan managers can make board packs.")
        if form.is_valid():
            data = form.cleaned_data

            def ask() -> once.Created:
                job = services.request_pack(
                    plan=plan, by=request.user, board=data["board"], period=data["period"],
                    next_meeting_on=data.get("next_meeting_on"),
                )  # fmt: skip
                return once.Created(reverse("reports:pack_job", args=[slug, plan.pk, job.pk]), job)

            try:
                saved = once.save_once(form=form, user=request.user, save=ask)
            except services.ReportError as error:
                form.add_error(None, str(error))
            else:
                if saved.repeated:
                    return once.redirect_after(request, saved)
                return _start(PackJob.objects.get(pk=saved.object_id or 0), saved.url)
    snapshots = PackSnapshot.objects.filter(plan=plan).select_related("created_by", "board")
    snapshots = snapshots.defer("html", "docx", "pdf", "data")
    jobs = PackJob.objects.filter(plan=plan, snapshot__isnull=True).order_by("-requested_at")[:5]
    context = _context(membership, plan, form=form, snapshots=snapshots, jobs=jobs)
    return render(request, "reports/packs.html", context)


class StartAfterResponse(HttpResponseRedirect):
    """A redirect that starts the pack's thread once the response has been sent."""

    job_id: int = 0

    def close(self) -> None:
        super().close()
        if getattr(settings, "WSOA_PACK_THREADS", True) and not services.worker_running():
            services.run_in_thread(self.job_id)


def _start(job: PackJob, url: str) -> HttpResponse:
    response = StartAfterResponse(url)
    response.job_id = job.pk
    return response


@login_required
def pack_job(request: HttpRequest, slug: str, plan_id: int, job_id: int) -> HttpResponse:
    """How far a pack has got; the page refreshes itself until the pack is ready."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    job = get_in_area(PackJob.objects.filter(plan=plan), membership.area, pk=job_id)
    if job.snapshot_id is not None:
        return redirect(reverse("reports:pack", args=[slug, plan.pk, job.snapshot_id]))
    response = render(request, "reports/job.html", _context(membership, plan, job=job))
    if not job.is_finished:
        response["Refresh"] = str(REFRESH_SECONDS)  # the header meta refresh stands for
    return response


def _snapshot(membership: Membership, plan: Plan, snapshot_id: int) -> PackSnapshot:
    rows = PackSnapshot.objects.filter(plan=plan).select_related("plan__area", "created_by")
    return get_in_area(rows, membership.area, pk=snapshot_id)


@login_required
def pack_detail(request: HttpRequest, slug: str, plan_id: int, snapshot_id: int) -> HttpResponse:
    """A frozen pack shown as it was made, with its files and checksums."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    snapshot = _snapshot(membership, plan, snapshot_id)
    intact = {kind: snapshot.is_intact(kind) for kind in CONTENT_TYPES}
    frozen = output.body_of(snapshot.html) if intact["html"] else ""
    body = mark_safe(frozen)  # noqa: S308 — rendered by our own template when it was made
    context = _context(membership, plan, snapshot=snapshot, body=body, intact=intact)
    return render(request, "reports/pack.html", context)


@login_required
def pack_file(
    request: HttpRequest, slug: str, plan_id: int, snapshot_id: int, kind: str
) -> HttpResponse:
    """Download one file of a snapshot, exactly as stored; refused if its checksum fails."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    if kind not in CONTENT_TYPES:
        raise Http404("No such file.")
    snapshot = _snapshot(membership, plan, snapshot_id)
    content = snapshot.content(kind)
    if not snapshot.is_intact(kind):
        return HttpResponse(
            "This file does not match the checksum it was saved with, so it is not served.",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    name = f"board-pack-{snapshot.pk}-{snapshot.created_at:%Y-%m-%d}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Checksum-SHA256"] = snapshot.checksum(kind)
    return response


@require_POST
@login_required
def pack_run(request: HttpRequest, slug: str, plan_id: int, job_id: int) -> HttpResponse:
    """Run a job again (managers): after a failure, or once whoever was making it stopped."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(membership.manages, "Only plan managers can make board packs.")
    job = get_in_area(PackJob.objects.filter(plan=plan), membership.area, pk=job_id)
    if services.retry_job(job=job, by=request.user):
        messages.success(request, "The pack will be made again.")
    return _start(job, reverse("reports:pack_job", args=[slug, plan.pk, job.pk]))
