"""The packaged NHS waits and tribunal appeal rates, checked against the published files.

The source files are read here independently of `wsoa.partners.packaging`: the CSVs with the
csv module, the ODS workbook's XML with ElementTree (no LibreOffice). Skipped where the
published files are not present.
"""

import csv
import zipfile
from decimal import Decimal
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import pytest

from wsoa.partners import tribunals, waits

SHARED = Path("/work/shared/data")
NHS = SHARED / "nhs-community-health"
ODS = SHARED / "send-tribunals" / "send_appeal_rate_table_2022.ods"
needs_source = pytest.mark.skipif(not NHS.is_dir(), reason="published files not present")
THERAPY = {"Speech And Language": "speech_and_language", "Audiology": "audiology"}


def _source_rows(kind: str, name: str, therapy: str) -> list[dict[str, str]]:
    with (NHS / "la_ch_time_series_derived.csv").open(encoding="utf-8") as handle:
        return [
            r
            for r in csv.DictReader(handle)
            if r["Organisation Type"] == kind
            and r["Organisation Name"].lower() == name.lower()
            and THERAPY.get(r["Therapy"]) == therapy
        ]


@needs_source
@pytest.mark.parametrize("icb_name", ["Herefordshire and Worcestershire", "Greater Manchester"])
def test_icb_waits_match_the_source_rows_month_by_month(icb_name):
    rows = sorted(
        _source_rows("ICB", icb_name, "speech_and_language"), key=lambda r: r["formattedDate"]
    )
    packaged = waits.series("icb", icb_name, "speech_and_language")
    assert len(rows) == len(packaged) == 10
    for source, wait in zip(rows, packaged, strict=True):
        assert source["formattedDate"] == wait.month.isoformat()
        assert source["Total waiting list"] == str(wait.total)
        assert source["Waiting >52 weeks"] == str(wait.over_52)
        percent = Decimal(source["Percentage waiting more than 18 weeks"])
        assert abs(wait.percent_over_18 - percent) < Decimal("1e-9")


def test_worcestershire_speech_and_language_january_by_hand():
    january = waits.series("icb", "Herefordshire and Worcestershire", "speech_and_language")[0]
    # Source row 104: 414 waiting, 144 over 18 and up to 52 weeks, 16 over 52, 38.647…%.
    assert (january.total, january.over_18_to_52, january.over_52) == (414, 144, 16)
    assert round(january.percent_over_18, 4) == Decimal("38.6473")


@needs_source
def test_england_has_every_month_from_its_own_file():
    with (NHS / "eng_ch_time_series_derived.csv").open(encoding="utf-8") as handle:
        source = [r for r in csv.DictReader(handle) if r["Therapy"] == "Audiology"]
    england = waits.england_series("audiology")
    assert [w.month.isoformat() for w in england] == [r["formattedDate"] for r in source]
    assert [w.total for w in england] == [int(r["Total waiting list"]) for r in source]


def test_no_figure_when_nobody_is_on_the_list():
    empty = waits.Wait("icb", "X", january_2023(), "audiology", 0, 0, 0)
    missing = waits.Wait("icb", "X", january_2023(), "audiology", None, None, None)
    assert empty.percent_over_18 is None and missing.percent_over_18 is None


def january_2023():
    import datetime as dt

    return dt.date(2023, 1, 1)


def test_every_icb_of_the_lookup_has_ten_months_of_each_therapy():
    assert len(waits.icbs()) == 42
    for icb in waits.icbs().values():
        for therapy in waits.THERAPIES:
            assert len(waits.icb_series(icb, therapy)) == 10, (icb.short_name, therapy)


@pytest.mark.parametrize(
    ("area_name", "icb"),
    [
        ("Hartlepool", "North East and North Cumbria"),
        ("Stockton-on-Tees", "North East and North Cumbria"),
        ("County Durham", "North East and North Cumbria"),
        ("Peterborough", "Cambridgeshire and Peterborough"),
        ("Worcestershire", "Herefordshire and Worcestershire"),
    ],
)
def test_seed_areas_map_to_their_icb(area_name, icb):
    assert [found.short_name for found in waits.seed_icbs(area_name)] == [icb]


def test_other_areas_have_no_icb_until_a_manager_chooses():
    assert waits.seed_icbs("Barnet") == []


NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _cells(row: ElementTree.Element) -> list[str]:
    """A row's cells: the exact value where the cell has one, else its text."""
    found: list[str] = []
    for cell in row.findall("table:table-cell", NS):
        repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
        value = cell.get(f"{{{NS['office']}}}value")
        text = "".join("".join(p.itertext()) for p in cell.findall("text:p", NS))
        found += [value if value is not None else text] * min(repeat, 40)
    return found


@cache
def _ods_rows(name: str) -> dict[str, list[str]]:
    with zipfile.ZipFile(ODS) as book:
        root = ElementTree.fromstring(book.read("content.xml"))  # noqa: S314 — the published file
    for table in root.iter(f"{{{NS['table']}}}table"):
        if table.get(f"{{{NS['table']}}}name") == name:
            rows = [_cells(row) for row in table.iter(f"{{{NS['table']}}}table-row")]
            return {r[0]: r for r in rows if r}
    raise AssertionError(f"no sheet {name}")


@needs_source
@pytest.mark.parametrize(
    ("printed", "area_name"),
    [
        ("Hartlepool", "Hartlepool"),
        ("Durham", "County Durham"),
        ("Stockton-on-Tees", "Stockton-on-Tees"),
        ("Peterborough", "Peterborough"),
        ("Worcestershire", "Worcestershire"),
        ("England Total4", "England"),
    ],
)
def test_appeal_rates_match_the_ods_table(printed, area_name):
    row = _ods_rows("SEND_2")[printed]
    packaged = tribunals.for_authority(area_name)
    assert [r.year for r in packaged] == list(range(2014, 2023))
    for index, rate in enumerate(packaged):
        appeals, decisions, share = row[1 + 3 * index : 4 + 3 * index]
        assert (rate.appeals, rate.decisions) == (int(appeals), int(decisions))
        # The sheet holds the rate as a fraction (0.0134…) shown as a percentage.
        assert abs(rate.rate - 100 * Decimal(share)) < Decimal("1e-10")


def test_hartlepool_2022_appeal_rate_by_hand():
    latest = tribunals.for_authority("Hartlepool")[-1]
    assert (latest.year, latest.appeals, latest.decisions) == (2022, 12, 858)
    assert round(latest.rate, 4) == Decimal("1.3986")  # 12 / 858


def test_names_match_however_the_dfe_writes_them():
    assert tribunals.for_authority("County Durham")[0].name == "Durham"
    assert tribunals.for_authority("Bristol")[0].name == "Bristol, City of"
    assert tribunals.for_authority("Herefordshire, County of")[0].name == "Herefordshire"
    assert tribunals.for_authority("St Helens")[0].name == "St. Helens"
    assert tribunals.for_authority("Cumberland") == []  # formed in 2023: not in the table


def test_years_marked_not_available_are_left_out():
    years = [r.year for r in tribunals.for_authority("North Northamptonshire")]
    assert years == [2021, 2022]
    assert 2021 not in [r.year for r in tribunals.for_authority("Northamptonshire")]
