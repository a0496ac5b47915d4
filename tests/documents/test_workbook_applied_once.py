"""A plan workbook applies once: a second apply, later or at the same moment, adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from office_helpers import column_of, row_of, saved, workbook_of
from openpyxl import Workbook, load_workbook

from factories import build_plan
from submitting import at_once
from wsoa.core.models import AuditEvent
from wsoa.documents.models import WorkbookApplication
from wsoa.documents.office.applying import AlreadyApplied, apply_workbook
from wsoa.documents.office.reading import read_workbook
from wsoa.plans.models import Item

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def with_new_row(plan, title: str = "Publish the local offer", book: Workbook | None = None):
    """The plan's workbook with a new action (a row without an id) under objective 1."""
    book = book or workbook_of(plan)
    sheet = book["Plan"]
    new_row = row_of(book, plan.items.get(number="1.2").pk) + 1
    sheet.insert_rows(new_row)
    sheet.cell(row=new_row, column=column_of(book, "Ref"), value="1.3")
    sheet.cell(row=new_row, column=column_of(book, "Action"), value=title)
    return book


def added(plan, title: str = "Publish the local offer") -> int:
    return Item.objects.filter(plan=plan, title=title).count()


def test_a_workbook_applied_twice_adds_its_new_rows_once(area, plan_manager, area_admin):
    plan = build_plan(area)
    content = saved(with_new_row(plan))
    assert apply_workbook(plan=plan, upload=read_workbook(content), by=plan_manager).added
    events = AuditEvent.objects.count()
    with pytest.raises(AlreadyApplied) as refused:
        apply_workbook(plan=plan, upload=read_workbook(content), by=area_admin)
    record = WorkbookApplication.objects.get()
    at = timezone.localtime(record.applied_at)
    message = str(refused.value)
    assert "already applied" in message and "by plan_manager-user" in message
    assert f"{at.day} {at:%B %Y} at {at:%H:%M}" in message
    assert added(plan) == 1 and AuditEvent.objects.count() == events


def test_the_same_workbook_saved_again_is_still_the_same_workbook(area, plan_manager):
    plan = build_plan(area)
    content = saved(with_new_row(plan))
    apply_workbook(plan=plan, upload=read_workbook(content), by=plan_manager)
    book = load_workbook(io.BytesIO(content))
    book["Plan"].column_dimensions["C"].width = 40  # a column widened, then saved again
    resaved = saved(book)
    assert resaved != content
    with pytest.raises(AlreadyApplied):
        apply_workbook(plan=plan, upload=read_workbook(resaved), by=plan_manager)
    assert added(plan) == 1


def test_two_different_edits_of_one_export_both_apply(area, plan_manager):
    plan = build_plan(area)
    book = workbook_of(plan)
    mine = saved(with_new_row(plan, "Mine", load_workbook(io.BytesIO(saved(book)))))
    theirs = saved(with_new_row(plan, "Theirs", load_workbook(io.BytesIO(saved(book)))))
    apply_workbook(plan=plan, upload=read_workbook(mine), by=plan_manager)
    apply_workbook(plan=plan, upload=read_workbook(theirs), by=plan_manager)
    assert added(plan, "Mine") == added(plan, "Theirs") == 1
    assert WorkbookApplication.objects.count() == 2


def test_an_unchanged_workbook_is_not_recorded(area, plan_manager):
    plan = build_plan(area)
    content = saved(workbook_of(plan))
    for _ in range(2):
        assert apply_workbook(plan=plan, upload=read_workbook(content), by=plan_manager).is_empty
    assert not WorkbookApplication.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_workbook_applied_at_once_adds_its_new_rows_once(area, plan_manager):
    plan = build_plan(area)
    content = saved(with_new_row(plan))

    def apply(_n: int):
        return apply_workbook(plan=plan, upload=read_workbook(content), by=plan_manager)

    results = at_once(4, apply)
    applied = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, AlreadyApplied)]
    assert len(applied) == 1 and len(refused) == 3, results
    assert added(plan) == 1
    assert AuditEvent.objects.filter(action="item.added").count() == 1
    assert WorkbookApplication.objects.get().added == 1


def _upload(client, plan, content: bytes):
    path = reverse("documents:workbook_upload", args=[plan.area.slug, plan.pk])
    return client.post(path, {"workbook": SimpleUploadedFile("plan.xlsx", content, XLSX)})


def test_a_workbook_already_applied_is_refused_at_upload_naming_who(
    client_for, area, plan, plan_manager, area_admin
):
    content = saved(with_new_row(plan))
    first = client_for(plan_manager)
    _upload(first, plan, content)
    first.post(reverse("documents:workbook_preview", args=[area.slug, plan.pk]))
    response = _upload(client_for(area_admin), plan, content)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "already applied" in page and "by plan_manager-user" in page
    assert added(plan) == 1


@pytest.mark.django_db(transaction=True)
def test_two_managers_applying_one_workbook_at_once_add_its_rows_once(
    client_for, area, plan, plan_manager, area_admin
):
    content = saved(with_new_row(plan))
    clients = [client_for(plan_manager), client_for(area_admin)]
    for client in clients:
        assert _upload(client, plan, content).status_code == 302
    preview = reverse("documents:workbook_preview", args=[area.slug, plan.pk])
    results = at_once(2, lambda n: clients[n].post(preview))
    codes = sorted(getattr(r, "status_code", r) for r in results)
    assert codes == [200, 302], results
    [refused] = [r for r in results if r.status_code == 200]
    assert "already applied" in refused.content.decode()
    assert added(plan) == 1
