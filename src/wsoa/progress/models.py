"""The monthly cycle: reporting periods, progress updates, RAG decisions, comments, reminders.

Updates, decisions and comments are rows that are only ever added: a correction is a new
update that names the one it corrects. The confirmed RAG history of an item is its decisions.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from wsoa.core.models import AppendOnly, LocalArea
from wsoa.plans.models import Item, Milestone, Plan
from wsoa.plans.rag import Rag


class Confirmer(models.TextChoices):
    MANAGER = "manager", "The plan manager"
    BOARD = "board", "The board (board members) or the plan manager"


class PlanSettingsManager(models.Manager["PlanSettings"]):
    def for_plan(self, plan: Plan) -> PlanSettings:
        """The plan's cycle settings, or the defaults (unsaved) when none were saved: no write."""
        return self.filter(plan=plan).first() or self.model(plan=plan)

    def for_changing(self, plan: Plan) -> PlanSettings:
        """The saved cycle settings, saving the defaults first: for pages that change them."""
        found, _ = self.get_or_create(plan=plan)
        return found


class PlanSettings(models.Model):
    """How a plan runs its cycle: who confirms RAG, when an item counts as silent, reminders."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="cycle")
    rag_confirmed_by = models.CharField(
        max_length=10, choices=Confirmer.choices, default=Confirmer.MANAGER
    )
    silent_after_days = models.PositiveSmallIntegerField(
        default=45, help_text="An item with no update for this many days is flagged silent."
    )
    remind_days_before = models.PositiveSmallIntegerField(
        default=7, help_text="Owners are reminded this many days before a period closes."
    )
    chase_days_after = models.PositiveSmallIntegerField(
        default=3, help_text="Owners still missing an update are chased this many days after."
    )
    version = models.PositiveIntegerField(default=1)

    objects = PlanSettingsManager()

    def __str__(self) -> str:
        return f"Cycle of {self.plan}"


class ReportingPeriod(models.Model):
    """A period the plan reports on: "November 2026", "Q3 2019-20", Stockton's "Q7"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(max_length=100)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="one_period_label_per_plan"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Assignment(models.Model):
    """A user asked to report on an item they do not lead (or whose lead has no account)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "user"], name="one_assignment_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.item}"


class UpdateQuerySet(models.QuerySet["ProgressUpdate"]):
    def for_area(self, area: LocalArea) -> UpdateQuerySet:
        return self.filter(item__plan__area=area)


class ProgressUpdate(AppendOnly):
    """An owner's dated report on an item (or one of its milestones)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="updates")
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="updates"
    )
    period = models.ForeignKey(
        ReportingPeriod, null=True, blank=True, on_delete=models.PROTECT, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    commentary = models.TextField()
    proposed_rag = models.CharField(max_length=20, choices=Rag.choices)
    revised_due = models.DateField(null=True, blank=True)
    milestone_complete = models.BooleanField(default=False)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )

    objects = UpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["item", "-created_at"]),
            models.Index(fields=["period", "item"]),
        ]

    def __str__(self) -> str:
        return f"Update {self.pk} on {self.item}"


def evidence_path(instance: Evidence | None, filename: str) -> str:
    """Where an evidence file is stored: a random folder each, so no two uploads share a name,
    even when two app servers store files of the same name at once (ADR 0024)."""
    return f"evidence/{timezone.localdate():%Y/%m}/{secrets.token_hex(8)}/{filename}"


class Evidence(AppendOnly):
    """A link or an uploaded file that backs an update."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=1000, blank=True)
    file = models.FileField(upload_to=evidence_path, max_length=300, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    # SHA-256 of the file as stored, checked each time it is served; blank for a link, or for a
    # file stored before checksums that could not be read when they were added.
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Outcome(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    RETURNED = "returned", "Returned"


class RagDecision(AppendOnly):
    """The plan manager's (or board's) answer to a proposed RAG: confirmed, or returned."""

    update = models.OneToOneField(ProgressUpdate, on_delete=models.CASCADE, related_name="decision")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="rag_decisions")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    rag = models.CharField(max_length=20, choices=Rag.choices)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rag_decisions"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["item", "-decided_at"])]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.rag} on {self.item}"


class Comment(AppendOnly):
    """A question or challenge on an item, from anyone who can read it."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", "Reminder before the period closes"
    CHASER = "chaser", "Chaser after the period closed"


class ReminderSent(models.Model):
    """That an owner was sent a reminder or chaser for a period: sending is claimed once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    items = models.PositiveIntegerField(help_text="How many items the message listed.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "period", "kind"], name="one_reminder_each")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.user} for {self.period}"
