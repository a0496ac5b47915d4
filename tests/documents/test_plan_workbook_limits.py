"""A plan workbook too large to read is refused with what was too large, and nothing is kept."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from office_helpers import saved, workbook_of

from hostile_workbooks import deflate_bomb, numbered_rows, plan_workbook, sheet, workbook
from wsoa.core.models import AuditEvent
from wsoa.core.spreadsheets import Limits
from wsoa.documents.office import reading
from wsoa.documents.office.reading import SheetError, read_workbook

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, plan, content: bytes):
    path = reverse("documents:workbook_upload", args=[plan.area.slug, plan.pk])
    file = SimpleUploadedFile("plan.xlsx", content, content_type=XLSX)
    return client.post(path, {"workbook": file})


def assert_refused(client, plan, content: bytes, message: str) -> None:
    titles = list(plan.items.values_list("pk", "title", "version"))
    response = upload(client, plan, content)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert message in page
    assert not [key for key, _ in client.session.items() if key.startswith("plan_workbook:")]
    assert list(plan.items.values_list("pk", "title", "version")) == titles
    assert not AuditEvent.objects.filter(object_type="item").exists()


def test_a_million_declared_rows_are_refused_before_reading(client_for, plan_manager, plan):
    content = plan_workbook(numbered_rows(3), dimension="A1:A1000000")
    message = "The workbook has more than 5,000 rows: one of its sheets has 999,999."
    assert_refused(client_for(plan_manager), plan, content, message)


def test_a_workbook_that_unpacks_to_gigabytes_is_refused(client_for, plan_manager, plan):
    message = "The workbook unpacks to more than 30 MB, more than wsoa reads."
    assert_refused(client_for(plan_manager), plan, deflate_bomb(), message)


def test_an_exported_workbook_over_the_row_limit_is_refused(
    client_for, plan_manager, plan, monkeypatch
):
    assert plan.items.count() > 3
    monkeypatch.setattr(reading, "LIMITS", Limits(rows=3, columns=200))
    content = saved(workbook_of(plan))
    rows = plan.items.count()
    message = f"The workbook has more than 3 rows: one of its sheets has {rows}."
    assert_refused(client_for(plan_manager), plan, content, message)


def test_rows_of_a_sheet_declaring_no_size_are_counted():
    with pytest.raises(SheetError, match=r"^The workbook has more than 5,000 rows\.$"):
        read_workbook(plan_workbook(numbered_rows(5002)))


def test_an_exported_workbook_is_read_within_the_limits(plan):
    found = read_workbook(saved(workbook_of(plan)))
    assert [row["id"] for row in found.rows] == list(
        plan.items.order_by("position").values_list("pk", flat=True)
    )


def test_a_sheet_whose_xml_breaks_part_way_is_not_a_workbook():
    cut = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>format</t></is></c></row>', "A1:B2")
    broken = workbook(("Plan", sheet("")), ("wsoa", cut[: cut.index("</row>")]))
    with pytest.raises(SheetError, match="not an Excel workbook"):
        read_workbook(broken)
