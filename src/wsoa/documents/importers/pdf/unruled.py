"""Find tables drawn without rules on a page, from the white space between their columns.

A run of lines whose words leave the same vertical gaps (at least two, so three columns) is a
table: its columns are the spaces between those gaps. A line with words in the first column
starts a row; the lines under it with that column empty carry its cells on (wrapped text).
Prose breaks a run, because its lines fill the page's width. pdfplumber's own text strategy
splits a wrapped cell wherever three words happen to line up, so it is not used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

Word = dict[str, Any]
Span = tuple[float, float]

GAP = 0.8  # the narrowest space between columns, in font sizes: wider than a word space
ROW_GAP = 2.0  # the widest space between lines of one table, in font sizes


Box = tuple[float, float, float, float]


@dataclass
class UnruledRow:
    """A row of a table with no rules: its cells' boxes, as pdfplumber's rows give them."""

    cells: list[Box]


@dataclass
class Unruled:
    """A table found on a page with no rules: where it stands, and its rows."""

    bbox: Box
    rows: list[UnruledRow]


def unruled_tables(lines: Sequence[list[Word]]) -> list[Unruled]:
    """The tables among a page's lines (each line its words, top to bottom)."""
    tables, run = [], list[list[Word]]()
    for line in lines:
        if run and _fits(run, line):
            run.append(line)
            continue
        tables += _table(run)
        run = [line] if len(_gaps(_spans(line), _size(line))) >= 2 else []
    return tables + _table(run)


def _fits(run: list[list[Word]], line: list[Word]) -> bool:
    size = _size(line)
    if line[0]["top"] - max(w["bottom"] for w in run[-1]) > ROW_GAP * size:
        return False
    spans = [span for words in [*run, line] for span in _spans(words)]
    return len(_gaps(spans, size)) >= 2


def _table(run: list[list[Word]]) -> list[Unruled]:
    if len(run) < 2:
        return []
    size = _size(run[0])
    spans = [span for words in run for span in _spans(words)]
    gaps = _gaps(spans, size)
    left, right = min(s[0] for s in spans), max(s[1] for s in spans)
    edges = [left - 1, *[(a + b) / 2 for a, b in gaps], right + 1]
    columns = list(pairwise(edges))
    if len(run) > 2 and all(_inside(word, columns[0]) for word in run[-1]):
        return _table(run[:-1])  # a short line of prose under the table, not a row of it
    tops = [line[0]["top"] - 1 for line in run if any(_inside(w, columns[0]) for w in line)]
    bottom = max(w["bottom"] for w in run[-1]) + 1
    if not tops or tops[0] > run[0][0]["top"]:
        tops.insert(0, run[0][0]["top"] - 1)
    rows = [
        UnruledRow([(x0, top, x1, end) for x0, x1 in columns])
        for top, end in zip(tops, [*tops[1:], bottom], strict=True)
    ]
    return [Unruled((edges[0], tops[0], edges[-1], bottom), rows)]


def _inside(word: Word, column: Span) -> bool:
    return column[0] <= (word["x0"] + word["x1"]) / 2 <= column[1]


def _spans(words: list[Word]) -> list[Span]:
    return [(w["x0"], w["x1"]) for w in words]


def _size(words: list[Word]) -> float:
    return max(float(w.get("size", 10.0)) for w in words)


def _gaps(spans: list[Span], size: float) -> list[Span]:
    """The spaces no span covers, between the first and the last, at least GAP sizes wide."""
    gaps = []
    ordered = sorted(spans)
    reach = ordered[0][1]
    for start, end in ordered[1:]:
        if start - reach >= GAP * size:
            gaps.append((reach, start))
        reach = max(reach, end)
    return gaps
