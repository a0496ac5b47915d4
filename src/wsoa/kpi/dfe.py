"""Load an area's official DfE figures as measurements of standard indicators, with comparators.

The area is linked to one local authority of the data (matched by name, or chosen by a
manager). Its figures become measurements of the standard indicators (`dfedata.STANDARDS`);
England's, its region's and its chosen statistical neighbours' (the mean of their figures)
become comparators. Loading again records only figures that changed (as corrections), so it
can run after every release. The report says what could not be matched.

Statistical neighbours: the DfE's children's services statistical neighbour benchmarking
tool is not shipped (it is published as a spreadsheet with macros, not as open data files), so
a manager chooses the neighbours; see ADR 0010.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from wsoa.benchmarks.loading import official_neighbours
from wsoa.core.audit import record_event
from wsoa.core.models import LocalArea
from wsoa.kpi import dfedata
from wsoa.kpi.models import Comparator, ComparatorKind, DfeLink, Indicator, Measurement
from wsoa.kpi.services import review_exception

THEME = "Statutory EHC process (DfE)"
PLACES = Decimal("0.001")


@dataclass
class LoadReport:
    area: LocalArea
    authority: str = ""
    measurements: int = 0
    comparators: int = 0
    unmatched: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        head = (
            f"{self.area.name}: {self.authority or 'no local authority matched'} — "
            f"{self.measurements} measurements recorded, {self.comparators} comparator figures"
        )
        return [head, *(f"  not matched: {line}" for line in self.unmatched)]


def authorities() -> list[tuple[str, str]]:
    """Every local authority in the data, as (3-digit code, name), by name."""
    data = dfedata.dataset()
    return sorted(((a.code, a.name) for a in data.authorities.values()), key=lambda p: p[1])


@transaction.atomic
def link_area(
    *, area: LocalArea, la_code: str, neighbour_codes: list[str], by: Any, actor_label: str = ""
) -> DfeLink:
    """Say which local authority of the DfE data the area is, and its statistical neighbours."""
    data = dfedata.dataset()
    authority = data.authorities.get(la_code)
    if authority is None:
        raise ValueError(f"There is no local authority {la_code} in the DfE data.")
    neighbours = [code for code in neighbour_codes if code in data.authorities and code != la_code]
    link, _ = DfeLink.objects.update_or_create(
        area=area,
        defaults={
            "la_code": la_code,
            "la_name": authority.name,
            "region_code": authority.region_code,
            "region_name": authority.region_name,
            "neighbour_codes": neighbours,
        },
    )
    record_event(
        obj=link,
        by=by,
        actor_label=actor_label,
        action="dfe_link.saved",
        summary=f"DfE figures: {authority.name} ({la_code}), "
        f"{len(neighbours)} statistical neighbours",
        changes={"la_code": la_code, "neighbours": neighbours},
    )
    return link


def link_for(area: LocalArea, *, by: Any = None, actor_label: str = "") -> DfeLink | None:
    """The area's link, made from a name match the first time when the name matches."""
    found = DfeLink.objects.filter(area=area).first()
    if found is not None:
        return found
    authority = dfedata.find_authority(dfedata.dataset(), area.name)
    if authority is None:
        return None
    return link_area(
        area=area, la_code=authority.code, neighbour_codes=[], by=by, actor_label=actor_label
    )


@transaction.atomic
def load_dfe(*, area: LocalArea, by: Any = None, actor_label: str = "wsoa dfe") -> LoadReport:
    """Load the area's figures and comparators; return what was loaded and what was not."""
    report = LoadReport(area)
    link = link_for(area, by=by, actor_label=actor_label)
    if link is None:
        report.unmatched.append(
            f'no local authority named "{area.name}" in the DfE data: choose one on the DfE page '
            "or with --la"
        )
        return report
    report.authority = f"{link.la_name} ({link.la_code})"
    data = dfedata.dataset()
    note = dfedata.succession_note(link.la_code)
    if note:
        report.unmatched.append(f"{link.la_name} was {note}")
    for standard in dfedata.STANDARDS:
        indicator = standard_indicator(area, standard)
        report.measurements += _load_measurements(indicator, data, link, by, actor_label, report)
        report.comparators += _load_comparators(indicator, data, link, report)
    link.loaded_at = timezone.now()
    link.save(update_fields=["loaded_at"])
    record_event(
        obj=link,
        by=by,
        actor_label=actor_label,
        action="dfe_figures.loaded",
        summary=f"Loaded DfE figures: {report.measurements} measurements, "
        f"{report.comparators} comparator figures",
        changes={"unmatched": report.unmatched},
    )
    return report


def standard_indicator(area: LocalArea, standard: dfedata.Standard) -> Indicator:
    """The area's indicator for a DfE standard, set up the first time it is needed."""
    indicator, _ = Indicator.objects.get_or_create(
        area=area,
        code=standard.code,
        defaults={
            "name": standard.name,
            "definition": standard.definition,
            "theme": THEME,
            "unit": standard.unit,
            "polarity": standard.polarity,
            "frequency": "academic_year" if standard.code == "dfe_caseload" else "calendar_year",
            "source": dfedata.NEW,
            "numerator": standard.numerator,
            "denominator": standard.denominator,
        },
    )
    return indicator


