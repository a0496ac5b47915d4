"""Faithfulness of the text importer on the five real plans, checked against a reading of each."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from office_helpers import walk

from wsoa.documents.importers.plantext import parse_plan_text

SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"


def parse(name: str) -> dict[str, Any]:
    return parse_plan_text((SEEDS / name).read_text(), source_name=name).data


def by_number(data: dict[str, Any], number: str) -> dict[str, Any]:
    return next(i for i in walk(data["items"]) if i["number"] == number)


@pytest.mark.parametrize(
    ("name", "levels", "counts"),
    [
        ("000_56886334a7fafb51.txt", ["Objective", "Action"], {"Objective": 5, "Action": 24}),
        (
            "001_ae72a16c3b6432fd.txt",
            ["Weakness", "Objective", "Action"],
            {"Weakness": 3, "Objective": 9, "Action": 30},
        ),
        ("002_42220b0dc9254f8f.txt", ["Area", "Action", "Key task"], {"Area": 4, "Action": 19}),
        ("003_b9ec3471d1f06a02.txt", ["Theme", "Action"], {"Theme": 6, "Action": 37}),
        (
            "004_f5d818488e67f6ca.txt",
            ["Workstream", "Objective", "Activity", "Step"],
            {"Workstream": 6, "Objective": 28},
        ),
    ],
)
def test_each_seed_has_its_own_levels_and_item_counts(name, levels, counts):
    data = parse(name)
    assert data["levels"] == levels
    found = {level: sum(1 for i in walk(data["items"]) if i["level"] == level) for level in counts}
    assert found == counts


def test_hartlepool_findings_objectives_leads_and_dates():
    data = parse("000_56886334a7fafb51.txt")
    assert [f["code"] for f in data["findings"]] == ["AFI-A", "AFI-B", "AFI-C", "AFI-D"]
    assert [o["number"] for o in data["items"]] == ["1", "2", "3", "4", "5"]
    objective_4 = data["items"][3]
    assert objective_4["leads"] == [
        "Rachel Smith (Strategic Commissioner, Education and Children's Services)",
        "Jo Heaney (Head of Commissioning and Strategy)",
    ]
    jsna = objective_4["children"][-1]
    assert jsna["leads"] == ["Workstream 4"]
    assert jsna["due"][0]["text"] == "Jan/ Feb 2018"
    assert jsna["due"][0]["start"] == dt.date(2018, 1, 1)
    assert jsna["due"][0]["end"] == dt.date(2018, 2, 28)
    assert jsna["findings"] == ["AFI-C", "AFI-D"]
    assert data["items"][1]["children"][3]["findings"] == ["AFI-A", "AFI-B", "AFI-C"]


def test_hartlepool_page_break_rows_continue_the_item_above():
    data = parse("000_56886334a7fafb51.txt")
    objective_2 = data["items"][1]
    assert objective_2["title"].endswith(
        "clear and timely information, advice and support that they need."
    )
    assert objective_2["leads"] == ["Christine Fewster (Chair of Parent Led Forum)"]
    phase_2 = data["items"][3]["children"][5]
    assert phase_2["leads"] == ["Workstream 4"]
    assert "pseudonymised matching of data" in phase_2["title"]


def test_hartlepool_rag_key_board_review_dates_and_links():
    data = parse("000_56886334a7fafb51.txt")
    assert [(r["code"], r["label"]) for r in data["rag_scale"]] == [
        ("red", "Progress not being made"),
        ("amber", "Progress being made but not meeting expected timescales"),
        ("green", "On track to complete within expected timescales"),
        ("blue", "Completed"),
    ]
    assert data["boards"][0]["name"] == "SEND Improvement Board"
    assert len(data["boards"][0]["members"]) == 18
    assert data["plan"]["last_reviewed"]["date"] == dt.date(2017, 3, 28)
    assert data["plan"]["next_review"]["date"] == dt.date(2017, 5, 11)
    assert [link["target"] for link in data["items"][0]["links"]] == ["2", "5"]
    assert data["items"][3]["notes"][0]["kind"] == "progress"


def test_stockton_objectives_carry_responsible_posts_and_half_year_milestones():
    data = parse("001_ae72a16c3b6432fd.txt")
    assert [f["code"] for f in data["findings"]] == ["1", "2", "3", "4"]
    objective = by_number(data, "2.1")
    assert objective["leads"][0].startswith("SEN & Engagement Service Manager")
    action = by_number(data, "2.1.1")
    assert [m["period"] for m in action["milestones"]] == ["Aug-19", "Feb-20", "Aug-20"]
    assert action["milestones"][0]["text"] == "Complete QA sample of annual reviews."
    portal = by_number(data, "2.2.5")
    assert {"75%", "90%", "100%"} <= {i["target"] for i in portal["indicators"]}


def test_durham_areas_key_tasks_postholders_and_priority_targets():
    data = parse("002_42220b0dc9254f8f.txt")
    assert [f["code"] for f in data["findings"]] == [
        "Area ONE",
        "Area TWO",
        "Area THREE",
        "Area FOUR",
    ]
    assert [a["number"] for a in data["items"]] == ["ONE", "TWO", "THREE", "FOUR"]
    assert [c["number"] for c in data["items"][2]["children"]] == [
        "3.1",
        "3.2",
        "3.3",
        "3.4",
        "3.5",
    ]
    assert data["items"][0]["findings"] == ["Area ONE"]
    benchmarking = by_number(data, "2.5")
    assert [t["leads"] for t in benchmarking["children"]] == [
        ["Quality Assurance and Standards Work Stream"],
        ["Quality Assurance and Standards Workstream"],
        ["SEND Group"],
        ["DMO and SEND Group"],
    ]
    codes = {p["short_code"]: p["name"] for p in data["people"]}
    assert codes["SaCa" if "SaCa" in codes else "GF"] == "Gill Findley"
    assert codes["TCB"] == "Teri-Corsan Bland"
    targets = [i["text"] for i in walk(data["items"]) for i in i["indicators"]]
    assert "90% of EHCP's being completed within 20 weeks" in targets
    assert "Participation in Education, Employment or Training – 85% or better" in targets
    assert len(data["glossary"]) >= 30


def test_peterborough_leads_in_success_measures_and_inline_people():
    data = parse("003_b9ec3471d1f06a02.txt")
    assert [t["title"] for t in data["items"]][:2] == [
        "CO-PRODUCTION AND PARTICIPATION",
        "PREPARED FOR ADULT LIFE",
    ]
    assert by_number(data, "1.2")["leads"] == ["Matt Oliver (MO)"]
    assert by_number(data, "4.6")["leads"] == []
    assert ("Matt Oliver", "MO") in {(p["name"], p["short_code"]) for p in data["people"]}
    assert by_number(data, "4.16")["indicators"][0]["target"] == "80%"


def test_worcestershire_workstreams_objectives_activities_and_owners():
    data = parse("004_f5d818488e67f6ca.txt")
    assert len(data["findings"]) == 12
    assert data["findings"][5]["code"] == "Key Concern 6"
    assert len(data["findings"][5]["quotes"]) == 2
    local_offer = data["items"][1]
    assert local_offer["leads"] == ["Penny Richardson (WCC)", "Sally-Anne Osbourne (WH&CT)"]
    assert set(local_offer["findings"]) >= {"Key Concern 6", "Key Concern 11"}
    objective = by_number(data, "1.1")
    assert [a["number"] for a in objective["children"]] == [f"1.1.{n}" for n in range(1, 14)]
    assert [m["due"]["end"] for m in objective["milestones"]] == [
        dt.date(2018, 9, 30),
        dt.date(2018, 12, 31),
    ]
    activity = by_number(data, "1.1.4")
    assert activity["leads"] == ["PeRi SEND GM"]
    assert activity["status"] == "On track" and activity["rag"] == "green"
    assert by_number(data, "1.1.3")["rag"] == "blue"
    owners = {p["short_code"]: p["name"] for p in data["people"]}
    assert owners["SaCa"] == "Sara Cam" and owners["PeRi"] == "Penny Richardson"
    safeguarding = data["items"][0]
    assert [o["number"] for o in safeguarding["children"]] == ["A1", "A2", "A3"]
    assert len(safeguarding["children"][2]["children"]) == 6


def test_an_activity_that_starts_with_its_first_step_is_unnumbered_with_steps():
    data = parse("004_f5d818488e67f6ca.txt")
    activity = data["items"][0]["children"][1]["children"][0]
    assert activity["number"] == ""
    assert activity["title"].startswith("1) Review as part of the development")
    steps = activity["children"]
    assert [(s["level"], s["number"]) for s in steps] == [("Step", "1)"), ("Step", "2)")]
    assert steps[0]["title"] == "Review as part of the development of a Vulnerable Learner Strategy"
    assert steps[1]["title"].startswith("Updated guidance to schools on part time attendance")
    assert steps[1]["title"].endswith("process for removing a pupil from roll")


def test_a_strapline_above_the_title_is_not_taken_for_who_the_plan_is_from():
    assert parse("004_f5d818488e67f6ca.txt")["plan"]["issuer"] == ""
    assert parse("000_56886334a7fafb51.txt")["plan"]["issuer"] == (
        "Hartlepool Borough Council & Hartlepool and Stockton-on-Tees Clinical Commissioning Group"
    )
