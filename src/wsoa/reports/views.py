"""Pages of boards and packs. Every view: scope to the area (404) → permission (403) → form.

Snapshots are served exactly as stored, after checking each file against its checksum.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from wsoa.config.celery import is_eager
from wsoa.core import idempotency as once
from wsoa.core.models import Membership
from wsoa.core.tenancy import area_for, get_in_area, require
from wsoa.plans.models import Plan
from wsoa.plans.presenters.boards import BoardRow, board_rows
from wsoa.plans.tenancy import plan_for
from wsoa.reports import boards as board_services
from wsoa.reports import forms as f
from wsoa.reports import render as output
from wsoa.reports import services, tasks
from wsoa.reports.models import Meeting, PackJob, PackSnapshot

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
REFRESH_SECONDS = 2
logger = logging.getLogger(__name__)


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
    boards = board_rows(plan)
    context = _context(membership, plan, meetings=rows, boards=boards)
    return render(request, "reports/meetings.html", context)


@login_required
def meeting_new(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """Record a meeting; `?draft=1` starts the agenda from open exceptions and red/amber items."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(membership.manages, "Only plan managers can record meetings.")
    if not plan.boards.exists():
        then = "meeting_draft" if request.GET.get("draft") else "meeting"
        return redirect(reverse("reports:board_new", args=[slug, plan.pk]) + f"?then={then}")
    initial: dict[str, Any] = {}
    if request.GET.get("draft"):
        initial["agenda"] = services.draft_agenda(plan)
    boards = list(plan.boards.all()[:2])
    if len(boards) == 1:
        initial["board"] = boards[0]
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
                    version=data["version"], next_meeting_on=data.get("next_meeting_on"),
                )  # fmt: skip
                return once.Created(reverse("reports:pack_job", args=[slug, plan.pk, job.pk]), job)

            try:
                saved = once.save_once(form=form, user=request.user, save=ask)
            except services.ReportError as error:
                form.add_error(None, str(error))
            else:
                if saved.repeated:
                    return once.redirect_after(request, saved)
                return _start(request, PackJob.objects.get(pk=saved.object_id or 0), saved.url)
    snapshots = PackSnapshot.objects.filter(plan=plan).select_related("created_by", "board")
    snapshots = snapshots.select_related("version")
    snapshots = snapshots.defer("html", "docx", "pdf", "data")
    jobs = PackJob.objects.filter(plan=plan, snapshot__isnull=True).order_by("-requested_at")[:5]
    context = _context(membership, plan, form=form, snapshots=snapshots, jobs=jobs)
    return render(request, "reports/packs.html", context)


QUEUE_AWAY = (
    "The pack is saved as asked for, but it cannot be started yet: the service that makes "
    "packs cannot be reached. It starts by itself when that service is back; this page shows "
    "how far it has got."
)


class StartAfterResponse(HttpResponseRedirect):
    """A redirect that makes the pack once the response has been sent (no broker: eager)."""

    job_id: int = 0

    def close(self) -> None:
        # The server calls this once the response is sent; closing it ends the request (its
        # database connections are tidied by Django then), so the work is done first.
        try:
            tasks.send_pack(self.job_id)
        except Exception:  # kept on the job by the task; the person has their page already
            logger.exception("Pack job %s could not be made after the response", self.job_id)
        finally:
            super().close()


def _start(request: HttpRequest, job: PackJob, url: str) -> HttpResponse:
    """Send the job's task; with no broker, make the pack after the response instead."""
    if is_eager():
        response = StartAfterResponse(url)
        response.job_id = job.pk
        return response
    if not tasks.send_pack(job.pk):
        messages.warning(request, QUEUE_AWAY)
    return redirect(url)


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
    url = reverse("reports:pack_job", args=[slug, plan.pk, job.pk])
    if not services.retry_job(job=job, by=request.user):
        return redirect(url)
    messages.success(request, "The pack will be made again.")
    return _start(request, job, url)


def _board_in(data: dict[str, Any], members: list[Any]) -> board_services.BoardIn:
    return board_services.BoardIn(
        name=data["name"], purpose=data["purpose"], chair=data["chair"],
        cadence_text=data["cadence_text"], every_weeks=data["every_weeks"],
        reports_to=data["reports_to"], reports_to_text=data["reports_to_text"], members=members,
    )  # fmt: skip


def _members(plan: Plan, data: dict[str, Any], by: Any) -> list[Any]:
    """The chosen members, and the person added inline when one is named."""
    members = list(data["members"])
    if str(data.get("new_member_name", "")).strip():
        person = board_services.add_person(
            plan=plan, by=by, name=data["new_member_name"], role=data["new_member_role"],
            organisation=data["new_member_organisation"],
        )  # fmt: skip
        members.append(person)
    return members


THEN = {"meeting": "", "meeting_draft": "?draft=1"}


