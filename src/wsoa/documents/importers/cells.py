"""Read one table cell of an exported plan: plain text, or an HTML fragment (<ul>, <p>, <br>)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCK = {"p", "li", "br", "div", "tr", "ul", "ol"}
_BULLET = re.compile(r"^\s*(?:[•◦▪·\-–*]|\uf0b7)\s+")
_SPACES = re.compile(r"[ \t\u00a0]+")


class _Fragments(HTMLParser):
    """Collect the text of an HTML fragment, one piece per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.current: list[str] = []
        self.in_sup = False

    def flush(self) -> None:
        text = clean("".join(self.current))
        if text:
            self.pieces.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.flush()
        self.in_sup = tag == "sup"

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK:
            self.flush()
        if tag == "sup":
            self.in_sup = False

    def handle_data(self, data: str) -> None:
        self.current.append(data.strip() if self.in_sup else data)


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
    parser = _Fragments()
    parser.feed(text)
    parser.close()
    parser.flush()
    return [_BULLET.sub("", piece) for piece in parser.pieces]


def cell_text(text: str) -> str:
    """Return a cell's text on one line."""
    return " ".join(cell_pieces(text))


class _ListItems(HTMLParser):
    """Collect top-level <li> items; nested list entries join their parent item."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[list[str]] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"ul", "ol"}:
            self.depth += 1
        elif tag == "li" and self.depth <= 1:
            self.items.append([])
        elif tag == "li" and self.items:
            self.items[-1].append(";")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"ul", "ol"}:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.items and self.depth >= 1:
            self.items[-1].append(data)


def list_items(text: str) -> list[str]:
    """Return the top-level <li> items of a cell, or [] when it has no list."""
    if not re.search(r"<li\b", text, re.I):
        return []
    parser = _ListItems()
    parser.feed(text)
    parser.close()
    found = [clean(" ".join(parts)).replace(" ;", ";") for parts in parser.items]
    return [_BULLET.sub("", item) for item in found if item]


def bullet_pieces(text: str) -> list[str]:
    """Split running text on bullet characters ("• a • b") into pieces."""
    parts = re.split(r"\s*[•\uf0b7]\s*", cell_text(text))
    return [part for part in (p.strip() for p in parts) if part]
