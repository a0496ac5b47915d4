"""A table row's other cells (leads, dates, notes, milestones, ratings) put on its item."""

from __future__ import annotations

import re

from wsoa.documents.importers.plantext import nodes as n
from wsoa.documents.importers.plantext import tables as t
from wsoa.documents.importers.plantext.cells import cell_text
from wsoa.documents.importers.plantext.document import Line
from wsoa.documents.importers.plantext.state import ReaderState
from wsoa.plans.rag import DEFAULT_SCALE, rag_from_status

PROMPT = re.compile(r"^\s*(who'?s doing it\?|it\?|by when\?|what are we doing\?)\s*", re.I)
EVIDENCE = re.compile(r"^(?:evidence|impact)\s*:", re.I)


def rating_of(text: str) -> str:
    """The RAG code a quarter's cell rates its milestone with, or "" when it is no rating: a
    short RAG word ("Green", "On track"), or a step of the usual RAG key in its words
    ("Progress being made but not meeting timescales", as a workbook prints it)."""
    if len(text) <= 20 and rag_from_status(text):
        return rag_from_status(text)
    steps = {" ".join(label.casefold().split()): code for code, label in DEFAULT_SCALE}
    return str(steps.get(" ".join(text.casefold().split()), ""))


class CellFilling(ReaderState):
    """Put each cell of a row on the item it describes."""

    def date_from_heading(self, created: list[n.Node]) -> None:
        """Give an item a row creates, with no date of its own, the date its heading prints.

        "SUCCESS MEASURES By April 1st 2018" dates every action of the table without one.
        """
        columns = self.header.columns if self.header else []
        dated = next((c for c in columns if c.date and c.role != t.MILESTONES), None)
        target = self.target
        if dated is None or target is None or target.due:
            return
        if any(node is target for node in created):
            target.due.extend(n.due_list(dated.date))

    def beside_milestones(self, position: int, previous: n.Node) -> bool:
        """Tell whether an unnumbered cell under numbered items is a milestone moved left.

        In a table of numbered items with half-year milestone columns, the export moves a
        row that carries only milestones to the left, into the items' column.
        """
        header = self.header
        if header is None or "." not in previous.number:
            return False
        innermost = position == len(header.titles()) - 1
        return innermost and bool(self.first_period())

    def add_loose_milestone(self, owner: n.Node, column: t.Column, text: str, line: Line) -> None:
        """Make an unnumbered text a milestone of the item above, saying so."""
        period = self.first_period()
        owner.milestones.append(n.milestone(text, period))
        self.target = owner
        self.doc.warn(
            line.number,
            f"unnumbered text in the '{column.heading}' column read as a milestone of "
            f"{owner.number} ({period}): '{text[:60]}'; check the milestone and its period",
        )

    def fill(
        self, cells: dict[int, list[tuple[int, str]]], created: list[n.Node], line: Line
    ) -> None:
        """Put a row's other cells on the item they describe."""
        assert self.header is not None
        target = self.target
        if target is None:
            self.doc.warn(line.number, f"row not placed under any item: {line.text[:60]}")
            return
        title_indexes = {c.index for c in self.header.titles()} | {
            c.index for c in self.header.columns if c.role == t.NUMBER
        }
        titles = [c.index for c in self.header.titles()]
        outer = self.last_by_column.get(0)
        for column in self.header.columns:
            if column.index in title_indexes or column.index not in cells:
                continue
            between = len(titles) > 1 and titles[0] < column.index < titles[-1]
            for index, raw in cells[column.index]:
                self.fill_cell(outer if between and outer else target, column, index, raw, line)

    def fill_cell(self, node: n.Node, column: t.Column, index: int, raw: str, line: Line) -> None:
        role = column.role
        raw = PROMPT.sub("", raw)
        kids = (
            [c for c in node.children if c.line == node.children[-1].line] if node.children else []
        )
        if role in {t.LEAD, t.PARTNERS} and self.continuing:
            self.carry_people(node.leads if role == t.LEAD else node.partners, raw)
        elif role == t.LEAD:
            self.spread(node, kids, "leads", n.people_list(raw))
        elif role == t.PARTNERS:
            node.partners.extend(n.people_list(raw))
        elif role == t.DUE:
            self.spread(node, kids, "due", n.due_list(raw))
        elif role == t.STATUS:
            node.status.append(cell_text(raw))
        elif role == t.PROGRESS:
            node.note("progress", column.heading, n.plain(raw))
        elif role in t.NOTE_ROLES:
            node.note(role, column.heading, n.plain(raw))
        elif role == t.OTHER:
            node.note("note", column.heading, n.plain(raw))
        elif role == t.MILESTONES:
            self.add_milestones(node, index, raw, line)

    def add_milestones(self, node: n.Node, index: int, raw: str, line: Line) -> None:
        """Read a milestones cell: milestones of its period, a rating of a quarter, or evidence.

        The export moves cells sideways, so a cell is read by what it says as well as where
        it stands: a RAG word is a rating, "Evidence: …" or "Impact: …" is evidence.
        """
        text = n.plain(raw)
        if EVIDENCE.match(text):
            node.note("evidence_impact", self.heading_of("evidence_impact"), text)
            return
        quarter = self.quarter_at(index)
        if quarter and rating_of(text):
            self.add_rating(node, quarter, self.period_at(index), text, line)
            return
        label = self.period_at(index)
        node.milestones.extend(n.milestone(piece, label) for piece in n.milestone_pieces(raw))

    def add_rating(self, node: n.Node, quarter: str, period: str, text: str, line: Line) -> None:
        """Keep a quarter's rating on the item's milestone for that half-year."""
        rating = {"period": quarter, "rag": rating_of(text), "text": text}
        milestone = next((m for m in reversed(node.milestones) if m["period"] == period), None)
        if milestone is not None:
            milestone["ratings"].append(rating)
            return
        node.note("note", f"RAG {quarter}", text)
        self.doc.warn(
            line.number,
            f"rating '{text}' under {quarter} has no milestone for {period or 'its period'} "
            "beside it; kept as a note",
        )

    def carry_people(self, values: list[str], raw: str) -> None:
        """Join the first name carried over a page break to the name it continues, and
        add the others ("WCC SEN" + "Services; Perryfields PRU" is two names)."""
        names = n.people_list(cell_text(raw))
        if names:
            self.carry_on(values, names[0])
            values.extend(names[1:])

    def carry_on(self, values: list[str], text: str) -> None:
        """Join text carried over a page break to the value it continues."""
        if values:
            values[-1] = f"{values[-1]} {text}".strip()
        else:
            values.append(text)

    def spread(self, node: n.Node, kids: list[n.Node], field_name: str, values: list) -> None:
        """Give each key task its own value when the cell lists one per task."""
        tasks = [k for k in kids if k.listed and k.line == kids[-1].line]
        if tasks and len(values) == len(tasks):
            for task, value in zip(tasks, values, strict=True):
                getattr(task, field_name).append(value)
        else:
            getattr(node, field_name).extend(values)
