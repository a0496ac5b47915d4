"""The paragraph styles of a .docx as the layout needs them: headings, and lists by style."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from wsoa.documents.importers.word.wordml import int_val, val, w

HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.I)
LIST_NAME = re.compile(r"^list (?:bullet|number)(?: ([2-9]))?$", re.I)
MAX_DEPTH = 20  # styles based on styles: far more than any real document chains


@dataclass
class Style:
    """One paragraph style: its name, the style it is based on, and what it sets."""

    name: str
    based_on: str = ""
    num_id: str | None = None
    ilvl: int | None = None
    outline_level: int | None = None


@dataclass
class Styles:
    """The document's paragraph styles by id."""

    by_id: dict[str, Style] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, root: etree._Element | None) -> Styles:
        if root is None:
            return cls()
        return cls({s.get(w("styleId"), ""): _style(s) for s in root.iter(w("style"))})

    def chain(self, style_id: str) -> list[Style]:
        """The style and those it is based on, nearest first."""
        found: list[Style] = []
        while style_id in self.by_id and len(found) < MAX_DEPTH:
            style = self.by_id[style_id]
            found.append(style)
            style_id = style.based_on
        return found

    def heading_level(self, style_id: str) -> int:
        """1–9 for a heading style (Heading 1…9, Title, or an outline level), else 0."""
        chain = self.chain(style_id)
        for style in chain:
            match = HEADING_NAME.match(style.name)
            if match:
                return int(match.group(1))
            if style.name.lower() == "title":
                return 1
        level = next((s.outline_level for s in chain if s.outline_level is not None), None)
        return level + 1 if level is not None and level < 9 else 0

    def numbering(self, style_id: str) -> tuple[str | None, int | None]:
        """The list (numbering id and level) a style puts its paragraphs in, if any."""
        chain = self.chain(style_id)
        num_id = next((s.num_id for s in chain if s.num_id is not None), None)
        ilvl = next((s.ilvl for s in chain if s.ilvl is not None), None)
        return num_id, ilvl

    def list_kind_by_name(self, style_id: str) -> str:
        """ "ul" or "ol" for a list style known by its name (List Bullet, List Number), else ""."""
        name = self.by_id[style_id].name.lower() if style_id in self.by_id else ""
        if name.startswith("list bullet"):
            return "ul"
        if name.startswith("list number"):
            return "ol"
        return ""

    def list_depth_by_name(self, style_id: str) -> int:
        """How deep a list style's name puts its entries: List Bullet 2 is one level in."""
        match = LIST_NAME.match(self.by_id[style_id].name) if style_id in self.by_id else None
        return int(match.group(1)) - 1 if match and match.group(1) else 0


def _style(element: etree._Element) -> Style:
    ppr = element.find(w("pPr"))
    num = ppr.find(w("numPr")) if ppr is not None else None
    ilvl = num.find(w("ilvl")) if num is not None else None
    outline = ppr.find(w("outlineLvl")) if ppr is not None else None
    return Style(
        name=val(element.find(w("name"))),
        based_on=val(element.find(w("basedOn"))),
        num_id=(val(num.find(w("numId"))) or None) if num is not None else None,
        ilvl=int_val(ilvl, 0) if ilvl is not None else None,
        outline_level=int_val(outline, 9) if outline is not None else None,
    )
