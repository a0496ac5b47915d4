"""What the plan-text reader holds while it reads: the current section, table and items."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wsoa.documents.importers.plantext import nodes as n
from wsoa.documents.importers.plantext import tables as t
from wsoa.documents.importers.plantext.document import Document

GARBLED = 600  # a one-cell line longer than this is a table the export ran together


@dataclass
class ReaderState:
    """The reader's place in the document, and the small questions about the current table."""

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

    def find_numbered(self, number: str) -> n.Node | None:
        """Return the first item of the current section (or the plan) with a number."""
        return (self.group or self.root).find_numbered(number)

    def has_column(self, role: str) -> bool:
        return any(c.role == role for c in (self.header.columns if self.header else []))

    def heading_of(self, role: str) -> str:
        """Return the heading of the current table's column with a role, or the role's name."""
        columns = self.header.columns if self.header else []
        return next((c.heading for c in columns if c.role == role), role.replace("_", " "))

    def first_period(self) -> str:
        periods = self.header.periods if self.header else {}
        dated = [i for i, label in periods.items() if not label.upper().startswith("Q")]
        return periods[min(dated)] if dated else ""

    def period_at(self, index: int) -> str:
        periods = self.header.periods if self.header else {}
        left = [i for i in periods if i <= index and not periods[i].upper().startswith("Q")]
        return periods[max(left)] if left else ""

    def quarter_at(self, index: int) -> str:
        """Return the quarter ("Q3") whose rating column a cell stands in, or ""."""
        periods = self.header.periods if self.header else {}
        left = [i for i in periods if i <= index]
        label = periods[max(left)] if left else ""
        return label.replace(" ", "") if label.upper().startswith("Q") else ""
