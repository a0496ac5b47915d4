"""The changes of boards and packs. Each is one transaction with an audit row.

Generating a pack is a job: `request_pack` queues it, `run_job` makes the outputs and writes
the frozen snapshot. Jobs are rows, so any app server or `wsoa packs` worker may run them.
A runner holds a job on a lease that a heartbeat renews while it works; a job whose lease
lapses (its runner died) is claimed again, and only the lease's holder may finish it (ADR 0015).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, close_old_connections, connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from wsoa.core.audit import record_event
from wsoa.kpi.models import ExceptionReport, Indicator
from wsoa.plans.models import Board, Item, Person, Plan, PlanVersion
from wsoa.progress.models import ReportingPeriod
from wsoa.reports import render
from wsoa.reports.content import build_pack
from wsoa.reports.models import (
    JobQuerySet,
    JobStatus,
    Meeting,
    MeetingPoint,
    PackJob,
    PackSnapshot,
    PointKind,
    WorkerBeat,
    sha256,
)
from wsoa.reports.window import Window, window_for

LEASE = dt.timedelta(seconds=60)  # a claimed job not renewed for this long may be taken again
HEARTBEAT_EVERY = dt.timedelta(seconds=15)  # how often a runner renews its lease
MAX_ATTEMPTS = 3  # claims of a job before it is given up as failed
GAVE_UP = (
    f"Making the pack stopped part-way {MAX_ATTEMPTS} times, so it was not started again. "
    "Try again; if it stops again, tell whoever runs wsoa for your area."
)
WORKER_FRESH = dt.timedelta(seconds=30)
POINT_ACTIONS: dict[str, str] = {
    PointKind.DECISION: "decision.recorded",
    PointKind.ACTION: "action_arising.recorded",
}
Step = Callable[[int, str], None]
logger = logging.getLogger(__name__)


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
        record_event(obj=meeting, by=by, action="meeting.recorded", summary=f"Recorded {meeting}")
    return meeting


def add_point(*, meeting: Meeting, by: Any, point: PointIn) -> MeetingPoint:
    """Add a decision or an action arising, linked to the items, indicators or exceptions."""
    plan = meeting.board.plan
    if point.kind not in POINT_ACTIONS:
        raise ReportError("Choose whether it is a decision or an action arising.")
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
        record_event(obj=meeting, by=by, action=POINT_ACTIONS[point.kind], summary=row.text[:200])
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
        for item in Item.objects.filter(plan=plan, rag=rag).current().order_by("position"):
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
    version: PlanVersion | None = None,
    next_meeting_on: dt.date | None = None,
) -> PackJob:
    """Queue a board pack; a worker or a thread after the response makes it."""
    if board is not None and board.plan_id != plan.pk:
        raise ReportError("That board belongs to another plan.")
    if period is not None and period.plan_id != plan.pk:
        raise ReportError("That reporting period belongs to another plan.")
    if version is not None and version.plan_id != plan.pk:
        raise ReportError("That version belongs to another plan.")
    with transaction.atomic():
        job = PackJob.objects.create(
            plan=plan, board=board, period=period, version=version,
            next_meeting_on=next_meeting_on, requested_by=by,
        )  # fmt: skip
        record_event(obj=job, by=by, action="pack.requested", summary="Asked for a board pack")
    return job


class LeaseLost(Exception):
    """The job was taken by another runner (its lease lapsed): this runner must stop."""


@dataclass(frozen=True)
class Lease:
    """A runner's hold on a job: the token written when it claimed the job."""

    job_id: int
    token: str

    def held(self) -> JobQuerySet:
        return PackJob.objects.filter(
            pk=self.job_id, lease_token=self.token, status=JobStatus.RUNNING
        )

    def renew(self) -> bool:
        """Push the lease's end on; False when the job is no longer held by this lease."""
        return bool(self.held().update(lease_expires_at=timezone.now() + LEASE))

    def progress(self, step: int, message: str) -> None:
        """Record a step (renewing the lease), or raise LeaseLost."""
        expires = timezone.now() + LEASE
        if not self.held().update(step=step, message=message, lease_expires_at=expires):
            raise LeaseLost


def this_runner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"


