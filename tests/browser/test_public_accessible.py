"""The public progress page passes axe-core (WCAG 2.2 AA) at desktop width and on a phone."""

import datetime as dt
from decimal import Decimal

import pytest

from factories import FindingFactory, LocalAreaFactory, MembershipFactory, UserFactory, build_plan
from wsoa.core.models import Role
from wsoa.kpi.models import Indicator, Measurement, TargetStep
from wsoa.plans.rag import Rag
from wsoa.progress import services as progress
from wsoa.public import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published():
    area = LocalAreaFactory(name="Hartlepool", slug="hartlepool")
    plan = build_plan(area)
    manager = UserFactory(username="plan.manager")
    MembershipFactory(user=manager, area=area, role=Role.PLAN_MANAGER)
    finding = FindingFactory(plan=plan, code="AFI-A", text="Assessments take too long.")
    items = list(plan.items.filter(depth=1))
    for item, rag in zip(items, [Rag.GREEN, Rag.AMBER, Rag.RED, Rag.BLUE], strict=True):
        item.rag = rag
        item.save()
        item.findings.add(finding)
    update = progress.post_update(
        item=items[0],
        author=manager,
        data=progress.UpdateIn("New pages for families went live.", Rag.GREEN),
    )
    indicator = Indicator.objects.create(
        area=area, plan=plan, name="EHC plans issued within 20 weeks", unit="percent"
    )
    TargetStep.objects.create(
        indicator=indicator, label="2023", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31),
        value=Decimal(60),
    )  # fmt: skip
    for year, value in ((2021, "38"), (2022, "41.5"), (2023, "57")):
        Measurement.objects.create(
            indicator=indicator, label=str(year), start=dt.date(year, 1, 1),
            end=dt.date(year, 12, 31), value=Decimal(value), entered_label="test",
        )  # fmt: skip
    summary = services.SummaryIn(
        "Families wait too long to hear if their child gets an EHC plan.",
        "We hired more educational psychologists.",
        "We will check waiting times every month.",
        True,
    )
    services.save_summary(finding=finding, by=manager, data=summary)
    services.choose_public(
        plan=plan, by=manager, items=[i.pk for i in items], indicators=[indicator.pk],
        updates=[update.pk],
    )  # fmt: skip
    said = services.YouSaidIn(
        "Letters are hard to read.", "Parent carer forum survey", dt.date(2026, 10, 3),
        "We rewrote our letters in plain English.", items[:1],
    )  # fmt: skip
    entry = services.save_you_said(plan=plan, by=manager, data=said)
    services.set_you_said_published(entry=entry, by=manager, is_published=True)
    services.publish_plan(plan=plan, by=manager)
    services.publish_plan(plan=plan, by=manager)
    return plan


@pytest.mark.parametrize("width", [1280, 375])
def test_public_pages_have_no_axe_violations(tab, published, width):
    tab.page.set_viewport_size({"width": width, "height": 900})
    for path in (
        f"/public/hartlepool/{published.pk}/",
        f"/public/hartlepool/{published.pk}/versions/1/",
        "/public/hartlepool/",
    ):
        tab.goto(path)
        assert tab.page.get_by_role("heading", level=1).count() == 1
        tab.assert_accessible()
        scroll = tab.page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{path} is wider than the screen at {width}px"
