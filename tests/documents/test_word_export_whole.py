"""The Word export is the whole plan as the area would print it (issue 14 §1).

Each seed is imported and exported once for the module (in a transaction rolled back at the
end); the tests read the exports with python-docx, and one LibreOffice conversion of all five
counts their pages.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from docx import Document
from docx.oxml.ns import qn
from office_helpers import SEED_NAMES, import_seed, item_tables, walk

from factories import UserFactory
from wsoa.documents.importers.word import WordImporter
from wsoa.documents.office.word import WordExport
from wsoa.documents.office.wordparts_front import DEFAULT_KEY_HEADING
from wsoa.documents.office.wordparts_table import longest_word
from wsoa.documents.versions import agree_version
from wsoa.plans import models as m

HARTLEPOOL, STOCKTON, DURHAM, PETERBOROUGH, WORCESTERSHIRE = SEED_NAMES
CM = 360000  # EMU in a centimetre


@pytest.fixture(scope="module")
def exports(django_db_setup: Any, django_db_blocker: Any) -> dict[str, dict[str, Any]]:
    """Each seed's export and what its plan holds, the database rolled back afterwards."""
    found: dict[str, dict[str, Any]] = {}
    with django_db_blocker.unblock(), transaction.atomic():
        for index, name in enumerate(SEED_NAMES):
            plan = import_seed(name, area=f"Whole export {index}")
            found[name] = {
                "docx": WordExport(plan).render(),
                "codes": [p.short_code for p in plan.people.all() if p.short_code],
                "terms": list(plan.glossary.values_list("term", flat=True)),
                "findings": list(plan.findings.values_list("text", flat=True)),
                "rag_labels": [r.label for r in plan.rag_levels.all()],
                "top_notes": list(
                    m.ItemNote.objects.filter(item__plan=plan, item__depth=0).values_list(
                        "heading", "text"
                    )
                ),
            }  # fmt: skip
        transaction.set_rollback(True)
    return found


def document_of(exports: dict[str, dict[str, Any]], name: str) -> Any:
    return Document(io.BytesIO(exports[name]["docx"]))


def all_text(document: Any) -> str:
    return "\n".join(t.text or "" for t in document.element.body.iter(qn("w:t")))


