"""Build the packaged copies in `partners/data/` from the published files (run by hand).

Plain Python, no Django. The NHS files are CSV; the tribunal table is an ODS workbook, turned
into CSV by LibreOffice here (`soffice` must be installed when packaging, never at run time):

    python -m wsoa.partners.packaging /work/shared/data

What is kept: England (from its own file, which has every month), NHS regions and ICBs from the
waiting lists, the ICBs of the 2022 lookup with their names as the waiting lists print them, and
every local authority's and England's appeal rates. Providers (NHS trusts and others; the file
types them "Organisation" until May 2023 and "Provider" from June, some months in capitals)
are kept under a short code made from the name (`provider_code`: the file has no ODS codes),
their months with a figure only, and listed in providers.csv; the file does not say which ICB
or area a provider serves, so a manager chooses them.
"""

from __future__ import annotations

import csv
import hashlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

DATA = Path(__file__).parent / "data"
THERAPIES = {
    "audiology": "audiology",
    "community paediatric service": "community_paediatrics",
    "occupational therapy": "occupational_therapy",
    "speech and language": "speech_and_language",
}
KINDS = {"Region": "region", "ICB": "icb", "Organisation": "provider", "Provider": "provider"}
# England comes from its own file (this one lacks months); it is also typed "Organisation" here.
NOT_PROVIDERS = {"england"}
SMALL_WORDS = {"And": "and", "Of": "of", "Upon": "upon", "Nhs": "NHS", "Cic": "CIC", "Ltd": "Ltd"}
WAIT_COLUMNS = ["kind", "name", "month", "therapy", "total", "over_18_to_52", "over_52"]
MONTHS = "january february march april may june july august september october november december"


def short_icb(name: str) -> str:
    """An ICB's name as the waiting lists print it: without "NHS" and "Integrated Care Board"."""
    return re.sub(r"^NHS |\s+Integrated Care Board$", "", name.strip())


def write_icbs(source: Path) -> dict[str, str]:
    """Write icbs.csv from the sub-ICB lookup; return each ICB's short name by its lower case."""
    with (source / "sub_icb_to_icb_lookup_2022.csv").open(encoding="utf-8-sig") as handle:
        rows = {r["ICB22CD"]: r for r in csv.DictReader(handle)}
    out = [
        [code, r["ICB22CDH"], r["ICB22NM"], short_icb(r["ICB22NM"]), r["NHSER22NM"]]
        for code, r in sorted(rows.items(), key=lambda pair: short_icb(pair[1]["ICB22NM"]))
    ]
    _write(DATA / "icbs.csv", ["code", "ods_code", "name", "short_name", "nhs_region"], out)
    return {row[3].lower(): row[3] for row in out}


def _month(text: str) -> str:
    name, year = text.split()
    return f"{year}-{MONTHS.split().index(name.lower()) + 1:02d}"


def squash(name: str) -> str:
    """A name folded for matching: "&" as "and", spaces single, lower case."""
    return re.sub(r"\s+", " ", name.replace("&", "and")).strip().lower()


def provider_code(name: str) -> str:
    """A provider's short code: 8 hex digits of the SHA-1 of its folded name (stable, unique)."""
    return hashlib.sha1(squash(name).encode()).hexdigest()[:8]  # noqa: S324 — a name, not a secret


def provider_name(spellings: list[str]) -> str:
    """The name to show: the commonest spelling not in capitals, else the capitals title-cased."""
    written = [s for s in spellings if not s.isupper()]
    if written:
        return max(sorted(set(written)), key=written.count)
    words = spellings[0].title().split()
    return " ".join(SMALL_WORDS.get(w, w) for w in words).replace("'S ", "'s ")


