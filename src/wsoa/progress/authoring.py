"""Building a plan in the browser: start one from nothing, add items, change every part of one.

Each function is one transaction and one audit row (`plan.created`, `item.added`,
`item.edited`, `person.added`). Item edits are refused when someone else changed the item
since it was opened (`StaleEdit`, as for every item edit). Milestone, note, link and indicator
changes are folded into `item.edited`: its `changes` hold each field's before and after, in
the field names of the interchange format (`text`, `leads`, `due`, `milestones` …).

Dates are kept as written and read with `plans.datetext`; a text that reads as no date is
kept all the same. Rows with history of their own (a milestone with ratings or updates, an
indicator the scorecard follows) are never deleted here: removing one is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.db import models, transaction

from wsoa.core.audit import record_event
from wsoa.core.models import LocalArea
from wsoa.plans import models as m
from wsoa.plans.datetext import parse_date_text
from wsoa.plans.people import LeadResolver
from wsoa.plans.rag import DEFAULT_SCALE, Rag
from wsoa.progress import arranging
from wsoa.progress.services import CycleError, StaleEdit, events_since

DUE_SEPARATOR = "; "


@dataclass
class MilestoneIn:
    text: str
    due: str = ""  # as written ("Aug-19", "end of March 2025"), read with plans.datetext
    id: int | None = None  # an existing milestone of the item to keep (its ratings, completion)


@dataclass
class ItemFields:
    """An item's values as written; None leaves a field unchanged."""

    number: str | None = None
    text: str | None = None
    leads: list[str] | None = None
    partners: list[str] | None = None
    due: str | None = None  # several dates written "Dec 2018; 6 monthly"
    revised_due: dt.date | None = None
    clear_revised_due: bool = False  # remove the revised date (revised_due None leaves it)
    status: str | None = None
    notes: list[tuple[str, str, str]] | None = None  # (NoteKind value, heading, text)
    milestones: list[MilestoneIn] | None = None
    findings: list[int] | None = None
    links: list[int] | None = None
    indicators: list[tuple[str, str]] | None = None  # (text, target as printed)


class AuthoringError(CycleError):
    """A change to the plan that cannot be made; the message says why and nothing is written."""


def create_plan(
    *,
    area: LocalArea,
    by: Any,
    title: str,
    issuer: str,
    kind: str,
    period: str,
    levels: list[str],
    rag_scale: list[tuple[str, str]] | None,
    numbering: str,
) -> m.Plan:
    """Start an empty plan with its level names and rating scale (the default one if None)."""
    names = [n.strip() for n in levels if n.strip()]
    scale = DEFAULT_SCALE if rag_scale is None else rag_scale
    _check_plan(title=title, kind=kind, names=names, scale=scale, numbering=numbering)
    read = parse_date_text(period)
    with transaction.atomic():
        plan = m.Plan.objects.create(
            area=area,
            title=title.strip(),
            issuer=issuer.strip(),
            kind=kind,
            period_text=read.text,
            period_start=read.start,
            period_end=read.end,
            numbering=numbering,
        )
        m.PlanLevel.objects.bulk_create(
            m.PlanLevel(plan=plan, depth=d, name=name) for d, name in enumerate(names)
        )
        m.RagLevel.objects.bulk_create(
            m.RagLevel(plan=plan, position=i, code=code, label=label.strip())
            for i, (code, label) in enumerate(scale)
        )
        record_event(
            obj=plan,
            by=by,
            action="plan.created",
            summary=f"Started the plan {plan.title}",
            changes={
                "title": plan.title,
                "issuer": plan.issuer,
                "kind": kind,
                "period": plan.period_text,
                "levels": names,
                "numbering": numbering,
                "rag_scale": [[c, label] for c, label in scale],
            },
        )
    return plan


def _check_plan(
    *, title: str, kind: str, names: list[str], scale: list[tuple[str, str]], numbering: str
) -> None:
    if not title.strip():
        raise AuthoringError("Enter the plan's title.")
    if kind not in m.PlanKind.values:
        raise AuthoringError("Choose what kind of plan it is.")
    if not names:
        raise AuthoringError("Enter the name of at least one level, for example “Priority area”.")
    if any(len(n) > 100 for n in names):
        raise AuthoringError("Each level's name must be 100 characters or fewer.")
    if numbering not in m.Numbering.values:
        raise AuthoringError("Choose how the plan's items are numbered.")
    if not scale or any(code not in Rag.values or not label.strip() for code, label in scale):
        raise AuthoringError("Give each rating of the scale its words.")


