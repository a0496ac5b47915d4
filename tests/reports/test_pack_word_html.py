"""The board pack as Word and as a downloaded HTML file, read as their recipients would.

Worcestershire's plan, with a month of confirmed ratings, is made into a pack once for the
module (its database work rolled back) and its Word file rendered by LibreOffice once: A4, the
columns as wide as their content needs, header rows repeated, about as many pages as the PDF,
people named. The HTML download opens styled on its own and asks nothing of any server.
"""

import io
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from docx import Document
from pack_history import at

from wsoa.reports import render, services, word_tables

SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"
pytestmark = pytest.mark.xdist_group("worcestershire-pack")


def _history(plan, manager):
    """Confirm a rating on every third item (as the bench does), a later date on every ninth."""
    import datetime as dt

    from wsoa.progress import services as progress

    rags = ["green", "amber", "red", "blue"]
    for n, item in enumerate(plan.items.filter(depth__gt=0).order_by("position")[::3]):
        revised = item.due_end + dt.timedelta(days=60) if item.due_end and n % 3 == 0 else None
        data = progress.UpdateIn(
            commentary=f"Progress on {item.number or item.pk}.",
            proposed_rag=rags[n % 4],
            revised_due=revised,
        )
        update = progress.post_update(item=item, author=manager, data=data)
        progress.decide(update=update, by=manager, outcome="confirmed", reason="Agreed.")


@pytest.fixture(scope="module")
def worcestershire(django_db_setup, django_db_blocker):
    """The pack's data, Word and PDF bytes; nothing it wrote to the database is kept."""
    from django.contrib.auth import get_user_model

    from wsoa.core.models import Membership, Role
    from wsoa.documents.importing import import_plan
    from wsoa.kpi.demo import setup_demo_indicators
    from wsoa.reports.content import build_pack
    from wsoa.reports.window import window_for

    with django_db_blocker.unblock(), transaction.atomic():
        plan = import_plan(path=SEEDS / "004_f5d818488e67f6ca.txt", area_name="Worcs").plan
        manager = get_user_model().objects.create_user(
            "pm-worcs", first_name="Priya", last_name="Lakhani"
        )
        Membership.objects.create(user=manager, area=plan.area, role=Role.PLAN_MANAGER)
        setup_demo_indicators(plan.area)
        with at("2026-10-20"):
            _history(plan, manager)
            data = build_pack(plan, window_for(plan))
        files = services.render_files(window_for(plan), data)
        transaction.set_rollback(True)
    return files