@login_required
def board_new(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """Add a board (managers); `?then=meeting` goes on to record its meeting."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    require(membership.manages, "Only plan managers can add boards.")
    then = request.GET.get("then", "")
    first = not plan.boards.exists()
    initial = {"name": board_services.default_board_name(plan)} if first else {}
    form = f.BoardForm(request.POST if request.method == "POST" else None, plan=plan,
                       initial=initial)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if then in THEN:
            url = reverse("reports:meeting_new", args=[slug, plan.pk]) + THEN[then]
        else:
            url = reverse("plans:boards", args=[slug, plan.pk])

        def add() -> once.Created:
            with transaction.atomic():
                members = _members(plan, data, request.user)
                board = board_services.add_board(
                    plan=plan, by=request.user, board=_board_in(data, members)
                )
            return once.Created(url, board, f"{board.name} was added.")

        try:
            saved = once.save_once(form=form, user=request.user, save=add)
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            return once.redirect_after(request, saved)
    context = _context(membership, plan, form=form, first=first, then=then, section="boards")
    return render(request, "reports/board_form.html", context)


@login_required
def board_edit(request: HttpRequest, slug: str, plan_id: int, board_id: int) -> HttpResponse:
    """Change a board's name, purpose, chair, members, rhythm and whom it reports to."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    board = get_object_or_404(plan.boards.select_related("plan__area"), pk=board_id)
    require(membership.manages, "Only plan managers can change boards.")
    initial = {name: getattr(board, name) for name in board_services.FIELDS}
    initial["members"] = [seat.person for seat in board.members.select_related("person")]
    form = f.BoardForm(request.POST if request.method == "POST" else None, plan=plan,
                       board=board, initial=initial)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        url = reverse("plans:boards", args=[slug, plan.pk])
        try:
            with transaction.atomic():
                members = _members(plan, data, request.user)
                board_services.change_board(
                    board=board, by=request.user, fields=_board_in(data, members)
                )
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{board.name} was saved.")
            return redirect(url)
    context = _context(membership, plan, form=form, board=board, section="boards")
    return render(request, "reports/board_form.html", context)


def _board(plan: Plan, board_id: int) -> Any:
    return get_object_or_404(plan.boards.select_related("plan__area"), pk=board_id)


def _row_of(plan: Plan, board_id: int) -> BoardRow:
    found = [row for row in board_rows(plan) if row.board.pk == board_id]
    if not found:
        raise Http404("No such board.")
    return found[0]


@login_required
def board_schedule(request: HttpRequest, slug: str, plan_id: int, board_id: int) -> HttpResponse:
    """A board's next meetings, from its rhythm and the changes made; managers add a date."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    row = _row_of(plan, board_id)
    form = f.MeetingDateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require(membership.manages, "Only plan managers can change a board's meetings.")
        if form.is_valid():
            data = form.cleaned_data
            url = reverse("reports:board_schedule", args=[slug, plan.pk, board_id])

            def add() -> once.Created:
                planned = board_services.add_meeting_date(
                    board=row.board, by=request.user, on=data["on"], note=data["note"]
                )
                return once.Created(url, planned, "The meeting date was added.")

            return once.redirect_after(
                request, once.save_once(form=form, user=request.user, save=add)
            )
    changed = {p.on: p for p in row.board.planned_meetings.filter(cancelled=False)}
    dates = [(day, changed.get(day)) for day in row.upcoming]
    context = _context(
        membership, plan, row=row, board=row.board, form=form, section="boards", dates=dates
    )
    return render(request, "reports/board_schedule.html", context)


@login_required
def board_schedule_date(
    request: HttpRequest, slug: str, plan_id: int, board_id: int, on: str
) -> HttpResponse:
    """Move or cancel one planned meeting of a board (managers)."""
    membership = area_for(request, slug)
    plan = plan_for(membership, plan_id)
    board = _board(plan, board_id)
    require(membership.manages, "Only plan managers can change a board's meetings.")
    try:
        day = dt.date.fromisoformat(on)
    except ValueError as error:
        raise Http404("No such date.") from error
    posted = request.POST if request.method == "POST" else None
    cancelling = posted is not None and "cancel" in posted
    move = f.MeetingDateForm(None if cancelling else posted, prefix="move")
    cancel = f.CancelDateForm(posted if cancelling else None)
    back = reverse("reports:board_schedule", args=[slug, plan.pk, board.pk])
    if cancelling and cancel.is_valid():

        def drop() -> once.Created:
            planned = board_services.cancel_meeting_date(board=board, by=request.user, on=day)
            said = f"The meeting on {day.day} {day:%B %Y} was cancelled."
            return once.Created(back, planned, said)

        saved = once.save_once(form=cancel, user=request.user, save=drop)
        return once.redirect_after(request, saved)
    if posted is not None and not cancelling and move.is_valid():
        data = move.cleaned_data

        def shift() -> once.Created:
            planned = board_services.move_meeting_date(
                board=board, by=request.user, from_on=day, to_on=data["on"], note=data["note"]
            )
            said = f"The meeting was moved to {data['on'].day} {data['on']:%B %Y}."
            return once.Created(back, planned, said)

        try:
            moved = once.save_once(form=move, user=request.user, save=shift)
            return once.redirect_after(request, moved)
        except services.ReportError as error:
            move.add_error("on", str(error))
    context = _context(
        membership, plan, board=board, day=day, day_text=f"{day.day} {day:%B %Y}", move=move,
        cancel=cancel, section="boards",
    )  # fmt: skip
    return render(request, "reports/board_schedule_date.html", context)
