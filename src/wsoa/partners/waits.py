"""Children's community health waiting lists (NHS England, 2023), read from the packaged copy.

Plain Python. England, the seven NHS regions and the 42 integrated care boards (ICBs), a row per
month and therapy: total waiting, waiting over 18 and up to 52 weeks, over 52 weeks. The files
do not say which local authority an ICB serves: `SEED_AREAS` names the ICB of each seed area,
and a manager chooses the ICB(s) of any other area (`services.choose_icbs`).
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


def series(kind: str, name: str, therapy: str) -> list[Wait]:
    """One place's months for one therapy, oldest first."""
    rows = [w for w in waits() if w.kind == kind and w.name == name and w.therapy == therapy]
    return sorted(rows, key=lambda w: w.month)


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
