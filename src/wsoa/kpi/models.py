"""Indicators with their baseline, targets and trajectory; measurements, comparators, exceptions.

Measurements are history: rows are only added, and a correction is a new row pointing at the
one it corrects. The figure for a period is the latest row for it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from wsoa.core.models import LocalArea
from wsoa.plans.models import Finding, ImpactIndicator, Item, Plan


class Unit(models.TextChoices):
    PERCENT = "percent", "Percentage (%)"
    COUNT = "count", "Count"
    DAYS = "days", "Days"
    WEEKS = "weeks", "Weeks"
    RATE = "rate", "Rate (per population)"


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    CLOSER = "closer", "Neither: closer to the target is better"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly (financial year)"
    CALENDAR_YEAR = "calendar_year", "Yearly (calendar year)"
    FINANCIAL_YEAR = "financial_year", "Yearly (April to March)"
    ACADEMIC_YEAR = "academic_year", "Yearly (September to August)"


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def for_area(self, area: LocalArea) -> IndicatorQuerySet:
        return self.filter(area=area)


class Indicator(models.Model):
    """A measure the area tracks: what it counts, which way is better, who owns it."""

    audit_type = "kpi_indicator"  # the object type of its audit events

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="indicators")
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="kpi_indicators"
    )
    findings = models.ManyToManyField(Finding, blank=True, related_name="kpi_indicators")
    items = models.ManyToManyField(Item, blank=True, related_name="kpi_indicators")
    printed = models.ForeignKey(
        ImpactIndicator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kpi_indicators",
        help_text="The printed target this indicator was set up from.",
    )
    code = models.CharField(max_length=40, blank=True, help_text="Standard indicators: dfe_…")
    name = models.CharField(max_length=200)
    definition = models.TextField(blank=True)
    theme = models.CharField(max_length=100, blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.PERCENT)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.HIGHER)
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    source = models.CharField(max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kpi_indicators",
    )
    numerator = models.CharField(max_length=300, blank=True)
    denominator = models.CharField(max_length=300, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    baseline_label = models.CharField(max_length=40, blank=True, help_text="e.g. 2017-18")
    target = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    target_label = models.CharField(max_length=40, blank=True, help_text="e.g. 2020-21")
    target_on = models.DateField(null=True, blank=True)
    green_within = models.DecimalField(max_digits=10, decimal_places=3, default=0)
    amber_within = models.DecimalField(max_digits=10, decimal_places=3, default=5)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["theme", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "code"],
                condition=~models.Q(code=""),
                name="one_standard_indicator_per_area",
            ),
            models.CheckConstraint(
                condition=models.Q(amber_within__gte=models.F("green_within")),
                name="amber_tolerance_not_below_green",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TargetStepQuerySet(models.QuerySet["TargetStep"]):
    def for_area(self, area: LocalArea) -> TargetStepQuerySet:
        return self.filter(indicator__area=area)


class TargetStep(models.Model):
    """One interim target of the trajectory: the value due by the end of a period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="steps")
    label = models.CharField(max_length=40)
    start = models.DateField()
    end = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=3)

    objects = TargetStepQuerySet.as_manager()

    class Meta:
        ordering = ["end"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "end"], name="one_target_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class MeasurementQuerySet(models.QuerySet["Measurement"]):
    def for_area(self, area: LocalArea) -> MeasurementQuerySet:
        return self.filter(indicator__area=area)


class Measurement(models.Model):
    """An actual for one period, as entered or loaded. Never changed: corrections are new rows."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    label = models.CharField(max_length=40)
    start = models.DateField()
    end = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=3)
    numerator = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    entered_label = models.CharField(max_length=200)
    entered_at = models.DateTimeField(auto_now_add=True)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["end", "pk"]
        indexes = [models.Index(fields=["indicator", "end"])]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Measurements cannot be changed: record a correction instead.")
        super().save(*args, **kwargs)


class ComparatorKind(models.TextChoices):
    ENGLAND = "england", "England"
    REGION = "region", "Region"
    NEIGHBOURS = "neighbours", "Statistical neighbours"


class ComparatorQuerySet(models.QuerySet["Comparator"]):
    def for_area(self, area: LocalArea) -> ComparatorQuerySet:
        return self.filter(indicator__area=area)


class Comparator(models.Model):
    """A published figure to compare with: England, the region or the neighbours' average."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="comparators")
    kind = models.CharField(max_length=20, choices=ComparatorKind.choices)
    name = models.CharField(max_length=200, help_text='e.g. "North East"')
    label = models.CharField(max_length=40)
    start = models.DateField()
    end = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=3)
    source = models.CharField(max_length=300, blank=True)

    objects = ComparatorQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "end"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "kind", "end"], name="one_comparator_per_kind_and_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.label}: {self.value}"


class ExceptionReportQuerySet(models.QuerySet["ExceptionReport"]):
    def for_area(self, area: LocalArea) -> ExceptionReportQuerySet:
        return self.filter(indicator__area=area)

    def open(self) -> ExceptionReportQuerySet:
        return self.filter(closed_at__isnull=True)


class ExceptionReport(models.Model):
    """Opened when an indicator turns red: its owner says why, what is done, and by when."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="exceptions")
    measurement = models.ForeignKey(Measurement, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(help_text="The RAG reason in words, when it was opened.")
    cause = models.TextField(blank=True)
    action = models.TextField(blank=True)
    recovery_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=300, blank=True)

    objects = ExceptionReportQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_exception_per_indicator",
            )
        ]

    def __str__(self) -> str:
        return self.reason

    @property
    def is_answered(self) -> bool:
        return bool(self.cause and self.action)


class DfeLink(models.Model):
    """Which local authority of the DfE data is this area, and which are its neighbours."""

    audit_type = "kpi_dfe_link"  # the object type of its audit events

    area = models.OneToOneField(LocalArea, on_delete=models.CASCADE, related_name="dfe_link")
    la_code = models.CharField(max_length=3, help_text="The DfE's 3-digit LA number, e.g. 805.")
    la_name = models.CharField(max_length=200)
    region_code = models.CharField(max_length=9, blank=True)
    region_name = models.CharField(max_length=100, blank=True)
    neighbour_codes = models.JSONField(default=list, blank=True)
    loaded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.area}: {self.la_name} ({self.la_code})"
