"""What the documents app keeps about a plan's files: its tables' columns, workbooks applied,
documents uploaded to start a plan from (drafts) and the column maps an area has saved."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from wsoa.core.models import LocalArea
from wsoa.plans.models import Plan

DRAFT_KEPT = dt.timedelta(days=1)  # a draft older than this is deleted when the next is uploaded


class SourceColumns(models.Model):
    """The column headings of a plan's tables as its source printed them ("By whom?")."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="source_columns")
    columns = models.JSONField(
        default=list, help_text='[{"role", "level", "heading"}] in the order first printed.'
    )

    class Meta:
        verbose_name_plural = "source columns"

    def __str__(self) -> str:
        return ", ".join(c.get("heading", "") for c in self.columns)


class WorkbookApplication(models.Model):
    """A plan workbook that was applied, so that the same workbook is never applied twice.

    A workbook is known by the checksum of what it holds: its plan and export (the time and
    each item's version), its columns and every row. Saving it again in Excel keeps it the
    same workbook; an edit makes it another. The row is claimed in the apply's transaction.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="workbooks_applied")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of what the workbook holds.")
    exported_at = models.CharField(max_length=50, blank=True, help_text="As the file says.")
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(auto_now_add=True)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "checksum"], name="one_apply_per_workbook")
        ]

    def __str__(self) -> str:
        return f"{self.plan} workbook applied {self.applied_at:%Y-%m-%d %H:%M}"


class ImportDraftQuerySet(models.QuerySet["ImportDraft"]):
    def for_area(self, area: LocalArea) -> ImportDraftQuerySet:
        return self.filter(area=area)

    def stale(self, now: dt.datetime) -> ImportDraftQuerySet:
        """Keep drafts uploaded more than `DRAFT_KEPT` before now."""
        return self.filter(created_at__lt=now - DRAFT_KEPT)


class ImportDraft(models.Model):
    """A document uploaded to start a plan from, kept until the plan is created from it.

    The file itself is kept in the database (servers keep no local files), with the column map
    as the person corrected it, so each page of the preview reads the same file again.
    """

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="import_drafts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    column_map = models.JSONField(
        default=dict, blank=True, help_text="The corrected column map (wsoa-column-map), or {}."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImportDraftQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.file_name} uploaded {self.created_at:%Y-%m-%d %H:%M}"


class SavedColumnMapQuerySet(models.QuerySet["SavedColumnMap"]):
    def for_area(self, area: LocalArea) -> SavedColumnMapQuerySet:
        return self.filter(area=area)


class SavedColumnMap(models.Model):
    """A column map an area saved from the preview, to read the next file of the same layout."""

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="column_maps")
    name = models.CharField(max_length=100)
    column_map = models.JSONField(help_text="The map in its JSON form (wsoa-column-map).")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SavedColumnMapQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="one_column_map_per_name")
        ]

    def __str__(self) -> str:
        return self.name
