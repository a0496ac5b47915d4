"""Read the DfE's published EHC plan figures shipped in `kpi/data/dfe/`. Plain Python, no Django.

Two releases are read: "Education, health and care plans" (reporting year 2025; calendar years
2019–2024, caseload by January census) and the older SEN2 file (calendar years 2014–2022).
Where both give a year the newer release wins (figures are revised between releases).

- Column names differ between releases and in case (`PC_` vs `pc_`): they are matched
  ignoring case and underscores, and each standard indicator lists its names per release.
- `x` (not available), `z` (not applicable), `c` (suppressed), `low` and `:` are markers,
  not numbers: they are counted and reported, never read as 0.
- Local authorities are keyed by the DfE's 3-digit LA number, which stays when the 9-character
  ONS code changes (Buckinghamshire 825: E10000002 → E06000060). Where councils were merged or
  split the new number starts afresh, and the loader says the older figures are not carried over.
"""

from __future__ import annotations

import csv
import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from wsoa.kpi import periods

FOLDER = Path(__file__).resolve().parent / "data" / "dfe"
ENGLAND = "E92000001"
MARKERS = {"x": "not available", "z": "not applicable", "c": "suppressed", "low": "low", ":": "—"}
NEW = "DfE, Education, health and care plans (June 2025)"
OLD = "DfE, SEN2 statistics 2014–2022"

# New authorities formed from others (3-digit LA number: year formed, what it was formed from).
SUCCESSIONS = {
    "838": (2019, "the former Dorset county council (835), with Christchurch"),
    "839": (2019, "Bournemouth (837), Poole (836) and Christchurch"),
    "940": (2021, "Northamptonshire (928), which was split in two"),
    "941": (2021, "Northamptonshire (928), which was split in two"),
    "942": (2023, "Cumbria (909), which was split in two"),
    "943": (2023, "Cumbria (909), which was split in two"),
}


@dataclass(frozen=True)
class Column:
    """Where a figure is in one release: file, value column, numerator and denominator."""

    file: str
    value: str
    numerator: str = ""
    denominator: str = ""
    source: str = NEW


@dataclass(frozen=True)
class Standard:
    """A standard indicator the DfE publishes for every local authority."""

    code: str
    name: str
    unit: str
    polarity: str
    definition: str
    columns: tuple[Column, ...]
    numerator: str = ""
    denominator: str = ""


TIMELINESS = "ehcp_timeliness_20_week_2019_2024_headline.csv"
REQUESTS = "ehcp_requests_2019_2024_headline.csv"
SEN2 = "sen2_mi_2014_2022.csv"

STANDARDS: tuple[Standard, ...] = (
    Standard(
        "dfe_20wk_ex",
        "New EHC plans issued within 20 weeks, excluding exceptions",
        "percent",
        "higher",
        "Of the new EHC plans issued in the calendar year, excluding those where an exception "
        "to the time limit applied (SEND Regulations 2014, reg. 10(4)), the percentage issued "
        "within 20 weeks of the request (reg. 13(2)).",
        (
            Column(
                TIMELINESS,
                "PC_plans_issued_20_weeks_ex",
                "plans_issued_20_weeks_ex",
                "plans_issued_den_ex",
            ),
            Column(SEN2, "no_exc_20week_rate", "no_exc_20week_ehc", "tot_no_exc_ehc", OLD),
        ),
        "New EHC plans issued within 20 weeks, excluding exceptions",
        "New EHC plans issued, excluding exceptions",
    ),
    Standard(
        "dfe_20wk_inc",
        "New EHC plans issued within 20 weeks, including exceptions",
        "percent",
        "higher",
        "Of all new EHC plans issued in the calendar year, the percentage issued within 20 "
        "weeks of the request, including those where an exception applied.",
        (
            Column(
                TIMELINESS,
                "pc_plans_issued_within_20_weeks",
                "plans_issued_within_20_weeks",
                "plans_issued_den",
            ),
            Column(SEN2, "inc_exc_20week_rate", "inc_exc_20week_ehc", "tot_inc_exc_ehc", OLD),
        ),
        "New EHC plans issued within 20 weeks",
        "New EHC plans issued",
    ),
    Standard(
        "dfe_requests",
        "Requests for an EHC needs assessment",
        "count",
        "closer",
        "Requests for an EHC needs assessment received in the calendar year.",
        (Column(REQUESTS, "requests_received_in_year"), Column(SEN2, "inreq_ehc", source=OLD)),
    ),
    Standard(
        "dfe_refusals",
        "Requests refused: decided not to assess",
        "count",
        "lower",
        "Requests where the local authority decided not to carry out an EHC needs assessment.",
        (Column(REQUESTS, "requests_decided_not_to_assess"),),
    ),
    Standard(
        "dfe_decisions_6wk",
        "Decisions whether to assess made within 6 weeks",
        "percent",
        "higher",
        "Percentage of requests where the decision whether to assess was made within 6 weeks "
        "(SEND Regulations 2014, reg. 5).",
        (Column(REQUESTS, "request_outcome_six_weeks_pc", "request_outcome_six_weeks"),),
    ),
    Standard(
        "dfe_assessments",
        "EHC needs assessments",
        "count",
        "closer",
        "EHC needs assessments carried out in the calendar year.",
        (Column("ehcp_assessments_2019_2024_headline.csv", "assess_in_year"),),
    ),
    Standard(
        "dfe_new_plans",
        "New EHC plans",
        "count",
        "closer",
        "EHC plans made for the first time in the calendar year.",
        (
            Column("ehcp_newplans_2019_2024_headline.csv", "new_ehc_plans"),
            Column(SEN2, "new_all_ehc", source=OLD),
        ),
    ),
    Standard(
        "dfe_caseload",
        "EHC plans maintained (January census)",
        "count",
        "closer",
        "EHC plans maintained by the local authority at the January census of the school year.",
        (Column("ehcp_caseload_201819_202425_headline.csv", "ehcplans"),),
    ),
    Standard(
        "dfe_reviews_4wk",
        "Annual review decisions within 4 weeks",
        "percent",
        "higher",
        "Percentage of annual reviews whose outcome was sent within 4 weeks of the review "
        "meeting (SEND Regulations 2014, reg. 19).",
        (
            Column(
                "ehcp_annual_reviews_2024_headline.csv",
                "pc_decsion_4weeks",
                "number_decsion_4weeks",
            ),
        ),
    ),
)


