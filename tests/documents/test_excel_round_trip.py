"""Excel round trip: export, edit, re-import → exactly what would change, then apply it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.db import transaction
from office_helpers import (
    SEED_NAMES,
    column_of,
    headings,
    import_seed,
    row_of,
    saved,
    set_cell,
    workbook_of,
)
from openpyxl import load_workbook

from factories import build_plan
from wsoa.core.models import AuditEvent
from wsoa.documents.office.applying import apply_workbook
from wsoa.documents.office.changes import StaleFile, compare
from wsoa.documents.office.reading import SheetError, read_workbook
from wsoa.plans.models import DueDate, Item, ItemPerson, Plan
from wsoa.plans.presenters.rating import confirmed_ids, is_confirmed
from wsoa.plans.rag import Rag
from wsoa.progress.authoring import ItemFields, change_item

# The seeds are imported once for the module; each test reads its plan afresh and its changes
# are rolled back after it, so the module's tests stay on one worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("excel-round-trip")]


@pytest.fixture(scope="module")
def seed_ids(django_db_setup, django_db_blocker) -> Iterator[dict[str, int]]:
    """Each seed's plan id, imported once; rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield {name: import_seed(name, area=f"Seedshire {name[:3]}").pk for name in SEED_NAMES}
        transaction.set_rollback(True)


@pytest.fixture
def seed_plan(seed_ids) -> Callable[[str], Plan]:
    """A seed's plan as imported, read afresh for this test."""
    return lambda name: Plan.objects.get(pk=seed_ids[name])


def _snapshot(plan) -> list[tuple]:
    return list(
        Item.objects.filter(plan=plan)
        .order_by("position")
        .values_list(
            "pk", "position", "number", "title", "status_text", "rag", "due_end", "version"
        )
    )


def _preview(plan, book):
    return compare(plan, read_workbook(saved(book)))


def _apply(plan, book, by=None):
    return apply_workbook(plan=plan, upload=read_workbook(saved(book)), by=by)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_unchanged_workbook_previews_and_applies_no_change(seed_plan, name):
    plan = seed_plan(name)
    before, events = _snapshot(plan), AuditEvent.objects.count()
    book = workbook_of(plan)
    assert _preview(plan, book).is_empty
    assert _apply(plan, book).is_empty
    assert _snapshot(plan) == before
    assert AuditEvent.objects.count() == events


def test_edited_cell_is_exactly_that_change_and_is_applied_with_audit(seed_plan, plan_manager):
    plan = seed_plan("000_56886334a7fafb51.txt")
    action = plan.items.filter(depth=1).order_by("position")[2]
    others = [row for row in _snapshot(plan) if row[0] != action.pk]
    book = workbook_of(plan)
    set_cell(book, action.pk, "By whom?", "Jo Heaney\nSEND Team")
    preview = _preview(plan, book)
    assert not preview.added and not preview.removed
    [change] = preview.changed
    assert change.item_id == action.pk
    [field] = change.fields
    assert (field.heading, field.after) == ("By whom?", "Jo Heaney\nSEND Team")
    assert field.before == "\n".join(p.text for p in action.people.filter(part="lead"))
    _apply(plan, book, by=plan_manager)
    action.refresh_from_db()
    assert action.version == 2
    assert list(action.people.filter(part="lead").values_list("text", flat=True)) == [
        "Jo Heaney",
        "SEND Team",
    ]
    assert [row for row in _snapshot(plan) if row[0] != action.pk] == others
    event = AuditEvent.objects.get(action="item.edited", object_id=action.pk)
    assert event.actor == plan_manager
    assert event.changes["lead"] == {"before": field.before, "after": "Jo Heaney\nSEND Team"}
    assert event.changes["version"] == 2
    assert _preview(plan, workbook_of(plan)).is_empty


def test_rag_title_and_date_edits_are_read_in_the_plans_words(seed_plan):
    plan = seed_plan("000_56886334a7fafb51.txt")
    action = plan.items.filter(depth=1).first()
    green = plan.rag_levels.get(code=Rag.GREEN).label
    book = workbook_of(plan)
    set_cell(book, action.pk, "RAG", green)
    set_cell(book, action.pk, "Actions (cross ref to AFI)", "A new action text")
    set_cell(book, action.pk, "By when?", dt.datetime(2026, 12, 31))
    [change] = _preview(plan, book).changed
    assert {f.heading: f.after for f in change.fields} == {
        "RAG": green,
        "Actions (cross ref to AFI)": "A new action text",
        "By when?": "31 December 2026",
    }
    _apply(plan, book)
    action.refresh_from_db()
    assert (action.rag, action.title, action.due_end) == (
        Rag.GREEN,
        "A new action text",
        dt.date(2026, 12, 31),
    )
    assert list(DueDate.objects.filter(item=action).values_list("text", flat=True)) == [
        "31 December 2026"
    ]
    # the manager's rating is the item's confirmed rating from now on, on every page
    assert confirmed_ids([action.pk]) == {action.pk}
    assert is_confirmed(action)


