"""Items of the plan's tree while it is being read, and the small readers of their fields."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from wsoa.documents.importers.plantext.cells import cell_pieces
from wsoa.plans.datetext import parse_date_text, split_date_texts

NUMBER = re.compile(
    r"^(?:(?:objective|action|activity|task)\s+)?"
    r"(\d{1,2}(?:\.\d{1,2})+|\d{1,2}\)|\d{1,2}\.(?=\s)|[A-Z]\d{1,2}(?:\.\d{1,2})*)[.:)]?\s+(.*)$",
    re.I | re.S,
)
EMBEDDED_NUMBER = re.compile(r"^(.{3,80}?)\s(\d{1,2}\.\d{1,2})\s+(?=[A-Z])(.*)$", re.S)
PERCENT = re.compile(r"\d{1,3}(?:\.\d)?\s?%")
BRACKET = re.compile(r"[()]")
LIST_MARK = re.compile(r"[;,]")


@dataclass
class Node:
    level: str
    number: str
    title: str
    line: int
    listed: bool = False
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    due: list[dict[str, Any]] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    milestones: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)
    indicators: list[dict[str, str]] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    by_number: dict[str, list[Node]] | None = field(default=None, repr=False, compare=False)
    # The title as printed when the numbered steps written in it ("1) … 2) …") were made its
    # children; "" when they were not.
    steps_from: str = ""

    def add(self, child: Node) -> Node:
        """Make `child` (and all below it) the last child of this item, and index its numbers."""
        child.parent = self
        self.children.append(child)
        top = self.top()
        if top.by_number is None:
            top.by_number = {}
            added = top.walk()
        else:
            added = child.walk()
        for node in added:
            top.by_number.setdefault(node.number, []).append(node)
        return child

    def split_steps(self) -> None:
        """Make the numbered steps written in this item's title ("1) … 2) …") its children.

        A title that is nothing but its steps is kept whole, as the item's text.
        """
        title, steps = step_parts(self.title)
        if not steps:
            return
        self.steps_from, self.title = self.title, title or self.title
        for mark, body in steps:
            self.add(Node("Step", mark, body, self.line))

    def unsplit_steps(self) -> None:
        """Put back the title whose steps were split out: the rows below print them instead."""
        split = [c for c in self.children if c.level == "Step" and c.line == self.line]
        index = self.top().by_number or {}
        for child in split:
            self.children.remove(child)
            child.parent = None
            index[child.number] = [x for x in index.get(child.number, []) if x is not child]
        self.title, self.steps_from = self.steps_from, ""

    def top(self) -> Node:
        """Return the root of the tree this item is in."""
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    def find_numbered(self, number: str) -> Node | None:
        """Return the first item below this one, in reading order, numbered `number` and not
        one of a listed cell's entries; as searching `walk()` would, without walking the tree.

        The root of the tree indexes its items by number as they are added (`add`), so an item
        is found among the few that share its number.
        """
        index = self.top().by_number or {}
        seen: set[int] = set()
        found: list[Node] = []
        for node in index.get(number, []):
            if id(node) in seen or node.number != number or node.listed or node is self:
                continue
            seen.add(id(node))
            if self.holds(node):
                found.append(node)
        if len(found) < 2:
            return found[0] if found else None
        return min(found, key=self.path_to)

    def holds(self, node: Node) -> bool:
        """Tell whether `node` is below this item."""
        above = node.parent
        while above is not None and above is not self:
            above = above.parent
        return above is self

    def path_to(self, node: Node) -> tuple[int, ...]:
        """Return the place of each item on the way down to `node` among its siblings: paths
        compare in reading order (`walk`)."""
        places: list[int] = []
        while node is not self and node.parent is not None:
            parent = node.parent
            places.append(next(i for i, child in enumerate(parent.children) if child is node))
            node = parent
        return tuple(reversed(places))

    def note(self, kind: str, heading: str, text: str) -> None:
        """Add a note, or extend the last one of the same kind and heading."""
        text = text.strip()
        if not text:
            return
        if self.notes and self.notes[-1]["kind"] == kind and self.notes[-1]["heading"] == heading:
            self.notes[-1]["text"] += "\n" + text
        else:
            self.notes.append({"kind": kind, "heading": heading, "text": text})

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth + 1

    def walk(self) -> list[Node]:
        """Return this node and all below it, in order."""
        found: list[Node] = []
        stack = [self]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(node.children))
        return found


def split_number(text: str) -> tuple[str, str, str]:
    """Return (sub-heading, number, text) of an item's cell: "2.1.1: Undertake …"."""
    match = NUMBER.match(text)
    if match:
        return "", match.group(1).rstrip("."), match.group(2).strip()
    embedded = EMBEDDED_NUMBER.match(text)
    if embedded and not re.search(r"\d", embedded.group(1)):
        return embedded.group(1).strip(), embedded.group(2), embedded.group(3).strip()
    return "", "", text.strip()


STEP_MARK = re.compile(r"(?:^|(?<=\s))(\d{1,2})\)\s+")


def step_parts(text: str, first: int = 1) -> tuple[str, list[tuple[str, str]]]:
    """Split an item's text into what comes before its numbered steps, and the steps.

    Steps are numbered in sequence from `first` ("1) … 2) …"); a mark out of sequence
    ("see Workstream 4) 1) Review …") is text. Fewer than two steps from 1 are no steps.
    """
    marks: list[re.Match[str]] = []
    for mark in STEP_MARK.finditer(text):
        if int(mark.group(1)) == first + len(marks):
            marks.append(mark)
    if not marks or (first == 1 and len(marks) < 2):
        return text, []
    ends = [m.start() for m in marks[1:]] + [len(text)]
    steps = [
        (f"{m.group(1)})", text[m.end() : end].strip()) for m, end in zip(marks, ends, strict=True)
    ]
    return text[: marks[0].start()].strip(), steps


