"""The importers by kind, and which one reads a given file.

`importer_for` asks each importer in turn whether the file is its kind: wsoa's own JSON, then
Word, PDF, Excel and CSV; the plan-text importer comes last and takes any file the others do
not. A new importer implements `base.Importer` in its own folder here and is added to
`IMPORTERS` before "text".
"""

from __future__ import annotations

from wsoa.documents.importers.base import Importer, PlanFileError
from wsoa.documents.importers.jsonplan import JsonPlanImporter
from wsoa.documents.importers.pdf import PdfImporter
from wsoa.documents.importers.plantext import PlanTextImporter
from wsoa.documents.importers.safety import what_file
from wsoa.documents.importers.sheets import CsvImporter, ExcelImporter
from wsoa.documents.importers.word import WordImporter

IMPORTERS: dict[str, Importer] = {
    importer.kind: importer
    for importer in (
        JsonPlanImporter(),
        WordImporter(),
        PdfImporter(),
        ExcelImporter(),
        CsvImporter(),
        PlanTextImporter(),
    )
}


def importer_for(name: str, content: bytes) -> Importer:
    """The importer that reads this file, or PlanFileError when none does.

    Files wsoa refuses whatever their importer (empty, too large, old binary Office files,
    password-protected, macro-enabled or damaged) are refused first (`safety.what_file`).
    """
    what_file(name, content)
    for importer in IMPORTERS.values():
        if importer.accepts(name, content):
            return importer
    kinds = "; ".join(importer.description for importer in IMPORTERS.values())
    raise PlanFileError(f"wsoa cannot read this kind of file. It reads {kinds}")
