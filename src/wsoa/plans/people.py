"""Match a lead as printed ("Sarah Carter", "SaCa (Head of SEND)") to one of the plan's people.

Used when a plan is written (`documents.interchange.writing`), when an edited workbook changes
an item's leads (`documents.office.applying`) and when a manager edits an item in the browser
(`progress.authoring`). Posts, groups and several people ("AB/CD") stay text only.
`LeadResolver.shown` is how a lead is shown: its initials with the names the key gives them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from wsoa.plans import models as m

# A word that may be a short code of the plan's key: "PeRi", "GF", "TCB", "GO'N".
CODE_WORD = re.compile(r"(?<![\w'])[A-Z][A-Za-z']{1,5}(?![\w'])")


class LeadResolver:
    """Resolve a lead as printed to a person the plan keys, by code or name."""

    def __init__(self, people: Iterable[m.Person]) -> None:
        people = list(people)
        self.by_code = {p.short_code: p for p in people if p.short_code}
        self.by_code_folded = {p.short_code.lower(): p for p in people if p.short_code}
        self.by_name = {p.name.lower(): p for p in people}
        counts = Counter(p.short_code for p in people if p.short_code)
        self.one_person = {code for code, count in counts.items() if count == 1}

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
        if hit is not None and "/" not in first and hit.short_code in self.one_person:
            return hit
        return None

    def shown(self, text: str) -> str:
        """Return a lead as a reader should see it: each person's name beside their initials.

        "PeRi SEND GM" is shown "Penny Richardson (PeRi) SEND GM", and "MB/GC" as
        "Michael Brown (MB)/Gail Cobb (GC)". Codes the key gives several people, and people
        the text already names, are left as printed.
        """

        def named(match: re.Match[str]) -> str:
            code = match.group(0)
            person = self.by_code.get(code) if code in self.one_person else None
            if person is None or person.name.lower() in text.lower():
                return code
            return f"{person.name} ({code})"

        return CODE_WORD.sub(named, text)
