"""The pack's Word and PDF files read back, frozen snapshots, checksums and pack jobs."""

import hashlib
import io
import shutil
import subprocess

import pdfplumber
import pytest
from django.db import DatabaseError, connection, transaction
from docx import Document
from pack_history import at

from wsoa.reports import jobs, services
from wsoa.reports.models import JobStatus, PackSnapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(plan, board, history, exception, plan_manager):
    with at("2026-10-20"):
        return services.generate_pack(plan=plan, by=plan_manager, board=board)


def test_snapshot_records_author_time_and_checksums(snapshot, plan_manager):
    assert snapshot.created_by == plan_manager
    assert snapshot.created_at.date().isoformat() == "2026-10-20"
    for kind in ("html", "docx", "pdf"):
        content = snapshot.content(kind)
        assert hashlib.sha256(content).hexdigest() == snapshot.checksum(kind)
        assert snapshot.is_intact(kind)


def test_snapshot_cannot_be_changed_or_deleted(snapshot):
    snapshot.title = "Something else"
    with pytest.raises(ValueError, match="cannot be changed"):
        snapshot.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        snapshot.delete()
    assert PackSnapshot.objects.get(pk=snapshot.pk).title != "Something else"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_database_refuses_to_change_a_snapshot(snapshot):
    with pytest.raises(DatabaseError), transaction.atomic():
        PackSnapshot.objects.filter(pk=snapshot.pk).update(title="Rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        PackSnapshot.objects.filter(pk=snapshot.pk)._raw_delete(connection.alias)


def test_word_pack_has_real_headings_tables_and_the_rag_key(snapshot):
    doc = Document(io.BytesIO(snapshot.content("docx")))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "The plan at a glance" in headings  # page 1, as in the HTML and PDF
    assert "Milestones and items that slipped" in headings
    assert "RAG key" in headings
    assert doc.core_properties.title == snapshot.title
    cells = {cell.text for table in doc.tables for row in table.rows for cell in row.cells}
    assert "Progress being made but not meeting expected timescales" in cells
    assert "Two posts vacant in the SEND team" in cells
    assert any(c.startswith("Objective 1") for c in cells)  # the ratings' link to the detail
    assert "EHC plans issued within 20 weeks" in cells
    xml = doc.element.xml
    assert 'w:anchor="area_' in xml and "w:bookmarkStart" in xml


def test_pdf_pack_is_tagged_and_reads_back(snapshot):
    with pdfplumber.open(io.BytesIO(snapshot.content("pdf"))) as pdf:
        text = " ".join((page.extract_text() or "").replace("\n", " ") for page in pdf.pages)
        catalog = pdf.doc.catalog
        assert "StructTreeRoot" in catalog
        assert "MarkInfo" in catalog
    assert snapshot.title in text
    assert "Progress being made but not meeting expected timescales" in text
    assert "Educational psychology advice arrives late" in text
    assert "Action 1.2" in text


def test_html_pack_is_a_whole_document_with_one_h1(snapshot):
    html = snapshot.content("html").decode()
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<h1") == 1
    assert 'lang="en-GB"' in html
    assert "style=" not in html and "<script" not in html


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_word_pack_to_pdf(snapshot, tmp_path):
    source = tmp_path / "pack.docx"
    source.write_bytes(snapshot.content("docx"))
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    with pdfplumber.open(tmp_path / "pack.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "The plan at a glance" in text


def test_job_makes_one_snapshot_however_often_it_runs(plan, board, plan_manager):
    job = services.request_pack(plan=plan, by=plan_manager, board=board)
    snapshot = jobs.run_job(job.pk)
    assert jobs.run_job(job.pk) == snapshot  # run again (redelivered): nothing new is written
    job.refresh_from_db()
    assert (job.status, job.snapshot, job.attempts) == (JobStatus.DONE, snapshot, 1)
    assert job.percent == 100
    assert PackSnapshot.objects.count() == 1


def test_failed_job_keeps_its_reason(plan, plan_manager, monkeypatch):
    job = services.request_pack(plan=plan, by=plan_manager)

    def broken(pack, body):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("wsoa.reports.render.render_document", broken)
    assert jobs.run_job(job.pk) is None
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.FAILED, "no fonts")
    assert not PackSnapshot.objects.exists()


def test_word_pack_has_each_indicators_chart_as_a_picture_with_its_words(snapshot):
    doc = Document(io.BytesIO(snapshot.content("docx")))
    assert len(doc.inline_shapes) == 2  # the ratings by area, then the indicator with figures
    assert doc.inline_shapes[0]._inline.docPr.get("title").startswith("Ratings")
    properties = doc.inline_shapes[1]._inline.docPr
    assert properties.get("title").startswith("EHC plans issued within 20 weeks")
    assert "50" in properties.get("descr")  # the description names the figures
    image = doc.inline_shapes[1]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert doc.part.related_parts[image].content_type == "image/png"
