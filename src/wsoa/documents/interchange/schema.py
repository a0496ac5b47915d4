"""The shape of a wsoa-plan document (docs/interchange.md), checked value by value.

Every importer produces this structure and the one writer trusts it, so every value is checked
against its type, length and allowed words before anything is written. An error names the
value's path, e.g. ``items[2].milestones[0].text: must be text, not null``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NoReturn

from wsoa.plans.rag import Rag

FORMAT = "wsoa-plan"
VERSION = 1
MAX_ITEM_DEPTH = 20
LARGEST_WHOLE = 2_147_483_647
MOST_WEEKS = 520  # a board meeting less often than every ten years has no rhythm


class InterchangeError(ValueError):
    """The file is not a valid wsoa-plan document; the message says where."""


# --- the kinds of value -----------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A string: no NUL characters, valid Unicode, at most `longest` characters, and one of
    the `words` of a choice (see `allowed`) when it names one."""

    longest: int | None = None
    words: str = ""


@dataclass(frozen=True)
class Date:
    """An ISO date ``YYYY-MM-DD`` or null; read into a date."""


@dataclass(frozen=True)
class Whole:
    """A whole number from 0 that a database column holds (at most `largest`), or null."""

    largest: int | None = None


@dataclass(frozen=True)
class ListOf:
    element: Shape


@dataclass(frozen=True)
class Record:
    """An object with known keys; others are ignored. `ordered` names a (start, end) pair."""

    fields: dict[str, Shape]
    required: frozenset[str] = frozenset()
    nullable: bool = False
    ordered: tuple[str, str] | None = None


@dataclass(frozen=True)
class Tree:
    """A list of items, each of which may hold a list of items, to a limited depth."""


Shape = Text | Date | Whole | ListOf | Record | Tree


@cache
def allowed(choice: str) -> frozenset[str]:
    """Return the words a choice allows: "kind", "finding kind", "note kind" or "rag"."""
    from wsoa.plans import models as m  # here, so the text reader loads without the models

    words = {
        "kind": {k.value for k in m.PlanKind},
        "finding kind": {k.value for k in m.FindingKind},
        "note kind": {k.value for k in m.NoteKind},
        "rag": {r.value for r in Rag} | {""},
    }
    return frozenset(words[choice])


def _record(required: str = "", nullable: bool = False, **fields: Shape) -> Record:
    ordered = ("start", "end") if {"start", "end"} <= set(fields) else None
    return Record(fields, frozenset(required.split()), nullable, ordered)


FREE = Text()
SPAN = _record(nullable=True, text=Text(300), start=Date(), end=Date())
INDICATOR = _record("text", code=Text(20), text=FREE, target=Text(100))
MILESTONE = _record(
    "text",
    text=FREE,
    period=Text(50),
    due=SPAN,
    status=Text(300),
    rag=Text(words="rag"),
    ratings=ListOf(_record("period", period=Text(50), rag=Text(words="rag"), text=Text(100))),
)
ITEM = _record(
    "title",
    level=Text(100),
    number=Text(50),
    title=FREE,
    leads=ListOf(Text(500)),
    partners=ListOf(Text(500)),
    due=ListOf(_record(text=Text(300), start=Date(), end=Date(), recurrence=Text(30))),
    status=FREE,
    rag=Text(words="rag"),
    milestones=ListOf(MILESTONE),
    notes=ListOf(_record("kind text", kind=Text(words="note kind"), heading=Text(200), text=FREE)),
    indicators=ListOf(INDICATOR),
    findings=ListOf(FREE),
    links=ListOf(_record("text", text=FREE, target=FREE)),
    source_line=Whole(),
    children=Tree(),
)
PLAN = _record(
    "title",
    title=Text(500),
    kind=Text(words="kind"),
    issuer=FREE,
    period=_record(nullable=True, text=Text(200), start=Date(), end=Date()),
    approval=FREE,
    owners=FREE,
    last_reviewed=_record(nullable=True, text=Text(100), date=Date()),
    next_review=_record(nullable=True, text=Text(100), date=Date()),
    inspection=FREE,
    introduction=FREE,
    vision=FREE,
    principles=FREE,
    governance=FREE,
    source_name=Text(300),
    milestone_periods=ListOf(
        _record("label", label=Text(50), date=Date(), quarters=ListOf(Text(50)))
    ),
)
DOCUMENT = _record(
    "plan",
    plan=PLAN,
    levels=ListOf(Text(100)),
    rag_scale=ListOf(_record("code", code=Text(words="rag"), label=Text(300))),
    glossary=ListOf(
        _record("term", term=Text(100), expansion=Text(500), definition=FREE),
    ),
    people=ListOf(
        _record("name", name=Text(200), short_code=Text(50), role=Text(500), organisation=Text(300))
    ),
    boards=ListOf(
        _record(
            "name",
            name=Text(300),
            purpose=FREE,
            chair=Text(200),
            cadence=Text(300),
            every_weeks=Whole(largest=MOST_WEEKS),
            reports_to=FREE,
            reports_to_board=Text(300),
            members=ListOf(FREE),
        )
    ),
    findings=ListOf(
        _record(
            "text",
            code=Text(100),
            kind=Text(words="finding kind"),
            text=FREE,
            responsible_body=Text(300),
            quotes=ListOf(_record("text", reference=Text(100), text=FREE)),
        )
    ),
    indicators=ListOf(INDICATOR),
    items=Tree(),
    columns=ListOf(_record("heading", role=FREE, level=FREE, heading=FREE)),
)


