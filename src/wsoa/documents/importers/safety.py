"""What an uploaded plan file is, and what wsoa refuses before any reader opens it. No Django.

Every importer of a Word, Excel or PDF file calls the check of its kind first (`check_docx`,
`check_xlsx`, `check_pdf`), and `what_file` says which kind a file is. Each refusal is a
`PlanFileError` that says what to do, raised before any parser sees the file:

- too large an upload (`MAX_UPLOAD`), or an empty one;
- old binary Word and Excel files (.doc, .xls), and Office files protected by a password, which
  are both OLE2 containers (the magic bytes D0 CF 11 E0; an encrypted .docx or .xlsx holds an
  "EncryptedPackage" stream);
- Word documents and workbooks with macros (a vbaProject.bin part);
- zips that are damaged or cut short, or hold too many parts, unpack to too much, or are packed
  like a bomb: read from the zip's directory before anything is unpacked
  (`wsoa.core.spreadsheets.open_zip`), then each XML part streamed and counted;
- XML parts declaring a document type or entities (billion laughs, external entities), refused
  as the declaration starts;
- PDFs that unpack to far more than a plan (every deflated stream but the pictures is
  unpacked a piece at a time and thrown away), or that cannot be opened without a password.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import PurePath

from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfexceptions import PDFException
from pdfminer.pdfparser import PDFParser
from pdfminer.psexceptions import PSException

from wsoa.core.spreadsheets import Limits, TooLarge, check_container, part_names
from wsoa.documents.importers.base import PlanFileError

MB = 1024 * 1024
MAX_UPLOAD = 25 * MB  # a council's plan as Word or PDF, pictures included, is a few MB
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip's first part, or the end of an empty zip
PDF = b"%PDF-"
PDF_HEADER_WITHIN = 1024  # bytes of junk a reader allows before "%PDF-"
MAX_PDF_STREAM = 64 * MB  # one stream unpacked: a plan's page content is tens of kilobytes
MAX_PDF_UNPACKED = 256 * MB  # all a PDF's streams but its pictures, unpacked
STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
STREAM_HEAD = 2048  # bytes before "stream" searched for the stream's dictionary
FLATE = b"/FlateDecode"
IMAGE = re.compile(rb"/Subtype\s*/Image\b")
CHUNK = 64 * 1024

WORD = Limits(
    rows=0,  # a Word document has no sheet rows
    noun="document",
    writer="Word",
    parts=1_000,
    unpacked=150 * MB,
    elements=2_000_000,
)
EXCEL = Limits(rows=20_000, columns=200, unpacked=100 * MB, elements=2_000_000)

KIND_NAMES = {"docx": "Word document", "xlsx": "Excel workbook"}
PROGRAMS = {"docx": "Word", "xlsx": "Excel"}
SUFFIX_KINDS = {".docx": "docx", ".docm": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".pdf": "pdf"}
OLD_FORMATS = {
    "doc": "This is an old Word document (.doc). Open it in Word and save it as .docx, then "
    "upload that.",
    "xls": "This is an old Excel workbook (.xls). Open it in Excel and save it as .xlsx, then "
    "upload that.",
}
LOCKED_PDF = (
    "The PDF is protected by a password, so wsoa cannot read it. Open it, remove the password "
    "and save it again (or upload the plan's Word or Excel version), then upload that."
)
PDF_TOO_MUCH = (
    "The PDF cannot be read: it unpacks to far more than a plan's PDF does. Save the plan as a "
    "PDF again from Word, or upload its Word or Excel version."
)
MACROS = {
    "docx": "This Word document contains macros (.docm), which wsoa does not open. Open it in "
    "Word and save it as a Word Document (.docx) without macros, then upload that.",
    "xlsx": "This Excel workbook contains macros (.xlsm), which wsoa does not open. Open it in "
    "Excel and save it as an Excel Workbook (.xlsx) without macros, then upload that.",
}


def what_file(name: str, content: bytes) -> str:
    """The kind of plan file: "docx", "xlsx", "pdf", or "text" (plan text, CSV, JSON).

    Raises PlanFileError for a file wsoa refuses whatever importer would read it: empty, too
    large, an old binary or password-protected Office file, a damaged or macro-enabled zip.
    """
    check_size(content)
    if content.startswith(OLE2):
        raise PlanFileError(ole2_message(name, content))
    if PDF in content[: PDF_HEADER_WITHIN + len(PDF)]:
        return "pdf"
    if content.startswith(ZIP):
        return zip_kind(name, content)
    named = suffix_kind(name)
    if named:
        raise PlanFileError(damaged_message(named))
    return "text"


def check_size(content: bytes) -> None:
    """Refuse an empty file, or one larger than wsoa reads."""
    if not content:
        raise PlanFileError(
            "The file is empty (0 bytes). Check you chose the right file and upload it again."
        )
    if len(content) > MAX_UPLOAD:
        raise PlanFileError(
            f"The file is {len(content) / MB:.1f} MB, larger than the {MAX_UPLOAD // MB} MB "
            "wsoa reads. Remove large pictures from it, or upload the plan's Word or Excel "
            "version, and try again."
        )


def ole2_message(name: str, content: bytes) -> str:
    """What to do with an OLE2 file: an encrypted .docx/.xlsx, or an old .doc/.xls."""
    if "EncryptedPackage".encode("utf-16-le") in content:
        return password_message(PROGRAMS.get(suffix_kind(name), "Word or Excel"))
    if "WordDocument".encode("utf-16-le") in content:
        return OLD_FORMATS["doc"]
    if "Workbook".encode("utf-16-le") in content or "Book".encode("utf-16-le") in content:
        return OLD_FORMATS["xls"]
    suffix = PurePath(name).suffix.lower()
    if suffix in (".doc", ".xls"):
        return OLD_FORMATS[suffix[1:]]
    return (
        "This is an old Office file (made before 2007), which wsoa does not read. Open it in "
        "Word or Excel and save it as .docx or .xlsx, then upload that."
    )


def password_message(program: str) -> str:
    """The refusal of a file protected by a password, naming the program to open it in."""
    return (
        "The file is protected by a password, so wsoa cannot read it. Open it in "
        f"{program}, remove the password and save it again, then upload that copy."
    )


def suffix_kind(name: str) -> str:
    """The kind a file's name says it is ("docx", "xlsx", "pdf"), or ""."""
    return SUFFIX_KINDS.get(PurePath(name).suffix.lower(), "")


