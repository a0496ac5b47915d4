"""Every seed plan exports to Word and Excel in its own columns, with every item, and reads back."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from office_helpers import SEED_NAMES, headings, import_seed, item_tables, workbook_of
from openpyxl import load_workbook

from wsoa.documents.office.columns import PlanItems, plan_columns
from wsoa.documents.office.excel import ExcelExport
from wsoa.documents.office.word import WordExport
from wsoa.plans.models import Plan
from wsoa.plans.rag import Rag

# The seeds are imported once for the module (each test's changes are rolled back after it),
# so its tests stay on one worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("office-export")]

# Each seed's own column headings, as its tables print them.
OWN_COLUMNS = {
    "000_56886334a7fafb51.txt": [
        "Objective",
        "Actions (cross ref to AFI)",
        "By whom?",
        "By when?",
        "Intended outcomes",
        "RAG",
    ],
    "001_ae72a16c3b6432fd.txt": [
        "Objective",
        "Actions",
        "Responsible Person(s)/ Post",
        "Evidence & Impact",
        "Milestones Aug-19",
        "Milestones Feb-20",
        "Milestones Aug-20",
        "Milestones Feb-21",
    ],
    "002_42220b0dc9254f8f.txt": [
        "ACTIONS",
        "Key Tasks What are we doing?",
        "Key Task Lead Who's doing it?",
        "Timescales By when?",
        "INTENDED OUTCOMES",
        "Progress Update What do we know has happened?",
    ],
    "003_b9ec3471d1f06a02.txt": [
        "Theme",
        "AGREED ACTION 2017 - 18",
        "Lead",
        "LONGER TERM SUCCESS",
        "RAG",
    ],
    "004_f5d818488e67f6ca.txt": [
        "Workstream",
        "Objective",
        "Activity",
        "Lead",
        "Partners",
        "Timeframe",
        "Progress checks",
        "RAG",
    ],
}


@pytest.fixture(scope="module")
def seeds(django_db_setup, django_db_blocker) -> Iterator[dict[str, Plan]]:
    """Each seed imported once, for every test of this module; rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield {name: import_seed(name, area=f"Seed {name[:3]}") for name in SEED_NAMES}
        transaction.set_rollback(True)


def _texts(document: Document) -> set[str]:
    found = {p.text for p in document.paragraphs}
    for table in document.tables:
        for row in table.rows:
            found |= {cell.text for cell in row.cells}
    return found


def test_hartlepool_columns_are_its_own_in_order(seeds):
    plan = seeds["000_56886334a7fafb51.txt"]
    columns = [c.heading for c in plan_columns(PlanItems.fetch(plan))]
    assert columns[1:5] == ["Objective", "Actions (cross ref to AFI)", "By whom?", "By when?"]
    assert columns[-1] == "RAG"


@pytest.mark.parametrize("name", SEED_NAMES)
def test_excel_export_has_the_seeds_columns_and_every_item(seeds, name):
    plan = seeds[name]
    book = workbook_of(plan)
    found = headings(book)
    assert found[:2] == ["wsoa id", "wsoa version"]
    assert set(OWN_COLUMNS[name]) <= set(found)
    sheet = book["Plan"]
    assert sheet.column_dimensions["A"].hidden and sheet.column_dimensions["B"].hidden
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    items = list(plan.items.order_by("position"))
    assert list(rows) == [item.pk for item in items]
    for item in items:
        assert rows[item.pk][1] == item.version
        assert item.title.strip()[:200] in "".join(str(v) for v in rows[item.pk][2:] if v)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_word_export_has_the_seeds_columns_and_every_item(seeds, name):
    plan = seeds[name]
    document = Document(io.BytesIO(WordExport(plan).render()))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    tables = item_tables(document)
    assert tables, "one table per top-level item with items under it"
    header = [cell.text for cell in tables[0].rows[0].cells]
    expected = [h for h in OWN_COLUMNS[name] if h != plan.levels.get(depth=0).name]
    assert set(expected) <= set(header)
    for table in tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    headings_text = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    texts = _texts(document)
    for item in plan.items.all():
        if item.depth == 0:
            assert any(item.title.strip()[:100] in h for h in headings_text)
        else:
            assert any(item.title.strip()[:200] in text for text in texts)


