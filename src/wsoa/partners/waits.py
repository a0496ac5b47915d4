"""Children's community health waiting lists (NHS England, 2023), read from the packaged copy.

Plain Python. England, the seven NHS regions, the 42 integrated care boards (ICBs) and the
providers (NHS trusts and others), a row per month and therapy: total waiting, waiting over 18
and up to 52 weeks, over 52 weeks. The files do not say which local authority an ICB or a
provider serves: `SEED_AREAS` names the ICB of each seed area, and a manager chooses the ICB(s)
and providers of any other area (`services.choose_icbs`, `services.choose_providers`).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
SOURCE = (
    "NHS England, Community Health Services Waiting Lists (children and young people), "
    "January–October 2023"
)
THERAPIES = {
    "speech_and_language": "speech and language therapy",
    "occupational_therapy": "occupational therapy",
    "community_paediatrics": "community paediatrics",
    "audiology": "audiology",
}
# The ICB each seed area's council lies in (2022 boundaries): the lookup has no council key.
SEED_AREAS = {
    "hartlepool": "E54000050",
    "stockton-on-tees": "E54000050",
    "county durham": "E54000050",
    "durham": "E54000050",
    "peterborough": "E54000056",
    "worcestershire": "E54000019",
}


@dataclass(frozen=True)
class Icb:
    code: str
    ods_code: str
    name: str
    short_name: str
    nhs_region: str


@dataclass(frozen=True)
class Provider:
    """A provider of children's community health services, by the packaged file's code."""

    code: str
    name: str


@dataclass(frozen=True)
class Wait:
    """One month's waiting list for one therapy, at England, a region or an ICB."""

    kind: str
    name: str
    month: dt.date
    therapy: str
    total: int | None
    over_18_to_52: int | None
    over_52: int | None

    @property
    def over_18(self) -> int | None:
        if self.over_18_to_52 is None or self.over_52 is None:
            return None
        return self.over_18_to_52 + self.over_52

    @property
    def percent_over_18(self) -> Decimal | None:
        """Children waiting more than 18 weeks as a % of the list; none for an empty list."""
        if not self.total or self.over_18 is None:
            return None
        return Decimal(100 * self.over_18) / Decimal(self.total)


@cache
def icbs() -> dict[str, Icb]:
    """The ICBs by their ONS code (E54…), in name order."""
    with (DATA / "icbs.csv").open(encoding="utf-8") as handle:
        return {row["code"]: Icb(**row) for row in csv.DictReader(handle)}


def _count(text: str) -> int | None:
    return int(text) if text else None


@cache
def waits() -> tuple[Wait, ...]:
    """Every row of the packaged waiting lists."""
    with (DATA / "community_health_waits_2023.csv").open(encoding="utf-8") as handle:
        return tuple(
            Wait(
                kind=row["kind"],
                name=row["name"],
                month=dt.date.fromisoformat(row["month"] + "-01"),
                therapy=row["therapy"],
                total=_count(row["total"]),
                over_18_to_52=_count(row["over_18_to_52"]),
                over_52=_count(row["over_52"]),
            )
            for row in csv.DictReader(handle)
        )


@cache
def _by_place() -> dict[tuple[str, str, str], list[Wait]]:
    found: dict[tuple[str, str, str], list[Wait]] = {}
    for wait in sorted(waits(), key=lambda w: w.month):
        found.setdefault((wait.kind, wait.name, wait.therapy), []).append(wait)
    return found


def series(kind: str, name: str, therapy: str) -> list[Wait]:
    """One place's months for one therapy, oldest first."""
    return list(_by_place().get((kind, name, therapy), []))


@cache
def providers() -> dict[str, Provider]:
    """The providers by their code, in name order."""
    with (DATA / "providers.csv").open(encoding="utf-8") as handle:
        return {row["code"]: Provider(**row) for row in csv.DictReader(handle)}


def provider_series(provider: Provider, therapy: str) -> list[Wait]:
    """A provider's months with a figure for one therapy, oldest first."""
    return series("provider", provider.code, therapy)


def find_providers(words: str) -> list[Provider]:
    """The providers whose name holds every word given ("tees trust"), in name order."""
    wanted = squash(words).split()
    return [p for p in providers().values() if all(w in squash(p.name) for w in wanted)]


def icb_series(icb: Icb, therapy: str) -> list[Wait]:
    return series("icb", icb.short_name, therapy)


def england_series(therapy: str) -> list[Wait]:
    return series("england", "England", therapy)


def squash(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("&", "and")).strip().lower()


def seed_icbs(area_name: str) -> list[Icb]:
    """The ICB a seed area lies in, found by the area's name; empty for any other area."""
    code = SEED_AREAS.get(squash(area_name))
    return [icbs()[code]] if code else []
