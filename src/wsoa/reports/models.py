"""Meetings of a plan's boards, board packs frozen as snapshots, and the jobs that make packs.

A snapshot is what a board was shown: the pack's HTML, Word and PDF files with their SHA-256
checksums, written once and never changed (the model refuses; on PostgreSQL a trigger too).
A job is the row people watch while a Celery task makes its pack (ADR 0023).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from wsoa.core.models import AppendOnly, LocalArea
from wsoa.kpi.models import ExceptionReport, Indicator
from wsoa.plans.models import Board, Item, Person, Plan, PlanVersion
from wsoa.progress.models import ReportingPeriod


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class PlannedMeeting(models.Model):
    """A change to a board's meeting schedule: a date added, a date moved, or a date cancelled.

    The schedule is the dates the board's rhythm gives, less those moved (`moved_from`) or
    cancelled, plus the dates added or moved to. Rows are kept: cancelling marks the row.
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="planned_meetings")
    on = models.DateField()
    moved_from = models.DateField(null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.board} on {self.on:%d %B %Y}"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def for_area(self, area: LocalArea) -> MeetingQuerySet:
        return self.filter(board__plan__area=area)


class Meeting(models.Model):
    """A meeting of one of the plan's boards: when, the agenda, who came."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    agenda = models.TextField(blank=True, help_text="One agenda item a line.")
    attendees = models.ManyToManyField(Person, blank=True, related_name="meetings_attended")
    other_attendees = models.TextField(blank=True, help_text="Others present, as written.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.board} on {self.held_on:%d %B %Y}"

    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class PointKind(models.TextChoices):
    DECISION = "decision", "Decision"
    ACTION = "action", "Action arising"


class MeetingPoint(models.Model):
    """A decision taken or an action arising at a meeting, with what it concerns."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="points")
    kind = models.CharField(max_length=10, choices=PointKind.choices)
    text = models.TextField()
    owner_text = models.CharField(max_length=300, blank=True, help_text="Who will do it.")
    due_on = models.DateField(null=True, blank=True)
    items = models.ManyToManyField(Item, blank=True, related_name="meeting_points")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="meeting_points")
    exceptions = models.ManyToManyField(ExceptionReport, blank=True, related_name="meeting_points")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class SnapshotQuerySet(models.QuerySet["PackSnapshot"]):
    def for_area(self, area: LocalArea) -> SnapshotQuerySet:
        return self.filter(plan__area=area)


class PackSnapshot(AppendOnly):
    """A board pack exactly as generated: its files, checksums, who made it and when."""

    audit_type = "pack"  # the object type of its audit events

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="pack_snapshots")
    board = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.PROTECT, related_name="pack_snapshots"
    )
    period = models.ForeignKey(
        ReportingPeriod, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=500)
    since = models.DateField(null=True, blank=True, help_text="Start of the window reported.")
    until = models.DateField(help_text="End of the window reported.")
    next_meeting_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pack_snapshots"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField(help_text="The figures and lists the pack was made from.")
    html = models.TextField(help_text="The pack's HTML body as rendered.")
    docx = models.BinaryField()
    pdf = models.BinaryField()
    html_sha256 = models.CharField(max_length=64)
    docx_sha256 = models.CharField(max_length=64)
    pdf_sha256 = models.CharField(max_length=64)
    version = models.ForeignKey(
        PlanVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The agreed version of the plan the board is held to in this pack.",
    )  # fmt: skip
    made_for = models.OneToOneField(
        "PackJob", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The job that made it: a job has one snapshot at most.",
    )  # fmt: skip

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def content(self, kind: str) -> bytes:
        """Return one of the files as stored: "html", "docx" or "pdf"."""
        if kind == "html":
            return self.html.encode("utf-8")
        return bytes(getattr(self, kind))

    def checksum(self, kind: str) -> str:
        return str(getattr(self, f"{kind}_sha256"))

    def is_intact(self, kind: str) -> bool:
        return sha256(self.content(kind)) == self.checksum(kind)


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being made"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class JobQuerySet(models.QuerySet["PackJob"]):
    def for_area(self, area: LocalArea) -> JobQuerySet:
        return self.filter(plan__area=area)


STALLED_AFTER = dt.timedelta(minutes=10)  # far longer than any pack takes to make


class PackJob(models.Model):
    """A request to make a board pack: what people see while a task makes it (ADR 0023)."""

    audit_type = "pack_job"  # the object type of its audit events

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pack_jobs")
    board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.SET_NULL)
    period = models.ForeignKey(ReportingPeriod, null=True, blank=True, on_delete=models.SET_NULL)
    version = models.ForeignKey(PlanVersion, null=True, blank=True, on_delete=models.SET_NULL)
    next_meeting_on = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pack_jobs"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    step = models.PositiveSmallIntegerField(default=0)
    steps = models.PositiveSmallIntegerField(default=5)
    message = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.OneToOneField(
        PackSnapshot, null=True, blank=True, on_delete=models.PROTECT, related_name="job"
    )
    task_id = models.CharField(
        max_length=64, blank=True, help_text="The task last sent for it; only that task makes it."
    )
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the broker took the task; empty until it has."
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Times started since it was last asked for."
    )

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"Pack job {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        return 100 if self.status == JobStatus.DONE else int(100 * self.step / (self.steps or 1))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def is_stalled(self) -> bool:
        """Being made for far longer than a pack takes: whatever was making it stopped."""
        if self.status != JobStatus.RUNNING:
            return False
        return self.started_at is None or self.started_at < timezone.now() - STALLED_AFTER

    @property
    def is_waiting_for_queue(self) -> bool:
        """Asked for, but not yet handed to the task queue (it could not be reached)."""
        return self.status == JobStatus.QUEUED and self.sent_at is None and bool(self.task_id)

    @property
    def status_label(self) -> str:
        return "Stopped before it was finished" if self.is_stalled else self.get_status_display()
