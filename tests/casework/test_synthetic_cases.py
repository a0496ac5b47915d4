"""Made-up cases: the canonical layout, deterministic, a realistic mix, clearly labelled."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date

import pytest

from wsoa.casework import clock, extracts, sen2rules, synthetic

TODAY = date(2026, 11, 30)
D = date.fromisoformat


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return list(synthetic.cases("885", 1500, today=TODAY, seed=7))


def day(text: str) -> date | None:
    return D(text) if text else None


def facts(r: dict[str, str]) -> clock.Facts:
    pause = ()
    if r["exception"]:
        pause = (clock.Pause(r["exception"], D(r["exception_start"]), day(r["exception_end"])),)
    advice = tuple(
        clock.Advice(s, day(r[f"advice_{s}_requested"]), day(r[f"advice_{s}_received"]))
        for s in clock.ADVICE_SERVICES
        if r[f"advice_{s}_requested"]
    )
    reviews, transfer = synthetic.after_plan(r)
    return clock.Facts(
        D(r["request_date"]),
        day(r["decision_date"]),
        r["decision"] or None,
        day(r["not_issue_date"]),
        day(r["draft_date"]),
        day(r["final_date"]),
        exceptions=pause,
        advice=advice,
        reviews=reviews,
        transfer=transfer,
        ceased_date=day(r["ceased_date"]),
    )


def test_columns_are_the_canonical_layout_with_advice_per_service_then_after_the_plan():
    assert synthetic.CANONICAL_COLUMNS[:13] == [
        "case_ref",
        "request_date",
        "request_source",
        "decision_date",
        "decision",
        "not_issue_date",
        "draft_date",
        "final_date",
        "exception",
        "exception_start",
        "exception_end",
        "caseworker",
        "team",
    ]
    assert {"name", "date_of_birth", "upn", "postcode"} <= set(synthetic.CANONICAL_COLUMNS)
    for service in clock.ADVICE_SERVICES:
        assert f"advice_{service}_requested" in synthetic.CANONICAL_COLUMNS
        assert f"advice_{service}_received" in synthetic.CANONICAL_COLUMNS
    # every canonical column is one the extract import reads; the reviews and the transfer,
    # which it does not read yet, come after them
    assert set(synthetic.CANONICAL_COLUMNS) <= set(extracts.canonical_columns())
    assert synthetic.COLUMNS == synthetic.CANONICAL_COLUMNS + synthetic.AFTER_PLAN_COLUMNS
    assert synthetic.AFTER_PLAN_COLUMNS[:3] == ["review_1_meeting", "review_1_report",
                                                "review_1_decision"]  # fmt: skip


def test_same_seed_same_rows_and_another_seed_others(rows):
    assert list(synthetic.cases("885", 300, today=TODAY, seed=7)) == rows[:300]
    assert list(synthetic.cases("885", 50, today=TODAY, seed=8)) != rows[:50]
    assert list(synthetic.cases("805", 50, today=TODAY, seed=7)) != rows[:50]


def test_every_row_has_every_column_and_unique_refs(rows):
    assert all(list(r) == synthetic.COLUMNS for r in rows)
    assert len({r["case_ref"] for r in rows}) == len(rows)


def test_people_are_obviously_made_up(rows):
    assert rows[41]["name"] == "Made-up child 0042"
    assert all(r["name"].startswith("Made-up child ") for r in rows)
    assert all(r["caseworker"].startswith("Made-up caseworker ") for r in rows)
    assert all(r["postcode"].startswith("ZZ99 ") for r in rows)
    assert all(r["upn"][1:4] == "999" and len(r["upn"]) == 13 for r in rows)


def test_upn_check_letter_follows_the_dfe_rule():
    # weights 2..13 over the 12 digits, remainder of 23 indexes A–Z without I, O, S
    assert synthetic.upn("000000000000") == "A000000000000"
    assert synthetic.upn("100000000000") == "C100000000000"  # 1 × 2 = 2 → C
    assert synthetic.upn("000000000001") == "P000000000001"  # 1 × 13 = 13 → P


def test_nothing_is_recorded_after_today_and_dates_run_in_order(rows):
    for r in rows:
        ends = ("_date", "_requested", "_received", "_start", "_end", "_meeting", "_report",
                "_decision", "_amended")  # fmt: skip
        assert max(D(v) for k, v in r.items() if v and k.endswith(ends)) <= TODAY
        if r["decision_date"]:
            assert D(r["request_date"]) < D(r["decision_date"])
        if r["final_date"]:
            assert D(r["draft_date"]) < D(r["final_date"])
            assert r["decision"] == "agreed"


def test_a_realistic_mix(rows):
    decisions = Counter(r["decision"] for r in rows)
    assert 0.15 < decisions["refused"] / len(rows) < 0.35
    assert sum(1 for r in rows if r["not_issue_date"]) > 20
    assert sum(1 for r in rows if r["exception"]) > 30
    issued = sen2rules.figures((sen2rules.row_from(facts(r)) for r in rows), 2025)
    assert 50.0 <= issued["pct_within_20_weeks"] <= 65.0
    assert issued["plans_issued_excluding_exceptions"] < issued["plans_issued"]


def test_every_service_has_late_advice(rows):
    for service in clock.ADVICE_SERVICES:
        late = [
            r
            for r in rows
            if r[f"advice_{service}_received"]
            and (D(r[f"advice_{service}_received"]) - D(r[f"advice_{service}_requested"])).days > 42
        ]
        assert late, service


def test_open_cases_near_and_past_their_deadlines(rows):
    statuses = Counter()
    for r in rows:
        step = clock.next_deadline(facts(r), TODAY)
        if step is not None and not step.key.startswith("review"):
            statuses[step.status(TODAY)] += 1
    assert statuses["near"] > 20
    assert statuses["late"] > 20
    assert statuses["due"] > 20


def test_exceptions_are_reg_10_4_reasons_with_dates(rows):
    excepted = [r for r in rows if r["exception"]]
    assert {r["exception"] for r in excepted} == set(clock.EXCEPTION_REASONS)
    assert all(r["exception_start"] for r in excepted)


def test_write_csv_round_trips(tmp_path, rows):
    path = tmp_path / "cases.csv"
    synthetic.write_csv(path, rows[:20])
    with open(path, newline="", encoding="utf-8") as f:
        assert list(csv.DictReader(f)) == rows[:20]


def test_the_clock_reads_every_made_up_case_consistently(rows):
    for r in rows:
        case = facts(r)
        steps = clock.steps(case, TODAY)
        dues = [s.due for s in steps]
        assert dues == sorted(dues)
        following = clock.next_deadline(case, TODAY)
        waiting = [s for s in steps if s.is_open and s.key not in clock.FAMILY_STEPS]
        if not clock.is_open(case):
            assert following is None
        else:
            assert following == (waiting[0] if waiting else None)


def test_plans_have_annual_reviews_most_on_time_some_late_some_not_yet_held(rows):
    plans = [r for r in rows if r["final_date"] and not r["ceased_date"]]
    held = [r for r in plans if r["review_1_meeting"]]
    assert len(held) > len(plans) // 4
    for r in held:  # a review follows the plan, its report and decision follow the meeting
        meeting = D(r["review_1_meeting"])
        assert D(r["final_date"]) < meeting
        assert all(
            D(r[f"review_1_{k}"]) > meeting for k in ("report", "decision") if r[f"review_1_{k}"]
        )
    statuses = Counter(
        step.status(TODAY)
        for r in plans
        for step in clock.steps(facts(r), TODAY)
        if step.key.startswith("review")
    )
    assert statuses["done"] > statuses["done_late"] > 10  # most meetings, reports on time
    assert statuses["late"] > 5 and statuses["near"] > 5 and statuses["due"] > 100
    due = [clock.next_deadline(facts(r), TODAY) for r in plans]
    assert sum(1 for s in due if s and s.key.startswith("review")) > len(plans) // 2


def test_phase_transfers_follow_the_childs_age_and_some_are_late(rows):
    moving = [r for r in rows if r["transfer_year"]]
    assert {r["transfer_kind"] for r in moving} == {"school", "post16"}
    for r in moving:
        born, year = D(r["date_of_birth"]), int(r["transfer_year"])
        secondary = born.year + (12 if born.month >= 9 else 11)  # Year 7 starts that September
        assert year == (secondary if r["transfer_kind"] == "school" else secondary + 5)
        assert r["final_date"] and D(r["final_date"]) < clock.transfer_due(
            clock.Transfer(year, r["transfer_kind"], None)
        )
    statuses = Counter(
        step.status(TODAY)
        for r in moving
        for step in clock.steps(facts(r), TODAY)
        if step.key == "phase_transfer"
    )
    assert statuses["done"] > statuses["done_late"] > 0
    assert statuses["due"] + statuses["near"] > 10  # February's and March's transfers ahead
    assert statuses["late"] + statuses["done_late"] > 0


def test_some_plans_cease_and_then_nothing_is_due(rows):
    ceased = [r for r in rows if r["ceased_date"]]
    plans = [r for r in rows if r["final_date"]]
    assert 0.005 < len(ceased) / len(plans) < 0.1
    for r in ceased:
        assert D(r["final_date"]) < D(r["ceased_date"]) <= TODAY
        assert clock.next_deadline(facts(r), TODAY) is None
        held = [D(r[k]) for k in synthetic.REVIEW_COLUMNS if r[k]]
        assert all(day <= D(r["ceased_date"]) for day in held)


def test_the_after_plan_part_is_deterministic_per_case(rows):
    again = list(synthetic.cases("885", 1500, today=TODAY, seed=7))
    assert [synthetic.after_plan(r) for r in again] == [synthetic.after_plan(r) for r in rows]
    other = list(synthetic.cases("885", 1500, today=TODAY, seed=8))
    assert [r["review_1_meeting"] for r in other] != [r["review_1_meeting"] for r in rows]
