"""Fixtures of the public page: a plan with findings, rated items, updates and an indicator."""

import datetime as dt
from decimal import Decimal

import pytest
from public_texts import PUBLIC_COMMENTARY, SECRET_COMMENTARY

from factories import FindingFactory
from wsoa.core.models import AuditEvent
from wsoa.kpi.models import Indicator, Measurement, TargetStep
from wsoa.plans.rag import Rag
from wsoa.progress import services as progress
from wsoa.public import services


@pytest.fixture
def weakness(plan):
    finding = FindingFactory(
        plan=plan, code="AFI-A", kind="weakness", text="Assessments take too long."
    )
    for number in ("1.1", "1.2"):
        plan.items.get(number=number).findings.add(finding)
    return finding


@pytest.fixture
def rated(plan):
    """Rate the plan's actions, each rating confirmed: 1.1 green, 1.2 amber, 2.1 red, 2.2 blue."""
    for number, rag in (
        ("1.1", Rag.GREEN),
        ("1.2", Rag.AMBER),
        ("2.1", Rag.RED),
        ("2.2", Rag.BLUE),
    ):
        plan.items.filter(number=number).update(rag=rag)
        confirmed = plan.items.get(number=number)  # as the monthly cycle records a confirmation
        AuditEvent.objects.create(
            area=plan.area, actor_label="test", action="rag.confirmed", object_type="item",
            object_id=confirmed.pk, summary=f"Confirmed {rag}",
        )  # fmt: skip
    return plan


@pytest.fixture
def updates(plan, plan_manager):
    item = plan.items.get(number="1.1")
    shown = progress.post_update(
        item=item, author=plan_manager, data=progress.UpdateIn(PUBLIC_COMMENTARY, Rag.GREEN)
    )
    hidden = progress.post_update(
        item=item, author=plan_manager, data=progress.UpdateIn(SECRET_COMMENTARY, Rag.RED)
    )
    return shown, hidden


@pytest.fixture
def timeliness(area, plan, contributor):
    indicator = Indicator.objects.create(
        area=area, plan=plan, owner=contributor, name="EHC plans issued within 20 weeks",
        unit="percent", polarity="higher", target=Decimal(90), amber_within=Decimal(5),
    )  # fmt: skip
    TargetStep.objects.create(
        indicator=indicator, label="2023", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31),
        value=Decimal(60),
    )  # fmt: skip
    for year, value in ((2022, "41.5"), (2023, "57")):
        Measurement.objects.create(
            indicator=indicator, label=str(year), start=dt.date(year, 1, 1),
            end=dt.date(year, 12, 31), value=Decimal(value), entered_label="test",
        )  # fmt: skip
    return indicator


@pytest.fixture
def hidden_indicator(area, plan):
    return Indicator.objects.create(area=area, plan=plan, name="Tribunal appeals lodged")


@pytest.fixture
def chosen(plan, plan_manager, weakness, rated, updates, timeliness, hidden_indicator):
    """Managers' choices: the finding's summary, items 1.1 and 2.1, one update, one indicator."""
    services.save_summary(
        finding=weakness,
        by=plan_manager,
        data=services.SummaryIn(
            "Families wait too long to hear if their child gets an EHC plan.",
            "We hired more educational psychologists.",
            "We will check waiting times every month.",
            True,
        ),
    )
    items = plan.items.filter(number__in=["1.1", "2.1"]).values_list("pk", flat=True)
    services.choose_public(
        plan=plan, by=plan_manager, items=items, indicators=[timeliness.pk],
        updates=[updates[0].pk],
    )  # fmt: skip
    return plan
