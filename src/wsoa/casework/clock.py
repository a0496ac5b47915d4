"""The statutory EHC clock: the due date of every step of a case. Plain Python, no Django.

The Special Educational Needs and Disability Regulations 2014 (SI 2014/1530, "reg.") and the
Children and Families Act 2014 (s.44) set the limits; each rule below names its source.

How the limits are counted:

- "Within N weeks of" a date is N × 7 days after it: 6 weeks = 42 days, 16 weeks = 112 days,
  20 weeks = 140 days. A step done on the due date is on time (the DfE's SEN2 definition: "on or
  before request date + 140 days"). No working-day or bank-holiday adjustment: the regulations
  count calendar weeks.
- The draft plan (reg. 13(1)(a)): the parent or young person has "at least 15 days, beginning
  on the day on which the draft plan was served". The day served is day 1, so the period's last
  day is draft date + 14. The step is done when that day has passed or the final plan is issued;
  it has no lateness of its own (it is the family's time, not the authority's), and it is never
  the case's next deadline, which therefore does not depend on `today`.
- Annual review (Children and Families Act 2014 s.44(1)): the plan is reviewed "in the period of
  12 months starting with the date on which the plan was first made", then "in each subsequent
  period of 12 months starting with the date on which the plan was last reviewed" (here: the
  last review meeting). A period starting with 10 March 2024 includes that day, so it ends on
  9 March 2025: the due date is the day before the same date 12 months later. For 29 February
  the same date does not exist in a common year; the period then ends on 28 February (the last
  day of the month, as the courts read month periods), which is also what the day-before rule
  gives when the missing date is taken as 1 March. We chose the statute's words over "the
  anniversary" so that a review on the anniversary shows one day late, as the Act reads.
- Review report within 2 weeks of the meeting (regs. 20(7), 21(7)): meeting + 14 days. Decision
  within 4 weeks of the meeting (reg. 19): meeting + 28 days.
- Phase transfer (reg. 18(1)): the plan is reviewed and amended "before 15 February" of the
  transfer year (school transfers) or "before 31 March" (secondary school to post-16), so the
  last day on time is 14 February / 30 March.

Exceptions (reg. 5(4) for the decision, reg. 8(2) for advice, reg. 10(4) for the decision not
to issue, reg. 13(3) applying reg. 10(4) to the final plan): the limit "need not" be met where
meeting it is impractical because a school or setting is closed for at least 4 weeks, because
of exceptional personal circumstances, or because the child, parent or young person is away from
the area for at least 4 weeks. The law does not move the date; it lets the authority miss it.
So the clock keeps the statutory due date, marks the step as excepted (`Step.exception`), and
the step still shows "late" when it is; the excluding-exceptions measure (`sen2rules`) leaves
such cases out. A pause applies to a step when it overlaps the step's window: from the start
of its clock (the request, or the request for advice) to its due date, or to the day it was
done if that was earlier. A closure or absence recorded as shorter than 4 weeks (28 days,
start and end both counted) does not qualify and is ignored; an open-ended pause qualifies.
Advice (reg. 8(2)) is excused only by personal circumstances or absence from the area, not by a
setting's closure; its third excuse, a missed appointment, is not one of the recorded reasons.

A decision date with no decision recorded counts as agreed: only a recorded refusal ends the
clock (reg. 5(3)), so a case is never dropped from the worklist for a missing word.

Not modelled: the COVID-19 relaxation of 1 May to 25 September 2020 (SI 2020/471: limits did
not apply where impractical for a reason relating to coronavirus); the 3–6 monthly reviews
advised for children under 5 (Code of Practice 9.178, guidance not law); reassessment (reg.
27) and amendment after review (reg. 22); post-16 to post-16 transfers (reg. 18(2)).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

DECISION_WEEKS = 6  # reg. 5(1): decide whether to assess
ADVICE_WEEKS = 6  # reg. 8(1): provide advice within 6 weeks of the request for it
NOT_ISSUE_WEEKS = 16  # reg. 10(1): notice of a decision not to issue a plan
FINAL_WEEKS = 20  # reg. 13(2): issue the final plan
DRAFT_RESPONSE_DAYS = 15  # reg. 13(1)(a): at least 15 days, beginning on the day served
REVIEW_REPORT_WEEKS = 2  # regs. 20(7) and 21(7): report within 2 weeks of the meeting
REVIEW_DECISION_WEEKS = 4  # reg. 19: decision within 4 weeks of the meeting
REVIEW_MONTHS = 12  # Children and Families Act 2014 s.44(1)
QUALIFYING_ABSENCE_DAYS = 28  # reg. 10(4)(a) and (c): "not less than 4 weeks"

EXCEPTION_REASONS: dict[str, str] = {
    "setting_closed": "The school or setting was closed for at least 4 weeks",
    "personal_circumstances": "Exceptional personal circumstances of the child or family",
    "absent_from_area": "The child or family was away from the area for at least 4 weeks",
}
ADVICE_SERVICES: dict[str, str] = {
    "educational_psychology": "Educational psychology",
    "health": "Health",
    "social_care": "Social care",
    "education": "Education",
    "other": "Other",
}
TRANSFER_DEADLINES: dict[str, tuple[int, int]] = {
    "school": (2, 15),  # reg. 18(1)(b): before 15 February
    "post16": (3, 31),  # reg. 18(1)(a): before 31 March, secondary school to post-16
}
NEEDS_FOUR_WEEKS = ("setting_closed", "absent_from_area")
# reg. 8(2)(a), (b): a setting's closure excuses the authority, not the person asked for advice.
ADVICE_EXCEPTIONS = ("personal_circumstances", "absent_from_area")
FAMILY_STEPS = ("draft_response",)  # the family's time, not the authority's deadline


@dataclass(frozen=True)
class Pause:
    """A reg. 10(4) exception: its reason and the days it covered (end None: still going)."""

    reason: str
    start: date
    end: date | None


@dataclass(frozen=True)
class Advice:
    """Advice asked of one service for the assessment (reg. 6) and when it came."""

    service: str
    requested: date | None
    received: date | None


@dataclass(frozen=True)
class Review:
    """One annual review: the meeting, the report after it and the decision."""

    meeting: date | None
    report: date | None
    decision: date | None


@dataclass(frozen=True)
class Transfer:
    """A transfer between phases of education in `year`: "school" or "post16"."""

    year: int
    kind: str
    amended: date | None


@dataclass(frozen=True)
class Facts:
    """What happened on a case, as dates: everything the clock reads."""

    request_date: date
    decision_date: date | None = None
    decision: str | None = None  # "agreed" | "refused"
    not_issue_date: date | None = None
    draft_date: date | None = None
    final_date: date | None = None
    exceptions: tuple[Pause, ...] = ()
    advice: tuple[Advice, ...] = ()
    reviews: tuple[Review, ...] = ()
    transfer: Transfer | None = None
    ceased_date: date | None = None


@dataclass(frozen=True)
class Step:
    """One statutory step of a case: when it is due and when it was done."""

    key: str
    label: str
    regulation: str
    due: date | None
    done: date | None
    exception: Pause | None
    needed: bool = True

    def days_left(self, today: date) -> int | None:
        """Days until the due date (negative: days late); None when done or not needed."""
        if self.done is not None or not self.needed or self.due is None:
            return None
        return (self.due - today).days

    def status(self, today: date, near_days: int = 14) -> str:
        """done, done_late, due, near (due within `near_days`), late or not_needed."""
        if not self.needed:
            return "not_needed"
        if self.done is not None:
            return "done_late" if self.due is not None and self.done > self.due else "done"
        left = self.days_left(today)
        if left is None:
            return "due"
        if left < 0:
            return "late"
        return "near" if left <= near_days else "due"

    @property
    def is_open(self) -> bool:
        return self.needed and self.done is None


def weeks_after(start: date, weeks: int) -> date:
    """The last day of a limit of `weeks` weeks from `start`."""
    return start + timedelta(weeks=weeks)


def review_due(start: date) -> date:
    """The last day of the period of 12 months starting with `start` (s.44(1))."""
    year = start.year + (start.month - 1 + REVIEW_MONTHS) // 12
    month = (start.month - 1 + REVIEW_MONTHS) % 12 + 1
    try:
        same_day = date(year, month, start.day)
    except ValueError:  # 29 February in a common year: the period ends on 28 February
        same_day = date(year, month + 1, 1)
    return same_day - timedelta(days=1)


def transfer_due(transfer: Transfer) -> date:
    """The last day on time for a phase-transfer review and amendment (reg. 18(1))."""
    if transfer.kind not in TRANSFER_DEADLINES:
        raise ValueError(f"Unknown transfer kind {transfer.kind!r}: use 'school' or 'post16'.")
    month, day = TRANSFER_DEADLINES[transfer.kind]
    return date(transfer.year, month, day) - timedelta(days=1)


def qualifies(pause: Pause) -> bool:
    """Whether a recorded pause can be a reg. 10(4) exception (closures and absences ≥ 4 weeks)."""
    if pause.reason not in EXCEPTION_REASONS:
        return False
    if pause.reason in NEEDS_FOUR_WEEKS and pause.end is not None:
        return (pause.end - pause.start).days + 1 >= QUALIFYING_ABSENCE_DAYS
    return True


def applying_pause(
    facts: Facts,
    start: date,
    due: date,
    done: date | None,
    reasons: tuple[str, ...] = tuple(EXCEPTION_REASONS),
) -> Pause | None:
    """The first qualifying pause overlapping `start` to due (or to done, if earlier)."""
    until = min(due, done) if done is not None else due
    for pause in sorted(facts.exceptions, key=lambda p: p.start):
        overlaps = pause.start <= until and (pause.end is None or pause.end >= start)
        if pause.reason in reasons and qualifies(pause) and overlaps:
            return pause
    return None


def has_exception(facts: Facts) -> bool:
    """Whether an exception applied to the 20-week limit (reg. 13(3)): SEN2's exception cases."""
    due = weeks_after(facts.request_date, FINAL_WEEKS)
    return applying_pause(facts, facts.request_date, due, facts.final_date) is not None


