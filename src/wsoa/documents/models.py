"""What the documents app keeps about a plan's files: the columns its tables printed."""

from __future__ import annotations

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