def test_a_workbook_that_leaves_the_rating_alone_confirms_nothing(seed_plan):
    plan = seed_plan("000_56886334a7fafb51.txt")
    action = plan.items.filter(depth=1).first()
    book = workbook_of(plan)
    set_cell(book, action.pk, "Actions (cross ref to AFI)", "A new action text")
    _apply(plan, book)
    assert confirmed_ids([action.pk]) == set()


def test_added_and_removed_rows(area):
    plan = build_plan(area)
    book = workbook_of(plan)
    sheet = book["Plan"]
    removed = plan.items.get(number="2.2")
    sheet.delete_rows(row_of(book, removed.pk))
    objective = plan.items.get(number="1")
    new_row = row_of(book, plan.items.get(number="1.2").pk) + 1
    sheet.insert_rows(new_row)
    sheet.cell(row=new_row, column=column_of(book, "Ref"), value="1.3")
    sheet.cell(row=new_row, column=column_of(book, "Action"), value="Publish the local offer")
    sheet.cell(row=new_row, column=column_of(book, "Lead"), value="SEND Team")
    preview = _preview(plan, book)
    assert [c.label for c in preview.added] == ["Action 1.3: Publish the local offer"]
    assert [c.item_id for c in preview.removed] == [removed.pk]
    assert not preview.changed
    _apply(plan, book)
    added = plan.items.get(number="1.3")
    assert (added.parent, added.depth, added.level) == (objective, 1, "Action")
    assert added.people.get().text == "SEND Team"
    assert not Item.objects.filter(pk=removed.pk).exists()
    numbers = list(plan.items.order_by("position").values_list("number", flat=True))
    assert numbers == ["1", "1.1", "1.2", "1.3", "2", "2.1"]
    assert AuditEvent.objects.filter(action="item.added", object_id=added.pk).exists()
    assert AuditEvent.objects.get(action="item.removed", object_id=removed.pk).changes["title:1"]
    assert _preview(plan, workbook_of(plan)).is_empty


def test_stale_version_is_refused_and_nothing_is_written(area, plan_manager):
    plan = build_plan(area)
    item = plan.items.get(number="1.1")
    book = workbook_of(plan)
    change_item(
        item=item,
        version=item.version,
        by=plan_manager,
        fields=ItemFields(status="Changed in wsoa"),
    )
    set_cell(book, item.pk, "Action", "My edit in Excel")
    set_cell(book, plan.items.get(number="1.2").pk, "Action", "Another edit")
    before, events = _snapshot(plan), AuditEvent.objects.count()
    with pytest.raises(StaleFile, match="changed in wsoa after the export"):
        _apply(plan, book, by=plan_manager)
    assert _snapshot(plan) == before
    assert AuditEvent.objects.count() == events


def test_item_changed_in_wsoa_but_untouched_in_the_file_is_not_reverted(area, plan_manager):
    plan = build_plan(area)
    item = plan.items.get(number="1.1")
    book = workbook_of(plan)
    Item.objects.filter(pk=item.pk).update(rag=Rag.RED, version=5)
    # The file still shows no rating; it cannot tell that apart from an edit, so it is refused.
    with pytest.raises(StaleFile, match=r"Action 1.1: Action text 1.1 \(row 3\) was changed"):
        _preview(plan, book)
    with pytest.raises(StaleFile):
        _apply(plan, book)
    item.refresh_from_db()
    assert (item.rag, item.version) == (Rag.RED, 5)


def test_item_changed_in_wsoa_and_equal_in_the_file_is_accepted(area):
    plan = build_plan(area)
    item = plan.items.get(number="1.1")
    book = workbook_of(plan)
    Item.objects.filter(pk=item.pk).update(version=5)
    set_cell(book, plan.items.get(number="1.2").pk, "Action", "Edited in Excel")
    [change] = _preview(plan, book).changed
    assert change.item_id == plan.items.get(number="1.2").pk


def test_removing_an_item_but_keeping_its_children_is_refused(area):
    plan = build_plan(area)
    book = workbook_of(plan)
    book["Plan"].delete_rows(row_of(book, plan.items.get(number="1").pk))
    with pytest.raises(SheetError, match="remove the items under it too"):
        _preview(plan, book)


