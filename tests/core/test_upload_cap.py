"""Uploaded files past the cap reach their form empty, with their whole size to refuse them."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from wsoa.core import uploads


def posted(content: bytes):
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("a.csv", content)})
    return request.FILES["file"]


def test_a_file_over_the_cap_keeps_its_size_but_not_its_data(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1000)
    found = posted(b"x" * 5000)
    assert found.size == 5000
    assert found.read() == b""


def test_a_file_within_the_cap_is_kept_whole(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1000)
    found = posted(b"x" * 1000)
    assert found.size == 1000
    assert found.read() == b"x" * 1000


def test_the_cap_is_above_every_forms_own_limit():
    from wsoa.documents.forms import MAX_WORKBOOK_BYTES
    from wsoa.inspections.forms import MAX_REPORT_BYTES
    from wsoa.kpi.forms import MAX_UPLOAD_BYTES
    from wsoa.progress.forms import MAX_EVIDENCE_BYTES

    limits = [MAX_WORKBOOK_BYTES, MAX_REPORT_BYTES, MAX_UPLOAD_BYTES, MAX_EVIDENCE_BYTES]
    assert max(limits) < uploads.MAX_UPLOAD_BYTES
