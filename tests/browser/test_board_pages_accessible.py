"""A plan manager of a plan with no board records a meeting: the board is added on the way,
then its schedule is changed. Every page passes axe-core, and a board member reads the boards.

Set WSOA_SCREENSHOTS to a folder to keep screenshots of each page at 1280 and 375 pixels.
"""

import pytest
from django.contrib.auth import get_user_model
from looking import check_page
from signing_in import PASSWORD, sign_in

from factories import LocalAreaFactory, MembershipFactory, PersonFactory, build_plan
from totp import activate_totp
from wsoa.core.models import Role
from wsoa.plans.models import Board
from wsoa.reports.models import Meeting, PlannedMeeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_meeting_of_a_plan_with_no_board_then_its_schedule(tab):
    area = LocalAreaFactory(name="Peterborough", slug="peterborough")
    plan = build_plan(area)
    PersonFactory(plan=plan, name="Sam Chair", role="Director of Children's Services")
    manager = get_user_model().objects.create_user("plan.manager", password=PASSWORD)
    MembershipFactory(user=manager, area=area, role=Role.PLAN_MANAGER)
    secret = activate_totp(manager)
    page = tab.page
    sign_in(tab, "plan.manager", secret)

    tab.goto(f"/areas/peterborough/plans/{plan.pk}/meetings/")
    check_page(tab, "meetings_no_board")
    page.get_by_role("link", name="Record a meeting").first.focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Add a board"
    assert page.get_by_label("Name of the board").input_value() == (
        "Peterborough SEND Improvement Board"
    )
    check_page(tab, "board_new_first")
    page.get_by_label("Name of the board").fill("")
    page.get_by_role("button", name="Add the board and go on to the meeting").click()
    assert "There is a problem" in page.locator("main").inner_text()
    check_page(tab, "board_new_errors")
    page.get_by_label("Name of the board").fill("Peterborough SEND Improvement Board")
    page.get_by_label("Chair", exact=True).select_option(label="Sam Chair")
    page.get_by_role("checkbox", name="Sam Chair").check()
    page.get_by_label("Meets every how many weeks").fill("6")
    page.get_by_label("Or add someone new: name").fill("Pat Parent")
    page.get_by_label("Their organisation").fill("Parent Carer Forum")
    page.get_by_role("button", name="Add the board and go on to the meeting").press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Record a meeting"
    check_page(tab, "meeting_new")
    board = Board.objects.get(plan=plan)
    assert board.members.count() == 2 and board.every_weeks == 6
    page.get_by_label("Day").fill("5")
    page.get_by_label("Month").fill("10")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save meeting").click()
    assert Meeting.objects.filter(board=board).count() == 1

    tab.goto(f"/areas/peterborough/plans/{plan.pk}/boards/")
    assert "Next meeting" in page.locator("main").inner_text()
    check_page(tab, "boards_tab")
    page.get_by_role("link", name="Planned meetings of Peterborough SEND Improvement Board").click()
    check_page(tab, "board_schedule")
    page.get_by_role("link", name="Move or cancel").first.click()
    check_page(tab, "board_schedule_date")
    page.get_by_role("button", name="Cancel the meeting").click()
    assert PlannedMeeting.objects.filter(cancelled=True).count() == 1
    check_page(tab, "board_schedule_after_cancel")
    tab.goto(f"/areas/peterborough/plans/{plan.pk}/boards/{board.pk}/edit/")
    check_page(tab, "board_edit")
