"""Finish WeasyPrint's tag tree so the board pack's PDF reads as PDF/UA asks.

WeasyPrint 70 tags headings, lists, tables (Table → THead/TBody → TR → TH/TD) and figures,
but leaves two gaps that `finish` closes on its in-memory PDF (a `write_pdf` finisher, so no
second parse): header cells carry no /Scope, and text inside table cells and divisions is
loose /Span and /Link elements with no paragraph around them. Each header cell gets the scope
its HTML `th` declares (or, without one, /Column in a table head and /Row elsewhere); each run
of loose inline elements is wrapped in a /P; an anonymous block inside a cell becomes a /P.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

INLINE = {"/Span", "/Link"}
HOLDS_PARAGRAPHS = {"/TD", "/TH", "/Div", "/Part", "/Sect", "/Art", "/Document", "/BlockQuote"}
SCOPES = {"col": "/Column", "row": "/Row", "colgroup": "/Column", "rowgroup": "/Row"}


def finish(document: Any, pdf: Any) -> None:
    """Complete the structure tree of `pdf` (pydyf) drawn from `document` (WeasyPrint)."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    declared = _declared_scopes(document)
    tree = _Tree(pdf)
    root = tree.get(pdf.catalog["StructTreeRoot"])
    for top in list(tree.kids(root)):
        _finish_element(tree, top, section="", declared=declared)


class _Tree:
    """The PDF's objects by number, and the structure elements under an element."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf

    def get(self, reference: bytes) -> Any:
        return self.pdf.objects[int(reference.split()[0])]

    def kids(self, element: Any) -> Iterator[Any]:
        for kid in element.get("K", ()):
            if isinstance(kid, bytes):
                target = self.get(kid)
                if target.get("Type") == "/StructElem":
                    yield target

    def add(self, element: Any) -> Any:
        self.pdf.add_object(element)
        return element


def _finish_element(tree: _Tree, element: Any, *, section: str, declared: dict[int, str]) -> None:
    tag = element["S"]
    if tag in ("/THead", "/TBody", "/TFoot"):
        section = tag
    elif tag == "/TH":
        scope = declared.get(id(element)) or ("/Column" if section == "/THead" else "/Row")
        element["A"]["Scope"] = scope
    elif tag == "/NonStruct" and _inline_only_cell_block(tree, element):
        element["S"] = "/P"  # the anonymous block WeasyPrint makes inside a cell
    if tag in HOLDS_PARAGRAPHS:
        _wrap_loose_text(tree, element)
    for kid in list(tree.kids(element)):
        _finish_element(tree, kid, section=section, declared=declared)


def _inline_only_cell_block(tree: _Tree, element: Any) -> bool:
    in_cell = tree.get(element["P"])["S"] in ("/TD", "/TH")
    return in_cell and all(kid["S"] in INLINE for kid in tree.kids(element))


def _wrap_loose_text(tree: _Tree, element: Any) -> None:
    """Put each run of inline kids (text spans and links) of `element` inside a new /P."""
    import pydyf  # WeasyPrint's PDF writer, a dependency of it

    kids: list[Any] = []
    run: list[bytes] = []
    for kid in [*element["K"], None]:
        target = tree.get(kid) if isinstance(kid, bytes) else None
        if target is not None and target.get("S") in INLINE:
            run.append(kid)
            continue
        if run:
            first = tree.get(run[0])
            paragraph = tree.add(
                pydyf.Dictionary(
                    {
                        "Type": "/StructElem",
                        "S": "/P",
                        "K": pydyf.Array(run),
                        "Pg": first["Pg"],
                        "P": element.reference,
                    }
                )
            )
            for inline in run:
                tree.get(inline)["P"] = paragraph.reference
            kids.append(paragraph.reference)
            run = []
        if kid is not None:
            kids.append(kid)
    element["K"] = pydyf.Array(kids)


def _declared_scopes(document: Any) -> dict[int, str]:
    """The scope each `th` declares in the HTML, by the id of its structure element."""
    declared = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            mark = getattr(box, "mark", None)
            if mark is not None and box.element_tag == "th":
                scope = SCOPES.get(box.element.get("scope", ""))
                if scope:
                    declared[id(mark)] = scope
    return declared
