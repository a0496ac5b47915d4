"""Partners' figures as indicators: NHS children's community health waits and tribunal appeals.

Health: for each ICB serving the area and each therapy chosen, two indicators an ICB partner can
own: children waiting over 18 weeks (% of the waiting list; England as comparator; the
numerator and denominator of each month kept) and children waiting over 52 weeks (a count).
The same two for an NHS provider a manager chose (`add_provider_indicators`), named with the
provider's name and owned by a member working for it, else for an ICB.
Tribunals: the SEND Tribunal appeal rate of the area's local authority (the DfE link), with
England and the mean of the statistical neighbours that have a figure, and how many: the
neighbours the area chose on the DfE page, else the DfE's published list where the national
catalogue (`wsoa.benchmarks`) is loaded.

Indicators are created through `services.create_indicator` (audited); figures are added as
measurement rows like the DfE figures (`dfe.py`): only months or years that are new or
changed (a change as a correction), so running it again writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from wsoa.benchmarks.models import Neighbour
from wsoa.core.audit import record_event
from wsoa.core.models import LocalArea, Membership, OrganisationKind
from wsoa.kpi import dfe, dfedata, services
from wsoa.kpi.models import Comparator, ComparatorKind, DfeLink, Indicator
from wsoa.kpi.periods import Period, calendar_year, month
from wsoa.partners import tribunals, waits
from wsoa.plans.models import Plan

HEALTH_THEME = "Children's community health waits (NHS)"
TRIBUNAL_THEME = "SEND Tribunal appeals"
TRIBUNAL_CODE = "tribunal_appeal_rate"
THERAPY_CODES = {
    "speech_and_language": "salt",
    "occupational_therapy": "ot",
    "community_paediatrics": "paeds",
    "audiology": "audiology",
}
PLACES = Decimal("0.001")


@dataclass
class PartnerReport:
    """What adding the partners' indicators did, and what it could not do."""

    added: list[str] = field(default_factory=list)
    measurements: int = 0
    comparators: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.added)} indicator{'s' if len(self.added) != 1 else ''} added, "
            f"{self.measurements} actuals and {self.comparators} comparator figures recorded"
        )


@dataclass(frozen=True)
class Figure:
    """One figure for a period, ready to become a measurement or a comparator."""

    period: Period
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class WaitPlace:
    """An ICB or an NHS provider whose waiting lists become indicators."""

    code: str  # the last part of the indicator's code: the ICB's ODS code or the provider's
    label: str  # how the indicator's name ends: "North East and North Cumbria ICB"
    full_name: str  # in the indicator's definition
    kind: str  # "icb" or "provider", as the packaged file says
    key: str  # the place's name in the packaged file

    def rows(self, therapy: str) -> list[waits.Wait]:
        return waits.series(self.kind, self.key, therapy)


def icb_place(icb: waits.Icb) -> WaitPlace:
    return WaitPlace(icb.ods_code, f"{icb.short_name} ICB", icb.name, "icb", icb.short_name)


def provider_place(provider: waits.Provider) -> WaitPlace:
    name = provider.name
    return WaitPlace(provider.code, name, name, "provider", provider.code)


def wait_code(place: WaitPlace, therapy: str, weeks: int) -> str:
    """The indicator's code: one per area, place, therapy and measure ("nhs_over18_salt_QHM")."""
    return f"nhs_over{weeks}_{THERAPY_CODES[therapy]}_{place.code}"