def add_person(
    *,
    plan: m.Plan,
    by: Any,
    name: str,
    short_code: str = "",
    role: str = "",
    organisation: str = "",
    user: Any = None,
) -> m.Person:
    """Add someone the plan names (a lead or partner), with their role and organisation;
    `user` links them to their account, so the items they lead are theirs to update."""
    if not name.strip():
        raise AuthoringError("Enter the person's name.")
    if short_code.strip() and plan.people.filter(short_code=short_code.strip()).exists():
        raise AuthoringError(f"The plan already uses the short code “{short_code.strip()}”.")
    with transaction.atomic():
        person = m.Person.objects.create(
            plan=plan,
            name=name.strip(),
            short_code=short_code.strip(),
            role=role.strip(),
            organisation=organisation.strip(),
            user=user,
        )
        record_event(
            obj=person,
            by=by,
            action="person.added",
            summary=f"Added {person} to the plan",
            changes={
                "name": person.name,
                "short_code": person.short_code,
                "role": person.role,
                "organisation": person.organisation,
                "account": user.get_username() if user is not None else "",
            },
        )
    return person


def add_item(
    *,
    plan: m.Plan,
    by: Any,
    fields: ItemFields,
    parent: m.Item | None = None,
    after: m.Item | None = None,
) -> m.Item:
    """Add an item at the top level, as the last child of `parent`, or just after `after`."""
    if not (fields.text or "").strip():
        raise AuthoringError("Enter the item's text.")
    for given in (parent, after):
        if given is not None and given.plan_id != plan.pk:
            raise AuthoringError("That item belongs to another plan.")
    if after is not None:
        if parent is not None and after.parent_id != parent.pk:
            raise AuthoringError("The item it follows has another parent.")
        parent = after.parent
    depth = parent.depth + 1 if parent is not None else 0
    with transaction.atomic():
        m.Plan.objects.select_for_update().filter(pk=plan.pk).first()  # one tree change at a time
        position = _insert_at(plan, after or parent)
        item = m.Item.objects.create(
            plan=plan,
            parent=parent,
            depth=depth,
            level=plan.level_name(depth)[:100],
            position=position,
            title=fields.text or "",
        )
        empty = item_fields(item)
        empty.text = ""
        _apply(item, fields, plan=plan)
        arranging.reorder(plan)
        if plan.numbering == m.Numbering.AUTOMATIC:
            arranging.renumber(plan=plan, by=by)
        item.refresh_from_db()
        changes = _diff(empty, item_fields(item))
        changes["parent"] = parent.number if parent is not None else None
        record_event(
            obj=item,
            by=by,
            action="item.added",
            summary=f"Added {item.level} {item.number}",
            changes=changes,
        )
    return item


def _insert_at(plan: m.Plan, before: m.Item | None) -> int:
    """Make room just past `before` and its descendants (the end of the plan if None)."""
    items = m.Item.objects.filter(plan=plan)
    if before is None:
        last = items.aggregate(last=models.Max("position"))["last"]
        return (last or 0) + 1
    end = before.position
    for row in items.filter(position__gt=before.position).values("position", "depth"):
        if row["depth"] <= before.depth:
            break
        end = row["position"]
    items.filter(position__gt=end).update(position=models.F("position") + 1)
    return end + 1


def change_item(*, item: m.Item, by: Any, version: int, fields: ItemFields) -> m.Item:
    """Save the given fields if nobody changed the item since `version`; else raise StaleEdit."""
    if fields.text is not None and not fields.text.strip():
        raise AuthoringError("Enter the item's text.")
    with transaction.atomic():
        locked = m.Item.objects.select_for_update().select_related("plan__area").get(pk=item.pk)
        if locked.version != version:
            raise StaleEdit(locked, events_since(locked, version=version))
        before = item_fields(locked)
        _apply(locked, fields, plan=locked.plan)
        changes = _diff(before, item_fields(locked))
        if not changes:
            return locked
        locked.version = version + 1
        locked.save(update_fields=["version"])
        changes["version"] = locked.version
        record_event(
            obj=locked,
            by=by,
            action="item.edited",
            summary=f"Edited {', '.join(n for n in changes if n != 'version')}",
            changes=changes,
        )
    return locked


