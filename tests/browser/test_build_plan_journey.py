"""Issue 11 §6: a plan manager builds a plan from Worcestershire's inspection report, by keyboard.

One journey, with only the keyboard (Tab, Shift+Tab, Enter, Space, the arrow keys and typing):
sign in with the authenticator code, upload the report and create a plan with a skeleton item
per finding, add two actions under the first area for action (one lead added as a new person,
the other picked from the plan's people; due dates as people write them), move one, post an
update on it so it has history, withdraw it with a reason, agree version 1, change the
remaining action's due date, and compare version 1 with the plan now: only that date changed.
axe-core runs on every page on the way, and no page logs a console error.

Controls are reached by pressing Tab (or Shift+Tab) until they have the focus, so a control a
keyboard cannot reach fails the test. Set WSOA_SCREENSHOTS to a folder to keep a screenshot of
each page.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from keyboard import heading, main_text, press, sign_in, tab_to, type_into
from looking import check_page
from signing_in import PASSWORD

from factories import LocalAreaFactory, MembershipFactory
from totp import activate_totp
from wsoa.core.models import Role
from wsoa.plans.models import Item, Plan, PlanVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REPORT = Path(__file__).resolve().parents[1] / "inspections" / "reports" / "worcestershire.pdf"


def test_build_a_plan_from_the_report_by_keyboard(tab):
    area = LocalAreaFactory(name="Worcestershire", slug="worcestershire")
    manager = get_user_model().objects.create_user("plan.manager", password=PASSWORD)
    MembershipFactory(user=manager, area=area, role=Role.PLAN_MANAGER)
    secret = activate_totp(manager)
    page = tab.page
    sign_in(tab, "plan.manager", secret, look=lambda name: check_page(tab, name))
    check_page(tab, "areas")

    # The inspection report → a plan with a skeleton item per finding.
    tab.goto("/areas/worcestershire/")
    check_page(tab, "area")
    press(page, page.get_by_role("link", name="start a plan from an inspection report"))
    assert heading(page) == "Start a plan from an inspection report"
    check_page(tab, "upload")
    report = page.get_by_label("Inspection report")
    tab_to(page, report)
    # The keyboard reaches the file input; the operating system's file dialog is not part of
    # the page (headless Chromium opens it only sometimes on Space), so the file is set directly.
    report.set_input_files(str(REPORT))
    press(page, page.get_by_role("button", name="Read the report"))
    assert heading(page) == "Check the findings"
    assert "22 to 26 April 2024" in main_text(page)
    check_page(tab, "findings")
    skeleton = page.get_by_label("Create a plan skeleton: one top-level item per finding")
    tab_to(page, skeleton)
    page.keyboard.press("Space")
    assert skeleton.is_checked()
    press(page, page.get_by_role("button", name="Create the findings"))
    plan = Plan.objects.get()
    assert page.url.endswith(f"/areas/worcestershire/plans/{plan.pk}/")
    codes = ["APA 1", "APA 2", "AFI 1", "AFI 2", "AFI 3"]  # its priority actions, improvements
    assert list(plan.findings.values_list("code", flat=True)) == codes
    assert list(plan.items.order_by("position").values_list("number", flat=True)) == codes
    check_page(tab, "plan")
    area_for_action = plan.items.order_by("position").first()
    assert area_for_action is not None

    # Two actions under the first area for action, each with a lead and a due date.
    press(page, page.locator(f"#item-{area_for_action.pk} a").first)
    assert heading(page).endswith(area_for_action.number)
    check_page(tab, "area_for_action")
    press(page, page.get_by_role("link", name="Add an Item under this"))
    assert heading(page) == "Add an Item"
    check_page(tab, "item_new_1")
    type_into(page, page.get_by_label("Number", exact=True), "1.1")
    type_into(page, page.get_by_label("Text", exact=True), "Publish the local offer")
    type_into(page, page.get_by_label("Due date", exact=True), "end of March 2025")
    type_into(page, page.get_by_label("Or add someone new as a lead: name"), "Sam Carter")
    type_into(page, page.get_by_label("Their short code (optional)"), "SaCa")
    type_into(page, page.get_by_label("Their role"), "Head of SEND")
    press(page, page.get_by_role("button", name="Add the Item"))
    assert "The Item was added." in main_text(page)
    first = plan.items.get(number="1.1")
    assert first.parent_id == area_for_action.pk
    check_page(tab, "action_1")

    press(page, page.get_by_role("link", name="Add an Item after this"))
    assert heading(page) == "Add an Item"
    check_page(tab, "item_new_2")
    type_into(page, page.get_by_label("Number", exact=True), "1.2")
    type_into(page, page.get_by_label("Text", exact=True), "Train school SENCOs in EHC plans")
    type_into(page, page.get_by_label("Due date", exact=True), "Autumn term 2025")
    person = page.get_by_label("Add one of the plan's people as a lead")
    tab_to(page, person)
    page.keyboard.type("Sam")  # a closed list's type-ahead picks the person
    assert person.locator("option:checked").inner_text().startswith("Sam Carter")
    press(page, page.get_by_role("button", name="Add the Item"))
    assert "The Item was added." in main_text(page)
    second = plan.items.get(number="1.2")
    assert second.parent_id == area_for_action.pk
    check_page(tab, "action_2")

    # Move the second above the first.
    press(page, page.get_by_role("button", name="Move up"))
    assert "was moved up" in main_text(page)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.position < first.position
    check_page(tab, "plan_after_move")

    # Give it history (an update), then remove it: it is withdrawn, with the reason.
    press(page, page.locator(f"#item-{second.pk} a").first)
    check_page(tab, "action_2_moved")
    press(page, page.get_by_role("link", name="Post an update"))
    assert heading(page) == "Post an update"
    check_page(tab, "update")
    type_into(
        page,
        page.get_by_label("What has happened since the last update?"),
        "The training was merged into the SENCO network's programme.",
    )
    red = page.get_by_role("radio").first
    tab_to(page, red)
    page.keyboard.press("ArrowDown")  # from the first rating to the second, amber
    assert page.get_by_role("radio", name=re.compile(r"^\s*Amber")).is_checked()
    press(page, page.get_by_role("button", name="Post update"))
    assert "Your update was posted" in main_text(page)
    check_page(tab, "action_2_updated")
    press(page, page.get_by_role("link", name="Remove", exact=True))
    assert "It will be withdrawn" in main_text(page)
    check_page(tab, "remove")
    type_into(page, page.get_by_label("Why is it withdrawn?"), "Merged into the SENCO programme")
    press(page, page.get_by_role("button", name="Withdraw the item"))
    assert "was withdrawn" in main_text(page)
    withdrawn = page.locator(f"#item-{second.pk} .govuk-tag")
    assert withdrawn.inner_text() == "Withdrawn"
    assert "Merged into the SENCO programme" in page.locator(f"#item-{second.pk}").inner_text()
    check_page(tab, "plan_after_withdrawal")
    press(page, page.locator(f"#item-{second.pk} a").first)
    assert re.search(
        r"Withdrawn\s+Withdrawn on .*: Merged into the SENCO programme", main_text(page)
    )
    assert not page.get_by_role("link", name="Remove", exact=True).count()
    check_page(tab, "action_2_withdrawn")

    # Agree version 1.
    press(page, page.get_by_role("link", name="Versions", exact=True))
    assert heading(page) == f"Versions of {plan.title}"
    check_page(tab, "versions_none")
    press(page, page.get_by_role("link", name="Agree this version"))
    assert heading(page) == "Agree this version"
    check_page(tab, "agree")
    type_into(page, page.get_by_label("Day"), "4")
    type_into(page, page.get_by_label("Month"), "3")
    type_into(page, page.get_by_label("Year"), "2025")
    type_into(
        page,
        page.get_by_label("Or who agreed it, as written"),
        "DfE and NHS England review meeting, 4 March 2025",
    )
    press(page, page.get_by_role("button", name="Agree this version"))
    assert "Version 1 was recorded." in main_text(page)
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    check_page(tab, "versions_one")

    # Change the remaining action's due date.
    press(page, page.get_by_role("link", name="Plan", exact=True))
    check_page(tab, "plan_after_agreeing")
    press(page, page.locator(f"#item-{first.pk} a").first)
    press(page, page.get_by_role("link", name="Edit item"))
    check_page(tab, "edit")
    type_into(page, page.get_by_label("Due date", exact=True), "end of June 2025")
    press(page, page.get_by_role("button", name="Save item"))
    assert "The item was saved." in main_text(page)
    assert Item.objects.get(pk=first.pk).due_end == dt.date(2025, 6, 30)
    check_page(tab, "action_1_edited")

    # Compare version 1 with the plan now: only that date changed.
    press(page, page.get_by_role("link", name="Versions", exact=True))
    press(page, page.get_by_role("link", name="Compare versions"))
    assert heading(page) == "Compare versions"
    check_page(tab, "compare_default")
    before = page.get_by_label("Compare", exact=True)
    after = page.get_by_label("With", exact=True)
    tab_to(page, before)
    page.keyboard.press("Home")
    assert before.input_value() == "1"
    tab_to(page, after)
    page.keyboard.press("End")
    assert after.input_value() == "now"
    press(page, page.get_by_role("button", name="Compare", exact=True))
    assert "before=1" in page.url and "after=now" in page.url
    assert page.get_by_role("heading", name="From version 1 to the plan now").is_visible()
    main = main_text(page)
    assert "0 added, 0 removed or withdrawn, 0 moved, 1 changed." in main
    changed = page.locator("main h3")
    assert changed.all_inner_texts() == ["Item 1.1"]
    rows = page.locator("main table tbody tr")
    assert [r.inner_text().split("\t") for r in rows.all()] == [
        ["Due", "end of March 2025", "end of June 2025"]
    ]
    check_page(tab, "compare")
