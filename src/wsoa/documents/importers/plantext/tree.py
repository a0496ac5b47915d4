"""Build the plan's tree from its headings and table rows, as the document lays them out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from wsoa.documents.importers.plantext import nodes as n
from wsoa.documents.importers.plantext import tables as t
from wsoa.documents.importers.plantext.cells import cell_pieces, cell_text, list_items
from wsoa.documents.importers.plantext.document import Document, Line
from wsoa.documents.importers.plantext.findings import area_code, number_in_words, number_value
from wsoa.plans.rag import rag_from_status

GROUPS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^WSOA Area (\w+):\s*(.+)$", re.I), "Area"),
    (
        re.compile(r"^(?:Weakness|Area of weakness)(?: to be addressed)?:\s*()(.+)$", re.I),
        "Weakness",
    ),
    (re.compile(r"^Workstream (\d+)\s*[–:-]\s*(.+)$", re.I), "Workstream"),
    (re.compile(r"^(?:Theme|Priority|Area for improvement) (\d+|[A-Z])\s*[:–-]\s*(.+)$", re.I), ""),
    (re.compile(r"^(\d{1,2})\.\s+([A-Z][A-Z ,;:'&()/-]{5,}?)(?:\s*\(contd\.?\))?$"), "Theme"),
    (re.compile(r"^()([A-Z][A-Za-z]+(?: [A-Za-z]+)? Actions)$"), "Workstream"),
]
ROW_ITEM = re.compile(r"^(Objective|Priority|Action)\s+([A-Z]?\d+(?:\.\d+)*)$", re.I)
GROUP_NOTE = re.compile(r"^(how will we know[^:]*|we will know[^:]*):\s*(.*)$", re.I)
PROGRESS = re.compile(r"^progress commentary:?\s*(.*)$", re.I | re.S)
LINKS = re.compile(r"^links? to other objectives:?\s*(.*)$", re.I | re.S)
EVALUATION = re.compile(r"^evaluation\b.*difference\?$", re.I)
GROUP_LEADS = re.compile(r"^(?:leads?|led by):\s*(.+)$", re.I)
EVIDENCE = re.compile(r"^(?:evidence|impact)\s*:", re.I)
GARBLED = 600
PROMPT = re.compile(r"^\s*(who'?s doing it\?|it\?|by when\?|what are we doing\?)\s*", re.I)
MILESTONES = re.compile(r"^milestones?$", re.I)
OUTCOME = re.compile(r"^outcome \d+$", re.I)
IMPACT_INDICATORS = re.compile(r"^impact indicators?$", re.I)


@dataclass
class Builder:
    doc: Document
    root: n.Node = field(default_factory=lambda: n.Node("", "", "", 0))
    header: t.Header | None = None
    group: n.Node | None = None
    row_outer: n.Node | None = None
    target: n.Node | None = None
    last_by_column: dict[int, n.Node] = field(default_factory=dict)
    mode: str = ""
    after_blank: bool = False
    skip: set[int] = field(default_factory=set)
    started: bool = False
    continuing: bool = False
    after_header: bool = False
    anchor: n.Node | None = None
    front_matter: list[str] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    synthesized: dict[str, str] = field(default_factory=dict)

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

    def gather_sections(self) -> None:
        """Move items read before their section's heading into it; keep sections in order.

        A section keeps its number as printed ("ONE"); it is matched and ordered by value.
        """
        values = {number_value(c.number): c for c in self.root.children}
        for item in [c for c in self.root.children if "." in c.number]:
            section = values.get(item.number.split(".")[0])
            if section is not None and section is not item:
                self.root.children.remove(item)
                section.add(item)
                section.children.sort(key=lambda c: c.line)
        sections = self.root.children
        if sections and all(number_value(c.number).isdecimal() for c in sections):
            self.root.children.sort(key=lambda c: int(number_value(c.number)))

    def cited(self, line: Line) -> None:
        """Tie the current section to a key concern listed under its heading."""
        match = re.match(r"^[-•]?\s*key concern (\d+)", line.text, re.I)
        if match and self.group is not None:
            code = f"Key Concern {match.group(1)}"
            if code not in self.group.findings:
                self.group.findings.append(code)

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

    def repeats_heading(self, line: Line) -> bool:
        """Leave out a page's running heading: the cut-off end of the section's own heading."""
        group = self.group
        if group is None or len(line.filled) != 1:
            return False
        text = line.text
        marked = line.filled[0][1].startswith("#")
        if len(text) < (10 if marked else 30) or not " ".join(group.title.split()).endswith(text):
            return False
        self.doc.warn(
            line.number,
            f"'{text}' repeats the end of the heading of {group.level} {group.number} "
            "(a page heading the export cut off); left out",
        )
        return True

    # --- groups (top-level headings) -------------------------------------------------

    def _group_match(self, line: Line) -> tuple[str, str, str] | None:
        first = line.cell_texts[line.filled[0][0]] if line.filled else ""
        first = re.sub(r"^#+\s*", "", first)
        if len(line.filled) > 1 and not re.match(r"^\d{1,2}\.\s+[A-Z ]+", first):
            return None
        for pattern, level in GROUPS:
            match = pattern.match(first)
            if match:
                return level or first.split()[0].title(), match.group(1), match.group(2).strip()
        return None

    def on_group(self, line: Line) -> bool:
        found = self._group_match(line)
        if found is None:
            return False
        level, number, title = found
        self.started = True
        existing = self.find_group(level, number, title)
        if existing is not None and self.synthesized.pop(existing.number, ""):
            existing.title, existing.line = title, line.number
        self.group = existing or self.root.add(n.Node(level, number, title, line.number))
        outer = self.row_outer
        if (
            outer is None
            or outer.number.split(".")[0] != number_value(self.group.number)
            or not self.group.number
        ):
            self.row_outer, self.target = None, self.group
        self.mode, self.anchor = "group", None
        self.last_by_column = {}
        return True

    def find_group(self, level: str, number: str, title: str) -> n.Node | None:
        value = number_value(number)
        for group in self.root.children:
            if group.level == level and (
                (number and number_value(group.number) == value) or group.title == title
            ):
                return group
        return None

    # --- table headers --------------------------------------------------------------

    def on_header(self, line: Line) -> bool:
        header = t.read_header(line, self.doc.column_map)
        if header is None:
            return False
        following = self.doc.after(line)
        for extra in following[: t.read_periods(header, following)]:
            self.skip.add(extra.number)
        self.header, self.mode = header, "table"
        return True

    # --- rows with a keyword in the first cell ---------------------------------------

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

    # --- lines that continue the block above them ------------------------------------

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

    # --- table rows -------------------------------------------------------------------

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
        """Create or continue the items named in a row's title cells, outermost first."""
        created: list[n.Node] = []
        number_cells = (
            [
                raw
                for c in self.header.columns
                if c.role == t.NUMBER
                for _, raw in cells.get(c.index, [])
            ]
            if self.header
            else []
        )
        for position, column in enumerate(titles):
            raws = [raw for _, raw in cells.get(column.index, [])]
            if number_cells and position == 0:
                raws = [" ".join(cell_text(r) for r in number_cells), *raws]
            if not raws:
                continue
            node = self.title_cell(column, position, raws, line)
            if node is not None:
                created.append(node)
        return created

    def title_cell(
        self, column: t.Column, position: int, raws: list[str], line: Line
    ) -> n.Node | None:
        items = list_items(raws[-1]) if len(raws) == 1 and position > 0 else []
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
            node.title, steps = n.step_parts(node.title)
            for step_number, step_text in steps:
                node.add(n.Node("Step", step_number, step_text, line.number))
        if sub:
            node.note("note", "Heading", sub)
        self.last_by_column[position] = node
        for deeper in [k for k in self.last_by_column if k > position]:
            del self.last_by_column[deeper]
        if position == 0:
            self.row_outer = node
        self.target = node
        return node

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

    def first_period(self) -> str:
        periods = self.header.periods if self.header else {}
        dated = [i for i, label in periods.items() if not label.upper().startswith("Q")]
        return periods[min(dated)] if dated else ""

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
        return parent.add(node)

    def find_numbered(self, number: str) -> n.Node | None:
        """Return the first item of the current section (or the plan) with a number."""
        return (self.group or self.root).find_numbered(number)

    def parent_for(self, number: str, position: int) -> n.Node:
        """Return the parent an item's number names, else the row's outer item or the section."""
        if number and "." in number:
            prefix = number.rsplit(".", 1)[0]
            if "." not in prefix:
                group = self.group_numbered(prefix)
                if group is not None:
                    self.group = group
                    return self.find_numbered(prefix) or group
            found = self.find_numbered(prefix)
            if found is not None:
                return found
        if position > 0 and self.row_outer is not None:
            return self.row_outer
        return self.group or self.root

    def group_numbered(self, number: str) -> n.Node | None:
        """Return the section with a number, made from the finding it answers if unprinted."""
        groups = [g for g in self.root.children if g.level == "Area"]
        found = next((g for g in self.root.children if number_value(g.number) == number), None)
        code = area_code(number)
        if found is not None or not groups or not code:
            return found
        finding = next((f for f in self.findings if f["code"] == code), None)
        if finding is None:
            return None
        printed = number_in_words(number, groups[-1].number)
        self.synthesized[printed] = f"no heading printed for {code}: section made from the finding"
        return self.root.add(n.Node("Area", printed, finding["text"], groups[-1].line))

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
            self.carry_on(node.leads if role == t.LEAD else node.partners, cell_text(raw))
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
        if quarter and len(text) <= 20 and rag_from_status(text):
            self.add_rating(node, quarter, self.period_at(index), text, line)
            return
        label = self.period_at(index)
        node.milestones.extend(n.milestone(piece, label) for piece in n.milestone_pieces(raw))

    def add_rating(self, node: n.Node, quarter: str, period: str, text: str, line: Line) -> None:
        """Keep a quarter's rating on the item's milestone for that half-year."""
        rating = {"period": quarter, "rag": str(rag_from_status(text)), "text": text}
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

    def has_column(self, role: str) -> bool:
        return any(c.role == role for c in (self.header.columns if self.header else []))

    def heading_of(self, role: str) -> str:
        """Return the heading of the current table's column with a role, or the role's name."""
        columns = self.header.columns if self.header else []
        return next((c.heading for c in columns if c.role == role), role.replace("_", " "))

    def quarter_at(self, index: int) -> str:
        """Return the quarter ("Q3") whose rating column a cell stands in, or ""."""
        periods = self.header.periods if self.header else {}
        left = [i for i in periods if i <= index]
        label = periods[max(left)] if left else ""
        return label.replace(" ", "") if label.upper().startswith("Q") else ""

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

    def period_at(self, index: int) -> str:
        periods = self.header.periods if self.header else {}
        left = [i for i in periods if i <= index and not periods[i].upper().startswith("Q")]
        return periods[max(left)] if left else ""

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
