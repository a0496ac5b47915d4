"""A plan manager at Worcestershire reads the benchmark page, filters it by topic, tracks a measure
in the plan and reads "how we compare" on the new indicator: axe-core clean, no sideways scroll.

Set WSOA_SCREENSHOTS to a folder to keep screenshots of each page at 1280 and 375 pixels.
"""

import pytest
from django.contrib.auth import get_user_model
from fit import assert_fits
from looking import check_page
from signing_in import PASSWORD, sign_in

from factories import LocalAreaFactory, build_plan
from totp import activate_totp
from wsoa.benchmarks import loading
from wsoa.core.models import Membership, Role
from wsoa.kpi.models import DfeLink, Indicator
from wsoa.plans.models import Finding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBSET = {
    "SEN_EHC_All_20wks",
    "SEN_EHC_Excpt_20wks",
    "SEN_AppealableDec",
    "SEN_INIT_REQ",
    "TotAbs",
    "16-17Ed&Training",
}


def test_benchmark_page_track_and_indicator(tab):
    loading.load_national(measures=SUBSET)
    area = LocalAreaFactory(name="Worcestershire", slug="worcestershire")
    DfeLink.objects.create(area=area, la_code="885", la_name="Worcestershire")
    plan = build_plan(area)
    Finding.objects.create(
        plan=plan, position=1, kind="weakness", code="W1", text="EHC plans are often late."
    )
    manager = get_user_model().objects.create_user("plan.manager", password=PASSWORD)
    Membership.objects.create(user=manager, area=area, role=Role.PLAN_MANAGER)
    sign_in(tab, "plan.manager", activate_totp(manager))
    page = tab.page

    tab.goto("/areas/worcestershire/benchmarks/")
    main = page.locator("main").inner_text()
    assert "102nd of 153 areas with a figure" in main
    check_page(tab, "benchmarks")
    assert_fits(page, (375, 1280))

    page.get_by_label("Topic").select_option("All Pupil Absence & Exclusions")
    page.get_by_role("button", name="Show").click()
    main = page.locator("main").inner_text()
    assert "102nd of 153" not in main and "Show every topic" in main
    check_page(tab, "benchmarks_topic")

    tab.goto("/areas/worcestershire/benchmarks/")
    page.locator("a[href$='measure=SEN_EHC_All_20wks']").click()
    check_page(tab, "benchmark_track")
    assert_fits(page, (375, 1280))
    page.get_by_label("Finding it measures").select_option(
        label=page.locator("#id_finding option").nth(1).inner_text()
    )
    page.get_by_label("Reach England's figure").check()
    page.get_by_label("By the end of which year").fill("2027")
    page.get_by_role("button", name="Track in the plan").click()

    indicator = Indicator.objects.get(area=area, code="lait_SEN_EHC_All_20wks")
    assert page.url.endswith(f"/areas/worcestershire/indicators/{indicator.pk}/")
    main = page.locator("main").inner_text()
    assert "How we compare" in main and "Rank among areas" in main
    check_page(tab, "benchmark_indicator")
    assert_fits(page, (375, 1280))
