"""The changes of boards and packs. Each is one transaction with an audit row.

Generating a pack is a job: `request_pack` queues it, `run_job` makes the outputs and writes
the frozen snapshot. Jobs are rows, so any app server or `wsoa packs` worker may run them.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

from django.db import close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone

from wsoa.core.audit import record_event
from wsoa.kpi.models import ExceptionReport, Indicator
from wsoa.plans.models import Board, Item, Person, Plan
from wsoa.progress.models import ReportingPeriod
from wsoa.reports import render
from wsoa.reports.content import build_pack
from wsoa.reports.models import (
    JobStatus,
    Meeting,
    MeetingPoint,
    PackJob,
    PackSnapshot,
    WorkerBeat,
    sha256,
)
from wsoa.reports.window import window_for

STALE_AFTER = dt.timedelta(minutes=10)  # a running job not finished by then is taken again
WORKER_FRESH = dt.timedelta(seconds=30)


class ReportError(Exception):
    """A change that cannot be made; the message says why, in plain words."""


@dataclass
class PointIn:
    kind: str
    text: str
    owner_text: str = ""
    due_on: dt.date | None = None
    items: list[Item] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    exceptions: list[ExceptionReport] = field(default_factory=list)


def record_meeting(
    *,
    board: Board,
    by: Any,
    held_on: dt.date,
    agenda: str,
    attendees: list[Person],
    other_attendees: str = "",
) -> Meeting:
    """Record a meeting of the board with its agenda and who came."""
    if any(person.plan_id != board.plan_id for person in attendees):
        raise ReportError("Attendees must be people of this plan.")
    with transaction.atomic():
        meeting = Meeting.objects.create(
            board=board,
            held_on=held_on,
            agenda=agenda.strip(),
            other_attendees=other_attendees.strip(),
            created_by=by,
        )
        meeting.attendees.set(attendees)
        _audit(board.plan, by, "meeting.recorded", "meeting", meeting.pk, f"Recorded {meeting}")
    return meeting


def add_point(*, meeting: Meeting, by: Any, point: PointIn) -> MeetingPoint:
    """Add a decision or an action arising, linked to the items, indicators or exceptions."""
    plan = meeting.board.plan
    if not point.text.strip():
        raise ReportError("Enter what was decided or what is to be done.")
    if any(item.plan_id != plan.pk for item in point.items):
        raise ReportError("Items must be of this plan.")
    if any(i.area_id != plan.area_id for i in point.indicators):
        raise ReportError("Indicators must be of this area.")
    with transaction.atomic():
        row = MeetingPoint.objects.create(
            meeting=meeting,
            kind=point.kind,
            text=point.text.strip(),
            owner_text=point.owner_text.strip(),
            due_on=point.due_on,
        )
        row.items.set(point.items)
        row.indicators.set(point.indicators)
        row.exceptions.set(point.exceptions)
        _audit(plan, by, f"meeting.{point.kind}", "meeting", meeting.pk, row.text[:200])
    return row


def draft_agenda(plan: Plan) -> str:
    """A next agenda: standing items, then each open exception and each red or amber item."""
    lines = ["Apologies and minutes of the last meeting", "Actions arising"]
    exceptions = (
        ExceptionReport.objects.for_area(plan.area)
        .open()
        .filter(indicator__plan=plan)
        .select_related("indicator")
        .order_by("opened_at", "pk")
    )
    lines += [f"KPI exception: {e.indicator.name} – {e.reason}" for e in exceptions]
    for rag in ("red", "amber"):
        for item in Item.objects.filter(plan=plan, rag=rag).order_by("position"):
            label = f"{item.level or 'Item'} {item.number}".strip()
            lines.append(f"{item.get_rag_display()}: {label} – {item.title[:120]}")
    lines += ["Board pack and KPI scorecard", "Any other business"]
    return "\n".join(lines)


def request_pack(
    *,
    plan: Plan,
    by: Any,
    board: Board | None = None,
    period: ReportingPeriod | None = None,
    next_meeting_on: dt.date | None = None,
) -> PackJob:
    """Queue a board pack; a worker or a thread after the response makes it."""
    if board is not None and board.plan_id != plan.pk:
        raise ReportError("That board belongs to another plan.")
    if period is not None and period.plan_id != plan.pk:
        raise ReportError("That reporting period belongs to another plan.")
    with transaction.atomic():
        job = PackJob.objects.create(
            plan=plan, board=board, period=period, next_meeting_on=next_meeting_on, requested_by=by
        )
        _audit(plan, by, "pack.requested", "pack_job", job.pk, "Asked for a board pack")
    return job


def claim(job_id: int | None = None) -> PackJob | None:
    """Take a queued job (or one whose runner died) so that no one else runs it."""
    now = timezone.now()
    ready = Q(status=JobStatus.QUEUED) | Q(
        status=JobStatus.RUNNING, started_at__lt=now - STALE_AFTER
    )
    rows = PackJob.objects.filter(ready)
    if job_id is not None:
        rows = rows.filter(pk=job_id)
    for pk in rows.order_by("requested_at", "pk").values_list("pk", flat=True)[:5]:
        taken = PackJob.objects.filter(ready, pk=pk).update(
            status=JobStatus.RUNNING, started_at=now, step=0, message="Starting"
        )
        if taken:
            return PackJob.objects.select_related("plan__area", "board", "period").get(pk=pk)
    return None


def _progress(job: PackJob, step: int, message: str) -> None:
    PackJob.objects.filter(pk=job.pk).update(step=step, message=message)


def run_job(job: PackJob) -> PackSnapshot | None:
    """Make the pack of a claimed job and freeze it; a failure is kept on the job."""
    try:
        snapshot = generate_pack(
            plan=job.plan,
            by=job.requested_by,
            board=job.board,
            period=job.period,
            next_meeting_on=job.next_meeting_on,
            on_step=lambda step, message: _progress(job, step, message),
        )
    except Exception as error:
        PackJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), message=str(error)[:300]
        )
        return None
    PackJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, finished_at=timezone.now(), snapshot=snapshot, step=job.steps,
        message="Ready",
    )  # fmt: skip
    return snapshot


def run_next() -> bool:
    """Run one waiting job, if there is one; say whether one was run."""
    job = claim()
    if job is None:
        return False
    run_job(job)
    return True


def generate_pack(
    *,
    plan: Plan,
    by: Any,
    board: Board | None = None,
    period: ReportingPeriod | None = None,
    next_meeting_on: dt.date | None = None,
    on_step: Any = None,
) -> PackSnapshot:
    """Gather, render HTML, Word and PDF, then write the frozen snapshot with its checksums."""
    step = on_step or (lambda number, message: None)
    step(1, "Gathering the plan's progress and the scorecard")
    window = window_for(plan, board=board, period=period, next_meeting_on=next_meeting_on)
    data = build_pack(plan, window, board=board, period=period)
    step(2, "Writing the web page")
    body = render.render_body(data)
    step(3, "Writing the Word document")
    docx = render.render_docx(data)
    step(4, "Writing the PDF")
    document = render.render_document(data, body)
    pdf = render.render_pdf(document)
    step(5, "Saving the snapshot")
    with transaction.atomic():
        snapshot = PackSnapshot.objects.create(
            plan=plan, board=board, period=period, title=data["title"],
            since=window.since, until=window.until, next_meeting_on=window.next_meeting_on,
            created_by=by, data=data, html=document, docx=docx, pdf=pdf,
            html_sha256=sha256(document.encode("utf-8")), docx_sha256=sha256(docx),
            pdf_sha256=sha256(pdf),
        )  # fmt: skip
        _audit(plan, by, "pack.generated", "pack", snapshot.pk, f"Generated {snapshot.title}")
    return snapshot


def beat(name: str) -> None:
    """Say that the worker `name` is running."""
    WorkerBeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


def worker_running() -> bool:
    return WorkerBeat.objects.filter(seen_at__gte=timezone.now() - WORKER_FRESH).exists()


def run_in_thread(job_id: int) -> threading.Thread:
    """Run one job in a thread of this process: for a demo server with no worker."""

    def work() -> None:
        try:
            job = claim(job_id)
            if job is not None:
                run_job(job)
        finally:
            close_old_connections()

    thread = threading.Thread(target=work, name=f"pack-job-{job_id}", daemon=True)
    thread.start()
    return thread


def _audit(plan: Plan, by: Any, action: str, kind: str, pk: int, summary: str) -> None:
    record_event(
        area=plan.area, actor=by, action=action, object_type=kind, object_id=pk, summary=summary
    )
