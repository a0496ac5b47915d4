"""On a phone the plan's thirteen section tabs fold behind a "Plan sections" button, so each
page's own content comes first; on a wide screen they are all shown. axe-core clean both ways."""

from __future__ import annotations

import pytest
from django.urls import reverse
from signing_in import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_sections_fold_behind_a_button_on_a_phone(tab, item, contributor):
    contributor.set_password(PASSWORD)
    contributor.save()
    sign_in(tab, contributor.username)
    page = tab.page
    page.set_viewport_size({"width": 375, "height": 900})
    tab.goto(reverse("progress:item", args=[item.plan.area.slug, item.plan.pk, item.pk]))
    nav = page.get_by_role("navigation", name="Plan sections")
    button = nav.get_by_role("button", name="Plan sections")
    findings = nav.get_by_role("link", name="Findings")
    assert button.is_visible() and not findings.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    tab.assert_accessible()
    button.click()
    assert findings.is_visible() and button.get_attribute("aria-expanded") == "true"
    tab.assert_accessible()
    findings.click()
    page.wait_for_url("**/findings/")
    page.set_viewport_size({"width": 1280, "height": 900})
    nav = page.get_by_role("navigation", name="Plan sections")
    assert nav.get_by_role("link", name="Scorecard").is_visible()
    assert not nav.get_by_role("button", name="Plan sections").is_visible()
