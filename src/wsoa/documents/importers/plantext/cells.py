"""Read one table cell of an exported plan: plain text, or an HTML fragment (<ul>, <p>, <br>)."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator

_BLOCK = {"p", "li", "br", "div", "tr", "ul", "ol"}
_BULLET = re.compile(r"^\s*(?:[•◦▪·\-–*]|\uf0b7)\s+")
_DASH = re.compile(r"^\s*-\s")  # typed after a line break, a hyphen is text, not a bullet
_SPACES = re.compile(r"[^\S\n]+")  # a run of any white space but line breaks
_HTML = re.compile(r"</?(p|ul|ol|li|br|u|b|i|sup|div|span)\b", re.I)
_LIST = re.compile(r"<li\b", re.I)
# Short cells read again and again (a row's cells by several readers, the same lead, date or
# RAG word on thousands of rows) are read once: a cell's texts are a pure function of its
# string. Only short ones are kept, so what stays cached after a reading is small.
_CACHED = 8192
_SHORT = 500


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
        self.broken: list[bool] = []  # whether each piece starts after a line break (<br>)
        self.after_break = False
        self.current: list[str] = []
        self.in_sup = False

    def read(self, text: str) -> list[str]:
        for kind, value in html_tokens(text):
            if kind == "data":
                self.current.append(value.strip() if self.in_sup else value)
                continue
            if value in _BLOCK:
                self.flush()
                self.after_break = value == "br"
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
            self.broken.append(self.after_break)
        self.current = []


def clean(text: str) -> str:
    """Fold white space and markdown emphasis left by the export."""
    text = text.replace("**", "").replace("\\", "")
    return _SPACES.sub(" ", text).strip()


def has_html(text: str) -> bool:
    return bool(_HTML.search(text))


def cell_pieces(text: str) -> list[str]:
    """Return the block pieces of a cell: list items and paragraphs, or the whole text."""
    return list(_short_pieces(text) if len(text) <= _SHORT else _pieces(text))


def _pieces(text: str) -> tuple[str, ...]:
    if not has_html(text):
        value = clean(html.unescape(text))
        return (value,) if value else ()
    fragments = _Fragments()
    pieces = fragments.read(text)
    return tuple(
        piece if broken and _DASH.match(piece) else _BULLET.sub("", piece)
        for piece, broken in zip(pieces, fragments.broken, strict=True)
    )


_short_pieces = functools.lru_cache(maxsize=_CACHED)(_pieces)


def cell_text(text: str) -> str:
    """Return a cell's text on one line."""
    if len(text) <= _SHORT:
        return _short_text(text)
    return " ".join(_pieces(text))


@functools.lru_cache(maxsize=_CACHED)
def _short_text(text: str) -> str:
    return " ".join(_short_pieces(text))


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
    if not _LIST.search(text):
        return []
    found = [clean(" ".join(parts)).replace(" ;", ";") for parts in _list_items(text)]
    return [_BULLET.sub("", item) for item in found if item]
