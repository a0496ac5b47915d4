"""The parts of a .docx the layout reads: where its main document is, its styles, its numbering.

A .docx is a zip of XML parts. The package's relationships (`_rels/.rels`) name the main
document (usually `word/document.xml`), and the main document's relationships name its styles
and numbering parts. Those two are small and read whole; the main document is streamed by
`layout.py`. No entity is ever resolved and nothing is fetched from the network.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from typing import IO

from lxml import etree

from wsoa.documents.importers.base import PlanFileError
from wsoa.documents.importers.word.numbering import Numbering
from wsoa.documents.importers.word.styles import Styles

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "/officeDocument"
SAVE_AS_DOCX = "Open it in Word and save it as a Word document (.docx), then upload that."


def xml_parser() -> etree.XMLParser:
    """A parser that keeps entities unexpanded and never reaches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass
class WordPackage:
    """An opened .docx: its zip, the name of its main part, its styles and numbering."""

    archive: zipfile.ZipFile
    main: str
    styles: Styles
    numbering: Numbering

    def open_main(self) -> IO[bytes]:
        """The main document part as a stream, to be read once."""
        return self.archive.open(self.main)


def open_package(content: bytes) -> WordPackage:
    """Open a .docx and read its styles and numbering, or PlanFileError saying why not."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise PlanFileError(
            f"the file is not a Word document (.docx): it is not a zip package. {SAVE_AS_DOCX}"
        ) from error
    main = _main_part(archive)
    targets = _targets(archive, _rels_of(main))
    return WordPackage(
        archive,
        main,
        Styles.from_xml(_read_xml(archive, targets.get("/styles"))),
        Numbering.from_xml(_read_xml(archive, targets.get("/numbering"))),
    )


def _main_part(archive: zipfile.ZipFile) -> str:
    main = _targets(archive, "_rels/.rels").get(OFFICE_DOCUMENT, "word/document.xml")
    if main not in archive.namelist():
        raise PlanFileError(
            "the file is a zip but not a Word document: it has no main document part "
            f"({main}). {SAVE_AS_DOCX}"
        )
    return main


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _targets(archive: zipfile.ZipFile, rels: str) -> dict[str, str]:
    """Each relationship type's last path segment ("/styles") → the part it points at."""
    root = _read_xml(archive, rels)
    if root is None:
        return {}
    base = posixpath.dirname(posixpath.dirname(rels))
    found: dict[str, str] = {}
    for rel in root.iter(f"{{{RELS}}}Relationship"):
        kind, target = rel.get("Type", ""), rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
        found.setdefault(kind[kind.rfind("/") :], posixpath.normpath(part))
    return found


def _read_xml(archive: zipfile.ZipFile, name: str | None) -> etree._Element | None:
    """A small part parsed whole, or None when the package has no such part."""
    if name is None or name not in archive.namelist():
        return None
    try:
        return etree.fromstring(archive.read(name), xml_parser())
    except etree.XMLSyntaxError as error:
        raise PlanFileError(
            f"the Word document is damaged: its part {name} is not readable XML ({error.msg}). "
            f"{SAVE_AS_DOCX}"
        ) from error
