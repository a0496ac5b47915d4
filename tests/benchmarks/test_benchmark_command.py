"""`wsoa benchmark` on a fresh database: it loads the national data first, then compares."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from wsoa.benchmarks import loading
from wsoa.benchmarks.models import DataLoad


@pytest.fixture
def small_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The packaged files cut down to the EHC timeliness measure, standing in for the full set."""
    import csv
    import gzip

    for name in loading.FILES:
        shutil.copy(loading.DATA / name, tmp_path / name)
    with gzip.open(loading.DATA / "lait_values.csv.gz", "rt", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f) if r[0] in ("measure", "SEN_EHC_All_20wks")]
    with gzip.open(tmp_path / "lait_values.csv.gz", "wt", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    monkeypatch.setattr(loading, "DATA", tmp_path)
    return tmp_path


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("benchmark", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_on_a_fresh_database(db: None, small_data: Path) -> None:
    assert not DataLoad.objects.exists()
    out, err = _run("--la", "885", "--measure", "SEN_EHC_All_20wks", "--json")
    assert "Loaded" in err
    assert json.loads(out) == {
        "measure": "SEN_EHC_All_20wks",
        "la": 885,
        "name": "Worcestershire",
        "period": "2024",
        "value": 37.2,
        "polarity": "High",
        "england": 45.9,
        "region": 41.0,
        "neighbours": {
            "mean": 25.84,
            "n": 10,
            "las": [933, 916, 838, 937, 893, 938, 878, 830, 881, 815],
        },
        "rank": 102,
        "of": 153,
        "quartile": 3,
    }
    again, err = _run("--la", "805", "--measure", "SEN_EHC_All_20wks", "--json", "--period", "2019")
    assert err == ""  # already loaded: nothing written
    assert json.loads(again)["value"] == 35.9


def test_readable_lines_and_a_chosen_set(db: None, small_data: Path) -> None:
    out, _ = _run("--la", "885", "--measure", "SEN_EHC_All_20wks", "--neighbours", "884,893")
    assert "Worcestershire (885)" in out and "2024: 37.2%" in out
    assert "102nd of 153 areas with a figure, quartile 3" in out
    assert "your chosen neighbours' average" in out and "(of 2: 884, 893)" in out


def test_unknown_measure_is_an_error(db: None, small_data: Path) -> None:
    with pytest.raises(CommandError, match="No measure"):
        _run("--la", "885", "--measure", "NOPE")
