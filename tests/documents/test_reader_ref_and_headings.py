"""Layouts of many trackers (and of wsoa's own Word export) the plan-text reader reads: a
"Ref" column holding each row's number, a heading before each table naming its section, a
"Step" column, and an item's steps printed both in its text and as rows below it."""

from __future__ import annotations

from typing import Any

from office_helpers import walk

from wsoa.documents.importers.plantext import parse_plan_text


def read(*lines: str) -> dict[str, Any]:
    return parse_plan_text("\n".join(["Our SEND action plan", "", *lines])).data


def tree(data: dict[str, Any]) -> list[tuple[int, str, str, str]]:
    """Each item as (depth, level, number, title)."""
    found = []

    def visit(items: list[dict[str, Any]], depth: int) -> None:
        for item in items:
            found.append((depth, item["level"], item["number"], item["title"]))
            visit(item["children"], depth + 1)

    visit(data["items"], 0)
    return found


def item(data: dict[str, Any], title: str) -> dict[str, Any]:
    return next(i for i in walk(data["items"]) if i["title"] == title)


REF_HEADER = "Ref\tObjective\tActions\tLead\tBy when?"


# --- a Ref column holds the number of the row's item ----------------------------------------


def test_a_ref_column_numbers_the_item_of_whichever_title_column_the_row_fills():
    data = read(
        "Weakness: Plans are too variable",
        REF_HEADER,
        "2.1\tAgree what a good plan looks like\t\tHead of SEN\tMarch 2020",
        "2.1.1\t\tReview current plans\tSEN manager\tJune 2020",
        "2.1.2\t\tEngage with parents\tForum chair\tJuly 2020",
    )
    assert tree(data) == [
        (0, "Weakness", "", "Plans are too variable"),
        (1, "Objective", "2.1", "Agree what a good plan looks like"),
        (2, "Action", "2.1.1", "Review current plans"),
        (2, "Action", "2.1.2", "Engage with parents"),
    ]
    assert item(data, "Review current plans")["leads"] == ["SEN manager"]
    assert [d["text"] for d in item(data, "Engage with parents")["due"]] == ["July 2020"]


def test_plain_numbers_in_a_ref_column_number_items_under_the_row_above():
    data = read(
        "# Area ONE: Leadership is weak",
        "Ref\tACTIONS\tKey Tasks\tTimescales",
        "1.1\tRevise the SEND strategy\t\tJune 2018",
        "1\t\tDraft with parents\t",
        "2\t\tEndorse at the steering group\tJuly 2018",
        "1.2\tEstablish a new governance framework\t\t",
        "1\t\tConvene the steering group\t",
    )
    assert tree(data) == [
        (0, "Area", "ONE", "Leadership is weak"),
        (1, "Action", "1.1", "Revise the SEND strategy"),
        (2, "Key task", "1", "Draft with parents"),
        (2, "Key task", "2", "Endorse at the steering group"),
        (1, "Action", "1.2", "Establish a new governance framework"),
        (2, "Key task", "1", "Convene the steering group"),
    ]


def test_an_empty_ref_leaves_an_item_that_opens_with_its_steps_unnumbered():
    data = read(
        "Workstream 1: Safeguarding",
        "Number\tObjective\tActivity\tLead",
        "A2\tAddress part-time timetables\t\t",
        "\t\t1) Review the strategy 2) Update the guidance to schools\tNiWi",
    )
    activity = item(data, "1) Review the strategy 2) Update the guidance to schools")
    assert activity["number"] == ""
    assert [(s["number"], s["title"]) for s in activity["children"]] == [
        ("1)", "Review the strategy"),
        ("2)", "Update the guidance to schools"),
    ]


# --- a heading before a table is the section the table holds --------------------------------


def test_a_labelled_heading_before_a_table_is_a_top_level_item_with_its_number():
    data = read(
        "# Objective 1: Development of pathways",
        "Ref\tActions\tBy whom?",
        "\tReview the pathways\tWorkstream 1",
        "# Objective 2: A communication strategy",
        "Ref\tActions\tBy whom?",
        "\tInvolve the forum\tWorkstream 2",
    )
    assert tree(data) == [
        (0, "Objective", "1", "Development of pathways"),
        (1, "Action", "", "Review the pathways"),
        (0, "Objective", "2", "A communication strategy"),
        (1, "Action", "", "Involve the forum"),
    ]


def test_a_heading_with_a_label_and_no_number_is_an_unnumbered_section():
    data = read(
        "Workstream: Safeguarding Actions",
        "Number\tObjective\tLead",
        "A1\tTrack children housed locally\tDCS",
    )
    assert tree(data)[:2] == [
        (0, "Workstream", "", "Safeguarding Actions"),
        (1, "Objective", "A1", "Track children housed locally"),
    ]