# --- checking ---------------------------------------------------------------------------


def check_document(data: Any) -> None:
    """Check a whole plan document in place (dates become dates); raise naming the path."""
    _Checker().check(data, DOCUMENT, "", 0)


def fit_document(data: dict[str, Any]) -> list[tuple[str, int | None, int]]:
    """Check a document, shortening text longer than its field allows.

    Return (path, source line of the item it is in, limit) for each value shortened.
    """
    checker = _Checker(clip=True)
    checker.check(data, DOCUMENT, "", 0)
    return checker.clipped


@dataclass
class _Checker:
    clip: bool = False
    clipped: list[tuple[str, int | None, int]] = field(default_factory=list)
    line: int | None = None

    def check(self, value: Any, shape: Shape, where: str, depth: int) -> Any:
        """Return the value as the writer takes it, or raise naming `where`."""
        if isinstance(shape, Text):
            return self.text(value, shape, where)
        if isinstance(shape, Date):
            return _date(value, where)
        if isinstance(shape, Whole):
            return _whole(value, where, shape.largest or LARGEST_WHOLE)
        if isinstance(shape, Tree):
            return self.tree(value, where, depth)
        if isinstance(shape, ListOf):
            items = _expect(value, list, where)
            for index, element in enumerate(items):
                items[index] = self.check(element, shape.element, f"{where}[{index}]", depth)
            return items
        return self.record(value, shape, where, depth)

    def record(self, value: Any, shape: Record, where: str, depth: int) -> Any:
        if value is None and shape.nullable:
            return None
        found = _expect(value, dict, where)
        missing = sorted(shape.required - found.keys())
        if missing:
            _refuse(_join(where, missing[0]), "missing")
        outer = self.line
        line = found.get("source_line")
        if isinstance(line, int) and not isinstance(line, bool):
            self.line = line
        for key, inner in shape.fields.items():
            if key in found:
                found[key] = self.check(found[key], inner, _join(where, key), depth)
        self.line = outer
        if shape.ordered:
            _in_order(found, shape.ordered, where)
        return found

    def tree(self, value: Any, where: str, depth: int) -> Any:
        if depth >= MAX_ITEM_DEPTH:
            _refuse(where, f"items are nested more than {MAX_ITEM_DEPTH} levels deep")
        return self.check(value, ListOf(ITEM), where, depth + 1)

    def text(self, value: Any, shape: Text, where: str) -> str:
        text: str = _expect(value, str, where)
        if "\x00" in text:
            _refuse(where, "contains a NUL character")
        if not _is_unicode(text):
            _refuse(where, "is not valid Unicode text")
        if shape.words and text not in allowed(shape.words):
            _refuse(where, f"{text[:40]!r} is not one of {sorted(allowed(shape.words))}")
        if shape.longest is not None and len(text) > shape.longest:
            if not self.clip:
                _refuse(where, f"longer than {shape.longest} characters")
            self.clipped.append((where, self.line, shape.longest))
            return text[: shape.longest]
        return text


NAMES: dict[type, str] = {
    type(None): "null",
    bool: "true or false",
    int: "a number",
    float: "a number",
    str: "text",
    list: "a list",
    dict: "an object",
}
WANTED: dict[type, str] = {str: "text", list: "a list", dict: "an object"}


def _refuse(where: str, message: str) -> NoReturn:
    raise InterchangeError(f"{where}: {message}" if where else message)


def _described(value: Any) -> str:
    return NAMES.get(type(value), type(value).__name__)


def _expect(value: Any, kind: type, where: str) -> Any:
    if not isinstance(value, kind):
        _refuse(where, f"must be {WANTED[kind]}, not {_described(value)}")
    return value


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if not isinstance(value, str):
        _refuse(where, f"must be a date (YYYY-MM-DD) or null, not {_described(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _refuse(where, f"{value[:40]!r} is not a date (YYYY-MM-DD)")


def _whole(value: Any, where: str, largest: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= largest:
        _refuse(where, f"must be a whole number from 0 to {largest}, or null")
    return value


def _in_order(found: dict[str, Any], keys: tuple[str, str], where: str) -> None:
    start, end = (found.get(key) for key in keys)
    if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
        _refuse(where, f"start {start} is after end {end}")


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
