"""What a board pack says, gathered in a bounded number of queries into plain JSON-safe data.

The HTML, Word and PDF outputs are all rendered from this data, and the snapshot keeps it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.urls import reverse
from django.utils import timezone

from wsoa.core.dates import long_date
from wsoa.core.models import AuditEvent
from wsoa.core.people import display_name, names_in_area
from wsoa.plans.models import Board, Item, ItemPerson, Milestone, Plan, PlanVersion
from wsoa.plans.people import LeadResolver
from wsoa.plans.presenters import rating as ratings
from wsoa.plans.presenters.dashboard import top_name
from wsoa.plans.presenters.wording import item_label, level_names
from wsoa.plans.rag import DEFAULT_SCALE, Rag
from wsoa.plans.versioning import agreed_by, version_content, version_items
from wsoa.progress.models import Outcome, RagDecision, ReportingPeriod
from wsoa.reports import pack_overdue
from wsoa.reports.pack_glance import at_a_glance
from wsoa.reports.pack_kpi import gather_kpi
from wsoa.reports.pack_text import Paths, summary
from wsoa.reports.window import Window

Data = dict[str, Any]
RATED = (Rag.RED, Rag.AMBER, Rag.GREEN)
LINKED_LISTS = ("completed", "overdue", "due_soon", "red")  # lists whose rows link to the detail
COUNT_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, Rag.NOT_STARTED, Rag.NOT_DUE, ""]


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def build_pack(
    plan: Plan,
    window: Window,
    *,
    board: Board | None = None,
    period: ReportingPeriod | None = None,
    version: PlanVersion | None = None,
) -> Data:
    """Gather everything the pack shows for the plan over the window.

    With an agreed version, the pack says which version the board holds the plan to, and
    lists the items added since it (not yet agreed) and those withdrawn since.
    """
    rows = Item.objects.filter(plan=plan).current().prefetch_related("milestones")
    items = list(rows.order_by("position"))
    names = level_names(plan, items)
    words = rag_words(plan)
    links = ItemLinks(plan, items, names, words, leads=leads_by_item(plan))
    decisions = _decisions(plan, window)
    data: Data = {
        "title": pack_title(plan, board, period, window),
        "plan": {"id": plan.pk, "title": plan.title, "area": plan.area.name},
        "board": board.name if board else "",
        "period": period.label if period else "",
        "basis": window.basis,
        "since": iso(window.since),
        "until": iso(window.until),
        "next_meeting_on": iso(window.next_meeting_on),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "generated_text": f"{long_date(timezone.localdate())} at {timezone.localtime():%H:%M}",
        "rag_key": [[code, Rag(code).label, label] for code, label in words.items()],
        "rag_columns": [[c, Rag(c).label if c else "Not rated"] for c in COUNT_ORDER],
    }
    data["version"] = _version(version, items, links) if version is not None else None
    data["summary"] = _summary(items, links)
    data |= _item_lists(items, links, window, decisions, words)
    data["red"] = [row for row in data["in_progress"] if row["rag"] == Rag.RED]
    data["detail"] = _detail(data)
    data |= pack_overdue.bound(data["overdue"], links.by_id, names)
    data["appendix"] = "red"  # the detail holds the red items only; the others link to the site
    data["slipped"] = _slipped(plan, items, links, window, decisions)
    people = names_in_area(plan.area_id)
    data["rag_changes"] = _rag_changes(plan, links, decisions, people)
    data |= gather_kpi(plan, people)
    top_level = names.get(0, "Top-level item")
    data["glance"] = at_a_glance(plan, items, data, window, period=period, top_level=top_level)
    return data


def _version(version: PlanVersion, items: list[Item], links: ItemLinks) -> Data:
    """The version the board is held to, and how the plan has moved on from it."""
    held = {int(i["id"]): i for i in version_items(version_content(version)) if i.get("id")}
    agreed = {pk for pk, i in held.items() if not i.get("withdrawn")}
    current = {item.pk for item in items}
    withdrawn = [
        {"label": " ".join(filter(None, [i.get("level", ""), i.get("number", "")])) or "Item",
         "title": i.get("title", "")}
        for pk, i in held.items() if pk in agreed and pk not in current
    ]  # fmt: skip
    return {
        "number": version.number,
        "agreed_on": iso(version.agreed_on),
        "agreed_by": agreed_by(version),
        "note": version.note,
        "added": [links.row(item) for item in items if item.pk not in agreed],
        "withdrawn": withdrawn,
    }


def pack_title(
    plan: Plan, board: Board | None, period: ReportingPeriod | None, window: Window
) -> str:
    when = period.label if period else f"to {long_date(window.until)}"
    return f"{board.name}: board pack, {when}" if board else f"Board pack, {when}"


def rag_words(plan: Plan) -> dict[str, str]:
    """The plan's own words for each step of its RAG scale, or the default scale."""
    levels = [(level.code, level.label) for level in plan.rag_levels.all()]
    return dict(levels or [(str(code), label) for code, label in DEFAULT_SCALE])


