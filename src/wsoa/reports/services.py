"""The changes of boards and packs. Each is one transaction with an audit row.

Generating a pack is a job: `request_pack` writes the row people watch, a Celery task
(`reports.tasks.make_pack`, running `reports.jobs.run_job`) makes the outputs and writes the
frozen snapshot, once however often it runs (ADR 0023).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wsoa.core.audit import record_event
from wsoa.kpi.models import ExceptionReport, Indicator
from wsoa.plans.models import Board, Item, Person, Plan, PlanVersion
from wsoa.progress.models import ReportingPeriod
from wsoa.reports import render
from wsoa.reports.content import build_pack
from wsoa.reports.models import (
    STALLED_AFTER,
    JobStatus,
    Meeting,
    MeetingPoint,
    PackJob,
    PackSnapshot,
    PointKind,
    sha256,
)
from wsoa.reports.window import Window, window_for

POINT_ACTIONS: dict[str, str] = {
    PointKind.DECISION: "decision.recorded",
    PointKind.ACTION: "action_arising.recorded",
}
Step = Callable[[int, str], None]


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
    """Ask for a board pack: the job row people watch; the caller sends its task."""
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


AS_ASKED = {
    "status": JobStatus.QUEUED, "task_id": "", "sent_at": None, "attempts": 0, "step": 0,
    "message": "", "started_at": None, "finished_at": None,
}  # fmt: skip


def retry_job(*, job: PackJob, by: Any) -> bool:
    """Queue a failed job, or one stalled part-way, again; say whether it was queued.

    A job being made is left alone. Its attempts start afresh; the caller sends its task.
    """
    stalled = Q(status=JobStatus.RUNNING, started_at__lt=timezone.now() - STALLED_AFTER)
    again = Q(status=JobStatus.FAILED) | stalled
    with transaction.atomic():
        rows = PackJob.objects.filter(again, pk=job.pk, snapshot__isnull=True)
        queued = bool(rows.update(**AS_ASKED))
        if queued:
            record_event(obj=job, by=by, action="pack.retried", summary="Asked for the pack again")
    return queued


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
        return write_snapshot(
            plan=plan, by=by, board=board, period=period, version=version, files=files
        )


def save_pack(*, plan: Plan, by: Any, board: Board | None, files: PackFiles) -> PackSnapshot:
    """Write the frozen snapshot of rendered files (with its checksums), in one transaction."""
    with transaction.atomic():
        return write_snapshot(plan=plan, by=by, board=board, period=None, files=files)


def write_snapshot(
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
