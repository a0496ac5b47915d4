"""Reading the packaged LAIT file independently of the app, to check its figures by hand."""

from __future__ import annotations

import csv
import gzip
from decimal import Decimal

from wsoa.benchmarks import loading

# High, Low and no polarity; "-" marks (KS2 progress in 2020/21); "(prov)" and "(Rev)/(Final)".
SUBSET = {
    "SEN_EHC_All_20wks",
    "SEN_EHC_Excpt_20wks",
    "SEN_AppealableDec",
    "SEN_PLAN_ISSUED",
    "KS2_SEN_Maths_Progress",
    "KS1P_all",
    "A3A",
}


def source_rows(measure: str) -> dict[str, dict[int, str]]:
    """{period: {LA number: cell}} read straight from the packaged file, not through the app."""
    with gzip.open(loading.DATA / "lait_values.csv.gz", "rt", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        return {
            row[1]: {int(code): cell for code, cell in zip(header[2:], row[2:], strict=True)}
            for row in reader
            if row[0] == measure
        }


def number(cell: str) -> Decimal | None:
    try:
        return Decimal(cell)
    except ArithmeticError:
        return None
