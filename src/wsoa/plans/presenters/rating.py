"""An item's rating as every page shows it: the confirmed rating, else the status as printed.

A rating is confirmed when a proposed RAG is confirmed in the monthly cycle; progress records
that as a `rag.confirmed` audit event on the item, read here because plans may not import
progress. Until then `Item.rag` is only what the import read from the printed status, so it is
shown as printed ("As printed in the plan: On track"), never as a rating tag. Once confirmed,
the item says one thing, the confirmed rating in the plan's words, and the printed status is
history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from wsoa.core.models import AuditEvent
from wsoa.plans.models import Item, RagLevel
from wsoa.plans.rag import Rag, tag_class

CONFIRMED = "rag.confirmed"
PRINTED = "As printed in the plan"


@dataclass(frozen=True)
class Rating:
    """What an item's rating says: a confirmed RAG, or only the status as printed."""

    rag: str  # the confirmed RAG code; "" before any rating is confirmed
    printed: str  # the status as printed in the plan; "" when it printed none

    @property
    def is_confirmed(self) -> bool:
        return bool(self.rag)

    @property
    def tag_class(self) -> str:
        return tag_class(self.rag)


def _confirmations() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(action=CONFIRMED, object_type="item")


def confirmed_ids(item_ids: Iterable[int]) -> set[int]:
    """Return which of these items have a confirmed rating, in one query."""
    ids = list(item_ids)
    if not ids:
        return set()
    rows = _confirmations().filter(object_id__in=ids).values_list("object_id", flat=True)
    return {int(pk) for pk in rows if pk is not None}


def with_confirmation(items: QuerySet[Item]) -> QuerySet[Item]:
    """Annotate each item with `rating_confirmed`, so a list shows ratings without a query each."""
    found = _confirmations().filter(object_id=OuterRef("pk"), area_id=OuterRef("plan__area_id"))
    return items.annotate(rating_confirmed=Exists(found))


def is_confirmed(item: Item) -> bool:
    """Say whether the item's rating is confirmed (annotated, or one query when it is not)."""
    known = getattr(item, "rating_confirmed", None)
    if known is None:
        known = bool(confirmed_ids([item.pk]))
        item.rating_confirmed = known  # type: ignore[attr-defined]
    return bool(known)


def printed_status(item: Item, wording: Mapping[str, str]) -> str:
    """Return the status the plan printed: its words, else its key's word for the printed RAG."""
    text = " ".join(item.status_text.split())
    if text or item.rag not in Rag.values:
        return text
    return wording.get(item.rag) or Rag(item.rag).label


def rating_of(item: Item, wording: Mapping[str, str], confirmed: bool | None = None) -> Rating:
    """Return the item's rating; `confirmed` says so when the caller already knows."""
    if confirmed is None:
        confirmed = is_confirmed(item)
    rag = item.rag if confirmed and item.rag in Rag.values else ""
    return Rating(rag, printed_status(item, wording))


def wording_of(plan_id: int) -> dict[str, str]:
    """Return the plan's own words for each RAG code, falling back to the code's name."""
    words = dict(Rag.choices)
    words.update(RagLevel.objects.filter(plan_id=plan_id).values_list("code", "label"))
    return words


def rag_words(rag: str, wording: Mapping[str, str]) -> str:
    """Return a RAG as one phrase: its name and the plan key's word ("Amber – Behind plan")."""
    if rag not in Rag.values:
        return ""
    name = Rag(rag).label
    word = " ".join(wording.get(rag, "").split())
    return f"{name} – {word}" if word and word.lower() != name.lower() else name
