"""Read a Word document (.docx) into a wsoa-plan document.

`layout.py` lays the document out as plan text — a line per paragraph and per table row, with
where each stands ("table 3, row 5", "paragraph 12") — and the one plan-text reader
(`plantext/`) reads that, so a Word plan is recognised the same way as the seeds' text exports.
`WordImporter` is this folder's importer (`importers/base.py`). No Django here.
"""

from __future__ import annotations

import io
import zipfile

from wsoa.documents.importers.base import PlanDocument, PlanFileError
from wsoa.documents.importers.mapping import ColumnMap
from wsoa.documents.importers.plantext import document_of, parse_plan_text
from wsoa.documents.importers.safety import check_docx
from wsoa.documents.importers.word.layout import lay_out

__all__ = ["WordImporter", "lay_out"]

WORD_NAMES = (".docx", ".docm", ".dotx", ".doc")
CONTENT_TYPES = "[Content_Types].xml"
NO_TEXT = (
    "no plan items found: the Word document has no text in it (no paragraphs or tables with "
    "words). Check that it is the plan itself, not an empty or scanned document."
)


class WordImporter:
    """The importer of Word documents: .docx by name, or a zip that says it holds one."""

    kind = "word"
    description = "a Word document (.docx)"

    def accepts(self, name: str, content: bytes) -> bool:
        return name.lower().endswith(WORD_NAMES) or _says_it_is_word(content)

    def read(self, name: str, content: bytes, column_map: ColumnMap | None = None) -> PlanDocument:
        check_docx(content, name)
        laid_out = lay_out(content)
        if not any(line.strip() for line in laid_out.lines):
            raise PlanFileError(NO_TEXT)
        parsed = parse_plan_text(
            laid_out.text, source_name=name, column_map=column_map, places=laid_out.places
        )
        return document_of(parsed)


def _says_it_is_word(content: bytes) -> bool:
    """Whether a zip's content types name a Word document's main part."""
    if not content.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(CONTENT_TYPES) as part:
            return b"wordprocessingml.document" in part.read(64 * 1024)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return False
