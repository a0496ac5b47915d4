"""What the documents app keeps about a plan's files: its tables' columns, workbooks applied."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from wsoa.plans.models import Plan


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