class ItemLinks:
    """Labels, links, ratings and top-level areas of a plan's items, from one list of rows."""

    def __init__(
        self,
        plan: Plan,
        items: list[Item],
        names: dict[int, str],
        words: dict[str, str] | None = None,
        *,
        leads: dict[int, str] | None = None,
    ) -> None:
        self.by_id = {item.pk: item for item in items}
        self.names = names
        self.words = words if words is not None else rag_words(plan)
        self.confirmed = ratings.confirmed_ids(self.by_id)  # one query for the whole pack
        self.prefix = reverse("progress:item", args=[plan.area.slug, plan.pk, 0])[:-2]
        self.paths = Paths(plan.pk, self.by_id, names)
        self.leads = leads or {}

    def label(self, item: Item) -> str:
        return item_label(item, self.names)

    def url(self, item: Item) -> str:
        return f"{self.prefix}{item.pk}/"

    def top(self, item: Item) -> Item:
        while item.parent_id is not None and item.parent_id in self.by_id:
            item = self.by_id[item.parent_id]
        return item

    def row(self, item: Item) -> Data:
        top = self.top(item)
        found = ratings.rating_of(item, self.words, item.pk in self.confirmed)
        return {
            "id": item.pk,
            "label": self.label(item),
            "title": item.title,
            "summary": summary(item.title),
            "path": self.paths.of(item),
            "url": self.url(item),
            "lead": self.leads.get(item.pk, ""),
            "area": self.label(top),
            "area_anchor": f"area-{top.pk}",
            "rag": item.rag,
            "rag_word": Rag(item.rag).label if item.rag in Rag.values else "Not rated",
            "confirmed": found.is_confirmed,
            "rating_words": ratings.rag_words(found.rag, self.words),
            "printed": found.printed,
            "rating_text": rating_text(found, self.words),
            "due": iso(item.due),
            "baseline": iso(item.due_end),
        }


def leads_by_item(plan: Plan) -> dict[int, str]:
    """Each item's leads as printed, initials with the name the plan's key gives (2 queries)."""
    resolver = LeadResolver(plan.people.all())
    found: dict[int, list[str]] = {}
    rows = ItemPerson.objects.filter(item__plan=plan, part=ItemPerson.Part.LEAD)
    for item_id, text in rows.order_by("item_id", "position").values_list("item_id", "text"):
        found.setdefault(item_id, []).append(resolver.shown(" ".join(text.split())))
    return {item_id: "; ".join(texts) for item_id, texts in found.items()}


def rating_text(found: ratings.Rating, words: dict[str, str]) -> str:
    """An item's rating in words: the confirmed rating, else the status as printed."""
    if found.is_confirmed:
        return ratings.rag_words(found.rag, words)
    if found.printed:
        return f"{ratings.PRINTED}: {found.printed}"
    return "Not rated"


def _summary(items: list[Item], links: ItemLinks) -> list[Data]:
    """One row per top-level area or workstream: RAG counts of everything under it."""
    counts: dict[int, Counter[str]] = {i.pk: Counter() for i in items if i.parent_id is None}
    members: dict[int, list[Data]] = {pk: [] for pk in counts}
    for item in items:
        top = links.top(item)
        if item.pk != top.pk and top.pk in counts:
            counts[top.pk][item.rag if item.rag in Rag.values else ""] += 1
            members[top.pk].append(links.row(item))
    rows = []
    for pk, found in counts.items():
        top = links.by_id[pk]
        rows.append(
            {
                **links.row(top),
                "name": top_name(top, links.names),
                "anchor": f"area-{pk}",
                "counts": [found.get(code, 0) for code in COUNT_ORDER],
                "total": sum(found.values()),
                "items": members[pk],
            }
        )
    return rows


def _decisions(plan: Plan, window: Window) -> list[RagDecision]:
    """The plan's confirmed ratings in the window, oldest first (one query)."""
    rows = RagDecision.objects.filter(item__plan=plan, outcome=Outcome.CONFIRMED)
    if window.start_at is not None:
        rows = rows.filter(decided_at__gte=window.start_at)
    rows = rows.filter(decided_at__lte=window.end_at)
    return list(rows.select_related("update", "decided_by").order_by("decided_at", "pk"))