def same_item(first: str, second: str) -> bool:
    """Tell whether two titles printed under one number name the same item.

    A plan lists its objectives once in summary and again over their tables, with a word
    changed here and there; two different activities given one number share few words.
    """
    words_a = re.findall(r"[a-z]+", first.lower())
    words_b = re.findall(r"[a-z]+", second.lower())
    if not words_a or not words_b or words_a[:4] == words_b[:4]:
        return True
    shared = len(set(words_a) & set(words_b))
    return shared / min(len(set(words_a)), len(set(words_b))) >= 0.5


def split_outside_brackets(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split text at each separator that is not inside brackets: one whose next bracket is
    not a closing one ("Jo Lee (Head, SEN), Al" splits once, after the bracket).

    Each separator looks its next bracket up in a sorted list, so long text with many
    separators is split in time proportional to its length.
    """
    brackets = [(found.start(), found.group()) for found in BRACKET.finditer(text)]
    positions = [position for position, _ in brackets]
    parts: list[str] = []
    start = 0
    for match in separator.finditer(text):
        index = bisect.bisect_left(positions, match.end())
        if index < len(brackets) and brackets[index][1] == ")":
            continue
        parts.append(text[start : match.start()])
        start = match.end()
    parts.append(text[start:])
    return parts


def people_list(raw: str) -> list[str]:
    """Return the leads or partners of a cell as printed, one per paragraph or list entry."""
    found: list[str] = []
    for piece in cell_pieces(raw):
        piece = re.sub(r"^\d+\s*[.,)]\s*", "", piece).strip(" ;")
        parts = [p.strip() for p in split_outside_brackets(piece, LIST_MARK) if p.strip()]
        if len(parts) > 1 and all(len(p) < 60 for p in parts):
            found.extend(parts)
        elif piece:
            found.append(piece)
    return found


def due_list(raw: str) -> list[dict[str, Any]]:
    """Return the due dates of a cell, each with its text and what it was read as."""
    found = []
    for piece in cell_pieces(raw):
        for text in split_date_texts(piece):
            span = parse_date_text(text)
            found.append(
                {
                    "text": span.text,
                    "start": span.start,
                    "end": span.end,
                    "recurrence": span.recurrence,
                }
            )
    return found


def milestone(text: str, period: str = "") -> dict[str, Any]:
    """Return a milestone read from its text, its date taken from the words that end it.

    A milestone whose text gives no date is due by the end of the period its column heads
    ("Aug-19" is due by 31 August 2019).
    """
    due_text = _after_last_dash(text).strip(" .")
    span = parse_date_text(due_text or text)
    if not due_text and span.end is not None:
        due_text = _date_words(text)
    if span.end is None and period and parse_date_text(period).end is not None:
        due_text, span = period, parse_date_text(period)
    return {
        "text": text,
        "period": period,
        "due": {"text": due_text, "start": span.start, "end": span.end},
        "status": "",
        "rag": "",
        "ratings": [],
    }


def _after_last_dash(text: str) -> str:
    """Return the words after a spaced dash (" – ", " - ") that no other dash follows."""
    last = max(text.rfind("–"), text.rfind("-"))
    if last < 1 or last + 1 >= len(text):
        return ""
    if not (text[last - 1].isspace() and text[last + 1].isspace()):
        return ""
    return text[last + 2 :]


def _date_words(text: str) -> str:
    match = re.search(
        r"(?:by |before |end of |in )?(?:the )?(?:end of )?(?:the )?"
        r"(?:[A-Z][a-z]+ (?:[Tt]erm )?\d{4}|[A-Z][a-z]{2,8}-\d{2})",
        text,
    )
    return match.group(0) if match else ""


def milestone_pieces(raw: str) -> list[str]:
    """Split a milestones cell into one text per milestone."""
    found: list[str] = []
    for piece in cell_pieces(raw):
        found.extend(
            p.strip() for p in re.split(r"(?<=\d{4})\.?\s+(?=[A-Z][a-z])", piece) if p.strip()
        )
    return found


def indicator_pieces(text: str) -> list[dict[str, str]]:
    """Return impact indicators in a text: numbered or lettered entries, targets as printed."""
    parts = re.split(r"(?:^|\s)(?=(?:\d{1,2}|[a-z])\.\s+[A-Z])", text)
    found = []
    for part in (p.strip() for p in parts):
        match = re.match(r"^(\d{1,2}|[a-z])\.\s+(.*)$", part, re.S)
        code, body = (match.group(1), match.group(2)) if match else ("", part)
        if body:
            found.append({"code": code, "text": body.strip(), "target": target_of(body)})
    return found


def percent_targets(text: str) -> list[dict[str, str]]:
    """Return the measurable targets (percentages) written in a text."""
    found = []
    for piece in re.split(r"\s*(?:\n|•)\s*", text):
        hits = list(PERCENT.finditer(piece))
        if len(hits) == 1:
            found.append({"code": "", "text": piece.strip(" ."), "target": hits[0].group(0)})
        for hit, after in zip(hits, [*hits[1:], None], strict=False) if len(hits) > 1 else []:
            body = piece[hit.start() : after.start() if after else len(piece)].strip(" .")
            found.append({"code": "", "text": body, "target": hit.group(0)})
    return found


def target_of(text: str) -> str:
    match = PERCENT.search(text)
    return match.group(0) if match else ""


def plain(raw: str) -> str:
    """Return a cell's text with its paragraphs on separate lines."""
    return "\n".join(cell_pieces(raw)) if raw else ""