def _assessment_ended(facts: Facts) -> bool:
    return facts.decision == "refused" or facts.not_issue_date is not None


def _decision_step(facts: Facts) -> Step:
    due = weeks_after(facts.request_date, DECISION_WEEKS)
    done = facts.decision_date
    return Step(
        "decision",
        "Decide whether to carry out an EHC needs assessment",
        "SEND Regulations 2014 reg. 5(1); exceptions reg. 5(4)",
        due,
        done,
        applying_pause(facts, facts.request_date, due, done),
    )


def _advice_steps(facts: Facts) -> list[Step]:
    over = _assessment_ended(facts) or facts.final_date is not None
    found = []
    for advice in facts.advice:
        if advice.requested is None:
            continue  # no request, no clock: nothing to count from
        due = weeks_after(advice.requested, ADVICE_WEEKS)
        name = ADVICE_SERVICES.get(advice.service, advice.service)
        found.append(
            Step(
                f"advice:{advice.service}",
                f"{name} advice",
                "SEND Regulations 2014 reg. 8(1); exceptions reg. 8(2)",
                due,
                advice.received,
                applying_pause(facts, advice.requested, due, advice.received, ADVICE_EXCEPTIONS),
                needed=advice.received is not None or not over,
            )
        )
    return found


def _not_issue_step(facts: Facts) -> Step:
    due = weeks_after(facts.request_date, NOT_ISSUE_WEEKS)
    done = facts.not_issue_date
    issuing = done is None and (facts.draft_date is not None or facts.final_date is not None)
    return Step(
        "not_issue",
        "Decide not to issue a plan, with notice (if not issuing)",
        "SEND Regulations 2014 reg. 10(1); exceptions reg. 10(4)",
        due,
        done,
        applying_pause(facts, facts.request_date, due, done),
        needed=not issuing,
    )