def _lapsed(now: dt.datetime) -> Q:
    """Being made, but not renewed in time: whoever was making it stopped."""
    late = Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now)
    return Q(late, status=JobStatus.RUNNING)


def _claimable(now: dt.datetime) -> Q:
    return (Q(status=JobStatus.QUEUED) | _lapsed(now)) & Q(attempts__lt=MAX_ATTEMPTS)


def _give_up_stopped_jobs(now: dt.datetime) -> None:
    """Fail the jobs whose runners stopped part-way as many times as allowed."""
    PackJob.objects.filter(_lapsed(now), attempts__gte=MAX_ATTEMPTS).update(
        status=JobStatus.FAILED, finished_at=now, lease_token="", message=GAVE_UP
    )


def claim(job_id: int | None = None, *, holder: str | None = None) -> PackJob | None:
    """Take a queued job, or one whose lease lapsed, on a new lease that no one else holds.

    Each claim is a conditional UPDATE of one row, checked by its count: atomic across
    processes on PostgreSQL and SQLite alike.
    """
    now = timezone.now()
    _give_up_stopped_jobs(now)
    rows = PackJob.objects.filter(_claimable(now))
    if job_id is not None:
        rows = rows.filter(pk=job_id)
    for pk in rows.order_by("requested_at", "pk").values_list("pk", flat=True)[:5]:
        taken = PackJob.objects.filter(_claimable(now), pk=pk).update(
            status=JobStatus.RUNNING, holder=(holder or this_runner())[:200],
            lease_token=uuid.uuid4().hex, lease_expires_at=now + LEASE,
            attempts=F("attempts") + 1, started_at=now, finished_at=None, step=0,
            message="Starting",
        )  # fmt: skip
        if taken:
            return PackJob.objects.select_related("plan__area", "board", "period").get(pk=pk)
    return None


AS_ASKED = {
    "status": JobStatus.QUEUED, "holder": "", "lease_token": "", "lease_expires_at": None,
    "attempts": 0, "step": 0, "message": "", "started_at": None, "finished_at": None,
}  # fmt: skip


def retry_job(*, job: PackJob, by: Any) -> bool:
    """Queue a failed job, or one whose runner stopped, again; say whether it was queued.

    A job being made (its lease still renewed) is left alone. Its attempts start afresh.
    """
    again = Q(status=JobStatus.FAILED) | _lapsed(timezone.now())
    with transaction.atomic():
        rows = PackJob.objects.filter(again, pk=job.pk, snapshot__isnull=True)
        queued = bool(rows.update(**AS_ASKED))
        if queued:
            record_event(obj=job, by=by, action="pack.retried", summary="Asked for the pack again")
    return queued


def run_job(job: PackJob) -> PackSnapshot | None:
    """Make the pack of a claimed job and freeze it, while this runner still holds the job.

    A failure is kept on the job. A runner that lost the job to another (its lease lapsed)
    stops, or finishes without writing anything.
    """
    lease = Lease(job_id=job.pk, token=job.lease_token)
    try:
        with _heartbeat(lease):
            files = make_pack(
                plan=job.plan, board=job.board, period=job.period, version=job.version,
                next_meeting_on=job.next_meeting_on, on_step=lease.progress,
            )  # fmt: skip
            return _finish(job=job, lease=lease, files=files)
    except LeaseLost:
        logger.warning("Pack job %s was taken by another runner; this one stopped", job.pk)
        return None
    except Exception as error:
        logger.exception("Pack job %s failed", job.pk)
        lease.held().update(
            status=JobStatus.FAILED, finished_at=timezone.now(), message=str(error)[:300]
        )
        return None


def _finish(*, job: PackJob, lease: Lease, files: PackFiles) -> PackSnapshot:
    """Complete the job and write its snapshot in one transaction, if the lease is still held."""
    with transaction.atomic():
        done = lease.held().update(
            status=JobStatus.DONE, finished_at=timezone.now(), step=job.steps, message="Ready"
        )
        if not done:
            raise LeaseLost
        snapshot = _save_snapshot(
            plan=job.plan, by=job.requested_by, board=job.board, period=job.period,
            version=job.version, files=files, job=job,
        )  # fmt: skip
        PackJob.objects.filter(pk=job.pk).update(snapshot=snapshot)
    return snapshot


