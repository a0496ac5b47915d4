"""The plan's table columns as printed: the first heading found for each role and level."""

from __future__ import annotations

import re

from wsoa.documents.importers.plantext import tables as t
from wsoa.documents.importers.plantext.document import Document


def read_columns(doc: Document) -> list[dict[str, str]]:
    """Return [{role, level, heading}] for each column role the plan's headers print."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for line in doc.lines:
        header = t.read_header(line)
        for column in header.columns if header else []:
            heading = " ".join(re.sub(r"<[^<>]+>", " ", column.heading).split())
            if not _is_heading(column.role, heading):
                continue
            level = column.level if column.role == t.TITLE else ""
            found.setdefault(
                (column.role, level), {"role": column.role, "level": level, "heading": heading}
            )
    return list(found.values())


def _is_heading(role: str, heading: str) -> bool:
    """Leave out stray cells and generic words that say less than the level's own name."""
    if role == t.OTHER or not heading or heading.lower() == "title":
        return False
    return role != t.NUMBER or t.classify(heading) == (t.NUMBER, "")
