"""What wsoa's Excel export keeps when it comes back: each row's own level, the status apart
from the RAG word, a line typed with a dash, and names carried over a page break."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from office_helpers import headings, saved, set_cell, walk, workbook_of
from openpyxl import Workbook

from factories import UserFactory, build_plan
from wsoa.documents.importers.plantext.cells import cell_pieces
from wsoa.documents.importers.sheets import ExcelImporter
from wsoa.documents.importing import read_plan
from wsoa.documents.office.applying import apply_workbook
from wsoa.documents.office.changes import compare
from wsoa.documents.office.excel import ExcelExport
from wsoa.documents.office.reading import read_workbook
from wsoa.plans.models import Item

pytestmark = pytest.mark.django_db


def _xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _flat(items: list[dict[str, Any]], depth: int = 0) -> list[tuple[int, str, str]]:
    found = []
    for item in items:
        found.append((depth, item["level"], item["title"]))
        found.extend(_flat(item["children"], depth + 1))
    return found


TITLES = {
    "1": "Know the needs of the area",
    "1.1": "Audit the files of every school",
    "1.2": "Map the provision in place",
    "2": "Meet the needs of the area",
    "2.1": "Train the staff in every team",
    "2.2": "Open the new places",
}


def _plan_with_a_task_under_an_objective(area):
    plan = build_plan(area, objectives=2, actions=2)
    for number, title in TITLES.items():
        Item.objects.filter(plan=plan, number=number).update(title=title)
    first = Item.objects.get(plan=plan, number="1.1")
    Item.objects.filter(pk=first.pk).update(level="Task")  # printed straight under objective 1
    return plan, first


def test_export_marks_the_level_of_a_row_not_its_depths_and_it_comes_back(area):
    plan, _ = _plan_with_a_task_under_an_objective(area)
    book = workbook_of(plan)
    assert "Level" in headings(book)
    back = ExcelImporter().read("plan.xlsx", ExcelExport(plan).render()).data
    assert _flat(back["items"]) == [
        (0, "Objective", TITLES["1"]),
        (1, "Task", TITLES["1.1"]),
        (1, "Action", TITLES["1.2"]),
        (0, "Objective", TITLES["2"]),
        (1, "Action", TITLES["2.1"]),
        (1, "Action", TITLES["2.2"]),
    ]
    assert back["levels"] == ["Objective", "Action"]


def test_a_plan_whose_items_carry_their_depths_levels_gets_no_level_column(area):
    plan = build_plan(area, objectives=1, actions=1)
    assert "Level" not in headings(workbook_of(plan))


def test_the_level_column_applies_back_and_renames_a_rows_level(area):
    plan, task = _plan_with_a_task_under_an_objective(area)
    book = workbook_of(plan)
    assert compare(plan, read_workbook(saved(book))).is_empty
    set_cell(book, task.pk, "Level", "Step")
    preview = apply_workbook(plan=plan, upload=read_workbook(saved(book)), by=None)
    assert [f.key for change in preview.changed for f in change.fields] == ["level"]
    task.refresh_from_db()
    assert (task.level, task.depth) == ("Step", 1)


def test_a_rag_word_rating_as_the_status_does_is_not_joined_to_it():
    rows = [
        ["Ref", "Objective", "Action", "Status", "RAG"],
        ["1", "Know the need", "", "", ""],
        ["1.1", "", "Audit the files", "Audit and tracking tool in place", "Complete"],
        ["1.2", "", "Train the staff", "Under way", "Red"],
    ]
    items = walk(ExcelImporter().read("t.xlsx", _xlsx(rows)).data["items"])
    found = {i["title"]: (i["status"], i["rag"]) for i in items}
    assert found["Audit the files"] == ("Audit and tracking tool in place", "blue")
    assert found["Train the staff"][0] == "Under way Red"  # a word of its own is kept


def test_a_cell_line_typed_with_a_dash_keeps_it_and_a_bullet_is_still_dropped():
    assert cell_pieces("Key Concerns<br>- Page 3 While") == ["Key Concerns", "- Page 3 While"]
    assert cell_pieces("<ul><li>- One</li></ul>") == ["One"]
    assert cell_pieces("<p>• Two</p>") == ["Two"]


def test_names_carried_over_a_page_break_are_split_as_the_cell_would_be():
    text = (
        "Objective\tLead\tPartners\tTimeframe\n"
        "1.1 Do the thing that runs on\tAB\tWCC SEN\tMarch 2020\n"
        "\n"
        "Objective\tLead\tPartners\tTimeframe\n"
        "over the page.\t\tServices; Perryfields PRU; WFS\t\n"
    )
    items = walk(read_plan("plan.txt", text.encode()).data["items"])
    partners = [i["partners"] for i in items if i["partners"]]
    assert ["WCC SEN Services", "Perryfields PRU", "WFS"] in partners


def test_revising_from_a_document_takes_its_milestone_periods_audited(area):
    from wsoa.core.models import AuditEvent
    from wsoa.documents.interchange.exporting import export_plan
    from wsoa.documents.revising import apply_revision, revision_of

    by = UserFactory()
    plan = build_plan(area, objectives=1, actions=1)
    plan.milestone_periods = [{"label": "Aug-19", "date": "2019-08-31", "quarters": ["Q1"]}]
    plan.save()
    document = export_plan(plan)
    periods = [
        {"label": "Aug-19", "date": dt.date(2019, 8, 31), "quarters": ["Q1", "Q2"]},
        {"label": "Feb-20", "date": dt.date(2020, 2, 29), "quarters": ["Q3"]},
    ]
    document["plan"]["milestone_periods"] = periods
    apply_revision(revision=revision_of(plan=plan, document=document, name="v2.docx"), by=by)
    plan.refresh_from_db()
    assert plan.milestone_periods == [
        {"label": "Aug-19", "date": "2019-08-31", "quarters": ["Q1", "Q2"]},
        {"label": "Feb-20", "date": "2020-02-29", "quarters": ["Q3"]},
    ]
    event = AuditEvent.objects.get(action="plan.milestone_periods_changed")
    assert event.changes["milestone_periods"]["before"][0]["quarters"] == ["Q1"]
    assert "Feb-20" in event.summary
    again = export_plan(plan)  # the same periods again change nothing
    apply_revision(revision=revision_of(plan=plan, document=again, name="v3.docx"), by=by)
    assert AuditEvent.objects.filter(action="plan.milestone_periods_changed").count() == 1
