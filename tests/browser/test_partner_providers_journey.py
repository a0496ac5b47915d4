"""A manager finds and chooses the area's NHS providers, reads their waits beside the ICB's and
tracks one service in the plan; both pages have no axe-core violations at 1280 and 375 pixels."""

import re

import pytest
from django.contrib.auth import get_user_model
from fit import assert_fits, screenshot_folder
from signing_in import PASSWORD, sign_in

from factories import LocalAreaFactory, MembershipFactory, build_plan
from totp import activate_totp
from wsoa.core.models import Role
from wsoa.kpi.models import Indicator

NORTH_TEES = "North Tees and Hartlepool NHS Foundation Trust"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_chooses_providers_and_tracks_one(tab):
    area = LocalAreaFactory(name="Hartlepool", slug="hartlepool")
    plan = build_plan(area)
    manager = get_user_model().objects.create_user("plan.manager", password=PASSWORD)
    MembershipFactory(user=manager, area=area, role=Role.PLAN_MANAGER)
    sign_in(tab, "plan.manager", activate_totp(manager))
    page, shots = tab.page, screenshot_folder("partner-providers")
    tab.goto(f"/areas/{area.slug}/plans/{plan.pk}/scorecard/partners/")
    page.get_by_role("link", name="Choose the providers").click()
    page.get_by_label("Search providers by name").fill("tees")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("status").inner_text() == "2 providers match “tees”."
    tab.assert_accessible()
    page.get_by_label(NORTH_TEES).check()
    page.get_by_role("button", name="Save the providers").click()
    assert (
        "North Tees and Hartlepool NHS Foundation Trust"
        in page.locator("#providers + ul").inner_text()
    )
    # The hidden words are a block of their own, so the name may read "plan : North Tees…".
    track = re.compile(rf"^Track in the plan ?: {NORTH_TEES}, speech and language therapy$")
    page.get_by_role("button", name=track).click()
    assert page.get_by_text("Tracked in the plan: 2 indicators added").is_visible()
    assert Indicator.objects.filter(area=area, code="nhs_over18_salt_421f7c97").exists()
    tab.assert_accessible()
    assert_fits(page)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=shots / f"partner-figures-{width}.png", full_page=True)
    tab.goto(f"/areas/{area.slug}/plans/{plan.pk}/scorecard/partners/providers/?q=tees")
    page.set_viewport_size({"width": 375, "height": 900})
    tab.assert_accessible()
    page.screenshot(path=shots / "partner-providers-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=shots / "partner-providers-1280.png", full_page=True)
