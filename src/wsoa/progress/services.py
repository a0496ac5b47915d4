"""The changes of the monthly cycle. Each is one transaction and one or more audit rows.

Views check permissions first; these functions check that everything given belongs together
(a milestone of this item, a period of this plan) and refuse anything else, writing nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from wsoa.core import storage
from wsoa.core.audit import record_event
from wsoa.core.dates import month_end
from wsoa.core.models import AuditEvent
from wsoa.core.people import display_name
from wsoa.plans.models import Item, Milestone, Person, Plan
from wsoa.plans.rag import Rag
from wsoa.progress.models import (
    Assignment,
    Comment,
    Evidence,
    Outcome,
    PlanSettings,
    ProgressUpdate,
    RagDecision,
    ReportingPeriod,
)

ITEM = "item"


class CycleError(Exception):
    """A change that cannot be made; the message says why, in plain words."""


class StaleEdit(CycleError):
    """Someone else changed the item since it was opened; nothing was saved."""

    def __init__(self, item: Item, since: list[AuditEvent]) -> None:
        self.item = item
        self.since = since
        names = ", ".join(sorted({e.actor_label for e in since})) or "someone else"
        super().__init__(
            f"{names} changed this item after you opened it. Nothing you entered was saved: "
            "check their changes below, then make yours again."
        )


@dataclass
class EvidenceIn:
    """A link or a file backing an update: an upload, or one already stored (`store_evidence`)."""

    title: str
    url: str = ""
    file: UploadedFile | None = None
    stored: storage.StoredFile | None = None
    file_name: str = ""


@dataclass
class UpdateIn:
    commentary: str
    proposed_rag: str
    period: ReportingPeriod | None = None
    milestone: Milestone | None = None
    milestone_complete: bool = False
    revised_due: dt.date | None = None
    corrects: ProgressUpdate | None = None
    evidence: list[EvidenceIn] = field(default_factory=list)


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def post_update(*, item: Item, author: Any, data: UpdateIn) -> ProgressUpdate:
    """Add an owner's update with its evidence; the RAG stays proposed until decided."""
    if item.withdrawn_at is not None:
        raise CycleError("This item was withdrawn from the plan: updates are no longer posted.")
    if data.proposed_rag not in Rag.values:
        raise CycleError(f"“{data.proposed_rag}” is not a RAG rating.")
    if not data.commentary.strip():
        raise CycleError("Enter what has happened since the last update.")
    if data.milestone is not None and data.milestone.item_id != item.pk:
        raise CycleError("That milestone belongs to another item.")
    if data.milestone_complete and data.milestone is None:
        raise CycleError("Choose the milestone that is complete.")
    if data.period is not None and data.period.plan_id != item.plan_id:
        raise CycleError("That reporting period belongs to another plan.")
    if data.corrects is not None and data.corrects.item_id != item.pk:
        raise CycleError("The update being corrected belongs to another item.")
    with storage.kept_only_if_saved():  # the files first; deleted again if the rows fail
        evidence = store_evidence(data.evidence)
        with transaction.atomic():
            update = _add_update(item, author, data, evidence)
    return update


def store_evidence(evidence: list[EvidenceIn]) -> list[EvidenceIn]:
    """Put the evidence files in the store, before any row names them (StoreUnavailable)."""
    stored = []
    for each in evidence:
        if each.file is not None and each.stored is None:
            name = Evidence._meta.get_field("file").generate_filename(None, each.file.name or "")
            each = EvidenceIn(
                title=each.title,
                url=each.url,
                stored=storage.store(name, each.file),
                file_name=each.file.name or "",
            )
        stored.append(each)
    return stored


def _add_update(
    item: Item, author: Any, data: UpdateIn, evidence: list[EvidenceIn]
) -> ProgressUpdate:
    """Add the update, its evidence rows and the audit event, in the caller's transaction."""
    update = ProgressUpdate.objects.create(
        item=item,
        milestone=data.milestone,
        period=data.period,
        author=author,
        commentary=data.commentary.strip(),
        proposed_rag=data.proposed_rag,
        revised_due=data.revised_due,
        milestone_complete=data.milestone_complete,
        corrects=data.corrects,
    )
    for each in evidence:
        Evidence.objects.create(
            update=update,
            title=each.title or each.file_name or each.url,
            url=each.url,
            file=each.stored.name if each.stored else "",
            file_name=each.file_name,
            file_size=each.stored.size if each.stored else None,
            sha256=each.stored.sha256 if each.stored else "",
        )
    changes: dict[str, Any] = {"update": update.pk, "proposed_rag": data.proposed_rag}
    if data.revised_due:
        changes["revised_due"] = data.revised_due.isoformat()
    if data.corrects:
        changes["corrects"] = data.corrects.pk
    what = "a correction" if data.corrects else "an update"
    record_event(
        obj=item,
        by=author,
        action="update.posted",
        summary=f"Posted {what} proposing {data.proposed_rag}",
        changes=changes,
    )
    return update


