"""A plan manager moves and removes items of Worcestershire's plan by keyboard; axe-core clean.

Set WSOA_SCREENSHOTS to a folder to keep screenshots of each page at 1280 and 375 pixels.
"""

import pytest
from django.contrib.auth import get_user_model
from looking import check_page
from signing_in import PASSWORD, sign_in

from totp import activate_totp
from wsoa.core.models import Membership, Role
from wsoa.documents.importing import import_plan
from wsoa.progress.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _press(page, role, name):
    """Focus the control and press Enter on it, as a keyboard user does; wait for the page."""
    page.get_by_role(role, name=name).first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_move_and_remove_items_by_keyboard(tab, seeds):
    plan = import_plan(
        path=seeds / "004_f5d818488e67f6ca.txt", area_name="Worcestershire", actor_label="test"
    ).plan
    manager = get_user_model().objects.create_user("plan.manager", password=PASSWORD)
    Membership.objects.create(user=manager, area=plan.area, role=Role.PLAN_MANAGER)
    secret = activate_totp(manager)
    page = tab.page
    sign_in(tab, "plan.manager", secret)
    items = list(plan.items.order_by("position"))
    parent = next(i for i in items if i.depth == 0 and i.children.count() > 1)
    first, second = parent.children.order_by("position")[:2]
    base = f"/areas/{plan.area.slug}/plans/{plan.pk}/"

    tab.goto(f"{base}items/{first.pk}/")
    check_page(tab, "arrange_item")
    _press(page, "button", "Move down")
    assert "was moved down" in page.locator("main").inner_text()
    assert f"#item-{first.pk}" in page.url
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.position > second.position

    tab.goto(f"{base}items/{first.pk}/move/")
    check_page(tab, "arrange_move_parent")
    page.get_by_label("Move it under").select_option(str(items[0].pk))
    _press(page, "button", "Continue")
    check_page(tab, "arrange_move_place")
    page.get_by_label("First", exact=False).first.check()
    _press(page, "button", "Move the item")
    first.refresh_from_db()
    assert first.parent_id == items[0].pk

    Comment.objects.create(item=second, author=manager, text="Is this still needed?")
    tab.goto(f"{base}items/{second.pk}/remove/")
    assert "It will be withdrawn" in page.locator("main").inner_text()
    _press(page, "button", "Withdraw the item")
    check_page(tab, "arrange_remove_errors")
    page.get_by_label("Why is it withdrawn?").fill("Merged after the review meeting")
    _press(page, "button", "Withdraw the item")
    assert "was withdrawn" in page.locator("main").inner_text()
    check_page(tab, "arrange_tree")
    tab.goto(f"{base}items/{second.pk}/")
    assert "Merged after the review meeting" in page.locator("main").inner_text()
    check_page(tab, "arrange_withdrawn_item")
