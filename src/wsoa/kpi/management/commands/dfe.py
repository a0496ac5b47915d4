"""`wsoa dfe`: load the DfE's published EHC plan figures for an area (or every area)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from wsoa.core.models import LocalArea
from wsoa.kpi import dfe

LABEL = "wsoa dfe"


class Command(BaseCommand):
    help = (
        "Load the DfE's figures (20-week timeliness, requests, refusals, assessments, new plans, "
        "caseload, annual reviews) for an area as actuals of standard indicators, with England, "
        "region and statistical-neighbour comparators; say what could not be matched."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", help="The area's name or slug")
        parser.add_argument("--all", action="store_true", help="Every area")
        parser.add_argument("--la", help="The DfE's 3-digit LA number, when the name differs")
        parser.add_argument(
            "--neighbours", default=None, help="Statistical neighbours: LA numbers, e.g. 806,807"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for area in self.areas(options):
            if options["la"] or options["neighbours"] is not None:
                self.link(area, options)
            for line in dfe.load_dfe(area=area, actor_label=LABEL).lines():
                self.stdout.write(line)

    def areas(self, options: dict[str, Any]) -> list[LocalArea]:
        if options["all"]:
            return list(LocalArea.objects.order_by("name"))
        if not options["area"]:
            raise CommandError("Give --area NAME (or --all).")
        name = options["area"]
        found = LocalArea.objects.filter(Q(slug=name) | Q(name__iexact=name)).first()
        if found is None:
            raise CommandError(f"No area called {name}.")
        return [found]

    def link(self, area: LocalArea, options: dict[str, Any]) -> None:
        current = dfe.link_for(area, actor_label=LABEL)
        code = options["la"] or (current.la_code if current else "")
        if not code:
            raise CommandError(f"No local authority matches {area.name}: give --la.")
        raw = options["neighbours"]
        neighbours = [c.strip() for c in (raw or "").split(",") if c.strip()]
        if raw is None and current is not None:
            neighbours = list(current.neighbour_codes)
        try:
            dfe.link_area(
                area=area, la_code=code, neighbour_codes=neighbours, by=None, actor_label=LABEL
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
