"""A board pack's data rendered as an HTML body, a standalone HTML document, Word and PDF."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from wsoa.reports import word
from wsoa.reports.content import Data

PDF_CSS = Path(__file__).with_name("pdf.css")
BODY_START, BODY_END = "<!--pack-body-->", "<!--/pack-body-->"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF for screen readers (WeasyPrint 70)


def render_body(pack: Data) -> str:
    """The pack's content as HTML, for the page and for the other outputs."""
    return render_to_string("reports/includes/pack_body.html", {"pack": pack})


def render_document(pack: Data, body: str) -> str:
    """A whole HTML document around the body, as downloaded and as printed to PDF."""
    safe = mark_safe(body)  # noqa: S308 — rendered by our own template, every value escaped
    return render_to_string("reports/pack_document.html", {"pack": pack, "body": safe})


def render_docx(pack: Data) -> bytes:
    return word.pack_docx(pack)


def body_of(document: str) -> str:
    """The pack's content inside a stored document, to show within the site's layout."""
    start, end = document.find(BODY_START), document.find(BODY_END)
    return document[start + len(BODY_START) : end] if 0 <= start < end else ""


def render_pdf(document_html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of the document; links resolve against the site's address."""
    from weasyprint import CSS, HTML  # imported here: WeasyPrint loads Pango on import

    document = HTML(string=document_html, base_url=_base_url())
    out = io.BytesIO()
    options: dict[str, Any] = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
    document.write_pdf(out, stylesheets=[CSS(filename=str(PDF_CSS))], **options)
    return out.getvalue()


def _base_url() -> str:
    return str(getattr(settings, "WSOA_BASE_URL", "http://127.0.0.1:8000"))
