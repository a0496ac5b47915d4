"""Which integrated care board(s) and NHS providers serve an area, as a manager chose them."""

from __future__ import annotations

from django.conf import settings
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


class AreaProviderQuerySet(models.QuerySet["AreaProvider"]):
    def for_area(self, area: LocalArea) -> AreaProviderQuerySet:
        return self.filter(area=area)

    def current(self) -> AreaProviderQuerySet:
        """The providers chosen and not since removed."""
        return self.filter(removed_at__isnull=True)


class AreaProvider(models.Model):
    """One NHS provider a manager chose as serving the area; kept when removed, as history.

    A row is added when a provider is chosen and closed (`removed_at`, `removed_by`) when it is
    taken off; choosing it again adds a new row. The current choice is the open rows.
    """

    audit_type = "partners_area_provider"

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="nhs_providers")
    code = models.CharField(max_length=8, help_text="The packaged file's provider code.")
    name = models.CharField(max_length=200)
    chosen_at = models.DateTimeField(auto_now_add=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AreaProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name", "chosen_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "code"],
                condition=models.Q(removed_at__isnull=True),
                name="one_open_row_per_provider",
            )
        ]

    def __str__(self) -> str:
        return self.name
