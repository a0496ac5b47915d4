"""The item page: everything the plan says about one item, and where it sits in the tree."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model, Prefetch, prefetch_related_objects

from wsoa.plans import caching
from wsoa.plans.models import (
    Item,
    ItemLink,
    ItemNote,
    ItemPerson,
    ItemQuerySet,
    Milestone,
    Person,
    Plan,
)
from wsoa.plans.people import LeadResolver
from wsoa.plans.presenters.rating import Rating, rating_of, with_confirmation
from wsoa.plans.presenters.wording import (
    describe_due,
    item_label,
    level_names,
    overdue_reason,
    rag_wording,
)


def _depth_first(rows: Iterable[Item]) -> list[Item]:
    """Return items in reading order: each item, then everything under it, siblings by position."""
    rows = list(rows)
    ids = {row.pk for row in rows}
    children: dict[int | None, list[Item]] = {}
    for row in rows:
        parent = row.parent_id if row.parent_id in ids else None
        children.setdefault(parent, []).append(row)
    ordered: list[Item] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        row = stack.pop()
        ordered.append(row)
        stack.extend(reversed(children.get(row.pk, [])))
    return ordered


class Outline:
    """Every item of the plan by id, with its label, to place one item among the rest."""

    def __init__(self, plan: Plan) -> None:
        rows = with_confirmation(Item.objects.filter(plan=plan)).order_by("position", "id")
        self.items = _depth_first(rows)
        names = level_names(plan, self.items)
        self.labels = {item.pk: item_label(item, names) for item in self.items}
        self.by_id = {item.pk: item for item in self.items}

    def get(self, pk: int | None) -> Item | None:
        return self.by_id.get(pk) if pk is not None else None

    def labelled(self, item: Item | None) -> tuple[Item, str] | None:
        return (item, self.labels[item.pk]) if item is not None else None

    def neighbours(self, item: Item) -> tuple[tuple[Item, str] | None, tuple[Item, str] | None]:
        """Return the items printed just before and just after this one."""
        index = next(i for i, row in enumerate(self.items) if row.pk == item.pk)
        before = self.items[index - 1] if index > 0 else None
        after = self.items[index + 1] if index + 1 < len(self.items) else None
        return self.labelled(before), self.labelled(after)

    def ancestors(self, item: Item) -> list[tuple[Item, str]]:
        """Return the items above this one, outermost first."""
        chain: list[Item] = []
        parent = self.get(item.parent_id)
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = self.get(parent.parent_id)
        return [(row, self.labels[row.pk]) for row in reversed(chain)]

    def children(self, item: Item) -> list[tuple[Item, str]]:
        return [(row, self.labels[row.pk]) for row in self.items if row.parent_id == item.pk]


@dataclass
class NoteGroup:
    """Notes of one kind under the plan's heading for them."""

    heading: str
    notes: list[ItemNote] = field(default_factory=list)

    @property
    def entries(self) -> list[tuple[ItemNote, str]]:
        """Return each note with its own heading where that differs from the group's."""
        return [(note, _own_heading(note, self.heading)) for note in self.notes]


@dataclass
class Named:
    """A lead or partner as printed, with the plan's person when the plan's key names them."""

    text: str
    person: Person | None
    shown: str = ""  # as a reader sees it: initials with the names the plan's key gives them


@dataclass
class Link:
    link: ItemLink
    target: Item | None
    label: str


@dataclass
class ItemPage:
    plan: Plan
    item: Item
    label: str
    ancestors: list[tuple[Item, str]]
    children: list[tuple[Item, str]]
    previous: tuple[Item, str] | None
    next: tuple[Item, str] | None
    leads: list[Named]
    partners: list[Named]
    dues: list[tuple[str, str]]
    note_groups: list[NoteGroup]
    links: list[Link]
    overdue: bool
    rating: Rating
    overdue_reason: str = ""  # its own date, or the milestone that makes it overdue


def _part_lookups() -> dict[str, str | Prefetch]:
    """Everything the plan says about an item, by the name of its relation on the item."""
    return {
        "people": Prefetch("people", queryset=ItemPerson.objects.select_related("person")),
        "due_dates": "due_dates",
        "milestones": Prefetch(
            "milestones", queryset=Milestone.objects.prefetch_related("ratings")
        ),
        "notes": "notes",
        "links": "links",
        "findings": "findings",
        "indicators": "indicators",
    }


def items_with_parts(plan: Plan) -> ItemQuerySet:
    """Return the plan's items, each fetched with everything the plan says about it."""
    return Item.objects.filter(plan=plan).prefetch_related(*_part_lookups().values())


