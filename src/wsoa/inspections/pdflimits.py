"""Limits on a PDF before and while its pages are read. No Django.

An inspection report is 7 to 30 pages, each a few tens of kilobytes of drawing instructions,
in a file of 0.2 to 0.3 MB. pdfminer parses PDF syntax in Python, about a megabyte a second, so
these checks keep a small hostile file from taking minutes or gigabytes:

- before pdfminer starts: the file's size, how many objects and page objects it has as
  written, and every compressed stream unpacked once, a piece at a time and thrown away, so
  one that unpacks to gigabytes is refused without being held (page objects packed inside
  streams are counted too);
- the number of pages is read from the page tree's count, and pages are opened one at a
  time, never more than the limit, however many the tree holds;
- before a page is laid out, the drawing it takes is added up: its content and the forms
  it draws, each as many times as it is drawn. A page or a report with far more than a
  report's is refused.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from itertools import islice
from typing import Any

from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import LIT

MB = 1024 * 1024
MAX_BYTES = 5 * MB  # a report's PDF is 0.2 to 0.3 MB
MAX_PAGES = 200
MAX_PAGE_OBJECTS = 4 * MAX_PAGES  # page objects in the file, old versions of pages included
MAX_OBJECTS = 20_000  # objects, their cross-references and references: a report has 2,000 to 6,500
MAX_STREAM = 4 * MB  # one stream of the file, unpacked: a report's largest is about 70 KB
MAX_UNPACKED = 16 * MB  # all its streams, unpacked: a report's come to about 0.5 MB
MAX_PAGE_DRAWING = 1 * MB  # a report's page takes up to about 50 KB
MAX_DRAWING = 2 * MB  # a whole report takes up to about 400 KB
MAX_FORM_DEPTH = 8
CHUNK = 64 * 1024
STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
OBJECT = re.compile(rb"\d+\s+\d+\s+(?:obj|R)\b|\d{10} \d{5} [fn]")
FORM = LIT("Form")


class PdfTooLarge(ValueError):
    """The PDF is beyond what a report holds; the message says how."""


def check_file(data: bytes) -> None:
    """Refuse a PDF far larger than a report before pdfminer parses any of it.

    Counts its objects, references and page objects as written and as packed in its streams,
    unpacking every deflated stream a piece at a time, so pdfminer is never asked to parse a
    page tree or cross-reference table of hundreds of thousands of entries.
    """
    if len(data) > MAX_BYTES:
        raise PdfTooLarge(
            f"The PDF is {len(data) / MB:.1f} MB, larger than an inspection report: upload one "
            f"of no more than {MAX_BYTES // MB} MB."
        )
    counts = _Counts()
    counts.add(data, 0)
    for match in STREAM_START.finditer(data):
        counts.unpack(data, match.end())


class _Counts:
    """What the file holds so far; refuses as soon as any count passes its limit."""

    def __init__(self) -> None:
        self.unpacked, self.pages, self.objects = 0, 0, 0

    def add(self, data: bytes, after: int) -> None:
        """Count the matches in `data` that end after `after` (those before were counted)."""
        for match in PAGE_OBJECT.finditer(data):
            self.pages += match.end() > after
        if self.pages > MAX_PAGE_OBJECTS:
            raise PdfTooLarge(too_many_pages(self.pages))
        for match in OBJECT.finditer(data):
            self.objects += match.end() > after
            if self.objects > MAX_OBJECTS:
                raise PdfTooLarge(
                    f"The PDF has more than {MAX_OBJECTS:,} objects and links between them, far "
                    "more than an inspection report, so it cannot be read."
                )

    def unpack(self, data: bytes, start: int) -> None:
        """Unpack the deflated data at `start` a piece at a time, counting what it holds."""
        inflater = zlib.decompressobj()
        size, position, pending, tail = 0, start, b"", b""
        try:
            while not inflater.eof:
                if not pending:
                    if position >= len(data):
                        return
                    pending, position = data[position : position + CHUNK], position + CHUNK
                piece = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                size += len(piece)
                self._unpacked(size, len(piece))
                self.add(tail + piece, len(tail))
                tail = (tail + piece)[-32:]
        except zlib.error:
            return  # not deflated, or no longer: pdfminer gets no more from it either

    def _unpacked(self, size: int, more: int) -> None:
        self.unpacked += more
        if size > MAX_STREAM:
            raise PdfTooLarge(
                f"Part of the PDF unpacks to more than {MAX_STREAM // MB} MB, more than an "
                "inspection report's. If it is a scanned copy, upload the report as Ofsted "
                "published it."
            )
        if self.unpacked > MAX_UNPACKED:
            raise PdfTooLarge(
                f"The PDF unpacks to more than {MAX_UNPACKED // MB} MB, more than an inspection "
                "report does."
            )


def declared_pages(document: Any) -> int:
    """The page count the page tree's root gives, read without opening any page."""
    root = resolve1(document.catalog.get("Pages"))
    count = resolve1(root.get("Count")) if isinstance(root, dict) else None
    return count if isinstance(count, int) else 0


