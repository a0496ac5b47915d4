"""The plan's dashboard as people meet it: axe-core clean at 1280 and 375 pixels, the tree
collapsed to its top level and opened by a plain link, and an item linked from elsewhere shown.

Set WSOA_SCREENSHOTS to a folder to keep screenshots of each page at 1280 and 375 pixels.
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from looking import check_page
from signing_in import PASSWORD, sign_in

from totp import activate_totp
from wsoa.core.models import Membership, Role
from wsoa.documents.importing import import_plan
from wsoa.kpi.models import ExceptionReport, Indicator, Measurement
from wsoa.plans.models import Item
from wsoa.progress import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worcestershire(seeds):
    """Worcestershire's plan in October 2018, part-way through, with a month of updates."""
    with time_machine.travel(dt.datetime(2018, 10, 15, 10, tzinfo=dt.UTC), tick=True):
        plan = import_plan(
            path=seeds / "004_f5d818488e67f6ca.txt", area_name="Worcestershire", actor_label="test"
        ).plan
        users = {}
        for role in (Role.PLAN_MANAGER, Role.BOARD_MEMBER):
            users[role] = get_user_model().objects.create_user(f"worcs-{role}", password=PASSWORD)
            Membership.objects.create(user=users[role], area=plan.area, role=role)
        october = services.add_period(
            plan=plan, by=users[Role.PLAN_MANAGER], label="October 2018",
            start=dt.date(2018, 10, 1), end=dt.date(2018, 10, 31),
        )  # fmt: skip
        for item in Item.objects.filter(plan=plan, depth=2).order_by("position")[:4]:
            data = services.UpdateIn(f"Progress on {item.number}", "amber", period=october)
            services.post_update(item=item, author=users[Role.PLAN_MANAGER], data=data)
        indicator = Indicator.objects.create(
            area=plan.area, plan=plan, name="EHC plans issued within 20 weeks", target=Decimal(90)
        )
        measurement = Measurement.objects.create(
            indicator=indicator, label="Q2 2018-19", start=dt.date(2018, 7, 1),
            end=dt.date(2018, 9, 30), value=Decimal(41),
        )  # fmt: skip
        ExceptionReport.objects.create(indicator=indicator, measurement=measurement, reason="Red")
        yield plan, users


def test_dashboard_and_collapsed_tree_are_accessible_for_a_board_member(tab, worcestershire):
    plan, _ = worcestershire
    page = tab.page
    with time_machine.travel(dt.datetime(2018, 10, 15, 10, tzinfo=dt.UTC), tick=True):
        sign_in(tab, f"worcs-{Role.BOARD_MEMBER}")
        base = f"/areas/{plan.area.slug}/plans/{plan.pk}/"
        tab.goto(base)
        assert page.get_by_role("heading", name="At a glance").is_visible()
        assert page.get_by_role("img", name="Ratings of the items in each workstream").is_visible()
        check_page(tab, "plan-dashboard-board-member")

        deep = Item.objects.filter(plan=plan, depth=3).order_by("position").first()
        assert not page.locator(f"#item-{deep.pk}").is_visible()  # collapsed to the top level
        tab.goto(f"{base}#item-{deep.pk}")
        page.wait_for_timeout(200)
        assert page.locator(f"#item-{deep.pk}").is_visible()  # a link still reaches it

        tab.goto(base)
        page.get_by_role("link", name="Open all").click()
        assert "open=all" in page.url
        assert page.locator(f"#item-{deep.pk}").is_visible()
        page.get_by_role("link", name="close all").click()
        assert not page.locator(f"#item-{deep.pk}").is_visible()


def test_manager_follows_a_tile_to_the_list_it_counts(tab, worcestershire):
    plan, users = worcestershire
    secret = activate_totp(users[Role.PLAN_MANAGER])
    page = tab.page
    with time_machine.travel(dt.datetime(2018, 10, 15, 10, tzinfo=dt.UTC), tick=True):
        sign_in(tab, f"worcs-{Role.PLAN_MANAGER}", secret)
        tab.goto(f"/areas/{plan.area.slug}/plans/{plan.pk}/")
        check_page(tab, "plan-dashboard-manager")
        tab.goto(f"/areas/{plan.area.slug}/")
        check_page(tab, "area-dashboard-manager")
        tab.goto(f"/areas/{plan.area.slug}/plans/{plan.pk}/")
        tile = page.locator(".wsoa-tile", has_text="overdue").first
        figure = tile.locator(".wsoa-tile__figure").inner_text()
        tile.get_by_role("link").click()
        heading = page.get_by_role("heading", name=f"{figure} items match")
        assert heading.is_visible()
        check_page(tab, "plan-dashboard-overdue-list")
