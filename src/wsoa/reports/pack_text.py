"""An item's words as a board pack lists it: where it sits and enough of its text to be understood.

Lists show each item with its path ("Workstream 2: Embedding… › Objective 2.6") and the first
sentence or so of its text, never cut mid-word; the detail section has the full text.
"""

from __future__ import annotations

import re

from wsoa.plans.models import Item
from wsoa.plans.presenters.paths import SEPARATOR, path_label

SUMMARY_CHARS = 120
ELLIPSIS = "…"
# A sentence ends at ".", "!" or "?" followed by a space and a capital, a digit or a quote,
# except after "e.g", "i.e", "etc" and "no" (as in "no. 3").
SENTENCE_END = re.compile(r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)(?<=[.!?])\s+(?=[A-Z0-9“\"‘(])")
TRAILING = " ,;:–-—/(&"


def summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The text's first sentences up to `limit` characters.

    At least the first sentence is given: cut at a word boundary, with "…", when it alone is
    too long; whole sentences end with their own full stop.
    """
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    kept = ""
    for sentence in SENTENCE_END.split(words):
        joined = f"{kept} {sentence}".strip()
        if len(joined) > limit:
            break
        kept = joined
    if kept:
        return kept
    kept = words[: limit + 1].rsplit(" ", 1)[0] if " " in words[:limit] else words[:limit]
    return kept.rstrip(TRAILING) + ELLIPSIS


class Paths:
    """Each item's path from the top of its plan, from the list of the plan's items (no query)."""

    def __init__(self, plan_id: int, by_id: dict[int, Item], names: dict[int, str]) -> None:
        self.by_id = by_id
        self.names = {(plan_id, depth): name for depth, name in names.items()}
        self.found: dict[int, str] = {}

    def of(self, item: Item) -> str:
        """The item's ancestors, outermost first: "Workstream 2: Embedding… › Objective 2.6"."""
        if item.pk not in self.found:
            chain = self._chain(item)
            parts = [path_label(node, self.names, top=node.parent_id is None) for node in chain]
            self.found[item.pk] = SEPARATOR.join(parts)
        return self.found[item.pk]

    def _chain(self, item: Item) -> list[Item]:
        chain: list[Item] = []
        node = self.by_id.get(item.parent_id) if item.parent_id is not None else None
        while node is not None and node not in chain:
            chain.append(node)
            node = self.by_id.get(node.parent_id) if node.parent_id is not None else None
        return chain[::-1]
