"""Table rows: the items their title cells name, placed in the tree by number or by column."""

from __future__ import annotations

import re

from wsoa.documents.importers.plantext import nodes as n
from wsoa.documents.importers.plantext import tables as t
from wsoa.documents.importers.plantext.cells import cell_text, list_items
from wsoa.documents.importers.plantext.document import Line
from wsoa.documents.importers.plantext.filling import CellFilling
from wsoa.documents.importers.plantext.sections import SectionReading
from wsoa.documents.importers.plantext.state import GARBLED


class RowReading(CellFilling, SectionReading):
    """Read a table row into the items it creates or continues."""

    def on_row(self, line: Line) -> bool:
        if len(line.filled) == 1 and len(line.text) > GARBLED:
            return self.garbled(line)
        if len(line.filled) == 1 and self.header is not None and not self.numbered(line):
            return self.lone_cell(line)
        return self.table_row(line)

    def lone_cell(self, line: Line) -> bool:
        """Read a one-cell line in a table: a carried-over row, or the section's own prose."""
        previous = self.last_by_column.get(len(self.header.titles()) - 1) if self.header else None
        if (
            previous is not None
            and (self.after_header or self.after_blank)
            and self.mode == "table"
        ):
            if self.first_period() and self.has_column("evidence_impact"):
                previous.note("evidence_impact", self.heading_of("evidence_impact"), line.text)
            else:
                self.carry_over(previous, line.text, line)
            return True
        owner = self.group if self.mode == "group" else None
        if owner is not None:
            owner.note("note", "", line.text)
            return True
        return self.table_row(line)

    def table_row(self, line: Line) -> bool:
        if not self.started and not self.numbered(line):
            self.front_matter.append(line.text)
            return True
        self.started = True
        if self.header is None or (len(line.filled) == 1 and len(line.text) > GARBLED):
            return self.garbled(line)
        cells = self.columns_of(line)
        titles = self.header.titles()
        self.continuing = False
        created = self.title_cells(titles, cells, line)
        self.fill(cells, created, line)
        self.date_from_heading(created)
        return True

    def numbered(self, line: Line) -> bool:
        return self.header is not None and any(
            "." in n.split_number(line.cell_texts[index])[1] for index, _ in line.filled[:3]
        )

    def columns_of(self, line: Line) -> dict[int, list[tuple[int, str]]]:
        """Group a row's cells under the header columns they fall in, anchored on its number."""
        assert self.header is not None
        shift = self.shift(line)
        found: dict[int, list[tuple[int, str]]] = {}
        for index, raw in line.filled:
            column = self.header.role_at(index - shift)
            key = column.index if column else self.header.columns[0].index
            found.setdefault(key, []).append((index - shift, raw))
        return found

    def shift(self, line: Line) -> int:
        """Return how far a row's cells sit right of its header, from where its number stands."""
        assert self.header is not None
        titles = self.header.titles()
        for index, _raw in line.filled:
            _, number, _ = n.split_number(line.cell_texts[index])
            if number and "." in number and titles:
                expected = [c.index for c in titles if c.index <= index]
                inner = titles[-1].index if len(number.split(".")) > 2 else titles[0].index
                if expected and index - inner in (1, 2) and inner not in dict(line.filled):
                    return index - inner
        return 0

    def title_cells(
        self, titles: list[t.Column], cells: dict[int, list[tuple[int, str]]], line: Line
    ) -> list[n.Node]:
        """Create or continue the items named in a row's title cells, outermost first.

        A number column ("Ref", "No.") holds the number of the row's item: the item of the
        first title cell the row fills. A number with no title beside it is read as the
        outermost item's text, as printed.
        """
        created: list[n.Node] = []
        number = self.row_number(cells)
        holder = next((p for p, c in enumerate(titles) if c.index in cells), None)
        for position, column in enumerate(titles):
            raws = [raw for _, raw in cells.get(column.index, [])]
            if number and holder is None and position == 0:
                raws = [number]
            if not raws:
                continue
            given = number if position == holder else ""
            node = self.title_cell(column, position, raws, line, given)
            if node is not None:
                created.append(node)
        return created

    def row_number(self, cells: dict[int, list[tuple[int, str]]]) -> str:
        """Return what a row's number columns hold, as printed."""
        columns = self.header.columns if self.header else []
        raws = [raw for c in columns if c.role == t.NUMBER for _, raw in cells.get(c.index, [])]
        return " ".join(cell_text(raw) for raw in raws).strip()

    def title_cell(
        self, column: t.Column, position: int, raws: list[str], line: Line, given: str = ""
    ) -> n.Node | None:
        """Read one title cell: the item it names (numbered `given` when a Ref column says)."""
        items = list_items(raws[-1]) if len(raws) == 1 and position > 0 and not given else []
        if len(items) > 1:
            outer = self.row_outer
            for index, item in enumerate(items, start=1):
                child = n.Node(column.level, str(index), item, line.number, listed=True)
                (outer or self.group or self.root).add(child)
            self.target = outer
            return outer
        text = " ".join(cell_text(raw) for raw in raws) if len(raws) > 1 else n.plain(raws[0])
        sub, number, body = n.split_number(
            text.replace("\n", " ") if "\n" not in text[:40] else text
        )
        if given and number != given.rstrip("."):
            sub, number, body = "", given.rstrip("."), text.strip()
        elif not given and number == "1)" and self.has_column(t.NUMBER):
            number, body = ("", text.strip()) if n.step_parts(text)[1] else (number, body)
        previous = self.last_by_column.get(position)
        step = (
            bool(number) and "." not in number and previous is not None and "." in previous.number
        )
        if step and previous is not None and number.endswith(")"):
            self.target = self.add_steps(previous, number, body, line)
            return None
        if step and previous is not None:
            previous.title = f"{previous.title}\n{text}"
            self.target, self.continuing = previous, True
            return None
        if not number and previous is not None and self.continues(text, previous, position):
            self.target = self.carry_over(previous, text, line)
            self.continuing = True
            return None
        if not number and previous is not None and self.beside_milestones(position, previous):
            self.add_loose_milestone(previous, column, text, line)
            return None
        node = self.place(column.level, number, body, line, position)
        if node.line == line.number and not node.children and not node.listed:
            node.split_steps()
        if sub:
            node.note("note", "Heading", sub)
        self.last_by_column[position] = node
        for deeper in [k for k in self.last_by_column if k > position]:
            del self.last_by_column[deeper]
        if position == 0:
            self.row_outer = node
        self.target = node
        return node

    def add_steps(self, owner: n.Node, number: str, text: str, line: Line) -> n.Node:
        """Add the numbered steps a row starts with ("4) …") to the item above; return the last.

        Each step is an item of its own, so the row's lead and date cells are the step's.
        """
        _, steps = n.step_parts(f"{number} {text}", first=int(number.rstrip(")")))
        steps = steps or [(number, text)]
        made = [owner.add(n.Node("Step", mark, body, line.number)) for mark, body in steps]
        return made[-1]

    def carry_over(self, previous: n.Node, text: str, line: Line) -> n.Node:
        """Join text carried over a page break to the item it continues, or to its last step.

        The text may go on to the next steps ("… meetings. 2) Arrange …"); each is made a
        step of the item. Return the item: the row's other cells stay with it, as they may
        span the steps.
        """
        steps = [c for c in previous.children if c.level == "Step" and c.number.endswith(")")]
        if not steps or not steps[-1].number[:-1].isdecimal():
            previous.title = f"{previous.title}\n{text}"
            return previous
        last = steps[-1]
        before, more = n.step_parts(text, first=int(last.number[:-1]) + 1)
        if before:
            last.title = f"{last.title}\n{before}"
        for mark, body in more:
            previous.add(n.Node("Step", mark, body, line.number))
        return previous

    def continues(self, text: str, previous: n.Node, position: int) -> bool:
        """Tell whether an unnumbered cell carries on the item above it across a page break."""
        if text[:1].islower() or text[:1] in ",;:)":
            return True
        numbered_level = bool(previous.number) and "." in previous.number
        page_break = self.after_blank or self.after_header
        return (page_break and numbered_level) or (
            position == 0 and bool(previous.number) and page_break
        )

    def place(self, level: str, number: str, title: str, line: Line, position: int = 0) -> n.Node:
        """Put an item in the tree: under the item its number extends, or the row's outer item."""
        unique = "." in number or bool(re.match(r"^[A-Z]\d", number))
        existing = self.find_numbered(number) if unique else None
        if existing is not None and existing.level == level:
            if n.same_item(existing.title, title):
                if len(title) > len(existing.title):
                    existing.title = title
                return existing
            self.doc.warn(
                line.number,
                f"a second {level.lower()} numbered {number} (the first is at line "
                f"{existing.line}, '{existing.title[:40]}'): both kept; check which is meant",
            )
        node = n.Node(level, number, title, line.number)
        outer = self.anchor if self.anchor is not None else self.row_outer
        if not number and position == 0 and outer is not None and outer.level != level:
            return outer.add(node)
        parent = self.parent_for(number, position)
        if (
            parent is self.group
            and outer is not None
            and outer.level != level
            and number.endswith(")")
        ):
            parent = outer
        steps = [c for c in parent.children if c.level == "Step" and c.line == parent.line]
        if parent.steps_from and steps and n.same_item(steps[0].title, title):
            parent.unsplit_steps()  # the rows below print the steps its text holds
        return parent.add(node)

    def parent_for(self, number: str, position: int) -> n.Node:
        """Return the parent an item's number names, else the row's outer item or the section."""
        if number and "." in number:
            prefix = number.rsplit(".", 1)[0]
            if "." not in prefix:
                group = self.group_numbered(prefix)
                if group is not None:
                    self.group = group
                    return self.numbered_child(group, prefix) or group
            found = self.find_numbered(prefix)
            if found is not None:
                return found
        inner = [k for k in self.last_by_column if 0 < k < position]
        if inner:
            return self.last_by_column[max(inner)]
        if position > 0 and self.row_outer is not None:
            return self.row_outer
        return self.group or self.root

    def numbered_child(self, group: n.Node, number: str) -> n.Node | None:
        """Return the item of a section numbered as the section is, printed directly in it."""
        return next((c for c in group.children if c.number == number and not c.listed), None)

    def garbled(self, line: Line) -> bool:
        """Rescue numbered items from a table the export ran together into one paragraph."""
        numbers = re.findall(
            r"(?<![\d.])(\d{1,2}\.\d{1,2})\s+([A-Z][a-z]+(?: [a-z]+){0,3})", line.text
        )
        if not numbers or self.header is None:
            owner = self.row_outer or self.group
            if owner is not None and self.mode == "group":
                owner.note("note", "", line.text)
                return True
            if owner is not None and self.mode == "table":
                owner.note("note", "Text as exported", line.text)
                self.doc.warn(
                    line.number,
                    "paragraph in a table could not be placed in a column; kept as a note",
                )
                return True
            return False
        made = [
            self.place(self.header.titles()[0].level, num, words, line) for num, words in numbers
        ]
        made[0].note("note", "Text as exported (table garbled in the source)", line.text)
        self.doc.warn(
            line.number,
            "table garbled into running text: items "
            + ", ".join(num for num, _ in numbers)
            + " created from their numbers; their columns could not be separated",
        )
        self.row_outer = self.target = made[-1]
        return True
