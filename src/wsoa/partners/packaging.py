"""Build the packaged copies in `partners/data/` from the published files (run by hand).

Plain Python, no Django. The NHS files are CSV; the tribunal table is an ODS workbook, turned
into CSV by LibreOffice here (`soffice` must be installed when packaging, never at run time):

    python -m wsoa.partners.packaging /work/shared/data

What is kept: England (from its own file, which has every month), NHS regions and ICBs from the
waiting lists (providers are left out: the files do not say which ICB or area a provider
serves), the ICBs of the 2022 lookup with their names as the waiting lists print them, and every
local authority's and England's appeal rates.
"""

from __future__ import annotations

import csv
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
KINDS = {"Region": "region", "ICB": "icb"}  # England from its own file: this one lacks months
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


def write_waits(source: Path, icbs: dict[str, str]) -> None:
    """Write community_health_waits_2023.csv: England, regions and ICBs, by month and therapy."""
    names: dict[str, str] = {}
    out = _england(source)
    with (source / "la_ch_time_series_derived.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            kind = KINDS.get(r["Organisation Type"])
            if kind is None:
                continue
            name = r["Organisation Name"].strip()
            # A KeyError here is an ICB missing from the lookup.
            name = icbs[name.lower()] if kind == "icb" else names.setdefault(name.lower(), name)
            figures = [r[k] for k in ("Total waiting list", "Waiting >18-52 weeks")]
            figures.append(r["Waiting >52 weeks"])
            figures = ["" if value == "NA" else value for value in figures]
            therapy = THERAPIES[r["Therapy"].lower()]
            out.append([kind, name, _month(r["Date"]), therapy, *figures])
    _write(DATA / "community_health_waits_2023.csv", WAIT_COLUMNS, out)


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
