"""The public page parents read, on a phone and a desktop: findings, figures against England,
jargon explained; axe-core clean, no sideways scroll and no chart label under 12px."""

import datetime as dt
from decimal import Decimal

import pytest
from fit import assert_fits, screenshot_folder

from factories import (
    FindingFactory,
    GlossaryEntryFactory,
    LocalAreaFactory,
    MembershipFactory,
    UserFactory,
    build_plan,
)
from wsoa.core.models import Role
from wsoa.kpi.models import Comparator, ComparatorKind, Indicator, Measurement, TargetStep
from wsoa.plans.rag import Rag
from wsoa.progress import services as progress
from wsoa.public import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The smallest chart label a reader sees, in CSS pixels, for every chart drawn on the page.
SMALLEST_LABEL = """
() => {
  let smallest = null;
  for (const svg of document.querySelectorAll('svg.kpi-chart')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(svg).display === 'none') continue;
    const scale = box.width / svg.viewBox.baseVal.width;
    for (const label of svg.querySelectorAll('text')) {
      const size = parseFloat(label.getAttribute('font-size')) * scale;
      smallest = smallest === null ? size : Math.min(smallest, size);
    }
  }
  return smallest;
}
"""


@pytest.fixture
def published():
    area = LocalAreaFactory(name="Worcestershire", slug="worcestershire")
    plan = build_plan(area)
    manager = UserFactory(username="plan.manager")
    MembershipFactory(user=manager, area=area, role=Role.PLAN_MANAGER)
    GlossaryEntryFactory(plan=plan, term="HLN", expansion="High Level Needs")
    finding = FindingFactory(
        plan=plan, code="AFI-2", text="Inconsistent use of the graduated response (APDR)."
    )
    items = list(plan.items.filter(depth=1))
    items[0].title = "Enable High Level Needs (HLN) funding for pupils at SEN support."
    items[1].status_text = "Complete"
    items[0].rag = Rag.GREEN
    for item in items:
        item.current_due = dt.date.today() + dt.timedelta(days=30 * item.pk)
        item.save()
    items[0].findings.add(finding)
    update = progress.post_update(
        item=items[0], author=manager, data=progress.UpdateIn("Funding panel met.", Rag.GREEN)
    )
    indicator = Indicator.objects.create(
        area=area, plan=plan, name="New EHC plans issued within 20 weeks", unit="percent",
        polarity="higher",
    )  # fmt: skip
    TargetStep.objects.create(
        indicator=indicator, label="2023", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31),
        value=Decimal(60),
    )  # fmt: skip
    for year, value, england in ((2022, "28", "49.2"), (2023, "37", "50.3")):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        Measurement.objects.create(
            indicator=indicator, label=str(year), start=start, end=end, value=Decimal(value),
            entered_label="test",
        )  # fmt: skip
        Comparator.objects.create(
            indicator=indicator, kind=ComparatorKind.ENGLAND, name="England", label=str(year),
            start=start, end=end, value=Decimal(england),
        )  # fmt: skip
    summary = services.SummaryIn(
        "Schools do not all give extra help to pupils in the same way.",
        "We trained SENCOs in the APDR cycle.",
        "We will check how schools use HLN funding.",
        is_published=True,
    )
    services.save_summary(finding=finding, by=manager, data=summary)
    services.choose_public(
        plan=plan, by=manager, items=[i.pk for i in items], indicators=[indicator.pk],
        updates=[update.pk],
    )  # fmt: skip
    services.publish_plan(plan=plan, by=manager)
    return plan


@pytest.mark.parametrize("width", [375, 1280])
def test_public_page_reads_well_on_a_phone_and_a_desktop(tab, published, width):
    tab.page.set_viewport_size({"width": width, "height": 900})
    tab.goto(f"/public/worcestershire/{published.pk}/")
    tab.assert_accessible()
    assert_fits(tab.page, (width,))
    tab.page.set_viewport_size({"width": width, "height": 900})
    smallest = tab.page.evaluate(SMALLEST_LABEL)
    assert smallest is None or smallest >= 12, f"chart labels {smallest:.1f}px at {width}px"
    if width == 1280:
        assert smallest is not None, "the chart is drawn on a desktop"
    text = tab.page.inner_text("main")
    assert "37% in 2023, up from 28% in 2022; target: 60%; England: 50.3%." in text
    assert "What the inspectors found" in text and "Words we use" in text
    tab.page.screenshot(
        path=str(screenshot_folder("public") / f"public-page-{width}.png"), full_page=True
    )


def test_jargon_links_lead_to_their_meaning(tab, published):
    tab.goto(f"/public/worcestershire/{published.pk}/")
    tab.page.get_by_role("link", name="APDR").first.click()
    assert tab.page.url.endswith("#word-apdr")
    meaning = tab.page.locator("#word-apdr").locator("xpath=../..").inner_text()
    assert "Assess, plan, do, review" in meaning
