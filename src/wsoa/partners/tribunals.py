"""Appeals to the SEND Tribunal per local authority and England, 2014–2022 (HMCTS and DfE).

Plain Python, read from the packaged copy of table SEND_2. The rate is appeals registered in the
calendar year as a percentage of the authority's total appealable decisions that year: initial
requests for an EHC needs assessment refused, assessments completed with a decision not to
issue an EHC plan, EHC plans held in January, and EHC plans ceased because needs are met without
one (the table's note 1, from SEN2). The table names authorities, not their numbers.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
SOURCE = (
    "HM Courts and Tribunals Service and DfE, appeal rate to the SEND Tribunal "
    "(table SEND_2, calendar years 2014–2022, provisional)"
)
UNIT = "appeals registered as a % of appealable decisions"


@dataclass(frozen=True)
class AppealRate:
    kind: str
    name: str
    region: str
    year: int
    appeals: int
    decisions: int
    rate: Decimal


@cache
def rates() -> tuple[AppealRate, ...]:
    """Every authority's and England's rate for each year the table gives one."""
    with (DATA / "send_appeal_rates_2014_2022.csv").open(encoding="utf-8") as handle:
        return tuple(
            AppealRate(
                kind=row["kind"],
                name=row["name"],
                region=row["region"],
                year=int(row["year"]),
                appeals=int(row["appeals"]),
                decisions=int(row["decisions"]),
                rate=Decimal(row["rate_percent"]),
            )
            for row in csv.DictReader(handle)
        )


def key(name: str) -> str:
    """A name to match on: "County Durham", "Durham" and "Bristol, City of" read alike."""
    text = name.lower().replace("&", "and").replace("st.", "st")
    text = re.sub(r",? city of|^city of |^county |, county of", "", text)
    return re.sub(r"[^a-z]+", " ", text).strip()


@cache
def _by_key() -> dict[str, list[AppealRate]]:
    found: dict[str, list[AppealRate]] = {}
    for row in rates():
        found.setdefault(key(row.name), []).append(row)
    return found


def for_authority(name: str) -> list[AppealRate]:
    """An authority's rates, oldest first (empty when the table has no such name)."""
    return sorted(_by_key().get(key(name), []), key=lambda r: r.year)


def england() -> list[AppealRate]:
    return for_authority("England")
