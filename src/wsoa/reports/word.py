"""The board pack as a Word document: real headings, real tables, links from summary to detail.

Councils edit these before a meeting, so the document uses Word's own Heading and table styles
and no text boxes or images of text. Each table's first row repeats across pages as a header.
Each indicator's chart is a picture (the SVG drawn to PNG) with the chart's own title and
description as its alternative text, followed by the same figures as a table.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from typing import Any

import cairosvg
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from wsoa.core.dates import long_date
from wsoa.reports.content import Data

ITEM_HEADERS = ["Item", "Area", "Rating", "Due"]


def day(value: str | None) -> str:
    return long_date(dt.date.fromisoformat(value)) if value else ""


def pack_docx(pack: Data) -> bytes:
    """Return the pack as .docx bytes."""
    doc = Document()
    _setup(doc, pack)
    doc.add_heading(pack["title"], level=0)
    doc.add_paragraph(_intro(pack))
    _version(doc, pack)
    _summary(doc, pack)
    doc.add_heading("Items", level=1)
    for key, caption in (
        ("completed", "Completed"),
        ("overdue", "Overdue"),
        ("due_soon", "Due before the next meeting"),
        ("in_progress", "In progress"),
    ):
        _items(doc, caption, pack[key])
    _slipped(doc, pack["slipped"])
    _changes(doc, pack["rag_changes"])
    _exceptions(doc, pack["exceptions"])
    _scorecard(doc, pack)
    _detail(doc, pack)
    _rag_key(doc, pack)
    doc.add_paragraph(f"Generated on {pack['generated_text']}.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _setup(doc: DocumentObject, pack: Data) -> None:
    props = doc.core_properties
    props.title = pack["title"]
    props.subject = pack["plan"]["title"]
    props.author = pack["plan"]["area"]
    props.language = "en-GB"
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)


def _intro(pack: Data) -> str:
    since = f"from {day(pack['since'])} ({pack['basis']})" if pack["since"] else "from the start"
    board = f" For {pack['board']}." if pack["board"] else ""
    return (
        f"{pack['plan']['area']}: {pack['plan']['title']}.{board} Reporting {since} to "
        f"{day(pack['until'])}; the next meeting is on {day(pack['next_meeting_on'])}."
    )


def _version(doc: DocumentObject, pack: Data) -> None:
    """Which agreed version the board holds the plan to, and what changed since it."""
    version = pack.get("version")
    if not version:
        return
    note = f" {version['note']}" if version["note"] else ""
    doc.add_paragraph(
        f"The board holds the partnership to version {version['number']} of the plan, agreed "
        f"on {day(version['agreed_on'])} by {version['agreed_by']}.{note}"
    )
    number = version["number"]
    if version["added"]:
        rows = [[f"{r['label']}: {r['title']}", r["area"]] for r in version["added"]]
        caption = f"Added since version {number}: not yet agreed ({len(rows)})"
        _table(doc, caption, ["Item", "Under"], rows)
    if version["withdrawn"]:
        rows = [[r["label"], r["title"]] for r in version["withdrawn"]]
        caption = f"In version {number} but withdrawn or removed since ({len(rows)})"
        _table(doc, caption, ["Item", "Text as agreed"], rows)
    if not (version["added"] or version["withdrawn"]):
        doc.add_paragraph("The plan has no items added or withdrawn since then.")


def _table(doc: DocumentObject, caption: str, headers: list[str], rows: list[list[Any]]) -> Table:
    """A captioned table whose header row repeats on every page."""
    doc.add_paragraph(caption, style="Caption")
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    head = table.rows[0]
    for cell, text in zip(head.cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    row_props = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_props.append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            if isinstance(value, tuple):
                _link(cell.paragraphs[0], value[0], value[1])
            else:
                cell.text = str(value)
    return table


def _summary(doc: DocumentObject, pack: Data) -> None:
    doc.add_heading("Summary by area", level=1)
    headers = ["Area", *(word for _, word in pack["rag_columns"]), "Items"]
    rows = [
        [(area["label"], area["anchor"]), *area["counts"], area["total"]]
        for area in pack["summary"]
    ]
    _table(doc, "Ratings of the items under each area", headers, rows)


def _item_rows(rows: list[Data]) -> list[list[Any]]:
    return [
        [
            f"{r['label']}: {r['title'][:200]}",
            (r["area"], r["area_anchor"]),
            r.get("rating_text", r["rag_word"]),  # packs made before ratings were confirmed
            day(r["due"]),
        ]
        for r in rows
    ]


def _items(doc: DocumentObject, caption: str, rows: list[Data]) -> None:
    if not rows:
        doc.add_paragraph(f"{caption}: none.")
        return
    _table(doc, f"{caption} ({len(rows)})", ITEM_HEADERS, _item_rows(rows))


def _slipped(doc: DocumentObject, rows: list[Data]) -> None:
    doc.add_heading("Milestones and items that slipped", level=1)
    if not rows:
        doc.add_paragraph("Nothing slipped in this time.")
        return
    headers = ["What", "Baseline date", "Current date", "Days later", "Agreed on"]
    body = [
        [
            f"{r['kind']} of {r['label']}: {r['text'][:200]}",
            day(r["baseline"]),
            day(r["current"]),
            r["days_late"],
            day(r["agreed_on"]),
        ]
        for r in rows
    ]
    _table(doc, f"Now due later than the plan's date ({len(rows)})", headers, body)


def _changes(doc: DocumentObject, rows: list[Data]) -> None:
    doc.add_heading("Rating changes and reasons", level=1)
    if not rows:
        doc.add_paragraph("No ratings changed in this time.")
        return
    headers = ["Item", "From", "To", "Reason", "Confirmed"]
    body = [
        [
            r["label"],
            r["before_word"],
            r["after_word"],
            r["reason"],
            f"{day(r['decided_on'])} {r['decided_by']}".strip(),
        ]
        for r in rows
    ]
    _table(doc, f"Confirmed rating changes ({len(rows)})", headers, body)


def _exceptions(doc: DocumentObject, rows: list[Data]) -> None:
    doc.add_heading("KPI exceptions", level=1)
    if not rows:
        doc.add_paragraph("No indicator of this plan has an open exception.")
    for r in rows:
        doc.add_heading(f"{r['indicator']}: {r['figure']} in {r['period']}", level=2)
        doc.add_paragraph(f"Why it is red: {r['reason']}")
        doc.add_paragraph(f"Cause, from the owner: {r['cause'] or 'Not answered yet'}")
        doc.add_paragraph(f"What is being done: {r['action'] or 'Not answered yet'}")
        doc.add_paragraph(f"Expected recovery: {day(r['recovery_on']) or 'Not given'}")


def _scorecard(doc: DocumentObject, pack: Data) -> None:
    doc.add_heading("KPI scorecard", level=1)
    if not pack["scorecard"]:
        doc.add_paragraph("This plan has no indicators yet.")
        return
    headers = ["Indicator", "Period", "Actual", "Target", "RAG", "Trend", "England"]
    body = [
        [(r["name"], r["anchor"]), r["period"], r["actual"], r["target"], r["rag_word"],
         r["trend"], r["england"]]
        for r in pack["scorecard"]
    ]  # fmt: skip
    _table(doc, "Latest figure of each indicator against its target", headers, body)
    for indicator in pack["indicators"]:
        _bookmark(doc.add_heading(indicator["name"], level=2), indicator["anchor"])
        if indicator.get("chart"):
            _chart(doc, indicator["chart"])
        rows = [[r["period"], r["actual"], r["target"], r["rag_word"]] for r in indicator["rows"]]
        _table(
            doc,
            f"{indicator['name']}: figures by period",
            ["Period", "Actual", "Target", "RAG"],
            rows,
        )


CHART_WIDTH_PX = 1200


def _chart(doc: DocumentObject, svg: str) -> None:
    """Add an indicator's chart as a picture whose alternative text is the chart's own words."""
    png = cairosvg.svg2png(bytestring=svg.encode(), output_width=CHART_WIDTH_PX)
    doc.add_picture(io.BytesIO(png), width=Cm(16))
    title = _svg_text(svg, "title")
    desc = _svg_text(svg, "desc")
    picture = doc.inline_shapes[len(doc.inline_shapes) - 1]
    properties = picture._inline.docPr
    properties.set("title", title)
    properties.set("descr", f"{title}. {desc}".strip(". ") if desc else title)


def _svg_text(svg: str, tag: str) -> str:
    found = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", svg, re.S)
    return html.unescape(found.group(1)).strip() if found else ""


def _detail(doc: DocumentObject, pack: Data) -> None:
    doc.add_heading("Detail by area", level=1)
    for area in pack["summary"]:
        heading = doc.add_heading(f"{area['label']}: {area['title'][:200]}", level=2)
        _bookmark(heading, area["anchor"])
        _items(doc, area["label"], area["items"])


def _rag_key(doc: DocumentObject, pack: Data) -> None:
    doc.add_heading("RAG key", level=1)
    rows = [[word, label] for _, word, label in pack["rag_key"]]
    _table(doc, "What each rating means in this plan", ["Rating", "Meaning in this plan"], rows)


def _bookmark(paragraph: Paragraph, name: str) -> None:
    """Mark a heading as a link target (a Word bookmark named like the HTML anchor)."""
    start = OxmlElement("w:bookmarkStart")
    kind, _, number = name.partition("-")
    start.set(qn("w:id"), str(int(number) + (0 if kind == "area" else 10**7)))
    start.set(qn("w:name"), name.replace("-", "_"))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), start.get(qn("w:id")))
    paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _link(paragraph: Paragraph, text: str, anchor: str) -> None:
    """Add a link to a bookmark in this document."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor.replace("-", "_"))
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(style)
    props.append(underline)
    run.append(props)
    label = OxmlElement("w:t")
    label.text = text
    run.append(label)
    link.append(run)
    paragraph._p.append(link)
