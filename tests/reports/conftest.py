"""Fixtures of boards and packs: a scripted history of ratings and dates, a KPI exception."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from pack_history import at, confirm

from factories import BoardFactory, MilestoneFactory, RagLevelFactory
from wsoa.kpi.models import ExceptionReport, Indicator, Measurement, TargetStep
from wsoa.plans.models import Item
from wsoa.plans.rag import Rag

PLAN_WORDS = {
    Rag.RED: "Progress not being made",
    Rag.AMBER: "Progress being made but not meeting expected timescales",
    Rag.GREEN: "On track to complete within expected timescales",
    Rag.BLUE: "Completed",
}


@pytest.fixture(autouse=True)
def sent_packs(monkeypatch):
    """Tests run pack jobs themselves (`jobs.run_job`), in the test's own transaction: the
    pages' sending of each job's task is only recorded here."""
    sent: list[int] = []

    def record(job_id: int) -> bool:
        sent.append(job_id)
        return True

    monkeypatch.setattr("wsoa.reports.tasks.send_pack", record)
    return sent


@pytest.fixture
def board(plan):
    return BoardFactory(plan=plan, name="SEND Improvement Board", reports_to_text="HWB")


@pytest.fixture
def history(plan, plan_manager, board):
    """Hartlepool's plan from August to 20 October 2026:

    - 20 Aug: 2.2 confirmed green (before the first pack).
    - 1 Sep: the first pack is made.
    - 15 Sep: 1.1 confirmed amber, its date revised 30 Sep → 31 Dec ("slipped").
    - 1 Oct: 2.1 confirmed blue ("completed"); 2.2's milestone revised 31 Oct → 31 Jan.
    - 1.2 is green and due 30 Sep, so overdue on 20 Oct; 2.2 is due 10 Nov, before the
      next meeting on 20 Nov.
    """
    for position, (code, label) in enumerate(PLAN_WORDS.items()):
        RagLevelFactory(plan=plan, position=position, code=code, label=label)
    items = {i.number: i for i in plan.items.all()}
    dues = {"1.1": "2026-09-30", "1.2": "2026-09-30", "2.1": "2026-12-31", "2.2": "2026-11-10"}
    for number, day in dues.items():
        Item.objects.filter(pk=items[number].pk).update(
            due_end=dt.date.fromisoformat(day), rag=Rag.GREEN if number == "1.2" else ""
        )
    milestone = MilestoneFactory(
        item=items["2.2"], text="Local offer relaunched", due_end=dt.date(2026, 10, 31)
    )
    with at("2026-08-20"):
        confirm(items["2.2"], plan_manager, Rag.GREEN, "Started on time")
    with at("2026-09-01"):
        from wsoa.reports.services import generate_pack

        first = generate_pack(plan=plan, by=plan_manager, board=board)
    with at("2026-09-15"):
        confirm(
            items["1.1"], plan_manager, Rag.AMBER, "Two posts vacant in the SEND team",
            revised=dt.date(2026, 12, 31),
        )  # fmt: skip
    with at("2026-10-01"):
        confirm(items["2.1"], plan_manager, Rag.BLUE, "Evidence of completion seen")
        confirm(
            items["2.2"], plan_manager, Rag.GREEN, "Relaunch moved to suit schools",
            revised=dt.date(2027, 1, 31), milestone=milestone,
        )  # fmt: skip
    return {"first": first, "items": items, "milestone": milestone}


@pytest.fixture
def exception(area, plan, contributor):
    """Timeliness is red at 50% against 80%; its owner has said why and what is done."""
    indicator = Indicator.objects.create(
        area=area, plan=plan, name="EHC plans issued within 20 weeks", owner=contributor,
        unit="percent", polarity="higher", target=Decimal(80),
    )  # fmt: skip
    TargetStep.objects.create(
        indicator=indicator, label="2026-27", start=dt.date(2026, 4, 1),
        end=dt.date(2027, 3, 31), value=Decimal(80),
    )  # fmt: skip
    measurement = Measurement.objects.create(
        indicator=indicator, label="Q1 2026-27", start=dt.date(2026, 4, 1),
        end=dt.date(2026, 6, 30), value=Decimal(50), entered_label="test",
    )  # fmt: skip
    return ExceptionReport.objects.create(
        indicator=indicator, measurement=measurement, reason="50% is 30 points below 80%",
        cause="Educational psychology advice arrives late", action="Two locum EPs from October",
        recovery_on=dt.date(2027, 3, 31), answered_by=contributor, answered_at=timezone.now(),
    )  # fmt: skip