def decide(*, update: ProgressUpdate, by: Any, outcome: str, reason: str) -> RagDecision:
    """Confirm or return a proposed RAG. Confirming applies it (and any revised date)."""
    if outcome not in Outcome.values:
        raise CycleError("Choose whether to confirm or return the rating.")
    if outcome == Outcome.RETURNED and not reason.strip():
        raise CycleError("Enter why the rating is returned, so the owner knows what to change.")
    with transaction.atomic():
        item = Item.objects.select_for_update().select_related("plan__area").get(pk=update.item_id)
        if RagDecision.objects.filter(update=update).exists():
            raise CycleError("This update has already been decided.")
        try:
            with transaction.atomic():
                decision = RagDecision.objects.create(
                    update=update,
                    item=item,
                    outcome=outcome,
                    rag=update.proposed_rag,
                    reason=reason.strip(),
                    decided_by=by,
                )
        except IntegrityError as error:
            raise CycleError("This update has already been decided.") from error
        changes: dict[str, Any] = {"update": update.pk, "outcome": outcome}
        if outcome == Outcome.CONFIRMED:
            changes |= _apply(item, update)
        verb = "Confirmed" if outcome == Outcome.CONFIRMED else "Returned"
        record_event(
            obj=item,
            by=by,
            action=f"rag.{outcome}",
            summary=f"{verb} {update.proposed_rag} from update {update.pk}",
            changes=changes,
        )
    return decision


def _apply(item: Item, update: ProgressUpdate) -> dict[str, Any]:
    """Apply a confirmed update to the item; return what changed as before/after."""
    changes: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    if item.rag != update.proposed_rag:
        changes["rag"] = {"before": item.rag, "after": update.proposed_rag}
        fields["rag"] = update.proposed_rag
    if update.revised_due and update.milestone is None and update.revised_due != item.current_due:
        changes["current_due"] = {
            "before": _text(item.current_due),
            "after": update.revised_due.isoformat(),
        }
        fields["current_due"] = update.revised_due
    if fields:
        Item.objects.filter(pk=item.pk).update(**fields, version=F("version") + 1)
        changes["version"] = item.version + 1
    milestone = update.milestone
    if milestone is not None:
        done: dict[str, Any] = {}
        if update.revised_due and update.revised_due != milestone.current_due:
            changes["milestone_due"] = {
                "milestone": milestone.pk,
                "before": _text(milestone.current_due),
                "after": update.revised_due.isoformat(),
            }
            done["current_due"] = update.revised_due
        if update.milestone_complete and milestone.completed_on is None:
            day = timezone.localdate(update.created_at)
            changes["milestone_completed"] = {"milestone": milestone.pk, "after": day.isoformat()}
            done |= {"completed_on": day, "rag": Rag.BLUE}
        if done:
            Milestone.objects.filter(pk=milestone.pk).update(**done)
    return changes


def add_comment(*, item: Item, author: Any, text: str) -> Comment:
    if not text.strip():
        raise CycleError("Enter your comment.")
    with transaction.atomic():
        comment = Comment.objects.create(item=item, author=author, text=text.strip())
        record_event(
            obj=item,
            by=author,
            action="comment.added",
            summary="Commented",
            changes={"comment": comment.pk},
        )
    return comment


def events_since(item: Item, *, version: int) -> list[AuditEvent]:
    """Return the item's audited changes that moved it past this version, oldest first."""
    events = AuditEvent.objects.filter(object_type=ITEM, object_id=item.pk).order_by("at", "id")
    return [
        e
        for e in events
        if isinstance(e.changes.get("version"), int) and e.changes["version"] > version
    ]


