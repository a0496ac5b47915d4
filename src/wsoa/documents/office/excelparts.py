"""The plan workbook's key sheets: findings, people, glossary, boards and the RAG key.

Each is a table under one header row, in the plan's own words, read from the plan now
(`keys_of_plan`) or from a version as agreed (its content holds the same fields, written by
`interchange/exporting.py`). A column no row fills is left out, and a sheet with no rows is
not written. The plan-workbook reader (`reading.py`) reads only the "Plan" and "wsoa" sheets,
and no heading here is one the spreadsheet importer takes for a plan table's ("Ref", "Action",
"Status" …), so an exported workbook still applies and imports back to the same items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook

from wsoa.documents.interchange.exporting import board_dict, finding_dict
from wsoa.documents.office.columns import clean
from wsoa.documents.office.excelparts_layout import set_out, text_cell, write_header
from wsoa.plans import models as m
from wsoa.plans.rag import DEFAULT_SCALE, Rag

KEY_SHEET = "RAG key"
OWN_MEANING = "Meaning in this plan"
DEFAULT_MEANING = "Meaning (wsoa's default key: the plan prints none)"


@dataclass
class KeySheet:
    """A sheet to write: its name, its headings and its rows of text."""

    name: str
    headings: list[str]
    rows: list[list[str]]


def keys_of_plan(plan: m.Plan) -> dict[str, Any]:
    """The plan's RAG scale, findings, people, glossary and boards, as a version holds them."""
    boards = plan.boards.order_by("id").select_related("chair", "reports_to")
    return {
        "rag_scale": [{"code": r.code, "label": r.label} for r in plan.rag_levels.all()],
        "findings": [finding_dict(f) for f in plan.findings.prefetch_related("quotes")],
        "people": list(
            plan.people.order_by("id").values("name", "short_code", "role", "organisation")
        ),
        "glossary": list(plan.glossary.values("term", "expansion", "definition")),
        "boards": [board_dict(b) for b in boards.prefetch_related("members__person")],
    }


def key_sheets(keys: dict[str, Any]) -> list[KeySheet]:
    """The sheets the plan has rows for, in the order a plan prints them."""
    people = list(keys.get("people", []))
    found = [
        _findings(keys.get("findings", [])),
        _people(people),
        _glossary(keys.get("glossary", [])),
        _boards(keys.get("boards", []), people),
    ]
    return [sheet for sheet in found if sheet.rows]


def _table(name: str, columns: list[tuple[str, list[str]]]) -> KeySheet:
    """A sheet of these columns, leaving out any column that no row fills."""
    cleaned = [(h, [clean(v) for v in values]) for h, values in columns]
    kept = [(h, values) for h, values in cleaned if any(values)] or cleaned[:1]
    rows = [list(row) for row in zip(*(values for _, values in kept), strict=True)]
    return KeySheet(name, [h for h, _ in kept], rows)


def _findings(findings: list[dict[str, Any]]) -> KeySheet:
    """A row per finding, and a row more for each further line quoted from the inspection
    under it, so that no quote is cut off at the tallest row a sheet allows."""
    kinds = dict(m.FindingKind.choices)
    rows: list[list[str]] = []
    for finding in findings:
        kind = str(kinds.get(finding.get("kind", ""), finding.get("kind", "")))
        quotes = [_quote(q) for q in finding.get("quotes", [])] or [""]
        given = [finding.get("code", ""), kind, finding.get("text", "")]
        rows.append([*given, finding.get("responsible_body", ""), quotes[0]])
        rows += [["", "", "", "", quote] for quote in quotes[1:]]
    headings = ["Code", "Kind", "Finding", "Responsible body", "Quoted from the inspection letter"]
    return _table("Findings", [(h, [row[i] for row in rows]) for i, h in enumerate(headings)])


def _quote(quote: dict[str, Any]) -> str:
    text = str(quote.get("text", ""))
    return f"{quote['reference']}: {text}" if quote.get("reference") else text


def _people(people: list[dict[str, Any]]) -> KeySheet:
    ordered = sorted(people, key=lambda p: (p.get("short_code", "").casefold(), p["name"]))
    return _table(
        "People",
        [
            ("Code", [p.get("short_code", "") for p in ordered]),
            ("Name", [p["name"] for p in ordered]),
            ("Role", [p.get("role", "") for p in ordered]),
            ("Organisation", [p.get("organisation", "") for p in ordered]),
        ],
    )


def _glossary(entries: list[dict[str, Any]]) -> KeySheet:
    return _table(
        "Glossary",
        [
            ("Term", [g["term"] for g in entries]),
            ("Stands for", [g.get("expansion", "") for g in entries]),
            ("Meaning", [g.get("definition", "") for g in entries]),
        ],
    )


def _boards(boards: list[dict[str, Any]], people: list[dict[str, Any]]) -> KeySheet:
    return _table(
        "Boards",
        [
            ("Board", [b["name"] for b in boards]),
            ("Chair", [b.get("chair", "") for b in boards]),
            ("Meets", [_meets(b) for b in boards]),
            ("Reports to", [b.get("reports_to") or b.get("reports_to_board", "") for b in boards]),
            ("Purpose", [b.get("purpose", "") for b in boards]),
            ("Members", [_members(b, people) for b in boards]),
        ],
    )


def _meets(board: dict[str, Any]) -> str:
    weeks = board.get("every_weeks")
    return str(board.get("cadence") or (f"every {weeks} weeks" if weeks else ""))


def _members(board: dict[str, Any], people: list[dict[str, Any]]) -> str:
    """A line per member: their name, then their role and organisation where the plan gives them."""
    by_name = {p["name"]: p for p in people}
    found = []
    for name in board.get("members", []):
        person = by_name.get(name, {})
        about = ", ".join(v for v in (person.get("role"), person.get("organisation")) if v)
        found.append(f"{name} – {about}" if about else name)
    return "\n".join(found)


def rag_key(keys: dict[str, Any]) -> KeySheet:
    """The plan's RAG scale in its own words; wsoa's default, said to be so, when it has none."""
    scale = [(r["code"], r["label"]) for r in keys.get("rag_scale", [])]
    default = [(str(code), label) for code, label in DEFAULT_SCALE]
    meaning = DEFAULT_MEANING if scale in ([], default) else OWN_MEANING
    rows = [[str(dict(Rag.choices).get(code, code)), label] for code, label in scale or default]
    return KeySheet(KEY_SHEET, ["RAG", meaning], rows)


def write_sheet(book: Workbook, sheet: KeySheet, title: str) -> None:
    """Add the sheet to the workbook, set out to print."""
    found = book.create_sheet(sheet.name)
    write_header(found, sheet.headings)
    for number, row in enumerate(sheet.rows, start=2):
        for column, value in enumerate(row, start=1):
            text_cell(found, number, column, value)
    set_out(found, [sheet.headings, *sheet.rows], title=title)