def pages(document: Any) -> Iterator[PDFPage]:
    """The document's pages in order, refusing more than the limit before opening them all."""
    if declared_pages(document) > MAX_PAGES:
        raise PdfTooLarge(too_many_pages(declared_pages(document)))
    for number, page in enumerate(islice(PDFPage.create_pages(document), MAX_PAGES + 1), 1):
        if number > MAX_PAGES:
            raise PdfTooLarge(too_many_pages(None))
        yield page


def too_many_pages(count: int | None) -> str:
    has = f"has {count:,} pages" if count else f"has more than {MAX_PAGES} pages"
    return (
        f"The PDF {has}: an inspection report has 7 to 30. Upload a report of no more than "
        f"{MAX_PAGES} pages."
    )


class Drawing:
    """Adds up the drawing each page takes, refusing a page or a report with far too much."""

    def __init__(self) -> None:
        self.total = 0
        self.forms: dict[int, int] = {}

    def add(self, number: int, page: PDFPage) -> None:
        resources = page.resources if isinstance(page.resources, dict) else {}
        size = sum(self._stream(resolve1(c), resources, 0) for c in page.contents)
        if size > MAX_PAGE_DRAWING:
            raise PdfTooLarge(
                f"Page {number} of the PDF takes far more drawing than a page of an inspection "
                "report, so it cannot be read."
            )
        self.total += size
        if self.total > MAX_DRAWING:
            raise PdfTooLarge(
                "The PDF takes far more drawing than an inspection report, so it cannot be read."
            )

    def _stream(self, stream: Any, resources: dict[Any, Any], depth: int) -> int:
        """The bytes of a content stream, with each form it draws counted each time."""
        if not isinstance(stream, PDFStream):
            return 0
        data = stream.get_data() or b""
        draws = data.count(b"Do")
        if not draws:
            return len(data)
        forms = [self._form(form, resources, depth + 1) for form in _forms(resources)]
        return len(data) + draws * max(forms, default=0)

    def _form(self, form: PDFStream, outer: dict[Any, Any], depth: int) -> int:
        if depth > MAX_FORM_DEPTH:
            raise PdfTooLarge("The PDF draws forms inside forms too deeply to be read.")
        key = id(form) if form.objid is None else form.objid
        if key not in self.forms:
            own = resolve1(form.get("Resources"))
            self.forms[key] = self._stream(form, own if isinstance(own, dict) else outer, depth)
        return self.forms[key]


def _forms(resources: dict[Any, Any]) -> list[PDFStream]:
    objects = resolve1(resources.get("XObject"))
    if not isinstance(objects, dict):
        return []
    found = [resolve1(value) for value in objects.values()]
    return [f for f in found if isinstance(f, PDFStream) and f.get("Subtype") is FORM]
