"""Files wsoa cannot or must not read are refused before any reader opens them, saying what to
do, and nothing is written: old and password-protected Office files, macros, zip bombs, XML
entity declarations, empty, cut-short and oversized files. Real files still pass."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook
from PIL import Image

from hostile_workbooks import MB, declaring
from wsoa.core.models import AuditEvent, LocalArea
from wsoa.documents.importers import safety
from wsoa.documents.importers.base import PlanFileError
from wsoa.documents.importers.safety import check_docx, check_xlsx, what_file
from wsoa.documents.importing import import_plan
from wsoa.plans.models import Item, Plan

SECTOR = 512
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";" if n > 1 else "&lol;") * 10}">'
        for n in range(1, 10)
    )
    + "]><lolz>&lol9;</lolz>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    "<w>&secret;</w>"
)


# --- files made here, in the shapes Word and Excel write -----------------------------------


def word_document(paragraphs: int = 3) -> bytes:
    """A real .docx (python-docx): a title, prose and a small action table."""
    document = Document()
    document.add_heading("Testshire Written Statement of Action", 0)
    for n in range(paragraphs):
        document.add_paragraph(f"Paragraph {n} of the plan's introduction.")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Ref", "Action", "Lead"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1.1", "Review pathways", "JB"], strict=True):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def excel_workbook() -> bytes:
    book = Workbook()
    book.active.append(["Ref", "Action", "Lead"])
    book.active.append(["1.1", "Review pathways", "JB"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_parts(content: bytes, parts: dict[str, bytes | str], *, level: int = 6) -> bytes:
    """The zip with its parts replaced or added (the others copied as they are)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for info in source.infolist():
            if info.filename not in parts:
                archive.writestr(info, source.read(info))
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def compound_file(*streams: str) -> bytes:
    """An OLE2 compound file (the container of .doc, .xls and encrypted .docx/.xlsx): its
    header, and a directory sector naming the streams as OLE2 does, in UTF-16."""
    header = bytearray(SECTOR)
    header[:8] = safety.OLE2
    header[24:34] = struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9)[:8] + b"\x06\x00"
    directory = bytearray()
    for name in ("Root Entry", *streams):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le")
        entry[: len(encoded)] = encoded
        entry[64:66] = struct.pack("<H", len(encoded) + 2)
        directory += entry
    return bytes(header + directory.ljust(4 * SECTOR, b"\x00"))


def noisy_picture(width: int, height: int) -> bytes:
    """A PNG of random pixels: it does not pack, as a photograph barely does."""
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def large_word_document() -> bytes:
    """A real .docx of about 20 MB: the plan's tables and three photographs."""
    document = Document(io.BytesIO(word_document(paragraphs=200)))
    for _ in range(3):
        document.add_picture(io.BytesIO(noisy_picture(1850, 1200)))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- what a file is ---------------------------------------------------------------------


def test_real_word_excel_pdf_and_text_files_are_told_apart():
    assert what_file("plan.docx", word_document()) == "docx"
    assert what_file("tracker.xlsx", excel_workbook()) == "xlsx"
    assert what_file("plan.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj") == "pdf"
    assert what_file("plan.txt", b"Plan\n1.1\tAction\tJB\n") == "text"
    assert what_file("plan.bin", word_document()) == "docx"  # by its parts, not its name


def test_real_word_and_excel_files_pass_their_checks():
    check_docx(word_document())
    check_xlsx(excel_workbook())


def test_a_20_mb_word_document_with_pictures_passes():
    content = large_word_document()
    assert 18 * MB < len(content) < safety.MAX_UPLOAD
    check_docx(content, "plan.docx")


# --- refusals, each saying what to do ----------------------------------------------------

REFUSED = {
    "old Word": (
        "plan.doc",
        lambda: compound_file("WordDocument", "1Table", "\x05SummaryInformation"),
        "This is an old Word document (.doc). Open it in Word and save it as .docx, then "
        "upload that.",
    ),
    "old Word, named otherwise": (
        "plan.bin",
        lambda: compound_file("WordDocument"),
        "This is an old Word document (.doc).",
    ),
    "old Excel": (
        "tracker.xls",
        lambda: compound_file("Workbook", "\x05SummaryInformation"),
        "This is an old Excel workbook (.xls). Open it in Excel and save it as .xlsx, then "
        "upload that.",
    ),
    "password-protected Word": (
        "plan.docx",
        lambda: compound_file("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"),
        "The file is protected by a password, so wsoa cannot read it. Open it in Word, remove "
        "the password and save it again, then upload that copy.",
    ),
    "password-protected Excel": (
        "tracker.xlsx",
        lambda: compound_file("EncryptionInfo", "EncryptedPackage"),
        "Open it in Excel, remove the password and save it again",
    ),
    "Word with macros": (
        "plan.docm",
        lambda: with_parts(word_document(), {"word/vbaProject.bin": b"\x00macro"}),
        "This Word document contains macros (.docm), which wsoa does not open. Open it in Word "
        "and save it as a Word Document (.docx) without macros, then upload that.",
    ),
    "Excel with macros, named .xlsx": (
        "tracker.xlsx",
        lambda: with_parts(excel_workbook(), {"xl/vbaProject.bin": b"\x00macro"}),
        "save it as an Excel Workbook (.xlsx) without macros",
    ),
    "empty": ("plan.docx", lambda: b"", "The file is empty (0 bytes)."),
    "cut short": (
        "plan.docx",
        lambda: word_document()[:2000],
        "The file cannot be opened as a Word document: it seems damaged or cut short. Open it "
        "in Word, save it again and upload the new copy.",
    ),
    "named .docx but not a zip": (
        "plan.docx",
        lambda: b"\x00\x01 not a document",
        "The file cannot be opened as a Word document",
    ),
    "too large": (
        "plan.docx",
        lambda: b"PK" + b"\x00" * safety.MAX_UPLOAD,
        "The file is 25.0 MB, larger than the 25 MB wsoa reads.",
    ),
    "a zip of something else": (
        "slides.zip",
        lambda: _other_zip(),
        "The file is a zip that holds neither a Word document nor an Excel workbook.",
    ),
}


