"""The board pack's PDF is tagged as PDF/UA asks: the structure tree read back with pikepdf.

Every header cell has a scope, every table a head and a body of rows, text sits in paragraphs,
headings and list bodies, every figure has alternative text, and the document has a language
and a title shown in the window. WeasyPrint's own messages reach wsoa's log at their weight.
"""

import io
import logging
from collections import Counter

import pikepdf
import pytest
from pack_history import at

from wsoa.reports import render, services

pytestmark = pytest.mark.django_db
INLINE = {"/Span", "/Link"}
TEXT_BLOCKS = {"/P", "/H1", "/H2", "/H3", "/H4", "/Caption", "/Lbl", "/LBody"}


@pytest.fixture
def pdf(plan, board, history, exception, plan_manager):
    with at("2026-10-20"):
        snapshot = services.generate_pack(plan=plan, by=plan_manager, board=board)
    return pikepdf.open(io.BytesIO(snapshot.content("pdf"))), snapshot


def elements(pdf):
    """Each structure element with its chain of ancestors' types, checking each /P link."""
    found = []

    def walk(element, chain):
        found.append((element, chain))
        kids = element.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                assert kid.P.objgen == element.objgen, "a kid's /P is not its parent"
                walk(kid, [*chain, str(element.S)])

    root = pdf.Root.StructTreeRoot
    for top in root.K if isinstance(root.K, pikepdf.Array) else [root.K]:
        walk(top, [])
    return found


def kinds(element):
    kids = element.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return [str(kid.S) for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def test_every_header_cell_has_the_scope_its_html_declares(pdf):
    tree = elements(pdf[0])
    headers = [(e, chain) for e, chain in tree if e.S == "/TH"]
    assert len(headers) > 10
    scopes = Counter()
    for header, chain in headers:
        assert header.A.O == "/Table"
        scope = str(header.A.Scope)
        scopes[scope] += 1
        assert scope == ("/Column" if chain[-2] == "/THead" else "/Row")
    html = pdf[1].content("html").decode()
    assert scopes["/Row"] and scopes["/Column"]
    row_headers = html.count('scope="row"') + html.count('scope="rowgroup"')
    assert row_headers == scopes["/Row"]  # one page: no repeated header rows


def test_every_table_has_a_head_and_a_body_of_rows_and_cells(pdf):
    tree = elements(pdf[0])
    tables = [e for e, _ in tree if e.S == "/Table"]
    assert len(tables) >= 5
    for table in tables:
        assert {"/THead", "/TBody"} <= set(kinds(table)) <= {"/Caption", "/THead", "/TBody"}
    for element, _ in tree:
        if element.S in ("/THead", "/TBody"):
            assert set(kinds(element)) == {"/TR"}
        if element.S == "/TR":
            assert set(kinds(element)) <= {"/TH", "/TD"}


def test_text_sits_in_paragraphs_headings_captions_and_lists(pdf):
    tree = elements(pdf[0])
    loose = [
        chain
        for element, chain in tree
        if element.S in INLINE and not TEXT_BLOCKS & {c for c in chain if c not in INLINE}
    ]
    assert loose == []
    counts = Counter(str(e.S) for e, _ in tree)
    cells_with_text = sum(1 for e, _ in tree if e.S in ("/TD", "/TH") and kinds(e))
    assert counts["/P"] >= cells_with_text  # each cell's text is a paragraph of its own
    assert counts["/H1"] == 1 and counts["/H2"] >= 5
    assert counts["/L"] >= 1 and counts["/LI"] == counts["/LBody"]


def test_figures_have_alternative_text_and_the_document_its_language_and_title(pdf):
    document, snapshot = pdf
    figures = [e for e, _ in elements(document) if e.S == "/Figure"]
    assert figures  # the indicator's chart
    for figure in figures:
        assert str(figure.Alt).strip()
    assert str(document.Root.Lang) == "en-GB"
    assert document.Root.ViewerPreferences.DisplayDocTitle is True
    assert document.Root.MarkInfo.Marked is True
    assert str(document.docinfo.Title).startswith(snapshot.title)
    with document.open_metadata() as xmp:
        assert xmp.get("dc:title", "").startswith(snapshot.title)


LONG_TABLE = """<!DOCTYPE html><html lang="en-GB"><head><title>Long</title></head><body>
<h1>Long</h1><p>Before the table.</p>
<table><caption>Many rows</caption>
<thead><tr><th scope="col">Item</th><th scope="col">Due</th></tr></thead>
<tbody>{rows}</tbody></table>
<ul><li>One</li><li>Two</li></ul>
<dl><dt>Term</dt><dd>Definition</dd></dl>
</body></html>"""


def test_a_table_over_several_pages_keeps_its_structure_on_each():
    rows = "".join(
        f'<tr><th scope="row">Action {n}</th><td>Due in <a href="#x">week {n}</a></td></tr>'
        for n in range(150)
    )
    document = pikepdf.open(io.BytesIO(render.render_pdf(LONG_TABLE.format(rows=rows))))
    assert len(document.pages) > 2
    tree = elements(document)
    for table in (e for e, _ in tree if e.S == "/Table"):
        assert {"/THead", "/TBody"} <= set(kinds(table))
    row_headers = [e for e, _ in tree if e.S == "/TH" and e.A.Scope == "/Row"]
    assert len(row_headers) == 150
    assert all(e.A.Scope == "/Column" for e, c in tree if e.S == "/TH" and c[-2] == "/THead")


class Kept(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def console():
    """What reaches the root logger's handlers, that is the console of `wsoa demo`."""
    root, kept = logging.getLogger(), Kept()
    level = root.level
    root.addHandler(kept)
    root.setLevel(logging.DEBUG)
    yield kept.records
    root.removeHandler(kept)
    root.setLevel(level)


def test_weasyprint_messages_reach_the_log_at_their_weight(console):
    dangling = '<!DOCTYPE html><html lang="en-GB"><title>T</title><a href="#nowhere">Go</a>'
    render.render_pdf(dangling)
    notes = [r for r in console if "No anchor #nowhere" in r.getMessage()]
    assert [(r.name, r.levelno) for r in notes] == [("wsoa.reports.render", logging.INFO)]
    assert not [r for r in console if r.name.startswith("weasyprint")]
    assert max(r.levelno for r in console) == logging.INFO  # nothing a default console shows
    console.clear()
    render.render_pdf("<!DOCTYPE html><html><title>T</title><p>No language</p>")
    errors = [r for r in console if r.levelno >= logging.ERROR]
    assert [r.name for r in errors] == ["wsoa.reports.render"]
    assert "lang" in errors[0].getMessage()
