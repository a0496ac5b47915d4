"""What the public and staff pages show, each from a bounded number of queries.

A public page is drawn from a snapshot's stored JSON alone: charts are rendered from the
figures it holds, so later changes to the plan or the scorecard never change what it shows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max, QuerySet
from django.utils.safestring import mark_safe

from wsoa.kpi import chart, rules
from wsoa.kpi.presenters import SERIES_STYLE, caption
from wsoa.plans.models import Finding, Item, Plan
from wsoa.plans.presenters.wording import item_label, level_names
from wsoa.plans.rag import tag_class
from wsoa.progress.models import ProgressUpdate
from wsoa.public import describing
from wsoa.public.content import Json, choice_for, indicators_of
from wsoa.public.describing import texts_of
from wsoa.public.glossary import BUILT_IN, Term, explain, terms_used
from wsoa.public.models import PublishedSnapshot, YouSaid

UPDATES_PER_ITEM = 3


@dataclass
class Version:
    number: int
    published_at: dt.datetime


@dataclass
class PublicPage:
    """A snapshot (or the draft, when previewing) ready for the template."""

    content: Json
    published_at: dt.datetime | None
    number: int | None
    versions: list[Version] = field(default_factory=list)

    @property
    def is_latest(self) -> bool:
        return not self.versions or self.versions[0].number == self.number

    @property
    def earlier(self) -> list[Version]:
        return [v for v in self.versions if v.number != self.number]


def published_plans(area_slug: str) -> list[tuple[Plan, dt.datetime]]:
    """The area's plans that have been published, with the date each was last published."""
    plans = (
        Plan.objects.filter(area__slug=area_slug, snapshots__isnull=False)
        .select_related("area")
        .annotate(last_published=Max("snapshots__published_at"))
        .order_by("title", "pk")
    )
    return [(plan, plan.last_published) for plan in plans]  # type: ignore[attr-defined]


def snapshots_of(area_slug: str, plan_id: int) -> QuerySet[PublishedSnapshot]:
    """A plan's snapshots, newest first, only through the area's slug in the address."""
    return PublishedSnapshot.objects.filter(plan__area__slug=area_slug, plan_id=plan_id)


def public_page(snapshot: PublishedSnapshot, versions: list[Version]) -> PublicPage:
    content = dress(snapshot.content)
    return PublicPage(content, snapshot.published_at, snapshot.number, versions)


def dress(content: Json) -> Json:
    """Add what the template needs to the stored data: words, tag classes and rendered charts."""
    dressed = dict(content)
    terms = terms_used(texts_of(content), content.get("glossary", []), BUILT_IN)
    dressed["words"] = terms
    for row in dressed["rag_counts"]:
        row["tag"] = tag_class(row["rag"])
        row["parent_words"] = describing.parent_words(row["rag"])
    dressed["findings"] = [_finding(finding, terms) for finding in content["findings"]]
    dressed["other_items"] = [_card(card, terms) for card in content["other_items"]]
    cards = [card for f in dressed["findings"] for card in f["items"]] + dressed["other_items"]
    dressed["progress"] = describing.progress(cards, content.get("as_of"))
    dressed["indicators"] = [
        _indicator(indicator, n, terms) for n, indicator in enumerate(content["indicators"], 1)
    ]
    dressed["you_said"] = [
        {**e, "said_html": explain(e["said"], terms), "did_html": explain(e["did"], terms)}
        for e in content.get("you_said", [])
    ]
    return dressed


def _finding(finding: Json, terms: list[Term]) -> Json:
    html = {f"{key}_html": explain(finding[key], terms) for key in ("summary", "done", "next")}
    items = [_card(card, terms) for card in finding["items"]]
    return {**finding, **html, "text_html": explain(finding["text"], terms), "items": items}


def _card(card: Json, terms: list[Term]) -> Json:
    notes = [{**note, "html": explain(note["text"], terms)} for note in card["commentary"]]
    return {
        **card,
        "tag": tag_class(card["rag"]),
        "parent_words": describing.parent_words(card["rag"]),
        "is_done": describing.is_done(card),
        "heading": describing.heading(card),
        "title_html": explain(card["title"], terms),
        "commentary": notes,
    }


