"""The scorecard and indicator pages, with DfE figures, a trajectory and an open exception,
have no axe-core violations and no console errors (CSP) in Chromium."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from signing_in import PASSWORD, sign_in

from factories import LocalAreaFactory, MembershipFactory, build_plan
from totp import activate_totp
from wsoa.core.models import Role
from wsoa.kpi import dfe, services
from wsoa.kpi.models import Indicator
from wsoa.kpi.periods import parse_period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scorecard():
    area = LocalAreaFactory(name="Hartlepool", slug="hartlepool")
    plan = build_plan(area)
    users = get_user_model()
    board = users.objects.create_user("board.member", password=PASSWORD)
    manager = users.objects.create_user("plan.manager", password=PASSWORD)
    MembershipFactory(user=board, area=area, role=Role.BOARD_MEMBER)
    MembershipFactory(user=manager, area=area, role=Role.PLAN_MANAGER)
    secret = activate_totp(manager)
    dfe.link_area(area=area, la_code="805", neighbour_codes=["806", "807", "808"], by=None)
    dfe.load_dfe(area=area)
    timeliness = Indicator.objects.get(area=area, code="dfe_20wk_ex")
    services.change_indicator(
        indicator=timeliness, by=manager,
        values={"target": Decimal(90), "target_label": "2024", "plan": plan, "owner": manager},
    )  # fmt: skip
    for year, value in (("2019", 60), ("2022", 70), ("2024", 80)):
        services.set_target_step(
            indicator=timeliness, period=parse_period(year), value=Decimal(value), by=manager
        )
    services.review_exception(indicator=timeliness, by=manager)
    return area, plan, timeliness, secret


def test_scorecard_and_indicator_pages_are_accessible(tab, scorecard):
    area, plan, timeliness, _ = scorecard
    page = tab.page
    sign_in(tab, "board.member")
    tab.goto(f"/areas/{area.slug}/scorecard/")
    assert page.get_by_role("heading", level=1).inner_text() == "Scorecard"
    assert page.get_by_text("Exception open").count() >= 1
    tab.assert_accessible()
    tab.goto(f"/areas/{area.slug}/plans/{plan.pk}/scorecard/")
    tab.assert_accessible()
    page.get_by_role("link", name=timeliness.name).click()
    assert page.locator("svg[role=img] title").text_content().startswith(timeliness.name)
    assert page.get_by_role("table").first.is_visible()
    tab.assert_accessible()


def test_manager_pages_are_accessible(tab, scorecard):
    area, plan, timeliness, secret = scorecard
    sign_in(tab, "plan.manager", secret)
    tab.goto(f"/areas/{area.slug}/plans/{plan.pk}/targets/")
    tab.assert_accessible()
    for path in (
        f"/areas/{area.slug}/scorecard/",
        f"/areas/{area.slug}/indicators/{timeliness.pk}/",
        f"/areas/{area.slug}/indicators/new/",
        f"/areas/{area.slug}/indicators/{timeliness.pk}/exception/",
        f"/areas/{area.slug}/exceptions/",
        f"/areas/{area.slug}/scorecard/import/",
        f"/areas/{area.slug}/scorecard/dfe/",
    ):
        tab.goto(path)
        tab.assert_accessible()
