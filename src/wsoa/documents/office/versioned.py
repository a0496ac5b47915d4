"""A version's items in the shape the Word and Excel exports read, from its frozen content.

The exports read items through `PlanItems` (`columns.py`): each item's number, title, depth,
status, RAG and its people, dates, notes and milestones through `.all()`. A version holds the
same values in the interchange format, so `version_items` gives light stand-ins for the items
as they were agreed (withdrawn items left out), and the exports render them unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from wsoa.documents.office.columns import PlanItems
from wsoa.plans import models as m
from wsoa.plans.rag import Rag
from wsoa.plans.versioning import version_content


class _Rows(list[Any]):
    """A list that answers `.all()`, as a prefetched related manager does."""

    def all(self) -> _Rows:
        return self


@dataclass
class _Part:
    text: str = ""
    part: str = ""
    kind: str = ""
    heading: str = ""
    period_label: str = ""
    rag: str = ""
    ratings: _Rows = field(default_factory=_Rows)


@dataclass
class _Item:
    pk: int
    number: str
    title: str
    depth: int
    status_text: str
    rag: str
    version: int = 0  # not a live item: a workbook of a version is stale against the plan
    people: _Rows = field(default_factory=_Rows)
    due_dates: _Rows = field(default_factory=_Rows)
    notes: _Rows = field(default_factory=_Rows)
    milestones: _Rows = field(default_factory=_Rows)


def version_items(version: m.PlanVersion) -> PlanItems:
    """The version's items as the exports read them (checksum checked first)."""
    content = version_content(version)
    plan = version.plan
    items: list[_Item] = []
    _walk(content.get("items", []), 0, items)
    levels = list(content.get("levels", []))
    depth = max((item.depth for item in items), default=-1) + 1
    levels += [f"Level {d + 1}" for d in range(len(levels), depth)]
    words = dict(Rag.choices) | {
        r["code"]: r["label"] for r in content.get("rag_scale", []) if r.get("label")
    }
    return PlanItems(plan, cast(list[m.Item], items), levels, words)


def _walk(found: list[dict[str, Any]], depth: int, into: list[_Item]) -> None:
    for data in found:
        if data.get("withdrawn"):
            continue
        into.append(_item(data, depth))
        _walk(data.get("children", []), depth + 1, into)


def _item(data: dict[str, Any], depth: int) -> _Item:
    item = _Item(
        pk=int(data.get("id") or 0), number=data.get("number", ""), title=data.get("title", ""),
        depth=depth, status_text=data.get("status", ""), rag=data.get("rag", ""),
    )  # fmt: skip
    item.people = _Rows(
        [_Part(text=t, part="lead") for t in data.get("leads", [])]
        + [_Part(text=t, part="partner") for t in data.get("partners", [])]
    )
    item.due_dates = _Rows(_Part(text=d.get("text", "")) for d in data.get("due", []))
    item.notes = _Rows(
        _Part(text=n.get("text", ""), kind=n.get("kind", ""), heading=n.get("heading", ""))
        for n in data.get("notes", [])
    )
    item.milestones = _Rows(
        _Part(text=ms.get("text", ""), period_label=ms.get("period", ""), ratings=_ratings(ms))
        for ms in data.get("milestones", [])
    )
    return item


def _ratings(milestone: dict[str, Any]) -> _Rows:
    found = milestone.get("ratings", [])
    return _Rows(
        _Part(text=r.get("text", ""), rag=r.get("rag", ""), period_label=r["period"]) for r in found
    )
