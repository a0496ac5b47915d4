"""The WordprocessingML names the layout reads, and small readers of their attributes."""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    """The qualified name of a WordprocessingML element or attribute, e.g. w("p")."""
    return f"{{{W}}}{tag}"


def val(element: etree._Element | None, default: str = "") -> str:
    """The w:val attribute of an element, or the default when there is no element or value."""
    if element is None:
        return default
    return str(element.get(w("val"), default))


def int_val(element: etree._Element | None, default: int) -> int:
    """The w:val attribute as a whole number, or the default when absent or not a number."""
    try:
        return int(val(element, str(default)))
    except ValueError:
        return default


def is_on(element: etree._Element | None) -> bool:
    """Whether an on/off property (w:b, w:vanish …) is present and not switched off."""
    return element is not None and val(element, "1").lower() not in {"0", "false", "off"}