@contextmanager
def _heartbeat(lease: Lease) -> Iterator[None]:
    """Renew the lease from a thread while the body runs, however long one step takes."""
    stop = threading.Event()
    name = f"pack-job-{lease.job_id}-heartbeat"
    thread = threading.Thread(target=_beat_until, args=(lease, stop), name=name, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _beat_until(lease: Lease, stop: threading.Event) -> None:
    try:
        while not stop.wait(HEARTBEAT_EVERY.total_seconds()):
            try:
                if not lease.renew():
                    return  # taken by another runner; the next step finds out
            except DatabaseError:
                logger.warning("Could not renew the lease of pack job %s", lease.job_id)
    finally:
        connections.close_all()


def run_next(*, holder: str | None = None) -> bool:
    """Run one waiting (or abandoned) job, if there is one; say whether one was run."""
    job = claim(holder=holder)
    if job is None:
        return False
    run_job(job)
    return True


@dataclass(frozen=True)
class PackFiles:
    """A pack's data and its three renderings, not yet saved."""

    window: Window
    data: dict[str, Any]
    document: str
    docx: bytes
    pdf: bytes


def _no_step(step: int, message: str) -> None:
    return None


def make_pack(
    *,
    plan: Plan,
    board: Board | None = None,
    period: ReportingPeriod | None = None,
    version: PlanVersion | None = None,
    next_meeting_on: dt.date | None = None,
    on_step: Step = _no_step,
) -> PackFiles:
    """Gather the pack's data, then render HTML, Word and PDF (steps 1 to 4)."""
    on_step(1, "Gathering the plan's progress and the scorecard")
    window = window_for(plan, board=board, period=period, next_meeting_on=next_meeting_on)
    data = build_pack(plan, window, board=board, period=period, version=version)
    return render_files(window, data, on_step=on_step)


def render_files(window: Window, data: dict[str, Any], *, on_step: Step = _no_step) -> PackFiles:
    """Render the gathered data as HTML, Word and PDF (steps 2 to 4)."""
    on_step(2, "Writing the web page")
    body = render.render_body(data)
    on_step(3, "Writing the Word document")
    docx = render.render_docx(data)
    on_step(4, "Writing the PDF")
    document = render.render_document(data, body)
    pdf = render.render_pdf(document)
    return PackFiles(window=window, data=data, document=document, docx=docx, pdf=pdf)


def generate_pack(
    *,
    plan: Plan,
    by: Any,
    board: Board | None = None,
    period: ReportingPeriod | None = None,
    version: PlanVersion | None = None,
    next_meeting_on: dt.date | None = None,
    on_step: Step = _no_step,
) -> PackSnapshot:
    """Gather, render HTML, Word and PDF, then write the frozen snapshot with its checksums."""
    files = make_pack(
        plan=plan, board=board, period=period, version=version,
        next_meeting_on=next_meeting_on, on_step=on_step,
    )  # fmt: skip
    on_step(5, "Saving the snapshot")
    with transaction.atomic():
        return _save_snapshot(
            plan=plan, by=by, board=board, period=period, version=version, files=files
        )


def save_pack(*, plan: Plan, by: Any, board: Board | None, files: PackFiles) -> PackSnapshot:
    """Write the frozen snapshot of rendered files (with its checksums), in one transaction."""
    with transaction.atomic():
        return _save_snapshot(plan=plan, by=by, board=board, period=None, files=files)


def _save_snapshot(
    *,
    plan: Plan,
    by: Any,
    board: Board | None,
    period: ReportingPeriod | None,
    files: PackFiles,
    version: PlanVersion | None = None,
    job: PackJob | None = None,
) -> PackSnapshot:
    window, data, document = files.window, files.data, files.document
    snapshot = PackSnapshot.objects.create(
        plan=plan, board=board, period=period, title=data["title"],
        since=window.since, until=window.until, next_meeting_on=window.next_meeting_on,
        created_by=by, data=data, html=document, docx=files.docx, pdf=files.pdf,
        html_sha256=sha256(document.encode("utf-8")), docx_sha256=sha256(files.docx),
        pdf_sha256=sha256(files.pdf), version=version, made_for=job,
    )  # fmt: skip
    record_event(
        obj=snapshot, by=by, action="pack.generated", summary=f"Generated {snapshot.title}"
    )
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
