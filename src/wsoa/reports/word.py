"""The board pack as a Word document: real headings, real tables, links from summary to detail.

Councils edit these before a meeting, so the document uses Word's own Heading and table styles
and no text boxes or images of text. It is A4 portrait with the PDF's margins and type size, so
the two run to about the same number of pages. Each table is as wide as the page, its columns
as wide as their content needs (a date or a count narrow, an item's text wide, no word split),
its header row repeating across pages and no row split between pages.
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
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Mm, Pt

from wsoa.core.dates import long_date
from wsoa.reports.content import Data
from wsoa.reports.templatetags.pack_display import detail_areas, item_text, short_day, with_paths
from wsoa.reports.word_tables import (
    MARGINS_MM,
    PAGE_WIDTH_MM,
    Cell,
    bookmark,
    linked,
    table,
)

ITEM_HEADERS = ["Item", "Area", "Rating", "Due"]


def day(value: str | None) -> str:
    return long_date(dt.date.fromisoformat(value)) if value else ""


def pack_docx(pack: Data) -> bytes:
    """Return the pack as .docx bytes."""
    doc = Document()
    _setup(doc, pack)
    doc.add_heading(pack["title"], level=0)
    doc.add_paragraph(_intro(pack))
    _glance(doc, pack)
    _version(doc, pack)
    _summary(doc, pack)
    bookmark(doc.add_heading("Items", level=1), "items")
    if pack.get("appendix"):
        _lists(doc, pack)
    else:  # packs made before the compact lists
        for key, caption in (
            ("completed", "Completed"),
            ("overdue", "Overdue"),
            ("due_soon", "Due before the next meeting"),
        ):
            _items(doc, caption, pack[key], anchor=f"list-{key.replace('_', '-')}")
        _in_progress(doc, pack)
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
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(297)
    top, right, bottom, left = (Mm(value) for value in MARGINS_MM)
    section.top_margin, section.right_margin = top, right
    section.bottom_margin, section.left_margin = bottom, left
    _styles(doc)


def _styles(doc: DocumentObject) -> None:
    """Arial 10 pt with the PDF's spacing, so Word and PDF paginate alike."""
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    sizes = {"Title": 20, "Heading 1": 15, "Heading 2": 12, "Caption": 10}
    for name, size in sizes.items():
        style = doc.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(0 if name in ("Title", "Caption") else 12)
        style.paragraph_format.space_after = Pt(4)
    caption = doc.styles["Caption"]
    caption.font.bold, caption.font.italic = True, False
    caption.paragraph_format.keep_with_next = True


def _intro(pack: Data) -> str:
    since = f"from {day(pack['since'])} ({pack['basis']})" if pack["since"] else "from the start"
    board = f" For {pack['board']}." if pack["board"] else ""
    return (
        f"{pack['plan']['area']}: {pack['plan']['title']}.{board} Reporting {since} to "
        f"{day(pack['until'])}; the next meeting is on {day(pack['next_meeting_on'])}."
    )


def _glance(doc: DocumentObject, pack: Data) -> None:
    """Page 1's state of the plan, as the HTML's: headline, items to watch, headline
    indicators, and the ratings by named area as a chart and a table."""
    glance = pack.get("glance")
    if not glance:
        return
    doc.add_heading("The plan at a glance", level=1)
    doc.add_paragraph().add_run(glance["headline"]).bold = True
    counts: list[list[Cell]] = [
        [linked(c["words"][:1].upper() + c["words"][1:], c["anchor"]), c["count"], c["note"]]
        for c in glance["counts"]
    ]
    table(doc, "Items to watch", ["Items", "Number", "Which"], counts)
    doc.add_heading("Headline indicators", level=2)
    if pack.get("headline_indicators"):
        headers = ["Indicator", "Period", "Figure", "Target", "England", "Standing"]
        rows: list[list[Cell]] = [
            [(r["name"], r["anchor"]), r["period"], r["actual"], r["target"] or "None set",
             r["england"] or "–", r.get("standing") or "Not compared"]
            for r in pack["headline_indicators"]
        ]  # fmt: skip
        caption = "The statutory timescales: latest figure against target and England"
        table(doc, caption, headers, rows)
    else:
        doc.add_paragraph(
            "No statutory timescale indicator with figures is linked to this plan yet."
        )
    bookmark(doc.add_heading(f"Ratings by {glance['top_level'].lower()}", level=2), "summary")
    if glance.get("chart"):
        _chart(doc, glance["chart"])
    _summary_table(doc, glance["top_level"], glance["columns"], glance["rows"])


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
        rows: list[list[Cell]] = [
            [f"{r['label']}: {r['title']}", r["area"]] for r in version["added"]
        ]
        caption = f"Added since version {number}: not yet agreed ({len(rows)})"
        table(doc, caption, ["Item", "Under"], rows)
    if version["withdrawn"]:
        rows = [[r["label"], r["title"]] for r in version["withdrawn"]]
        caption = f"In version {number} but withdrawn or removed since ({len(rows)})"
        table(doc, caption, ["Item", "Text as agreed"], rows)
    if not (version["added"] or version["withdrawn"]):
        doc.add_paragraph("The plan has no items added or withdrawn since then.")


