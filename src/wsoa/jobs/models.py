"""A piece of long work a person started, as they see it while a task does it (ADR 0030).

Publishing a public page, loading the DfE's or the national figures, reading or applying a
large workbook: each is a `Job` row of the area, made by the page that starts the work and
written by the task that does it. The row says what the work is, who started it, how far it
has got and, at the end, where its result is or why it failed, in plain words.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from wsoa.core.models import LocalArea


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class JobQuerySet(models.QuerySet["Job"]):
    def for_area(self, area: LocalArea) -> JobQuerySet:
        return self.filter(area=area)


class Job(models.Model):
    """Long work started from a page and done by a task (queued → running → done or failed)."""

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="jobs")
    task_name = models.CharField(max_length=100, help_text="The Celery task that does the work.")
    title = models.CharField(max_length=200, help_text="What the work is, as people read it.")
    params = models.JSONField(default=dict, blank=True, help_text="What the task is to do.")
    file_name = models.CharField(
        max_length=300, blank=True, help_text="A file in the store the work reads, if any."
    )
    file_sha256 = models.CharField(max_length=64, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    message = models.CharField(
        max_length=300, blank=True, help_text="How far it has got, what it did, or why it failed."
    )
    result = models.JSONField(default=dict, blank=True, help_text="What the work produced.")
    result_url = models.CharField(max_length=500, blank=True, help_text="Where its result is.")
    task_id = models.CharField(
        max_length=64, blank=True, help_text="The task last sent for it; only that task runs it."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Times started.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def is_waiting_for_queue(self) -> bool:
        """Asked for, but not yet handed to the task queue (it could not be reached)."""
        return self.status == JobStatus.QUEUED and self.sent_at is None and bool(self.task_id)

    @property
    def lines(self) -> list[Any]:
        """The lines of a report the work left to show on its page (e.g. what was loaded)."""
        return list(self.result.get("lines", [])) if isinstance(self.result, dict) else []
