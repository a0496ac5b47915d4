"""The plan workbook holds the whole plan: findings, people, glossary, boards; and it prints."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction
from office_helpers import SEED_NAMES, import_seed, saved, workbook_of
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from factories import MembershipFactory, UserFactory
from wsoa.documents.importers.sheets import ExcelImporter
from wsoa.documents.office.applying import apply_workbook
from wsoa.documents.office.changes import compare
from wsoa.documents.office.excel import ExcelExport
from wsoa.documents.office.excelparts import DEFAULT_MEANING, OWN_MEANING
from wsoa.documents.office.excelparts_layout import (
    LINE_HEIGHT,
    MAX_HEIGHT,
    PAGE_WIDTH,
    lines,
    widths,
)
from wsoa.documents.office.reading import read_workbook
from wsoa.documents.versions import agree_version
from wsoa.plans.models import BoardMember, FindingKind, FindingQuote, GlossaryEntry, Plan

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("excel-export-whole")]
HARTLEPOOL, STOCKTON = "000_56886334a7fafb51.txt", "001_ae72a16c3b6432fd.txt"
WORCESTERSHIRE = "004_f5d818488e67f6ca.txt"
KEY_SHEETS = ["Findings", "People", "Glossary", "Boards"]


def rows(sheet: Worksheet) -> list[list[str]]:
    return [[c or "" for c in r] for r in sheet.iter_rows(min_row=2, values_only=True)]


def heads(sheet: Worksheet) -> list[str]:
    return [c.value for c in sheet[1]]


def column(sheet: Worksheet, heading: str) -> list[str]:
    index = heads(sheet).index(heading)
    return [row[index] for row in rows(sheet)]


def expected_sheets(plan: Plan) -> list[str]:
    counts = [plan.findings.count(), plan.people.count(), plan.glossary.count()]
    counts.append(plan.boards.count())
    return [name for name, count in zip(KEY_SHEETS, counts, strict=True) if count]


@pytest.fixture(scope="module")
def seeds(django_db_setup, django_db_blocker) -> Iterator[dict[str, tuple[Plan, Workbook]]]:
    """Each seed imported once, with its workbook, for the read-only checks of this module."""
    with django_db_blocker.unblock(), transaction.atomic():
        plans = {name: import_seed(name, area=f"Seed {name[:3]}") for name in SEED_NAMES}
        yield {name: (plan, workbook_of(plan)) for name, plan in plans.items()}
        transaction.set_rollback(True)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_each_seeds_workbook_has_a_sheet_per_key_with_the_plans_rows(seeds, name):
    plan, book = seeds[name]
    assert book.sheetnames == ["Plan", *expected_sheets(plan), "RAG key", "wsoa"]
    if plan.findings.exists():
        sheet = book["Findings"]
        found = [(r[0], r[2]) for r in rows(sheet) if r[2]]  # a quote's own row has no finding
        assert found == [(f.code, f.text.strip()) for f in plan.findings.all()]
        quotes = FindingQuote.objects.filter(finding__plan=plan).count()
        assert len(rows(sheet)) == plan.findings.filter(quotes=None).count() + quotes
    if plan.people.exists():
        assert len(rows(book["People"])) == plan.people.count()
        sheet = book["People"]
        codes = column(sheet, "Code") if "Code" in heads(sheet) else [""] * len(rows(sheet))
        found = set(zip(codes, column(sheet, "Name"), strict=True))
        assert found == {(p.short_code, p.name) for p in plan.people.all()}
    if plan.glossary.exists():
        assert column(book["Glossary"], "Term") == [g.term for g in plan.glossary.all()]
    if plan.boards.exists():
        assert column(book["Boards"], "Board") == [b.name for b in plan.boards.order_by("id")]
        if "Members" in heads(book["Boards"]):
            listed = [
                n for cell in column(book["Boards"], "Members") for n in cell.split("\n") if n
            ]
            assert len(listed) == BoardMember.objects.filter(board__plan=plan).count()
    assert len(rows(book["RAG key"])) == plan.rag_levels.count()


def test_board_members_are_listed_a_line_each_with_role_and_organisation(seeds):
    plan, book = seeds[HARTLEPOOL]
    board = plan.boards.get(name="SEND Improvement Board")
    row = next(r for r in rows(book["Boards"]) if r[0] == board.name)
    listed = row[heads(book["Boards"]).index("Members")].split("\n")
    assert len(listed) == board.members.count() == 18
    person = board.members.first().person
    assert f"{person.name} – {person.role}" in listed[0]


def test_findings_carry_their_kind_and_the_lines_quoted_from_the_inspection(seeds):
    plan, book = seeds[WORCESTERSHIRE]
    sheet = book["Findings"]
    kinds = [FindingKind(f.kind).label for f in plan.findings.all()]
    assert [k for k in column(sheet, "Kind") if k] == kinds and "Key concern" in kinds
    quoted = "\n".join(column(sheet, "Quoted from the inspection letter"))
    for finding in plan.findings.all():
        for quote in finding.quotes.all():
            assert " ".join(quote.text.split())[:60] in " ".join(quoted.split())


def test_a_column_no_row_fills_is_left_out(seeds):
    plan, book = seeds["003_b9ec3471d1f06a02.txt"]  # Peterborough: people without roles
    assert not plan.people.exclude(role="").exists()
    assert heads(book["People"]) == ["Code", "Name"]
    hartlepool = seeds[HARTLEPOOL]  # its people have no codes
    assert not hartlepool[0].people.exclude(short_code="").exists()
    assert heads(hartlepool[1]["People"]) == ["Name", "Role", "Organisation"]
    assert "Findings" not in book.sheetnames  # the plan answers no finding


def test_the_rating_key_is_the_plans_own_or_said_to_be_wsoas_default(seeds):
    own, default = seeds[HARTLEPOOL][1]["RAG key"], seeds[STOCKTON][1]["RAG key"]
    assert heads(own) == ["RAG", OWN_MEANING]
    assert column(own, OWN_MEANING)[0] == "Progress not being made"
    assert heads(default) == ["RAG", DEFAULT_MEANING]
    assert "Not yet due" in column(default, DEFAULT_MEANING)


@pytest.mark.parametrize("name", [HARTLEPOOL, WORCESTERSHIRE])
def test_every_sheet_prints_a4_landscape_one_page_wide_with_its_header_repeated(seeds, name):
    book = seeds[name][1]
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        setup = sheet.page_setup
        assert (int(setup.paperSize), setup.orientation) == (9, "landscape"), sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.freeze_panes in ("A2", "C2")


def _letter_widths(sheet: Worksheet, first: int) -> list[tuple[int, float]]:
    found = []
    for index in range(first, sheet.max_column + 1):
        letter = sheet.cell(row=1, column=index).column_letter
        found.append((index, sheet.column_dimensions[letter].width))
    return found


@pytest.mark.parametrize("name", SEED_NAMES)
def test_long_cells_wrap_and_their_rows_are_tall_enough_for_them(seeds, name):
    sheet = seeds[name][1]["Plan"]
    width = dict(_letter_widths(sheet, 3))
    longest = max(
        (c for row in sheet.iter_rows(min_row=2, min_col=3) for c in row if c.value),
        key=lambda c: len(str(c.value)),
    )
    assert len(str(longest.value)) > 200
    assert longest.alignment.wrap_text
    needed = lines(str(longest.value), int(width[longest.column])) * LINE_HEIGHT
    assert sheet.row_dimensions[longest.row].height >= min(needed, MAX_HEIGHT)
    assert sheet.row_dimensions[longest.row].height > 2 * LINE_HEIGHT


def test_column_widths_follow_their_text_and_fit_the_page(seeds):
    sheet = seeds[WORCESTERSHIRE][1]["Plan"]
    found = {sheet.cell(row=1, column=i).value: w for i, w in _letter_widths(sheet, 3)}
    assert sum(found.values()) <= PAGE_WIDTH
    assert found["Number"] < 12  # numbers narrow
    assert found["Activity"] >= 3 * found["Number"]  # the longest text widest


def test_widths_share_the_page_by_text_and_keep_words_whole():
    short, long_text = ["1.1", "1.2"], ["word " * 400, "a longer paragraph " * 50]
    found = widths([short, long_text, long_text], page=100)
    assert found[0] == 6 and found[1] == found[2] and sum(found) <= 100
    assert widths([["unbreakableword"], ["x " * 300]], page=30) == [11, 19]
    assert lines("one two three", 6) == 3 and lines("a\nb", 10) == 2
    assert lines("one two three", 4) == 4  # "three" is longer than a line: it breaks


@pytest.mark.parametrize("name", [HARTLEPOOL, WORCESTERSHIRE])
def test_an_exported_workbook_with_its_key_sheets_applies_back_with_no_change(name):
    plan = import_seed(name, area="Roundshire")
    content = ExcelExport(plan).render()
    assert "People" in load_workbook(io.BytesIO(content)).sheetnames
    upload = read_workbook(content)
    assert upload.rows and compare(plan, upload).is_empty
    manager = UserFactory()
    MembershipFactory(user=manager, area=plan.area, role="plan_manager")
    versions = sorted(plan.items.values_list("pk", "version"))
    assert apply_workbook(plan=plan, upload=upload, by=manager).is_empty
    assert sorted(plan.items.values_list("pk", "version")) == versions


def test_key_sheets_add_no_items_when_the_workbook_is_imported_as_a_new_plan(seeds):
    plan, book = seeds[WORCESTERSHIRE]
    read = ExcelImporter().read("plan.xlsx", saved(book)).data
    count = sum(1 for _ in _walk(read["items"]))
    assert count == plan.items.count()


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item["children"])


def test_an_agreed_version_exports_its_keys_as_agreed():
    plan = import_seed(HARTLEPOOL, area="Versionshire")
    manager = UserFactory()
    MembershipFactory(user=manager, area=plan.area, role="plan_manager")
    version = agree_version(plan=plan, by=manager, agreed_on=dt.date(2025, 3, 1))
    GlossaryEntry.objects.create(plan=plan, term="SENCO", expansion="added after the version")
    plan.people.filter(name="Alan Chapman").update(role="Changed since")
    now = load_workbook(io.BytesIO(ExcelExport(plan).render()))
    agreed = load_workbook(io.BytesIO(ExcelExport(plan, version).render()))
    assert "Glossary" in now.sheetnames and "Glossary" not in agreed.sheetnames
    assert agreed.sheetnames == ["Plan", "Findings", "People", "Boards", "RAG key", "wsoa"]
    roles = dict(
        zip(column(agreed["People"], "Name"), column(agreed["People"], "Role"), strict=True)
    )
    assert roles["Alan Chapman"] == "Headteacher"
    assert [r[2] for r in rows(agreed["Findings"])] == [f.text.strip() for f in plan.findings.all()]
    assert agreed["Plan"].page_setup.orientation == "landscape"


@pytest.fixture(scope="module")
def worcestershire_pdf(seeds, tmp_path_factory) -> Path:
    """Worcestershire's workbook as LibreOffice prints it, converted once."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("excel-pdf")
    source = folder / "worcestershire.xlsx"
    source.write_bytes(saved(seeds[WORCESTERSHIRE][1]))
    profile = f"-env:UserInstallation=file://{folder}/profile"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
    subprocess.run([*command, str(source)], check=True, capture_output=True, timeout=300)
    return folder / "worcestershire.pdf"


def test_libreoffice_prints_worcestershires_workbook_a4_landscape(worcestershire_pdf):
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(worcestershire_pdf) as pdf:
        pages = len(pdf.pages)
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    print(f"\nWorcestershire workbook printed by LibreOffice: {pages} pages")
    assert 10 < pages < 200
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
