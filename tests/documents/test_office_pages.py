"""The download links and the workbook upload, preview and apply pages, as every persona."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from office_helpers import saved, set_cell, workbook_of
from openpyxl import load_workbook

from personas import MANAGERS, MEMBERS, PERSONAS, assert_access, persona_name
from wsoa.core.models import AuditEvent
from wsoa.plans.models import Item

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(content: bytes, name: str = "plan.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def _expect(response, role: str, allowed) -> None:
    """Members allowed get the page, or are sent on after a post (302)."""
    assert_access(response, role, allowed, ok=(200, 302))


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_download_permissions(client_for, persona, request, area, plan, fmt):
    role = persona_name(request)
    response = client_for(persona).get(reverse(f"documents:{fmt}", args=[area.slug, plan.pk]))
    _expect(response, role, MEMBERS)
    if role in MEMBERS:
        assert response["Content-Disposition"].endswith(f'.{fmt}"')
        content = b"".join(response)
        if fmt == "docx":
            assert Document(io.BytesIO(content)).tables
        else:
            assert load_workbook(io.BytesIO(content))["Plan"]["C1"].value == "Ref"


def test_other_areas_plan_id_under_own_slug_is_404(client_for, area_admin, area, other_plan):
    client = client_for(area_admin)
    for name in ("documents:docx", "documents:xlsx", "documents:workbook_upload"):
        assert client.get(reverse(name, args=[area.slug, other_plan.pk])).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_upload_page_permissions(client_for, persona, request, area, plan):
    role = persona_name(request)
    response = client_for(persona).get(
        reverse("documents:workbook_upload", args=[area.slug, plan.pk])
    )
    _expect(response, role, MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_upload_and_apply_permissions(client_for, persona, request, area, plan):
    role = persona_name(request)
    book = workbook_of(plan)
    item = plan.items.get(number="1.1")
    set_cell(book, item.pk, "Action", "Changed by upload")
    client = client_for(persona)
    path = reverse("documents:workbook_upload", args=[area.slug, plan.pk])
    response = client.post(path, {"workbook": _upload(saved(book))})
    _expect(response, role, MANAGERS)
    preview = reverse("documents:workbook_preview", args=[area.slug, plan.pk])
    _expect(client.post(preview), role, MANAGERS)
    item.refresh_from_db()
    assert (item.title == "Changed by upload") == (role in MANAGERS)


def test_plan_page_links_downloads_for_members_and_upload_for_managers(
    client_for, contributor, plan_manager, area, plan
):
    path = reverse("plans:plan", args=[area.slug, plan.pk])
    upload = reverse("documents:workbook_upload", args=[area.slug, plan.pk])
    page = client_for(contributor).get(path).content.decode()
    assert reverse("documents:docx", args=[area.slug, plan.pk]) in page
    assert reverse("documents:xlsx", args=[area.slug, plan.pk]) in page
    assert upload not in page
    assert upload in client_for(plan_manager).get(path).content.decode()


def test_preview_shows_each_change_then_apply_writes_it(client_for, plan_manager, area, plan):
    client = client_for(plan_manager)
    book = workbook_of(plan)
    item = plan.items.get(number="2.1")
    set_cell(book, item.pk, "Lead", "SEND Team")
    path = reverse("documents:workbook_upload", args=[area.slug, plan.pk])
    response = client.post(path, {"workbook": _upload(saved(book))})
    preview = reverse("documents:workbook_preview", args=[area.slug, plan.pk])
    assert response["Location"] == preview
    page = client.get(preview).content.decode()
    assert "0 items added, 1 changed, 0 removed" in page
    assert "Action 2.1: Action text 2.1" in page and "Lead 1" in page and "SEND Team" in page
    assert Item.objects.get(pk=item.pk).version == 1
    response = client.post(preview, follow=True)
    assert "1 item changed" in response.content.decode()
    assert item.people.get().text == "SEND Team"
    assert AuditEvent.objects.filter(action="item.edited", object_id=item.pk).count() == 1


def test_unchanged_upload_says_nothing_would_change(client_for, plan_manager, area, plan):
    client = client_for(plan_manager)
    path = reverse("documents:workbook_upload", args=[area.slug, plan.pk])
    client.post(path, {"workbook": _upload(saved(workbook_of(plan)))})
    preview = reverse("documents:workbook_preview", args=[area.slug, plan.pk])
    assert "applying it changes nothing" in client.get(preview).content.decode()
    response = client.post(preview, follow=True)
    assert "nothing was changed" in response.content.decode()
    assert not AuditEvent.objects.filter(object_type="item").exists()


def test_bad_file_shows_the_error_and_writes_nothing(client_for, plan_manager, area, plan):
    client = client_for(plan_manager)
    book = workbook_of(plan)
    book["Plan"].cell(row=1, column=20, value="Budget")
    path = reverse("documents:workbook_upload", args=[area.slug, plan.pk])
    response = client.post(path, {"workbook": _upload(saved(book))})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "the heading is “Budget”" in page
    response = client.post(path, {"workbook": _upload(b"hello", name="plan.txt")})
    assert "Choose an Excel workbook" in response.content.decode()


def test_stale_apply_shows_the_error_and_writes_nothing(client_for, plan_manager, area, plan):
    client = client_for(plan_manager)
    book = workbook_of(plan)
    item = plan.items.get(number="1.1")
    set_cell(book, item.pk, "Action", "Mine")
    client.post(
        reverse("documents:workbook_upload", args=[area.slug, plan.pk]),
        {"workbook": _upload(saved(book))},
    )
    Item.objects.filter(pk=item.pk).update(title="Theirs", version=2)
    preview = reverse("documents:workbook_preview", args=[area.slug, plan.pk])
    page = client.post(preview).content.decode()
    assert "changed in wsoa after the export" in page
    assert Item.objects.get(pk=item.pk).title == "Theirs"
