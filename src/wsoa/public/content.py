"""What a plan's public page would show now: the published choices, as plain JSON data.

`draft_content` reads only what staff chose to publish: summaries marked published, chosen
items, chosen commentary on chosen items, chosen indicators and "you said, we did" entries as
a manager approved them (a later change waits for approval). Nothing else is read, so nothing
else can leak: no leads, owners, comments or evidence, and no names other than the plan's own
words. Publishing stores this data in a snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from wsoa.core.dates import long_date
from wsoa.kpi import rules
from wsoa.kpi.models import ComparatorKind, Indicator
from wsoa.kpi.presenters import IndicatorPage, indicator_page, indicator_rows
from wsoa.plans.models import Finding, Item, Plan
from wsoa.plans.presenters.rating import confirmed_ids, printed_status
from wsoa.plans.presenters.wording import item_label, level_names, rag_wording
from wsoa.plans.rag import Rag
from wsoa.progress.models import ProgressUpdate
from wsoa.public.describing import texts_of
from wsoa.public.glossary import plan_terms, terms_used
from wsoa.public.models import FindingSummary, PublicChoice, YouSaid

Json = dict[str, Any]
RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, Rag.NOT_STARTED, Rag.NOT_DUE]
NOT_CONFIRMED = "Not yet rated by the board"


def choice_for(plan: Plan) -> PublicChoice:
    """Return the plan's public choices, made empty the first time."""
    found, _ = PublicChoice.objects.get_or_create(plan=plan)
    return found


def indicators_of(plan: Plan) -> QuerySet[Indicator]:
    """The indicators that may be published with the plan: its own and the area's general ones."""
    return Indicator.objects.for_area(plan.area).filter(Q(plan=plan) | Q(plan__isnull=True))


def draft_content(plan: Plan) -> Json:
    """Return what the public page would show if published now."""
    choice = choice_for(plan)
    items = list(
        Item.objects.filter(plan=plan, pk__in=choice.items.values("pk"))
        .current()
        .prefetch_related("findings")
    )
    names = level_names(plan, items)
    words = rag_wording(plan)
    commentary = _commentary(plan, choice)
    confirmed = confirmed_ids(item.pk for item in items)
    for item in items:
        item.rating_confirmed = item.pk in confirmed  # type: ignore[attr-defined]
    cards = {item.pk: _item(item, names, words, commentary[item.pk]) for item in items}
    findings, others = _findings(plan, items, cards)
    content = {
        "area": plan.area.name,
        "as_of": timezone.localdate().isoformat(),
        "plan": {
            "title": plan.title,
            "kind": plan.get_kind_display(),
            "version": _version(plan),
        },
        "rag_counts": _rag_counts(items, words),
        "findings": findings,
        "other_items": others,
        "indicators": _indicators(plan, choice),
        "you_said": _you_said(plan, cards),
    }
    content["glossary"] = terms_used(texts_of(content), plan_terms(plan))
    return content


def _version(plan: Plan) -> Json | None:
    """The version being delivered: the last agreed, when, and by which board or body."""
    found = plan.versions.select_related("board").order_by("-number").first()
    if found is None:
        return None
    by = found.board.name if found.board is not None else found.agreed_by_body
    return {"number": found.number, "agreed_on": long_date(found.agreed_on), "by": by}


def _commentary(plan: Plan, choice: PublicChoice) -> dict[int, list[Json]]:
    chosen = ProgressUpdate.objects.filter(
        item__plan=plan, item__in=choice.items.all(), pk__in=choice.updates.values("pk")
    ).order_by("-created_at", "-pk")
    found: dict[int, list[Json]] = defaultdict(list)
    for item_id, at, text in chosen.values_list("item_id", "created_at", "commentary"):
        found[item_id].append({"on": long_date(at.date()), "at": at.isoformat(), "text": text})
    return found


def _rated(item: Item) -> str:
    """The item's RAG once a rating is confirmed; until then the plan's printed status only."""
    return item.rag if item.rating_confirmed and item.rag in Rag.values else ""  # type: ignore[attr-defined]


