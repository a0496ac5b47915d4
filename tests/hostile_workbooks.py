"""Workbooks written by hand as XML in a zip, in the shapes that make readers use gigabytes."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
MB = 1024 * 1024


def sheet(rows: Iterable[str] | str, dimension: str | None = None) -> str:
    """A worksheet's XML: its rows (`<row>` elements), after a <dimension> when given."""
    body = rows if isinstance(rows, str) else "".join(rows)
    size = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{size}<sheetData>{body}</sheetData></worksheet>'


def numbered_rows(count: int) -> str:
    return "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, count + 1))


def workbook(*sheets: tuple[str, str], extra: dict[str, bytes] | None = None) -> bytes:
    """A workbook of the given (name, sheet XML) pairs, and any extra parts."""
    names = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>'
        for n, (name, _) in enumerate(sheets, 1)
    )
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{DOC}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>'
        for n in range(1, len(sheets) + 1)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.sheet.main+xml"/>{types}</Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>{names}</sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{RELS}">{links}</Relationships>'
        )
        for n, (_, xml) in enumerate(sheets, 1):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def plan_workbook(rows_xml: str, dimension: str | None = None) -> bytes:
    """A workbook with the plan workbook's two sheets, "Plan" holding the rows given."""
    return workbook(("Plan", sheet(rows_xml, dimension)), ("wsoa", sheet("")))


def deflate_bomb(size: int = 64 * MB) -> bytes:
    """A plan workbook whose "Plan" sheet is one row and `size` bytes of spaces, packed about
    a thousand times."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}"/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for _ in range(size // MB):
                part.write(b" " * MB)
            part.write(b"</sheetData></worksheet>")
    return out.getvalue()


def declaring(content: bytes, part: str, size: int) -> bytes:
    """The zip with `part`'s uncompressed size in its central directory changed to `size`."""
    data = bytearray(content)
    name = part.encode()
    at = data.rfind(b"PK\x01\x02")  # the last entry of the directory
    while at >= 0:
        name_length = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if bytes(data[at + 46 : at + 46 + name_length]) == name:
            data[at + 24 : at + 28] = struct.pack("<L", size)
            return bytes(data)
        at = data.rfind(b"PK\x01\x02", 0, at)
    raise AssertionError(f"no part {part}")
