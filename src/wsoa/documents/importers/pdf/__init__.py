"""Read a plan published as a PDF with its text (as saved from Word), by its layout.

`PdfImporter` is this folder's importer (`importers/base.py`). The file is checked first
(`importers/safety.py`), its pages laid out as plan text (`layout.py`: tables from their ruling
lines, prose in reading order) and read by the plan-text reader, each line placed by its page.
A PDF with no text on any page (a scan) is refused with what to upload instead.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pdfplumber
from pdfminer.pdfexceptions import PDFException
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSException

from wsoa.documents.importers.base import LaidOut, PlanDocument, PlanFileError
from wsoa.documents.importers.mapping import ColumnMap
from wsoa.documents.importers.pdf.layout import lay_out
from wsoa.documents.importers.plantext import document_of, parse_plan_text
from wsoa.documents.importers.safety import PDF, check_pdf, damaged_message

__all__ = ["MAX_PAGES", "PdfImporter", "lay_out_pdf"]

MAX_PAGES = 500  # a council's plan runs to 10 to 80 pages
SCANNED = (
    "This PDF has no text in it (it seems to be scanned). Upload the Word or Excel version, or "
    "a PDF saved from Word."
)


class PdfImporter:
    """The importer of plans published as PDF files with a text layer."""

    kind = "pdf"
    description = "a PDF of a plan saved from Word (not a scan)"

    def accepts(self, name: str, content: bytes) -> bool:
        return name.lower().endswith(".pdf") or content[:1029].find(PDF) >= 0

    def read(self, name: str, content: bytes, column_map: ColumnMap | None = None) -> PlanDocument:
        laid = lay_out_pdf(content, name)
        parsed = parse_plan_text(
            laid.text, source_name=name, column_map=column_map, places=laid.places
        )
        return document_of(parsed)


def lay_out_pdf(content: bytes, name: str = "plan.pdf") -> LaidOut:
    """The PDF's pages laid out as plan text, once the file is checked; or PlanFileError."""
    check_pdf(content, name)
    try:
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            laid = lay_out(_pages(pdf))
    except (PDFException, PSException, KeyError, TypeError, ValueError) as error:
        if isinstance(error, PlanFileError):
            raise
        raise PlanFileError(damaged_message("pdf")) from error
    if not any(line.strip() for line in laid.lines):
        raise PlanFileError(SCANNED)
    return laid


def _pages(pdf: Any) -> Iterator[Any]:
    """The PDF's pages, refused before any is read when there are more than wsoa reads."""
    declared = _declared_pages(pdf.doc)
    if declared > MAX_PAGES:
        raise PlanFileError(_too_many(declared))
    for number, page in enumerate(pdf.pages, 1):
        if number > MAX_PAGES:
            raise PlanFileError(_too_many(number))
        yield page


def _declared_pages(document: Any) -> int:
    root = resolve1(document.catalog.get("Pages"))
    count = resolve1(root.get("Count")) if isinstance(root, dict) else None
    return count if isinstance(count, int) else 0


def _too_many(count: int) -> str:
    return (
        f"The PDF has {count:,} pages or more, more than the {MAX_PAGES} wsoa reads. Upload the "
        "plan's Word or Excel version, or a PDF of the plan alone."
    )
