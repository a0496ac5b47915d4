"""The plan's keys: glossary of abbreviations, people (key to postholders), boards."""

from __future__ import annotations

import re
from typing import Any

from wsoa.documents.importers.plantext.document import Document, Line

CODE = re.compile(r"^[A-Z][A-Za-z'’&.\-/ ]{0,14}$")
NAME = re.compile(r"^[A-Z][a-z'’\-]+(?:[ \-][A-Z][A-Za-z'’\-]+){1,3}$")
MEETS = re.compile(r"meets? (?:every|monthly|quarterly)")
# How often, in a few words: bounded, so a line of many "meets" is read in linear time.
CADENCE = re.compile(
    r"meets? ((?:every|at least)? ?[\w -]{0,40}?(?:weeks?|months?|monthly|quarterly))"
)
NAME_LONGEST = 80
INLINE_PERSON = re.compile(
    r"\b([A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+){1,2})\s*\(([A-Z][A-Za-z]{1,4})\)"
)


def read_glossary(doc: Document) -> list[dict[str, str]]:
    """Return glossary entries from "Abbreviation | in full | …" tables and "TERM: text" lists."""
    entries = _glossary_tables(doc)
    start = doc.find(r"^glossary( of terms)?$")
    if start is not None and not entries:
        entries = _glossary_list(doc, start)
    return entries


def _glossary_tables(doc: Document) -> list[dict[str, str]]:
    entries: list[dict[str, str]] = []
    in_table = False
    for line in doc.lines:
        cells = line.cell_texts
        if (
            cells
            and re.match(r"^(abbreviation|acronym|term)s?$", cells[0], re.I)
            and len(cells) >= 2
        ):
            in_table = True
            doc.use(line)
            continue
        if in_table and len(line.filled) >= 2 and CODE.match(cells[0] or "-"):
            entries.append(
                {"term": cells[0], "expansion": cells[1], "definition": " ".join(cells[2:]).strip()}
            )
            doc.use(line)
        elif in_table and not line.is_blank:
            in_table = False
    return entries


def _glossary_list(doc: Document, start: Line) -> list[dict[str, str]]:
    entries: list[dict[str, str]] = []
    blanks = 0
    for line in doc.after(start):
        text = line.text
        if line.is_blank:
            blanks += 1
            if blanks > 2:
                break
            continue
        match = re.match(r"^([A-Z][\w&' ]{0,20}?)\s*(?::|- )\s*(.+)$", text)
        if match and len(line.filled) == 1:
            entries.append({"term": match.group(1), "expansion": match.group(2), "definition": ""})
        elif entries and len(line.filled) == 1 and len(text) < 80 and blanks == 0:
            entries[-1]["expansion"] += " " + text
        else:
            break
        blanks = 0
        doc.use(line)
    doc.use(start)
    return entries


def read_people(doc: Document) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """Return the people the plan keys (tables of names and codes) and its boards."""
    people: list[dict[str, str]] = []
    boards: list[dict[str, Any]] = []
    for line in doc.lines:
        layout = _people_header(line)
        if layout is None:
            continue
        rows = _people_rows(doc, line, layout)
        board = _board_name(doc, line)
        if board:
            boards.append({**board, "members": [row["name"] for row in rows]})
        people.extend(rows)
    people.extend(_postholder_key(doc))
    return _dedupe(people), boards


def _people_header(line: Line) -> dict[str, int] | None:
    """Return column indexes of a "Name | Organisation | Role" header row."""
    cells = [c.lower() for c in line.cell_texts]
    if "name" not in cells or not {"role", "organisation"} & set(cells):
        return None
    layout: dict[str, int] = {
        key: cells.index(key) for key in ("name", "role", "organisation") if key in cells
    }
    for key in ("initials", "code", "short code"):
        if key in cells:
            layout["code"] = cells.index(key)
    return layout