def _refused(plan, content: bytes, match: str) -> None:
    before, events = _snapshot(plan), AuditEvent.objects.count()
    with pytest.raises(SheetError, match=match):
        apply_workbook(plan=plan, upload=read_workbook(content), by=None)
    assert _snapshot(plan) == before
    assert AuditEvent.objects.count() == events


def test_file_of_another_plan_is_refused(area, other_plan):
    plan = build_plan(area)
    _refused(plan, saved(workbook_of(other_plan)), "exported from another plan")


def test_another_areas_item_ids_are_refused(area, other_plan):
    plan = build_plan(area)
    book = workbook_of(plan)
    book["Plan"].cell(row=2, column=1, value=other_plan.items.first().pk)
    _refused(plan, saved(book), r"Sheet “Plan”, row 2, column A: \d+ is not an item of this plan")


def test_bad_date_names_sheet_row_and_column(area):
    plan = build_plan(area)
    book = workbook_of(plan)
    item = plan.items.get(number="2.1")
    set_cell(book, item.pk, "By when", "sometime soonish")
    column = "ABCDEFGHIJ"[column_of(book, "By when") - 1]
    _refused(
        plan,
        saved(book),
        f"Sheet “Plan”, row {row_of(book, item.pk)}, column {column}: "
        "“sometime soonish” is not a date",
    )


def test_rating_not_in_the_plans_words_is_refused(area):
    plan = build_plan(area)
    book = workbook_of(plan)
    set_cell(book, plan.items.get(number="1.1").pk, "RAG", "Purple")
    _refused(plan, saved(book), "“Purple” is not a rating of this plan")


def test_extra_column_is_refused(area):
    plan = build_plan(area)
    book = workbook_of(plan)
    book["Plan"].cell(row=1, column=len(headings(book)) + 1, value="Comments")
    _refused(plan, saved(book), "the heading is “Comments” where the export had “nothing”")


def test_inserted_column_is_refused(area):
    plan = build_plan(area)
    book = workbook_of(plan)
    book["Plan"].insert_cols(4)
    book["Plan"].cell(row=1, column=4, value="Budget")
    _refused(plan, saved(book), "column D: the heading is “Budget”")


def test_text_outside_the_columns_is_refused(area):
    plan = build_plan(area)
    book = workbook_of(plan)
    book["Plan"].cell(row=3, column=len(headings(book)) + 2, value="stray note")
    with pytest.raises(SheetError, match=r"row 3, column .: text outside the plan's columns"):
        read_workbook(saved(book))


def test_forged_id_cell_is_refused(area):
    plan = build_plan(area)
    book = workbook_of(plan)
    book["Plan"].cell(row=2, column=1, value="DROP TABLE")
    with pytest.raises(SheetError, match="row 2, column A"):
        read_workbook(saved(book))


def test_not_a_workbook_is_refused():
    with pytest.raises(SheetError, match="not an Excel workbook"):
        read_workbook(b"PK\x03\x04 not really a zip")
    with pytest.raises(SheetError, match="not an Excel workbook"):
        read_workbook(b"plain text")


def test_workbook_without_wsoa_sheet_is_refused(area):
    plan = build_plan(area)
    book = workbook_of(plan)
    del book["wsoa"]
    with pytest.raises(SheetError, match="no sheet “wsoa”"):
        read_workbook(saved(book))


def test_new_row_without_its_parent_level_is_refused(area):
    plan = build_plan(area)
    book = workbook_of(plan)
    sheet = book["Plan"]
    sheet.insert_rows(2)
    sheet.cell(row=2, column=column_of(book, "Action"), value="An orphan action")
    _refused(plan, saved(book), "row 2: a new Action must come under an Objective row")


def test_people_are_linked_to_the_plans_key_when_leads_change(area):
    plan = build_plan(area)
    from factories import PersonFactory

    person = PersonFactory(plan=plan, name="Jo Heaney", short_code="JH")
    item = plan.items.get(number="1.1")
    book = workbook_of(plan)
    set_cell(book, item.pk, "Lead", "JH")
    _apply(plan, book)
    assert ItemPerson.objects.get(item=item, part="lead").person == person


def test_values_read_back_from_openpyxl_match_the_plan(area):
    plan = build_plan(area)
    book = load_workbook(__import__("io").BytesIO(saved(workbook_of(plan))))
    item = plan.items.get(number="2.1")
    row = [c.value for c in book["Plan"][row_of(book, item.pk)]]
    assert row[:2] == [item.pk, item.version]
    assert "Action text 2.1" in row and "Lead 1" in row
