"""A board pack's data rendered as an HTML body, a standalone HTML document, Word and PDF."""

from __future__ import annotations

import functools
import io
import logging
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from wsoa.reports import pack_parse, pdftags, word
from wsoa.reports.content import Data

PDF_CSS = Path(__file__).with_name("pdf.css")
BODY_START, BODY_END = "<!--pack-body-->", "<!--/pack-body-->"
STYLE_ID = "wsoa-pack-style"  # the print stylesheet inlined in the document, for the download
PDF_VARIANT = "pdf/ua-1"  # tagged PDF for screen readers (WeasyPrint 70)
SITE_LINK = re.compile(r'(href|src)="(/(?!/)[^"]*)"')

logger = logging.getLogger(__name__)


def render_body(pack: Data) -> str:
    """The pack's content as HTML, for the page and for the other outputs."""
    return render_to_string("reports/includes/pack_body.html", {"pack": pack})


def render_document(pack: Data, body: str) -> str:
    """A whole HTML document around the body, as downloaded and as printed to PDF.

    It stands alone: the print stylesheet is inside it and links to the site's pages carry
    the site's address, so the downloaded file opens styled and makes no request of its own."""
    safe = mark_safe(_absolute_links(body))  # noqa: S308 — our own template, every value escaped
    css = mark_safe(PDF_CSS.read_text(encoding="utf-8"))  # noqa: S308 — our own file
    context = {"pack": pack, "body": safe, "stylesheet": css, "style_id": STYLE_ID}
    return render_to_string("reports/pack_document.html", context)


def render_docx(pack: Data) -> bytes:
    return word.pack_docx(pack)


def body_of(document: str) -> str:
    """The pack's content inside a stored document, to show within the site's layout."""
    start, end = document.find(BODY_START), document.find(BODY_END)
    body = document[start + len(BODY_START) : end] if 0 <= start < end else ""
    return body.replace(f'="{_base_url()}/', '="/')  # the site's own links, relative again


def render_pdf(document_html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of the document; links resolve against the site's address."""
    _route_weasyprint_logs()  # first: importing WeasyPrint already logs
    from weasyprint import CSS  # imported here: WeasyPrint loads Pango on import

    document = _pack_html()(string=document_html, base_url=_base_url())
    inline = f'id="{STYLE_ID}"' in document_html
    stylesheets = [] if inline else [CSS(filename=str(PDF_CSS))]  # older stored documents
    out = io.BytesIO()
    options: dict[str, Any] = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
    document.write_pdf(out, stylesheets=stylesheets, finisher=pdftags.finish, **options)
    return out.getvalue()


def prepare() -> None:
    """Import WeasyPrint and build the pack's HTML class, so the first pack need not.

    Importing WeasyPrint (Pango, through cffi) takes about a second. A worker calls this once,
    before its pool's processes are forked, and they all start with it done. It only imports
    and parses CSS: no text is laid out, so each process opens its own fonts when it renders
    (the import itself only checks that Fontconfig finds some)."""
    _route_weasyprint_logs()
    import weasyprint  # noqa: F401 — the import is the point

    _pack_html()


# The rules of WeasyPrint's user-agent stylesheet that give every element of the document
# pseudo-elements a pack never has: footnotes and notes (CSS GCPM), and list markers, which
# only list items and summaries carry. Matching them cost a computed style for each of the six
# pseudo-elements of every element: about a tenth of a pack's rendering time.
UNUSED_UA_RULE = re.compile(r"^::(?:footnote|note)-[^\n]*\n", re.MULTILINE)
ANY_MARKER, LIST_MARKER = "\n::marker {", "\nli::marker, summary::marker {"


@functools.cache
def _pack_html() -> Any:
    """WeasyPrint's HTML with a user-agent stylesheet of only the rules a pack can use.

    Its text is WeasyPrint's own (so an upgrade brings its changes), less the rules above; if
    a release words them differently, nothing is taken out and the pack renders as before."""
    from cssselect2 import ElementWrapper
    from weasyprint import CSS, HTML, URLFetcher, _find_base_url
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA

    text = UNUSED_UA_RULE.sub("", UA).replace(ANY_MARKER, LIST_MARKER)
    # Its counter styles are already in WeasyPrint's own (which renders use): read into a
    # fresh set, they are not defined twice (WeasyPrint warns of `disc` and `decimal`).
    stylesheet = CSS(string=text, counter_style=CounterStyle())

    class PackHTML(HTML):
        def __init__(self, *, string: str, base_url: str) -> None:
            root = pack_parse.parse(string) if f'id="{STYLE_ID}"' in string else None
            if root is None:  # older stored documents, or one libxml2 could not read
                super().__init__(string=string, base_url=base_url)
                return
            self.base_url = _find_base_url(root, base_url)
            self.url_fetcher = URLFetcher()
            self.media_type = "print"
            self.wrapper_element = ElementWrapper.from_html_root(root, content_language=None)
            self.etree_element = self.wrapper_element.etree_element

        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [stylesheet, *super()._ua_stylesheets(forms)[1:]]

    return PackHTML


def _base_url() -> str:
    return str(getattr(settings, "WSOA_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def _absolute_links(body: str) -> str:
    """Links to the site's own pages ("/areas/…") with the site's address in front."""
    base = _base_url()
    return SITE_LINK.sub(lambda found: f'{found[1]}="{base}{found[2]}"', body)


class _WeasyPrintLogs(logging.Handler):
    """WeasyPrint's messages at the level they deserve in wsoa's own log.

    A resource that failed to load or a missing language or alternative text is an error; a
    link to an anchor the pack lacks is worth a note (INFO); CSS WeasyPrint does not support
    is detail (DEBUG). So `wsoa demo` prints only real errors."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        level = record.levelno
        if message.startswith("No anchor #"):
            level = logging.INFO
        elif level < logging.ERROR:
            level = logging.DEBUG
        logger.log(level, "WeasyPrint: %s", message)


def _route_weasyprint_logs() -> None:
    weasyprint = logging.getLogger("weasyprint")
    if not any(isinstance(handler, _WeasyPrintLogs) for handler in weasyprint.handlers):
        weasyprint.addHandler(_WeasyPrintLogs())
        weasyprint.propagate = False
