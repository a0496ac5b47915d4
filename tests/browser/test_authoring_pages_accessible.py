"""A plan manager starts a plan, adds items and edits one: every page passes axe-core.

Set WSOA_SCREENSHOTS to a folder to keep screenshots of each page at 1280 and 375 pixels.
"""

import pytest
from django.contrib.auth import get_user_model
from looking import check_page
from signing_in import PASSWORD, sign_in

from factories import LocalAreaFactory, MembershipFactory
from totp import activate_totp
from wsoa.core.models import Role
from wsoa.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_start_a_plan_add_items_and_edit_one_by_keyboard(tab):
    manager = get_user_model().objects.create_user("plan.manager", password=PASSWORD)
    area = LocalAreaFactory(name="Worcestershire", slug="worcestershire")
    MembershipFactory(user=manager, area=area, role=Role.PLAN_MANAGER)
    secret = activate_totp(manager)
    page = tab.page
    sign_in(tab, "plan.manager", secret)

    tab.goto("/areas/worcestershire/")
    page.get_by_role("link", name="Start a plan").first.focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Start a plan"
    check_page(tab, "plan_new")
    page.get_by_role("button", name="Start the plan").click()
    assert "There is a problem" in page.locator("main").inner_text()
    check_page(tab, "plan_new_errors")

    page.get_by_label("Title").fill("Worcestershire SEND improvement plan")
    page.get_by_label("Other improvement plan").check()
    page.get_by_label("The names of its levels").fill("Priority area\nAction\nTask")
    page.get_by_role("button", name="Start the plan").press("Enter")
    plan = Plan.objects.get()
    page.get_by_role("link", name="Add a Priority area").click()
    check_page(tab, "item_new")
    page.get_by_label("Text", exact=True).fill("Identify needs early")
    page.get_by_label("Due date", exact=True).fill("end of March 2025")
    page.get_by_role("button", name="Add the Priority area").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Priority area 1")
    page.get_by_role("link", name="Add an Action under this").click()
    page.get_by_label("Text", exact=True).fill("Train staff")
    page.get_by_label("Leads", exact=True).fill("Head of SEND")
    page.get_by_role("button", name="Add the Action").click()
    assert plan.items.get(depth=1).number == "1.1"
    page.get_by_role("link", name="Edit item").click()
    check_page(tab, "item_edit")
    page.get_by_label("Due date", exact=True).fill("when funding allows")
    page.get_by_role("button", name="Save item").click()
    assert "No date could be read" in page.locator("main").inner_text()
    page.get_by_role("link", name="Edit item").click()
    page.get_by_label("Text", exact=True).fill("")
    page.get_by_role("button", name="Save item").click()
    assert "There is a problem" in page.locator("main").inner_text()
    check_page(tab, "item_edit_errors")
