"""A report far larger than an inspection report is refused with what was too large, quickly,
and nothing is kept."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hostile_pdfs import deflate_bomb, document, forms, stream, write
from pdfs import pdf

from wsoa.inspections import pdflimits
from wsoa.inspections.reader import ReportError, read_report
from wsoa.plans.models import Finding, Plan

UPLOAD = "/areas/hartlepool/inspection-report/"
PREVIEW = UPLOAD + "preview/"
MB = 1024 * 1024


def refused(data: bytes | str) -> str:
    with pytest.raises(ReportError) as error:
        read_report(data)
    return str(error.value)


def test_a_pdf_of_250_pages_is_refused_from_its_page_count():
    assert refused(document(250)) == (
        "The PDF has 250 pages: an inspection report has 7 to 30. "
        "Upload a report of no more than 200 pages."
    )


def test_pages_beyond_a_count_that_understates_them_are_not_opened(monkeypatch):
    monkeypatch.setattr(pdflimits, "MAX_PAGES", 5)
    opened = []
    original = pdflimits.Drawing.add
    monkeypatch.setattr(
        pdflimits.Drawing, "add", lambda self, n, page: opened.append(n) or original(self, n, page)
    )
    message = refused(document(50, declared=2))
    assert message.startswith("The PDF has more than 5 pages")
    assert opened == [1, 2, 3, 4, 5]


def test_page_objects_are_counted_before_the_pdf_is_parsed():
    assert refused(document(900, declared=1)).startswith("The PDF has 900 pages")


def test_a_stream_that_unpacks_to_gigabytes_is_refused_unread():
    data = deflate_bomb(64 * MB)
    assert len(data) < MB
    message = refused(data)
    assert message.startswith("Part of the PDF unpacks to more than 4 MB")
    assert "If it is a scanned copy" in message


def test_a_pdf_larger_than_a_report_is_refused_by_its_size():
    data = pdf(["Area SEND inspection of Nowhere"]) + b"%" + b"x" * (6 * MB)
    assert refused(data) == (
        "The PDF is 6.0 MB, larger than an inspection report: upload one of no more than 5 MB."
    )


def test_a_pdf_of_tens_of_thousands_of_links_is_refused():
    links = b" ".join(b"3 0 R" for _ in range(25_000))
    data = write([b"<</Type/Catalog/Pages 2 0 R/Extra[%s]>>" % links, *document_parts()])
    assert refused(data).startswith("The PDF has more than 20,000 objects and links")


def document_parts() -> list[bytes]:
    return [
        b"<</Type/Pages/Kids[5 0 R]/Count 1>>",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
        stream(b"BT /F1 12 Tf 60 780 Td (x) Tj ET"),
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>>>"
        b"/Contents 4 0 R>>",
    ]


def test_a_page_with_a_megabyte_of_drawing_is_refused_before_it_is_laid_out():
    content = stream(b"0 0 m 1 1 l S\n" * 80_000)
    assert refused(document(1, content=content)) == (
        "Page 1 of the PDF takes far more drawing than a page of an inspection report, "
        "so it cannot be read."
    )


def test_a_form_drawn_a_thousand_times_counts_each_time():
    assert refused(forms(1000, 2000)).startswith("Page 1 of the PDF takes far more drawing")
    message = refused(forms(10, 2000))  # drawn ten times, it is read (and has no text)
    assert message == "The PDF's pages are blank: there is no text to read."


def test_a_form_that_draws_itself_is_refused():
    assert refused(forms(1, 10, inner=b"6 0 R")) == (
        "The PDF draws forms inside forms too deeply to be read."
    )


def test_a_text_longer_than_any_report_is_refused():
    message = refused("Area SEND inspection of Nowhere\n" + "x" * 1_000_000)
    assert message.startswith("The text is longer than an inspection report")


@pytest.mark.django_db
def test_the_upload_page_shows_the_refusal_and_keeps_nothing(client_for, plan_manager):
    client = client_for(plan_manager)
    report = SimpleUploadedFile("report.pdf", document(250), "application/pdf")
    page = client.post(UPLOAD, {"report": report}).content.decode()
    assert "There is a problem" in page and "The PDF has 250 pages" in page
    assert client.get(PREVIEW).status_code == 302  # nothing kept to preview
    assert not Plan.objects.exists() and not Finding.objects.exists()


@pytest.mark.django_db
def test_the_upload_form_refuses_a_file_over_5_mb(client_for, plan_manager):
    report = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n" + b"x" * (5 * MB), "application/pdf")
    page = client_for(plan_manager).post(UPLOAD, {"report": report}).content.decode()
    assert "The report must be smaller than 5 MB" in page
