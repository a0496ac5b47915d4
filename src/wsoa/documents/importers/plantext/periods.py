"""The plan's milestone period columns: half-years printed under "Milestones", quarters under them.

Stockton prints its milestones in half-year columns ("Aug-19", "Feb-20" …), each followed by a
RAG column split into two quarters ("Q1", "Q2" …) on the row below. The item tree reads each
cell by the column it stands in (`tree.py`); this module keeps the columns themselves, so a plan
keeps a period no item has a milestone in yet (Stockton's "Aug-21") and the quarters rated under
each, for the exports to print them again.
"""

from __future__ import annotations

from typing import Any

from wsoa.documents.importers.plantext import tables as t
from wsoa.documents.importers.plantext.document import Document, Line
from wsoa.plans.datetext import parse_date_text

RATING = "RAG"  # the heading of a quarter's rating column, above its quarter labels


def read_milestone_periods(doc: Document) -> list[dict[str, Any]]:
    """Return the plan's milestone periods in the order its tables first print them.

    Each is {"label": "Aug-19", "date": 31 August 2019, "quarters": ["Q1", "Q2"]}: the date is
    the end of the period the label names (None if it names none).
    """
    found: dict[str, dict[str, Any]] = {}
    for line in doc.lines:
        if len(line.filled) < 2 or not _heads_milestones(line, doc):
            continue
        for label, quarters in group_periods(period_labels(doc.lines[line.number :][:2])):
            period = found.setdefault(label, _period(label))
            period["quarters"] += [q for q in quarters if q not in period["quarters"]]
    return list(found.values())


def _heads_milestones(line: Line, doc: Document) -> bool:
    header = t.read_header(line, doc.column_map)
    return header is not None and any(c.role == t.MILESTONES for c in header.columns)


def period_labels(rows: list[Line]) -> dict[int, str]:
    """The period labels of the rows under a header, by column (as `tables.read_periods`)."""
    labels: dict[int, str] = {}
    for row in rows:
        cells = [(i, c.strip()) for i, c in row.filled]
        if not cells or not all(t.PERIOD.match(c) for _, c in cells):
            break
        for index, label in cells:
            if label != RATING:
                labels.setdefault(index, " ".join(label.split()))
    return labels


def group_periods(labels: dict[int, str]) -> list[tuple[str, list[str]]]:
    """Each dated period with the quarters whose columns stand under it (to its right)."""
    periods: list[tuple[str, list[str]]] = []
    for index in sorted(labels):
        label = labels[index]
        if is_quarter(label):
            if periods:
                periods[-1][1].append(label.replace(" ", ""))
        else:
            periods.append((label, []))
    return periods


def is_quarter(label: str) -> bool:
    return label.upper().startswith("Q")


def _period(label: str) -> dict[str, Any]:
    return {"label": label, "date": parse_date_text(label).end, "quarters": []}
