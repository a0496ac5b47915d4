"""Read one table cell of an exported plan: plain text, or an HTML fragment (<ul>, <p>, <br>)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

_BLOCK = {"p", "li", "br", "div", "tr", "ul", "ol"}
_BULLET = re.compile(r"^\s*(?:[•◦▪·\-–*]|\uf0b7)\s+")
_SPACES = re.compile(r"[^\S\n]+")  # a run of any white space but line breaks


# A tag: "<", an optional "/", a name, then anything up to ">" but another "<". Text that
# is not a whole tag ("<5%", a cut-off "<li") is text. Scanning stops at the next "<", so a
# cell is read in time proportional to its length, however it is mangled.
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/<>]*)([^<>]*)>")


def html_tokens(text: str) -> Iterator[tuple[str, str]]:
    """Yield ("start" | "end", tag name) and ("data", text) for an HTML fragment, in order."""
    position = 0
    for match in _TAG.finditer(text):
        if match.start() > position:
            yield "data", html.unescape(text[position : match.start()])
        name = match.group(2).lower()
        if not match.group(1):
            yield "start", name
        if match.group(1) or match.group(3).rstrip().endswith("/"):
            yield "end", name
        position = match.end()
    if position < len(text):
        yield "data", html.unescape(text[position:])


class _Fragments:
    """Collect the text of an HTML fragment, one piece per block element."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.current: list[str] = []
        self.in_sup = False

    def read(self, text: str) -> list[str]:
        for kind, value in html_tokens(text):
            if kind == "data":
                self.current.append(value.strip() if self.in_sup else value)
                continue
            if value in _BLOCK:
                self.flush()
            if kind == "start":
                self.in_sup = value == "sup"
            elif value == "sup":
                self.in_sup = False
        self.flush()
        return self.pieces

    def flush(self) -> None:
        text = clean("".join(self.current))
        if text:
            self.pieces.append(text)
        self.current = []


def clean(text: str) -> str:
    """Fold white space and markdown emphasis left by the export."""
    text = text.replace("**", "").replace("\\", "")
    return _SPACES.sub(" ", text).strip()


def has_html(text: str) -> bool:
    return bool(re.search(r"</?(p|ul|ol|li|br|u|b|i|sup|div|span)\b", text, re.I))


def cell_pieces(text: str) -> list[str]:
    """Return the block pieces of a cell: list items and paragraphs, or the whole text."""
    if not has_html(text):
        value = clean(html.unescape(text))
        return [value] if value else []
    return [_BULLET.sub("", piece) for piece in _Fragments().read(text)]


def cell_text(text: str) -> str:
    """Return a cell's text on one line."""
    return " ".join(cell_pieces(text))


def _list_items(text: str) -> list[list[str]]:
    """Collect top-level <li> items; nested list entries join their parent item."""
    items: list[list[str]] = []
    depth = 0
    for kind, value in html_tokens(text):
        if kind == "data" and items and depth >= 1:
            items[-1].append(value)
        elif value in {"ul", "ol"}:
            depth += 1 if kind == "start" else -1
        elif kind == "start" and value == "li" and depth <= 1:
            items.append([])
        elif kind == "start" and value == "li" and items:
            items[-1].append(";")
    return items


def list_items(text: str) -> list[str]:
    """Return the top-level <li> items of a cell, or [] when it has no list."""
    if not re.search(r"<li\b", text, re.I):
        return []
    found = [clean(" ".join(parts)).replace(" ;", ";") for parts in _list_items(text)]
    return [_BULLET.sub("", item) for item in found if item]
