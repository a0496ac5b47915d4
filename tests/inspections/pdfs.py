"""Tiny PDFs made by hand for the reader's error tests: no pages, a blank page, text, an image."""

from __future__ import annotations

import io


def pdf(*pages: list[str]) -> bytes:
    """A PDF with one page per list of lines (Helvetica 12), or no pages at all."""
    objects = ["<</Type/Catalog/Pages 2 0 R>>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<</Type/Pages/Kids[{kids}]/Count {len(pages)}>>")
    objects.append("<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>")
    for i, lines in enumerate(pages):
        text = " ".join(
            f"BT /F1 12 Tf 60 {780 - 16 * n} Td ({line}) Tj ET" for n, line in enumerate(lines)
        )
        objects.append(
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
            f"/Resources<</Font<</F1 3 0 R>>>>/Contents {5 + 2 * i} 0 R>>"
        )
        objects.append(f"<</Length {len(text)}>>stream\n{text}\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A PDF whose page is only a picture, as a scanner makes."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(out, "PDF")
    return out.getvalue()
