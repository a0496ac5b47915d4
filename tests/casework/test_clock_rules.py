"""The statutory EHC clock, rule by rule (SEND Regulations 2014; Children and Families Act 2014)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from wsoa.casework import clock
from wsoa.casework.clock import Advice, Facts, Pause, Review, Transfer

D = date.fromisoformat
TODAY = D("2026-11-30")


def step(facts: Facts, key: str, today: date = TODAY) -> clock.Step:
    found = [s for s in clock.steps(facts, today) if s.key == key]
    assert len(found) == 1, [s.key for s in clock.steps(facts, today)]
    return found[0]


def keys(facts: Facts, today: date = TODAY) -> list[str]:
    return [s.key for s in clock.steps(facts, today)]


ISSUED = Facts(
    request_date=D("2024-01-18"),
    decision_date=D("2024-02-20"),
    decision="agreed",
    draft_date=D("2024-05-01"),
    final_date=D("2024-06-03"),
)


# Every limit: (facts, step key, due date, regulation cited).
LIMITS = [
    # reg. 5(1): 6 weeks = 42 days from the request.
    (Facts(D("2024-03-01")), "decision", "2024-04-12", "reg. 5(1)"),
    # reg. 13(2): 20 weeks = 140 days; 2024 is a leap year: 18 Jan + 140 days = 6 June.
    (Facts(D("2024-01-18")), "final", "2024-06-06", "reg. 13(2)"),
    (Facts(D("2023-01-18")), "final", "2023-06-07", "reg. 13(2)"),
    # across 29 February: 42 days from 1 February 2024 is 14 March (15 in a common year).
    (Facts(D("2024-02-01")), "decision", "2024-03-14", "reg. 5(1)"),
    (Facts(D("2023-02-01")), "decision", "2023-03-15", "reg. 5(1)"),
    # reg. 10(1): 16 weeks = 112 days, once the assessment is agreed.
    (
        Facts(D("2024-01-18"), D("2024-02-20"), "agreed"),
        "not_issue",
        "2024-05-09",
        "reg. 10(1)",
    ),
    # reg. 13(1)(a): at least 15 days beginning with the day the draft was served.
    (ISSUED, "draft_response", "2024-05-15", "reg. 13(1)"),
    # s.44(1): the period of 12 months starting with the day the plan was made.
    (ISSUED, "review:1", "2025-06-02", "s.44(1)"),
]


@pytest.mark.parametrize(("facts", "key", "due", "regulation"), LIMITS)
def test_each_limit_falls_on_its_statutory_day(facts, key, due, regulation):
    found = step(facts, key)
    assert found.due == D(due)
    assert regulation in found.regulation


@pytest.mark.parametrize(
    ("service", "requested", "due"),
    [
        ("educational_psychology", "2024-02-20", "2024-04-02"),
        ("health", "2024-02-21", "2024-04-03"),
        ("social_care", "2024-02-22", "2024-04-04"),
        ("education", "2024-01-20", "2024-03-02"),  # across 29 February 2024
        ("other", "2023-01-20", "2023-03-03"),
    ],
)
def test_advice_is_due_6_weeks_after_it_was_requested(service, requested, due):
    """reg. 8(1): advice within 6 weeks of the date of the request for it, per service."""
    facts = Facts(
        D("2024-01-02"), D("2024-02-10"), "agreed", advice=(Advice(service, D(requested), None),)
    )
    found = step(facts, f"advice:{service}")
    assert found.due == D(due)
    assert found.label.startswith(clock.ADVICE_SERVICES[service])
    assert "reg. 8(1)" in found.regulation


def test_advice_received_after_6_weeks_is_done_late_and_on_the_day_is_done():
    late = Advice("health", D("2024-02-20"), D("2024-04-03"))
    on_time = Advice("social_care", D("2024-02-20"), D("2024-04-02"))
    facts = Facts(D("2024-01-02"), D("2024-02-10"), "agreed", advice=(late, on_time))
    assert step(facts, "advice:health").status(TODAY) == "done_late"
    assert step(facts, "advice:social_care").status(TODAY) == "done"


def test_advice_never_requested_has_no_clock():
    facts = Facts(D("2024-01-02"), advice=(Advice("health", None, None),))
    assert "advice:health" not in keys(facts)


@pytest.mark.parametrize(
    ("done", "today", "status", "days_left"),
    [
        (None, "2024-03-01", "due", 42),
        (None, "2024-03-28", "due", 15),
        (None, "2024-03-29", "near", 14),
        (None, "2024-04-12", "near", 0),
        (None, "2024-04-13", "late", -1),
        (None, "2024-05-12", "late", -30),
        ("2024-04-12", "2024-05-12", "done", None),
        ("2024-04-13", "2024-05-12", "done_late", None),
    ],
)
def test_status_and_days_left_of_the_6_week_decision(done, today, status, days_left):
    facts = Facts(D("2024-03-01"), D(done) if done else None, "agreed" if done else None)
    found = step(facts, "decision", D(today))
    assert found.status(D(today)) == status
    assert found.days_left(D(today)) == days_left


def test_near_days_is_configurable():
    found = step(Facts(D("2024-03-01")), "decision", D("2024-03-22"))
    assert found.status(D("2024-03-22")) == "due"
    assert found.status(D("2024-03-22"), near_days=21) == "near"


@pytest.mark.parametrize(
    ("final", "status"),
    [("2024-06-06", "done"), ("2024-06-07", "done_late")],
)
def test_final_plan_on_day_140_is_on_time_and_day_141_late(final, status):
    facts = Facts(D("2024-01-18"), D("2024-02-20"), "agreed", final_date=D(final))
    assert step(facts, "final").status(TODAY) == status


# Exceptions (reg. 5(4), 8(2), 10(4), 13(3)): due date kept, step marked excepted.
@pytest.mark.parametrize("reason", list(clock.EXCEPTION_REASONS))
@pytest.mark.parametrize("key", ["decision", "final"])
def test_each_exception_reason_marks_the_step_and_keeps_the_statutory_date(reason, key):
    pause = Pause(reason, D("2024-02-01"), D("2024-03-15"))
    facts = Facts(D("2024-01-18"), exceptions=(pause,))
    found = step(facts, key, D("2024-07-01"))
    plain = step(Facts(D("2024-01-18")), key, D("2024-07-01"))
    assert found.exception == pause
    assert found.due == plain.due
    assert found.status(D("2024-07-01")) == "late"
    assert clock.has_exception(facts)


def test_an_exception_applies_to_advice_and_not_issue_too():
    pause = Pause("personal_circumstances", D("2024-03-01"), None)
    facts = Facts(
        D("2024-01-18"),
        D("2024-02-20"),
        "agreed",
        exceptions=(pause,),
        advice=(Advice("health", D("2024-02-21"), None),),
    )
    assert step(facts, "advice:health").exception == pause
    assert step(facts, "not_issue").exception == pause


@pytest.mark.parametrize(
    ("reason", "applies"),
    [("personal_circumstances", True), ("absent_from_area", True), ("setting_closed", False)],
)
def test_advice_is_excused_by_the_reg_8_2_reasons_only(reason, applies):
    pause = Pause(reason, D("2024-03-01"), D("2024-04-30"))
    facts = Facts(
        D("2024-01-18"), D("2024-02-20"), "agreed", exceptions=(pause,),
        advice=(Advice("health", D("2024-02-21"), None),),
    )  # fmt: skip
    assert (step(facts, "advice:health").exception is not None) is applies
    assert step(facts, "final").exception == pause


@pytest.mark.parametrize(
    ("pause", "applies"),
    [
        # closures and absences must last at least 4 weeks (reg. 10(4)(a), (c)): 28 days counted
        (Pause("setting_closed", D("2024-03-01"), D("2024-03-28")), True),
        (Pause("setting_closed", D("2024-03-01"), D("2024-03-27")), False),
        (Pause("absent_from_area", D("2024-03-01"), D("2024-03-27")), False),
        (Pause("absent_from_area", D("2024-03-01"), None), True),
        # personal circumstances have no minimum length
        (Pause("personal_circumstances", D("2024-03-01"), D("2024-03-02")), True),
        # not one of the reg. 10(4) reasons
        (Pause("staff_shortage", D("2024-03-01"), None), False),
        # entirely after the 20-week window (ends 6 June 2024)
        (Pause("personal_circumstances", D("2024-06-07"), None), False),
        # ended before the request
        (Pause("personal_circumstances", D("2023-12-01"), D("2024-01-17")), False),
    ],
)
def test_which_pauses_are_exceptions_to_the_20_week_limit(pause, applies):
    facts = Facts(D("2024-01-18"), exceptions=(pause,))
    assert (step(facts, "final").exception is not None) is applies
    assert clock.has_exception(facts) is applies


def test_a_pause_after_the_plan_was_issued_is_no_exception():
    pause = Pause("personal_circumstances", D("2024-05-01"), None)
    facts = Facts(D("2024-01-18"), final_date=D("2024-04-30"), exceptions=(pause,))
    assert step(facts, "final").exception is None


def test_refused_decision_ends_the_clock():
    advice = Advice("health", D("2024-02-01"), None)
    facts = Facts(D("2024-01-18"), D("2024-02-20"), "refused", advice=(advice,))
    assert keys(facts) == ["decision", "advice:health"]  # no 16- or 20-week step
    assert step(facts, "advice:health").status(TODAY) == "not_needed"
    assert not clock.is_open(facts)
    assert clock.next_deadline(facts, TODAY) is None


def test_notice_not_to_issue_ends_the_clock():
    facts = Facts(D("2024-01-18"), D("2024-02-20"), "agreed", not_issue_date=D("2024-05-10"))
    assert "final" not in keys(facts)
    assert step(facts, "not_issue").status(TODAY) == "done_late"
    assert not clock.is_open(facts)
    assert clock.next_deadline(facts, TODAY) is None


def test_a_decision_date_without_a_decision_counts_as_agreed():
    facts = Facts(D("2024-01-18"), D("2024-02-20"), None)
    assert keys(facts) == ["decision", "not_issue", "final"]
    assert clock.is_open(facts)


def test_drafting_a_plan_makes_the_not_issue_step_not_needed():
    facts = Facts(D("2024-01-18"), D("2024-02-20"), "agreed", draft_date=D("2024-05-20"))
    assert step(facts, "not_issue").status(TODAY) == "not_needed"
    assert step(facts, "not_issue").days_left(TODAY) is None


def test_ceased_case_has_no_next_deadline_and_no_open_step():
    facts = replace(ISSUED, ceased_date=D("2024-09-01"))
    assert not clock.is_open(facts)
    assert clock.next_deadline(facts, TODAY) is None
    assert all(not s.is_open for s in clock.steps(facts, TODAY))
    assert step(facts, "review:1").status(TODAY) == "not_needed"


def test_next_deadline_is_the_earliest_open_step_even_when_late():
    facts = Facts(
        D("2024-01-18"),
        D("2024-02-20"),
        "agreed",
        advice=(
            Advice("health", D("2024-02-21"), None),
            Advice("education", D("2024-02-20"), D("2024-03-01")),
        ),
    )
    found = clock.next_deadline(facts, D("2024-04-10"))
    assert found is not None and found.key == "advice:health"
    assert found.days_left(D("2024-04-10")) == -7


def test_next_deadline_before_a_decision_is_the_decision():
    found = clock.next_deadline(Facts(D("2024-01-18")), D("2024-01-19"))
    assert found is not None and (found.key, found.due) == ("decision", D("2024-02-29"))


def test_steps_come_in_order_of_due_date():
    facts = Facts(
        D("2024-01-18"),
        D("2024-02-20"),
        "agreed",
        advice=(Advice("health", D("2024-02-21"), None),),
        draft_date=D("2024-05-20"),
    )
    dues = [s.due for s in clock.steps(facts, TODAY)]
    assert dues == sorted(dues)
    assert keys(facts) == ["decision", "advice:health", "not_issue", "draft_response", "final"]


def test_draft_response_period_is_done_once_it_has_passed_or_the_plan_is_final():
    facts = Facts(D("2024-01-18"), D("2024-02-20"), "agreed", draft_date=D("2024-05-01"))
    assert step(facts, "draft_response", D("2024-05-15")).status(D("2024-05-15")) == "near"
    assert step(facts, "draft_response", D("2024-05-16")).status(D("2024-05-16")) == "done"
    assert step(ISSUED, "draft_response").done == D("2024-05-15")


def test_the_familys_15_days_are_never_the_next_deadline():
    facts = Facts(D("2024-01-18"), D("2024-02-20"), "agreed", draft_date=D("2024-05-01"))
    for today in ("2024-05-02", "2024-05-20"):
        found = clock.next_deadline(facts, D(today))
        assert found is not None and found.key == "final"


# Annual reviews: s.44(1) and regs. 19–21.
@pytest.mark.parametrize(
    ("start", "due"),
    [
        ("2024-03-10", "2025-03-09"),
        ("2024-02-29", "2025-02-28"),  # no 29 February in 2025: the period ends on the 28th
        ("2024-02-28", "2025-02-27"),
        ("2024-03-01", "2025-02-28"),
        ("2023-03-01", "2024-02-29"),  # into a leap year
        ("2024-12-31", "2025-12-30"),
        ("2024-01-01", "2024-12-31"),
    ],
)
def test_annual_review_is_due_by_the_end_of_12_months_starting_with_the_date(start, due):
    assert clock.review_due(D(start)) == D(due)


def test_reviews_chain_from_the_final_plan_then_from_each_meeting():
    facts = Facts(
        D("2023-01-18"),
        D("2023-02-20"),
        "agreed",
        final_date=D("2023-06-01"),
        reviews=(Review(D("2024-05-20"), D("2024-06-04"), D("2024-06-18")),),
    )
    assert step(facts, "review:1").due == D("2024-05-31")
    assert step(facts, "review:1").status(TODAY) == "done"
    assert step(facts, "review_report:1").due == D("2024-06-03")  # 2 weeks, regs. 20(7), 21(7)
    assert step(facts, "review_report:1").status(TODAY) == "done_late"
    assert step(facts, "review_decision:1").due == D("2024-06-17")  # 4 weeks, reg. 19
    assert step(facts, "review_decision:1").status(TODAY) == "done_late"
    assert step(facts, "review:2").due == D("2025-05-19")
    assert step(facts, "review:2").status(TODAY) == "late"
    assert clock.next_deadline(facts, TODAY).key == "review:2"  # type: ignore[union-attr]


def test_review_without_a_meeting_yet_stops_the_chain():
    facts = Facts(D("2023-01-18"), final_date=D("2023-06-01"), reviews=(Review(None, None, None),))
    assert [k for k in keys(facts) if k.startswith("review")] == ["review:1"]


@pytest.mark.parametrize(
    ("kind", "due"),
    [("school", "2027-02-14"), ("post16", "2027-03-30")],
)
def test_phase_transfer_amendment_is_due_before_15_february_or_31_march(kind, due):
    """reg. 18(1): reviewed and amended *before* 15 February (school) / 31 March (post-16)."""
    facts = Facts(D("2023-01-18"), final_date=D("2023-06-01"), transfer=Transfer(2027, kind, None))
    assert step(facts, "phase_transfer").due == D(due)
    assert "reg. 18(1)" in step(facts, "phase_transfer").regulation


def test_unknown_transfer_kind_is_refused_clearly():
    facts = Facts(
        D("2023-01-18"), final_date=D("2023-06-01"), transfer=Transfer(2027, "college", None)
    )
    with pytest.raises(ValueError, match="Unknown transfer kind 'college'"):
        clock.steps(facts, TODAY)


def test_no_reviews_before_the_final_plan():
    facts = Facts(
        D("2024-01-18"), D("2024-02-20"), "agreed", transfer=Transfer(2027, "school", None)
    )
    assert not [k for k in keys(facts) if k.startswith(("review", "phase"))]


def test_every_limit_in_days():
    assert clock.weeks_after(D("2024-01-01"), 6) - D("2024-01-01") == timedelta(days=42)
    assert clock.weeks_after(D("2024-01-01"), 16) - D("2024-01-01") == timedelta(days=112)
    assert clock.weeks_after(D("2024-01-01"), 20) - D("2024-01-01") == timedelta(days=140)
