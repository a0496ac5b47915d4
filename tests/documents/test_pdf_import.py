"""Plans published as PDF import by their layout: tables from their rules, prose in page order,
a table running over a page break read as one, and scanned or locked PDFs refused."""

from __future__ import annotations

import base64
import html
import io
import zlib
from pathlib import Path
from typing import Any

import pytest
import weasyprint
from PIL import Image

from wsoa.core.models import LocalArea
from wsoa.documents.importers.base import PlanFileError
from wsoa.documents.importers.pdf import SCANNED, PdfImporter, lay_out_pdf
from wsoa.documents.importers.plantext import parse_plan_text
from wsoa.documents.importers.registry import importer_for
from wsoa.documents.importing import import_plan
from wsoa.plans.models import Plan

MB = 1024 * 1024
SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"
STYLE = """
@page { size: A4; margin: 2cm }
body { font-family: sans-serif; font-size: 10pt }
table { border-collapse: collapse; width: 100%; margin: 8pt 0; table-layout: fixed }
td, th { border: 0.75pt solid black; padding: 3pt; vertical-align: top; text-align: left;
         overflow-wrap: anywhere }
ul, ol { margin: 0; padding-left: 12pt }
p { margin: 0 0 6pt 0 }
"""
WIDE = "@page { size: A3 landscape; margin: 1.5cm } body { font-size: 9pt }"


def pdf_of(body: str, style: str = "") -> bytes:
    """A PDF WeasyPrint makes of an HTML body, as Word's "Save as PDF" makes of a plan."""
    page = f"<html><head><style>{STYLE}{style}</style></head><body>{body}</body></html>"
    return weasyprint.HTML(string=page).write_pdf()


def html_of_plan_text(text: str) -> str:
    """Plan text as an HTML body: runs of rows of as many cells as tables, other lines as
    paragraphs (the seeds' cells are HTML already)."""
    parts: list[str] = []
    rows: list[str] = []
    width = 0
    for line in [*text.split("\n"), ""]:
        cells = line.split("\t")
        if len(cells) > 1 and (len(cells) == width or not rows):
            rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
            width = len(cells)
            continue
        if rows:
            parts.append(f"<table>{''.join(rows)}</table>")
            rows, width = [], 0
        if len(cells) > 1:
            rows, width = [f"<tr>{''.join(f'<td>{c}</td>' for c in cells)}</tr>"], len(cells)
        elif line.strip():
            parts.append(f"<p>{html.escape(line)}</p>")
    return "".join(parts)


def items_of(data: dict[str, Any]) -> list[tuple[str, str, list[str], str]]:
    """Every item of a plan, depth first: number, text, leads, due date as printed."""
    found = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            due = "; ".join(d["text"] for d in item.get("due", []))
            found.append((item.get("number", ""), item["title"], item.get("leads", []), due))
            walk(item.get("children", []))

    walk(data["items"])
    return found


# --- a plan written for these tests -----------------------------------------------------

TITLE = "Testshire SEND Written Statement of Action"
ACTIONS = [
    ("1.1", "Review the pathways for identifying needs across education, health and care", "JB"),
    ("1.2", "Publish the local offer again with the parent carer forum", "Sam Patel"),
    ("1.3", "Train school SENCos in the new assessment process", "JB, AK"),
    ("1.4", "Agree one referral form for all partners", "AK"),
]
BULLETS = ["Audit twenty plans each term", "Report the findings to the board"]