def assign(*, item: Item, user: Any, by: Any) -> Assignment:
    with transaction.atomic():
        assignment, created = Assignment.objects.get_or_create(
            item=item, user=user, defaults={"assigned_by": by}
        )
        if created:
            record_event(
                obj=item,
                by=by,
                action="item.assigned",
                summary=f"Assigned {display_name(user)}",
                changes={"user": user.pk},
            )
    return assignment


def unassign(*, item: Item, user: Any, by: Any) -> None:
    with transaction.atomic():
        deleted, _ = Assignment.objects.filter(item=item, user=user).delete()
        if deleted:
            record_event(
                obj=item,
                by=by,
                action="item.unassigned",
                summary=f"Unassigned {display_name(user)}",
                changes={"user": user.pk},
            )


def link_person(*, person: Person, user: Any, by: Any) -> None:
    """Say which account a person of the plan signs in with (or none)."""
    before = person.user_id
    after = user.pk if user is not None else None
    if before == after:
        return
    with transaction.atomic():
        Person.objects.filter(pk=person.pk).update(user=user)
        record_event(
            obj=person,
            by=by,
            action="person.linked",
            summary=f"{person.name} signs in as {user.get_username() if user else 'nobody'}",
            changes={"user": {"before": before, "after": after}},
        )


def save_settings(*, cycle: PlanSettings, by: Any, values: dict[str, Any]) -> PlanSettings:
    changes = {
        name: {"before": getattr(cycle, name), "after": value}
        for name, value in values.items()
        if getattr(cycle, name) != value
    }
    if not changes:
        return cycle
    with transaction.atomic():
        for name, value in values.items():
            setattr(cycle, name, value)
        cycle.version += 1
        cycle.save()
        record_event(
            obj=cycle.plan,
            by=by,
            action="cycle.changed",
            summary="Changed the reporting cycle settings",
            changes=changes,
        )
    return cycle


def add_period(*, plan: Plan, by: Any, label: str, start: dt.date, end: dt.date) -> ReportingPeriod:
    if end < start:
        raise CycleError("The period must end on or after the day it starts.")
    if not label.strip():
        raise CycleError("Enter a name for the period, for example “November 2026” or “Q3”.")
    clash = plan.periods.filter(start__lte=end, end__gte=start).first()
    if clash is not None:
        raise CycleError(
            f"It overlaps “{clash.label}” ({clash.start:%d/%m/%Y}–{clash.end:%d/%m/%Y})."
        )
    if plan.periods.filter(label=label.strip()).exists():
        raise CycleError(f"There is already a period called “{label.strip()}”.")
    with transaction.atomic():
        period = ReportingPeriod.objects.create(
            plan=plan, label=label.strip(), start=start, end=end
        )
        record_event(
            obj=plan,
            by=by,
            action="period.added",
            summary=f"Added reporting period {period.label}",
            changes={"period": period.pk, "start": start.isoformat(), "end": end.isoformat()},
        )
    return period


def period_spans(first: dt.date, last: dt.date, months: int) -> list[tuple[str, dt.date, dt.date]]:
    """Return (label, start, end) of monthly (1) or quarterly (3) periods covering first–last."""
    spans = []
    start = first.replace(day=1)
    while start <= last:
        end_month = (start.month - 1 + months - 1) % 12 + 1
        end_year = start.year + (start.month - 1 + months - 1) // 12
        end = month_end(dt.date(end_year, end_month, 1))
        if months == 1:
            label = f"{start:%B %Y}"
        else:
            label = (
                f"{start:%B}–{end:%B %Y}"
                if start.year == end.year
                else f"{start:%B %Y}–{end:%B %Y}"
            )
        spans.append((label, start, end))
        start = end + dt.timedelta(days=1)
    return spans


def generate_periods(*, plan: Plan, by: Any, first: dt.date, last: dt.date, months: int) -> int:
    """Add monthly or quarterly periods from first to last; refuse if any would overlap."""
    if months not in (1, 3):
        raise CycleError("Choose monthly or quarterly periods.")
    if last < first:
        raise CycleError("The last month must be after the first.")
    spans = period_spans(first, last, months)
    if len(spans) > 120:
        raise CycleError("That is more than 120 periods; choose a shorter span.")
    with transaction.atomic():
        for label, start, end in spans:
            add_period(plan=plan, by=by, label=label, start=start, end=end)
    return len(spans)
