"""One Word paragraph read for the layout: its text in runs, and whether it is a heading or
an entry of a bulleted or numbered list (with the number Word shows)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from wsoa.documents.importers.word.numbering import Numbering
from wsoa.documents.importers.word.styles import Styles
from wsoa.documents.importers.word.wordml import MC, int_val, is_on, val, w

# Not text a reader sees: deletions, field codes, drawings (text boxes among them), the
# fallback copy of alternate content, and references to notes and comments.
SKIPPED = {
    w(tag)
    for tag in (
        "del", "delText", "instrText", "pPr", "drawing", "pict", "object", "moveFrom",
        "footnoteReference", "endnoteReference", "commentReference", "fldData",
    )
} | {f"{{{MC}}}Fallback"}  # fmt: skip
BREAKS = {w("br"), w("cr")}
LINE_ENDS = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]")
AMPERSAND = re.compile(r"&[^&]{0,40}")  # an "&" and what may follow it in an entity
TAG_START = re.compile(r"<(?=/?[A-Za-z])")  # "<" where a tag could start
ADJACENT_TAGS = re.compile(r"</(b|i|u|sup)><\1>")


@dataclass
class Run:
    """A stretch of text with one formatting, or a line break (text "")."""

    text: str
    formats: tuple[str, ...] = ()  # the inline tags it is marked with: "b", "i", "u", "sup"
    is_break: bool = False

    @property
    def bold(self) -> bool:
        return "b" in self.formats


@dataclass
class Paragraph:
    """A paragraph's runs, its heading level (0: not a heading) and its list entry, if any."""

    runs: list[Run] = field(default_factory=list)
    heading: int = 0
    list_kind: str = ""  # "ul" (bullets), "ol" (numbers) or "" (not a list entry)
    depth: int = 0  # the list level, 0 for the outermost
    label: str = ""  # the number as Word shows it ("3.", "b)"), for numbered entries
    unmarked: bool = False  # an entry of a list that shows no bullet or number

    @property
    def plain(self) -> str:
        """The text on one line, line breaks as spaces."""
        return " ".join("".join(r.text or " " for r in self.runs).split())

    @property
    def is_empty(self) -> bool:
        return not self.plain

    @property
    def is_bold(self) -> bool:
        return all(r.bold for r in self.runs if r.text.strip()) and not self.is_empty

    def markup(self) -> str:
        """The text as a plan-text cell holds it: escaped, <br> for breaks, and <b>, <i>, <u>
        and <sup> around formatted text, as the seeds' exports mark it."""
        parts = []
        for run in self.runs:
            if run.is_break:
                parts.append("<br>")
            elif run.formats and run.text.strip():
                opening = "".join(f"<{tag}>" for tag in run.formats)
                closing = "".join(f"</{tag}>" for tag in reversed(run.formats))
                parts.append(f"{opening}{escape(run.text)}{closing}")
            else:
                parts.append(escape(run.text))
        return _merge_tags(re.sub(r"^(?:\s|<br>)+|(?:\s|<br>)+$", "", "".join(parts)))


def escape(text: str) -> str:
    """Text as plan text carries it: tabs and line ends as spaces, and "&" and "<" escaped
    only where the plan-text reader would otherwise take them for an entity or a tag, so
    ordinary text ("Evidence & Impact") stays as written."""
    text = LINE_ENDS.sub(" ", text)
    return TAG_START.sub("&lt;", AMPERSAND.sub(_escape_ampersand, text))


def _escape_ampersand(match: re.Match[str]) -> str:
    text = match.group(0)
    return f"&amp;{text[1:]}" if html.unescape(text) != text else text


def _merge_tags(markup: str) -> str:
    """Join runs of the same formatting split by Word ("<b>Lead</b><b>s</b>" → "<b>Leads</b>")."""
    return ADJACENT_TAGS.sub("", markup)


def read_paragraph(element: etree._Element, styles: Styles, numbering: Numbering) -> Paragraph:
    """Read a w:p element; numbered entries advance their list's counter."""
    paragraph = Paragraph(list(_runs(element)))
    ppr = element.find(w("pPr"))
    style_id = val(ppr.find(w("pStyle"))) if ppr is not None else ""
    paragraph.heading = styles.heading_level(style_id)
    if not paragraph.heading and ppr is not None and ppr.find(w("outlineLvl")) is not None:
        level = int_val(ppr.find(w("outlineLvl")), 9)
        paragraph.heading = level + 1 if level < 9 else 0
    if not paragraph.heading and not paragraph.is_empty:
        _read_list(paragraph, ppr, style_id, styles, numbering)
    return paragraph


def _read_list(
    paragraph: Paragraph,
    ppr: etree._Element | None,
    style_id: str,
    styles: Styles,
    numbering: Numbering,
) -> None:
    """Mark a list entry: its kind, level and number. Its own list settings win over its
    style's; a style named as a list (List Bullet) with no numbering still makes one."""
    num_id, depth = _list_of(ppr, style_id, styles)
    if num_id is not None and num_id != "0" and numbering.level(num_id, depth) is not None:
        kind = numbering.kind(num_id, depth)
        label = numbering.next_label(num_id, depth)
    elif num_id is None and styles.list_kind_by_name(style_id):
        kind = styles.list_kind_by_name(style_id)
        label = numbering.next_label(f"style {style_id}", depth)
    else:
        return
    paragraph.list_kind, paragraph.unmarked = kind, not kind
    # Word's own "List Bullet 2" and the like are lists of one level, indented further.
    paragraph.depth = depth or styles.list_depth_by_name(style_id)
    paragraph.label = label if kind == "ol" else ""


def _list_of(ppr: etree._Element | None, style_id: str, styles: Styles) -> tuple[str | None, int]:
    """The list (numbering id) and level a paragraph is in, by itself or by its style."""
    num_id, ilvl = styles.numbering(style_id)
    num = ppr.find(w("numPr")) if ppr is not None else None
    if num is not None:
        num_id = val(num.find(w("numId"))) or num_id
        own = num.find(w("ilvl"))
        ilvl = int_val(own, 0) if own is not None else ilvl
    return num_id, max(0, min(ilvl or 0, 8))


def _runs(element: etree._Element) -> Iterator[Run]:
    """The runs of a paragraph (or of a hyperlink, field or inserted text inside it), in order."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIPPED:
            continue
        if tag == w("r"):
            yield from _run(child)
        else:
            yield from _runs(child)


def _run(run: etree._Element) -> Iterator[Run]:
    rpr = run.find(w("rPr"))
    if rpr is not None and is_on(rpr.find(w("vanish"))):
        return
    formats = _formats(rpr)
    for child in run:
        tag = child.tag
        if tag == w("t"):
            yield Run(child.text or "", formats)
        elif tag == w("tab"):
            yield Run(" ", formats)
        elif tag in BREAKS and child.get(w("type"), "textWrapping") == "textWrapping":
            yield Run("", is_break=True)
        elif tag == w("noBreakHyphen"):
            yield Run("-", formats)
        elif tag == f"{{{MC}}}AlternateContent" or tag == w("ruby"):
            yield from _runs(child)


def _formats(rpr: etree._Element | None) -> tuple[str, ...]:
    """The inline tags a run's own formatting stands for: bold, italic, underline, superscript."""
    if rpr is None:
        return ()
    underline = rpr.find(w("u"))
    marks = {
        "b": is_on(rpr.find(w("b"))),
        "i": is_on(rpr.find(w("i"))),
        "u": underline is not None and val(underline, "single") != "none",
        "sup": val(rpr.find(w("vertAlign"))) == "superscript",
    }
    return tuple(tag for tag, marked in marks.items() if marked)
