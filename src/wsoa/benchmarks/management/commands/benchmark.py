"""`wsoa benchmark`: how a local authority compares on a LAIT measure (loads the data if needed)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsoa.benchmarks import comparison, loading


def _figure(value: Decimal | None, unit: str) -> str:
    return "not available" if value is None else f"{comparison.tidy(value)}{unit}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe(c: comparison.Comparison) -> list[str]:
    """A few readable lines: the figure, how it ranks, and its comparators."""
    value = _figure(c.value, c.unit) if c.value is not None else f"not available: {c.reason}"
    who = "your chosen neighbours" if c.neighbours_chosen else "statistical neighbours"
    lines = [f"{c.name} ({c.la}) — {c.title} ({c.measure}), {c.period or 'no period'}: {value}"]
    if c.rank is not None:
        lines.append(f"  {_ordinal(c.rank)} of {c.of} areas with a figure, quartile {c.quartile}")
    elif not c.polarity:
        lines.append("  context only: no polarity, so no rank")
    lines.append(
        f"  England {_figure(c.england, c.unit)}; {c.region_name} {_figure(c.region, c.unit)}"
    )
    lines.append(
        f"  {who}' average {_figure(c.neighbours_mean, c.unit)} "
        f"(of {c.neighbours_n}: {', '.join(str(n) for n in c.neighbours)})"
    )
    if c.trend:
        trend = "; ".join(f"{label} {_figure(v, c.unit)}" for label, v in c.trend)
        lines.append(f"  trend: {trend}")
    if c.area_note:
        lines.append(f"  note: {c.area_note}")
    return lines


class Command(BaseCommand):
    help = (
        "Compare a local authority with England, its region and its statistical neighbours on "
        "one of the DfE's LAIT measures (rank, quartile, trend). Loads the national data first "
        "if this database does not have it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--la", type=int, required=True, help="DfE LA number, e.g. 885")
        parser.add_argument("--measure", required=True, help="LAIT code, e.g. SEN_EHC_All_20wks")
        parser.add_argument("--period", help='Period label as LAIT prints it, e.g. "2024"')
        parser.add_argument("--json", action="store_true", help="Print JSON (issue 15 §5)")
        parser.add_argument(
            "--neighbours", help="Your own comparison set instead: LA numbers, e.g. 806,807"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = loading.ensure_loaded()
        if not report.skipped:
            self.stderr.write(str(report))
        try:
            result = comparison.compare(
                options["la"],
                options["measure"],
                options["period"],
                neighbours=self._neighbours(options["neighbours"]),
            )
        except comparison.NotFound as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json()))
        else:
            self.stdout.write("\n".join(describe(result)))

    def _neighbours(self, text: str | None) -> list[int] | None:
        if text is None:
            return None
        try:
            return [int(part) for part in text.replace(" ", "").split(",") if part]
        except ValueError as error:
            raise CommandError(
                f"--neighbours takes LA numbers separated by commas: {text!r}"
            ) from error
