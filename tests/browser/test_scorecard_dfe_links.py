"""A plan manager sees the DfE figures linked to Hartlepool's findings, removes and links one,
and reads an indicator's chart; axe-core clean.

Set WSOA_SCREENSHOTS to a folder to keep screenshots of each page at 1280 and 375 pixels.
"""

import pytest
from django.contrib.auth import get_user_model
from looking import check_page
from signing_in import PASSWORD, sign_in

from totp import activate_totp
from wsoa.core.models import Membership, Role
from wsoa.documents.importing import import_plan
from wsoa.kpi import dfe
from wsoa.kpi.models import Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_scorecard_links_and_an_indicator_chart(tab, seeds):
    plan = import_plan(
        path=seeds / "000_56886334a7fafb51.txt", area_name="Hartlepool", actor_label="test"
    ).plan
    dfe.load_dfe(area=plan.area)
    manager = get_user_model().objects.create_user("plan.manager", password=PASSWORD)
    Membership.objects.create(user=manager, area=plan.area, role=Role.PLAN_MANAGER)
    sign_in(tab, "plan.manager", activate_totp(manager))
    page = tab.page

    tab.goto(f"/areas/{plan.area.slug}/plans/{plan.pk}/scorecard/")
    main = page.locator("main").inner_text()
    assert "New EHC plans issued within 20 weeks" in main
    check_page(tab, "scorecard_plan")
    page.get_by_role(
        "button", name="Remove New EHC plans issued within 20 weeks, excluding"
    ).first.click()
    assert "is no longer linked" in page.locator("main").inner_text()
    page.get_by_role(
        "button", name="Link New EHC plans issued within 20 weeks, excluding"
    ).first.click()
    assert "is linked to" in page.locator("main").inner_text()

    timeliness = Indicator.objects.get(area=plan.area, code="dfe_20wk_ex")
    tab.goto(f"/areas/{plan.area.slug}/indicators/{timeliness.pk}/")
    caption = page.locator("figcaption").inner_text()
    assert "England (dotted line, triangles)" in caption and "Target" not in caption
    check_page(tab, "indicator_dfe")
