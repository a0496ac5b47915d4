"""The columns of a plan's table in its own words, and each item's text in them.

A column has a key that says what it holds ("lead", "title:1", "level", "note:intended_outcome",
"milestones:Aug-19", "rating:Aug-19:Q1") and the heading the plan prints for it ("By whom?").
Headings come from the source's table headers when the import recorded them, else from what
the plan holds. A plan with milestone periods (`Plan.milestone_periods`) can show each period,
milestones or none, followed by the rating of each quarter under it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from wsoa.documents.models import SourceColumns
from wsoa.plans import models as m
from wsoa.plans.rag import Rag

NOTE_ORDER = [kind.value for kind in m.NoteKind]
DEFAULTS = {"number": "Ref", "lead": "Lead", "partners": "Partners", "due": "By when"}


@dataclass(frozen=True)
class Column:
    key: str
    heading: str

    @property
    def depth(self) -> int | None:
        """The tree depth of a title column, else None."""
        return int(self.key.split(":")[1]) if self.key.startswith("title:") else None


@dataclass
class PlanItems:
    """A plan's items in printed order with every part the table shows, fetched at once."""

    plan: m.Plan
    items: list[m.Item]
    levels: list[str]
    rag_words: dict[str, str] = field(default_factory=dict)

    @classmethod
    def fetch(cls, plan: m.Plan) -> PlanItems:
        items = list(
            m.Item.objects.filter(plan=plan)
            .order_by("position")
            .prefetch_related("people", "due_dates", "milestones__ratings", "notes")
        )
        levels = [level.name for level in plan.levels.all()]
        depth = max((item.depth for item in items), default=-1) + 1
        levels += [f"Level {d + 1}" for d in range(len(levels), depth)]
        words = dict(Rag.choices)
        words |= {r.code: r.label for r in plan.rag_levels.all() if r.label}
        return cls(plan, items, levels, words)


def clean(text: str) -> str:
    """Text as a spreadsheet cell can hold it: no control characters, Unix line ends."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(text)).replace("\r\n", "\n")
    return text.strip()


def plan_columns(data: PlanItems, *, periods: bool = False, level: bool = False) -> list[Column]:
    """Return the plan's columns: number, one per level, then people, dates, notes, RAG.

    With `periods`, the milestone columns are the plan's milestone periods in order, empty
    ones too, each followed by a rating column per quarter under it. With `level`, a "Level"
    column when some item's level is not its depth's.
    """
    printed = _printed(data.plan)
    columns = [Column("number", printed.get(("number", ""), DEFAULTS["number"]))]
    columns += [
        Column(f"title:{depth}", printed.get(("title", name), name))
        for depth, name in enumerate(data.levels)
    ]
    if level and any(getattr(i, "level", "") not in ("", data.levels[i.depth]) for i in data.items):
        columns.append(Column("level", "Level"))  # a row's level where it is not its depth's
    parts = _parts(data.items)
    for key in ("lead", "partners", "due"):
        if key in parts or (key, "") in printed:
            columns.append(Column(key, printed.get((key, ""), DEFAULTS[key])))
    columns += _note_columns(data.items, printed)
    if periods and data.plan.milestone_periods:
        columns += _period_columns(data, printed)
    else:
        columns += _milestone_columns(data.items, printed)
    status = printed.get(("status", ""), "")
    if "status" in parts:
        columns.append(Column("status", status if status and status.lower() != "rag" else "Status"))
    rag_heading = status if status.lower().startswith("rag") and "status" not in parts else "RAG"
    columns.append(Column("rag", rag_heading))
    return [Column(c.key, " ".join(clean(c.heading).split())) for c in columns]


def printed_roles(plan: m.Plan) -> set[str]:
    """The roles of the columns the plan's source printed ("status" for its RAG column…)."""
    return {role for role, _ in _printed(plan)}


