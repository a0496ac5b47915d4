"""A plan manager uploads Lancashire's report, corrects one finding and creates the plan."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from signing_in import PASSWORD, sign_in

from factories import LocalAreaFactory, MembershipFactory
from totp import activate_totp
from wsoa.core.models import Role
from wsoa.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REPORT = Path(__file__).resolve().parents[1] / "inspections" / "reports"


def test_manager_starts_a_plan_from_the_report(tab):
    area = LocalAreaFactory(name="Lancashire", slug="lancashire")
    manager = get_user_model().objects.create_user("plan.manager", password=PASSWORD)
    MembershipFactory(user=manager, area=area, role=Role.PLAN_MANAGER)
    secret = activate_totp(manager)
    page = tab.page

    sign_in(tab, "plan.manager", secret)

    tab.goto("/areas/lancashire/")
    page.get_by_role("link", name="Start a plan from an inspection report").click()
    tab.assert_accessible()
    page.get_by_label("Inspection report").set_input_files(str(REPORT / "lancashire.pdf"))
    page.get_by_role("button", name="Read the report").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check the findings"
    tab.assert_accessible()
    page.locator("#id_finding-1-text").fill("Leaders should improve EHC plans and reviews.")
    page.get_by_label("Create a plan skeleton: one top-level item per finding").check()
    page.get_by_role("button", name="Create the findings").click()

    plan = Plan.objects.get()
    assert page.url.endswith(f"/areas/lancashire/plans/{plan.pk}/")
    assert plan.findings.get(code="APA 2").text == "Leaders should improve EHC plans and reviews."
    assert plan.items.count() == 5
    tab.assert_accessible()
