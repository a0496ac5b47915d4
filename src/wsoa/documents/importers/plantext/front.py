"""The plan's front matter: title, kind, period, approval, owners, reviews, vision, RAG key."""

from __future__ import annotations

import re
from typing import Any

from wsoa.documents.importers.plantext.document import Document, Line
from wsoa.plans.datetext import parse_date_text
from wsoa.plans.rag import DEFAULT_SCALE, rag_from_label

TITLE_WORDS = re.compile(
    r"action plan|statement of action|improvement plan|progress plan|\bWSO?A\b", re.I
)
KINDS = [
    (r"accelerated progress plan", "app"),
    (r"priority action plan", "pap"),
    (r"written statement of action|\bWSoA\b", "wsoa"),
    (r"self[- ]evaluation|self[- ]assessment", "sef"),
]
# A month is one word of at most nine letters, starting at a word boundary: an unbounded
# run of letters here would rescan a long line from every position (quadratic time).
MONTH_YEAR = r"(?:\b[A-Z][a-z]{2,8}\.? \d{4})"
PERIOD = re.compile(rf"\(?({MONTH_YEAR}\s*(?:to|–|-)\s*{MONTH_YEAR})\)?", re.I)
INSPECTION = re.compile(r"\binspection\b", re.I)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
HEAD_LIMIT = 60


def read_front(doc: Document) -> dict[str, Any]:
    """Return the plan-level fields the document states."""
    head = [line for line in doc.lines[:HEAD_LIMIT] if not line.is_blank]
    title_line = next((line for line in head if _is_title(line)), None)
    plan: dict[str, Any] = {
        "title": title_line.text if title_line else "",
        "kind": _kind(doc),
        "issuer": _issuer(head, title_line),
        "period": _period(doc, head),
        "approval": _paragraph_after(doc, r"approved and endorsed by|endorsed by:|approved by:"),
        "owners": _owners(doc),
        "last_reviewed": _review(doc, r"^last reviewed:?\s*(.+)$"),
        "next_review": _review(doc, r"^next review:?\s*(.+)$"),
        "inspection": _inspection(doc),
        "vision": _section(doc, r"^(our )?(shared )?vision\b:?(.*)$"),
        "principles": _section(doc, r"^principles\b|principles (of|and core aims)"),
        "introduction": _section(doc, r"^(introduction|statement of intent|context|our approach)"),
        "governance": _section(doc, r"^governance( arrangements| and monitoring)?$"),
    }
    if title_line:
        doc.use(title_line)
    return plan


def _is_title(line: Line) -> bool:
    text = line.text
    return bool(TITLE_WORDS.search(text)) and len(text) < 160 and "approved" not in text.lower()


def _kind(doc: Document) -> str:
    head = " ".join(line.text for line in doc.lines[:HEAD_LIMIT])
    for pattern, kind in KINDS:
        if re.search(pattern, head, re.I):
            return kind
    return "wsoa"


def _issuer(head: list[Line], title_line: Line | None) -> str:
    """Return the short lines above the title: who the plan is from."""
    if title_line is None:
        return ""
    above = [line.text for line in head if line.number < title_line.number]
    return " ".join(text for text in above if len(text) < 120 and _names_someone(text))


def _names_someone(text: str) -> bool:
    """Say whether a line reads as a name ("Hartlepool Borough Council") rather than a
    strapline ("At the heart of everything we do"): most of its longer words are capitalised."""
    words = [word for word in re.findall(r"[A-Za-z][\w'-]*", text) if len(word) >= 4]
    return bool(words) and sum(word[0].isupper() for word in words) * 2 >= len(words)


def _period(doc: Document, head: list[Line]) -> dict[str, Any]:
    for line in head:
        match = PERIOD.search(line.text)
        if match:
            span = parse_date_text(match.group(1))
            return {"text": match.group(1), "start": span.start, "end": span.end}
    for line in head:
        match = re.match(rf"^(?:dated:?\s*)?({MONTH_YEAR})$", line.text, re.I)
        if match:
            span = parse_date_text(match.group(1))
            return {"text": match.group(1), "start": span.start, "end": None}
    return {"text": "", "start": None, "end": None}


