"""The plan's sections: top-level headings ("Workstream 1 – …", "WSOA Area ONE: …"), found,
matched by number and kept in order."""

from __future__ import annotations

import re

from wsoa.documents.importers.plantext import nodes as n
from wsoa.documents.importers.plantext import tables as t
from wsoa.documents.importers.plantext.document import Line
from wsoa.documents.importers.plantext.findings import area_code, number_in_words, number_value
from wsoa.documents.importers.plantext.state import ReaderState

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

# A section's heading: "<label> [<number>]: <title>", or "<number> <title>".
LABELLED = re.compile(
    r"^([A-Z][A-Za-z]+(?: [A-Za-z]+){0,2}?)(?:\s+([A-Z]?\d{1,2}|[A-Z]{1,6}))?"
    r"\s*(?::|\s[–-]\s)\s*(\S.*)$"
)
NUMBERED = re.compile(r"^(\d{1,2})\.?\s+([A-Z].*)$")
BOLD = re.compile(r"^\*\*(.+)\*\*$")
ROMAN = re.compile(r"^[IVX]{1,5}$")
SECTION_LEAD = re.compile(r"^(?:leads?|led by):\s*\S", re.I)


def is_section_number(number: str) -> bool:
    """Tell whether a heading's word is a section number: "3", "A2", "ONE", "IV" or none."""
    return (
        not number
        or number_value(number).isdecimal()
        or bool(ROMAN.match(number))
        or bool(re.match(r"^[A-Z]?\d{1,2}$|^[A-Z]$", number))
    )


class SectionReading(ReaderState):
    """Read the headings that open the plan's sections."""

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

    def _group_match(self, line: Line) -> tuple[str, str, str] | None:
        first = line.cell_texts[line.filled[0][0]] if line.filled else ""
        first = re.sub(r"^#+\s*", "", first)
        if len(line.filled) > 1 and not re.match(r"^\d{1,2}\.\s+[A-Z ]+", first):
            return None
        for pattern, level in GROUPS:
            match = pattern.match(first)
            if match:
                return level or first.split()[0].title(), match.group(1), match.group(2).strip()
        return self.heading_before_table(line, first) if len(line.filled) == 1 else None

    def heading_before_table(self, line: Line, text: str) -> tuple[str, str, str] | None:
        """Read a heading that stands just before a table as the section the table holds.

        "Objective 1: …", "Area ONE: …", "Workstream: …" name the level, number and title;
        a marked heading ("# 3 Joint commissioning", bold "3. Joint …") a number and title.
        """
        bold = BOLD.match(text.strip())
        marked = bold is not None or line.filled[0][1].lstrip().startswith("#")
        text = bold.group(1) if bold else text.strip()
        labelled = LABELLED.match(text)
        numbered = NUMBERED.match(text) if labelled is None and marked else None
        if labelled is None and numbered is None:
            return None
        if labelled is not None:
            label, number, title = labelled.groups()
            role = t.classify(label)
            if (role is not None and role[0] != t.TITLE) or not is_section_number(number or ""):
                return None
            level = label.title() if label.isupper() else label
        elif numbered is not None:
            level, (number, title) = "Area", numbered.groups()
        if not self.table_follows(line):
            return None
        return level, number or "", title.strip()

    def table_follows(self, line: Line) -> bool:
        """Tell whether the next line with text is a table's header row ("Lead: …" lines,
        the section's leads, may stand between)."""
        lines = self.doc.lines[line.number : line.number + 12]
        for following in [f for f in lines if not SECTION_LEAD.match(f.text)][:3]:
            if not following.is_blank:
                return t.read_header(following, self.doc.column_map) is not None
        return False

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
