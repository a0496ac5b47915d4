"""Importing actuals: a file too large to read is refused with what was too large, nothing kept."""

import io

import pytest
from django.urls import reverse

from hostile_workbooks import deflate_bomb, numbered_rows, plan_workbook
from wsoa.core import uploads
from wsoa.kpi import importing
from wsoa.kpi.models import Measurement

pytestmark = pytest.mark.django_db


def upload(client, area, name: str, content: bytes):
    data = {"file": io.BytesIO(content)}
    data["file"].name = name
    return client.post(reverse("kpi:import", args=[area.slug]), data)


def assert_refused(client, area, name: str, content: bytes, message: str) -> None:
    response = upload(client, area, name, content)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert message in page
    assert "kpi_import" not in client.session
    assert not Measurement.objects.exists()


def test_a_million_row_csv_is_refused_at_the_limit(client_for, plan_manager, area, indicator):
    content = b"Indicator,Period,Value\n" + b"1\n" * 1_000_000
    message = "The file has more than 10,000 rows. Split it into smaller files."
    assert_refused(client_for(plan_manager), area, "actuals.csv", content, message)


def test_a_csv_line_of_two_megabytes_is_refused(client_for, plan_manager, area, indicator):
    content = b"Indicator,Period,Value\n" + b"x" * 2_000_000 + b"\n"
    message = "Line 2 of the file is longer than 10,000 characters."
    assert_refused(client_for(plan_manager), area, "actuals.csv", content, message)


def test_a_workbook_declaring_a_million_rows_is_refused(client_for, plan_manager, area):
    content = plan_workbook(numbered_rows(3), dimension="A1:A1000000")
    message = (
        "The file has more than 10,000 rows: one of its sheets has 999,999. "
        "Split it into smaller files."
    )
    assert_refused(client_for(plan_manager), area, "actuals.xlsx", content, message)


def test_a_workbook_unpacking_to_gigabytes_is_refused(client_for, plan_manager, area):
    message = "The file unpacks to more than 30 MB, more than wsoa reads."
    assert_refused(client_for(plan_manager), area, "actuals.xlsx", deflate_bomb(), message)


def test_rows_of_a_workbook_declaring_no_size_are_counted():
    with pytest.raises(importing.ImportFileError, match=r"^The file has more than 10,000 rows\."):
        importing.read_table("actuals.xlsx", plan_workbook(numbered_rows(10_002)))
    assert len(importing.read_table("actuals.xlsx", plan_workbook(numbered_rows(10_001))).rows)


def test_a_file_over_the_upload_size_is_refused(client_for, plan_manager, area):
    content = b"Indicator,Period,Value\n" + b"x," * (1024 * 1024)
    message = "The file must be smaller than 2 MB"
    assert_refused(client_for(plan_manager), area, "actuals.csv", content, message)


def test_a_file_over_the_request_cap_is_counted_not_kept(
    client_for, plan_manager, area, monkeypatch
):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 3 * 1024 * 1024)
    content = b"Indicator,Period,Value\n" + b"1\n" * (2 * 1024 * 1024)
    message = "The file must be smaller than 2 MB"
    assert_refused(client_for(plan_manager), area, "actuals.csv", content, message)