@dataclass(frozen=True)
class Figure:
    """One published figure: for England, a region or a local authority, for one period."""

    level: str  # "england", "region" or "la"
    code: str  # ENGLAND, a region's code, or an LA's 3-digit number
    period: periods.Period
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    source: str


@dataclass
class Authority:
    code: str
    name: str
    region_code: str
    region_name: str
    ons_codes: set[str] = field(default_factory=set)


@dataclass
class Dataset:
    """Every standard indicator's figures, the authorities, and what could not be read."""

    figures: dict[str, dict[tuple[str, str], list[Figure]]]
    authorities: dict[str, Authority]
    regions: dict[str, str]
    missing: dict[tuple[str, str, str], list[str]]  # (standard, level, code) → "2019: x"
    notes: list[str]

    def series(self, standard: str, level: str, code: str) -> list[Figure]:
        return self.figures.get(standard, {}).get((level, code), [])


def squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            yield {squash(key): (value or "").strip() for key, value in row.items() if key}


def number(text: str) -> Decimal | None:
    """A figure, or None for a marker or an empty cell."""
    if text.lower() in MARKERS or not text:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def period_of(row: dict[str, str]) -> periods.Period:
    """Calendar years as 2019; academic years as 201819 (the January census in that year)."""
    return periods.parse_period(row["timeperiod"])


def where(row: dict[str, str]) -> tuple[str, str]:
    level = row["geographiclevel"].lower()
    if level == "national":
        return "england", ENGLAND
    if level == "regional":
        return "region", row["regioncode"]
    return "la", row["oldlacode"]


@functools.cache
def dataset(folder: Path = FOLDER) -> Dataset:
    """Read every shipped file once; later calls get the same dataset."""
    data = Dataset({}, {}, {}, defaultdict(list), [])
    for standard in STANDARDS:
        for column in standard.columns:
            _read_column(data, standard, column, folder)
    for series in data.figures.values():
        for figures in series.values():
            figures.sort(key=lambda f: f.period.end)
    _note_code_changes(data)
    return data


def _read_column(data: Dataset, standard: Standard, column: Column, folder: Path) -> None:
    path = folder / column.file
    rows = list(_rows(path)) if path.exists() else []
    if not rows or squash(column.value) not in rows[0]:
        data.notes.append(f"{standard.name}: no column {column.value} in {column.file}")
        return
    series = data.figures.setdefault(standard.code, {})
    for row in rows:
        level, code = where(row)
        _note_place(data, row, level, code)
        period = period_of(row)
        known = series.setdefault((level, code), [])
        if any(f.period.end == period.end for f in known):
            continue  # the newer release, read first, already gave this year
        value = number(row[squash(column.value)])
        if value is None:
            marker = row[squash(column.value)] or "blank"
            data.missing[(standard.code, level, code)].append(f"{period.label}: {marker}")
            continue
        known.append(
            Figure(
                level,
                code,
                period,
                value,
                _part(row, column.numerator),
                _part(row, column.denominator),
                column.source,
            )
        )


def _part(row: dict[str, str], name: str) -> Decimal | None:
    return number(row.get(squash(name), "")) if name else None


def _note_place(data: Dataset, row: dict[str, str], level: str, code: str) -> None:
    if level == "region":
        data.regions[code] = row["regionname"]
    if level != "la":
        return
    found = data.authorities.get(code)
    if found is None:
        name, region = row["laname"], row["regioncode"]
        found = Authority(code, name, region, row["regionname"])
        data.authorities[code] = found
    if row["timeperiod"] >= "2019":
        found.name, found.region_code = row["laname"], row["regioncode"]
        found.region_name = row["regionname"]
    found.ons_codes.add(row["newlacode"])


def _note_code_changes(data: Dataset) -> None:
    for authority in data.authorities.values():
        if len(authority.ons_codes) > 1:
            codes = " and ".join(sorted(authority.ons_codes))
            data.notes.append(
                f"{authority.name} ({authority.code}) appears as {codes}: read as one authority"
            )


def find_authority(data: Dataset, name: str) -> Authority | None:
    """The authority whose name matches an area's name, ignoring case, "and"/"&", spaces."""
    wanted = squash(name.replace("&", "and"))
    for authority in data.authorities.values():
        if squash(authority.name.replace("&", "and")) in (wanted, squash("County " + name)):
            return authority
    return None


def succession_note(code: str) -> str:
    """What the figures before a new authority was formed are, if it was formed recently."""
    if code not in SUCCESSIONS:
        return ""
    year, formed_from = SUCCESSIONS[code]
    return f"formed in {year} from {formed_from}: figures before {year} are not carried over"
