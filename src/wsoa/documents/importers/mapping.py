"""The column map: which column of a plan's tables holds what, as proposed and as corrected.

Every importer of a table-shaped document (Word, Excel, CSV, PDF, plan text) reads it into the
same plan-text pipeline (`plantext/`), which recognises each table's header row from its words
and content. The map is what that recognition proposed, one entry per distinct heading, and
what a person changed on the preview page (or in a `--mapping MAP.json` file): a corrected
entry wins over the proposal wherever the same heading stands. It is keyed by the heading as
printed, so a map saved from one month's tracker reads the next month's, which keeps its layout.

The JSON form (`to_json` / `from_json`):

    {"format": "wsoa-column-map", "version": 1,
     "columns": [{"heading": "By whom?", "role": "lead"},
                 {"heading": "Milestones Aug-19", "role": "milestones", "date": "2019-08-31"},
                 {"heading": "Actions", "role": "title", "level": "Action"}],
     "levels": ["Area", "Action", "Key task"]}

No Django here.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

FORMAT = "wsoa-column-map"
VERSION = 1

# What a column can hold. "title" columns carry the level name of the items they hold.
ROLES: dict[str, str] = {
    "number": "Number",
    "title": "Item text",
    "level": "Level of the row",
    "lead": "Lead(s)",
    "partners": "Partners",
    "due": "Due date",
    "milestones": "Milestones",
    "success_measure": "Success measures",
    "intended_outcome": "Intended outcomes",
    "longer_term_success": "Longer-term success",
    "evidence_impact": "Evidence and impact",
    "how_we_know": "How we will know",
    "evaluation": "Evaluation",
    "status": "RAG or status",
    "progress": "Progress commentary",
    "note": "Notes",
    "other": "Not used",
}


class MappingError(ValueError):
    """A column map file or form cannot be used; the message says which entry and why."""


@functools.lru_cache(maxsize=4096)
def heading_key(heading: str) -> str:
    """The heading as the map matches it: tags dropped, spaces folded, case ignored."""
    return " ".join(re.sub(r"<[^<>]+>", " ", heading).split()).casefold()


@dataclass
class MappedColumn:
    """One distinct heading of the document and what its column holds."""

    heading: str
    role: str
    level: str = ""
    date: str = ""  # ISO date the heading stands for ("Milestones Aug-19"), or set by a person
    places: list[str] = field(default_factory=list)  # where the heading stands, first few
    samples: list[str] = field(default_factory=list)  # the first values under it
    proposed: bool = True  # False once a person has set it

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"heading": self.heading, "role": self.role}
        if self.level:
            data["level"] = self.level
        if self.date:
            data["date"] = self.date
        return data


@dataclass
class ColumnMap:
    """The map of a document's columns, and the names of its levels by depth."""

    columns: list[MappedColumn] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    _index: dict[str, MappedColumn] = field(default_factory=dict, repr=False, compare=False)
    _indexed: list[MappedColumn] = field(default_factory=list, repr=False, compare=False)
    _token: object = field(default_factory=object, repr=False, compare=False)

    def find(self, heading: str) -> MappedColumn | None:
        """The entry for a heading as printed, or None when the map does not name it."""
        self._refresh()
        return self._index.get(heading_key(heading))

    def token(self) -> object:
        """An object that stays the same while the map's entries do: what is read with the
        map can be kept under it (it is new whenever the columns change)."""
        self._refresh()
        return self._token

    def _refresh(self) -> None:
        if self._indexed != self.columns:  # built again whenever the columns change
            self._index = {}
            for column in reversed(self.columns):  # the first entry for a heading wins
                self._index[heading_key(column.heading)] = column
            self._indexed = list(self.columns)
            self._token = object()

    def corrected_by(self, other: ColumnMap | None) -> ColumnMap:
        """This (proposed) map with every entry and level name the other one sets."""
        if other is None:
            return self
        columns = []
        for column in self.columns:
            chosen = other.find(column.heading)
            if chosen is None or chosen.proposed:  # a proposal corrects nothing
                columns.append(column)
            else:
                columns.append(
                    MappedColumn(
                        column.heading,
                        chosen.role,
                        chosen.level,
                        chosen.date or column.date,
                        column.places,
                        column.samples,
                        proposed=False,
                    )
                )
        levels = [
            (other.levels[i] if i < len(other.levels) and other.levels[i] else name)
            for i, name in enumerate(self.levels)
        ]
        return ColumnMap(columns, levels)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "columns": [c.to_json() for c in self.columns],
            "levels": list(self.levels),
        }

    @classmethod
    def from_json(cls, data: Any) -> ColumnMap:
        """Read a map from its JSON form; MappingError names the first wrong entry."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise MappingError(f"this is not a column map: its format is not “{FORMAT}”")
        if data.get("version") != VERSION:
            raise MappingError(f"column map version {data.get('version')!r} is not {VERSION}")
        entries = data.get("columns")
        if not isinstance(entries, list):
            raise MappingError("the column map has no list of columns")
        columns = [_column(number, entry) for number, entry in enumerate(entries, start=1)]
        levels = data.get("levels", [])
        if not isinstance(levels, list) or not all(isinstance(x, str) for x in levels):
            raise MappingError("the column map's levels must be a list of names")
        return cls(columns, [x.strip()[:100] for x in levels])


def _column(number: int, entry: Any) -> MappedColumn:
    where = f"column map entry {number}"
    if not isinstance(entry, dict):
        raise MappingError(f"{where} is not an object")
    heading, role = entry.get("heading"), entry.get("role")
    if not isinstance(heading, str) or not heading.strip():
        raise MappingError(f"{where} has no heading")
    if role not in ROLES:
        raise MappingError(f"{where} (“{heading}”): role {role!r} is not one of {', '.join(ROLES)}")
    level = entry.get("level", "")
    if not isinstance(level, str):
        raise MappingError(f"{where} (“{heading}”): level must be text")
    date = entry.get("date", "")
    if date:
        try:
            dt.date.fromisoformat(date)
        except (TypeError, ValueError) as error:
            raise MappingError(f"{where} (“{heading}”): date {date!r} is not YYYY-MM-DD") from error
    return MappedColumn(heading.strip(), role, level.strip()[:100], date or "", proposed=False)