def _draft_response_step(facts: Facts, draft: date, today: date) -> Step:
    due = draft + timedelta(days=DRAFT_RESPONSE_DAYS - 1)
    done = None
    if facts.final_date is not None:
        done = min(due, facts.final_date)
    elif today > due:
        done = due
    return Step(
        "draft_response",
        "Family's 15 days to comment on the draft plan",
        "SEND Regulations 2014 reg. 13(1)(a)",
        due,
        done,
        None,
    )


def _final_step(facts: Facts) -> Step:
    due = weeks_after(facts.request_date, FINAL_WEEKS)
    return Step(
        "final",
        "Issue the final EHC plan",
        "SEND Regulations 2014 reg. 13(2); exceptions reg. 13(3) and 10(4)",
        due,
        facts.final_date,
        applying_pause(facts, facts.request_date, due, facts.final_date),
    )


def _review_steps(facts: Facts, final: date) -> list[Step]:
    found = []
    start = final
    for n, review in enumerate(facts.reviews, 1):
        found.append(_review_step(n, start, review.meeting))
        if review.meeting is None:
            return found
        found += _after_meeting_steps(n, review)
        start = review.meeting
    found.append(_review_step(len(facts.reviews) + 1, start, None))
    return found


def _review_step(n: int, start: date, meeting: date | None) -> Step:
    return Step(
        f"review:{n}",
        f"Annual review {n}: hold the review meeting",
        "Children and Families Act 2014 s.44(1); SEND Regulations 2014 regs. 20, 21",
        review_due(start),
        meeting,
        None,
    )


