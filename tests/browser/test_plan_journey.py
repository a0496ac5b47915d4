"""A board member signs in, finds what is overdue in Worcestershire's plan and opens an item."""

import re

import pytest
from django.contrib.auth import get_user_model
from signing_in import PASSWORD

from wsoa.core.models import Membership, Role
from wsoa.documents.importing import import_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worcestershire(seeds):
    result = import_plan(
        path=seeds / "004_f5d818488e67f6ca.txt", area_name="Worcestershire", actor_label="test"
    )
    user = get_user_model().objects.create_user("board-member", password=PASSWORD)
    Membership.objects.create(user=user, area=result.plan.area, role=Role.BOARD_MEMBER)
    return result.plan


def test_sign_in_filter_overdue_and_open_an_item(tab, worcestershire):
    page = tab.page
    tab.goto("/")
    assert page.title() == "Sign in – wsoa"
    tab.assert_accessible()
    page.get_by_label("Username").fill("board-member")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    assert page.title() == "Your areas – wsoa"
    tab.assert_accessible()
    page.get_by_role("link", name="Worcestershire", exact=True).click()
    page.get_by_role("link", name=worcestershire.title).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == worcestershire.title
    tab.assert_accessible()

    page.get_by_label("Only overdue items").check()
    page.get_by_role("button", name="Apply filters").click()
    assert "overdue=on" in page.url
    heading = page.get_by_role("heading", name=re.compile(r"^\d+ items? match")).inner_text()
    assert int(heading.split()[0]) > 0
    assert page.get_by_text("Items matching your filters").is_visible()
    tab.assert_accessible()

    first = page.locator("#found table a.govuk-link").first
    label = first.inner_text()
    first.click()
    assert page.get_by_role("heading", level=1).inner_text() == label
    assert "Overdue" in page.locator("main").inner_text()
    tab.assert_accessible()

    page.get_by_role("link", name="Findings").click()
    assert "Key Concern 1" in page.locator("main").inner_text()
    tab.assert_accessible()
