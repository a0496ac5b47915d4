"""One-off: convert the DfE LAIT files in ../shared/data/dfe-lait into the packaged data.

    uv run --with pyarrow --with openpyxl python bench/lait_convert.py [/path/to/dfe-lait]

Writes src/wsoa/benchmarks/data/: lait_values.csv.gz (one row per measure × period, one column per
area, cells as published or the suppression mark), lait_measures.csv.gz (the data dictionary,
latin-1 → UTF-8), areas.csv (la_code_list plus the regions and England) and neighbours.csv
(sn_may_2025.xlsx). Values are the source's floats printed at their shortest exact form
("37.200000000000003" → "37.2"); marks are kept as they are. The product never needs pyarrow.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import re
import sys
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq

SOURCE = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/dfe-lait")
OUT = Path(__file__).resolve().parent.parent / "src" / "wsoa" / "benchmarks" / "data"
NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def gzip_text(path: Path) -> io.TextIOWrapper:
    """A reproducible gzip text file (no timestamp inside)."""
    raw = gzip.GzipFile(path, "wb", mtime=0)
    return io.TextIOWrapper(raw, encoding="utf-8", newline="")


def cell(text: str | None) -> str:
    text = (text or "").strip()
    if NUMBER.match(text):
        shortest = repr(float(text))
        return shortest[:-2] if shortest.endswith(".0") else shortest
    return text


def excel_date(text: str) -> str:
    text = (text or "").strip()
    if text.isdigit():
        return (date(1899, 12, 30) + timedelta(days=int(text))).isoformat()
    return ""


def values() -> tuple[list[int], dict[str, str]]:
    rows = pq.read_table(SOURCE / "bds_long_0.parquet").to_pylist()
    areas = sorted({int(r["LA Number"]) for r in rows})
    grid: dict[tuple[str, str], dict[int, str]] = {}
    items: dict[str, str] = {}
    for r in rows:
        items.setdefault(r["Short Desc"], "")
        grid.setdefault((r["Short Desc"], r["Years"]), {})[int(r["LA Number"])] = cell(r["Values"])
        if r["Data item"] and not items[r["Short Desc"]]:
            items[r["Short Desc"]] = r["Data item"].strip()
    with gzip_text(OUT / "lait_values.csv.gz") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["measure", "period", *areas])
        for (measure, period), cells in grid.items():
            out.writerow([measure, period, *(cells.get(a, "") for a in areas)])
    print(len(rows), "values,", len(grid), "measure × period rows")
    return areas, items


def field(row: dict[str, str], key: str) -> str:
    """A dictionary cell, with "NA" and "-" read as empty."""
    text = (row.get(key) or "").strip()
    return "" if text in ("NA", "-") else text


def measures(items: dict[str, str]) -> None:
    with open(SOURCE / "lait_data_dictionary.csv", encoding="latin-1") as f:
        source = list(csv.DictReader(f))
    by_code: dict[str, dict[str, str]] = {}
    for r in source:
        by_code.setdefault(r["Measure_short"].strip(), r)
    fields = [
        "code",
        "topic",
        "name",
        "chart_title",
        "y_axis",
        "description",
        "methodology",
        "decimals",
        "polarity",
        "year_type",
        "source",
        "link",
        "last_update",
        "next_update",
    ]
    with gzip_text(OUT / "lait_measures.csv.gz") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(fields)
        for code in sorted(items.keys() | {c for c in by_code if c in items}):
            r = by_code.get(code, {})
            na = functools.partial(field, r)
            out.writerow(
                [
                    code,
                    na("Topic"),
                    na("Measure") or items[code],
                    na("Chart_title"),
                    na("y_axis_name"),
                    na("Description"),
                    na("Methodology"),
                    na("dps"),
                    na("Polarity"),
                    na("Year_Type"),
                    na("Data Owner (DO) /Supplier and Contact Details"),
                    na("Hyperlink(s)"),
                    excel_date(r.get("Last Update", "")),
                    excel_date(r.get("Next Update", "")),
                ]
            )
    print(len(items), "measures;", len([c for c in items if c not in by_code]), "not in dictionary")


def areas(codes: list[int]) -> None:
    rows = pq.read_table(
        SOURCE / "bds_long_0.parquet", columns=["LA Number", "LA and Regions", "Region"]
    ).to_pylist()
    seen = {int(r["LA Number"]): (r["LA and Regions"], r["Region"]) for r in rows}
    sheet = openpyxl.load_workbook(SOURCE / "la_code_list.xlsx", read_only=True).worksheets[0]
    types = {int(r[0]): r[3] for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    with open(OUT / "areas.csv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["code", "name", "region", "type"])
        for code in codes:
            name, region = seen[code]
            out.writerow([code, name, "" if region == "NA" else region, types.get(code, "")])


def neighbours() -> None:
    sheet = openpyxl.load_workbook(SOURCE / "sn_may_2025.xlsx", read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "LA num") + 1
    with open(OUT / "neighbours.csv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["la", "position", "neighbour", "closeness"])
        for r in rows[start:]:
            if not isinstance(r[0], int):
                continue
            for position in range(1, 11):
                out.writerow([r[0], position, r[3 + 2 * position], r[4 + 2 * position]])


if __name__ == "__main__":
    codes, items = values()
    measures(items)
    areas(codes)
    neighbours()