def damaged_message(kind: str) -> str:
    """The refusal of a file of a kind that cannot be opened: damaged or cut short."""
    if kind == "pdf":
        return (
            "The file cannot be opened as a PDF: it seems damaged or cut short. Save or "
            "download the PDF again and upload the new copy."
        )
    noun = KIND_NAMES.get(kind, "Word document or Excel workbook")
    program = PROGRAMS.get(kind, "Word or Excel")
    return (
        f"The file cannot be opened as a {noun}: it seems damaged or cut short. Open it in "
        f"{program}, save it again and upload the new copy."
    )


def zip_kind(name: str, content: bytes) -> str:
    """Whether a zip is a Word document or a workbook, from its directory alone."""
    named = suffix_kind(name)
    names = set(_part_names(content, named, WORD if named == "docx" else EXCEL))
    kind = "docx" if "word/document.xml" in names else "xlsx" if "xl/workbook.xml" in names else ""
    if not kind:
        raise PlanFileError(
            "The file is a zip that holds neither a Word document nor an Excel workbook. Upload "
            "the plan as a Word document (.docx), an Excel workbook (.xlsx), a CSV file or a PDF."
        )
    if any(part.lower().endswith("vbaproject.bin") for part in names):
        raise PlanFileError(MACROS[kind])
    return kind


def _part_names(content: bytes, kind: str, limits: Limits) -> list[str]:
    try:
        return part_names(content, limits)
    except TooLarge as error:
        raise PlanFileError(str(error)) from error
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise PlanFileError(damaged_message(kind)) from error


def check_docx(content: bytes, name: str = "plan.docx") -> None:
    """Refuse a file that the Word importer must not open; see the module's docstring."""
    _check_office(content, name, "docx", WORD)


def check_xlsx(content: bytes, name: str = "plan.xlsx", limits: Limits = EXCEL) -> None:
    """Refuse a file that the Excel importer must not open; see the module's docstring."""
    _check_office(content, name, "xlsx", limits)


def _check_office(content: bytes, name: str, kind: str, limits: Limits) -> None:
    found = what_file(name, content)
    if found != kind:
        raise PlanFileError(
            f"The file is not a {KIND_NAMES[kind]}. Open it in {PROGRAMS[kind]}, save it as "
            f".{kind} and upload that."
        )
    try:
        check_container(content, limits)
    except TooLarge as error:
        raise PlanFileError(str(error)) from error
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise PlanFileError(damaged_message(kind)) from error


def check_pdf(content: bytes, name: str = "plan.pdf") -> None:
    """Refuse a file that the PDF importer must not open: too large, not a PDF, damaged,
    unpacking to far more than a plan, or protected by a password."""
    if what_file(name, content) != "pdf":
        raise PlanFileError(
            "The file is not a PDF. Upload the plan as a PDF, a Word document (.docx) or an "
            "Excel workbook (.xlsx)."
        )
    _Unpacked().check(content)
    _check_unlocked(content)


def _check_unlocked(content: bytes) -> None:
    """Refuse a PDF that cannot be opened without a password (one that only forbids
    copying or printing opens, as every PDF reader opens it)."""
    try:
        PDFDocument(PDFParser(io.BytesIO(content)), password="")
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise PlanFileError(LOCKED_PDF) from error
    except (PDFException, PSException, ValueError, KeyError, TypeError) as error:
        raise PlanFileError(damaged_message("pdf")) from error


class _Unpacked:
    """Unpacks each deflated stream of a PDF but its pictures (which the importer never
    unpacks) a piece at a time, keeping none of it, and refuses a PDF unpacking to too much."""

    def __init__(self) -> None:
        self.total = 0

    def check(self, content: bytes) -> None:
        for match in STREAM_START.finditer(content):
            head = content[max(0, match.start() - STREAM_HEAD) : match.start()]
            head = head[head.rfind(b"obj") + 1 :]
            if FLATE in head and not IMAGE.search(head):
                self._unpack(content, match.end())

    def _unpack(self, content: bytes, start: int) -> None:
        inflater = zlib.decompressobj()
        size, position, pending = 0, start, b""
        try:
            while not inflater.eof:
                if not pending:
                    if position >= len(content):
                        return
                    pending, position = content[position : position + CHUNK], position + CHUNK
                piece = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                size, self.total = size + len(piece), self.total + len(piece)
                if size > MAX_PDF_STREAM or self.total > MAX_PDF_UNPACKED:
                    raise PlanFileError(PDF_TOO_MUCH)
        except zlib.error:
            return  # not deflated after all: pdfminer gets nothing more from it either
