"""Stockton's half-year milestone columns and the quarters rated under them are kept: read from
the plan's header rows, stored on the plan, and carried into the JSON and Excel exports and back.
"""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from office_helpers import SEEDS, column_of, headings, row_of, saved, set_cell, workbook_of

from wsoa.demo.shifting import add_months, shift_plan
from wsoa.documents.importers.plantext import parse_plan_text
from wsoa.documents.importers.plantext.periods import group_periods
from wsoa.documents.importers.sheets import CsvImporter
from wsoa.documents.importing import import_plan
from wsoa.documents.interchange.exporting import export_plan, to_json
from wsoa.documents.office.applying import apply_workbook
from wsoa.documents.office.changes import compare
from wsoa.documents.office.reading import SheetError, read_workbook
from wsoa.plans.models import Item, Milestone, MilestoneRating, Plan

STOCKTON = "001_ae72a16c3b6432fd.txt"
HALF_YEARS = ["Aug-19", "Feb-20", "Aug-20", "Feb-21", "Aug-21"]


def header_rows() -> tuple[list[str], list[str]]:
    """The seed's two rows under its "Milestones" heading, as printed."""
    lines = (SEEDS / STOCKTON).read_text().split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("Objective\t"))
    return lines[at + 1].split("\t"), lines[at + 2].split("\t")


def test_group_periods_puts_each_quarter_under_the_half_year_to_its_left():
    labels = {3: "Aug-19", 4: "Q1", 5: "Q2", 6: "Feb-20", 7: "Q 3"}
    assert group_periods(labels) == [("Aug-19", ["Q1", "Q2"]), ("Feb-20", ["Q3"])]
    assert group_periods({2: "Q1", 3: "Aug-19"}) == [("Aug-19", [])]  # no half-year before Q1


def test_stockton_text_gives_every_printed_half_year_with_its_date_and_quarters():
    periods = parse_plan_text((SEEDS / STOCKTON).read_text()).data["plan"]["milestone_periods"]
    half_years, quarters = header_rows()
    printed = [c.strip() for c in half_years if c.strip() and c.strip() != "RAG"]
    assert [p["label"] for p in periods] == printed == HALF_YEARS
    assert [q for p in periods for q in p["quarters"]] == [c.strip() for c in quarters if c.strip()]
    assert periods[0]["date"] == dt.date(2019, 8, 31)
    assert periods[1]["date"] == dt.date(2020, 2, 29)  # a leap year's February
    assert all(len(p["quarters"]) == 2 for p in periods)


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt") if p.name != STOCKTON))
def test_plans_without_half_year_columns_have_no_periods(name):
    assert parse_plan_text((SEEDS / name).read_text()).data["plan"]["milestone_periods"] == []


@pytest.fixture
def stockton(db) -> Plan:
    return import_plan(path=SEEDS / STOCKTON, area_name="Stockton-on-Tees").plan


@pytest.mark.django_db
def test_periods_are_stored_on_the_plan_and_survive_json_export_and_import(stockton, tmp_path):
    assert [p["label"] for p in stockton.milestone_periods] == HALF_YEARS
    assert stockton.milestone_periods[-1] == {
        "label": "Aug-21",
        "date": "2021-08-31",
        "quarters": ["Q9", "Q10"],
    }
    exported = export_plan(stockton)["plan"]["milestone_periods"]
    assert exported[0]["date"] == dt.date(2019, 8, 31)
    path = tmp_path / "plan.json"
    path.write_text(to_json(export_plan(stockton)))
    call_command("import", str(path), area="Elsewhere", stdout=StringIO())
    again = Plan.objects.exclude(pk=stockton.pk).get()
    assert again.milestone_periods == stockton.milestone_periods


