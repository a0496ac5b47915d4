"""Lists in a .docx: which paragraphs are bulleted or numbered, and the number Word shows.

A numbered paragraph names a list instance (`w:numId`) and a level (`w:ilvl`); the instance
points at an abstract definition whose level says the format (bullet, decimal, letters, roman),
the text around the number ("%1.", "%1.%2") and where counting starts, which the instance may
override. Word counts each instance on through the document; a level restarts after a
paragraph of a shallower level. No Django here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from wsoa.documents.importers.word.wordml import int_val, val, w

LEVELS = 9
BULLET_FORMATS = {"bullet"}
PLACEHOLDER = re.compile(r"%([1-9])")
ROMAN = [
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
]  # fmt: skip


@dataclass
class Level:
    """How one level of a list is numbered."""

    format: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """The document's list definitions, and the counters of the lists read so far."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    instances: dict[str, tuple[str, dict[int, Level]]] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, root: etree._Element | None) -> Numbering:
        if root is None:
            return cls()
        abstract = {a.get(w("abstractNumId"), ""): _levels(a) for a in root.iter(w("abstractNum"))}
        instances = {
            n.get(w("numId"), ""): (val(n.find(w("abstractNumId"))), _overrides(n))
            for n in root.iter(w("num"))
        }
        return cls(abstract, instances)

    def level(self, num_id: str, ilvl: int) -> Level | None:
        """How a level of a list instance is numbered, or None when it is not a list."""
        if num_id not in self.instances or num_id == "0":
            return None
        abstract_id, overrides = self.instances[num_id]
        base = self.abstract.get(abstract_id, {}).get(ilvl, Level())
        override = overrides.get(ilvl)
        if override is None:
            return base
        return Level(override.format or base.format, override.text or base.text, override.start)

    def kind(self, num_id: str, ilvl: int) -> str:
        """ "ul" for bullets, "ol" for numbers, "" for a level that shows no mark."""
        level = self.level(num_id, ilvl)
        if level is not None and level.format == "none":
            return ""
        return "ul" if level is None or level.format in BULLET_FORMATS else "ol"

    def next_label(self, num_id: str, ilvl: int) -> str:
        """Count one more paragraph at this level of the list and return the text Word shows."""
        counters = self.counters.setdefault(num_id, [None] * LEVELS)
        ilvl = max(0, min(ilvl, LEVELS - 1))
        current = counters[ilvl]
        counters[ilvl] = self._start(num_id, ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, LEVELS):
            counters[deeper] = None
        level = self.level(num_id, ilvl) or Level()
        return PLACEHOLDER.sub(lambda m: self._shown(num_id, int(m.group(1)) - 1), level.text)

    def _start(self, num_id: str, ilvl: int) -> int:
        level = self.level(num_id, ilvl)
        return level.start if level else 1

    def _shown(self, num_id: str, ilvl: int) -> str:
        value = self.counters[num_id][ilvl]
        level = self.level(num_id, ilvl) or Level()
        return number_text(self._start(num_id, ilvl) if value is None else value, level.format)


def number_text(value: int, number_format: str) -> str:
    """A counter as a list shows it: 3 → "3", "c", "C", "iii" or "III"."""
    if number_format in {"lowerLetter", "upperLetter"} and value > 0:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if number_format == "lowerLetter" else letter.upper()
    if number_format in {"lowerRoman", "upperRoman"} and 0 < value < 4000:
        roman = _roman(value)
        return roman if number_format == "lowerRoman" else roman.upper()
    if number_format == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _roman(value: int) -> str:
    text = ""
    for amount, letters in ROMAN:
        count, value = divmod(value, amount)
        text += letters * count
    return text


def _levels(element: etree._Element) -> dict[int, Level]:
    return {_ilvl(lvl): _level(lvl) for lvl in element.findall(w("lvl"))}


def _ilvl(element: etree._Element) -> int:
    try:
        return int(element.get(w("ilvl"), "0"))
    except ValueError:
        return 0


def _level(element: etree._Element) -> Level:
    text = element.find(w("lvlText"))
    return Level(
        format=val(element.find(w("numFmt")), "decimal"),
        text=val(text, "") if text is not None else "%1.",
        start=int_val(element.find(w("start")), 1),
    )


def _overrides(element: etree._Element) -> dict[int, Level]:
    """A list instance's restarts and redefinitions, by level."""
    found: dict[int, Level] = {}
    for override in element.findall(w("lvlOverride")):
        start = override.find(w("startOverride"))
        redefined = override.find(w("lvl"))
        level = _level(redefined) if redefined is not None else Level(format="", text="")
        if start is not None:
            level.start = int_val(start, level.start)
        found[_ilvl(override)] = level
    return found
