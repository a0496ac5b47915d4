"""Match a lead as printed ("Sarah Carter", "SaCa (Head of SEND)") to one of the plan's people.

Used when a plan is written (`documents.interchange.writing`), when an edited workbook changes
an item's leads (`documents.office.applying`) and when a manager edits an item in the browser
(`progress.authoring`). Posts, groups and several people ("AB/CD") stay text only.
"""

from __future__ import annotations

from collections.abc import Iterable

from wsoa.plans import models as m


class LeadResolver:
    """Resolve a lead as printed to a person the plan keys, by code or name."""

    def __init__(self, people: Iterable[m.Person]) -> None:
        people = list(people)
        self.by_code = {p.short_code: p for p in people if p.short_code}
        self.by_code_folded = {p.short_code.lower(): p for p in people if p.short_code}
        self.by_name = {p.name.lower(): p for p in people}

    def resolve(self, text: str) -> m.Person | None:
        """Return the one person a lead names, or None for posts, groups and several people."""
        words = text.replace("(", " ").replace(")", " ").replace(",", " ").split()
        first = words[0] if words else ""
        if text.lower() in self.by_name:
            return self.by_name[text.lower()]
        for name, person in self.by_name.items():
            if text.lower().startswith(name):
                return person
        hit = self.by_code.get(first) or self.by_code_folded.get(first.lower())
        if hit is not None and "/" not in first:
            return hit
        return None
