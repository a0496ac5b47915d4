"""`wsoa findings REPORT [--json]`: print what wsoa reads from an area SEND inspection report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsoa.inspections.reader import InspectionReport, ReportError, read_report

OUTCOME_WORDS = {
    1: "typically positive experiences and outcomes",
    2: "inconsistent experiences and outcomes",
    3: "widespread and/or systemic failings",
}


class Command(BaseCommand):
    help = "Read an area SEND inspection report (PDF or text) and print its findings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("report", help="the report as Ofsted published it (PDF), or its text")
        parser.add_argument("--json", action="store_true", help="print JSON for scripts")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["report"])
        try:
            report = read_report(path.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        except ReportError as error:
            raise CommandError(f"{path.name}: {error}") from error
        if options["json"]:
            self.stdout.write(json.dumps(as_json(report), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(summary(report))


def as_json(report: InspectionReport) -> dict[str, Any]:
    """The report in the command's JSON shape."""
    return report.as_dict()


def summary(report: InspectionReport) -> str:
    """A readable summary: who, when, the outcome, then every finding with its page."""
    lines = [
        f"Area: {report.area}",
        f"Inspection dates: {report.inspection_dates}",
        f"Published: {report.publication_date or 'not printed in the report'}",
        f"Outcome {report.outcome}: {OUTCOME_WORDS[report.outcome]}",
    ]
    for title, code, rows in (
        ("Areas for priority action", "APA", report.priority_actions),
        ("Areas for improvement", "AFI", report.improvements),
    ):
        lines += ["", f"{title}: {len(rows)}"]
        for number, row in enumerate(rows, 1):
            lines.append(f"{code} {number} (page {row.page})")
            if row.responsible_body:
                lines.append(f"  Responsible body: {row.responsible_body}")
            lines += [f"  {part}" for part in row.text.split("\n")]
    return "\n".join(lines)
