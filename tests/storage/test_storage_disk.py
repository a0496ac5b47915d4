"""Evidence files on the local disk (the default): the same checks and refusals as in a bucket."""

from __future__ import annotations

import hashlib
import importlib

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from page_text import text_of
from wsoa.core.storage_files import iter_files
from wsoa.progress import services
from wsoa.progress.models import Evidence, ProgressUpdate

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 SEND board minutes\n"
MIGRATION = "wsoa.progress.migrations.0003_evidence_checksums_of_stored_files"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _posted(item, author, name="minutes.pdf", content=PDF):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    data = services.UpdateIn("x", "green", evidence=[services.EvidenceIn("Minutes", file=upload)])
    return services.post_update(item=item, author=author, data=data).evidence.get()


def _evidence_url(evidence):
    plan = evidence.update.item.plan
    return reverse("progress:evidence", args=[plan.area.slug, plan.pk, evidence.pk])


def test_a_disk_that_cannot_be_written_refuses_the_upload_and_writes_nothing(
    settings, tmp_path, client_for, contributor, owned_item
):
    settings.MEDIA_ROOT = tmp_path / "not-a-folder"
    settings.MEDIA_ROOT.write_text("a file where the folder should be")
    item = owned_item
    upload = SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")
    response = client_for(contributor).post(
        reverse("progress:update", args=[item.plan.area.slug, item.plan.pk, item.pk]),
        {"commentary": "Minutes attached", "proposed_rag": "green", "evidence_file": upload},
    )
    assert response.status_code == 200
    assert "The file could not be stored. Try again later; nothing was saved." in text_of(response)
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()


def test_a_file_changed_on_disk_is_not_served(media, client_for, contributor, owned_item):
    evidence = _posted(owned_item, contributor)
    (media / evidence.file.name).write_bytes(b"%PDF-1.4 changed")
    response = client_for(contributor).get(_evidence_url(evidence))
    assert response.status_code == 409 and b"changed" not in response.content


def test_iter_files_lists_the_disk_files_with_their_sizes(media, contributor, owned_item):
    first = _posted(owned_item, contributor)
    second = _posted(owned_item, contributor, "plan.docx", b"PK docx bytes")
    assert sorted(iter_files()) == sorted(
        [(first.file.name, len(PDF)), (second.file.name, len(b"PK docx bytes"))]
    )


def test_iter_files_of_an_empty_store_is_empty(media):
    assert list(iter_files()) == []


def test_the_migration_records_checksums_of_files_stored_before_it(media, contributor, owned_item):
    kept = _posted(owned_item, contributor)
    lost = _posted(owned_item, contributor, "lost.pdf", b"%PDF lost")
    Evidence.objects.update(sha256="")
    (media / lost.file.name).unlink()
    importlib.import_module(MIGRATION).record_checksums(apps, None)
    assert Evidence.objects.get(pk=kept.pk).sha256 == hashlib.sha256(PDF).hexdigest()
    assert Evidence.objects.get(pk=lost.pk).sha256 == ""


def test_a_file_stored_before_checksums_is_still_served(media, client_for, contributor, owned_item):
    evidence = _posted(owned_item, contributor)
    Evidence.objects.update(sha256="")
    response = client_for(contributor).get(_evidence_url(evidence))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "X-Checksum-SHA256" not in response


def test_the_migration_gives_up_quietly_when_the_store_is_down(
    media, settings, tmp_path, contributor, owned_item
):
    evidence = _posted(owned_item, contributor)
    Evidence.objects.update(sha256="")
    settings.MEDIA_ROOT = tmp_path / "down"
    settings.MEDIA_ROOT.write_text("not a folder")
    importlib.import_module(MIGRATION).record_checksums(apps, None)
    assert Evidence.objects.get(pk=evidence.pk).sha256 == ""