def test_a_marked_numbered_heading_before_a_table_is_a_section():
    data = read(
        "# 3 Joint commissioning",
        "Ref\tActions\tLead",
        "3.1\tAgree a commissioning plan\tHead of commissioning",
    )
    assert tree(data) == [
        (0, "Area", "3", "Joint commissioning"),
        (1, "Action", "3.1", "Agree a commissioning plan"),
    ]


def test_a_numbered_list_entry_or_a_label_that_names_a_column_is_no_section():
    data = read(
        "Workstream 1: Local Offer",
        "Ref\tActions\tLead",
        "1.1\tPublish the local offer\tPeRi",
        "",
        "14. A Designated Clinical Officer is in place.",
        "Ref\tActions\tLead",
        "1.2\tTest the website with parents\tPeRi",
        "",
        "Lead: Jo Bloggs",
        "Ref\tActions\tLead",
        "1.3\tRecord what users say\tPeRi",
    )
    tops = [(level, number) for depth, level, number, _ in tree(data) if depth == 0]
    assert tops == [("Workstream", "1")]


def test_a_labelled_line_with_no_table_after_it_is_no_section():
    data = read(
        "Workstream 1: Local Offer",
        "Ref\tActions\tLead",
        "1.1\tPublish the local offer\tPeRi",
        "",
        "Objective 9: Something said in passing",
        "The board meets monthly.",
    )
    assert all(title != "Something said in passing" for *_, title in tree(data))


# --- steps: a "Step" column, and steps printed twice ----------------------------------------

STEP_HEADER = "Number\tObjective\tActivity\tStep\tLead"


def test_a_step_column_holds_steps_of_the_activity_beside_them():
    data = read(
        "Workstream 1: Safeguarding",
        STEP_HEADER,
        "A1\tTrack children housed locally\t\t\t",
        "\t\tIdentify the individuals:\t\tNiWi",
        "1)\t\t\tRemind schools of their duties\t",
        "2)\t\t\tWrite to the London boroughs\t",
    )
    assert tree(data) == [
        (0, "Workstream", "1", "Safeguarding"),
        (1, "Objective", "A1", "Track children housed locally"),
        (2, "Activity", "", "Identify the individuals:"),
        (3, "Step", "1)", "Remind schools of their duties"),
        (3, "Step", "2)", "Write to the London boroughs"),
    ]


def test_steps_printed_in_an_item_and_again_as_rows_below_it_are_kept_once():
    text = "1) Review the strategy 2) Update the guidance to schools"
    data = read(
        "Workstream 1: Safeguarding",
        STEP_HEADER,
        "A2\tAddress part-time timetables\t\t\t",
        f"\t\t{text}\t\tNiWi",
        "1)\t\t\tReview the strategy\t",
        "2)\t\t\tUpdate the guidance to schools\t",
    )
    activity = item(data, text)
    assert [(s["level"], s["number"], s["title"]) for s in activity["children"]] == [
        ("Step", "1)", "Review the strategy"),
        ("Step", "2)", "Update the guidance to schools"),
    ]
    assert activity["leads"] == ["NiWi"]


def test_steps_printed_twice_with_numbers_extending_the_items_are_kept_once():
    text = "1) Review the strategy 2) Update the guidance to schools"
    data = read(
        "Ref\tObjective\tLead",
        "1.2\tAddress part-time timetables\t",
        f"1.2.1\t{text}\tNiWi",
        "1.2.1.1\tReview the strategy\t",
        "1.2.1.2\tUpdate the guidance to schools\t",
    )
    activity = next(i for i in walk(data["items"]) if i["number"] == "1.2.1")
    assert activity["title"] == text
    assert [s["number"] for s in activity["children"]] == ["1.2.1.1", "1.2.1.2"]


def test_steps_printed_only_in_an_item_become_its_steps():
    data = read(
        "Ref\tObjective\tLead",
        "1.2\tAddress part-time timetables\t",
        "1.2.1\tPlan ahead: 1) Review the strategy 2) Update the guidance\tNiWi",
        "1.3\tReduce exclusions\t",
    )
    activity = next(i for i in walk(data["items"]) if i["number"] == "1.2.1")
    assert activity["title"] == "Plan ahead:"
    assert [(s["number"], s["title"]) for s in activity["children"]] == [
        ("1)", "Review the strategy"),
        ("2)", "Update the guidance"),
    ]