def _summary(doc: DocumentObject, pack: Data) -> None:
    """Packs made before page 1 was added: ratings under every area, every rating a column."""
    if pack.get("glance"):
        return
    doc.add_heading("Summary by area", level=1)
    words = [word for _, word in pack["rag_columns"]]
    _summary_table(doc, "Area", words, pack["summary"])


def _summary_table(doc: DocumentObject, top_level: str, words: list[str], areas: Any) -> None:
    headers = [top_level, *words, "Items"]
    rows: list[list[Cell]] = [
        [(area.get("name") or area["label"], area["anchor"]), *area["counts"], area["total"]]
        for area in areas
    ]
    table(doc, f"Ratings of the items under each {top_level.lower()}", headers, rows)


def _item_rows(rows: list[Data], *, detail: bool = False) -> list[list[Cell]]:
    """An item list's rows as the HTML shows them: where the item sits (or its area, in packs
    made before paths), its label and text (a summary in lists, in full in the detail)."""
    paths = with_paths(rows)
    found: list[list[Cell]] = []
    for r in rows:
        text = r["title"] if detail else item_text(r)
        where = f"{r['path']}\n" if paths and r.get("path") else ""
        cells: list[Cell] = [f"{where}{r['label']}: {text}"]
        if not (paths or detail):
            cells.append((r["area"], r["area_anchor"]))
        found.append([*cells, str(r.get("rating_text", r["rag_word"])), day(r["due"])])
    return found


def _items(
    doc: DocumentObject, caption: str, rows: list[Data], *, detail: bool = False, anchor: str = ""
) -> None:
    if not rows:
        bookmark(doc.add_paragraph(f"{caption}: none."), anchor)
        return
    headers = ITEM_HEADERS if not (with_paths(rows) or detail) else ["Item", "Rating", "Due"]
    rows_out = _item_rows(rows, detail=detail)
    table(doc, f"{caption} ({len(rows)})", headers, rows_out, anchor=anchor)


LISTS = (
    ("completed", "Completed", "No items were completed in this time."),
    ("overdue", "Overdue", "No items are overdue."),
    ("due_soon", "Due before the next meeting", "No items fall due before the next meeting."),
    ("red", "Rated red, not overdue", "No other item is rated red."),
)


def _lists(doc: DocumentObject, pack: Data) -> None:
    """The compact lists, as the HTML's: each item's place, number and first sentence, lead,
    due date (for an overdue item, the date it fell due and the days since) and rating."""
    for key, caption, empty in LISTS:
        anchor = f"list-{key.replace('_', '-')}"
        rows, rest = pack[key], pack.get("overdue_rest") if key == "overdue" else None
        if not rows:
            bookmark(doc.add_paragraph(empty), anchor)
            continue
        late = key == "overdue"
        if rest:  # a bounded overdue list: the most recent in full, the rest by parent
            caption, rows = "Overdue: those that fell due most recently", pack["overdue_listed"]
        shown = f"{len(rows)} of {len(pack[key])}" if rest else f"{len(rows)}"
        headers = ["Item", "Lead", "Due", *(["Days late"] if late else []), "Rating"]
        body = [_list_row(row, late=late) for row in rows]
        groups = [row.get("path") or "" for row in rows]
        table(doc, f"{caption} ({shown})", headers, body, anchor=anchor, groups=groups)
        if rest:
            _overdue_rest(doc, rest)
    count = len(pack["in_progress"])
    doc.add_paragraph(
        f"{count} item{'' if count == 1 else 's'} in all {'is' if count == 1 else 'are'} in "
        "progress (rated red, amber or green and not overdue); the ratings table counts them."
    )


