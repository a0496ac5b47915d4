"""Rows and lines about a section or item rather than items: "Milestones", "Impact
indicators", "Progress commentary", links to other objectives, and the prose that goes on."""

from __future__ import annotations

import re

from wsoa.documents.importers.plantext import nodes as n
from wsoa.documents.importers.plantext.cells import cell_pieces, cell_text
from wsoa.documents.importers.plantext.document import Line
from wsoa.documents.importers.plantext.rows import RowReading
from wsoa.documents.importers.plantext.state import GARBLED

ROW_ITEM = re.compile(r"^(Objective|Priority|Action)\s+([A-Z]?\d+(?:\.\d+)*)$", re.I)
GROUP_NOTE = re.compile(r"^(how will we know[^:]*|we will know[^:]*):\s*(.*)$", re.I)
PROGRESS = re.compile(r"^progress commentary:?\s*(.*)$", re.I | re.S)
LINKS = re.compile(r"^links? to other objectives:?\s*(.*)$", re.I | re.S)
EVALUATION = re.compile(r"^evaluation\b.*difference\?$", re.I)
GROUP_LEADS = re.compile(r"^(?:leads?|led by):\s*(.+)$", re.I)
MILESTONES = re.compile(r"^milestones?$", re.I)
OUTCOME = re.compile(r"^outcome \d+$", re.I)
IMPACT_INDICATORS = re.compile(r"^impact indicators?$", re.I)


class NoteReading(RowReading):
    """Read rows led by a keyword, and lines that continue the block above them."""

    def on_special(self, line: Line) -> bool:
        first_index, first_raw = line.filled[0]
        first = line.cell_texts[first_index]
        rest = [raw for i, raw in line.filled[1:]]
        for handler in (self.row_item, self.milestones_row, self.indicators_row, self.commentary):
            if handler(line, first, first_raw, rest):
                return True
        return False

    def row_item(self, line: Line, first: str, raw: str, rest: list[str]) -> bool:
        match = ROW_ITEM.match(first)
        if not match or not rest or not self.started:
            return False
        level = match.group(1).title()
        node = self.place(level, match.group(2), cell_text(rest[0]), line)
        self.row_outer, self.target, self.mode, self.anchor = node, node, "table", node
        return True

    def milestones_row(self, line: Line, first: str, raw: str, rest: list[str]) -> bool:
        if not MILESTONES.match(first) or not rest or self.target is None:
            return False
        owner = self.row_outer or self.target
        for text in n.milestone_pieces(" ".join(rest)):
            owner.milestones.append(n.milestone(text))
        return True

    def indicators_row(self, line: Line, first: str, raw: str, rest: list[str]) -> bool:
        if OUTCOME.match(first) and self.group is not None:
            self.group.note("intended_outcome", first.title(), " ".join(map(cell_text, rest)))
            return True
        if not IMPACT_INDICATORS.match(first):
            return False
        self.mode = "indicators"
        self.add_indicators(" ".join(rest))
        return True

    def add_indicators(self, raw: str) -> None:
        owner = self.group or self.root
        for piece in cell_pieces(raw):
            owner.indicators.extend(n.indicator_pieces(piece))

    def commentary(self, line: Line, first: str, raw: str, rest: list[str]) -> bool:
        text = n.plain(" ".join([raw, *rest]))
        owner = self.row_outer or self.group
        if owner is None:
            return False
        progress = PROGRESS.match(re.sub(r"^\W+", "", text))
        if progress:
            owner.note("progress", "Progress commentary", progress.group(1))
            self.mode = "progress"
            return True
        links = LINKS.match(text)
        if links:
            self.mode = "links"
            self.add_links(owner, links.group(1))
            return True
        if EVALUATION.match(re.sub(r"^#+\s*", "", first)):
            self.mode = "evaluation"
            return True
        note = GROUP_NOTE.match(text) if self.mode == "group" else None
        if note and self.group is not None:
            self.group.note("how_we_know", note.group(1), note.group(2))
            return True
        return False

    def add_links(self, owner: n.Node, text: str) -> None:
        pieces = re.split(r"(?<=\))\s+|\s*[•\n]\s*", text)
        for piece in (p.strip(" -•") for p in pieces):
            if piece:
                target = re.search(r"\(objectives? ([\d.]+)", piece, re.I)
                owner.links.append({"text": piece, "target": target.group(1) if target else ""})

    def on_mode(self, line: Line) -> bool:
        if len(line.filled) > 1 and self.mode != "indicators":
            return False
        text = n.plain(" ".join(raw for _, raw in line.filled))
        owner = self.row_outer or self.group
        if self.mode == "indicators" and not line.cell_texts[0]:
            self.add_indicators(" ".join(raw for _, raw in line.filled))
            return True
        if self.mode == "indicators" and re.match(r"^\d{1,2}\.\s", text):
            self.add_indicators(text)
            return True
        if self.mode == "group" and self.group is not None and len(text) < 400:
            leads = GROUP_LEADS.match(text)
            if leads:
                self.group.leads.extend(n.people_list(leads.group(1).replace(" / ", ", ")))
            else:
                self.group.note("note", "", text)
            return True
        if owner is None:
            return False
        if self.mode == "progress" and not LINKS.match(text):
            owner.note("progress", "Progress commentary", text)
            return True
        if (self.mode == "links" and text.startswith(("-", "•"))) or (
            self.mode == "links" and len(text) < 200
        ):
            self.add_links(owner, text)
            return True
        if self.mode == "evaluation" and len(line.text) <= GARBLED:
            owner.note("evaluation", "Evaluation: how do we know it's made a difference?", text)
            return True
        return False
