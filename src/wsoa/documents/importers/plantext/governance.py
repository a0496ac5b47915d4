"""Boards the plan names in its governance prose, with how often they meet and whom they report to.

Read from prose lines only (a line of one cell): a board is a run of capitalised words ending in
"Board" after "the", counted when the sentence makes it a governance body:

- something reports to it, or accountability runs to it ("monthly reports to the SEND
  Improvement Board", "directly in to the Health and Wellbeing Board");
- a sentence starts with it and says what it does ("The Health and Wellbeing Board (HWBB)
  includes …", "The SEND Improvement Board reports quarterly to …", "The Improvement Board
  will be …").

How often it meets comes from "monthly reports to the X Board", from "It meets quarterly" after
the sentence that introduces it, or from "The X … will meet every 6 weeks". Whom it reports to
is the sentence's words after "reports" ("quarterly to the Children's Strategic Partnership and
bi-annually to the Health and Wellbeing Board"), or, in the paragraph that introduces a board,
another board whose report it is given. Every pattern is bounded, so a long line reads in
linear time.
"""

from __future__ import annotations

import re
from typing import Any

from wsoa.documents.importers.plantext.document import Document

BOARD = re.compile(r"\bBoard\b")
NAME_WORD = re.compile(r"^(?:[A-Z][\w'’&-]{0,40}|&|and|of|for)$")
JOINERS = {"&", "and", "of", "for"}
REPORTS = re.compile(r"\b(?:reports?|reporting|accountab\w{0,10})\b", re.I)
OFTEN = r"(weekly|fortnightly|monthly|bi-monthly|quarterly|termly|bi-annually|annually)"
OFTEN_REPORTS = re.compile(OFTEN + r" reports? to the $", re.I)
SUBJECT_VERB = re.compile(r"^(?: ?\([A-Z]{2,8}\))? (will|meets|reports|includes|is|has)\b")
IT_MEETS = re.compile(
    r"^it (?:meets|will meet) ((?:every )?[\w -]{0,30}?"
    + OFTEN[1:-1]
    + r"|every \w{1,5} (?:weeks|months))",
    re.I,
)
WILL_MEET = re.compile(r"\bwill meet (every \w{1,5} (?:weeks|months)|" + OFTEN[1:-1] + r")", re.I)
REPORTS_WHERE = re.compile(r"\breports? ([^.]{0,300}?\bto the [^.]{1,200})$")
CAPITALISED = r"[A-Z][\w'’&-]{0,40}"
SHORT_NAME_MEETS = re.compile(
    rf"^The ((?:{CAPITALISED} ){{0,5}}{CAPITALISED}) will meet "
    rf"(every \w{{1,5}} (?:weeks|months)|{OFTEN[1:-1]})"
)
LONGEST_SENTENCE = 600  # the words after "reports" are read from sentences up to this long
LONGEST_NAME = 8  # words before "Board"
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def read_governance_boards(doc: Document) -> list[dict[str, Any]]:
    """Return the boards the plan's prose names, in the order first named."""
    found: dict[str, dict[str, Any]] = {}
    for line in doc.lines:
        if len(line.cells) == 1 and BOARD.search(line.text):
            _read_paragraph(line.text, found)
    return list(found.values())


def merge_boards(tables: list[dict[str, Any]], prose: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add the prose's boards to those of membership tables, filling what the tables lack."""
    merged = [dict(board) for board in tables]
    by_name = {board["name"].lower(): board for board in merged}
    for board in prose:
        known = by_name.get(board["name"].lower())
        if known is None:
            merged.append(board)
            by_name[board["name"].lower()] = board
            continue
        for key in ("cadence", "reports_to"):
            if not known.get(key) and board.get(key):
                known[key] = board[key]
    return merged


def _read_paragraph(text: str, found: dict[str, dict[str, Any]]) -> None:
    subject: dict[str, Any] | None = None
    unnamed: dict[str, str] = {}  # "The SEND Improvement will meet every 6 weeks", "Board" left out
    for sentence in SENTENCE.split(text):
        short = SHORT_NAME_MEETS.match(sentence)
        if short:
            unnamed.setdefault(f"{short.group(1)} Board", short.group(2))
        opening = _opening_board(sentence)
        if opening is not None:
            subject = _board(found, opening)
            _read_subject(sentence, opening, subject)
        elif subject is not None:
            meets = IT_MEETS.search(sentence)
            if meets and not subject["cadence"]:
                subject["cadence"] = meets.group(1)
        _read_mentions(sentence, found, subject if opening is None else None)
    for name, cadence in unnamed.items():
        if name in found and not found[name]["cadence"]:
            found[name]["cadence"] = cadence


def _read_subject(sentence: str, name: str, board: dict[str, Any]) -> None:
    rest = sentence[len("The ") + len(name) : LONGEST_SENTENCE]
    where = REPORTS_WHERE.search(rest.rstrip(". ")) if len(sentence) < LONGEST_SENTENCE else None
    if where and not board["reports_to"]:
        board["reports_to"] = where.group(1).strip()
    meets = WILL_MEET.search(rest)
    if meets and not board["cadence"]:
        board["cadence"] = meets.group(1)


def _read_mentions(
    sentence: str, found: dict[str, dict[str, Any]], subject: dict[str, Any] | None
) -> None:
    """Boards something reports to; in a board's own paragraph, boards whose report it is given."""
    reporting = REPORTS.search(sentence)
    for match in BOARD.finditer(sentence):
        name, start = _name_ending(sentence, match.end())
        if name is None:
            continue
        if sentence.endswith("to the ", 0, start) and reporting and reporting.start() < start:
            board = _board(found, name)
            often = OFTEN_REPORTS.search(sentence, max(0, start - 60), start)
            if often and not board["cadence"]:
                board["cadence"] = often.group(1).lower()
        elif subject is not None and name in found and reporting:
            other = found[name]
            if other is not subject and not other["reports_to"]:
                other["reports_to"] = subject["name"]


def _opening_board(sentence: str) -> str | None:
    """The board a sentence starts with ("The X Board will …"), if it says what the board does."""
    if not sentence.startswith("The "):
        return None
    match = BOARD.search(sentence, 0, 400)
    if match is None:
        return None
    name, start = _name_ending(sentence, match.end())
    after = sentence[match.end() : match.end() + 40]
    if name is None or start != len("The ") or not SUBJECT_VERB.match(after):
        return None
    return name


def _name_ending(text: str, end: int) -> tuple[str | None, int]:
    """The board name ending at `end` after "the", and where it starts; None if not a name."""
    words = text[max(0, end - 300) : end].split(" ")
    taken: list[str] = [words.pop()]  # "Board"
    while (
        words
        and len(taken) <= LONGEST_NAME
        and words[-1].lower() != "the"
        and NAME_WORD.match(words[-1] or "-")
    ):
        taken.insert(0, words.pop())
    while taken and taken[0] in JOINERS:
        words.append(taken.pop(0))
    if len(taken) < 2 or not words or words[-1].lower() != "the":
        return None, 0
    name = " ".join(taken)
    return name, end - len(name)


def _board(found: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    return found.setdefault(name, {"name": name, "cadence": "", "reports_to": "", "members": []})