@functools.cache
def _part_tables() -> dict[str, tuple[str, str]]:
    """The table and item column of each part, from the models (findings: their join table)."""
    tables = {}
    for name in _part_lookups():
        relation: Any = Item._meta.get_field(name)
        model = relation.remote_field.through if relation.many_to_many else relation.related_model
        tables[name] = (model._meta.db_table, model._meta.get_field("item").column)
    return tables


def parts_present(item_id: int) -> set[str]:
    """Return which of the item's parts have rows, in one query of EXISTS probes on their
    indexed item columns (most items have no notes, links, findings or indicators)."""
    quote = connection.ops.quote_name
    tables = _part_tables()
    probes = ", ".join(
        f"EXISTS (SELECT 1 FROM {quote(table)} WHERE {quote(column)} = %s)"  # noqa: S608
        for table, column in tables.values()
    )  # table and column names come from the models; the id is a parameter
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {probes}", [item_id] * len(tables))
        found = cursor.fetchone()
    return {name for name, present in zip(tables, found, strict=True) if present}


def with_parts(item: Item) -> Item:
    """Fetch what the plan says about one item, as items_with_parts does, in fewer queries:
    only the parts that have rows are read; the others are known to be empty."""
    present = parts_present(item.pk)
    lookups = _part_lookups()
    prefetch_related_objects([item], *(lookups[name] for name in lookups if name in present))
    for name in lookups.keys() - present:
        known_empty([item], name)
    return item


def known_empty(rows: Iterable[Model], name: str) -> None:
    """Mark each row's relation `name` as read and empty, as prefetching would with no rows
    (one empty result shared by all: nothing reads it but to find it empty)."""
    rows = list(rows)
    if not rows:
        return
    relation: Any = rows[0]._meta.get_field(name)
    empty: Any = relation.related_model._default_manager.none()
    empty._result_cache = []
    empty._prefetch_done = True
    for row in rows:
        row.__dict__.setdefault("_prefetched_objects_cache", {})[name] = empty


def item_page(
    plan: Plan, item: Item, today: dt.date, version: caching.ContentVersion | None = None
) -> ItemPage:
    """Return the item page for an item fetched with its parts (see items_with_parts).

    The rest of the plan comes from the outline cached under the plan's `version`."""
    from wsoa.plans.presenters.item_outline import CachedOutline  # it extends Outline

    version = version or caching.content_version(plan, today)
    outline = CachedOutline(plan, version)
    people = list(item.people.all())
    resolver = LeadResolver(caching.cached_rows(version, "people", plan.people.all()))
    previous, following = outline.neighbours(item)
    return ItemPage(
        plan=plan,
        item=item,
        label=outline.labels[item.pk],
        ancestors=outline.ancestors(item),
        children=outline.children(item),
        previous=previous,
        next=following,
        leads=[_named(p, plan, resolver) for p in people if p.part == ItemPerson.Part.LEAD],
        partners=[_named(p, plan, resolver) for p in people if p.part == ItemPerson.Part.PARTNER],
        dues=[(due.text, describe_due(due)) for due in item.due_dates.all()],
        note_groups=group_notes(item.notes.all()),
        links=[_link(link, outline) for link in item.links.all()],
        overdue=item.is_overdue(today),
        overdue_reason=overdue_reason(item, today),
        rating=rating_of(item, rag_wording(plan), _confirmed(item, outline)),
    )


def _confirmed(item: Item, outline: Outline) -> bool | None:
    """Whether the item's rating is confirmed, as the outline read it (None: read it now)."""
    known = outline.get(item.pk)
    return getattr(known, "rating_confirmed", None) if known is not None else None


def group_notes(notes: Iterable[ItemNote]) -> list[NoteGroup]:
    """Group notes by kind in the order they first appear, under the plan's heading."""
    groups: dict[str, NoteGroup] = {}
    for note in notes:
        groups.setdefault(note.kind, NoteGroup(heading="")).notes.append(note)
    for group in groups.values():
        headings = {note.heading.strip() for note in group.notes}
        only = headings.pop() if len(headings) == 1 else ""
        group.heading = only or group.notes[0].get_kind_display()
    return list(groups.values())


def _link(link: ItemLink, outline: Outline) -> Link:
    target = outline.get(link.target_id)
    return Link(link, target, outline.labels[target.pk] if target else "")


def _named(role: ItemPerson, plan: Plan, resolver: LeadResolver) -> Named:
    person = role.person if role.person is not None and role.person.plan_id == plan.pk else None
    return Named(role.text, person, resolver.shown(role.text))


def _own_heading(note: ItemNote, group_heading: str) -> str:
    heading = note.heading.strip()
    return heading if heading.lower() != group_heading.strip().lower() else ""
