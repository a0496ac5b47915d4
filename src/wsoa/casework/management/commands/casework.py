"""`wsoa casework import|sen2|figures|erase|purge`: the casework part from the command line.

- `import FILE.csv|.xlsx --area NAME [--mapping MAP.json]`: create or update the area's cases
  (the area is created if new, as `wsoa import` does); prints "N created, N updated, N
  unchanged". Every bad row is printed with its row and column, and nothing is written.
- `sen2 --area NAME --year YYYY [--json]`: the SEN2 timeliness figures for the calendar year;
  `--return FILE.csv [--personal --by USERNAME]`: the case-level return (`returns.py`), with
  personal fields only when a casework manager of the area makes it.
- `figures [--area NAME]`: record this month's casework figures as the plan's indicators.
- `erase --area NAME --case-ref REF`: erase one case on request (audited).
- `purge [--days N]`: delete cases closed more than N days ago (WSOA_CASEWORK_RETENTION_DAYS).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wsoa.casework import extracts
from wsoa.casework.figures import sen2
from wsoa.casework.models import CaseworkRole, CaseworkRoleKind
from wsoa.casework.returns import sen2_return
from wsoa.casework.scorecard import record_monthly
from wsoa.casework.services import CaseworkError, erase_case, import_cases, purge_closed
from wsoa.core.models import LocalArea

LABEL = "wsoa casework"


class Command(BaseCommand):
    help = "Casework: import extracts, print SEN2 figures, record monthly figures, erase, purge."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        one = sub.add_parser("import", help="Import an extract (.csv or .xlsx) of cases.")
        one.add_argument("file", type=Path)
        one.add_argument("--area", required=True, help="The local area's name (created if new).")
        one.add_argument("--mapping", type=Path, metavar="MAP.json",
                         help='{"canonical_column": "the file\'s heading", …}')  # fmt: skip
        figures = sub.add_parser("sen2", help="The SEN2 figures for a calendar year.")
        figures.add_argument("--area", required=True)
        figures.add_argument("--year", type=int, required=True)
        figures.add_argument("--json", action="store_true")
        figures.add_argument(
            "--return",
            dest="return_file",
            type=Path,
            metavar="FILE.csv",
            help="Write the case-level SEN2 return for the year to this file.",
        )
        figures.add_argument(
            "--personal",
            action="store_true",
            help="With --return: add UPN, name, date of birth and postcode "
            "(needs --by, a casework manager of the area).",
        )
        figures.add_argument("--by", metavar="USERNAME", help="Who makes the return (audited).")
        monthly = sub.add_parser("figures", help="Record the monthly figures as indicators.")
        monthly.add_argument("--area", help="One area (default: every area with cases).")
        erase = sub.add_parser("erase", help="Erase one case on request.")
        erase.add_argument("--area", required=True)
        erase.add_argument("--case-ref", required=True)
        purge = sub.add_parser("purge", help="Delete closed cases past the retention period.")
        purge.add_argument("--days", type=int, help="Default: WSOA_CASEWORK_RETENTION_DAYS.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            getattr(self, f"_{action}")(options)
        except CaseworkError as error:
            raise CommandError(str(error)) from error

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        given = load_mapping(options["mapping"]) if options["mapping"] else None
        try:
            table = extracts.read_table(path.name, path.read_bytes())
        except (OSError, extracts.ExtractError) as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error
        reading = extracts.read_extract(table, extracts.propose_map(table.headers, given))
        if reading.errors:
            for line in reading.errors:
                self.stderr.write(line)
            raise CommandError(f"{path}: {len(reading.errors)} errors. Nothing was imported.")
        name = options["area"]
        today = timezone.localdate()
        with transaction.atomic():
            area, _ = LocalArea.objects.get_or_create(
                slug=slugify(name)[:200], defaults={"name": name}
            )
            result = import_cases(area=area, reading=reading, by=LABEL, today=today)
            record_monthly(area=area, today=today, by=LABEL)
        self.stdout.write(result.line())

    def _sen2(self, options: dict[str, Any]) -> None:
        if options["return_file"]:
            self._return(options)
            return
        figures = sen2(area_named(options["area"]), options["year"])
        if options["json"]:
            self.stdout.write(json.dumps(figures))
            return
        for key, value in figures.items():
            self.stdout.write(f"{key}: {'–' if value is None else value}")

    def _return(self, options: dict[str, Any]) -> None:
        area, path = area_named(options["area"]), options["return_file"]
        by: Any = LABEL
        if options["by"]:
            by = get_user_model().objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"There is no user “{options['by']}”. Nothing was written.")
        if (
            options["personal"]
            and not CaseworkRole.objects.filter(
                user=by if options["by"] else None, area=area, role=CaseworkRoleKind.MANAGER
            ).exists()
        ):
            raise CommandError(
                f"Personal fields are only for casework managers of {area.name}: give --by "
                "with one's username, or leave out --personal. Nothing was written."
            )
        if path.suffix.lower() != ".csv":
            raise CommandError(f"{path}: the return is written as CSV: name it FILE.csv.")
        text, rows = sen2_return(
            area=area, year=options["year"], by=by, personal=options["personal"]
        )
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{path}: cannot write the return ({error}).") from error
        self.stdout.write(f"{rows} cases written to {path} (each audited as read).")

    def _figures(self, options: dict[str, Any]) -> None:
        today = timezone.localdate()
        areas = (
            [area_named(options["area"])]
            if options["area"]
            else LocalArea.objects.filter(ehc_cases__isnull=False).distinct()
        )
        for area in areas:
            added = record_monthly(area=area, today=today, by=LABEL)
            self.stdout.write(f"{area.name}: {added} monthly figures recorded")

    def _erase(self, options: dict[str, Any]) -> None:
        erase_case(area=area_named(options["area"]), case_ref=options["case_ref"], by=LABEL)
        self.stdout.write(f"Erased case {options['case_ref']}.")

    def _purge(self, options: dict[str, Any]) -> None:
        days = (
            options["days"]
            if options["days"] is not None
            else settings.WSOA_CASEWORK_RETENTION_DAYS
        )
        counts = purge_closed(retention_days=days, by=LABEL)
        for area, count in counts.items():
            self.stdout.write(f"{area}: {count} closed cases deleted")
        self.stdout.write(f"{sum(counts.values())} cases closed more than {days} days ago deleted.")


def area_named(name: str) -> LocalArea:
    area = (
        LocalArea.objects.filter(name=name).first()
        or LocalArea.objects.filter(slug=slugify(name)).first()
    )
    if area is None:
        raise CommandError(f"There is no local area named “{name}”.")
    return area


def load_mapping(path: Path) -> dict[str, str]:
    """A column map from JSON: {"canonical_column": "the file's heading", …}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"{path}: not a column map ({error}). Nothing was imported.") from error
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise CommandError(
            f'{path}: a column map is {{"canonical_column": "the file\'s heading", …}}. '
            "Nothing was imported."
        )
    return data
