"""The inspection findings a plan answers: lettered or numbered lists, key concerns, WSOA areas."""

from __future__ import annotations

import re
from typing import Any

from wsoa.documents.importers.plantext.document import Document, Line

ORDINALS = ["ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN"]
INTRO = re.compile(
    r"areas? (for|of) (improvement|weakness)|significant (areas of )?weakness|"
    r"weaknesses|determined that|key concerns?|areas for priority action",
    re.I,
)
LETTERED = re.compile(r"^[-•]?\s*([A-Z])[.)]\s+(.{20,})$")
NUMBERED = re.compile(r"^[-•]?\s*(\d{1,2})[.)]\s+(.{20,})$")
BULLET = re.compile(r"^[-•]\s+(.{20,})$")
KEY_CONCERN = re.compile(r"^[-•]?\s*key concern (\d{1,3})\s*:?\**\s*(.*)$", re.I)
AREA_HEADING = re.compile(r"^WSOA Area (\w+):\s*(.+)$", re.I)
QUOTE = re.compile(r"^[-•]?\s*(page \d+)?\s*:?\s*(\*?\s*[\"“].+|\*.+\*)$", re.I)


def read_findings(doc: Document) -> list[dict[str, Any]]:
    """Return the findings in the plan's order, each with code, kind, text and quotes."""
    concerns = _key_concerns(doc)
    if concerns:
        return concerns
    listed = _intro_list(doc)
    areas = _area_headings(doc)
    if areas:
        return _coded_by_area(doc, listed, areas)
    return listed


def _intro_list(doc: Document) -> list[dict[str, Any]]:
    """Return the list that follows the sentence introducing the inspection's findings."""
    for line in doc.lines:
        if len(line.filled) != 1 or not INTRO.search(line.text) or len(line.text) < 30:
            continue
        items = _list_after(doc, line)
        if len(items) >= 2:
            return items
    return []


def _list_after(doc: Document, intro: Line) -> list[dict[str, Any]]:
    prefix = _abbreviation(intro.text)
    found: list[dict[str, Any]] = []
    lines_used: list[Line] = []
    for line in doc.after(intro)[:40]:
        if line.is_blank:
            continue
        match = LETTERED.match(line.text) or NUMBERED.match(line.text) or BULLET.match(line.text)
        if not match:
            break
        marker = match.group(1) if match.lastindex == 2 else ""
        text = match.group(match.lastindex or 1)
        code = f"{prefix}-{marker}" if prefix and marker else marker
        found.append({"code": code, "kind": _kind(intro.text), "text": text, "quotes": []})
        lines_used.append(line)
    if len(found) >= 2:
        doc.use(intro, *lines_used)
    return found


def _abbreviation(text: str) -> str:
    """Return the abbreviation a plan gives its findings, e.g. "(AFI)"."""
    match = re.search(r"(?:improvement|weakness(?:es)?|concerns?)\s*\(([A-Z]{2,5})\)", text, re.I)
    return match.group(1).upper() if match else ""


def _kind(text: str) -> str:
    lowered = text.lower()
    if "priority action" in lowered:
        return "priority"
    if "concern" in lowered:
        return "concern"
    if "improvement" in lowered:
        return "afi"
    return "weakness"


def _area_headings(doc: Document) -> dict[str, tuple[Line, str]]:
    """Return "WSOA Area ONE: …" headings by ordinal word, first occurrence each."""
    found: dict[str, tuple[Line, str]] = {}
    for line in doc.lines:
        match = AREA_HEADING.match(line.text)
        if match and match.group(1).upper() not in found:
            found[match.group(1).upper()] = (line, match.group(2))
    return found


