"""The importers share one interface and are chosen by what the file holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wsoa.documents.importers.base import Importer, PlanDocument, PlanFileError
from wsoa.documents.importers.jsonplan import JsonPlanImporter
from wsoa.documents.importers.plantext import PlanTextImporter
from wsoa.documents.importers.registry import IMPORTERS, importer_for
from wsoa.documents.importing import read_plan

SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"
HARTLEPOOL = SEEDS / "000_56886334a7fafb51.txt"
SMALL_PLAN = {
    "format": "wsoa-plan",
    "version": 1,
    "plan": {"title": "A small plan"},
    "items": [{"title": "Do the thing", "due": [{"text": "by 31 March 2027"}]}],
}


def _interface(importer: Importer) -> tuple[str, str]:
    return importer.kind, importer.description


def test_the_registry_holds_each_importer_under_its_kind_with_text_last():
    assert list(IMPORTERS) == ["json", "word", "pdf", "xlsx", "csv", "text"]
    for kind, importer in IMPORTERS.items():
        assert _interface(importer)[0] == kind
        assert importer.description


@pytest.mark.parametrize("name", ["plan.json", "plan.txt", "plan"])
def test_a_json_file_goes_to_the_json_importer_whatever_its_name(name):
    content = b"\xef\xbb\xbf  \n" + json.dumps(SMALL_PLAN).encode()
    assert isinstance(importer_for(name, content), JsonPlanImporter)


def test_any_other_file_goes_to_the_text_importer():
    assert isinstance(importer_for("plan.txt", HARTLEPOOL.read_bytes()), PlanTextImporter)
    assert isinstance(importer_for("plan.json", b"\xff{"), PlanTextImporter)


def test_reading_gives_a_checked_document_with_dates_and_warnings_as_text():
    found = read_plan("plan.json", json.dumps(SMALL_PLAN).encode())
    assert isinstance(found, PlanDocument)
    assert found.data["items"][0]["title"] == "Do the thing"
    assert found.warnings == []
    seed = read_plan(HARTLEPOOL.name, HARTLEPOOL.read_bytes())
    assert seed.data["plan"]["source_name"] == HARTLEPOOL.name
    assert all(isinstance(warning, str) for warning in seed.warnings)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"caf\xe9\n", "line 1: the file is not UTF-8 text"),
        (b'{"format": "wsoa-plan", "version": 1, "plan": {"title": 5}}', "plan.title"),
        (b'{"format": "something else"}', "not a wsoa plan"),
        (b"   \n", "the file is empty"),
    ],
)
def test_each_importer_refuses_a_bad_file_with_its_reason(content, message):
    with pytest.raises(PlanFileError, match=message):
        read_plan("plan.txt", content)