def write_waits(source: Path, icbs: dict[str, str]) -> None:
    """Write the waits (England, regions, ICBs, providers by month and therapy) and providers."""
    names: dict[str, str] = {}
    spellings: dict[str, list[str]] = {}
    out = _england(source)
    with (source / "la_ch_time_series_derived.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            kind = KINDS.get(r["Organisation Type"])
            name = r["Organisation Name"].strip()
            if kind is None or squash(name) in NOT_PROVIDERS:
                continue
            figures = [r[k] for k in ("Total waiting list", "Waiting >18-52 weeks")]
            figures.append(r["Waiting >52 weeks"])
            figures = ["" if value == "NA" else value for value in figures]
            if kind == "provider":
                spellings.setdefault(provider_code(name), []).append(name)
                if not any(figures):
                    continue  # kept small: a month with no figure is a month not in the file
                name = provider_code(name)
            # A KeyError here is an ICB missing from the lookup.
            elif kind == "icb":
                name = icbs[name.lower()]
            else:
                name = names.setdefault(name.lower(), name)
            therapy = THERAPIES[r["Therapy"].lower()]
            out.append([kind, name, _month(r["Date"]), therapy, *figures])
    _write(DATA / "community_health_waits_2023.csv", WAIT_COLUMNS, out)
    write_providers(spellings)


def write_providers(spellings: dict[str, list[str]]) -> None:
    """Write providers.csv: every provider's code and name, in name order."""
    rows = sorted(([code, provider_name(names)] for code, names in spellings.items()), key=_by_name)
    if len({squash(name) for _, name in rows}) != len(rows):
        raise ValueError("Two provider codes have the same name.")
    _write(DATA / "providers.csv", ["code", "name"], rows)


def _by_name(row: list[str]) -> str:
    return row[1].lower()


def _england(source: Path) -> list[list[str]]:
    with (source / "eng_ch_time_series_derived.csv").open(encoding="utf-8") as handle:
        return [
            ["england", "England", _month(r["Date"].strip()), THERAPIES[r["Therapy"].lower()]]
            + [r[k] for k in ("Total waiting list", "Waiting >18-52 weeks", "Waiting >52 weeks")]
            for r in csv.DictReader(handle)
        ]


def ods_sheet_as_csv(workbook: Path, sheet: int, folder: Path) -> Path:
    """Convert one sheet (1-based) of an ODS workbook to UTF-8 CSV with LibreOffice."""
    options = f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{sheet}"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", options, "--outdir", str(folder), str(workbook)],
        check=True,
        capture_output=True,
    )
    return next(folder.glob("*.csv"))


def write_appeals(source: Path) -> None:
    """Write send_appeal_rates_2014_2022.csv from table SEND_2: a row per authority and year."""
    with tempfile.TemporaryDirectory() as folder:
        table = ods_sheet_as_csv(source / "send_appeal_rate_table_2022.ods", 3, Path(folder))
        rows = list(csv.reader(table.open(encoding="utf-8")))
    years = [cell for cell in rows[3] if cell.isdigit()]
    out = []
    region = ""
    for row in rows[5:]:
        name = re.sub(r"\d+$", "", row[0].strip())
        if name.startswith("Sources"):
            break
        if name.isupper():
            region = name.title().replace(" And ", " and ").replace(" Of ", " of ")
            continue
        kind = "england" if name == "England Total" else "la"
        for index, year in enumerate(years):
            appeals, decisions, rate = row[1 + 3 * index : 4 + 3 * index]
            if ".." in (appeals, decisions, rate):
                continue
            place, within = ("England", "") if kind == "england" else (name, region)
            out.append([kind, place, within, year, appeals, decisions, rate.rstrip("%")])
    columns = ["kind", "name", "region", "year", "appeals", "decisions", "rate_percent"]
    _write(DATA / "send_appeal_rates_2014_2022.csv", columns, out)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(folder: str) -> None:
    root = Path(folder)
    icbs = write_icbs(root / "nhs-community-health")
    write_waits(root / "nhs-community-health", icbs)
    write_appeals(root / "send-tribunals")


if __name__ == "__main__":
    main(sys.argv[1])
