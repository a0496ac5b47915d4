"""The national catalogue: the DfE's LAIT measures for every area, and statistical neighbours.

National published data, not any local area's: no tenant scoping, nothing personal. Loaded in
bulk from the packaged files in `benchmarks/data/` by `benchmarks.loading`; a `DataLoad` row keeps
the checksum of what was loaded so that reloading an unchanged file writes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

# What each suppression mark means, as the DfE's statistics use them.
MARK_REASONS = {
    "-": "not available (-)",
    "c": "suppressed (c)",
    "x": "not available (x)",
    "z": "not applicable (z)",
    ".": "not applicable (.)",
    "": "not published (blank)",
}


class Measure(models.Model):
    """One LAIT measure, with the data dictionary's description and polarity."""

    code = models.CharField(max_length=60, unique=True)  # LAIT's "Short Desc"
    topic = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=300)  # the dictionary's "Measure"
    chart_title = models.CharField(max_length=300, blank=True)
    y_axis = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    methodology = models.TextField(blank=True)
    decimals = models.PositiveSmallIntegerField(null=True, blank=True)
    unit = models.CharField(max_length=10, blank=True)  # "%" where derivable, else ""
    polarity = models.CharField(max_length=4, blank=True)  # "High", "Low" or "" (context only)
    year_type = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=300, blank=True)
    link = models.URLField(max_length=500, blank=True)
    last_update = models.DateField(null=True, blank=True)
    next_update = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["topic", "code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.chart_title or self.name}"

    @property
    def is_rated(self) -> bool:
        """Only measures with a polarity get a rank, quartile or rating."""
        return self.polarity in ("High", "Low")


class Area(models.Model):
    """A local authority (by DfE number), a region, or England, as LAIT lists them."""

    class Kind(models.TextChoices):
        LA = "la", "Local authority"
        REGION = "region", "Region"
        ENGLAND = "england", "England"

    code = models.PositiveIntegerField(unique=True)  # DfE LA number; regions 980–990, England 970
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    region = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    is_current = models.BooleanField(default=True)
    replaced_by = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="replaces"
    )
    notes = models.TextField(blank=True)  # the break in the series, for changed areas

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Period(models.Model):
    """A period label exactly as LAIT prints it ("2024 (Rev)", "2023/24", "2014-16" …)."""

    label = models.CharField(max_length=40, unique=True)
    base = models.CharField(max_length=40)  # the label without its revision mark: "2024"
    year = models.IntegerField()  # the year the period ends in; 0 when the label has none
    sort_key = models.IntegerField()  # orders periods of one measure, revisions after originals
    kind = models.CharField(max_length=12)  # calendar | academic | financial | span | unknown
    revision = models.CharField(max_length=6, blank=True)  # "" | rev | prov | final | OT

    class Meta:
        ordering = ["sort_key", "label"]

    def __str__(self) -> str:
        return self.label


class Value(models.Model):
    """One published figure (measure, area, period); None with its mark when not available."""

    # No database-level foreign keys on this bulk-loaded table: the loader writes every row in one
    # transaction from ids it has just read, and per-row constraint checks (deferred triggers on
    # PostgreSQL) would multiply the load time. Deletes still cascade through the ORM.
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="values", db_constraint=False
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="values", db_constraint=False
    )
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="values", db_constraint=False
    )
    value = models.DecimalField(max_digits=38, decimal_places=18, null=True, blank=True)
    mark = models.CharField(max_length=2, blank=True)  # the suppression mark when value is None
    # Worked out at load time for LAs (benchmarks.ranking): rank among the LAs with a figure for
    # this measure and period (None without a figure or polarity), and how many had one.
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    of = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "area", "period"], name="benchmarks_value_unique"
            )
        ]
        indexes = [
            models.Index(fields=["measure", "period"], name="benchmarks_value_mp"),
            models.Index(fields=["area", "measure"], name="benchmarks_value_am"),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id}/{self.area_id}/{self.period_id}: {self.value}"

    @property
    def reason(self) -> str:
        """Why there is no figure ("suppressed (c)" …), or "" when there is one."""
        if self.value is not None:
            return ""
        return MARK_REASONS.get(self.mark, f"not available ({self.mark})")

    @property
    def figure(self) -> Decimal | None:
        return self.value


class Neighbour(models.Model):
    """One of an LA's ten statistical neighbours (DfE, May 2025), nearest first."""

    la = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="neighbour_rows")
    neighbour = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()  # 1–10
    closeness = models.CharField(max_length=40, blank=True)  # "Very close", "Close" …

    class Meta:
        ordering = ["la", "position"]
        constraints = [
            models.UniqueConstraint(fields=["la", "position"], name="benchmarks_neighbour_unique")
        ]

    def __str__(self) -> str:
        return f"{self.la_id} → {self.neighbour_id} ({self.position})"


class DataLoad(models.Model):
    """The checksum of what was last loaded, so that an unchanged file writes nothing."""

    name = models.CharField(max_length=60, unique=True)  # "lait" or "lait:<subset key>"
    checksum = models.CharField(max_length=80)  # SHA-256, "~subset" after a partial load
    rows = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} {self.checksum[:8]}"
