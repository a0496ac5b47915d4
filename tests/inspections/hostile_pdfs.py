"""PDFs made by hand in the shapes that make a reader use minutes or gigabytes."""

from __future__ import annotations

import io
import zlib

FONT = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"
PAGE = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<<%s>>/Contents 4 0 R>>"
TEXT = b"BT /F1 12 Tf 60 780 Td (Area SEND inspection of Nowhere) Tj ET"


def write(objects: list[bytes]) -> bytes:
    """Objects numbered from 1 (the catalog first), then the cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(
        b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<<%s/Length %d>>stream\n%s\nendstream" % (extra, len(data), data)


def document(
    pages: int,
    *,
    declared: int | None = None,
    content: bytes = b"",
    resources: bytes = b"/Font<</F1 3 0 R>>",
    more: list[bytes] | None = None,
) -> bytes:
    """`pages` pages all drawing one content stream (object 4); the tree's count may differ.

    Objects 1 to 4 are the catalog, the page tree, the font and the content; then the pages,
    then any `more` objects (numbered from 5 + pages).
    """
    kids = b" ".join(b"%d 0 R" % (5 + n) for n in range(pages))
    count = pages if declared is None else declared
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, count),
        FONT,
        content or stream(TEXT),
        *[PAGE % resources for _ in range(pages)],
        *(more or []),
    ]
    return write(objects)


def deflate_bomb(size: int) -> bytes:
    """One page whose content stream unpacks to `size` bytes of spaces."""
    packed = zlib.compress(b" " * size, 9)
    return document(1, content=stream(packed, b"/Filter/FlateDecode"))


def forms(draws: int, form_size: int, *, inner: bytes = b"") -> bytes:
    """One page drawing form X0 `draws` times; the form is `form_size` bytes of drawing and
    may draw a form itself (`inner` names the object it draws as X0)."""
    form_resources = b"/Resources<</XObject<</X0 %s>>>>" % inner if inner else b""
    drawing = (b"/X0 Do\n" if inner else b"").ljust(form_size)
    form = stream(drawing, b"/Type/XObject/Subtype/Form/BBox[0 0 10 10]" + form_resources)
    page = stream(b"/X0 Do\n" * draws)
    return document(1, content=page, resources=b"/XObject<</X0 6 0 R>>", more=[form])