def plan_body(tall: int = 17) -> str:
    """The HTML of a plan: title, prose, and a ruled action table whose fourth row is so
    tall the page break cuts it."""
    rows = "".join(
        f"<tr><td>{ref}</td><td>{text}</td><td>{lead}</td><td>March 2018</td><td>Green</td></tr>"
        for ref, text, lead in ACTIONS[:3]
    )
    ref, text, lead = ACTIONS[3]
    long_text = text + "".join("<br>" for _ in range(tall)) + " so that families tell it once"
    rows += f"<tr><td>{ref}</td><td>{long_text}</td><td>{lead}</td><td>June 2018</td>"
    rows += "<td>Amber</td></tr>"
    items = "".join(f"<li>{b}</li>" for b in BULLETS)
    rows += (
        f"<tr><td>1.5</td><td>Check the quality of plans:<ul>{items}</ul></td><td>QA lead</td>"
        "<td>April 2018</td><td>Red</td></tr>"
    )
    return (
        f"<h1>{TITLE}</h1>"
        "<p>This plan responds to the joint inspection of the local area in 2017. It sets out "
        "what partners will do, who leads each action and by when.</p>"
        "<p>Area for improvement 1: Weaknesses in identifying and assessing needs.</p>"
        '<div style="height: 14cm"></div>'
        "<table><thead><tr><th>Ref</th><th>Action</th><th>Lead</th><th>By when</th>"
        f"<th>RAG</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def test_a_ruled_table_over_a_page_break_imports_its_items_leads_and_dates():
    pdf = pdf_of(plan_body())
    laid = lay_out_pdf(pdf)
    assert {laid.places[n] for n in laid.places} == {"page 1", "page 2"}
    found = PdfImporter().read("plan.pdf", pdf)
    assert found.data["plan"]["title"] == TITLE
    items = items_of(found.data)
    assert items[0][:2] == ("1", "Weaknesses in identifying and assessing needs.")
    actions = items[1:]
    assert [(n, t, leads) for n, t, leads, _ in actions[:3]] == [
        (ref, text, [lead] if "," not in lead else ["JB", "AK"]) for ref, text, lead in ACTIONS[:3]
    ]
    assert actions[3][0] == "1.4"
    assert actions[3][1].startswith(ACTIONS[3][1]) and "families tell it once" in actions[3][1]
    assert actions[3][2:] == (["AK"], "June 2018")
    assert actions[4][0] == "1.5" and actions[4][2:] == (["QA lead"], "April 2018")
    assert [n for n, *_ in actions] == ["1.1", "1.2", "1.3", "1.4", "1.5"]


def test_the_cut_row_and_the_repeated_heading_are_laid_out_once():
    laid = lay_out_pdf(pdf_of(plan_body()))
    assert sum(line.startswith("Ref\tAction") for line in laid.lines) == 1
    cut = [line for line in laid.lines if line.startswith("1.4\t")]
    assert len(cut) == 1 and "families tell it once" in cut[0]
    assert not any(line.startswith("\t") for line in laid.lines)
    bullets = [line for line in laid.lines if line.startswith("1.5\t")]
    assert bullets[0].split("\t")[1] == (
        "Check the quality of plans:<ul>" + "".join(f"<li>{b}</li>" for b in BULLETS) + "</ul>"
    )


def test_the_pdf_imports_as_the_same_plan_as_its_plan_text():
    text = "\n".join(
        [
            TITLE,
            "This plan responds to the joint inspection of the local area in 2017. It sets out "
            "what partners will do, who leads each action and by when.",
            "Area for improvement 1: Weaknesses in identifying and assessing needs.",
            "Ref\tAction\tLead\tBy when\tRAG",
            *(f"{r}\t{t}\t{lead}\tMarch 2018\tGreen" for r, t, lead in ACTIONS[:3]),
            f"{ACTIONS[3][0]}\t{ACTIONS[3][1]} so that families tell it once\t{ACTIONS[3][2]}"
            "\tJune 2018\tAmber",
            "1.5\tCheck the quality of plans:<ul>"
            + "".join(f"<li>{b}</li>" for b in BULLETS)
            + "</ul>\tQA lead\tApril 2018\tRed",
        ]
    )
    from_text = items_of(parse_plan_text(text).data)
    from_pdf = items_of(PdfImporter().read("plan.pdf", pdf_of(plan_body(tall=0))).data)
    assert from_pdf == from_text


def test_prose_keeps_its_paragraphs_and_bullets_in_page_order():
    body = (
        "<h1>Plan title</h1><p>First paragraph, long enough to wrap over more than one line of "
        "the page so that its lines must be joined again into the one paragraph it was.</p>"
        "<ul><li>A bullet point</li><li>Another bullet point</li></ul>"
        "<table><tr><td>1.1</td><td>Act</td></tr></table><p>After the table.</p><p>3</p>"
    )
    assert lay_out_pdf(pdf_of(body)).lines == [
        "Plan title",
        "First paragraph, long enough to wrap over more than one line of the page so that its "
        "lines must be joined again into the one paragraph it was.",
        "- A bullet point",
        "- Another bullet point",
        "1.1\tAct",
        "After the table.",
    ]


def test_a_table_with_no_rules_is_read_from_the_space_between_its_columns():
    cell = 'style="border: none; padding: 3pt 6pt"'
    rows = [("Ref", "Action", "Lead", "By when")]
    rows += [(ref, text, lead, "May 2019") for ref, text, lead in ACTIONS]
    table = "".join("<tr>" + "".join(f"<td {cell}>{c}</td>" for c in row) + "</tr>" for row in rows)
    body = (
        "<h1>Plan</h1><p>Prose that says what the plan is for.</p>"
        f'<table style="border: none">{table}</table><p>After.</p>'
    )
    assert lay_out_pdf(pdf_of(body)).lines == [
        "Plan",
        "Prose that says what the plan is for.",
        *("\t".join(row) for row in rows),
        "After.",
    ]


# --- seeds rendered to PDF --------------------------------------------------------------


@pytest.mark.parametrize("seed", ["000_56886334a7fafb51.txt", "003_b9ec3471d1f06a02.txt"])
def test_a_seed_as_pdf_imports_to_the_same_items_as_its_text(seed):
    """Hartlepool and Peterborough. Durham, Stockton and Worcestershire differ where their
    cells hold lists inside lists, which a printed page flattens (see the report)."""
    text = (SEEDS / seed).read_text()
    pdf = pdf_of(html_of_plan_text(text), WIDE)
    from_pdf = [(n, t) for n, t, *_ in items_of(PdfImporter().read(seed, pdf).data)]
    from_text = [(n, t) for n, t, *_ in items_of(parse_plan_text(text).data)]
    assert from_pdf == from_text


# --- refusals ---------------------------------------------------------------------------


def scanned_pdf() -> bytes:
    """A PDF of a page that is only a picture of text, as a scanner makes."""
    out = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(out, "PNG")
    picture = base64.b64encode(out.getvalue()).decode()
    return pdf_of(f'<img src="data:image/png;base64,{picture}" style="width: 15cm">')


def hand_made_pdf(contents: bytes, trailer: str = "", extra: str = "") -> bytes:
    """A one-page PDF written by hand: its page's content stream as given, and an object
    (number 5) and trailer entries besides."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
        contents,
        extra.encode() or b"null",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    out.write(
        f"trailer<</Size {len(objects) + 1}/Root 1 0 R{trailer}>>\nstartxref\n{xref}\n"
        "%%EOF\n".encode()
    )
    return out.getvalue()


def locked_pdf() -> bytes:
    """A PDF encrypted with the standard handler under a password that is not empty."""
    return hand_made_pdf(
        b"<</Length 8>>stream\n\x8a\x11\x07\xfe\x93\x01\x42\x77\nendstream",
        trailer=f"/Encrypt 5 0 R/ID[<{'ab' * 16}><{'ab' * 16}>]",
        extra=f"<</Filter/Standard/V 1/R 2/P -44/O<{'7a' * 32}>/U<{'c3' * 32}>>>",
    )


def bomb_pdf() -> bytes:
    """A PDF whose page's content is 80 MB of spaces, packed into less than 100 KB."""
    packer = zlib.compressobj(9)
    packed = b"".join(packer.compress(b" " * MB) for _ in range(80)) + packer.flush()
    head = f"<</Length {len(packed)}/Filter/FlateDecode>>stream\n".encode()
    return hand_made_pdf(head + packed + b"\nendstream")


def test_a_scanned_pdf_is_refused_saying_what_to_upload():
    with pytest.raises(PlanFileError) as refused:
        PdfImporter().read("scan.pdf", scanned_pdf())
    assert str(refused.value) == SCANNED


def test_a_pdf_locked_by_a_password_is_refused():
    with pytest.raises(PlanFileError, match=r"^The PDF is protected by a password"):
        PdfImporter().read("locked.pdf", locked_pdf())


def test_a_pdf_unpacking_to_far_more_than_a_plan_is_refused_before_it_is_read():
    content = bomb_pdf()
    assert len(content) < 100 * 1024
    with pytest.raises(PlanFileError, match=r"^The PDF cannot be read: it unpacks to far more"):
        PdfImporter().read("plan.pdf", content)


def test_a_cut_short_pdf_is_refused():
    pdf = pdf_of(plan_body())
    with pytest.raises(PlanFileError, match=r"damaged or cut short|no text in it"):
        PdfImporter().read("plan.pdf", pdf[: len(pdf) // 3])


def test_a_pdf_is_read_by_the_pdf_importer():
    assert importer_for("plan.pdf", pdf_of("<p>x</p>")).kind == "pdf"
    assert importer_for("download", pdf_of("<p>x</p>")).kind == "pdf"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make", [scanned_pdf, locked_pdf, bomb_pdf], ids=["scanned", "locked", "bomb"]
)
def test_importing_a_refused_pdf_writes_nothing(tmp_path, make):
    path = tmp_path / "plan.pdf"
    path.write_bytes(make())
    with pytest.raises(PlanFileError):
        import_plan(path=path, area_name="Testshire")
    assert not Plan.objects.exists()
    assert not LocalArea.objects.filter(name="Testshire").exists()


@pytest.mark.django_db
def test_importing_a_plan_pdf_writes_the_plan(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf_of(plan_body()))
    result = import_plan(path=path, area_name="Testshire")
    assert result.plan.title == TITLE
    assert sorted(result.plan.items.values_list("number", flat=True)) == [
        "1",
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
    ]
