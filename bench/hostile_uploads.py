"""Hostile uploads: small files that unpack to gigabytes or millions of rows, and their refusal.

Run:  uv run python bench/hostile_uploads.py [--keep DIR]
Writes each file by hand in a temporary folder (the workbooks as raw XML in a zip, the PDFs as
objects and a page tree), so making them takes seconds. Each file is then read in a fresh
process as its upload page reads it: the plan workbook reader and the KPI import for workbooks,
the KPI import for CSV, the inspection report reader for PDFs. Prints the seconds taken to
refuse it, the peak of Python's allocations while reading (tracemalloc), the process's peak
resident size before and after (ru_maxrss), and the message. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
os.environ.setdefault("WSOA_VAR_DIR", tempfile.mkdtemp(prefix="wsoa-bench-"))

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MB = 1024 * 1024


# Workbooks, written as XML parts in a zip


def _workbook_parts() -> dict[str, str]:
    sheets = (
        '<sheet name="Plan" sheetId="1" r:id="rId1"/><sheet name="wsoa" sheetId="2" r:id="rId2"/>'
    )
    return {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{BOOK_TYPE}"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}"/>'
            f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{SHEET_TYPE}"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>{sheets}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC}/worksheet" Target="worksheets/sheet2.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet2.xml": (
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
            "format</t></is></c></row></sheetData></worksheet>"
        ),
    }


def write_workbook(path: Path, sheet: Iterator[bytes]) -> None:
    """A workbook whose first sheet, "Plan", is the XML given in pieces."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, text in _workbook_parts().items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for piece in sheet:
                part.write(piece)


def sheet_xml(rows: int, *, cells: bool, dimension: str | None = None) -> Iterator[bytes]:
    """A sheet of `rows` numbered rows, written 10,000 rows a piece: each with a cell holding 1
    (`<row r="7"><c><v>1</v></c></row>`), or empty (`<row r="7"/>`)."""
    yield f'<worksheet xmlns="{MAIN}">'.encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    row = b'<row r="%d"><c><v>1</v></c></row>' if cells else b'<row r="%d"/>'
    for first in range(1, rows + 1, 10_000):
        numbers = range(first, min(first + 10_000, rows + 1))
        yield b"".join(row % n for n in numbers)
    yield b"</sheetData></worksheet>"