def _people_rows(doc: Document, header: Line, layout: dict[str, int]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    doc.use(header)
    for line in doc.after(header):
        if _people_header(line) is not None:
            doc.use(line)
            continue
        if line.is_blank and rows and _next_is_people(doc, line, layout):
            continue
        cells = line.cell_texts
        if line.is_blank or len(line.filled) < 2:
            break
        if layout["name"] < len(cells) and cells[layout["name"]].lower() == "name":
            doc.use(line)  # a key's example row ("LA officer | Name | WCC"), not a person
            continue
        rows.append(
            {key: (cells[i] if i < len(cells) else "") for key, i in layout.items()}
            | {"short_code": cells[layout["code"]] if "code" in layout else ""}
        )
        rows[-1].pop("code", None)
        doc.use(line)
    return rows


def _next_is_people(doc: Document, blank: Line, layout: dict[str, int]) -> bool:
    following = [line for line in doc.after(blank) if not line.is_blank][:1]
    return bool(following) and _people_header(following[0]) is not None


def _board_name(doc: Document, header: Line) -> dict[str, str] | None:
    """Return the board a membership table belongs to, from the heading above it."""
    above = [line for line in doc.lines[: header.number - 1] if not line.is_blank][-1:]
    if not above:
        return None
    match = re.match(r"^membership of (?:the )?(.+)$", above[0].text, re.I)
    if not match:
        return None
    doc.use(above[0])
    name = match.group(1).strip()
    cadence = _cadence_line(doc, name.split()[-1])
    return {"name": name, "cadence": _cadence(cadence.text) if cadence else ""}


def _cadence_line(doc: Document, word: str) -> Line | None:
    """Return the first line with a sentence that names the board, then how often it meets."""
    word = word.lower()
    for line in doc.lines:
        for sentence in line.text.lower().split("."):
            at = sentence.find(word)
            if at >= 0 and MEETS.search(sentence, at + len(word)):
                return line
    return None


def _cadence(text: str) -> str:
    match = CADENCE.search(text)
    return match.group(1) if match else ""


def _postholder_key(doc: Document) -> list[dict[str, str]]:
    """Return "CODE | Name | Role" rows of a key to postholders, wherever they follow its title."""
    start = doc.find(r"key to p\s*ostholders|key to postholders|glossary of action owners")
    if start is None:
        return []
    rows: list[dict[str, str]] = []
    for line in doc.after(start):
        cells = [text for text in line.cell_texts if text]
        if line.is_blank and not rows:
            continue
        if len(cells) != 3 or not CODE.match(cells[0]) or not _is_name(cells[1]):
            if rows:
                break
            continue
        rows.append(
            {"name": cells[1], "short_code": cells[0], "role": cells[2], "organisation": ""}
        )
        doc.use(line)
    return rows


def _is_name(text: str) -> bool:
    """Say whether a cell is a person's name. NAME can split a long hyphenated run many
    ways, so only text of a name's length is tried."""
    return len(text) <= NAME_LONGEST and bool(NAME.match(text))


POSTS = re.compile(
    r"\b(Officer|Manager|Director|Lead|Service|Team|Group|Board|Council|Forum|Trust|Clinical|"
    r"Commissioning|Education|Health|Care|Head|Chair|Network|Workstream)\b"
)


def inline_people(texts: list[str]) -> list[dict[str, str]]:
    """Return people written inline as "Matt Oliver (MO)" in lead cells."""
    found = []
    for text in texts:
        for name, code in INLINE_PERSON.findall(text):
            if POSTS.search(name):
                continue
            if code[0] != name[0]:  # their organisation: "Penny Richardson (WCC)"
                found.append({"name": name, "short_code": "", "role": "", "organisation": code})
                continue
            found.append({"name": name, "short_code": code, "role": "", "organisation": ""})
    return found


def _dedupe(people: list[dict[str, str]]) -> list[dict[str, str]]:
    """Merge people listed twice (a board table and a key), keeping every field found."""
    merged: dict[tuple[str, str], dict[str, str]] = {}
    for person in people:
        key = (person["name"].lower(), person.get("short_code", "").lower())
        same_name = next((k for k in merged if k[0] == key[0] and (not k[1] or not key[1])), None)
        target = merged.get(key) or (merged.get(same_name) if same_name else None)
        if target is None:
            merged[key] = {**{"short_code": "", "role": "", "organisation": ""}, **person}
            continue
        for field, value in person.items():
            if value and not target.get(field):
                target[field] = value
    return list(merged.values())
