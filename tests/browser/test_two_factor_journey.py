"""A plan manager signs in for the first time and is taken through setting up two-factor."""

import pytest
from django.contrib.auth import get_user_model
from signing_in import PASSWORD

from totp import totp_code
from wsoa.core.models import LocalArea, Membership, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def manager():
    area = LocalArea.objects.create(name="Peterborough", slug="peterborough")
    user = get_user_model().objects.create_user("plan-manager", password=PASSWORD)
    Membership.objects.create(user=user, area=area, role=Role.PLAN_MANAGER)
    return user


def test_first_sign_in_sets_up_an_authenticator_app(tab, manager):
    page = tab.page
    tab.goto("/sign-in/")
    page.get_by_label("Username").fill("plan-manager")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # Straight to set-up: the password just typed is not asked for again.
    assert "needs two-factor authentication" in page.locator("main").inner_text()
    assert page.title() == "Set up an authenticator app – wsoa"
    tab.assert_accessible()
    secret = page.locator("#setup-key").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Recovery codes"
    tab.assert_accessible()
    generate = page.get_by_role("button", name="Generate new codes")
    assert "govuk-button--secondary" in (generate.get_attribute("class") or "")
    page.get_by_role("button", name="Continue to your plans").click()
    assert page.title() == "Your areas – wsoa"