def item_fields(item: m.Item) -> ItemFields:
    """The item's current values, every field filled (read through its prefetchable parts)."""
    people = list(item.people.all())
    return ItemFields(
        number=item.number,
        text=item.title,
        leads=[p.text for p in people if p.part == m.ItemPerson.Part.LEAD],
        partners=[p.text for p in people if p.part == m.ItemPerson.Part.PARTNER],
        due=DUE_SEPARATOR.join(d.text for d in item.due_dates.all()),
        revised_due=item.current_due,
        status=item.status_text,
        notes=[(n.kind, n.heading, n.text) for n in item.notes.all()],
        milestones=[MilestoneIn(x.text, x.due_text, x.pk) for x in item.milestones.all()],
        findings=sorted(f.pk for f in item.findings.all()),
        links=[link.target_id for link in item.links.all() if link.target_id is not None],
        indicators=[(i.text, i.target_text) for i in item.indicators.all()],
    )


def _diff(before: ItemFields, after: ItemFields) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for field in fields(ItemFields):
        old, new = getattr(before, field.name), getattr(after, field.name)
        if field.name != "clear_revised_due" and _plain(old) != _plain(new):
            changes[field.name] = {"before": _plain(old), "after": _plain(new)}
    return changes


def _plain(value: Any) -> Any:
    """A value as the audit row keeps it (JSON): dates as ISO text, milestones as words."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, MilestoneIn):
        return f"{value.text} ({value.due})" if value.due else value.text
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _apply(item: m.Item, data: ItemFields, *, plan: m.Plan) -> None:
    """Write each given field of the item; raise AuthoringError before writing a wrong one."""
    _check_references(item, data, plan)
    row: dict[str, Any] = {}
    if data.number is not None and plan.numbering != m.Numbering.AUTOMATIC:
        row["number"] = data.number.strip()[:50]
    if data.text is not None:
        row["title"] = data.text.strip()
    if data.status is not None:
        row["status_text"] = data.status.strip()
    if data.revised_due is not None or data.clear_revised_due:
        row["current_due"] = data.revised_due
    if data.due is not None:
        row["due_end"] = _write_due(item, data.due)
    if row:
        m.Item.objects.filter(pk=item.pk).update(**row)
        for name, value in row.items():
            setattr(item, name, value)
    if data.leads is not None or data.partners is not None:
        _write_people(item, plan, data)
    if data.notes is not None:
        _write_notes(item, data.notes)
    if data.milestones is not None:
        _write_milestones(item, data.milestones)
    if data.findings is not None:
        item.findings.set(data.findings)
    if data.links is not None:
        _write_links(item, data.links)
    if data.indicators is not None:
        _write_indicators(item, plan, data.indicators)


def _check_references(item: m.Item, data: ItemFields, plan: m.Plan) -> None:
    if data.findings is not None:
        found = set(plan.findings.filter(pk__in=data.findings).values_list("pk", flat=True))
        if found != set(data.findings):
            raise AuthoringError("A finding chosen is not one of this plan's findings.")
    if data.links is not None:
        if item.pk in data.links:
            raise AuthoringError("An item cannot link to itself.")
        found = set(plan.items.filter(pk__in=data.links).values_list("pk", flat=True))
        if found != set(data.links):
            raise AuthoringError("An item it links to is not in this plan.")
    if data.notes is not None and any(kind not in m.NoteKind.values for kind, _, _ in data.notes):
        raise AuthoringError("Choose a heading kind for each note.")
    kept = {x.id for x in data.milestones or [] if x.id is not None}
    if kept - set(item.milestones.values_list("pk", flat=True)):
        raise AuthoringError("A milestone given belongs to another item.")
    if data.milestones is not None and any(not x.text.strip() for x in data.milestones):
        raise AuthoringError("Enter the text of each milestone.")
    if data.milestones is not None:
        for gone in item.milestones.exclude(pk__in=kept):
            if _has_history(gone):
                raise AuthoringError(
                    f"The milestone “{gone.text[:60]}” has updates or ratings, so it stays."
                )


def _has_history(row: models.Model) -> bool:
    """Say whether any other row points at this one (ratings, updates, the scorecard…)."""
    for relation in row._meta.related_objects:
        if relation.one_to_many or relation.one_to_one:
            accessor = relation.get_accessor_name()
            related = getattr(row, accessor or "", None)
            if isinstance(related, models.Manager) and related.exists():
                return True
    return False


def _write_due(item: m.Item, text: str) -> dt.date | None:
    """Replace the item's dates as written; return the latest end read (the baseline)."""
    item.due_dates.all().delete()
    texts = [t.strip() for t in text.split(";") if t.strip()]
    reads = [parse_date_text(t) for t in texts]
    m.DueDate.objects.bulk_create(
        m.DueDate(
            item=item,
            position=i,
            text=r.text[:300],
            start=r.start,
            end=r.end,
            recurrence=r.recurrence,
        )
        for i, r in enumerate(reads)
    )
    ends = [r.end for r in reads if r.end]
    return max(ends) if ends else None


