"""Loading the packaged LAIT data: marks kept as marks, changed areas, neighbours, idempotence."""

from __future__ import annotations

import csv
import gzip
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lait_helpers import SUBSET, source_rows

from wsoa.benchmarks import loading
from wsoa.benchmarks.models import Area, DataLoad, Measure, Neighbour, Period, Value


def test_the_subset_loads_every_cell_of_its_measures(lait: loading.LoadReport) -> None:
    cells = sum(len(by_la) for m in SUBSET for by_la in source_rows(m).values())
    assert lait.values == cells == Value.objects.count()
    assert Area.objects.count() == 170
    assert Measure.objects.get(code="SEN_AppealableDec").polarity == "Low"
    assert Measure.objects.get(code="SEN_PLAN_ISSUED").polarity == ""
    assert Measure.objects.get(code="SEN_EHC_All_20wks").unit == "%"


def test_a_dash_is_not_available_with_its_reason_never_zero(lait: loading.LoadReport) -> None:
    row = Value.objects.get(
        measure__code="KS2_SEN_Maths_Progress", area__code=885, period__label="2020"
    )
    assert row.value is None
    assert row.mark == "-"
    assert row.reason == "not available (-)"
    assert not Value.objects.filter(mark="-").exclude(value=None).exists()


@pytest.mark.parametrize(
    ("cell", "value", "mark"),
    [("c", None, "c"), ("x", None, "x"), ("z", None, "z"), (".", None, "."), ("", None, "")],
)
def test_every_suppression_mark_is_kept(cell: str, value: None, mark: str) -> None:
    assert loading.parse_cell(cell) == (value, mark)


def test_marks_in_a_file_are_loaded_with_their_reasons(db: None, tmp_path: Path) -> None:
    source = _copy_data(tmp_path)
    _rewrite_cells(source / "lait_values.csv.gz", "SEN_EHC_All_20wks", "2024", {885: "c", 805: "z"})
    loading.load_national(source, measures={"SEN_EHC_All_20wks"})
    rows = Value.objects.filter(measure__code="SEN_EHC_All_20wks", period__label="2024")
    assert rows.get(area__code=885).reason == "suppressed (c)"
    assert rows.get(area__code=805).reason == "not applicable (z)"
    assert rows.get(area__code=885).rank is None


def test_reloading_unchanged_files_writes_nothing(lait: loading.LoadReport) -> None:
    with CaptureQueriesContext(connection) as queries:
        again = loading.load_national(measures=SUBSET)
    assert again.skipped
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert Value.objects.count() == lait.values


def test_a_changed_file_is_loaded_again(db: None, tmp_path: Path) -> None:
    source = _copy_data(tmp_path)
    loading.load_national(source, measures={"SEN_EHC_All_20wks"})
    _rewrite_cells(source / "lait_values.csv.gz", "SEN_EHC_All_20wks", "2024", {885: "99.9"})
    report = loading.load_national(source, measures={"SEN_EHC_All_20wks"})
    assert not report.skipped
    row = Value.objects.get(measure__code="SEN_EHC_All_20wks", area__code=885, period__label="2024")
    assert row.value == Decimal("99.9")
    higher = [
        cell
        for la, cell in source_rows("SEN_EHC_All_20wks")["2024"].items()
        if la < 970 and cell not in ("-", "") and Decimal(cell) > Decimal("99.9")
    ]
    assert row.rank == 1 + len(higher)
    assert DataLoad.objects.count() == 1


def test_changed_areas_are_mapped_with_the_break_noted(lait: loading.LoadReport) -> None:
    northants = Area.objects.get(code=928)
    assert not northants.is_current
    assert set(northants.replaced_by.values_list("code", flat=True)) == {940, 941}
    assert "1 April 2021" in northants.notes
    bcp = Area.objects.get(code=839)
    assert set(bcp.replaces.values_list("code", flat=True)) == {835, 836, 837}
    assert "series breaks" in bcp.notes
    assert set(Area.objects.get(code=909).replaced_by.values_list("code", flat=True)) == {942, 943}
    assert Area.objects.get(code=815).is_current and "unitary" in Area.objects.get(code=815).notes
    assert "unitary" in Area.objects.get(code=933).notes
    assert Area.objects.get(name="Poole (Pre LG)").is_current is False


def test_the_old_and_new_areas_have_figures_either_side_of_the_break(
    lait: loading.LoadReport,
) -> None:
    rows = Value.objects.filter(measure__code="SEN_EHC_All_20wks").exclude(value=None)
    old = set(rows.filter(area__code=928).values_list("period__label", flat=True))
    new = set(rows.filter(area__code=940).values_list("period__label", flat=True))
    assert old and new and not old & new
    assert max(old) < min(new)


def test_regions_and_neighbours(lait: loading.LoadReport) -> None:
    worcs = Area.objects.get(code=885)
    assert worcs.region is not None and worcs.region.code == 984
    camden = Area.objects.get(code=202)
    assert camden.region is not None and camden.region.code == 987  # London (Inner)
    assert Area.objects.get(code=970).kind == "england"
    rows = list(Neighbour.objects.filter(la=worcs).values_list("neighbour__code", "closeness"))
    assert [code for code, _ in rows] == [933, 916, 838, 937, 893, 938, 878, 830, 881, 815]
    assert {closeness for _, closeness in rows} == {"Very close"}
    assert Period.objects.get(label="2025 (prov)").revision == "prov"


def _copy_data(tmp_path: Path) -> Path:
    for name in loading.FILES:
        shutil.copy(loading.DATA / name, tmp_path / name)
    return tmp_path


def _rewrite_cells(path: Path, measure: str, period: str, cells: dict[int, str]) -> None:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    for row in rows[1:]:
        if row[:2] == [measure, period]:
            for la, cell in cells.items():
                row[header.index(str(la))] = cell
    with gzip.open(path, "wt", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