def _item_lists(
    items: list[Item],
    links: ItemLinks,
    window: Window,
    decisions: list[RagDecision],
    words: dict[str, str],
) -> Data:
    today, upcoming = window.until, window.next_meeting_on
    completed_now = {d.item_id for d in decisions if d.rag == Rag.BLUE}
    found: Data = {"completed": [], "in_progress": [], "overdue": [], "due_soon": []}
    for item in items:
        if item.rag == Rag.BLUE:
            if window.start_at is None or item.pk in completed_now:
                found["completed"].append(links.row(item))
            continue
        if item.is_overdue(today):
            found["overdue"].append(_late(links.row(item), item, today))
        elif item.rag in RATED:
            found["in_progress"].append(links.row(item))
        if any(today <= d < upcoming for d in item.open_due_dates()):
            found["due_soon"].append(links.row(item))
    return found


def _late(row: Data, item: Item, today: dt.date) -> Data:
    """An overdue item's row with the date it fell due (its own, or its earliest milestone's
    not complete) and how many days late it is today."""
    passed = [day for day in item.open_due_dates() if day < today]
    late_on = min(passed) if passed else today
    milestone = item.due is None or item.due >= today
    return {**row, "late_on": iso(late_on), "days_late": (today - late_on).days,
            "late_by_milestone": milestone}  # fmt: skip


def _slipped(
    plan: Plan,
    items: list[Item],
    links: ItemLinks,
    window: Window,
    decisions: list[RagDecision],
) -> list[Data]:
    """Items and milestones now due later than their baseline, revised in the window."""
    agreed: dict[tuple[str, int], dt.date] = {}
    for decision in decisions:
        update = decision.update
        if update.revised_due is None:
            continue
        key = (
            ("milestone", update.milestone_id) if update.milestone_id else ("item", update.item_id)
        )
        agreed[key] = timezone.localdate(decision.decided_at)
    rows = []
    for item in items:
        if item.slipped and (window.start_at is None or ("item", item.pk) in agreed):
            rows.append(_slip_row("Item", links.row(item), item, agreed.get(("item", item.pk))))
    milestones = Milestone.objects.filter(item__plan=plan).order_by("item__position", "position")
    for milestone in milestones:
        key = ("milestone", milestone.pk)
        if milestone.slipped and (window.start_at is None or key in agreed):
            row = links.row(links.by_id[milestone.item_id])
            rows.append(_slip_row("Milestone", row, milestone, agreed.get(key)))
    return rows


def _slip_row(kind: str, row: Data, thing: Item | Milestone, agreed_on: dt.date | None) -> Data:
    text = thing.title if isinstance(thing, Item) else thing.text
    baseline, current = thing.due_end, thing.current_due
    late = (current - baseline).days if baseline and current else 0
    return {
        **row,
        "kind": kind,
        "text": text,
        "baseline": iso(baseline),
        "current": iso(current),
        "days_late": late,
        "agreed_on": iso(agreed_on),
    }


def _rag_changes(
    plan: Plan, links: ItemLinks, decisions: list[RagDecision], names: dict[int, str]
) -> list[Data]:
    """Each confirmed rating in the window that changed the item's RAG, with its reason."""
    if not decisions:
        return []
    events = AuditEvent.objects.filter(
        area_id=plan.area_id,
        action=f"rag.{Outcome.CONFIRMED}",
        object_type="item",
        object_id__in={d.item_id for d in decisions},
    ).values_list("changes", flat=True)
    before = {
        change["update"]: change["rag"]["before"]
        for change in events
        if isinstance(change, dict) and "rag" in change and "update" in change
    }
    rows = []
    for decision in decisions:
        if decision.update_id not in before:
            continue
        was = before[decision.update_id]
        rows.append(
            {
                **links.row(links.by_id[decision.item_id]),
                "before": was,
                "before_word": Rag(was).label if was in Rag.values else "Not rated",
                "after": decision.rag,
                "after_word": Rag(decision.rag).label,
                "reason": decision.reason or decision.update.commentary,
                "decided_on": iso(timezone.localdate(decision.decided_at)),
                "decided_by": names.get(decision.decided_by_id) or _name(decision.decided_by),
            }
        )
    return rows


def _name(user: Any) -> str:
    if user is None:
        return ""
    return display_name(user)


def _detail(data: Data) -> list[Data]:
    """Each area with the red items the pack's lists name, in the plan's order, in full.

    Only red items are given in full, in the appendix: the lists give every other item's
    place and first sentence, and each links to the item's page, where its full text is.
    The rows of the lists say which they are (`detailed`), to link to the appendix or the site.
    """
    listed: dict[int, Data] = {}
    for key in LINKED_LISTS:
        for row in data[key]:
            row["detailed"] = row["rag"] == Rag.RED
            if row["detailed"]:
                listed[row["id"]] = row
    areas = []
    for area in data["summary"]:
        ids = [area["id"], *(row["id"] for row in area["items"])]
        rows = [listed[pk] for pk in ids if pk in listed]
        fields = ("id", "anchor", "label", "name", "title", "url")
        areas.append({**{key: area[key] for key in fields}, "items": rows})
    return areas
