"""A pack's HTML document parsed by libxml2 into the tree WeasyPrint's own parser builds.

WeasyPrint parses with tinyhtml5, an HTML5 parser written in Python: for a long pack, about a
tenth of the time it takes to print it. The pack's document is our own, from one template, so
libxml2's HTML parser (through lxml) reads it the same way, a hundred times faster. This module
makes its tree the one tinyhtml5 gives (`namespace_html_elements=False`): HTML elements without
a namespace, inline SVG in the SVG namespace with its attribute names' capitals restored, and
the whitespace around the body where the HTML5 rules put it. The tests compare both trees.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import lxml.etree
from tinyhtml5.constants import adjust_svg_attributes, namespaces

SVG = namespaces["svg"]
XMLNS_ATTRIBUTE = f"{{{namespaces['xmlns']}}}xmlns"
END = "</html>"


def parse(document: str) -> ET.Element[Any] | None:
    """The document's tree as tinyhtml5 builds it, or None when it is not one this can read."""
    try:
        found = lxml.etree.fromstring(document, lxml.etree.HTMLParser())
    except (lxml.etree.LxmlError, ValueError):
        return None
    if found is None or found.tag != "html" or [child.tag for child in found] != ["head", "body"]:
        return None
    root = _element(found, in_svg=False)
    _whitespace_as_html5(root, document)
    return root


def _element(node: Any, *, in_svg: bool) -> ET.Element[Any]:
    if not isinstance(node.tag, str):  # a comment
        comment = ET.Comment(node.text)
        comment.tail = node.tail
        return comment
    tag, attributes = node.tag, dict(node.attrib)
    in_svg = in_svg or tag == "svg"
    if in_svg:
        tag = f"{{{SVG}}}{tag}"
        attributes = {adjust_svg_attributes.get(key, key): v for key, v in attributes.items()}
        if "xmlns" in attributes:
            attributes[XMLNS_ATTRIBUTE] = attributes.pop("xmlns")
    element: ET.Element[Any] = ET.Element(tag, attributes)
    element.text, element.tail = node.text, node.tail
    element.extend(_element(child, in_svg=in_svg) for child in node)
    return element


def _whitespace_as_html5(root: ET.Element[Any], document: str) -> None:
    """HTML5 drops the blank before <head> and keeps the blanks after </body> and </html>
    at the end of the body; libxml2 keeps the first and leaves the others outside it."""
    if root.text is not None and not root.text.strip():
        root.text = None
    body = root[1]
    after = (body.tail or "") + _after_end(document)
    body.tail = None
    if not after:
        return
    if len(body):
        last = body[-1]
        last.tail = (last.tail or "") + after
    else:
        body.text = (body.text or "") + after


def _after_end(document: str) -> str:
    at = document.rfind(END)
    rest = document[at + len(END) :] if at >= 0 else ""
    return rest if not rest.strip() else ""