def headings_of(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_each_seed_exports_on_a4_landscape(exports, name):
    section = document_of(exports, name).sections[0]
    assert (round(section.page_width / CM, 1), round(section.page_height / CM, 1)) == (29.7, 21.0)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_no_column_is_empty_in_every_row_but_the_plans_own_rag_column(exports, name):
    for table in item_tables(document_of(exports, name)):
        header = [cell.text for cell in table.rows[0].cells]
        assert "Heading" not in header  # the reader's name for a note, not the plan's
        assert "Meaning in this plan" not in header
    tables = item_tables(document_of(exports, name))
    header = [cell.text for cell in tables[0].rows[0].cells]
    for index, heading in enumerate(header):
        filled = [r.cells[index].text for t in tables for r in t.rows[1:] if r.cells[index].text]
        assert filled or heading == "RAG", f"{heading} is empty in every row"


@pytest.mark.parametrize("name", SEED_NAMES)
def test_the_people_key_is_printed_where_the_plan_codes_its_people(exports, name):
    document = document_of(exports, name)
    codes = exports[name]["codes"]
    has_key = "Key to the people named in this plan" in headings_of(document)
    assert has_key == bool(codes)
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert set(codes) <= cells


@pytest.mark.parametrize("name", SEED_NAMES)
def test_findings_and_glossary_are_printed(exports, name):
    document = document_of(exports, name)
    text = " ".join(all_text(document).split())
    for finding in exports[name]["findings"]:
        assert " ".join(finding.split())[:80] in text
    assert ("Glossary" in headings_of(document)) == bool(exports[name]["terms"])
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert set(exports[name]["terms"]) <= cells


@pytest.mark.parametrize("name", SEED_NAMES)
def test_wsoas_default_rag_key_is_labelled_only_when_the_plan_prints_none(exports, name):
    headings = headings_of(document_of(exports, name))
    own = name == HARTLEPOOL  # the only seed that prints a key of its own
    assert ("RAG key" in headings) == own
    assert (DEFAULT_KEY_HEADING in headings) == (not own)
    if own:
        cells = {c.text for t in document_of(exports, name).tables for r in t.rows for c in r.cells}
        assert set(exports[name]["rag_labels"]) <= cells


@pytest.mark.parametrize("name", [HARTLEPOOL, STOCKTON, WORCESTERSHIRE])
def test_what_the_plan_says_about_top_level_items_is_printed(exports, name):
    text = " ".join(all_text(document_of(exports, name)).split())
    assert exports[name]["top_notes"]
    for _heading, note in exports[name]["top_notes"]:
        assert " ".join(note.split())[:80] in text


def test_hartlepool_prints_its_commentary_links_and_title_page_facts(exports):
    document = document_of(exports, HARTLEPOOL)
    text = all_text(document)
    for fact in ("Issued by: ", "Period: ", "Owners: ", "Last reviewed: ", "Next review: "):
        assert fact in text
    assert "Progress commentary: " in text and "Links to other objectives:" in text
    assert "Membership of the SEND Improvement Board" in text
    header = [c.text for c in item_tables(document)[0].rows[0].cells]
    assert header[0] == "Actions (cross ref to AFI)"  # no invented "Ref" column before it


def test_stocktons_milestone_columns_are_its_own(exports):
    header = [c.text for c in item_tables(document_of(exports, STOCKTON))[0].rows[0].cells]
    assert [h for h in header if h.startswith("Milestones")] == [
        "Milestones Aug-19",
        "Milestones Feb-20",
        "Milestones Aug-20",
        "Milestones Feb-21",
    ]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_tables_are_fixed_with_every_column_wide_enough_for_its_longest_word(exports, name):
    for table in item_tables(document_of(exports, name)):
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            for cell in row.cells:
                width = cell.width / CM
                assert width > 0
                assert longest_word(cell.text) <= width, cell.text[:60]


def test_front_matter_does_not_come_back_as_items(exports):
    """Regression: the RAG key, people, boards and notes read back as themselves, not items."""
    back = WordImporter().read("export.docx", exports[HARTLEPOOL]["docx"]).data
    assert [r["label"] for r in back["rag_scale"]] == exports[HARTLEPOOL]["rag_labels"]
    assert [i["level"] for i in back["items"]] == ["Objective"] * 5
    board = next(b for b in back["boards"] if b["name"] == "SEND Improvement Board")
    assert len(board["members"]) == 18
    notes = [n["heading"] for i in walk(back["items"]) for n in i["notes"]]
    assert "Progress commentary" in notes  # read back onto the table's last row, not an item


@pytest.mark.django_db
def test_an_agreed_version_exports_whole_as_agreed():
    plan = import_seed(HARTLEPOOL, area="Version export")
    version = agree_version(plan=plan, by=UserFactory(), agreed_on=dt.date(2025, 3, 1))
    plan.governance = "Changed after the version was agreed."
    plan.save()
    m.ItemNote.objects.filter(item__plan=plan, kind="progress").update(text="Changed commentary")
    text = all_text(Document(io.BytesIO(WordExport(plan, version).render())))
    assert "Version 1, agreed on 1 March 2025" in text
    assert "Changed after the version" not in text and "Changed commentary" not in text
    assert "Governance arrangements are in place" in text
    assert "Progress commentary: " in text and "Key to the people" not in text
    assert "Membership of the SEND Improvement Board" in text
    now = all_text(Document(io.BytesIO(WordExport(plan).render())))
    assert "Changed after the version" in now and "Changed commentary" in now


@pytest.fixture(scope="module")
def pages(exports, tmp_path_factory) -> dict[str, int]:
    """Each seed's export rendered by LibreOffice, one conversion of all five."""
    if shutil.which("soffice") is None or shutil.which("pdfinfo") is None:
        pytest.skip("LibreOffice (soffice) or poppler (pdfinfo) is not installed")
    folder: Path = tmp_path_factory.mktemp("word-pages")
    files = []
    for name in SEED_NAMES:
        files.append(folder / name.replace(".txt", ".docx"))
        files[-1].write_bytes(exports[name]["docx"])
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), *map(str, files)],
        capture_output=True, check=True, timeout=600,
    )  # fmt: skip
    found = {}
    for name, docx in zip(SEED_NAMES, files, strict=True):
        info = subprocess.run(
            ["pdfinfo", str(docx.with_suffix(".pdf"))], capture_output=True, text=True, check=True
        ).stdout
        found[name] = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    return found


def test_libreoffice_renders_every_export_and_worcestershire_in_at_most_90_pages(pages):
    assert all(count > 0 for count in pages.values())
    assert pages[WORCESTERSHIRE] <= 90  # the original runs to 83
