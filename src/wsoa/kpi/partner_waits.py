"""The partner figures page's waits: per service, England, the area's ICBs and its NHS providers.

Each row is the place's latest month with a figure in NHS England's 2023 waiting lists, with
the months that have none, and whether the area tracks it already (the indicator's id, found
by its code in one query).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from wsoa.core.models import LocalArea
from wsoa.kpi.models import Indicator
from wsoa.kpi.partner_indicators import (
    WaitPlace,
    icb_place,
    missing_months,
    provider_place,
    wait_code,
)
from wsoa.partners import waits


@dataclass(frozen=True)
class WaitRow:
    """One place's latest figures for one service."""

    label: str
    kind: str  # "england", "icb" or "provider"
    code: str  # the ICB's ONS code or the provider's code; empty for England
    latest: waits.Wait | None
    missing: list[str]
    tracked: int | None = None  # the over-18-weeks indicator's id, when the area tracks it

    @property
    def percent_over_18(self) -> Decimal | None:
        return self.latest.percent_over_18 if self.latest else None

    @property
    def month(self) -> str:
        return self.latest.month.strftime("%B %Y") if self.latest else ""

    @property
    def waiting(self) -> str:
        return f"{self.latest.total:,}" if self.latest and self.latest.total is not None else ""

    @property
    def over_18(self) -> str:
        """The % over 18 weeks, one decimal place, with how many children ("38.0 % (601)")."""
        if self.latest is None or self.latest.percent_over_18 is None:
            return ""
        return f"{self.latest.percent_over_18:.1f} % ({self.latest.over_18:,})"

    @property
    def over_52(self) -> str:
        return f"{self.latest.over_52:,}" if self.latest and self.latest.over_52 is not None else ""

    @property
    def no_figure(self) -> str:
        """The months with no figure, runs of three or more as spans ("January, March to May")."""
        if len(self.missing) == len(MONTHS):
            return "every month"
        return ", ".join(_span(run) for run in _runs([MONTHS.index(m) for m in self.missing]))


MONTHS = [dt.date(2023, m, 1).strftime("%B") for m in range(1, 11)]  # January–October 2023


def _runs(numbers: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for number in numbers:
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


def _span(run: list[int]) -> str:
    if len(run) >= 3:
        return f"{MONTHS[run[0]]} to {MONTHS[run[-1]]}"
    return ", ".join(MONTHS[n] for n in run)


@dataclass
class ServiceTable:
    """The waits for one service (therapy), as the page shows it."""

    therapy: str
    words: str
    rows: list[WaitRow] = field(default_factory=list)


def wait_tables(
    area: LocalArea, icbs: list[waits.Icb], providers: list[waits.Provider]
) -> list[ServiceTable]:
    """A table per service: England, then each ICB, then each provider chosen."""
    places = [(icb.code, icb_place(icb)) for icb in icbs]
    places += [(provider.code, provider_place(provider)) for provider in providers]
    tracked = _tracked(area, [place for _, place in places])
    tables = []
    for therapy, words in waits.THERAPIES.items():
        table = ServiceTable(therapy, words.capitalize(), [_england_row(therapy)])
        for code, place in places:
            rows = place.rows(therapy)
            found = tracked.get(wait_code(place, therapy, 18))
            table.rows.append(_row(place, code, rows, found))
        tables.append(table)
    return tables


def _england_row(therapy: str) -> WaitRow:
    rows = waits.england_series(therapy)
    return WaitRow("England", "england", "", _latest(rows), missing_months(rows))


def _row(place: WaitPlace, code: str, rows: list[waits.Wait], tracked: int | None) -> WaitRow:
    return WaitRow(place.label, place.kind, code, _latest(rows), missing_months(rows), tracked)


def _latest(rows: list[waits.Wait]) -> waits.Wait | None:
    with_figure = [w for w in rows if w.percent_over_18 is not None]
    return with_figure[-1] if with_figure else None


def _tracked(area: LocalArea, places: list[WaitPlace]) -> dict[str, int]:
    codes = [wait_code(p, t, 18) for p in places for t in waits.THERAPIES]
    rows = Indicator.objects.for_area(area).filter(code__in=codes).values_list("code", "pk")
    return dict(rows)