def _overdue_rest(doc: DocumentObject, rest: Data) -> None:
    """The overdue items the bounded list leaves out, one row per parent (ADR 0035)."""
    count, by = rest["count"], rest["by"]
    doc.add_paragraph(
        f"{count} more overdue item{'' if count == 1 else 's'}, by {by}; each is on its "
        "own page on the site, and a red one is in full in the appendix."
    )
    headers = ["Under", "Overdue", "Items", "Most days late"]
    body: list[list[Cell]] = [
        [group["path"] or "The plan", group["count"],
         ", ".join(str(item["number"]) for item in group["items"]), group["days_late"]]
        for group in rest["groups"]
    ]  # fmt: skip
    table(doc, f"Overdue, not listed above, by {by} ({count})", headers, body)


def _list_row(row: Data, *, late: bool) -> list[Cell]:
    item: Cell = f"{row['label']}: {row['summary']}"  # its path heads its group
    if late:
        milestone = " (a milestone)" if row.get("late_by_milestone") else ""
        dates: list[Cell] = [f"{short_day(row['late_on'])}{milestone}", row["days_late"]]
    else:
        dates = [short_day(row["due"])]
    return [item, row.get("lead") or "None named", *dates, _short_rating(row)]


def _short_rating(row: Data) -> str:
    if row.get("confirmed"):
        return str(row["rag_word"])
    if row.get("printed"):
        return f"Printed: {row['printed']}"
    return "Not rated"


def _in_progress(doc: DocumentObject, pack: Data) -> None:
    """Newer packs list red items and count the rest in progress; older ones list them all."""
    if pack.get("red") is None:
        _items(doc, "In progress", pack["in_progress"])
        return
    _items(doc, "Rated red, not overdue", pack["red"], anchor="list-red")
    count = len(pack["in_progress"])
    doc.add_paragraph(
        f"{count} item{'' if count == 1 else 's'} in all {'is' if count == 1 else 'are'} in "
        "progress (rated red, amber or green and not overdue); the ratings table counts them."
    )


def _slipped(doc: DocumentObject, rows: list[Data]) -> None:
    bookmark(doc.add_heading("Milestones and items that slipped", level=1), "slipped")
    if not rows:
        doc.add_paragraph("Nothing slipped in this time.")
        return
    headers = ["What", "Baseline date", "Current date", "Days later", "Agreed on"]
    body: list[list[Cell]] = [
        [
            f"{r['kind']} of {r['label']}: {r['text']}",
            day(r["baseline"]),
            day(r["current"]),
            r["days_late"],
            day(r["agreed_on"]),
        ]
        for r in rows
    ]
    table(doc, f"Now due later than the plan's date ({len(rows)})", headers, body)


def _changes(doc: DocumentObject, rows: list[Data]) -> None:
    bookmark(doc.add_heading("Rating changes and reasons", level=1), "rag-changes")
    if not rows:
        doc.add_paragraph("No ratings changed in this time.")
        return
    headers = ["Item", "From", "To", "Reason", "Confirmed"]
    body: list[list[Cell]] = [
        [
            _changed_item(r),
            r["before_word"],
            r["after_word"],
            r["reason"],
            " by ".join(filter(None, [day(r["decided_on"]), r["decided_by"]])),
        ]
        for r in rows
    ]
    table(doc, f"Confirmed rating changes ({len(rows)})", headers, body)


def _changed_item(row: Data) -> str:
    """The changed item as the lists show one: its parents' path, its label and its text."""
    text = row.get("summary") if row.get("summary") is not None else row.get("title", "")
    labelled = f"{row['label']} {text}" if text else str(row["label"])
    return f"{row['path']} › {labelled}" if row.get("path") else labelled