def _paragraph_after(doc: Document, pattern: str) -> str:
    """Return the text after a lead-in line, up to the next heading or page number."""
    start = doc.find(pattern)
    if start is None:
        return ""
    pieces = [re.split(pattern, start.text, flags=re.I)[-1].strip(" :")]
    for line in doc.after(start)[:8]:
        text = line.text
        if line.is_blank:
            continue
        if text.isdigit() or text.isupper() or line.cells[0].lstrip().startswith("#"):
            break
        pieces.append(text)
        doc.use(line)
    doc.use(start)
    return "\n".join(p for p in pieces if p)


def _owners(doc: Document) -> str:
    start = doc.find(r"^owners?:")
    if start is None:
        return ""
    pieces = [re.sub(r"^owners?:\s*", "", start.text, flags=re.I)]
    for line in doc.after(start):
        if line.is_blank or ":" in line.text[:20]:
            break
        pieces.append(line.text)
        doc.use(line)
    doc.use(start)
    return "\n".join(pieces)


def _review(doc: Document, pattern: str) -> dict[str, Any]:
    line = doc.find(pattern)
    if line is None:
        return {"text": "", "date": None}
    text = re.match(pattern, line.text, re.I).group(1).strip()  # type: ignore[union-attr]
    doc.use(line)
    return {"text": text, "date": parse_date_text(text).end}


def _inspection(doc: Document) -> str:
    """Return the first sentence near the top that names the inspection and its year."""
    for line in doc.lines[:HEAD_LIMIT]:
        for sentence in _sentences(line.text):
            word = INSPECTION.search(sentence)
            if word and YEAR.search(sentence, word.end()):
                return sentence.strip()
    return ""


def _sentences(text: str) -> list[str]:
    """Split text into the sentences that end in a full stop, each with its stop."""
    return [piece + "." for piece in text.split(".")[:-1]]


def _section(doc: Document, pattern: str) -> str:
    """Return the text under a heading, up to the next heading or table."""
    start = next(
        (
            line
            for line in doc.lines
            if len(line.cells) == 1 and len(line.text) < 200 and re.search(pattern, line.text, re.I)
        ),
        None,
    )
    if start is None:
        return ""
    inline = re.sub(pattern, "", start.text, flags=re.I).strip(" :")
    pieces = [inline] if len(inline) > 20 else []
    for line in doc.after(start):
        if len(line.cells) > 1 or _looks_like_heading(line, doc):
            break
        if not line.is_blank:
            pieces.append(line.text)
    return "\n".join(pieces)


def _looks_like_heading(line: Line, doc: Document) -> bool:
    text = line.text
    raw = line.cells[0].lstrip()
    if raw.startswith("#"):
        return True
    if not text or len(text) > 70 or text.endswith((".", ":", ",")) or text[0] in "-•":
        return False
    return text[0].isupper() and not re.match(r"^\d+\.", text)


def read_rag_scale(doc: Document) -> list[dict[str, str]]:
    """Return the plan's RAG key in its own words, or the default scale."""
    start = doc.find(r"^(rag|rag key|rag rating|key)\s*:?$")
    labels: list[str] = []
    if start is not None:
        for line in doc.after(start):
            if line.is_blank and not labels:
                continue
            if line.is_blank or len(line.filled) != 1 or len(line.text) > 120:
                break
            labels.append(line.text)
            doc.use(line)
        doc.use(start)
    if len(labels) >= 3:
        return [
            {"code": rag_from_label(label, i), "label": label} for i, label in enumerate(labels)
        ]
    return [{"code": str(code), "label": label} for code, label in DEFAULT_SCALE]