def _after_meeting_steps(n: int, review: Review) -> list[Step]:
    assert review.meeting is not None
    report = Step(
        f"review_report:{n}",
        f"Annual review {n}: send the review report",
        "SEND Regulations 2014 regs. 20(7), 21(7)",
        weeks_after(review.meeting, REVIEW_REPORT_WEEKS),
        review.report,
        None,
    )
    decision = Step(
        f"review_decision:{n}",
        f"Annual review {n}: notify the decision",
        "SEND Regulations 2014 reg. 19",
        weeks_after(review.meeting, REVIEW_DECISION_WEEKS),
        review.decision,
        None,
    )
    return [report, decision]


def _transfer_step(transfer: Transfer) -> Step:
    words = "post-16" if transfer.kind == "post16" else "school"
    return Step(
        "phase_transfer",
        f"Review and amend the plan for the {words} transfer in {transfer.year}",
        "SEND Regulations 2014 reg. 18(1)",
        transfer_due(transfer),
        transfer.amended,
        None,
    )


def _all_steps(facts: Facts, today: date) -> list[Step]:
    found = [_decision_step(facts), *_advice_steps(facts)]
    if facts.decision == "refused":
        return found  # reg. 5(3): the refusal notice ends the assessment
    if facts.decision_date is not None or facts.not_issue_date is not None:
        found.append(_not_issue_step(facts))  # decided, and not refused: assessing
    if facts.not_issue_date is not None:
        return found  # reg. 10: the notice not to issue ends it
    if facts.draft_date is not None:
        found.append(_draft_response_step(facts, facts.draft_date, today))
    found.append(_final_step(facts))
    if facts.final_date is not None:
        found += _review_steps(facts, facts.final_date)
        if facts.transfer is not None:
            found.append(_transfer_step(facts.transfer))
    return found


def steps(facts: Facts, today: date) -> list[Step]:
    """Every step that applies to the case, in order of due date; after ceasing, none is open."""
    found = _all_steps(facts, today)
    if facts.ceased_date is not None:
        found = [s if not s.is_open else replace(s, needed=False) for s in found]
    return sorted(found, key=lambda s: s.due or date.max)  # stable: process order on ties


def next_deadline(facts: Facts, today: date) -> Step | None:
    """The authority's open step due soonest (late ones first), or None when it has none.

    The family's 15 days on the draft are not the authority's deadline, so they are skipped:
    the next deadline then never depends on `today` and can be stored with the case.
    """
    if not is_open(facts):
        return None
    return next((s for s in steps(facts, today) if s.is_open and s.key not in FAMILY_STEPS), None)


def is_open(facts: Facts) -> bool:
    """Whether the clock still runs: not refused, not ended by a notice not to issue, not ceased."""
    return facts.ceased_date is None and not _assessment_ended(facts)