def icb_owner(area: LocalArea) -> Any:
    """The first member of the area who works for an ICB, to own its indicators (or None)."""
    found = (
        Membership.objects.filter(area=area, organisation__kind=OrganisationKind.ICB)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return found.user if found else None


def provider_owner(area: LocalArea, provider: waits.Provider) -> Any:
    """A member working for the provider (an NHS trust of that name), else for an ICB."""
    rows = Membership.objects.filter(area=area, organisation__kind=OrganisationKind.NHS_TRUST)
    for member in rows.select_related("user", "organisation").order_by("pk"):
        if member.organisation and waits.squash(member.organisation.name) == waits.squash(
            provider.name
        ):
            return member.user
    return icb_owner(area)


@transaction.atomic
def add_partner_indicators(
    *,
    area: LocalArea,
    icbs: list[waits.Icb],
    therapies: list[str],
    tribunal: bool,
    plan: Plan | None,
    by: Any,
    actor_label: str = "",
) -> PartnerReport:
    """Add (or bring up to date) the health and tribunal indicators; one audit event if any."""
    report = PartnerReport()
    owner = icb_owner(area)
    for icb in icbs:
        for therapy in therapies:
            _add_waits(area, icb_place(icb), therapy, plan, owner, by, actor_label, report)
    if tribunal:
        _add_tribunal(area, plan, by, actor_label, report)
    _record_loaded(area, report, by, actor_label)
    return report


@transaction.atomic
def add_provider_indicators(
    *,
    area: LocalArea,
    provider: waits.Provider,
    therapies: list[str],
    plan: Plan | None,
    by: Any,
    actor_label: str = "",
) -> PartnerReport:
    """Add (or bring up to date) a provider's waits indicators; one audit event if any."""
    report = PartnerReport()
    owner = provider_owner(area, provider)
    for therapy in therapies:
        place = provider_place(provider)
        _add_waits(area, place, therapy, plan, owner, by, actor_label, report)
    _record_loaded(area, report, by, actor_label)
    return report


def _record_loaded(area: LocalArea, report: PartnerReport, by: Any, actor_label: str) -> None:
    if report.added or report.measurements or report.comparators:
        record_event(
            obj=area,
            by=by,
            actor_label=actor_label,
            action="partner_figures.loaded",
            summary=f"Partners' figures: {report.summary()}",
            changes={"added": report.added, "notes": report.notes},
        )


def _add_waits(
    area: LocalArea,
    place: WaitPlace,
    therapy: str,
    plan: Plan | None,
    owner: Any,
    by: Any,
    actor_label: str,
    report: PartnerReport,
) -> None:
    rows = place.rows(therapy)
    england = waits.england_series(therapy)
    values = _over_18_values(place, therapy, owner)
    over_18 = _indicator(area, values, plan, by, actor_label, report)
    report.measurements += _record(over_18, _percent_figures(rows), by, actor_label)
    report.comparators += _compare(
        over_18, ComparatorKind.ENGLAND, _england(_percent_figures(england))
    )
    values = _over_52_values(place, therapy, owner)
    over_52 = _indicator(area, values, plan, by, actor_label, report)
    figures = [
        Figure(month(w.month.year, w.month.month), Decimal(w.over_52))
        for w in rows
        if w.over_52 is not None
    ]
    report.measurements += _record(over_52, figures, by, actor_label)
    missing = missing_months(rows)
    if missing:
        report.notes.append(
            f"{place.label}, {waits.THERAPIES[therapy]}: no figure for {', '.join(missing)} "
            "2023 (not reported, or nobody waiting)"
        )


def missing_months(rows: list[waits.Wait]) -> list[str]:
    """The months of January–October 2023 with no % over 18 weeks among these rows."""
    have = {w.month.month for w in rows if w.percent_over_18 is not None}
    return [dt.date(2023, m, 1).strftime("%B") for m in range(1, 11) if m not in have]


def _percent_figures(rows: Iterable[waits.Wait]) -> list[Figure]:
    return [
        Figure(
            month(w.month.year, w.month.month),
            w.percent_over_18,
            Decimal(w.over_18 or 0),
            Decimal(w.total or 0),
        )
        for w in rows
        if w.percent_over_18 is not None
    ]


def _over_18_values(place: WaitPlace, therapy: str, owner: Any) -> dict[str, Any]:
    words = waits.THERAPIES[therapy]
    return {
        "code": wait_code(place, therapy, 18),
        "name": f"Children waiting over 18 weeks for {words} (% of waiting list), {place.label}",
        "definition": f"Children and young people on the community health waiting list for "
        f"{words} in {place.full_name} who had waited more than 18 weeks at the end of the "
        "month, as a percentage of everyone on that list.",
        "unit": "percent",
        "polarity": "lower",
        "numerator": "Children waiting more than 18 weeks",
        "denominator": "Children on the waiting list",
        **_common(owner),
    }


def _over_52_values(place: WaitPlace, therapy: str, owner: Any) -> dict[str, Any]:
    words = waits.THERAPIES[therapy]
    return {
        "code": wait_code(place, therapy, 52),
        "name": f"Children waiting over 52 weeks for {words}, {place.label}",
        "definition": f"Children and young people on the community health waiting list for "
        f"{words} in {place.full_name} who had waited more than 52 weeks at the end of the month.",
        "unit": "count",
        "polarity": "lower",
        **_common(owner),
    }


def _common(owner: Any) -> dict[str, Any]:
    return {
        "theme": HEALTH_THEME,
        "frequency": "monthly",
        "source": waits.SOURCE,
        "owner": owner,
    }


def _indicator(
    area: LocalArea,
    values: dict[str, Any],
    plan: Plan | None,
    by: Any,
    actor_label: str,
    report: PartnerReport,
) -> Indicator:
    """The area's indicator with this code: made the first time, put on the plan if unplanned."""
    found = Indicator.objects.filter(area=area, code=values["code"]).first()
    who = by or actor_label
    if found is None:
        report.added.append(values["name"])
        return services.create_indicator(area=area, by=who, values={**values, "plan": plan})
    if plan is not None and found.plan_id is None:
        services.change_indicator(indicator=found, by=who, values={"plan": plan})
    return found


def _q(value: Decimal) -> Decimal:
    return value.quantize(PLACES)


def _record(indicator: Indicator, figures: list[Figure], by: Any, actor_label: str) -> int:
    """Add the figures that are new or changed as measurements; return how many."""
    return dfe.record_figures(indicator, figures, by, actor_label, source=indicator.source)


def _compare(indicator: Indicator, kind: str, named: list[tuple[str, Figure]]) -> int:
    """Set the comparator series of one kind; return how many rows were written (0: same)."""
    rows = [
        Comparator(
            indicator=indicator,
            kind=kind,
            name=name,
            label=f.period.label,
            start=f.period.start,
            end=f.period.end,
            value=_q(f.value),
            source=indicator.source,
        )
        for name, f in named
    ]
    have = Comparator.objects.filter(indicator=indicator, kind=kind)
    if {(c.name, c.end, c.value) for c in have} == {(c.name, c.end, c.value) for c in rows}:
        return 0
    have.delete()
    Comparator.objects.bulk_create(rows)
    return len(rows)


def _england(figures: list[Figure]) -> list[tuple[str, Figure]]:
    return [("England", f) for f in figures]


def _add_tribunal(
    area: LocalArea, plan: Plan | None, by: Any, actor_label: str, report: PartnerReport
) -> None:
    link = dfe.link_for(area, by=by, actor_label=actor_label)
    if link is None:
        report.notes.append(
            "SEND Tribunal appeals: choose the area's local authority on the DfE figures page "
            "first."
        )
        return
    rates = tribunals.for_authority(link.la_name)
    if not rates:
        report.notes.append(f"SEND Tribunal appeals: {link.la_name} is not in the table.")
        return
    indicator = _indicator(area, _tribunal_values(link.la_name), plan, by, actor_label, report)
    report.measurements += _record(indicator, [_rate(r) for r in rates], by, actor_label)
    england = _england([_rate(r) for r in tribunals.england()])
    report.comparators += _compare(indicator, ComparatorKind.ENGLAND, england)
    means = neighbour_means(*neighbours_of(link))
    report.comparators += _compare(indicator, ComparatorKind.NEIGHBOURS, means)


def _tribunal_values(la_name: str) -> dict[str, Any]:
    return {
        "code": TRIBUNAL_CODE,
        "name": f"SEND Tribunal appeal rate (appeals registered as % of appealable decisions), "
        f"{la_name}",
        "definition": "Appeals to the SEND Tribunal registered in the calendar year, as a "
        "percentage of the authority's total appealable decisions that year: initial requests "
        "for an EHC needs assessment refused, assessments completed with a decision not to "
        "issue an EHC plan, EHC plans held in January, and EHC plans ceased because needs are "
        "met without one (HMCTS/DfE table SEND_2, note 1).",
        "theme": TRIBUNAL_THEME,
        "unit": "percent",
        "polarity": "lower",
        "frequency": "calendar_year",
        "source": tribunals.SOURCE,
        "numerator": "SEND Tribunal appeals registered",
        "denominator": "Total appealable decisions",
    }


def _rate(row: tribunals.AppealRate) -> Figure:
    return Figure(calendar_year(row.year), row.rate, Decimal(row.appeals), Decimal(row.decisions))


def neighbours_of(link: DfeLink) -> tuple[list[str], str]:
    """The neighbours' names: the area's own choice, else the DfE's list where it is loaded."""
    if link.neighbour_codes:
        authorities = dfedata.dataset().authorities
        names = [authorities[c].name for c in link.neighbour_codes if c in authorities]
        return names, "Statistical neighbours chosen by the area"
    rows = Neighbour.objects.filter(la__code=int(link.la_code)).order_by("position")
    return list(rows.values_list("neighbour__name", flat=True)), "DfE statistical neighbours"


def neighbour_means(names: list[str], title: str) -> list[tuple[str, Figure]]:
    """Each year's mean rate of the neighbours with a figure, named with how many had one."""
    by_year: dict[int, list[Decimal]] = {}
    for name in names:
        for row in tribunals.for_authority(name):
            by_year.setdefault(row.year, []).append(row.rate)
    return [
        (
            f"{title} (mean of {len(values)} of {len(names)} with a figure)",
            Figure(calendar_year(year), sum(values, Decimal(0)) / len(values)),
        )
        for year, values in sorted(by_year.items())
    ]
