"""Property tests: damaged copies of the seed plans and of real JSON exports either import or
are refused with the importer's own error, never another exception, and a refused file writes
nothing.

Examples are derived deterministically (derandomize=True), so a run on CI tries the same
files as a run here; the counts keep the whole module to a few tens of seconds.
"""

from __future__ import annotations

import copy
import json
import random
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from wsoa.core.models import AuditEvent, LocalArea
from wsoa.documents.importers.plantext import PlanFileError, parse_plan_text
from wsoa.documents.importing import import_plan
from wsoa.documents.interchange.exporting import export_plan, to_json
from wsoa.documents.interchange.schema import check_document
from wsoa.plans.models import Item, Plan

SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"
SEED_TEXTS = {p.name: p.read_text() for p in sorted(SEEDS.glob("*.txt"))}
JSON_SOURCES = ["000_56886334a7fafb51.txt", "001_ae72a16c3b6432fd.txt"]


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- damaged text ---------------------------------------------------------------------

JUNK = [
    *"\t\n<>/()[]:;,.-–•%&#*'\"0123456789 aAzZ",
    "\u00a0",
    "\u2003",
    "\u00ad",
    "Т",
    "<li>",
    "</ul>",
    "<p>",
    "<ul style='",
    "1.1 ",
    "2.3.1 ",
    "Objective 3 ",
    "Key Concern 4",
    "WSOA Area FIVE: ",
    "WSOA Area 11: ",
    "Workstream 9 – ",
    "By whom?\tBy when?",
    "Links to other objectives: (Objective 7)",
    "Responsible lead: A and B",
    "Contents",
    "Milestones\t",
    "Impact indicators\t",
]


def _shuffled(draw: st.DrawFn, values: list[str]) -> list[str]:
    """A thorough shuffle (Hypothesis' own permutations stay close to the original order)."""
    shuffled = list(values)
    random.Random(draw(st.integers(0, 2**32))).shuffle(shuffled)
    return shuffled


def _shuffle(draw: st.DrawFn, lines: list[str]) -> list[str]:
    return _shuffled(draw, lines)


def _delete(draw: st.DrawFn, lines: list[str]) -> list[str]:
    start = draw(st.integers(0, len(lines) - 1))
    end = draw(st.integers(start, min(len(lines), start + 60)))
    return lines[:start] + lines[end:]


def _every_other(draw: st.DrawFn, lines: list[str]) -> list[str]:
    step = draw(st.integers(2, 4))
    return lines[draw(st.integers(0, step - 1)) :: step]


def _duplicate(draw: st.DrawFn, lines: list[str]) -> list[str]:
    start = draw(st.integers(0, len(lines) - 1))
    end = draw(st.integers(start, min(len(lines), start + 30)))
    return lines[:end] + lines[start:end] + lines[end:]


def _truncate(draw: st.DrawFn, lines: list[str]) -> list[str]:
    text = "\n".join(lines)
    return text[: draw(st.integers(0, len(text)))].split("\n")


def _insert(draw: st.DrawFn, lines: list[str]) -> list[str]:
    text = "\n".join(lines)
    at = draw(st.integers(0, len(text)))
    junk = "".join(draw(st.lists(st.sampled_from(JUNK) | st.characters(), max_size=12)))
    return (text[:at] + junk + text[at:]).split("\n")


def _split_cell(draw: st.DrawFn, lines: list[str]) -> list[str]:
    index = draw(st.integers(0, len(lines) - 1))
    at = draw(st.integers(0, len(lines[index])))
    return [*lines[:index], lines[index][:at] + "\t" + lines[index][at:], *lines[index + 1 :]]


def _join_lines(draw: st.DrawFn, lines: list[str]) -> list[str]:
    index = draw(st.integers(0, max(0, len(lines) - 2)))
    return [*lines[:index], " ".join(lines[index : index + 2]), *lines[index + 2 :]]


def _shuffle_cells(draw: st.DrawFn, lines: list[str]) -> list[str]:
    index = draw(st.integers(0, len(lines) - 1))
    cells = _shuffled(draw, lines[index].split("\t"))
    return [*lines[:index], "\t".join(cells), *lines[index + 1 :]]


def _drop_cell(draw: st.DrawFn, lines: list[str]) -> list[str]:
    index = draw(st.integers(0, len(lines) - 1))
    cells = lines[index].split("\t")
    del cells[draw(st.integers(0, len(cells) - 1))]
    return [*lines[:index], "\t".join(cells), *lines[index + 1 :]]