def padding_xml(size: int) -> Iterator[bytes]:
    """A sheet with one row and `size` bytes of spaces: it packs about a thousand times."""
    yield f'<worksheet xmlns="{MAIN}"><sheetData><row><c><v>1</v></c></row>'.encode()
    for _ in range(size // MB):
        yield b" " * MB
    yield b"</sheetData></worksheet>"


def million_rows(path: Path) -> None:
    write_workbook(path, sheet_xml(1_000_000, cells=True))


def seven_mb_of_rows(path: Path) -> None:
    write_workbook(path, sheet_xml(3_000_000, cells=True))


def declared_million_rows(path: Path) -> None:
    write_workbook(path, sheet_xml(1_000_000, cells=False, dimension="A1:A1000000"))


def undeclared_million_rows(path: Path) -> None:
    write_workbook(path, sheet_xml(1_000_000, cells=False))


def understated_million_rows(path: Path) -> None:
    write_workbook(path, sheet_xml(1_000_000, cells=False, dimension="A1:A2"))


def zip_bomb(path: Path) -> None:
    write_workbook(path, padding_xml(1024 * MB))


# CSV


def csv_million_rows(path: Path) -> None:
    with path.open("wb") as out:
        out.write(b"Indicator,Period,Value\n")
        for _ in range(100):
            out.write(b"1\n" * 10_000)


def csv_long_line(path: Path) -> None:
    path.write_bytes(b"Indicator,Period,Value\n" + b"x" * (2 * MB - 100) + b"\n")


# PDFs, written as numbered objects, a page tree and a cross-reference table


def write_pdf(path: Path, objects: Iterator[bytes]) -> None:
    """Objects numbered from 1 (the catalog first), then the cross-reference table."""
    offsets = []
    with path.open("wb") as out:
        out.write(b"%PDF-1.4\n")
        for number, body in enumerate(objects, 1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
        out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
        out.write(
            b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref)
        )


def pdf_pages(count: int) -> Iterator[bytes]:
    """A page tree of `count` pages, all drawing one shared line of text."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    yield b"<</Type/Catalog/Pages 2 0 R>>"
    yield b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, count)
    yield b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"
    text = b"BT /F1 12 Tf 60 780 Td (Area SEND inspection of Nowhere) Tj ET"
    yield b"<</Length %d>>stream\n%s\nendstream" % (len(text), text)
    page = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>>>"
    for _ in range(count):
        yield page + b"/Contents 4 0 R>>"


def write_packed_pdf(path: Path, loose: dict[int, bytes], packed: dict[int, bytes]) -> None:
    """A PDF 1.5 file: `packed` objects in compressed object streams of 10,000, the rest
    written as they are, and a compressed cross-reference stream."""
    entries: dict[int, tuple[int, int, int]] = {0: (0, 0, 65535)}
    with path.open("wb") as out:
        out.write(b"%PDF-1.5\n")
        for number, body in loose.items():
            entries[number] = (1, out.tell(), 0)
            out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        stream_number = max(loose | packed) + 1
        numbers = sorted(packed)
        for first in range(0, len(numbers), 10_000):
            group = numbers[first : first + 10_000]
            offsets, offset = [], 0
            for index, number in enumerate(group):
                offsets.append(b"%d %d" % (number, offset))
                offset += len(packed[number]) + 1
                entries[number] = (2, stream_number, index)
            head = b" ".join(offsets) + b"\n"
            body = zlib.compress(head + b"\n".join(packed[n] for n in group), 9)
            entries[stream_number] = (1, out.tell(), 0)
            out.write(
                b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>stream\n"
                b"%s\nendstream\nendobj\n" % (stream_number, len(group), len(head), len(body), body)
            )
            stream_number += 1
        entries[stream_number] = (1, out.tell(), 0)
        rows = b"".join(struct.pack(">BIH", *entries[n]) for n in range(stream_number + 1))
        table = zlib.compress(rows, 9)
        out.write(
            b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root 1 0 R/Filter/FlateDecode/Length %d>>"
            b"stream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
            % (stream_number, stream_number + 1, len(table), table, entries[stream_number][1])
        )


def packed_pages(path: Path, count: int, declared: int, page_type: bytes = b"/Page") -> None:
    objects = list(pdf_pages(count))
    objects[1] = objects[1].replace(b"/Count %d" % count, b"/Count %d" % declared)
    objects[4:] = [page.replace(b"/Type/Page", b"/Type" + page_type) for page in objects[4:]]
    loose = {1: objects[0], 3: objects[2], 4: objects[3]}
    packed = {2: objects[1]} | {5 + i: page for i, page in enumerate(objects[4:])}
    write_packed_pdf(path, loose, packed)


def hundred_thousand_pages(path: Path) -> None:
    write_pdf(path, pdf_pages(100_000))


def hundred_thousand_packed_pages(path: Path) -> None:
    packed_pages(path, 100_000, 100_000)


def hidden_pages_count_says_10(path: Path) -> None:
    """2,000 pages packed, their type written with an escape (#65 for e), the count saying 10."""
    packed_pages(path, 2_000, 10, b"/Pag#65")


def pdf_stream_bomb(path: Path) -> None:
    """One page whose content stream unpacks to a gigabyte of spaces."""
    packer = zlib.compressobj(9)
    packed = b"".join(packer.compress(b" " * MB) for _ in range(1024)) + packer.flush()
    objects = list(pdf_pages(1))
    objects[3] = b"<</Length %d/Filter/FlateDecode>>stream\n%s\nendstream" % (len(packed), packed)
    write_pdf(path, iter(objects))


BOTH = ("plan workbook", "KPI import")
PDF = ("inspection report",)
HOSTILE: list[tuple[str, Callable[[Path], None], tuple[str, ...]]] = [
    ("million-rows.xlsx", million_rows, BOTH),
    ("seven-mb-of-rows.xlsx", seven_mb_of_rows, BOTH),
    ("million-rows-declared.xlsx", declared_million_rows, BOTH),
    ("million-rows-undeclared.xlsx", undeclared_million_rows, BOTH),
    ("million-rows-says-two.xlsx", understated_million_rows, BOTH),
    ("gigabyte-sheet.xlsx", zip_bomb, BOTH),
    ("million-rows.csv", csv_million_rows, ("KPI import",)),
    ("two-mb-line.csv", csv_long_line, ("KPI import",)),
    ("hundred-thousand-pages.pdf", hundred_thousand_pages, (*PDF, "report up to 20 MB")),
    ("hundred-thousand-packed.pdf", hundred_thousand_packed_pages, PDF),
    ("hidden-pages-says-10.pdf", hidden_pages_count_says_10, PDF),
    ("gigabyte-page.pdf", pdf_stream_bomb, PDF),
]


# Reading one file in a fresh process


def refuse(reader: str, path: Path) -> str:
    """Read the file as its upload page does; return the refusal's message."""
    content = path.read_bytes()
    if reader == "plan workbook":
        from wsoa.documents.office.reading import SheetError, read_workbook

        try:
            read_workbook(content)
        except SheetError as error:
            return str(error)
    elif reader == "KPI import":
        from wsoa.kpi.importing import ImportFileError, read_table

        try:
            read_table(path.name, content)
        except ImportFileError as error:
            return str(error)
    else:
        from wsoa.inspections import pdflimits
        from wsoa.inspections.reader import ReportError, read_report

        if reader == "report up to 20 MB":  # the reader's own size limit lifted
            pdflimits.MAX_BYTES = 20 * MB

        try:
            read_report(content)
        except ReportError as error:
            return str(error)
    return "NOT REFUSED"


def measure(reader: str, path: Path, traced: bool) -> dict[str, object]:
    """Seconds and peak resident size of one refusal; with `traced`, Python's peak allocations
    instead (tracemalloc slows allocation, so the seconds are taken in a run without it)."""
    import django

    django.setup()
    import pdfplumber  # noqa: F401  imported before measuring, as a running server has them

    import wsoa.documents.office.reading
    import wsoa.inspections.pdflimits
    import wsoa.inspections.reader
    import wsoa.kpi.importing  # noqa: F401

    if traced:
        tracemalloc.start()
        refuse(reader, path)
        return {"traced": tracemalloc.get_traced_memory()[1] / MB}
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    message = refuse(reader, path)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "before": before, "after": after, "msg": message}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--read", nargs=3, help=argparse.SUPPRESS)  # reader, file, traced
    args = parser.parse_args()
    if args.read:
        reader, path, traced = args.read
        print(json.dumps(measure(reader, Path(path), traced == "traced")))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="wsoa-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'file':28} {'MB':>6} {'made':>5}  {'reader':18} {'s':>6} {'traced':>7} {'rss':>11}")
    for name, make, readers in HOSTILE:
        path = folder / name
        start = time.perf_counter()
        make(path)
        made = time.perf_counter() - start
        for reader in readers:
            _report(name, path, made, reader)
        if not args.keep:
            path.unlink()
    if not args.keep:
        folder.rmdir()


def _report(name: str, path: Path, made: float, reader: str) -> None:
    found = _run(reader, path, "timed") | _run(reader, path, "traced")
    rss = f"{found['before']:.0f}→{found['after']:.0f} MB"
    print(
        f"{name:28} {path.stat().st_size / MB:6.1f} {made:5.1f}  {reader:18} "
        f"{found['seconds']:6.2f} {found['traced']:5.1f}MB {rss:>11}"
    )
    print(f"{'':28} {found['msg']}")


def _run(reader: str, path: Path, how: str) -> dict[str, object]:
    command = [sys.executable, __file__, "--read", reader, str(path), how]
    result = subprocess.run(command, capture_output=True, check=True).stdout
    return dict(json.loads(result))


if __name__ == "__main__":
    main()