def _coded_by_area(
    doc: Document, listed: list[dict[str, Any]], areas: dict[str, tuple[Line, str]]
) -> list[dict[str, Any]]:
    """Code the listed findings "Area ONE…" in order; the headings' fuller text wins.

    An area with neither a heading nor an entry in the list (a heading for Area FOUR, but
    no Area TWO anywhere) is left out, with a warning at the first heading.
    """
    count = max(len(listed), max(_ordinal(word) for word in areas))
    findings: list[dict[str, Any]] = []
    for index in range(count):
        word = ORDINALS[index] if index < len(ORDINALS) else str(index + 1)
        text = areas[word][1] if word in areas else _listed_text(listed, index)
        if text is None:
            first = min(line.number for line, _ in areas.values())
            doc.warn(first, f"Area {word} has no heading and is not in the list of findings")
            continue
        findings.append({"code": f"Area {word}", "kind": "weakness", "text": text, "quotes": []})
    return findings


def _listed_text(listed: list[dict[str, Any]], index: int) -> str | None:
    return listed[index]["text"] if index < len(listed) else None


def _ordinal(word: str) -> int:
    if word in ORDINALS:
        return ORDINALS.index(word) + 1
    return int(word) if word.isdecimal() and len(word) <= 2 else 0


def area_code(number: str) -> str:
    """Return the finding code of a WSOA area's section number ("TWO" or "2" → "Area TWO")."""
    value = number_value(number)
    if not (value.isdecimal() and len(value) <= 2 and 1 <= int(value) <= len(ORDINALS)):
        return ""
    return f"Area {ORDINALS[int(value) - 1]}"


def number_value(number: str) -> str:
    """Return a section number as digits when it is printed as a word ("ONE" → "1").

    Sections keep their number as printed; this is what their items' numbers ("1.2") and
    their order are matched on.
    """
    upper = number.upper()
    return str(ORDINALS.index(upper) + 1) if upper in ORDINALS else number


def number_in_words(value: str, like: str) -> str:
    """Return a section number printed the way another section's is ("3" like "ONE" → "THREE")."""
    if like.upper() in ORDINALS and value.isdecimal() and 1 <= int(value) <= len(ORDINALS):
        return ORDINALS[int(value) - 1]
    return value


def _key_concerns(doc: Document) -> list[dict[str, Any]]:
    """Return "Key Concern N" findings with the letter extracts quoted beneath them."""
    by_number: dict[int, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    for line in doc.lines:
        match = KEY_CONCERN.match(line.text)
        if match:
            current = _concern(by_number, int(match.group(1)), match.group(2))
            doc.use(line)
            continue
        quote = QUOTE.match(line.text) if current is not None else None
        if quote and len(line.filled) == 1:
            text = quote.group(2).strip(" *")
            current["quotes"].append({"reference": (quote.group(1) or "").title(), "text": text})  # type: ignore[index]
            doc.use(line)
        elif len(line.filled) > 1:
            current = None
    return [by_number[n] for n in sorted(by_number)]


def _concern(by_number: dict[int, dict[str, Any]], number: int, text: str) -> dict[str, Any]:
    text = text.strip(" *:;").strip('"“”')
    if number not in by_number:
        by_number[number] = {
            "code": f"Key Concern {number}",
            "kind": "concern",
            "text": text,
            "quotes": [],
        }
    elif len(text) > len(by_number[number]["text"]):
        by_number[number]["text"] = text
    return by_number[number]


def finding_refs(text: str, findings: list[dict[str, Any]]) -> list[str]:
    """Return the codes of findings an item's text cites, e.g. "(AFI-A) (AFI – C & D)"."""
    codes = {f["code"] for f in findings}
    found: list[str] = []
    for prefix in {c.split("-")[0] for c in codes if "-" in c}:
        for group in re.findall(
            rf"\b{prefix}\s*[-–]?\s*([A-Z](?:\s*(?:&|and|,)\s*[A-Z])*)\b", text
        ):
            for letter in re.findall(r"[A-Z]", group):
                code = f"{prefix}-{letter}"
                if code in codes and code not in found:
                    found.append(code)
    for number in re.findall(r"key concern (\d+)", text, re.I):
        code = f"Key Concern {number}"
        if code in codes and code not in found:
            found.append(code)
    return found
