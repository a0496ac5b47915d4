"""Build the plan's tree from its headings and table rows, as the document lays them out.

The reading is split by what it reads: `state.py` (where the reader is), `sections.py` (the
headings that open sections), `rows.py` (table rows and the items they name), `filling.py`
(a row's other cells) and `notes.py` (keyword rows and prose about a section or item).
"""

from __future__ import annotations

import re

from wsoa.documents.importers.plantext import nodes as n
from wsoa.documents.importers.plantext import tables as t
from wsoa.documents.importers.plantext.document import Line
from wsoa.documents.importers.plantext.notes import NoteReading


class Builder(NoteReading):
    """Read a plan's lines in order into its tree of items."""

    def build(self) -> n.Node:
        """Read every line in order; return the root whose children are the top-level items."""
        self.started = not any(self._group_match(line) for line in self.doc.lines)
        for line in self.doc.lines:
            if line.number in self.skip or line.number in self.doc.used:
                self.after_blank = self.after_blank or line.is_blank
                self.cited(line)
                continue
            header_before = self.header
            self.read(line)
            self.after_header = self.header is not header_before or (
                self.after_header and line.is_blank
            )
            self.after_blank = line.is_blank
        self.gather_sections()
        for number, message in self.synthesized.items():
            group = next(g for g in self.root.children if g.number == number)
            self.doc.warn(group.line, message)
        return self.root

    def read(self, line: Line) -> None:
        text = line.text
        if line.is_blank or re.match(r"^-+$", text.replace(" ", "")):
            return
        heading = (text.isupper() and len(text) < 40) or text.lower() == "action plan"
        if len(line.filled) == 1 and heading and self._group_match(line) is None:
            self.doc.use(line)
            return
        if self.repeats_heading(line):
            self.doc.use(line)
            return
        for handler in (self.on_group, self.on_header, self.on_special, self.on_mode, self.on_row):
            if handler(line):
                self.doc.use(line)
                return

    def on_header(self, line: Line) -> bool:
        header = t.read_header(line, self.doc.column_map)
        if header is None:
            return False
        following = self.doc.after(line)
        for extra in following[: t.read_periods(header, following)]:
            self.skip.add(extra.number)
        self.header, self.mode = header, "table"
        return True
