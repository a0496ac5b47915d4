"""The public page's words for parents, worked out from a snapshot's stored data alone.

Ratings in the words parents use, what was done and what is next even when most actions are
not yet rated, and each indicator's latest figure in a sentence, against its target and
England. Old snapshots lack some keys; each part is then simply left out.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.text import Truncator

from wsoa.core.dates import long_date
from wsoa.kpi import rules
from wsoa.plans.rag import Rag, rag_from_status

Json = dict[str, Any]

PARENT_WORDS: dict[str, str] = {
    Rag.BLUE: "Done",
    Rag.GREEN: "On track",
    Rag.AMBER: "Some delays",
    Rag.RED: "Behind",
    Rag.NOT_STARTED: "Not started yet",
    Rag.NOT_DUE: "Not due yet",
}
NOT_RATED = "Not yet rated"
NEXT_SHOWN = 5
TITLE_WORDS = 20  # of an action's words in the lists of what was done and what is next
LATEST_SHOWN = 3


def parent_words(rag: str) -> str:
    """A RAG code in the words parents use; "Not yet rated" without a confirmed rating."""
    return PARENT_WORDS.get(rag, NOT_RATED)


def is_done(card: Json) -> bool:
    """Done: the board confirmed it complete, or, not yet rated, the plan records it complete."""
    if card.get("rag"):
        return bool(card["rag"] == Rag.BLUE)
    return rag_from_status(card.get("printed", "")) == Rag.BLUE


def progress(cards: list[Json], as_of: str | None) -> Json:
    """What was completed, what is due next (after the day it was published), latest updates."""
    done = [card for card in cards if is_done(card)]
    waiting = [card for card in cards if not is_done(card) and card.get("due_on")]
    upcoming = [card for card in waiting if as_of and card["due_on"] >= as_of]
    upcoming.sort(key=lambda card: (card["due_on"], card["label"]))
    notes = [
        {**note, "label": card["label"]} for card in cards for note in card.get("commentary", [])
    ]
    notes.sort(key=lambda note: note.get("at", ""), reverse=True)
    return {
        "total": len(cards),
        "rated": sum(1 for card in cards if card.get("rag")),
        "done": done,
        "next": upcoming[:NEXT_SHOWN],
        "done_lines": _lines(done),
        "next_lines": _lines(upcoming[:NEXT_SHOWN], due=True),
        "latest": notes[:LATEST_SHOWN],
        "as_of": long_date(dt.date.fromisoformat(as_of)) if as_of else "",
    }


def heading(card: Json) -> str:
    """What an action's card is headed: its label ("Action 1.2"), or, for an action with no
    number, whose label is its level and its first words ("Action: Review and…"), its level
    alone: the words follow in full just under it."""
    label = str(card.get("label", ""))
    level, _, words = label.partition(": ")
    title = " ".join(str(card.get("title", "")).split())
    return level if words and title.startswith(words.rstrip("…").rstrip()) else label


def named(card: Json) -> str:
    """An action as a list names it: "Action 1.2: its words" (the first words); an action with
    no number is named by its words, so they are said once, not twice."""
    title = Truncator(" ".join(card.get("title", "").split())).words(TITLE_WORDS)
    label = card.get("label", "")
    if heading(card) != label:
        return str(title)
    return f"{label}: {title}" if title else label


def _lines(cards: list[Json], *, due: bool = False) -> list[str]:
    """The cards as list lines, in order; actions a plan repeats word for word (the same
    action under two findings) said once, with how many they are."""
    counts: dict[str, int] = {}
    for card in cards:
        line = named(card)
        if due and card.get("due"):
            line = f"{card['due']}: {line}"
        counts[line] = counts.get(line, 0) + 1
    return [line if n == 1 else f"{line} ({n} actions)" for line, n in counts.items()]


def _figure(value: str, unit: str) -> str:
    return rules.figure(Decimal(value), unit)


def indicator_sentence(indicator: Json) -> str:
    """The latest actual in words, with the one before, the target and England's figure.

    "EHC plans issued within 20 weeks: 37% in 2024, up from 28% in 2023; target: 60%;
    England: 46.4%."
    """
    unit = indicator["unit"]
    measured = [row for row in indicator["periods"] if row.get("actual")]
    if not measured:
        return f"{indicator['name']}: no figures yet."
    last = measured[-1]
    said = f"{indicator['name']}: {_figure(last['actual'], unit)} in {last['label']}"
    if len(measured) > 1:
        said += _change(measured[-2], last, unit)
    if last.get("target"):
        said += f"; target: {_figure(last['target'], unit)}"
    if last.get("england"):
        said += f"; England: {_figure(last['england'], unit)}"
    return said + "."


def _change(before: Json, last: Json, unit: str) -> str:
    was, now = Decimal(before["actual"]), Decimal(last["actual"])
    if now == was:
        return f", the same as in {before['label']}"
    way = "up" if now > was else "down"
    return f", {way} from {_figure(before['actual'], unit)} in {before['label']}"


def better_or_worse(indicator: Json) -> str:
    """Whether the latest change is an improvement, given which way is better ("" if unsure)."""
    measured = [row for row in indicator["periods"] if row.get("actual")]
    better = indicator.get("better", "").lower()
    if len(measured) < 2 or not better.startswith(("higher", "lower")):
        return ""
    was, now = Decimal(measured[-2]["actual"]), Decimal(measured[-1]["actual"])
    if now == was:
        return ""
    improved = (now > was) == better.startswith("higher")
    label = measured[-2]["label"]
    return f"Better than in {label}." if improved else f"Worse than in {label}."


def texts_of(content: Json) -> list[str]:
    """Every text of the page a reader sees in the plan's words, for finding terms to explain."""
    cards = [card for f in content["findings"] for card in f["items"]] + content["other_items"]
    texts = [text for f in content["findings"] for text in _finding_texts(f)]
    for card in cards:
        texts += [card["title"], *(note["text"] for note in card.get("commentary", []))]
    for indicator in content["indicators"]:
        texts += [indicator["name"], indicator.get("definition", "")]
    for entry in content.get("you_said", []):
        texts += [entry["said"], entry["did"]]
    return texts


def _finding_texts(finding: Json) -> list[str]:
    return [finding[key] for key in ("summary", "done", "next", "text")]
