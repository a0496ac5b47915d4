"""Importing extracts: canonical and mapped layouts, idempotence, every bad row named, nothing
of a bad file written."""

import json

import pytest
from cases_helpers import csv_bytes, load, read, row
from django.core.management import CommandError, call_command
from django.db import connection
from openpyxl import Workbook

from wsoa.casework.models import AdviceRequest, Case, CaseEvent, CaseException
from wsoa.core.models import LocalArea

pytestmark = pytest.mark.django_db

CHILD = {
    "name": "Made-up child 0001",
    "date_of_birth": "2015-03-02",
    "upn": "A12345678901B",
    "postcode": "ts24 7aa",
}
ROWS = [
    row("C1", "2024-01-18", request_source="parent", decision_date="2024-02-20",
        decision="agreed", draft_date="2024-05-01", final_date="2024-06-06", caseworker="Ann",
        team="North", advice_health_requested="2024-02-21", advice_health_received="2024-04-01",
        **CHILD),
    row("C2", "03/04/2024", decision_date="10/05/2024", decision="refused",
        exception="personal_circumstances", exception_start="2024-04-10"),
]  # fmt: skip


def run(path, *args):
    from io import StringIO

    out = StringIO()
    call_command("casework", "import", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip().splitlines()


def test_import_creates_the_area_and_its_cases_then_changes_nothing_the_second_time(tmp_path):
    path = tmp_path / "extract.csv"
    path.write_bytes(csv_bytes(ROWS))
    assert run(path, "--area", "Hartlepool")[-1] == "2 created, 0 updated, 0 unchanged"
    area = LocalArea.objects.get(name="Hartlepool")
    first = Case.objects.get(area=area, case_ref="C1")
    assert (first.name, first.upn, first.postcode) == (
        "Made-up child 0001",
        "A12345678901B",
        "TS24 7AA",
    )
    assert str(first.date_of_birth) == "2015-03-02"
    assert (
        AdviceRequest.objects.get(case=first, service="health").received.isoformat() == "2024-04-01"
    )
    second = Case.objects.get(area=area, case_ref="C2")
    assert str(second.request_date) == "2024-04-03"  # UK day-first
    assert CaseException.objects.get(case=second).reason == "personal_circumstances"
    events = CaseEvent.objects.filter(area=area).count()
    assert run(path, "--area", "Hartlepool")[-1] == "0 created, 0 updated, 2 unchanged"
    assert CaseEvent.objects.filter(area=area, action="update").count() == 0
    assert CaseEvent.objects.filter(area=area).count() == events + 1  # the import itself


def test_a_changed_row_updates_its_case_and_audits_which_fields(area):
    load(area, ROWS)
    changed = [dict(ROWS[0], final_date="2024-06-07", name="Made-up child 0002"), ROWS[1]]
    result = load(area, changed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    event = CaseEvent.objects.get(area=area, action="update")
    assert event.case_ref == "C1" and event.fields == ["final_date", "name"]
    assert "Made-up" not in json.dumps(event.fields)


def test_another_layout_is_read_with_a_column_map(tmp_path):
    headings = ["Ref", "Date of request", "Final plan issued", "Child"]
    content = csv_bytes(
        [{"Ref": "X9", "Date of request": "18/01/2024", "Final plan issued": "06/06/2024",
          "Child": "Made-up child 9"}], headings)  # fmt: skip
    mapping = tmp_path / "map.json"
    given = {"case_ref": "Ref", "request_date": "Date of request",
             "final_date": "Final plan issued", "name": "Child"}  # fmt: skip
    mapping.write_text(json.dumps(given))
    path = tmp_path / "extract.csv"
    path.write_bytes(content)
    assert run(path, "--area", "Durham", "--mapping", str(mapping))[-1].startswith("1 created")
    case = Case.objects.get(case_ref="X9")
    assert (str(case.final_date), case.name) == ("2024-06-06", "Made-up child 9")


def test_a_workbook_is_read_with_date_cells(tmp_path):
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.append(["case_ref", "request_date", "final_date"])
    sheet.append(["W1", dt.datetime(2024, 1, 18), dt.datetime(2024, 6, 6)])
    path = tmp_path / "extract.xlsx"
    book.save(path)
    assert run(path, "--area", "Durham")[-1] == "1 created, 0 updated, 0 unchanged"
    assert str(Case.objects.get(case_ref="W1").final_date) == "2024-06-06"


def test_every_bad_row_is_reported_with_row_and_column_and_nothing_is_written(tmp_path):
    bad = [
        row("B1", "2024-01-18"),
        row("B2", "31/02/2024"),
        row("", "2024-01-18"),
        row("B4", "2024-03-01", final_date="2024-02-01", decision="maybe"),
        row("B1", "2024-01-19", exception="setting_closed"),
        row("B6", "2024-01-19", upn="123", advice_health_received="2024-02-02"),
    ]
    reading = read(csv_bytes(bad))
    assert reading.errors == [
        "row 3, column request_date: “31/02/2024” is not a date: "
        "write it as 2024-02-29 or 29/02/2024.",
        "row 4, column case_ref: a case reference is needed.",
        "row 5, column final_date: 01/02/2024 is before the request date (01/03/2024).",
        "row 5, column decision: “maybe” is not one of: agreed, refused.",
        "row 6, column exception_start: an exception needs the date it started.",
        "row 6, column case_ref: case B1 is also on row 2.",
        "row 7, column upn: a unique pupil number is a letter, 11 digits and a digit or letter.",
        "row 7, column advice_health_received: advice was received but not requested: "
        "give the date it was requested.",
    ]
    assert reading.rows == []
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(bad))
    with pytest.raises(CommandError, match=r"8 errors\. Nothing was imported\."):
        run(path, "--area", "Nowhere")
    assert not LocalArea.objects.filter(name="Nowhere").exists()
    assert not Case.objects.exists()


def test_a_map_naming_a_missing_heading_or_no_request_date_is_refused():
    content = csv_bytes([{"Ref": "A"}], ["Ref"])
    reading = read(content, {"case_ref": "Ref", "final_date": "Issued"})
    assert reading.errors == [
        "The column map reads final_date from “Issued”: the file has no such column.",
        "No column holds request_date: map one to it.",
    ]


def test_personal_data_is_encrypted_in_the_database(area):
    load(area, ROWS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, date_of_birth, upn, postcode FROM casework_case")
        stored = [value for line in cursor.fetchall() for value in line]
    text = " ".join(stored)
    for plain in ("Made-up", "2015-03-02", "A12345678901B", "TS24"):
        assert plain not in text
    assert any(value.startswith("gAAAA") for value in stored)  # Fernet tokens
    assert Case.objects.get(case_ref="C1").name == "Made-up child 0001"


def test_other_files_are_refused_with_what_to_do(tmp_path):
    path = tmp_path / "extract.txt"
    path.write_text("case_ref\n1\n")
    with pytest.raises(CommandError, match=r"must be a CSV file \(.csv\) or an Excel workbook"):
        run(path, "--area", "Durham")
