"""Report PDFs built with WeasyPrint from HTML, in the layouts Ofsted and CQC have published.

Each builds a whole report: a first page with the title, the inspection dates and the outcome's
set wording, then the findings' pages given as HTML, with the running footer on every page.
"""

from __future__ import annotations

OUTCOME_WORDING = {
    1: "The local area partnership’s special educational needs and/or disabilities (SEND) "
    "arrangements typically lead to positive experiences and outcomes for children and young "
    "people with SEND.",
    2: "The local area partnership’s arrangements lead to inconsistent experiences and outcomes "
    "for children and young people with SEND.",
    3: "There are widespread and/or systemic failings leading to significant concerns about the "
    "experiences and outcomes of children and young people with SEND.",
}
STYLE = """
@page { size: A4; margin: 2.5cm 2cm 2.8cm 2cm;
  @bottom-left { content: "Area SEND inspection report: Newtown Local Area Partnership "
    counter(page); font: 9pt Arial, sans-serif; }
  @bottom-right { content: "1 to 5 July 2024"; font: 9pt Arial, sans-serif; } }
body { font: 12pt/1.3 Arial, sans-serif; margin: 0; }
h1 { font-size: 22pt; } h2 { font-size: 16pt; margin: 18pt 0 8pt; }
p { margin: 0 0 10pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 12pt; }
td, th { border: 0.75pt solid black; padding: 4pt 5pt; vertical-align: top; text-align: left; }
th { background: #d9d9d9; font-weight: bold; }
ul { margin: 0; padding-left: 18pt; }
"""


def report_pdf(findings_html: str, *, outcome: int = 2, css: str = "") -> bytes:
    """A whole report whose findings pages are `findings_html`, styled with `css` after ours."""
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango on import

    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<style>{STYLE}{css}</style></head><body>
<h1>Area SEND inspection of Newtown Local Area Partnership</h1>
<p>Inspection dates: 1 to 5 July 2024</p>
<h2>Inspection outcome</h2>
<p>{OUTCOME_WORDING[outcome]}</p>
<p>Ofsted and the Care Quality Commission (CQC) jointly carried out the inspection.</p>
<div style="page-break-after: always"></div>
{findings_html}
</body></html>"""
    return HTML(string=html).write_pdf()


def rows(cells: list[str], *, header: str = "Areas for improvement") -> str:
    """A one-column ruled table: a shaded header cell, then one row per cell."""
    body = "".join(f"<tr><td>{cell}</td></tr>" for cell in cells)
    return f"<table><tr><th>{header}</th></tr>{body}</table>"


def body_rows(cells: list[tuple[str, str]], *, header: str = "Areas for priority action") -> str:
    """A two-column ruled table: responsible body, then the finding."""
    body = "".join(f"<tr><td>{who}</td><td>{text}</td></tr>" for who, text in cells)
    return (
        f'<table><col style="width: 34%"><col><tr><th>Responsible body</th><th>{header}</th></tr>'
        f"{body}</table>"
    )
