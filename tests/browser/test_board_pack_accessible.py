"""A board member opens the board packs and a frozen pack: axe-core finds no violations."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from signing_in import PASSWORD, sign_in

from factories import BoardFactory, LocalAreaFactory, MembershipFactory, build_plan
from wsoa.core.models import Role
from wsoa.kpi.models import ExceptionReport, Indicator, Measurement, TargetStep
from wsoa.plans.models import Item
from wsoa.plans.rag import Rag
from wsoa.reports import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pack():
    area = LocalAreaFactory(name="Hartlepool", slug="hartlepool")
    plan = build_plan(area)
    board = BoardFactory(plan=plan)
    users = get_user_model()
    member = users.objects.create_user("board.member", password=PASSWORD)
    MembershipFactory(user=member, area=area, role=Role.BOARD_MEMBER)
    Item.objects.filter(plan=plan, number="1.1").update(rag=Rag.RED, due_end=dt.date(2020, 1, 31))
    Item.objects.filter(plan=plan, number="2.1").update(rag=Rag.AMBER)
    indicator = Indicator.objects.create(
        area=area, plan=plan, name="EHC plans issued within 20 weeks", target=Decimal(80)
    )
    TargetStep.objects.create(
        indicator=indicator, label="2026-27", start=dt.date(2026, 4, 1),
        end=dt.date(2027, 3, 31), value=Decimal(80),
    )  # fmt: skip
    for label, end, value in (("Q1", dt.date(2026, 6, 30), 70), ("Q2", dt.date(2026, 9, 30), 50)):
        measurement = Measurement.objects.create(
            indicator=indicator, label=label, start=end.replace(day=1), end=end,
            value=Decimal(value), entered_label="test",
        )  # fmt: skip
    ExceptionReport.objects.create(
        indicator=indicator, measurement=measurement, reason="50% is 30 points below 80%"
    )
    snapshot = services.generate_pack(plan=plan, by=member, board=board)
    return plan, snapshot


def test_board_member_reads_the_pack_with_no_accessibility_violations(tab, pack):
    plan, snapshot = pack
    page = tab.page
    sign_in(tab, "board.member")
    tab.goto(f"/areas/hartlepool/plans/{plan.pk}/packs/")
    assert page.get_by_role("heading", level=1).inner_text() == "Board packs"
    tab.assert_accessible()
    page.get_by_role("link", name=snapshot.title, exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == snapshot.title
    assert page.locator("svg[role=img]").count() == 2  # page 1's ratings, the indicator's chart
    tab.assert_accessible()
    page.get_by_role("link", name="Objective 1").first.click()
    assert page.url.endswith("#area-" + str(plan.items.get(number="1").pk))
    tab.goto(f"/areas/hartlepool/plans/{plan.pk}/meetings/")
    tab.assert_accessible()