def test_rag_is_written_in_the_plans_words_and_offered_as_a_list(seeds):
    plan = seeds["000_56886334a7fafb51.txt"]
    action = plan.items.filter(depth=1).first()
    action.rag = Rag.AMBER
    action.save()
    label = plan.rag_levels.get(code=Rag.AMBER).label
    book = workbook_of(plan)
    rag_column = headings(book).index("RAG")
    row = next(r for r in book["Plan"].iter_rows(min_row=2, values_only=True) if r[0] == action.pk)
    assert row[rag_column] == label
    assert [r[1] for r in book["RAG key"].iter_rows(min_row=2, values_only=True)] == [
        level.label for level in plan.rag_levels.all()
    ]
    validation = book["Plan"].data_validations.dataValidation[0]
    assert validation.type == "list" and "RAG key" in validation.formula1
    document = Document(io.BytesIO(WordExport(plan).render()))
    assert label in _texts(document)


def test_text_that_looks_like_a_formula_stays_text(seeds):
    plan = seeds["000_56886334a7fafb51.txt"]
    action = plan.items.filter(depth=1).first()
    action.title = '=HYPERLINK("http://example.com")'
    action.save()
    book = load_workbook(io.BytesIO(ExcelExport(plan).render()))
    row = next(r for r in book["Plan"].iter_rows(min_row=2) if r[0].value == action.pk)
    cell = next(c for c in row if c.value == action.title)
    assert cell.data_type == "s"


def test_export_command_writes_word_and_excel(seeds, tmp_path):
    plan = seeds["004_f5d818488e67f6ca.txt"]
    for fmt in ("docx", "xlsx"):
        target = tmp_path / f"plan.{fmt}"
        out = io.StringIO()
        call_command("export", str(plan.pk), "--format", fmt, "-o", str(target), stdout=out)
        assert target.stat().st_size > 1000
        assert "Wrote" in out.getvalue()
    assert "Workstream" in headings(load_workbook(tmp_path / "plan.xlsx"))
    assert Document(str(tmp_path / "plan.docx")).tables


@pytest.fixture(scope="module")
def converted(seeds, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Both exports of Hartlepool's plan converted to PDF by one LibreOffice run."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder: Path = tmp_path_factory.mktemp("office-pdf")
    plan = seeds["000_56886334a7fafb51.txt"]
    sources = [folder / "plan-docx.docx", folder / "plan-xlsx.xlsx"]
    sources[0].write_bytes(WordExport(plan).render())
    sources[1].write_bytes(ExcelExport(plan).render())
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return folder, result


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_libreoffice_converts_both_exports_to_pdf(converted, fmt: str):
    folder, result = converted
    pdf = folder / f"plan-{fmt}.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), result.stdout + result.stderr


def _after_heading(document: Document, start: str) -> list[str]:
    """The paragraphs between the heading that starts with `start` and the next table."""
    body = document.element.body
    heading = next(p for p in document.paragraphs if p.text.startswith(start))
    found = []
    for element in list(body)[list(body).index(heading._p) + 1 :]:
        if element.tag != qn("w:p"):
            break
        found.append("".join(t.text or "" for t in element.iter(qn("w:t"))))
    return found


@pytest.mark.parametrize(
    ("name", "heading"),
    [("000_56886334a7fafb51.txt", "Objective 4:"), ("004_f5d818488e67f6ca.txt", "Workstream 4:")],
)
def test_word_export_prints_each_top_level_items_leads_under_its_heading(seeds, name, heading):
    plan = seeds[name]
    top = plan.items.get(depth=0, number=heading.split()[1].rstrip(":"))
    leads = [p.text for p in top.people.all() if p.part == "lead"]
    assert len(leads) >= 2
    document = Document(io.BytesIO(WordExport(plan).render()))
    assert _after_heading(document, heading) == [f"Lead: {lead}" for lead in leads]


def test_word_export_prints_an_item_in_the_column_of_its_own_level(seeds):
    plan = seeds["004_f5d818488e67f6ca.txt"]
    document = Document(io.BytesIO(WordExport(plan).render()))
    header = [c.text for c in item_tables(document)[0].rows[0].cells]
    assert "Level" not in header
    rows = {}
    for table in item_tables(document):
        for row in table.rows[1:]:
            cells = dict(zip(header, (c.text for c in row.cells), strict=True))
            rows.setdefault(cells["Number"], cells)
    activity = plan.items.get(number="4.1")  # an activity at an objective's depth
    assert (activity.depth, activity.level) == (1, "Activity")
    assert rows["4.1"]["Objective"] == ""
    assert rows["4.1"]["Activity"] == activity.title.strip()
    objective = plan.items.get(number="1.1")  # named as its depth is: where it always was
    assert (objective.depth, objective.level) == (1, "Objective")
    assert rows["1.1"]["Objective"] == objective.title.strip()
    assert rows["1.1"]["Activity"] == ""
