"""Moving a plan's dates into delivery for the demo: whole months, intervals and printed text kept.

Unit tests of `demo/shifting.py` on a small plan, so they run in a moment; the demo command's
own test checks the same on a whole seed plan.
"""

import datetime as dt

import pytest

from factories import DueDateFactory, ItemFactory, LocalAreaFactory, MilestoneFactory, PlanFactory
from wsoa.core.models import AuditEvent
from wsoa.demo.shifting import ELAPSED, add_months, months_to_shift, plan_dates, shift_plan
from wsoa.plans.models import DueDate, Item, Milestone, Plan
from wsoa.progress.models import ReportingPeriod

TODAY = dt.date(2026, 11, 16)


def _index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2018, 3, 31), 1, dt.date(2018, 4, 30)),  # a month end stays a month end
        (dt.date(2018, 4, 30), 1, dt.date(2018, 5, 31)),
        (dt.date(2019, 2, 28), 12, dt.date(2020, 2, 29)),  # into a leap year's February
        (dt.date(2020, 2, 29), -12, dt.date(2019, 2, 28)),
        (dt.date(2018, 1, 30), 1, dt.date(2018, 2, 28)),  # a day past the month's end is cut
        (dt.date(2018, 1, 15), 101, dt.date(2026, 6, 15)),
        (dt.date(2018, 12, 1), 0, dt.date(2018, 12, 1)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("seed", ["Hartlepool", "Stockton-on-Tees", "Worcestershire", "x"])
@pytest.mark.parametrize(
    "span",
    [(dt.date(2017, 3, 1), dt.date(2018, 3, 31)), (dt.date(2018, 7, 1), dt.date(2021, 6, 30))],
)
def test_months_to_shift_puts_today_part_way_through_the_plan(seed, span):
    months = months_to_shift(list(span), TODAY, seed)
    first, last = (_index(add_months(day, months)) for day in span)
    elapsed = (_index(TODAY) - first) / (last - first)
    low, high = ELAPSED
    assert low - 1 / (last - first) <= elapsed <= high + 1 / (last - first)
    assert months_to_shift(list(span), TODAY, seed) == months  # the same seed, the same months


def test_months_to_shift_is_nothing_for_a_plan_without_dates():
    assert months_to_shift([], TODAY, "Hartlepool") == 0


@pytest.fixture
def dated_plan(db):
    area = LocalAreaFactory(name="Hartlepool", slug="hartlepool")
    plan = PlanFactory(
        area=area, period_start=dt.date(2017, 3, 1), period_end=dt.date(2018, 3, 31),
        next_review_on=dt.date(2017, 5, 11),
    )  # fmt: skip
    item = ItemFactory(plan=plan, due_end=dt.date(2017, 9, 30), current_due=dt.date(2017, 12, 31))
    DueDateFactory(
        item=item, text="September to end of December 2017",
        start=dt.date(2017, 9, 1), end=dt.date(2017, 12, 31),
    )  # fmt: skip
    DueDateFactory(item=item, text="Ongoing", start=None, end=None)
    MilestoneFactory(item=item, due_text="End of Feb 2018", due_end=dt.date(2018, 2, 28))
    ReportingPeriod.objects.create(
        plan=plan, label="June 2017", start=dt.date(2017, 6, 1), end=dt.date(2017, 6, 30)
    )
    return plan


def _dates(plan: Plan) -> dict[str, object]:
    item = Item.objects.get(plan=plan)
    return {
        "plan": (plan.period_start, plan.period_end, plan.next_review_on),
        "item": (item.due_end, item.current_due),
        "due": sorted((d.text, d.start, d.end) for d in DueDate.objects.filter(item=item)),
        "milestone": list(Milestone.objects.filter(item=item).values_list("due_text", "due_end")),
        "period": list(ReportingPeriod.objects.filter(plan=plan).values_list("start", "end")),
    }


def test_shift_plan_moves_every_date_by_whole_months_keeping_the_printed_text(dated_plan):
    before = _dates(dated_plan)
    printed = set(DueDate.objects.filter(item__plan=dated_plan).values_list("text", flat=True))

    months = shift_plan(dated_plan, TODAY)

    dated_plan.refresh_from_db()
    after = _dates(dated_plan)
    assert months > 12 and dated_plan.demo_shift_months == months

    def moved(day):
        return add_months(day, months) if day else None

    assert after["plan"] == tuple(moved(day) for day in before["plan"])
    assert after["item"] == tuple(moved(day) for day in before["item"])
    assert after["due"] == [(text, moved(start), moved(end)) for text, start, end in before["due"]]
    assert after["milestone"] == [(text, moved(end)) for text, end in before["milestone"]]
    assert after["period"] == [(moved(start), moved(end)) for start, end in before["period"]]
    assert set(DueDate.objects.filter(item__plan=dated_plan).values_list("text", flat=True)) == (
        printed
    )
    # Month ends stay month ends, so "end of December" is still the last day of a month.
    _, start, end = next(row for row in after["due"] if row[0].startswith("September"))
    assert (end + dt.timedelta(days=1)).day == 1 and start.day == 1
    assert _index(end) - _index(start) == 3  # the same interval, in months
    assert plan_dates(dated_plan)  # what the shift was computed from is still there
    event = AuditEvent.objects.get(action="plan.dates_shifted")
    assert event.changes == {"months": months}


def test_shift_plan_twice_moves_nothing_more(dated_plan):
    months = shift_plan(dated_plan, TODAY)
    dated_plan.refresh_from_db()
    once = _dates(dated_plan)

    assert shift_plan(dated_plan, TODAY) == 0
    assert shift_plan(dated_plan, TODAY + dt.timedelta(days=400)) == 0

    dated_plan.refresh_from_db()
    assert _dates(dated_plan) == once and dated_plan.demo_shift_months == months
    assert AuditEvent.objects.filter(action="plan.dates_shifted").count() == 1