def _q(value: Decimal) -> Decimal:
    return value.quantize(PLACES)


def _qn(value: Decimal | None) -> Decimal | None:
    return _q(value) if value is not None else None


def _load_measurements(
    indicator: Indicator,
    data: dfedata.Dataset,
    link: DfeLink,
    by: Any,
    actor_label: str,
    report: LoadReport,
) -> int:
    series = data.series(indicator.code, "la", link.la_code)
    _report_gaps(indicator, data, link, series, report)
    return record_figures(indicator, series, by, actor_label)


def record_figures(
    indicator: Indicator,
    figures: Sequence[Any],
    by: Any,
    actor_label: str,
    *,
    source: str | None = None,
) -> int:
    """Add the published figures (period, value, numerator, denominator) that are new or changed
    since the last load as measurements (a change corrects the earlier row); return how many."""
    latest: dict[Any, Measurement] = {}
    for row in Measurement.objects.filter(indicator=indicator).order_by("end", "pk"):
        latest[row.end] = row
    user = by if getattr(by, "is_authenticated", False) else None
    label = str(user.get_username()) if user else (actor_label or str(by or "wsoa"))
    new = [
        Measurement(
            indicator=indicator,
            label=f.period.label,
            start=f.period.start,
            end=f.period.end,
            value=_q(f.value),
            numerator=_qn(f.numerator),
            denominator=_qn(f.denominator),
            source=f.source if source is None else source,
            entered_by=user,
            entered_label=label,
            corrects=latest.get(f.period.end),
        )
        for f in figures
        if f.period.end not in latest or latest[f.period.end].value != _q(f.value)
    ]
    Measurement.objects.bulk_create(new)
    if new:
        review_exception(indicator=indicator, by=by or actor_label)
    return len(new)


def _report_gaps(
    indicator: Indicator,
    data: dfedata.Dataset,
    link: DfeLink,
    series: list[dfedata.Figure],
    report: LoadReport,
) -> None:
    if not series and not data.missing.get((indicator.code, "la", link.la_code)):
        report.unmatched.append(f"{indicator.name}: {link.la_name} is not in the files")
        return
    have = {f.period.label for f in series}
    gaps = [
        text
        for text in data.missing.get((indicator.code, "la", link.la_code), [])
        if text.split(":")[0] not in have
    ]
    if gaps:
        marks = ", ".join(
            f"{text.split(': ')[0]} ({dfedata.MARKERS.get(text.split(': ')[1], 'blank')})"
            for text in gaps
        )
        report.unmatched.append(f"{indicator.name}: no figure for {marks}")


def _load_comparators(
    indicator: Indicator, data: dfedata.Dataset, link: DfeLink, report: LoadReport
) -> int:
    rows = [
        _comparator(indicator, ComparatorKind.ENGLAND, "England", f)
        for f in data.series(indicator.code, "england", dfedata.ENGLAND)
    ]
    rows += [
        _comparator(indicator, ComparatorKind.REGION, link.region_name, f)
        for f in data.series(indicator.code, "region", link.region_code)
    ]
    rows += _neighbours(indicator, data, link, report)
    Comparator.objects.filter(indicator=indicator).delete()
    Comparator.objects.bulk_create(rows)
    return len(rows)


def _comparator(
    indicator: Indicator, kind: str, name: str, f: dfedata.Figure, value: Decimal | None = None
) -> Comparator:
    return Comparator(
        indicator=indicator,
        kind=kind,
        name=name,
        label=f.period.label,
        start=f.period.start,
        end=f.period.end,
        value=_q(value if value is not None else f.value),
        source=f.source,
    )


def _neighbours(
    indicator: Indicator, data: dfedata.Dataset, link: DfeLink, report: LoadReport
) -> list[Comparator]:
    """The mean of the neighbours' figures for each period all of them published: the manager's
    chosen neighbours, else the DfE's statistical neighbours (May 2025)."""
    codes = list(link.neighbour_codes or [])
    whose = "Your chosen neighbours"
    if not codes and link.la_code.isdigit():
        codes = [str(code) for code in official_neighbours(int(link.la_code))]
        codes = [code for code in codes if code in data.authorities]
        whose = "Statistical neighbours (DfE, May 2025)"
    if not codes:
        return []
    by_period: dict[Any, list[dfedata.Figure]] = defaultdict(list)
    for code in codes:
        for f in data.series(indicator.code, "la", code):
            by_period[f.period.end].append(f)
    rows = []
    for figures in by_period.values():
        if len(figures) == len(codes):
            mean = sum((f.value for f in figures), Decimal(0)) / len(figures)
            name = f"{whose} (mean of {len(codes)})"
            rows.append(_comparator(indicator, ComparatorKind.NEIGHBOURS, name, figures[0], mean))
    if len(rows) < len(by_period):
        report.unmatched.append(
            f"{indicator.name}: neighbours' mean left out for {len(by_period) - len(rows)} "
            "period(s) where not every neighbour has a figure"
        )
    return rows
