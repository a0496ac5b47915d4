"""What a plan shows the public: drafts staff write and choose, and the snapshots published.

Nothing here is public by itself. A manager publishes, which writes a `PublishedSnapshot`: a
dated row holding exactly what the public page shows, never changed afterwards.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from wsoa.core.models import AppendOnly, LocalArea
from wsoa.kpi.models import Indicator
from wsoa.plans.models import Finding, Item, Plan
from wsoa.progress.models import ProgressUpdate


class FindingSummaryQuerySet(models.QuerySet["FindingSummary"]):
    def for_area(self, area: LocalArea) -> FindingSummaryQuerySet:
        return self.filter(finding__plan__area=area)


class FindingSummary(models.Model):
    """An area of weakness in plain English for parents and young people: done, and next."""

    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="public")
    summary = models.TextField(blank=True)
    done = models.TextField(blank=True, help_text="What has been done.")
    next = models.TextField(blank=True, help_text="What happens next.")
    is_published = models.BooleanField(default=False)
    changed_at = models.DateTimeField(auto_now=True)

    objects = FindingSummaryQuerySet.as_manager()

    def __str__(self) -> str:
        return self.summary[:60]


class PublicChoiceQuerySet(models.QuerySet["PublicChoice"]):
    def for_area(self, area: LocalArea) -> PublicChoiceQuerySet:
        return self.filter(plan__area=area)


class PublicChoice(models.Model):
    """Which items, indicators and update commentary a plan's managers chose to publish."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="public_choice")
    items = models.ManyToManyField(Item, blank=True, related_name="+")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="+")
    updates = models.ManyToManyField(ProgressUpdate, blank=True, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    objects = PublicChoiceQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Public choice of {self.plan}"


class YouSaidQuerySet(models.QuerySet["YouSaid"]):
    def for_area(self, area: LocalArea) -> YouSaidQuerySet:
        return self.filter(plan__area=area)

    def published(self) -> YouSaidQuerySet:
        return self.filter(is_published=True)


class YouSaid(models.Model):
    """ "You said, we did": what children, young people or families said, and what changed.

    Any member writes and changes entries; a manager approves one to publish, which keeps a
    copy of its text in `approved`. Publishing shows that copy, so a change made after the
    approval waits for a manager to approve it again before it is public.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="you_said")
    said = models.TextField()
    source = models.CharField(max_length=300, help_text='e.g. "Parent carer forum survey"')
    said_on = models.DateField()
    did = models.TextField()
    items = models.ManyToManyField(Item, blank=True, related_name="+")
    is_published = models.BooleanField(
        default=False, help_text="A manager approved it to publish: see `approved`."
    )
    approved = models.JSONField(
        null=True,
        blank=True,
        help_text="The text a manager approved (as `draft()`): what publishing shows.",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    objects = YouSaidQuerySet.as_manager()

    class Meta:
        ordering = ["-said_on", "-pk"]
        verbose_name = "you said, we did"
        verbose_name_plural = "you said, we did"

    def __str__(self) -> str:
        return self.said[:60]

    def draft(self) -> dict[str, Any]:
        """What the entry says now, as plain data: the form a manager approves."""
        return {
            "said": self.said,
            "source": self.source,
            "said_on": self.said_on.isoformat(),
            "did": self.did,
            "items": sorted(item.pk for item in self.items.all()),
        }

    @property
    def needs_approval(self) -> bool:
        """Marked to publish, but changed since a manager approved it."""
        return self.is_published and self.approved != self.draft()


class SnapshotQuerySet(models.QuerySet["PublishedSnapshot"]):
    def for_area(self, area: LocalArea) -> SnapshotQuerySet:
        return self.filter(plan__area=area)


class PublishedSnapshot(AppendOnly):
    """Exactly what the public page of a plan showed from one publishing: never changed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="snapshots")
    number = models.PositiveIntegerField(help_text="1 for the plan's first publishing, and so on.")
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.JSONField()
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the content as published.")

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_snapshot_number_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.plan} published {self.published_at:%Y-%m-%d}"
