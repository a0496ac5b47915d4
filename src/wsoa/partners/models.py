"""Which integrated care board(s) serve an area, as a manager chose them (or the seed map)."""

from __future__ import annotations

from django.db import models

from wsoa.core.models import LocalArea


class AreaIcbQuerySet(models.QuerySet["AreaIcb"]):
    def for_area(self, area: LocalArea) -> AreaIcbQuerySet:
        return self.filter(area=area)


class AreaIcb(models.Model):
    """One ICB serving the area, by its ONS code (E54…) in the packaged lookup."""

    audit_type = "partners_area_icb"  # the object type of its audit events

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="icbs")
    code = models.CharField(max_length=9, help_text="ONS ICB code, e.g. E54000050.")
    name = models.CharField(max_length=200)
    chosen_at = models.DateTimeField(auto_now_add=True)

    objects = AreaIcbQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="one_row_per_icb")]

    def __str__(self) -> str:
        return self.name
