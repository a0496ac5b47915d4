"""The Word importer: a .docx laid out as plan text (merged cells, nested tables, lists, headings,
prose) and read into a plan, with places in its warnings and clear refusals."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.table import _Cell

from wsoa.documents.importers.base import PlanFileError
from wsoa.documents.importers.word import WordImporter
from wsoa.documents.importers.word.layout import lay_out
from wsoa.documents.importers.word.numbering import number_text


def saved(document: DocxDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def table_of(document: DocxDocument, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    return table


def cells_of_line(content: bytes, number: int) -> list[str]:
    return lay_out(content).lines[number - 1].split("\t")


def fill(cell: _Cell, *paragraphs: tuple[str, str | None]) -> None:
    """Write paragraphs (text, style) into a cell in place of what it holds."""
    cell.paragraphs[0].text = paragraphs[0][0]
    cell.paragraphs[0].style = paragraphs[0][1]
    for text, style in paragraphs[1:]:
        cell.add_paragraph(text, style=style)


def test_a_vertically_merged_cell_is_empty_on_the_rows_it_continues_to():
    document = Document()
    table = table_of(
        document,
        [
            ["Objective", "Actions", "Lead"],
            ["1 Pathways", "1.1 Map", "JB"],
            ["", "1.2 Agree", "KF"],
        ],
    )
    table.cell(1, 0).merge(table.cell(2, 0))
    continuation = table.rows[2]._tr.tc_lst[0]  # Word shows none of what such a cell holds
    _Cell(continuation, table).paragraphs[0].add_run("left over")
    laid_out = lay_out(saved(document))
    assert laid_out.lines == [
        "Objective\tActions\tLead",
        "1 Pathways\t1.1 Map\tJB",
        "\t1.2 Agree\tKF",
    ]


def test_a_cell_spanning_columns_is_followed_by_an_empty_cell_for_each_it_covers():
    document = Document()
    table = table_of(
        document,
        [["Ref", "Action", "Lead", "RAG"], ["Theme 1", "", "", ""], ["1.1", "Do", "JB", "G"]],
    )
    table.cell(1, 0).merge(table.cell(1, 2))
    lines = lay_out(saved(document)).lines
    assert lines[1].split("\t") == ["Theme 1", "", "", ""]
    assert [len(line.split("\t")) for line in lines] == [4, 4, 4]


def test_a_nested_table_is_a_paragraph_per_row_inside_its_cell():
    document = Document()
    table = table_of(document, [["Action", "Milestones"], ["1.1 Map the pathway", ""]])
    inner = table.cell(1, 1).add_table(rows=2, cols=2)
    for row, values in zip(inner.rows, [["Aug-19", "Draft"], ["Feb-20", "Agreed"]], strict=True):
        row.cells[0].text, row.cells[1].text = values
    inner.cell(1, 1).add_paragraph("by the board")
    deeper = inner.cell(0, 1).add_table(rows=1, cols=1)
    deeper.cell(0, 0).text = "(see annex)"
    assert cells_of_line(saved(document), 2) == [
        "1.1 Map the pathway",
        "<p>Aug-19 | Draft (see annex)</p><p>Feb-20 | Agreed by the board</p>",
    ]


def test_paragraphs_bullets_and_numbers_in_a_cell_become_html():
    document = Document()
    table = table_of(document, [["Paragraphs", "Bullets", "Numbers"], ["", "", ""]])
    fill(table.cell(1, 0), ("Evidence: minutes", None), ("Impact: fewer complaints", None))
    fill(
        table.cell(1, 1),
        ("Key tasks", None),
        ("Agree the plan", "List Bullet"),
        ("Its parts", "List Bullet 2"),
        ("Publish it", "List Bullet"),
    )
    fill(table.cell(1, 2), ("First", "List Number"), ("Second", "List Number"))
    assert cells_of_line(saved(document), 2) == [
        "<p>Evidence: minutes</p><p>Impact: fewer complaints</p>",
        "<p>Key tasks</p><ul><li>Agree the plan<ul><li>Its parts</li></ul></li>"
        "<li>Publish it</li></ul>",
        "<ol><li>First</li><li>Second</li></ol>",
    ]


def test_a_tab_or_line_break_inside_a_cell_never_splits_it():
    document = Document()
    table = table_of(document, [["Action", "Lead", "By when"], ["", "JB", "May 2019"]])
    paragraph = table.cell(1, 0).paragraphs[0]
    paragraph.add_run("Map\tthe pathway")
    paragraph.add_run().add_break()
    paragraph.add_run("with parents")
    line = lay_out(saved(document)).lines[1]
    assert line.split("\t") == ["Map the pathway<br>with parents", "JB", "May 2019"]


def test_text_that_looks_like_markup_stays_text_and_ampersands_stay_as_written():
    document = Document()
    table_of(document, [["Evidence & Impact", "Note"], ["Under <5% of plans", "Use <p> & &amp;"]])
    lines = lay_out(saved(document)).lines
    assert lines == ["Evidence & Impact\tNote", "Under <5% of plans\tUse &lt;p> & &amp;amp;"]


def test_headings_prose_lists_and_bold_lines_are_laid_out_as_the_seeds_mark_them():
    document = Document()
    document.add_heading("SEND Action Plan", level=0)
    document.add_heading("Governance", level=2)
    document.add_paragraph("The board meets every six weeks.")
    document.add_paragraph("")
    document.add_paragraph("Co-production", style="List Bullet")
    document.add_paragraph("Leadership", style="List Number")
    document.add_paragraph("Commissioning", style="List Number")
    document.add_paragraph().add_run("Key concern 1").bold = True
    laid_out = lay_out(saved(document))
    assert laid_out.lines == [
        "# SEND Action Plan",
        "## Governance",
        "The board meets every six weeks.",
        "",
        "- Co-production",
        "1. Leadership",
        "2. Commissioning",
        "**Key concern 1**",
    ]
    assert laid_out.places[3] == "paragraph 3"
    assert 4 not in laid_out.places  # an empty paragraph is nowhere a person could find


def test_each_line_knows_its_table_and_row_or_its_paragraph():
    document = Document()
    document.add_paragraph("Introduction")
    table_of(document, [["a", "b"]])
    table_of(document, [["Ref", "Action"], ["1.1", "Map"]])
    document.add_paragraph("Closing")
    assert lay_out(saved(document)).places == {
        1: "paragraph 1",
        2: "table 1, row 1",
        3: "table 2, row 1",
        4: "table 2, row 2",
        5: "paragraph 2",
    }


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (3, "decimal", "3"),
        (3, "lowerLetter", "c"),
        (28, "upperLetter", "BB"),
        (4, "lowerRoman", "iv"),
    ],
)
def test_list_numbers_are_shown_in_their_format(value, number_format, shown):
    assert number_text(value, number_format) == shown


def small_plan() -> bytes:
    document = Document()
    document.add_heading("Anytown SEND Written Statement of Action", level=0)
    document.add_paragraph("Our plan responds to the inspection in May 2019.")
    table = table_of(
        document,
        [
            ["Ref", "Action", "Lead", "By when", "RAG"],
            ["1", "Improve co-production", "", "", ""],
            ["1.1", "Agree a charter with parents", "Jo Bloggs", "September 2019", "Green"],
            ["1.2", "Train staff in co-production", "Ann Smith", "March 2020", "Amber"],
        ],
    )
    table.cell(1, 1).merge(table.cell(1, 4))
    return saved(document)


def walk(items):
    for item in items:
        yield item
        yield from walk(item["children"])


def test_a_word_plan_imports_with_its_items_leads_and_dates():
    found = WordImporter().read("plan.docx", small_plan())
    items = {i["number"]: i for i in walk(found.data["items"])}
    assert found.data["plan"]["title"] == "Anytown SEND Written Statement of Action"
    assert items["1.1"]["title"] == "Agree a charter with parents"
    assert items["1.1"]["leads"] == ["Jo Bloggs"]
    assert items["1.2"]["due"][0]["text"] == "March 2020"
    assert items["1.2"]["rag"] == "amber"
    assert found.column_map is not None
    assert found.column_map.find("Lead").role == "lead"
    assert found.column_map.find("Lead").places == ["table 1, row 1"]


def test_the_importer_takes_docx_by_name_or_by_what_its_zip_says_it_holds():
    importer, content = WordImporter(), small_plan()
    assert importer.accepts("plan.docx", b"")
    assert importer.accepts("upload", content)
    assert not importer.accepts("plan.txt", b"Action\tLead\n")
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("[Content_Types].xml", "spreadsheetml.sheet.main+xml")
    assert not importer.accepts("upload", workbook.getvalue())


def test_an_empty_word_document_is_refused_as_having_no_plan_items():
    with pytest.raises(PlanFileError, match="no plan items found: the Word document has no text"):
        WordImporter().read("empty.docx", saved(Document()))


def test_a_word_document_of_prose_only_is_refused_as_having_no_plan_items():
    document = Document()
    document.add_paragraph("Minutes of the meeting held on 4 May.")
    with pytest.raises(PlanFileError, match="no plan items found"):
        WordImporter().read("minutes.docx", saved(document))


def test_an_old_binary_word_document_is_refused_with_what_to_do():
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(PlanFileError, match=r"save it as \.docx"):
        WordImporter().read("plan.doc", content)


def test_a_damaged_main_part_is_refused_not_crashed_on():
    content = io.BytesIO()
    with zipfile.ZipFile(small_plan_zip(), "r") as source, zipfile.ZipFile(content, "w") as out:
        for part in source.infolist():
            data = source.read(part)
            out.writestr(part, data[:200] if part.filename == "word/document.xml" else data)
    with pytest.raises(PlanFileError, match="damaged"):
        lay_out(content.getvalue())


def small_plan_zip() -> io.BytesIO:
    return io.BytesIO(small_plan())