TEXT_DAMAGE: list[Callable[[st.DrawFn, list[str]], list[str]]] = [
    _shuffle,
    _delete,
    _every_other,
    _duplicate,
    _truncate,
    _insert,
    _split_cell,
    _join_lines,
    _shuffle_cells,
    _drop_cell,
]


@st.composite
def damaged_text(draw: st.DrawFn, name: str | None = None) -> str:
    lines = SEED_TEXTS[name or draw(st.sampled_from(sorted(SEED_TEXTS)))].split("\n")
    for damage in draw(st.lists(st.sampled_from(TEXT_DAMAGE), min_size=1, max_size=4)):
        if lines:
            lines = damage(draw, lines)
    return "\n".join(lines)


@st.composite
def damaged_bytes(draw: st.DrawFn) -> bytes:
    raw = draw(damaged_text()).encode()
    if draw(st.booleans()):
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    return raw


@pytest.mark.parametrize("name", sorted(SEED_TEXTS))
@fuzz(15)
@given(data=st.data())
def test_damaged_seed_text_is_read_as_a_valid_plan_or_refused(name, data):
    text = data.draw(damaged_text(name))
    try:
        parsed = parse_plan_text(text, source_name="damaged.txt")
    except PlanFileError:
        return
    check_document(parsed.data)
    assert parsed.data["items"]


# --- damaged JSON ---------------------------------------------------------------------

HOSTILE_TEXT = [
    "",
    "\x00",
    "\ud800",
    "x" * 600,
    "2018-02-30",
    "2018-01-01",
    "1.1",
    "red",
    "wsoa",
    "progress",
    "9" * 60,
]
KEYS = ["title", "text", "number", "children", "items", "links", "target", "due", "end", "code"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(HOSTILE_TEXT),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
Path_ = tuple[str | int, ...]


def _paths(value: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every place in a JSON document where a value sits, outermost first."""
    if isinstance(value, dict):
        children: list[tuple[str | int, Any]] = list(value.items())
    elif isinstance(value, list):
        children = list(enumerate(value))
    else:
        return []
    found: list[Path_] = []
    for key, inner in children:
        found.append((*prefix, key))
        found.extend(_paths(inner, (*prefix, key)))
    return found


def _holder(document: Any, path: Path_) -> Any:
    for key in path[:-1]:
        document = document[key]
    return document


def _deepened(value: Any, depth: int) -> Any:
    for _ in range(depth):
        value = {"title": "nested", "children": [value]}
    return value


@st.composite
def damaged_json(draw: st.DrawFn, sources: list[dict[str, Any]]) -> str:
    document = copy.deepcopy(draw(st.sampled_from(sources)))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_paths(document)))
        holder, key = _holder(document, path), path[-1]
        action = draw(st.sampled_from(["swap", "swap", "drop", "wrap", "nest", "deepen"]))
        if action == "drop":
            del holder[key]
            continue
        holder[key] = _changed(draw, action, holder[key])
    return json.dumps(document)


def _changed(draw: st.DrawFn, action: str, value: Any) -> Any:
    """Return a value of another type, wrapped in a list, nested in an item, or deepened."""
    if action == "swap":
        return draw(JSON_VALUES)
    if action == "wrap":
        return [value]
    if action == "nest":
        return {"children": [value], "title": value}
    return _deepened(value, draw(st.integers(1, 40)))


# --- importing damaged files ------------------------------------------------------------


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Plan, Item, LocalArea, AuditEvent))


class TestDamagedFilesImportOrWriteNothing(TestCase):
    sources: list[dict[str, Any]]

    @classmethod
    def setUpTestData(cls) -> None:
        cls.sources = []
        for name in JSON_SOURCES:
            plan = import_plan(path=SEEDS / name, area_name=f"Source {name}").plan
            cls.sources.append(json.loads(to_json(export_plan(plan))))

    def import_or_refuse(self, content: bytes, suffix: str) -> None:
        before = _counts()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"damaged{suffix}"
            path.write_bytes(content)
            try:
                result = import_plan(path=path, area_name="Fuzzshire")
            except PlanFileError:
                self.assertEqual(_counts(), before)
                self.assertFalse(LocalArea.objects.filter(name="Fuzzshire").exists())
                return
        self.assertEqual(result.plan.area.name, "Fuzzshire")

    @fuzz(20)
    @given(damaged_bytes())
    def test_damaged_seed_text(self, content):
        self.import_or_refuse(content, ".txt")

    @fuzz(80)
    @given(st.data())
    def test_damaged_json_export(self, data):
        self.import_or_refuse(data.draw(damaged_json(self.sources)).encode(), ".json")