def _printed(plan: m.Plan) -> dict[tuple[str, str], str]:
    found = SourceColumns.objects.filter(plan=plan).first()
    columns = found.columns if found else []
    return {(c.get("role", ""), c.get("level", "")): c["heading"] for c in columns}


def _parts(items: list[m.Item]) -> set[str]:
    found: set[str] = set()
    for item in items:
        found |= {person.part for person in item.people.all()}
        if item.due_dates.all():
            found.add("due")
        if item.status_text:
            found.add("status")
    return found


def _note_columns(items: list[m.Item], printed: dict[tuple[str, str], str]) -> list[Column]:
    headings: dict[str, Counter[str]] = {}
    for item in items:
        for note in item.notes.all():
            headings.setdefault(note.kind, Counter())[note.heading] += 1
    columns = []
    for kind in sorted(headings, key=NOTE_ORDER.index):
        common = [h for h, count in headings[kind].most_common() if h]
        shared = common[0] if common and (len(common) == 1 or headings[kind][common[0]] > 1) else ""
        heading = printed.get((kind, ""), shared or m.NoteKind(kind).label)
        columns.append(Column(f"note:{kind}", heading))
    return columns


def _milestone_columns(items: list[m.Item], printed: dict[tuple[str, str], str]) -> list[Column]:
    periods: list[str] = []
    for item in items:
        for milestone in item.milestones.all():
            if milestone.period_label not in periods:
                periods.append(milestone.period_label)
    heading = printed.get(("milestones", ""), "Milestones")
    return [Column(f"milestones:{period}", f"{heading} {period}".strip()) for period in periods]


def _period_columns(data: PlanItems, printed: dict[tuple[str, str], str]) -> list[Column]:
    heading = printed.get(("milestones", ""), "Milestones")
    periods = [(p["label"], list(p.get("quarters", []))) for p in data.plan.milestone_periods]
    known = {label for label, _ in periods}
    for column in _milestone_columns(data.items, printed):
        label = column.key.partition(":")[2]
        if label not in known:
            periods.append((label, []))
    columns = []
    for label, quarters in periods:
        columns.append(Column(f"milestones:{label}", f"{heading} {label}".strip()))
        columns += [Column(f"rating:{label}:{q}", f"RAG {q}") for q in quarters]
    return columns


def cell_values(item: m.Item, columns: list[Column], rag_words: dict[str, str]) -> dict[str, str]:
    """Return the item's text in each column, as the table shows it."""
    return {column.key: clean(_value(item, column, rag_words)) for column in columns}


def _value(item: m.Item, column: Column, rag_words: dict[str, str]) -> str:
    key, _, detail = column.key.partition(":")
    if key == "number":
        return item.number
    if key == "title":
        return item.title if item.depth == int(detail) else ""
    if key == "level":
        return getattr(item, "level", "")
    if key in ("lead", "partners"):
        part = "lead" if key == "lead" else "partner"
        return "\n".join(p.text for p in item.people.all() if p.part == part)
    if key == "due":
        return "\n".join(d.text for d in item.due_dates.all())
    if key == "note":
        return "\n\n".join(n.text for n in item.notes.all() if n.kind == detail)
    if key == "milestones":
        return "\n\n".join(ms.text for ms in item.milestones.all() if ms.period_label == detail)
    if key == "rating":
        period, _, quarter = detail.rpartition(":")
        return _rating(item, period, quarter, rag_words)
    if key == "status":
        return item.status_text
    return rag_words.get(item.rag, item.rag) if item.rag else ""


def _rating(item: m.Item, period: str, quarter: str, rag_words: dict[str, str]) -> str:
    """The quarter's latest rating of each of the item's milestones of the period."""
    found = []
    for milestone in item.milestones.all():
        latest = [r for r in milestone.ratings.all() if r.period_label == quarter][-1:]
        if milestone.period_label == period and latest:
            found.append(latest[0].text or rag_words.get(latest[0].rag, latest[0].rag))
    return "\n".join(found)
