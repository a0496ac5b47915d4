"""What the plan-text reader used to get wrong on the seeds, each pinned by a regression test."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from office_helpers import walk

from wsoa.documents.importers.plantext import PlanTextImporter, parse_plan_text
from wsoa.documents.importers.plantext import tables as t
from wsoa.documents.importers.plantext.document import Document

SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"
HARTLEPOOL = "000_56886334a7fafb51.txt"
STOCKTON = "001_ae72a16c3b6432fd.txt"
DURHAM = "002_42220b0dc9254f8f.txt"
PETERBOROUGH = "003_b9ec3471d1f06a02.txt"
WORCESTERSHIRE = "004_f5d818488e67f6ca.txt"


def parse(name: str) -> tuple[dict[str, Any], list[str]]:
    parsed = parse_plan_text((SEEDS / name).read_text(), source_name=name)
    return parsed.data, [str(w) for w in parsed.warnings]


def numbered(data: dict[str, Any], number: str) -> list[dict[str, Any]]:
    return [i for i in walk(data["items"]) if i["number"] == number]


def by_number(data: dict[str, Any], number: str) -> dict[str, Any]:
    return numbered(data, number)[0]


def due_texts(item: dict[str, Any]) -> list[str]:
    return [d["text"] for d in item["due"]]


# --- County Durham -------------------------------------------------------------------------


def test_durham_areas_keep_their_numbers_as_printed_in_the_order_of_their_value():
    data, _ = parse(DURHAM)
    assert [a["number"] for a in data["items"]] == ["ONE", "TWO", "THREE", "FOUR"]
    assert [a["findings"] for a in data["items"]] == [
        ["Area ONE"],
        ["Area TWO"],
        ["Area THREE"],
        ["Area FOUR"],
    ]
    assert [c["number"] for c in data["items"][0]["children"]] == [f"1.{n}" for n in range(1, 6)]


@pytest.mark.parametrize("number", ["1.2", "1.4", "1.5", "3.1", "3.2", "3.4", "3.5"])
def test_durham_action_titles_carry_no_page_headings_or_evaluation_text(number):
    data, _ = parse(DURHAM)
    action = by_number(data, number)
    assert not re.search(r"#|Evaluation|ms being implemented|made a difference", action["title"])
    assert "evaluation" in {n["kind"] for n in action["notes"]}


def test_durham_evaluation_text_under_a_marked_heading_is_the_actions_evaluation():
    data, warnings = parse(DURHAM)
    action = by_number(data, "1.2")
    assert action["title"] == (
        "Establish new strategic leadership governance and accountability framework"
    )
    evaluation = next(n for n in action["notes"] if n["kind"] == "evaluation")
    assert evaluation["text"].startswith("eed SEND governance arrangements are in")
    assert "line 172: 'ms being implemented too slowly.'" in " ".join(warnings)


def test_durham_key_task_timescales_stay_on_the_action_when_their_count_differs():
    data, _ = parse(DURHAM)
    action = by_number(data, "1.2")
    assert len(action["children"]) == 7
    assert due_texts(action) == [
        "Completed March 2018",
        "Completed March 2018",
        "Completed May 2018",
        "All groups in operation – June 2018",
        "31 st July 2018",
    ]
    assert all(task["due"] == [] and task["leads"] == [] for task in action["children"])
    assert action["leads"] == [
        "Integrated Care Board Integrated Steering Group Strategic Manager Partnerships DCC "
        "Integrated Steering Group SEND Group SEND Group"
    ]


def test_durham_key_tasks_take_one_timescale_each_when_the_counts_match():
    data, _ = parse(DURHAM)
    action = by_number(data, "1.3")
    assert due_texts(action) == []
    assert [due_texts(task) for task in action["children"]] == [
        ["First report of SEND Group June 2018"],
        ["First report of SEND Group due June 2018"],
        ["Quarterly reports to Integrated Steering Group (first due June 2018.)"],
    ]


# --- Stockton-on-Tees ----------------------------------------------------------------------


def test_stockton_milestones_are_due_at_the_end_of_their_half_year_column():
    data, _ = parse(STOCKTON)
    milestones = by_number(data, "2.1.1")["milestones"]
    assert [(m["period"], m["due"]["text"]) for m in milestones] == [
        ("Aug-19", "Aug-19"),
        ("Feb-20", "Feb-20"),
        ("Aug-20", "Aug-20"),
    ]
    assert [m["due"]["end"] for m in milestones] == [
        dt.date(2019, 8, 31),
        dt.date(2020, 2, 29),
        dt.date(2020, 8, 31),
    ]


def test_a_date_written_in_a_milestone_wins_over_its_column():
    data, _ = parse(STOCKTON)
    milestone = by_number(data, "4.1.2")["milestones"][2]
    assert milestone["period"] == "Feb-20"
    assert milestone["due"]["end"] == dt.date(2019, 10, 31)


def test_stockton_unnumbered_milestone_texts_are_milestones_not_actions():
    data, warnings = parse(STOCKTON)
    assert [
        i["title"] for i in walk(data["items"]) if i["level"] == "Action" and not i["number"]
    ] == []
    portal = [m["text"] for m in by_number(data, "2.2.5")["milestones"]]
    assert "Identify key personnel to be involved in the SEN portal development work" in portal
    training = [m["text"] for m in by_number(data, "2.2.7")["milestones"]]
    assert "Multi-Agency training on statutory requirements in Annual Reviews" in training
    said = " ".join(warnings)
    assert "line 57:" in said and "line 60:" in said


def test_stockton_evidence_written_in_a_milestone_column_is_evidence():
    data, _ = parse(STOCKTON)
    action = by_number(data, "3.3.1")
    assert not [m for m in action["milestones"] if m["text"].startswith(("Evidence", "Impact"))]
    evidence = [n["text"] for n in action["notes"] if n["kind"] == "evidence_impact"]
    assert any("As per Action 4.4" in text for text in evidence)


QUARTERLY = "\n".join(
    [
        "Objective\tResponsible Person(s)/ Post\tActions\tMilestones\t\t\t\t\t\tEvidence & Impact",
        "\t\t\tAug-19\tRAG\t\tFeb-20\tRAG\t",
        "\t\t\t\tQ1\tQ2\t\tQ3\tQ4",
        "1.1 To agree what good looks like\tHead of SEND\t1.1.1: Review the plans\t"
        "Sample reviewed\tG\tA\tLearning shared\tR\t\tEvidence: audit report",
    ]
)


def test_ratings_per_quarter_are_kept_on_the_milestone_of_their_period():
    data = PlanTextImporter().read("tracker.txt", QUARTERLY.encode()).data
    milestones = by_number(data, "1.1.1")["milestones"]
    assert [(m["text"], m["period"]) for m in milestones] == [
        ("Sample reviewed", "Aug-19"),
        ("Learning shared", "Feb-20"),
    ]
    assert milestones[0]["ratings"] == [
        {"period": "Q1", "rag": "green", "text": "G"},
        {"period": "Q2", "rag": "amber", "text": "A"},
    ]
    assert milestones[1]["ratings"] == [{"period": "Q3", "rag": "red", "text": "R"}]


# --- Peterborough --------------------------------------------------------------------------


def _heading_dates_read() -> bool:
    """Tell whether the table reader fills Column.date (helper B's part of issue 12)."""
    doc = Document.from_text((SEEDS / PETERBOROUGH).read_text())
    header = t.read_header(doc.lines[34])
    return header is not None and any(c.date for c in header.columns)


@pytest.mark.xfail(
    not _heading_dates_read(),
    reason="needs tables.Column.date, the date a heading prints (helper B)",
    strict=True,
)
def test_peterborough_actions_are_due_by_the_date_in_the_success_measures_heading():
    data, _ = parse(PETERBOROUGH)
    action = by_number(data, "2.1")
    assert [(d["start"], d["end"]) for d in action["due"]] == [
        (dt.date(2018, 4, 1), dt.date(2018, 4, 1))
    ]
    assert all(a["due"] for a in walk(data["items"]) if a["level"] == "Action")


DATED_HEADING = "\n".join(
    [
        "1. THEME ONE",
        "LONGER TERM SUCCESS\tAGREED ACTION 2017 - 18\tSUCCESS MEASURES By April 1st 2018\tRAG"
        "\tBY WHEN",
        "All are heard\t1.1 Put a system in place\tSystem agreed\tGreen\t",
        "\t1.2 Publish the guide\tGuide published\tAmber\tJune 2018",
    ]
)


def test_a_date_the_column_heading_prints_is_the_due_date_of_rows_without_their_own():
    data = parse_plan_text(DATED_HEADING).data
    assert [(d["text"], d["start"], d["end"]) for d in by_number(data, "1.1")["due"]] == [
        ("April 1st 2018", dt.date(2018, 4, 1), dt.date(2018, 4, 1))
    ]
    assert [d["text"] for d in by_number(data, "1.2")["due"]] == ["June 2018"]


# --- Worcestershire ------------------------------------------------------------------------


def test_worcestershire_keeps_both_activities_numbered_3_5_3_with_a_warning():
    data, warnings = parse(WORCESTERSHIRE)
    first, second = numbered(data, "3.5.3")
    assert first["title"].startswith("Explore ways in which the alignment of CiN / LAC reviews")
    assert first["leads"] == ["JiHu – Team Manager Young Adults Team"]
    assert second["title"].startswith("Improve the collaboration of the the Young Adults")
    assert second["leads"] == ["NuSh – SEND Team Manager JiHu – Team Manager Young Adults Team"]
    assert [c["number"] for c in by_number(data, "3.5")["children"]] == [
        "3.5.1",
        "3.5.2",
        "3.5.3",
        "3.5.3",
    ]
    assert any(w.startswith("line 624:") and "3.5.3" in w for w in warnings)


def test_worcestershire_steps_of_activity_3_5_1_keep_their_own_leads_and_dates():
    data, _ = parse(WORCESTERSHIRE)
    activity = by_number(data, "3.5.1")
    assert [s["number"] for s in activity["children"]] == ["1)", "2)", "3)", "4)", "5)", "6)"]
    assert activity["title"].endswith("(see Workstream 4)")
    assert due_texts(activity) == ["July 2018", "September to December 2018"]
    step_4, step_5, step_6 = activity["children"][3:]
    assert step_4["title"].startswith("Building on work in other aspects of this Workstream")
    assert due_texts(step_4) == ["December 2018", "Sept - December Oct 2018"]
    assert "DCO, GM SEND" in ", ".join(step_4["leads"])
    assert step_5["leads"] == ["DCO"]
    assert step_6["leads"] == [] and step_6["due"] == []
    assert "GM SEND, SEND Commissioning" not in " ".join(activity["leads"])


# --- nothing lost ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", [HARTLEPOOL, STOCKTON, DURHAM, PETERBOROUGH, WORCESTERSHIRE])
def test_no_title_carries_markdown_heading_marks(name):
    data, _ = parse(name)
    assert [i["number"] for i in walk(data["items"]) if "#" in i["title"]] == []
