"""The pack renders with WeasyPrint's user-agent stylesheet less the rules a pack never uses."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pikepdf
import pytest
from weasyprint.html import UA

from wsoa.reports import render

DOCUMENT = """<!DOCTYPE html><html lang="en-GB"><head><title>Pack</title></head><body><main>
<h1>Board pack</h1><ul><li>First point</li><li>Second point</li></ul>
<ol><li>Numbered</li></ol><p>Text<br>on two lines</p>
<table><thead><tr><th scope="col">Item</th></tr></thead><tbody><tr><td>1.1</td></tr></tbody></table>
</main></body></html>"""


def test_the_rules_taken_out_are_in_this_weasyprint_release():
    # If a release rewords them, nothing is taken out: this test says so, and the gain is lost.
    assert len(render.UNUSED_UA_RULE.findall(UA)) == 5
    assert UA.count(render.ANY_MARKER) == 1


def test_the_slim_stylesheet_keeps_every_other_rule():
    slim = render.UNUSED_UA_RULE.sub("", UA).replace(render.ANY_MARKER, render.LIST_MARKER)
    kept = [line for line in UA.splitlines() if not line.startswith(("::footnote", "::note"))]
    assert [line for line in slim.splitlines() if not line.startswith("li::marker")] == [
        line for line in kept if not line.startswith("::marker")
    ]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs Poppler's pdftotext")
def test_lists_keep_their_bullets_and_numbers_and_line_breaks_stay():
    pdf = render.render_pdf(DOCUMENT)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pack.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    assert "• First point" in text and "• Second point" in text
    assert "1. Numbered" in text
    assert "Text\n" in text and "on two lines" in text
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.Root.StructTreeRoot is not None  # still tagged
        assert str(document.Root.Lang) == "en-GB"


def test_the_pack_stylesheet_and_user_agent_rules_render_without_css_warnings():
    # WeasyPrint reads media types only, and refuses `disc`/`decimal` defined twice: either
    # would be logged on every pack, hiding the messages that matter.
    import logging

    css = render.PDF_CSS.read_text(encoding="utf-8")
    document = DOCUMENT.replace(
        "<title>Pack</title>", f'<title>Pack</title><style id="{render.STYLE_ID}">{css}</style>'
    )
    render.render_pdf(document)  # WeasyPrint routed to wsoa's handler before records are taken
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    keep = Keep(level=logging.DEBUG)
    weasyprint = logging.getLogger("weasyprint")
    level = weasyprint.level
    weasyprint.addHandler(keep)
    weasyprint.setLevel(logging.DEBUG)
    try:
        render._pack_html.cache_clear()
        render.render_pdf(document)
    finally:
        weasyprint.removeHandler(keep)
        weasyprint.setLevel(level)
    invalid = [r.getMessage() for r in records if "nvalid" in r.getMessage()]
    assert invalid == []