def _other_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<p/>")
    return out.getvalue()


@pytest.mark.parametrize("case", REFUSED)
def test_a_file_wsoa_cannot_read_is_refused_saying_what_to_do(case):
    name, make, message = REFUSED[case]
    with pytest.raises(PlanFileError) as refused:
        what_file(name, make())
    assert message in str(refused.value)


# --- crafted files: refused before anything is unpacked or expanded -----------------------


def test_a_document_declaring_gigabytes_is_refused_from_its_directory_alone():
    """The part's data is not what the directory says: had it been unpacked first, it would
    have unpacked to a few bytes and failed its check, not been refused for its size."""
    content = declaring(word_document(), "word/document.xml", 4_000_000_000)
    with pytest.raises(PlanFileError, match=r"^The document unpacks to more than 150 MB"):
        check_docx(content)


def test_a_deflate_bomb_document_is_refused_by_its_packing():
    bomb = "<w:document>" + " " * (40 * MB) + "</w:document>"
    content = with_parts(word_document(), {"word/document.xml": bomb}, level=9)
    assert len(content) < MB
    with pytest.raises(PlanFileError, match="unpacks to more than 100 times its packed size"):
        check_docx(content)


def test_a_document_of_too_many_parts_is_refused():
    parts: dict[str, bytes | str] = {f"word/media/p{n}.xml": "<p/>" for n in range(1_001)}
    with pytest.raises(PlanFileError, match="has more than 1,000 parts inside it"):
        check_docx(with_parts(word_document(), parts))


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "external"])
def test_xml_entity_declarations_in_a_document_are_refused(xml):
    """Python's expat stops a billion laughs with an error of its own once expanded too far;
    this message shows the declaration was refused when it was met, before any expansion."""
    content = with_parts(word_document(), {"word/document.xml": xml})
    with pytest.raises(PlanFileError) as refused:
        check_docx(content)
    assert str(refused.value) == (
        "The document cannot be read: it contains XML entity declarations, which Word never "
        "writes. Open it in Word, save it as a new file, and upload that."
    )


def test_xml_entity_declarations_in_a_workbook_are_refused():
    content = with_parts(excel_workbook(), {"xl/sharedStrings.xml": BILLION_LAUGHS})
    with pytest.raises(PlanFileError, match="which Excel never writes"):
        check_xlsx(content)


def test_a_workbook_is_not_passed_as_a_word_document():
    with pytest.raises(PlanFileError, match="The file is not a Word document"):
        check_docx(excel_workbook(), "tracker.xlsx")


# --- through the import: nothing written ----------------------------------------------------


def nothing_written(area: str) -> bool:
    return (
        not Plan.objects.exists()
        and not Item.objects.exists()
        and not AuditEvent.objects.exists()
        and not LocalArea.objects.filter(name=area).exists()
    )


IMPORT_REFUSED = [
    pytest.param("plan.doc", lambda: compound_file("WordDocument"), "old Word", id="old Word"),
    pytest.param(
        "plan.xls",
        lambda: compound_file("Workbook"),
        "old Excel workbook",
        id="old Excel",
    ),
    pytest.param(
        "plan.docx",
        lambda: compound_file("EncryptionInfo", "EncryptedPackage"),
        "protected by a password",
        id="password-protected",
    ),
    pytest.param(
        "plan.docm",
        lambda: with_parts(word_document(), {"word/vbaProject.bin": b"\x00"}),
        "without macros",
        id="macros",
    ),
    pytest.param(
        "plan.docx",
        lambda: with_parts(word_document(), {"word/document.xml": BILLION_LAUGHS}),
        "XML entity declarations",
        id="entities",
    ),
    pytest.param(
        "plan.docx",
        lambda: declaring(word_document(), "word/document.xml", 4_000_000_000),
        "unpacks to more than",
        id="bomb",
    ),
    pytest.param("plan.txt", lambda: b"", "(?i)the file is empty", id="empty"),
    pytest.param(
        "plan.docx", lambda: word_document()[:2000], "damaged or cut short", id="cut short"
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "message"), IMPORT_REFUSED)
def test_an_import_of_a_refused_file_writes_nothing(
    tmp_path: Path, name: str, make: Callable[[], bytes], message: str
):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(PlanFileError, match=message):
        import_plan(path=path, area_name="Testshire")
    assert nothing_written("Testshire")