@pytest.mark.django_db
def test_a_document_without_periods_still_imports(tmp_path, stockton):
    data = json.loads(to_json(export_plan(stockton)))
    del data["plan"]["milestone_periods"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    call_command("import", str(path), area="Elsewhere", stdout=StringIO())
    assert Plan.objects.exclude(pk=stockton.pk).get().milestone_periods == []


@pytest.mark.django_db
def test_a_period_with_a_bad_date_is_refused_naming_it(tmp_path, stockton):
    data = json.loads(to_json(export_plan(stockton)))
    data["plan"]["milestone_periods"][1]["date"] = "Feb-20"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(Exception, match=r"plan\.milestone_periods\[1\]\.date"):
        call_command("import", str(path), area="Elsewhere", stdout=StringIO())


# --- the Excel export -----------------------------------------------------------------------


def expected_headings() -> list[str]:
    found = []
    for label, quarters in [
        ("Aug-19", ["Q1", "Q2"]),
        ("Feb-20", ["Q3", "Q4"]),
        ("Aug-20", ["Q5", "Q6"]),
        ("Feb-21", ["Q7", "Q8"]),
        ("Aug-21", ["Q9", "Q10"]),
    ]:
        found += [f"Milestones {label}", *(f"RAG {q}" for q in quarters)]
    return found


def column_values(book, heading: str) -> list[str]:
    index = column_of(book, heading)
    return [row[index - 1].value for row in book["Plan"].iter_rows(min_row=2)]


@pytest.mark.django_db
def test_workbook_has_every_half_year_then_its_quarters_in_printed_order(stockton):
    book = workbook_of(stockton)
    shown = [h for h in headings(book) if h.startswith(("Milestones ", "RAG Q"))]
    assert shown == expected_headings()
    assert not any(column_values(book, "Milestones Aug-21"))  # printed, never filled
    assert not any(column_values(book, "RAG Q1"))  # nothing rated yet
    assert any(column_values(book, "Milestones Aug-19"))


def first_milestone(plan: Plan, period: str) -> Milestone:
    return Milestone.objects.filter(item__plan=plan, period_label=period).order_by("pk").first()


@pytest.mark.django_db
def test_ratings_fill_their_quarter_beside_their_milestone(stockton):
    milestone = first_milestone(stockton, "Feb-20")
    MilestoneRating.objects.create(milestone=milestone, period_label="Q3", rag="green")
    MilestoneRating.objects.create(milestone=milestone, period_label="Q4", rag="red", text="Late")
    book = workbook_of(stockton)
    row = row_of(book, milestone.item_id)
    sheet = book["Plan"]
    green = stockton.rag_levels.get(code="green").label  # in the plan's own words
    assert sheet.cell(row=row, column=column_of(book, "RAG Q3")).value == green
    assert sheet.cell(row=row, column=column_of(book, "RAG Q4")).value == "Late"
    assert sum(1 for v in column_values(book, "RAG Q3") if v) == 1


@pytest.mark.django_db
def test_unchanged_workbook_with_ratings_changes_nothing(stockton):
    milestone = first_milestone(stockton, "Aug-19")
    MilestoneRating.objects.create(milestone=milestone, period_label="Q1", rag="amber")
    assert compare(stockton, read_workbook(saved(workbook_of(stockton)))).is_empty


@pytest.mark.django_db
def test_a_rating_typed_in_the_workbook_is_added_to_the_milestone(stockton):
    milestone = first_milestone(stockton, "Aug-19")
    book = workbook_of(stockton)
    set_cell(book, milestone.item_id, "RAG Q2", "Red")
    applied = apply_workbook(plan=stockton, upload=read_workbook(saved(book)), by=None)
    assert [f.key for c in applied.changed for f in c.fields] == ["rating:Aug-19:Q2"]
    rating = MilestoneRating.objects.get(milestone__item_id=milestone.item_id)
    assert (rating.period_label, rating.rag, rating.milestone.period_label) == (
        "Q2",
        "red",
        "Aug-19",
    )
    assert compare(stockton, read_workbook(saved(workbook_of(stockton)))).is_empty


@pytest.mark.django_db
def test_a_rating_with_no_milestone_beside_it_is_refused_naming_the_cell(stockton):
    item = Item.objects.filter(plan=stockton, milestones__isnull=True).order_by("position")[1]
    book = workbook_of(stockton)
    set_cell(book, item.pk, "RAG Q9", "Green")
    with pytest.raises(SheetError, match=r"column .*“RAG Q9” rates the row's milestone of Aug-21"):
        compare(stockton, read_workbook(saved(book)))


@pytest.mark.django_db
def test_a_rating_that_is_not_a_rag_word_is_refused(stockton):
    milestone = first_milestone(stockton, "Aug-19")
    book = workbook_of(stockton)
    set_cell(book, milestone.item_id, "RAG Q1", "Sort of fine")
    with pytest.raises(SheetError, match="is not a rating of this plan"):
        compare(stockton, read_workbook(saved(book)))


@pytest.mark.django_db
def test_a_milestone_written_into_an_empty_half_year_is_dated_by_it(stockton):
    item = Item.objects.filter(plan=stockton, number="2.1.1").get()
    book = workbook_of(stockton)
    set_cell(book, item.pk, "Milestones Aug-21", "Annual review process embedded")
    apply_workbook(plan=stockton, upload=read_workbook(saved(book)), by=None)
    added = Milestone.objects.get(item=item, period_label="Aug-21")
    assert added.due_end == dt.date(2021, 8, 31)


@pytest.mark.django_db
def test_the_demo_moves_the_periods_with_the_milestones(stockton):
    months = shift_plan(stockton, dt.date(2026, 11, 29))
    stockton.refresh_from_db()
    moved = [dt.date.fromisoformat(p["date"]) for p in stockton.milestone_periods]
    assert months and moved[0] == add_months(dt.date(2019, 8, 31), months)
    assert first_milestone(stockton, "Aug-19").due_end == moved[0]
    assert [p["label"] for p in stockton.milestone_periods] == HALF_YEARS  # as printed


# --- the Excel export read back as a new plan -------------------------------------------------


def ratings_of(plan: Plan) -> list[tuple[str, str, str, str]]:
    """(item number, milestone's half-year, quarter, RAG) of each of the plan's ratings."""
    found = MilestoneRating.objects.filter(milestone__item__plan=plan)
    return sorted(
        (r.milestone.item.number, r.milestone.period_label, r.period_label, r.rag)
        for r in found.select_related("milestone__item")
    )


@pytest.mark.django_db
def test_own_workbook_imports_back_with_its_periods_quarters_and_ratings(stockton, tmp_path):
    rated = [("Aug-19", "Q1", "green"), ("Feb-20", "Q4", "red"), ("Aug-20", "Q5", "amber")]
    for period, quarter, rag in rated:
        milestone = first_milestone(stockton, period)
        MilestoneRating.objects.create(milestone=milestone, period_label=quarter, rag=rag)
    path = tmp_path / "stockton.xlsx"
    path.write_bytes(saved(workbook_of(stockton)))
    again = import_plan(path=path, area_name="Elsewhere").plan
    assert again.milestone_periods == stockton.milestone_periods
    assert len(ratings_of(stockton)) == len(rated)
    assert ratings_of(again) == ratings_of(stockton)
    statuses = Item.objects.filter(plan=again).values_list("status_text", flat=True)
    assert not any("Green" in s or "Red" in s for s in statuses)  # not read as item statuses


def test_a_tracker_rates_quarters_only_in_rag_columns_after_a_half_year():
    text = (
        "Ref,Action,Milestones Aug-19,RAG Q1,RAG Q2,RAG Q3\n"
        "1,Review the process,Map the process,Green,Progress not being made,\n"
    )
    data = CsvImporter().read("tracker.csv", text.encode()).data
    assert data["plan"]["milestone_periods"][0]["quarters"] == ["Q1", "Q2", "Q3"]
    (milestone,) = data["items"][0]["milestones"]
    assert [(r["period"], r["rag"]) for r in milestone["ratings"]] == [
        ("Q1", "green"),
        ("Q2", "red"),
    ]
    data = CsvImporter().read("tracker.csv", b"Ref,Action,RAG Q1\n1,Review,Green\n").data
    assert data["plan"]["milestone_periods"] == [] and data["items"][0]["status"] == "Green"