def _indicator(indicator: Json, number: int, terms: list[Term]) -> Json:
    unit = indicator["unit"]
    periods = [
        {
            **row,
            "tag": tag_class(row["rating"]),
            "england_text": rules.figure(Decimal(row["england"]), unit)
            if row.get("england")
            else "",
        }
        for row in indicator["periods"]
    ]
    return {
        **indicator,
        "periods": periods,
        "number": number,
        "has_england": any(row["england_text"] for row in periods),
        "sentence": describing.indicator_sentence(indicator),
        "direction": describing.better_or_worse(indicator),
        "definition_html": explain(indicator.get("definition", ""), terms),
        **_chart(indicator, number),
    }


def _chart(indicator: Json, number: int) -> dict[str, Any]:
    """The indicator's chart and a caption naming only the lines drawn in it."""
    periods = indicator["periods"]
    ends = {row["end"]: dt.date.fromisoformat(row["end"]) for row in periods}
    series = []
    for key, name in (("actual", "Actual"), ("target", "Target"), ("england", "England")):
        points = {ends[r["end"]]: Decimal(r[key]) for r in periods if r.get(key)}
        dash, marker, colour, width = SERIES_STYLE[key]
        if points:
            level = key == "target" and len(points) == 1
            series.append(chart.Series(name, points, dash, marker, colour, width, level))
    if not series:
        return {"chart": "", "caption": ""}
    labels = {ends[r["end"]]: r["label"] for r in periods}
    drawn = [{"Actual": "actual", "Target": "target"}.get(line.name, line.name) for line in series]
    markup = chart.svg(
        f"{indicator['name']}: {_listed(drawn)}",
        describing.indicator_sentence(indicator) + " The table below the chart gives every figure.",
        series,
        labels,
        indicator["unit"],
    )
    # Several charts share a page, so each needs ids of its own.
    markup = markup.replace("chart-title", f"chart-{number}-title")
    markup = markup.replace("chart-desc", f"chart-{number}-desc")
    return {
        "chart": mark_safe(markup),  # noqa: S308 — chart.svg escapes every piece of text it writes
        "caption": caption(series, indicator["unit"]),
    }


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass
class StaffPage:
    """The staff view of a plan's public page: what is chosen, written and published."""

    findings: list[Finding]
    items_chosen: int
    indicators_chosen: int
    updates_chosen: int
    you_said: list[YouSaid]
    versions: list[Version]


def staff_page(plan: Plan) -> StaffPage:
    choice = choice_for(plan)
    findings = list(Finding.objects.filter(plan=plan).select_related("public"))
    for finding in findings:
        finding.summary_row = getattr(finding, "public", None)  # type: ignore[attr-defined]
    return StaffPage(
        findings,
        choice.items.count(),
        choice.indicators.count(),
        choice.updates.count(),
        list(YouSaid.objects.filter(plan=plan).prefetch_related("items")),
        versions_of(plan),
    )


def versions_of(plan: Plan) -> list[Version]:
    rows = PublishedSnapshot.objects.filter(plan=plan).values_list("number", "published_at")
    return [Version(number, at) for number, at in rows]


def item_choices(plan: Plan) -> list[tuple[str, str]]:
    items = list(Item.objects.filter(plan=plan).current().order_by("position"))
    names = level_names(plan, items)
    return [(str(i.pk), f"{item_label(i, names)}: {_short(i.title)}") for i in items]


def _short(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def choice_options(plan: Plan, keep: set[str]) -> dict[str, list[tuple[str, str]]]:
    """Everything a manager may publish: items, indicators, recent (or kept) commentary."""
    labels = dict(item_choices(plan))
    latest: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = ProgressUpdate.objects.filter(item__plan=plan).order_by("item_id", "-created_at", "-pk")
    for pk, item_id, at, text in rows.values_list("pk", "item_id", "created_at", "commentary"):
        if len(latest[item_id]) < UPDATES_PER_ITEM or str(pk) in keep:
            name = labels[str(item_id)].split(":")[0]
            latest[item_id].append((str(pk), f"{name}, {at:%-d %B %Y}: {_short(text, 30)}"))
    indicators = indicators_of(plan).order_by("theme", "name", "pk")
    return {
        "items": list(labels.items()),
        "updates": [option for options in latest.values() for option in options],
        "indicators": [(str(i.pk), i.name) for i in indicators],
    }


def chosen(plan: Plan) -> dict[str, Any]:
    choice = choice_for(plan)
    return {
        "items": [str(pk) for pk in choice.items.values_list("pk", flat=True)],
        "updates": [str(pk) for pk in choice.updates.values_list("pk", flat=True)],
        "indicators": [str(pk) for pk in choice.indicators.values_list("pk", flat=True)],
    }