@pytest.fixture(scope="module")
def word_as_pdf(worcestershire, tmp_path_factory):
    """The Word pack as LibreOffice prints it: (pages, words on them)."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("word")
    source = folder / "pack.docx"
    source.write_bytes(worcestershire.docx)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    with pdfplumber.open(folder / "pack.pdf") as pdf:
        words = {w["text"] for page in pdf.pages for w in page.extract_words()}
        return len(pdf.pages), words


def test_word_and_pdf_run_to_about_the_same_number_of_pages(worcestershire, word_as_pdf):
    with pdfplumber.open(io.BytesIO(worcestershire.pdf)) as pdf:
        pdf_pages = len(pdf.pages)
    word_pages, _ = word_as_pdf
    assert pdf_pages > 10
    assert abs(word_pages - pdf_pages) <= max(5, pdf_pages // 10), (word_pages, pdf_pages)


def test_no_header_word_is_split_across_lines(worcestershire, word_as_pdf):
    _, printed = word_as_pdf
    doc = Document(io.BytesIO(worcestershire.docx))
    headers = {w for table in doc.tables for cell in table.rows[0].cells for w in cell.text.split()}
    assert {"Workstream", "Amber", "Number", "Baseline", "Confirmed"} <= headers
    assert headers - printed == set()  # each printed whole, not "Workstr" and "eam"


def test_word_pack_is_a4_with_the_pdfs_margins(worcestershire):
    section = Document(io.BytesIO(worcestershire.docx)).sections[0]
    size = (round(section.page_width.mm), round(section.page_height.mm))
    assert size == (210, 297)  # A4 portrait, not US Letter (216 x 279)
    assert round(section.left_margin.mm) == 15 and round(section.top_margin.mm) == 18


def _grid(table):
    return [int(col.get(qn_w("w"))) / 567 for col in table._tbl.tblGrid.findall(qn_w("gridCol"))]


def qn_w(tag):
    return f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{tag}"


def test_columns_fill_the_page_and_are_as_wide_as_their_content(worcestershire):
    doc = Document(io.BytesIO(worcestershire.docx))
    assert len(doc.tables) > 10
    for table in doc.tables:
        widths = _grid(table)
        assert sum(widths) == pytest.approx(word_tables.TEXT_WIDTH_CM, abs=0.05)
        head = [cell.text for cell in table.rows[0].cells]
        if head[-1] == "Due" and head[0] == "Item":
            assert widths[0] > 2 * widths[-1]  # an item's text is wider than its date
        if len(set(widths)) == 1 and len(widths) > 2:
            pytest.fail(f"equal columns in {head}")


def test_every_tables_header_row_repeats_and_no_row_splits(worcestershire):
    doc = Document(io.BytesIO(worcestershire.docx))
    for table in doc.tables:
        rows = table._tbl.findall(qn_w("tr"))
        assert rows[0].find(f"{qn_w('trPr')}/{qn_w('tblHeader')}") is not None
        assert all(row.find(f"{qn_w('trPr')}/{qn_w('cantSplit')}") is not None for row in rows)
        assert table._tbl.tblPr.find(qn_w("tblLayout")).get(qn_w("type")) == "fixed"


def test_people_are_named_not_shown_by_username(worcestershire):
    doc = Document(io.BytesIO(worcestershire.docx))
    text = "\n".join(cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    assert worcestershire.data["rag_changes"]
    assert "Priya Lakhani" in text
    assert "pm-worcs" not in text and "pm-worcs" not in worcestershire.document


def test_column_widths_give_every_word_room_and_the_rest_to_the_text():
    headers = ["Item", "Days later", "Due"]
    rows = [["A long description of what the partnership will do " * 3, "12", "1 May 2027"]]
    widths = word_tables.column_widths(headers, rows)
    assert sum(widths) == pytest.approx(word_tables.TEXT_WIDTH_CM)
    assert widths[1] >= len("later") * word_tables.CHAR_CM + word_tables.CELL_PADDING_CM
    assert widths[0] > widths[2] > widths[1] * 0.9
    crowded = word_tables.column_widths([f"Heading{n}" for n in range(20)], [["x"] * 20])
    assert sum(crowded) == pytest.approx(word_tables.TEXT_WIDTH_CM)  # too many: shrunk alike


EXTERNAL = re.compile(r'(?:src|href)\s*=\s*"(?!#)([^"]*)"')


def test_html_download_is_styled_and_asks_nothing_of_any_server(worcestershire):
    document = worcestershire.document
    style = re.search(r'<style id="wsoa-pack-style">(.*?)</style>', document, re.S)
    assert style and "border-collapse" in style.group(1) and "@page" in style.group(1)
    assert "<link" not in document and "<script" not in document and "@import" not in document
    assert "/static/" not in document and "url(" not in style.group(1)
    base = settings.WSOA_BASE_URL.rstrip("/")
    targets = EXTERNAL.findall(document)
    assert targets  # items link to their pages on the site
    assert [t for t in targets if not t.startswith(f"{base}/")] == []
    assert 'src="' not in document  # charts are inline SVG, nothing fetched
    body = render.body_of(document)
    assert f'href="{base}/' not in body and 'href="/' in body  # the page shows site links


@pytest.mark.django_db
def test_html_download_is_an_attachment(client_for, plan, plan_manager):
    snapshot = services.generate_pack(plan=plan, by=plan_manager)
    args = [plan.area.slug, plan.pk, snapshot.pk, "html"]
    response = client_for(plan_manager).get(reverse("reports:pack_file", args=args))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert b'<style id="wsoa-pack-style">' in response.content


def test_beyond_twenty_overdue_the_rest_are_named_once_by_parent(worcestershire):
    """ADR 0035 on a whole pack: the PDF, the HTML and the Word pack say the same."""
    data, document = worcestershire.data, worcestershire.document
    overdue, rest = data["overdue"], data["overdue_rest"]
    assert len(overdue) > 40 and rest["count"] == len(overdue) - 20
    start, end = document.index('id="list-overdue"'), document.index('id="list-due-soon"')
    section = unescape(document[start:end])
    assert f"(20 of {len(overdue)})" in section
    assert f"{rest['count']} more overdue items, by " in section
    base = render._base_url()
    for row in overdue:
        href = f"#item-{row['id']}" if row["detailed"] else f"{base}{row['url']}"
        assert section.count(f'href="{href}"') == 1, row["label"]
    counts = {row["words"]: row["count"] for row in data["glance"]["counts"]}
    assert counts["overdue"] == str(len(overdue))  # page 1 counts them all
    text = pdf_text(worcestershire.pdf)
    assert f"{rest['count']} more overdue items, by " in text
    doc = Document(io.BytesIO(worcestershire.docx))
    assert any(p.text.startswith(f"{rest['count']} more overdue items") for p in doc.paragraphs)


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in document.pages)


def test_libxml2_reads_the_whole_pack_as_weasyprints_parser_does(worcestershire):
    from test_pack_parse import html5_tree, tree_of

    from wsoa.reports import pack_parse

    document = worcestershire.document
    assert 'id="wsoa-pack-style"' in document and "<svg" in document
    assert tree_of(pack_parse.parse(document)) == html5_tree(document)
