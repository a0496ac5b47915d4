"""Read a wsoa-plan JSON file (docs/interchange.md), such as `wsoa export` writes.

A file is this kind when its text starts with "{", whatever its name.
"""

from __future__ import annotations

import json
from typing import Any

from wsoa.documents.importers.base import PlanDocument, checked, decode_text
from wsoa.documents.importers.mapping import ColumnMap
from wsoa.documents.interchange.schema import FORMAT, VERSION, InterchangeError, check_document

__all__ = ["JsonPlanImporter", "load_json"]


class JsonPlanImporter:
    kind = "json"
    description = "a wsoa-plan JSON file"

    def accepts(self, name: str, content: bytes) -> bool:
        try:
            return content.decode("utf-8-sig").lstrip().startswith("{")
        except UnicodeDecodeError:
            return False

    def read(self, name: str, content: bytes, column_map: ColumnMap | None = None) -> PlanDocument:
        text = decode_text(content)
        return PlanDocument(checked(lambda: load_json(text)))


def load_json(text: str) -> dict[str, Any]:
    """Parse and check a wsoa-plan JSON document, with dates as date objects.

    Raises InterchangeError naming the line (bad JSON) or the value's path.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InterchangeError(f"line {error.lineno}: not valid JSON ({error.msg})") from error
    except RecursionError as error:
        raise InterchangeError("the JSON is nested too deeply to read") from error
    except ValueError as error:
        raise InterchangeError(f"not valid JSON ({error})") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InterchangeError(f'not a wsoa plan: "format" must be "{FORMAT}"')
    if data.get("version") != VERSION or isinstance(data.get("version"), bool):
        version = data.get("version")
        shown = repr(version) if isinstance(version, int | str) else "of the wrong type"
        raise InterchangeError(f"unsupported version {shown[:40]}; this reads {VERSION}")
    check_document(data)
    return data