def _item(item: Item, names: dict[int, str], words: dict[str, str], notes: list[Json]) -> Json:
    rag = _rated(item)
    printed = printed_status(item, words)
    if rag:
        said = words.get(rag, "")
    elif printed:
        said = f"{NOT_CONFIRMED}; the plan says: {printed}"
    else:
        said = "Not rated yet"
    return {
        "label": item_label(item, names),
        "title": item.title,
        "rag": rag,
        "confirmed": bool(rag),
        "printed": printed,
        "rag_name": Rag(rag).label if rag else "",
        "rag_words": said,
        "due": f"Due by {long_date(item.due)}" if item.due else "",
        "due_on": item.due.isoformat() if item.due else "",
        "commentary": notes,
    }


def _findings(plan: Plan, items: list[Item], cards: dict[int, Json]) -> tuple[list[Json], list]:
    published = (
        Finding.objects.filter(plan=plan, public__is_published=True)
        .select_related("public")
        .order_by("position")
    )
    out, placed = [], set()
    for finding in published:
        words: FindingSummary = finding.public
        linked = [i.pk for i in items if any(f.pk == finding.pk for f in i.findings.all())]
        placed.update(linked)
        out.append(
            {
                "code": finding.code,
                "kind": finding.get_kind_display(),
                "text": finding.text,
                "summary": words.summary,
                "done": words.done,
                "next": words.next,
                "items": [cards[pk] for pk in linked],
            }
        )
    return out, [cards[i.pk] for i in items if i.pk not in placed]


def _rag_counts(items: list[Item], words: dict[str, str]) -> list[Json]:
    counts = Counter(_rated(item) for item in items)
    rows = [
        {"rag": code, "name": Rag(code).label, "words": words.get(code, ""), "count": counts[code]}
        for code in RAG_ORDER
        if counts[code]
    ]
    if counts[""]:
        rows.append({"rag": "", "name": "Not rated", "words": NOT_CONFIRMED, "count": counts[""]})
    return rows


def _str(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def _text(value: Decimal | None, unit: str) -> str:
    return "" if value is None else rules.figure(value, unit)


def _indicators(plan: Plan, choice: PublicChoice) -> list[Json]:
    rows = indicator_rows(plan.area).filter(
        pk__in=indicators_of(plan).filter(pk__in=choice.indicators.values("pk")).values("pk")
    )
    return [_indicator(indicator_page(indicator)) for indicator in rows]


def _indicator(page: IndicatorPage) -> Json:
    indicator = page.indicator
    unit = indicator.unit
    return {
        "name": indicator.name,
        "definition": indicator.definition,
        "unit": unit,
        "better": indicator.get_polarity_display(),
        "periods": [
            {
                "label": row.label,
                "end": row.end.isoformat(),
                "actual": str(row.actual.value) if row.actual else "",
                "actual_text": _text(row.actual.value if row.actual else None, unit),
                "target": str(row.target.value) if row.target else "",
                "target_text": _text(row.target.value if row.target else None, unit),
                "rating": row.rating.rag if row.rating else "",
                "rating_reason": row.rating.reason if row.rating else "",
                "england": _str(row.comparators.get(ComparatorKind.ENGLAND)),
            }
            for row in page.periods
        ],
    }


def _you_said(plan: Plan, cards: dict[int, Json]) -> list[Json]:
    """Each entry approved to publish, as a manager approved it (not as changed since)."""
    rows = YouSaid.objects.filter(plan=plan).published().filter(approved__isnull=False)
    approved = [(pk, text or {}) for pk, text in rows.values_list("pk", "approved")]
    approved.sort(key=lambda pair: (pair[1]["said_on"], pair[0]), reverse=True)
    return [
        {
            "said": text["said"],
            "source": text["source"],
            "said_on": long_date(dt.date.fromisoformat(text["said_on"])),
            "did": text["did"],
            "items": [card["label"] for pk, card in cards.items() if pk in text["items"]],
        }
        for _, text in approved
    ]
