"""The importers by kind, and which one reads a given file.

`importer_for` asks each importer in turn whether the file is its kind; the plan-text importer
comes last and takes any file the others do not. A new importer (Word, Excel, PDF) implements
`base.Importer` in its own folder here and is added to `IMPORTERS` before "text".
"""

from __future__ import annotations

from wsoa.documents.importers.base import Importer, PlanFileError
from wsoa.documents.importers.jsonplan import JsonPlanImporter
from wsoa.documents.importers.plantext import PlanTextImporter

IMPORTERS: dict[str, Importer] = {
    importer.kind: importer for importer in (JsonPlanImporter(), PlanTextImporter())
}


def importer_for(name: str, content: bytes) -> Importer:
    """The importer that reads this file, or PlanFileError when none does."""
    for importer in IMPORTERS.values():
        if importer.accepts(name, content):
            return importer
    kinds = "; ".join(importer.description for importer in IMPORTERS.values())
    raise PlanFileError(f"wsoa cannot read this kind of file. It reads {kinds}")