def _write_people(item: m.Item, plan: m.Plan, data: ItemFields) -> None:
    current = item_fields(item)
    leads = data.leads if data.leads is not None else current.leads or []
    partners = data.partners if data.partners is not None else current.partners or []
    resolver = LeadResolver(plan.people.all())
    item.people.all().delete()
    texts = [(m.ItemPerson.Part.LEAD, t) for t in leads] + [
        (m.ItemPerson.Part.PARTNER, t) for t in partners
    ]
    m.ItemPerson.objects.bulk_create(
        m.ItemPerson(
            item=item,
            part=part,
            position=i,
            text=t.strip()[:500],
            person=resolver.resolve(t.strip()),
        )
        for i, (part, t) in enumerate(x for x in texts if x[1].strip())
    )


def _write_notes(item: m.Item, notes: list[tuple[str, str, str]]) -> None:
    item.notes.all().delete()
    m.ItemNote.objects.bulk_create(
        m.ItemNote(item=item, kind=kind, position=i, heading=heading.strip()[:200], text=text)
        for i, (kind, heading, text) in enumerate(n for n in notes if n[2].strip())
    )


def _write_milestones(item: m.Item, milestones: list[MilestoneIn]) -> None:
    existing = {x.pk: x for x in item.milestones.all()}
    kept = {x.id for x in milestones if x.id is not None}
    item.milestones.exclude(pk__in=kept).delete()  # none has history: checked before
    for position, given in enumerate(milestones):
        read = parse_date_text(given.due)
        values = {
            "position": position,
            "text": given.text.strip(),
            "due_text": read.text[:300],
            "due_start": read.start,
            "due_end": read.end,
        }
        row = existing.get(given.id) if given.id is not None else None
        if row is None:
            m.Milestone.objects.create(item=item, **values)
        elif any(getattr(row, k) != v for k, v in values.items()):
            m.Milestone.objects.filter(pk=row.pk).update(**values)


def _write_links(item: m.Item, targets: list[int]) -> None:
    """Keep links to targets still given (with their printed text), add new, drop the rest."""
    links = list(item.links.all())
    item.links.filter(target__isnull=False).exclude(target__in=targets).delete()
    have = {link.target_id for link in links}
    start = max((link.position for link in links), default=-1) + 1
    new = [t for t in targets if t not in have]
    found = item.plan.items.in_bulk(new)
    m.ItemLink.objects.bulk_create(
        m.ItemLink(
            item=item,
            position=start + i,
            target_id=t,
            text=f"{found[t].level} {found[t].number}".strip(),
        )
        for i, t in enumerate(new)
    )


def _write_indicators(item: m.Item, plan: m.Plan, given: list[tuple[str, str]]) -> None:
    """Change the item's printed indicators in place, add new ones, remove unused extras."""
    rows = list(item.indicators.all())
    wanted = [(t.strip(), target.strip()[:100]) for t, target in given if t.strip()]
    for row in rows[len(wanted) :]:
        if _has_history(row):
            raise AuthoringError(
                f"The indicator “{row.text[:60]}” is on the scorecard, so it stays."
            )
        row.delete()
    for row, (text, target) in zip(rows, wanted, strict=False):
        if (row.text, row.target_text) != (text, target):
            m.ImpactIndicator.objects.filter(pk=row.pk).update(text=text, target_text=target)
    last = plan.indicators.aggregate(last=models.Max("position"))["last"] or 0
    m.ImpactIndicator.objects.bulk_create(
        m.ImpactIndicator(plan=plan, item=item, position=last + 1 + i, text=t, target_text=g)
        for i, (t, g) in enumerate(wanted[len(rows) :])
    )