def _exceptions(doc: DocumentObject, rows: list[Data]) -> None:
    bookmark(doc.add_heading("KPI exceptions", level=1), "exceptions")
    if not rows:
        doc.add_paragraph("No indicator of this plan has an open exception.")
    for r in rows:
        doc.add_heading(f"{r['indicator']}: {r['figure']} in {r['period']}", level=2)
        doc.add_paragraph(f"Why it is red: {r['reason']}")
        doc.add_paragraph(f"Cause, from the owner: {r['cause'] or 'Not answered yet'}")
        doc.add_paragraph(f"What is being done: {r['action'] or 'Not answered yet'}")
        doc.add_paragraph(f"Expected recovery: {day(r['recovery_on']) or 'Not given'}")


def _scorecard(doc: DocumentObject, pack: Data) -> None:
    bookmark(doc.add_heading("KPI scorecard", level=1), "scorecard")
    not_measured = pack.get("not_measured") or []
    if not (pack["scorecard"] or not_measured):
        doc.add_paragraph("This plan has no indicators yet.")
        return
    if pack["scorecard"]:
        headers = ["Indicator", "Period", "Actual", "Target", "RAG", "Trend", "England"]
        body: list[list[Cell]] = [
            [r["name"] if r.get("detailed") is False else (r["name"], r["anchor"]), r["period"],
             r["actual"], r["target"], r["rag_word"], r["trend"], r["england"]]
            for r in pack["scorecard"]
        ]  # fmt: skip
        table(doc, "Latest figure of each indicator against its target", headers, body)
    for indicator in pack["indicators"]:
        _indicator(doc, indicator)
    if pack.get("detail_rule"):
        doc.add_paragraph(pack["detail_rule"])
    if not_measured:
        doc.add_heading(f"Not yet measured ({len(not_measured)})", level=2)
        for row in not_measured:
            target = f" (target {row['target']})" if row.get("target") else ""
            doc.add_paragraph(f"{row['name']}{target}", style="List Bullet")


def _indicator(doc: DocumentObject, indicator: Data) -> None:
    bookmark(doc.add_heading(indicator["name"], level=2), indicator["anchor"])
    if indicator.get("chart"):
        _chart(doc, indicator["chart"])
    target = indicator.get("has_targets") is not False  # older packs: every column
    rag = indicator.get("has_ratings") is not False
    comparators = indicator.get("comparator_names") or []  # older packs: none
    headers = [
        "Period",
        "Actual",
        *(["Target"] if target else []),
        *(["RAG"] if rag else []),
        *comparators,
    ]
    rows: list[list[Cell]] = [
        [r["period"], r["actual"], *([r["target"]] if target else []),
         *([r["rag_word"]] if rag else []), *(r.get("comparators") or [])[: len(comparators)]]
        for r in indicator["rows"]
    ]  # fmt: skip
    table(doc, f"{indicator['name']}: figures by period", headers, rows)
    if indicator.get("periods", 0) > len(rows):
        doc.add_paragraph(
            f"The latest {len(rows)} of {indicator['periods']} periods; the chart draws them all "
            "and the indicator's page on the site lists every figure."
        )


CHART_WIDTH_PX = 1200
CHART_WIDTH_CM = 12  # about as large as the PDF draws it (80 mm high at most)


def _chart(doc: DocumentObject, svg: str) -> None:
    """Add an indicator's chart as a picture whose alternative text is the chart's own words."""
    png = cairosvg.svg2png(bytestring=svg.encode(), output_width=CHART_WIDTH_PX)
    doc.add_picture(io.BytesIO(png), width=Cm(CHART_WIDTH_CM))
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
    """The detail by area (older packs) or the appendix of red items in full."""
    appendix = bool(pack.get("appendix"))
    title = "Appendix: red items in full" if appendix else "Detail by area"
    bookmark(doc.add_heading(title, level=1), "detail")
    if appendix:
        doc.add_paragraph(
            "The full text of each red item the lists above name. The lists link every other "
            "item to its page, where its full text is."
        )
    for area in detail_areas(pack):
        heading = doc.add_heading(f"{area['label']}: {area['title']}", level=2)
        bookmark(heading, area["anchor"])
        if appendix and not area["items"]:
            doc.add_paragraph("No red item under it.")
            continue
        _items(doc, area["label"], area["items"], detail=True)


def _rag_key(doc: DocumentObject, pack: Data) -> None:
    bookmark(doc.add_heading("RAG key", level=1), "rag-key")
    rows: list[list[Cell]] = [[word, label] for _, word, label in pack["rag_key"]]
    table(doc, "What each rating means in this plan", ["Rating", "Meaning in this plan"], rows)
